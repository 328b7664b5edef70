package accounts

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"

	"bob/ui/common"
)

// choice is one thing a picker offers.
type choice struct {
	label string // as shown and matched
	value string // what picking it means; "" = no filter
	count int    // accounts it would show; -1 = don't show a count
}

// picker is a small fuzzy-filterable menu that takes every key while it
// is open: type to narrow, up/down to move, enter to pick, esc to cancel.
type picker struct {
	title   string
	choices []choice
	input   textinput.Model
	shown   []fuzzy.Match // choices matching the input, best first
	cursor  int
}

func newPicker(title string, choices []choice, current string) *picker {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "type to narrow"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	p := &picker{title: title, choices: choices, input: in}
	p.narrow()
	for i, m := range p.shown {
		if p.choices[m.Index].value == current {
			p.cursor = i
		}
	}
	return p
}

// narrow recomputes the shown choices from the input. Choices are few
// (the tags or stages of a book), so this runs inline.
func (p *picker) narrow() {
	q := p.input.Value()
	p.shown = p.shown[:0]
	if q == "" {
		for i := range p.choices {
			p.shown = append(p.shown, fuzzy.Match{Index: i})
		}
	} else {
		labels := make([]string, len(p.choices))
		for i, c := range p.choices {
			labels[i] = c.label
		}
		p.shown = fuzzy.Find(q, labels)
	}
	p.cursor = min(p.cursor, max(len(p.shown)-1, 0))
}

// update handles one key. It returns the picked value and whether the
// picker is done; ok is false when it was cancelled.
func (p *picker) update(msg tea.KeyMsg) (value string, done, ok bool) {
	switch {
	case msg.Type == tea.KeyEsc:
		return "", true, false
	case msg.Type == tea.KeyEnter:
		if len(p.shown) == 0 {
			return "", false, false
		}
		return p.choices[p.shown[p.cursor].Index].value, true, true
	case msg.Type == tea.KeyUp || msg.Type == tea.KeyCtrlP || msg.Type == tea.KeyShiftTab:
		p.cursor = max(p.cursor-1, 0)
		return "", false, false
	case msg.Type == tea.KeyDown || msg.Type == tea.KeyCtrlN || msg.Type == tea.KeyTab:
		p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		return "", false, false
	}
	before := p.input.Value()
	p.input, _ = p.input.Update(msg)
	if p.input.Value() != before {
		p.cursor = 0
		p.narrow()
	}
	return "", false, false
}

// view draws the picker in height lines.
func (p *picker) view(t *common.Theme, width, height int) string {
	var b strings.Builder
	b.WriteString(t.Title.Render(p.title) + "  " + t.Faint.Render("enter picks · esc cancels") + "\n")
	p.input.Width = max(width-4, 10)
	b.WriteString(p.input.View() + "\n")
	room := max(height-2, 1)
	start := 0
	if p.cursor >= room {
		start = p.cursor - room + 1
	}
	if len(p.shown) == 0 {
		b.WriteString(t.Faint.Render("  nothing matches"))
	}
	lw := 0
	for _, c := range p.choices {
		lw = max(lw, ansi.StringWidth(c.label))
	}
	for i := start; i < len(p.shown) && i < start+room; i++ {
		m := p.shown[i]
		c := p.choices[m.Index]
		var line strings.Builder
		if i == p.cursor {
			line.WriteString(t.Cursor.Render("› " + c.label))
		} else {
			line.WriteString("  ")
			for _, s := range nameSegs(c.label, m.MatchedIndexes, t, nil) {
				if s.style == nil {
					line.WriteString(s.text)
				} else {
					line.WriteString(s.style.Render(s.text))
				}
			}
		}
		if c.count >= 0 {
			line.WriteString(strings.Repeat(" ", lw-ansi.StringWidth(c.label)+2))
			line.WriteString(t.Faint.Render(fmt.Sprintf("%4d", c.count)))
		}
		b.WriteString(line.String())
		if i+1 < len(p.shown) && i+1 < start+room {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// help lists the picker's keys for the help bar.
func (p *picker) help() []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "pick")),
		key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
	}
}
