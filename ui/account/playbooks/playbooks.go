// Package playbooks is the Playbooks tab of the account 360 view,
// read-only for now: each playbook applied to the account as a checklist,
// with its steps' state and due date, overdue steps marked in words.
//
// It only renders the record it is given; it never reads or writes the
// book.
package playbooks

import (
	"fmt"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
)

// Model is the Playbooks tab.
type Model struct {
	ctx    *common.Context
	rec    model.AccountRecord
	loaded bool
	scroll *tabkit.Scroller
	width  int
}

// New returns an empty Playbooks tab.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, scroll: tabkit.NewScroller(ctx)}
}

// TabName implements common.TabComponent.
func (m *Model) TabName() string { return "Playbooks" }

// SetRecord implements tabkit.RecordTab.
func (m *Model) SetRecord(rec model.AccountRecord) {
	m.rec, m.loaded = rec, true
	m.render()
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width = w
	m.scroll.SetSize(w, h)
	m.render()
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		m.scroll.Update(km)
	}
	return m, nil
}

// View implements tea.Model.
func (m *Model) View() string { return m.scroll.View() }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("down"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.scroll.Bindings()} }

func (m *Model) render() {
	if !m.loaded {
		m.scroll.SetContent(m.ctx.Theme.Faint.Render("loading…"))
		return
	}
	m.scroll.SetContent(Render(m.ctx.Theme, m.rec.Checklists, m.ctx.Now(), m.width))
}

// Render draws every checklist. It is pure.
func Render(t *common.Theme, lists []model.Checklist, now time.Time, width int) string {
	d := tabkit.NewDoc(t, width, 0)
	if len(lists) == 0 {
		d.Line(t.Faint.Render("No playbooks applied yet."))
		return d.String()
	}
	for _, c := range lists {
		done := len(c.Steps) - c.OpenSteps()
		head := fmt.Sprintf("%s (%d/%d done)", c.Title, done, len(c.Steps))
		d.Section(head)
		sub := "playbook " + c.Playbook
		if !c.Applied.IsZero() {
			sub += " · applied " + c.Applied.String()
		}
		d.Line(t.Subtle.Render(sub))
		for _, s := range c.Steps {
			box := "[ ]"
			switch s.State {
			case model.StepDone:
				box = "[x]"
			case model.StepSkipped:
				box = "[-]"
			}
			line := box + " " + s.Title
			if !s.Due.IsZero() {
				line += t.Subtle.Render(" · due " + s.Due.String())
				if s.Open() {
					if n := s.Due.DaysFrom(now); n < 0 {
						line += " " + t.Error.Render(fmt.Sprintf("OVERDUE %dd", -n))
					} else if n == 0 {
						line += " " + t.Warn.Render("due today")
					}
				}
			}
			if s.State == model.StepDone && !s.DoneOn.IsZero() {
				line += t.Faint.Render(" · done " + s.DoneOn.String())
			}
			d.Line(line)
			if s.Note != "" {
				d.Para(4, s.Note)
			}
		}
	}
	return d.String()
}
