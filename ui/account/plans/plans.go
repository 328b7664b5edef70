// Package plans is the Plans tab of the account 360 view: each success
// plan with its strategic intent, objectives (metric, progress bar, the
// trend of the current value, overdue ones flagged), tasks, achievements
// and the readiness assessment (current and target maturity per pillar,
// the gaps ranked). A cursor walks the plans and their items: n adds a
// plan, objective, task or achievement, e edits, d deletes after asking
// (u brings it back), c updates an objective's current value (logged
// with its day), r fills the readiness assessment in one form, space
// ticks a task (s skips, N notes), enter folds a plan. An achieved or
// abandoned plan is one line until unfolded.
//
// Reads come from the record the account view hands it; every write runs
// in a tea.Cmd through the store (UpdatePlan, SetTaskState, PutPlan,
// DeletePlan) and announces itself with common.BookChangedMsg so the view
// reloads. View only draws.
package plans

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
)

// rowKind is what a row of the tab is.
type rowKind int

const (
	rowPlan rowKind = iota
	rowObjective
	rowTask
	rowAchievement
	rowReadiness
)

var kindNames = map[rowKind]string{rowPlan: "success plan", rowObjective: "objective", rowTask: "task",
	rowAchievement: "achievement", rowReadiness: "readiness assessment"}

// row is one selectable line: a plan's heading or one of its items.
type row struct {
	kind rowKind
	plan int // index into the record's plans
	item int // index into the plan's objectives, tasks or achievements
}

// Model is the Plans tab.
type Model struct {
	ctx       *common.Context
	accountID string
	rec       model.AccountRecord
	loaded    bool

	rows   []row
	cursor int
	offset int
	open   map[string]bool // closed plans unfolded by the user

	form tabkit.FormSlot
	q    tabkit.Question // "new", "delete", "current" or "note" while a question is open

	undo tabkit.Undo
	want tabkit.Want

	width, height int
}

// New returns the Plans tab of the account; the account view gives it the
// record.
func New(ctx *common.Context, accountID string) *Model {
	return &Model{ctx: ctx, accountID: accountID, q: tabkit.NewQuestion(ctx), open: map[string]bool{}}
}

// TabName implements common.TabComponent.
func (m *Model) TabName() string { return "Plans" }

// SetRecord implements tabkit.RecordTab; the cursor stays on the same item
// where it can.
func (m *Model) SetRecord(rec model.AccountRecord) {
	keep := m.want.Or(m.currentID())
	m.rec, m.loaded = rec, true
	m.build()
	if keep != "" {
		m.Focus(keep)
	}
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
}

// build lays the rows out from the record.
func (m *Model) build() {
	m.rows = m.rows[:0]
	for i, p := range m.rec.Plans {
		m.rows = append(m.rows, row{kind: rowPlan, plan: i})
		if p.Closed() && !m.open[p.ID] {
			continue
		}
		for j := range p.Objectives {
			m.rows = append(m.rows, row{kind: rowObjective, plan: i, item: j})
		}
		for j := range p.Tasks {
			m.rows = append(m.rows, row{kind: rowTask, plan: i, item: j})
		}
		for j := range p.Achievements {
			m.rows = append(m.rows, row{kind: rowAchievement, plan: i, item: j})
		}
		m.rows = append(m.rows, row{kind: rowReadiness, plan: i})
	}
}

// idOf is the ID of the record a row shows (the plan's, for a plan or its
// readiness).
func (m *Model) idOf(r row) string {
	p := m.rec.Plans[r.plan]
	switch r.kind {
	case rowObjective:
		return p.Objectives[r.item].ID
	case rowTask:
		return p.Tasks[r.item].ID
	case rowAchievement:
		return p.Achievements[r.item].ID
	}
	return p.ID
}

func (m *Model) currentID() string {
	if r, ok := m.current(); ok {
		return m.idOf(r)
	}
	return ""
}

// Focus implements common.Focuser: the cursor goes to the plan, objective,
// task or achievement with that ID (an account opened from Today).
func (m *Model) Focus(id string) {
	if i := m.want.Find(id, len(m.rows), func(i int) bool {
		return m.idOf(m.rows[i]) == id && m.rows[i].kind != rowReadiness
	}); i >= 0 {
		m.cursor = i
	}
}

func (m *Model) current() (row, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return row{}, false
	}
	return m.rows[m.cursor], true
}

func (m *Model) plan(r row) model.SuccessPlan { return m.rec.Plans[r.plan] }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.q.Input.Width = max(w-30, 10)
	m.form.SetSize(w, h)
}

// Form returns the open form (nil when none), for a caller that fills it.
func (m *Model) Form() *form.Model { return m.form.Form() }

// Modal implements tabkit.Modal: a form or a question takes every key.
func (m *Model) Modal() bool { return m.form.Form() != nil || m.q.Asking != "" }

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool { return m.Modal() }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, tabkit.Editable{Keys: m.ctx.Keys, AccountID: m.accountID, Undo: &m.undo, Want: &m.want, Form: &m.form,
		Focus: m.Focus, Key: m.key}.Update(msg)
}

