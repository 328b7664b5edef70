package tabkit

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
)

// Question is what a tab is asking under its list: a one-key question
// ("new what?", "delete?") or a line of text (a note for a step, an
// objective's current value, an anchor day), where esc cancels and enter
// answers.
type Question struct {
	// Asking names what is asked, in the tab's own words, or "".
	Asking string
	// Input is the line typed into.
	Input textinput.Model
}

// NewQuestion returns a question with nothing asked.
func NewQuestion(ctx *common.Context) Question {
	in := textinput.New()
	// A still cursor: a blinking one is a timer that keeps redrawing.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 2000
	in.PlaceholderStyle = ctx.Theme.Faint
	return Question{Input: in}
}

// Ask asks for a line of text: what names the question, value is the
// text to start from, placeholder shows while the line is empty.
func (q *Question) Ask(what, value, placeholder string) {
	q.Asking = what
	q.Input.SetValue(value)
	q.Input.Placeholder = placeholder
	q.Input.CursorEnd()
	q.Input.Focus()
}

// Type takes a key while a line is asked for. enter closes the question
// and gives the answer, trimmed, with done set; esc closes it and says
// so; any other key is typed.
func (q *Question) Type(msg tea.KeyMsg) (answer string, done bool, cmd tea.Cmd) {
	switch msg.String() {
	case "esc":
		q.close()
		return "", false, common.Info("cancelled")
	case "enter":
		q.close()
		return strings.TrimSpace(q.Input.Value()), true, nil
	}
	q.Input, cmd = q.Input.Update(msg)
	return "", false, cmd
}

// Answer takes a key while a line is asked for, as Type does, and once
// enter gives the answer runs save with it; with nothing left to act on
// (ok false) the answer goes nowhere.
func (q *Question) Answer(msg tea.KeyMsg, ok bool, save func(answer string) tea.Cmd) tea.Cmd {
	v, done, cmd := q.Type(msg)
	if !done || !ok {
		return cmd
	}
	return save(v)
}

// Confirm answers a y/n question (what to delete, say) and closes it:
// the key map's confirm key runs yes; any other key, or nothing left to
// act on (ok false), says "not " + done.
func (q *Question) Confirm(k *common.KeyMap, msg tea.KeyMsg, ok bool, done string, yes func() tea.Cmd) tea.Cmd {
	q.close()
	if !ok || !key.Matches(msg, k.Confirm) {
		return common.Info("not %s", done)
	}
	return yes()
}

func (q *Question) close() {
	q.Asking = ""
	q.Input.Blur()
}

// Choice is one answer to a one-key question such as "new what?": the
// key that picks it, what it is called, and what picking it does.
type Choice struct {
	Key, Name string
	Pick      func() tea.Cmd
}

// Choose answers a one-key question and closes it: the key of one of the
// choices picks it; any other key says "nothing " + none.
func (q *Question) Choose(msg tea.KeyMsg, none string, choices ...Choice) tea.Cmd {
	q.close()
	for _, c := range choices {
		if msg.String() == c.Key {
			return c.Pick()
		}
	}
	return common.Info("nothing %s", none)
}

// Choices writes the question's choices as its prompt shows them:
// "c commitment · r risk".
func Choices(choices ...Choice) string {
	parts := make([]string, len(choices))
	for i, c := range choices {
		parts[i] = c.Key + " " + c.Name
	}
	return strings.Join(parts, " · ")
}
