// Package playbooks is the Playbooks tab of the account 360 view: each
// playbook applied to the account as a checklist, worked through with a
// cursor over its steps. space ticks the step done (again: reopens it), s
// skips it, N writes a note on it (a done or skipped step's note goes on
// the timeline, so the history shows who did what when); a applies
// another playbook, enter opens an email step (personalise it for a
// recipient, copy it or save it as .eml, log it and tick the step), A moves a checklist's anchor day (its open steps move
// with it), e edits a step, o adds one after it, X removes it after
// asking, d deletes a checklist after asking and u brings back the last
// removed step or deleted checklist;
//
// Every change goes through store.SetStepState (and the store's checklist
// calls) inside a tea.Cmd, announced with common.BookChangedMsg so the
// view reloads. View only draws.
package playbooks

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/store"
	"bob/termsafe"
	"bob/ui/account/tabkit"
	"bob/ui/applyplaybook"
	"bob/ui/common"
	"bob/ui/email"
	"bob/ui/form"
)

// row is one line of the list: a checklist's heading or one of its steps.
type row struct {
	list int // index into the record's checklists
	step int // index into its steps, -1 for the heading
}

// Model is the Playbooks tab.
type Model struct {
	ctx       *common.Context
	accountID string
	rec       model.AccountRecord
	loaded    bool

	rows   []row
	cursor int // index into rows; always on a step when there is one
	offset int

	q tabkit.Question // "note", "anchor" or "delete" while a question is open

	// compose is the open email of an email step, or nil.
	compose common.Component

	undo tabkit.Undo
	want tabkit.Want

	width, height int
}

// New returns the Playbooks tab of the account; the account view gives it
// the record.
func New(ctx *common.Context, accountID string) *Model {
	return &Model{ctx: ctx, accountID: accountID, q: tabkit.NewQuestion(ctx)}
}

// TabName implements common.TabComponent.
func (m *Model) TabName() string { return "Playbooks" }

