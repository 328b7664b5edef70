package export

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"bob/handoff"
	"bob/termsafe"
	"bob/ui/common"
)

// The cover note of each bundle, a line of the options: a few lines typed
// here, or as many as needed in $EDITOR (ctrl+e). It opens the brief.
// And, for a redacted bundle, the redaction check: before anything is
// written, the text the bundle keeps that reads as internal is listed, and
// the CSM confirms it may go or goes back to fix it.

func newNote() textarea.Model {
	a := textarea.New()
	a.ShowLineNumbers = false
	a.Prompt = "│ "
	a.CharLimit = handoff.MaxNoteLen
	a.SetHeight(3)
	a.Placeholder = "a note to your successor: what to read first, whom to call (ctrl+e opens $EDITOR)"
	a.Cursor.SetMode(cursor.CursorStatic)
	a.FocusedStyle.CursorLine = lipgloss.NewStyle()
	return a
}

type (
	// noteEditedMsg: $EDITOR closed; text is the note as saved there, or
	// err says why there is none.
	noteEditedMsg struct {
		bundle int
		text   string
		err    error
	}
	// redactCheckedMsg: the redaction check of the redacted bundles.
	redactCheckedMsg struct {
		warnings []handoff.RedactionWarning
		err      error
	}
)

// noteKey handles a key on the note line: ctrl+e opens $EDITOR, the rest
// is typed into the note.
func (m *Model) noteKey(b *bundle, msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.ctx.Keys.Editor) {
		if m.ctx.Editor == "" {
			return common.Cannot("no $VISUAL or $EDITOR set: type the note here")
		}
		idx := m.cur
		return common.Edit(m.ctx.Editor, "bob-note-*.md", b.note.Value(), func(text string, err error) tea.Msg {
			return noteEditedMsg{bundle: idx, text: text, err: err}
		})
	}
	before := b.note.Value()
	var cmd tea.Cmd
	b.note, cmd = b.note.Update(msg)
	if b.note.Value() != before {
		b.err = ""
	}
	return cmd
}

func (m *Model) noteEdited(msg noteEditedMsg) tea.Cmd {
	if msg.err != nil {
		return common.Cannot(msg.err.Error() + ": the note is as it was")
	}
	if msg.bundle >= len(m.bundles) {
		return nil
	}
	b := m.bundles[msg.bundle]
	b.note.SetValue(strings.TrimRight(strings.ReplaceAll(msg.text, "\r\n", "\n"), "\n"))
	b.err = ""
	return common.Info("note updated from the editor")
}

// checkNote refuses a note bob would not write, before anything is.
func checkNote(b *bundle) string {
	if err := handoff.CheckNote(b.note.Value()); err != nil {
		return strings.TrimPrefix(err.Error(), handoff.ErrBadInput.Error()+": ")
	}
	return ""
}

// checkRedaction runs the redaction check of the redacted bundles in a
// tea.Cmd; with none redacted, writing starts.
func (m *Model) checkRedaction() tea.Cmd {
	var ids []string
	for _, b := range m.bundles {
		if b.redact {
			ids = append(ids, b.ids...)
		}
	}
	if len(ids) == 0 {
		return m.startWrite()
	}
	m.busy = true
	st := m.ctx.Store
	return func() tea.Msg {
		ws, err := handoff.RedactionWarningsIn(st, ids)
		return redactCheckedMsg{warnings: ws, err: err}
	}
}

func (m *Model) redactChecked(msg redactCheckedMsg) tea.Cmd {
	m.busy = false
	if m.step != stepOptions {
		return nil
	}
	switch {
	case msg.err != nil:
		m.bundle().err = "the redaction check failed: " + msg.err.Error()
		return nil
	case len(msg.warnings) == 0:
		return m.startWrite()
	}
	m.redactWarn = common.Safe(&msg.warnings)
	return nil
}

// redactKey answers the redaction question: yes writes, any other key
// goes back to the options to fix the text.
func (m *Model) redactKey(msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, m.ctx.Keys.Confirm) {
		m.redactWarn = nil
		return m.startWrite()
	}
	m.redactWarn = nil
	return common.Info("not written: reword the text or move it to the internal context, then write again")
}

// redactView lists the text a redacted bundle keeps that reads as
// internal, and asks.
func (m *Model) redactView() string {
	t := m.ctx.Theme
	ws := *m.redactWarn
	var s strings.Builder
	s.WriteString(t.Warn.Render(fmt.Sprintf("⚠ Redaction check: %s the redacted bundle keeps read as internal:", common.Plural(len(ws), "text"))) + "\n\n")
	rows := max(m.height-8, 3)
	last := ""
	for i, w := range ws {
		if i >= rows {
			s.WriteString(t.Faint.Render(fmt.Sprintf("  … and %d more", len(ws)-i)) + "\n")
			break
		}
		if w.AccountID != last {
			s.WriteString(t.Bold.Render(termsafe.Line(w.Account)) + "\n")
			last = w.AccountID
		}
		line := fmt.Sprintf("  %s: %q in %s", termsafe.Line(w.Where), termsafe.Line(w.Match), termsafe.Line(w.Excerpt))
		s.WriteString(truncate(line, m.width) + "\n")
	}
	s.WriteString("\n" + fmt.Sprintf("Write it anyway? %s writes; any other key goes back to fix it.", m.ctx.Keys.Confirm.Help().Key))
	return s.String()
}

func truncate(s string, w int) string {
	r := []rune(s)
	if w > 1 && len(r) > w {
		return string(r[:w-1]) + "…"
	}
	return s
}
