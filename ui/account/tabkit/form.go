package tabkit

import (
	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
	"bob/ui/form"
)

// FormClosedMsg says the form a tab put up with Embed closed, saved or
// not. Like every reply it comes back to the tab that asked.
type FormClosedMsg struct{ Saved bool }

// Embed readies f to take a tab's place, w by h: the account view shows
// the keys under it (so the form draws no help line of its own), and
// closing it sends FormClosedMsg instead of leaving the account.
func Embed(f *form.Model, w, h int) *form.Model {
	f.OnClose(func(saved bool) tea.Msg { return FormClosedMsg{Saved: saved} })
	f.WithHelpLine(false)
	f.SetSize(w, h)
	return f
}

// FormSlot is where a tab's form goes: while one is open it takes the
// tab's place, every key and every message the tab does not handle
// itself, and FormClosedMsg empties the slot.
type FormSlot struct{ f *form.Model }

// Open puts f in the slot, embedded (see Embed) at w by h.
func (s *FormSlot) Open(f *form.Model, w, h int) { s.f = Embed(f, w, h) }

// Form returns the open form, or nil.
func (s *FormSlot) Form() *form.Model { return s.f }

// SetSize resizes the open form, if any.
func (s *FormSlot) SetSize(w, h int) {
	if s.f != nil {
		s.f.SetSize(w, h)
	}
}

// Cover is what a tab shows in place of its list, and whether there is
// anything: the open form, else Loading until the record has come.
func (s *FormSlot) Cover(t *common.Theme, loaded bool) (string, bool) {
	if s.f != nil {
		return s.f.View(), true
	}
	if !loaded {
		return Loading(t), true
	}
	return "", false
}

// Loading is what a tab shows until the account view hands it the record.
func Loading(t *common.Theme) string { return t.Faint.Render("loading…") }

// Changed reports a half-typed form, so that ctrl+c asks before it is
// lost.
func (s *FormSlot) Changed() bool { return s.f != nil && s.f.Changed() }

// Update closes the slot on FormClosedMsg and passes any other message
// to the open form; ok is false when there is no form and msg is the
// tab's.
func (s *FormSlot) Update(msg tea.Msg) (cmd tea.Cmd, ok bool) {
	if _, closed := msg.(FormClosedMsg); closed {
		s.f = nil
		return nil, true
	}
	if s.f == nil {
		return nil, false
	}
	_, cmd = s.f.Update(msg)
	return cmd, true
}