// key takes a key while no form is open.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.q.Asking != "" {
		return m.answer(msg)
	}
	k := m.ctx.Keys
	r, ok := m.current()
	if !m.loaded {
		return common.Cannot("the account is still loading")
	}
	nothing := func(what string) tea.Cmd {
		if len(m.rec.Plans) == 0 {
			return common.Cannot("no success plan yet: press " + k.New.Help().Key + " to create one")
		}
		return common.Cannot(what)
	}
	if k.MoveCursor(msg, &m.cursor, len(m.rows), m.height/2) {
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		if !ok || r.kind != rowPlan {
			return nothing("enter folds a plan: move to a plan's title")
		}
		p := m.plan(r)
		if !p.Closed() {
			return common.Cannot(fmt.Sprintf("%q is %s: only an achieved or abandoned plan folds to one line", p.Title, orDraft(p.Status)))
		}
		m.open[p.ID] = !m.open[p.ID]
		m.build()
	case key.Matches(msg, k.New):
		if len(m.rec.Plans) == 0 {
			return m.openPlanForm(model.SuccessPlan{})
		}
		m.q.Asking = "new"
	case key.Matches(msg, k.Edit):
		if !ok {
			return nothing("nothing to edit here")
		}
		return m.edit(r)
	case key.Matches(msg, k.Delete):
		if !ok {
			return nothing("nothing to delete here")
		}
		if r.kind == rowReadiness {
			return common.Cannot("the readiness assessment is part of the plan: " + k.Readiness.Help().Key + " changes it")
		}
		m.q.Asking = "delete"
	case key.Matches(msg, k.Undo):
		return m.undo.Restore(m.ctx.Store, "plan, objective, task or achievement")
	case key.Matches(msg, k.UpdateMetric):
		if !ok || r.kind != rowObjective {
			return nothing("move to an objective to update its current value")
		}
		o := m.plan(r).Objectives[r.item]
		m.q.Ask("current", num(o.Metric.Current), "the new current value")
	case key.Matches(msg, k.Readiness):
		if !ok {
			return nothing("no plan here")
		}
		return m.openReadiness(m.plan(r))
	case key.Matches(msg, k.Select, k.Skip, k.Note):
		if !ok || r.kind != rowTask {
			return nothing(taskWords(k, msg) + " a task: move to one")
		}
		t := m.plan(r).Tasks[r.item]
		cmd, _ := tabkit.StateKey(k, &m.q, msg, t.State, t.Note, func(to model.StepState) tea.Cmd { return m.setTask(t, to, "") })
		return cmd
	default:
		return common.Cannot(fmt.Sprintf("%s is not a key of the Plans tab: ? lists them", msg.String()))
	}
	return nil
}

// taskWords says what a task's key does, for the reply to it elsewhere.
func taskWords(k *common.KeyMap, msg tea.KeyMsg) string {
	switch {
	case key.Matches(msg, k.Select):
		return k.Select.Help().Key + " ticks"
	case key.Matches(msg, k.Skip):
		return k.Skip.Help().Key + " skips"
	}
	return k.Note.Help().Key + " writes a note on"
}

func orDraft(s model.PlanStatus) string {
	if s == "" {
		return "a draft"
	}
	return string(s)
}

// answer handles a key while a question is open.
func (m *Model) answer(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	asking := m.q.Asking
	r, ok := m.current()
	switch asking {
	case "new":
		return m.q.Choose(msg, "added", m.newChoices()...)
	case "delete":
		return m.q.Confirm(k, msg, ok, "deleted", func() tea.Cmd { return m.delete(r) })
	}
	return m.q.Answer(msg, ok, func(v string) tea.Cmd {
		if asking == "note" {
			t := m.plan(r).Tasks[r.item]
			return tabkit.NoteAnswer(t.State, v, func(to model.StepState, note string) tea.Cmd { return m.setTask(t, to, note) })
		}
		f, err := model.ParseNumber(v)
		if err != nil {
			return common.Fail(err)
		}
		return m.updateCurrent(r, f)
	})
}

// newChoices are the answers to "new what?": a plan, or an item of the
// plan under the cursor.
func (m *Model) newChoices() []tabkit.Choice {
	p := model.SuccessPlan{}
	if r, ok := m.current(); ok {
		p = m.plan(r)
	}
	return []tabkit.Choice{
		{Key: "p", Name: "plan", Pick: func() tea.Cmd { return m.openPlanForm(model.SuccessPlan{}) }},
		{Key: "o", Name: "objective", Pick: func() tea.Cmd { return m.openObjectiveForm(p, model.Objective{}) }},
		{Key: "t", Name: "task", Pick: func() tea.Cmd { return m.openTaskForm(p, model.Task{}) }},
		{Key: "a", Name: "achievement", Pick: func() tea.Cmd {
			return m.openAchievementForm(p, model.Achievement{When: model.DateOf(m.ctx.Now())})
		}},
	}
}

