package tabkit

import (
	tea "github.com/charmbracelet/bubbletea"

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