// SetRecord implements tabkit.RecordTab. The cursor stays on the same
// step where it can.
func (m *Model) SetRecord(rec model.AccountRecord) {
	s, _, _ := m.current()
	keep := m.want.Or(s.ID)
	m.rec, m.loaded = rec, true
	m.rows = m.rows[:0]
	for i, c := range rec.Checklists {
		m.rows = append(m.rows, row{list: i, step: -1})
		for j := range c.Steps {
			m.rows = append(m.rows, row{list: i, step: j})
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
	if keep != "" {
		m.Focus(keep)
	}
	m.onStep(1)
}

// Focus implements common.Focuser: it puts the cursor on the step with
// that ID, or on the first step of the checklist with that ID (an account
// opened from Today at that item).
func (m *Model) Focus(id string) {
	if i := m.want.Find(id, len(m.rows), func(i int) bool {
		r := m.rows[i]
		c := m.rec.Checklists[r.list]
		return (r.step >= 0 && c.Steps[r.step].ID == id) || (r.step < 0 && c.ID == id)
	}); i >= 0 {
		m.cursor = i
		m.onStep(1)
	}
}

// onStep moves the cursor off a heading, looking first the way it moved
// (down when dir ≥ 0).
func (m *Model) onStep(dir int) {
	m.cursor = common.Land(m.cursor, len(m.rows), dir, func(i int) bool { return m.rows[i].step >= 0 })
}

// current returns the step under the cursor and its checklist.
func (m *Model) current() (model.Step, model.Checklist, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) || m.rows[m.cursor].step < 0 {
		return model.Step{}, model.Checklist{}, false
	}
	r := m.rows[m.cursor]
	c := m.rec.Checklists[r.list]
	return c.Steps[r.step], c, true
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.q.Input.Width = max(w-20, 10)
	if m.compose != nil {
		m.compose.SetSize(w, h)
	}
}

// Modal implements tabkit.Modal: a question or an open email takes every
// key.
func (m *Model) Modal() bool { return m.q.Asking != "" || m.compose != nil }

// Capturing implements common.Capturer: a question, and an open email
// while it asks for something; the email's preview leaves ? to the app.
func (m *Model) Capturing() bool {
	if c, ok := m.compose.(common.Capturer); ok && m.q.Asking == "" {
		return c.Capturing()
	}
	return m.Modal()
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := tabkit.Reply(msg, m.ctx.Keys, m.accountID, &m.undo, &m.want, m.Focus); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case common.FocusMsg:
		if msg.AccountID == m.accountID {
			m.want.Set(msg.Item)
			m.Focus(msg.Item)
		}
		return m, nil
	case email.ClosedMsg:
		m.compose = nil
		return m, nil
	case tabkit.FormClosedMsg:
		m.compose = nil // the step form
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	if m.compose != nil {
		_, cmd := m.compose.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.compose != nil {
		_, cmd := m.compose.Update(msg)
		return cmd
	}
	if m.q.Asking != "" {
		return m.answer(msg)
	}
	k := m.ctx.Keys
	step, list, onStep := m.current()
	noStep := func() tea.Cmd {
		if len(m.rec.Checklists) == 0 {
			return common.Cannot("no checklist yet: press " + k.Apply.Help().Key + " to apply a playbook")
		}
		return common.Cannot("no step under the cursor")
	}
	if d, ok := k.Movement(msg, len(m.rows), m.listHeight()-1); ok {
		m.cursor = common.Clamp(m.cursor+d, len(m.rows))
		m.onStep(d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Select, k.Skip, k.Note):
		if !onStep {
			return noStep()
		}
		cmd, _ := tabkit.StateKey(k, &m.q, msg, step.State, step.Note, func(to model.StepState) tea.Cmd { return m.setState(step, to, "") })
		return cmd
	case key.Matches(msg, k.Open):
		if !onStep {
			return noStep()
		}
		if step.Email == nil {
			return common.Cannot("this step is not an email: " + k.Select.Help().Key + " ticks it, " + k.Note.Help().Key + " adds a note")
		}
		e := email.New(m.ctx, m.rec, list, step)
		e.SetSize(m.width, m.height)
		m.compose = e
		return e.Init()
	case key.Matches(msg, k.Edit):
		if !onStep {
			return noStep()
		}
		return m.openStepForm(step, list)
	case key.Matches(msg, k.AddStep):
		if !onStep {
			return noStep()
		}
		return m.openAddForm(step, list)
	case key.Matches(msg, k.RemoveStep):
		if !onStep {
			return noStep()
		}
		if len(list.Steps) == 1 {
			return common.Cannot("the checklist's last step: " + k.Delete.Help().Key + " deletes the checklist")
		}
		m.q.Asking = "remove"
	case key.Matches(msg, k.Apply):
		if !m.loaded {
			return common.Cannot("the account is still loading")
		}
		return func() tea.Msg { return common.PushMsg{Screen: applyplaybook.New(m.ctx, []string{m.accountID})} }
	case key.Matches(msg, k.MoveAnchor):
		if !onStep {
			return noStep()
		}
		m.q.Ask("anchor", list.AnchorDay().String(), "YYYY-MM-DD, today, +30d")
	case key.Matches(msg, k.Delete):
		if !onStep {
			return noStep()
		}
		m.q.Asking = "delete"
	case key.Matches(msg, k.Undo):
		return m.undo.Restore(m.ctx.Store, "checklist or step")
	case key.Matches(msg, k.New):
		// A checklist comes from a playbook; a step is added after another.
		return common.Cannot(fmt.Sprintf("on the Playbooks tab %s applies a playbook and %s adds a step after the one under the cursor",
			k.Apply.Help().Key, k.AddStep.Help().Key))
	default:
		return common.Cannot(fmt.Sprintf("%s is not a key of the Playbooks tab: ? lists them", msg.String()))
	}
	return nil
}

// answer handles a key while a question is open.
func (m *Model) answer(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	asking := m.q.Asking
	step, list, ok := m.current()
	if asking == "delete" {
		return m.q.Confirm(k, msg, ok, "deleted", func() tea.Cmd { return m.deleteList(list) })
	}
	if asking == "remove" {
		return m.q.Confirm(k, msg, ok, "removed", func() tea.Cmd { return m.removeStep(step, list) })
	}
	return m.q.Answer(msg, ok, func(v string) tea.Cmd {
		if asking == "note" {
			return tabkit.NoteAnswer(step.State, v, func(to model.StepState, note string) tea.Cmd { return m.setState(step, to, note) })
		}
		day, err := form.ParseDate(v, m.ctx.Now())
		if err != nil || day.IsZero() {
			return common.Fail(fmt.Errorf("anchor day: %q is not a day: write YYYY-MM-DD", v))
		}
		return m.moveAnchor(list, day)
	})
}

// setState changes a step through the one store function for it.
func (m *Model) setState(s model.Step, to model.StepState, note string) tea.Cmd {
	st, acc, by := m.ctx.Store, m.accountID, m.ctx.Author
	return common.Cmd(func() (store.StepUpdate, error) {
		return st.SetStepState(acc, s.ID, store.StepChange{State: to, Note: note, By: by})
	}, func(up store.StepUpdate) tea.Msg {
		return tabkit.StateChanged(m.ctx.Keys, acc, up.Step.Title, to, up.EntryID)
	})
}

func (m *Model) moveAnchor(c model.Checklist, day model.Date) tea.Cmd {
	st, acc := m.ctx.Store, m.accountID
	from := c.AnchorDay()
	return common.Cmd(func() (model.Checklist, error) { return st.MoveChecklistAnchor(acc, c.ID, day) },
		func(got model.Checklist) tea.Msg {
			n := model.DaysBetween(from, day)
			return tea.BatchMsg{common.Changed(acc, "", "moved "+got.Title),
				common.Info("%s now counts from %s: %d open steps moved %+d days", got.Title, day, got.OpenSteps(), n)}
		})
}

func (m *Model) deleteList(c model.Checklist) tea.Cmd {
	st, acc := m.ctx.Store, m.accountID
	what := fmt.Sprintf("checklist %q", c.Title)
	return tabkit.Delete(what, c.ID, func() (string, error) { return st.DeleteChecklist(acc, c.ID) })
}

// detailHeight is how many lines the selected step's detail takes.
const detailHeight = 4

func (m *Model) listHeight() int {
	h := m.height - detailHeight - 1
	if m.q.Asking != "" {
		h--
	}
	return max(h, 3)
}

// View implements tea.Model.
func (m *Model) View() string {
	if m.compose != nil {
		return m.compose.View()
	}
	t := m.ctx.Theme
	if !m.loaded {
		return tabkit.Loading(t)
	}
	w := max(m.width, 40)
	if len(m.rec.Checklists) == 0 {
		return t.Faint.Render("No playbooks applied yet: press " + m.ctx.Keys.Apply.Help().Key + " to apply one (onboarding, renewal, transition…).")
	}
	now := m.ctx.Now()
	lines := make([]string, 0, len(m.rows))
	for i, r := range m.rows {
		c := m.rec.Checklists[r.list]
		if r.step < 0 {
			lines = append(lines, heading(t, c, w))
			continue
		}
		text := stepLine(t, c.Steps[r.step], now, i == m.cursor)
		if i == m.cursor {
			lines = append(lines, ansi.Truncate(t.Cursor.Render("▸ ")+text, w, "…"))
		} else {
			lines = append(lines, ansi.Truncate("  "+text, w, "…"))
		}
	}
	h := m.listHeight()
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(lines), h)
	if m.cursor > 0 && m.offset == m.cursor && m.rows[m.cursor-1].step < 0 {
		m.offset-- // keep the checklist's heading in sight with its first step
	}
	out := make([]string, 0, m.height)
	out = append(out, lines[m.offset:min(len(lines), m.offset+h)]...)
	for len(out) < h {
		out = append(out, "")
	}
	out = append(out, t.Faint.Render(strings.Repeat("─", w)))
	out = append(out, m.detail(w)...)
	if m.q.Asking != "" {
		out = append(out, m.prompt(w))
	}
	return strings.Join(out, "\n")
}

func heading(t *common.Theme, c model.Checklist, w int) string {
	done := len(c.Steps) - c.OpenSteps()
	s := t.Header.Render(termsafe.Line(c.Title)) + t.Subtle.Render(fmt.Sprintf(" %d/%d done · %s · counts from %s",
		done, len(c.Steps), termsafe.Line(c.Playbook), c.AnchorDay()))
	if c.AnchorKind == model.AnchorRenewal {
		s += t.Subtle.Render(" (renewal)")
	}
	return ansi.Truncate(s, w, "…")
}

func stepLine(t *common.Theme, s model.Step, now time.Time, selected bool) string {
	box := s.State.Box()
	title := termsafe.Line(s.Title)
	if s.Email != nil {
		title = "✉ " + title
	}
	line := box + " " + title
	if selected {
		line = t.Cursor.Render(line)
	} else if !s.Open() {
		line = t.Faint.Render(line)
	}
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
	if !s.Open() && !s.DoneOn.IsZero() {
		line += t.Faint.Render(" · " + string(s.State) + " " + s.DoneOn.String())
	}
	if s.Note != "" {
		line += t.Faint.Render(" · ✎")
	}
	return line
}

// detail shows the selected step in full.
func (m *Model) detail(w int) []string {
	t := m.ctx.Theme
	s, _, ok := m.current()
	var ls []string
	if ok {
		var who []string
		if !s.Open() {
			w := string(s.State)
			if !s.DoneOn.IsZero() {
				w += " " + s.DoneOn.String()
			}
			if s.DoneBy != "" {
				w += " by " + termsafe.Line(s.DoneBy)
			}
			who = append(who, w)
		}
		if s.Note != "" {
			who = append(who, "note: "+termsafe.Line(oneLine(s.Note)))
		}
		if len(who) > 0 {
			ls = append(ls, tabkit.Wrap(strings.Join(who, " · "), w)...)
		}
		if s.Email != nil {
			ls = append(ls, t.Subtle.Render(ansi.Truncate(fmt.Sprintf("An email step: %s opens it to personalise, copy or save as .eml.", m.ctx.Keys.Open.Help().Key), w, "…")))
		}
		if s.Detail != "" {
			for _, l := range tabkit.Wrap(termsafe.Line(oneLine(s.Detail)), w) {
				ls = append(ls, t.Subtle.Render(l))
			}
		}
		if len(ls) == 0 {
			// an open step with nothing written yet: say so, and how to
			// add to it, instead of an empty pane
			ls = append(ls, t.Faint.Render(ansi.Truncate(fmt.Sprintf("Open, no detail or note yet: %s adds a note, %s edits the step.",
				m.ctx.Keys.Note.Help().Key, m.ctx.Keys.Edit.Help().Key), w, "…")))
		}
	}
	return tabkit.Detail(ls, w, detailHeight)
}

func (m *Model) prompt(w int) string {
	t := m.ctx.Theme
	switch m.q.Asking {
	case "delete":
		_, c, _ := m.current()
		return common.Question(t, w, fmt.Sprintf("delete the checklist %q with its %d steps? it goes to the trash",
			termsafe.Line(c.Title), len(c.Steps)), m.ctx.Keys.YesNo())
	case "remove":
		s, c, _ := m.current()
		return common.Question(t, w, fmt.Sprintf("remove the step %q from %q? %s puts it back",
			termsafe.Line(s.Title), termsafe.Line(c.Title), m.ctx.Keys.Undo.Help().Key), m.ctx.Keys.YesNo())
	case "note":
		s, _, _ := m.current()
		label := "note (enter saves and ticks the step, esc cancels): "
		if !s.Open() {
			label = "note (enter saves it to the timeline, esc cancels): "
		}
		return ansi.Truncate(t.Warn.Render(label)+m.q.Input.View(), w, "…")
	case "anchor":
		return ansi.Truncate(t.Warn.Render("count the open steps from (enter moves them, esc cancels): ")+m.q.Input.View(), w, "…")
	}
	return ""
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.compose != nil {
		return m.compose.ShortHelp()
	}
	k := m.ctx.Keys
	tick := common.Labeled(k.Select, "done/reopen")
	// The anchor key (A) shows in ? only: the bar must fit 100 columns
	// with the tab keys.
	add := common.Labeled(k.AddStep, "add step")
	skip := common.Labeled(k.Skip, "skip")
	return []key.Binding{tick, skip, k.Note, k.Edit, add, k.RemoveStep, k.Apply, k.Delete}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.compose != nil {
		return m.compose.FullHelp()
	}
	k := m.ctx.Keys
	tick := common.Labeled(k.Select, "done/reopen")
	email := common.Labeled(k.Open, "open an email step")
	return [][]key.Binding{k.MovementKeys(),
		{tick, k.Skip, k.Note, email, k.Edit, k.AddStep, k.RemoveStep}, {k.Apply, k.MoveAnchor, k.Delete, k.Undo}}
}