// updateCurrent sets an objective's current value and logs it with
// today's date, in one store transaction.
func (m *Model) updateCurrent(r row, v float64) tea.Cmd {
	o := m.plan(r).Objectives[r.item]
	st, acc, day := m.ctx.Store, m.accountID, model.DateOf(m.ctx.Now())
	return common.Cmd(func() (store.ObjectiveUpdate, error) {
		return st.RecordObjective(acc, o.ID, v, day)
	}, func(up store.ObjectiveUpdate) tea.Msg {
		return tea.BatchMsg{common.Changed(acc, "", "updated "+o.Title),
			common.Info("%s: %s now (%d%% → %d%% of the way to %s)", o.Title, num(v),
				int(up.Before.Progress()*100+0.5), int(up.Objective.Metric.Progress()*100+0.5), num(up.Objective.Metric.Target))}
	})
}

func (m *Model) setTask(t model.Task, to model.StepState, note string) tea.Cmd {
	st, acc, by := m.ctx.Store, m.accountID, m.ctx.Author
	return common.Cmd(func() (store.TaskUpdate, error) {
		return st.SetTaskState(acc, t.ID, store.StepChange{State: to, Note: note, By: by})
	}, func(up store.TaskUpdate) tea.Msg {
		return tabkit.StateChanged(m.ctx.Keys, acc, up.Task.Title, to, up.EntryID)
	})
}

// delete removes the plan (to the trash) or one of its items.
func (m *Model) delete(r row) tea.Cmd {
	p := m.plan(r)
	switch r.kind {
	case rowPlan:
		st, acc := m.ctx.Store, m.accountID
		what := fmt.Sprintf("success plan %q", p.Title)
		return tabkit.Delete(what, p.ID, func() (string, error) { return st.DeletePlan(acc, p.ID) })
	case rowObjective:
		return deleteItem(m, objectives, p, r.item)
	case rowTask:
		return deleteItem(m, tasks, p, r.item)
	case rowAchievement:
		return deleteItem(m, achievements, p, r.item)
	}
	return nil
}

// deleteItem takes item i of k out of plan p and keeps it for undo,
// which puts it back at the end of its list (the trash holds whole
// records, and an item is part of its plan).
func deleteItem[T any](m *Model, k items[T], p model.SuccessPlan, i int) tea.Cmd {
	x := (*k.list(&p))[i]
	id, what := *k.id(&x), k.name(x)
	st, acc := m.ctx.Store, m.accountID
	update := func(change func(l *[]T)) error {
		_, err := st.UpdatePlan(acc, p.ID, func(pl *model.SuccessPlan) error { change(k.list(pl)); return nil })
		return err
	}
	return m.undo.Removing(m.ctx.Keys, acc, "deleted", what, func() error {
		return update(func(l *[]T) { *l = slices.DeleteFunc(*l, func(y T) bool { return *k.id(&y) == id }) })
	}, func() tea.Cmd {
		return common.Cmd(func() (struct{}, error) { return struct{}{}, update(func(l *[]T) { *l = append(*l, x) }) },
			func(struct{}) tea.Msg { return tabkit.Wrote(acc, id, "restored "+what) })
	})
}

// num writes a metric value without trailing zeros.
func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// readingsText writes an objective's readings one a line, "day value",
// as the objective form shows them.
func readingsText(h []model.Reading) string {
	lines := make([]string, len(h))
	for i, r := range h {
		lines[i] = r.On.String() + " " + num(r.Value)
	}
	return strings.Join(lines, "\n")
}

// parseReadings reads the lines readingsText writes back, in day order;
// a day twice or a line that is not "day value" is refused by line.
func parseReadings(s string) ([]model.Reading, error) {
	var out []model.Reading
	seen := map[model.Date]bool{}
	for i, l := range strings.Split(s, "\n") {
		f := strings.Fields(l)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 {
			return nil, fmt.Errorf("line %d: write a day and a value, e.g. 2026-11-02 880", i+1)
		}
		d, err := model.ParseDate(f[0])
		if err != nil {
			return nil, fmt.Errorf("line %d: %s is not a day: write YYYY-MM-DD", i+1, model.Quote(f[0]))
		}
		v, err := model.ParseNumber(f[1])
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", i+1, err)
		}
		if seen[d] {
			return nil, fmt.Errorf("line %d: %s has a reading already: one a day", i+1, d)
		}
		seen[d] = true
		out = append(out, model.Reading{On: d, Value: v})
	}
	slices.SortStableFunc(out, func(a, b model.Reading) int {
		switch {
		case a.On.Before(b.On):
			return -1
		case b.On.Before(a.On):
			return 1
		}
		return 0
	})
	return out, nil
}
