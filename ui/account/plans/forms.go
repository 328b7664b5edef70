package plans

import (
	"fmt"
	"strconv"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/form"
)

// show puts a form up over the tab.
func (m *Model) show(f *form.Model) tea.Cmd {
	m.form.Open(f, m.width, m.height)
	return nil
}

// edit opens the form of the row under the cursor.
func (m *Model) edit(r row) tea.Cmd {
	p := m.plan(r)
	switch r.kind {
	case rowObjective:
		return m.openObjectiveForm(p, p.Objectives[r.item])
	case rowTask:
		return m.openTaskForm(p, p.Tasks[r.item])
	case rowAchievement:
		return m.openAchievementForm(p, p.Achievements[r.item])
	case rowReadiness:
		return m.openReadiness(p)
	}
	return m.openPlanForm(p)
}

// saveItem writes one change to a plan through UpdatePlan and puts the
// cursor on id.
func (m *Model) saveItem(p model.SuccessPlan, id, what string, change func(x *model.SuccessPlan) error) tea.Cmd {
	st, acc := m.ctx.Store, m.accountID
	return func() tea.Msg {
		if p.ID == "" {
			return fmt.Errorf("create a success plan first (n, then p)")
		}
		if _, err := st.UpdatePlan(acc, p.ID, change); err != nil {
			return err
		}
		return tabkit.Wrote(acc, id, "saved "+what)
	}
}

func (m *Model) openPlanForm(p model.SuccessPlan) tea.Cmd {
	title := "New success plan"
	status := string(p.Status)
	if p.ID != "" {
		title = "Edit success plan"
	} else {
		status = string(model.PlanActive)
	}
	fields := planFields(p, status)
	st, acc := m.ctx.Store, m.accountID
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		set := func(p *model.SuccessPlan) {
			p.Title, p.ScopeName = v.String("title"), v.String("scope_name")
			p.Scope, p.Status = model.ScopeKind(v.String("scope")), model.PlanStatus(v.String("status"))
			p.Intent = model.Intent{WhyBought: v.String("why_bought"), Success: v.String("success"),
				Measured: v.String("measured"), AdoptionMeans: v.String("adoption_means")}
		}
		p := p
		p.AccountID = acc
		return func() tea.Msg {
			var saved model.SuccessPlan
			var err error
			if p.ID == "" {
				set(&p)
				saved, err = st.PutPlan(p)
			} else {
				// Only the form's fields: objectives, tasks and
				// achievements another bob added meanwhile stay.
				saved, err = st.UpdatePlan(acc, p.ID, func(x *model.SuccessPlan) error { set(x); return nil })
			}
			if err != nil {
				return err
			}
			what := "success plan " + strconv.Quote(saved.Title)
			return tabkit.Wrote(acc, saved.ID, "saved "+what)
		}
	})
	return m.show(m.watch(f, p.ID, func(cur model.SuccessPlan) ([]form.Field, error) {
		return planFields(cur, string(cur.Status)), nil
	}))
}

// planFields are the plan form's fields, filled from p.
func planFields(p model.SuccessPlan, status string) []form.Field {
	return []form.Field{
		{Key: "title", Label: "Title", Kind: form.Text, Value: p.Title, Help: "e.g. Support excellence 2027"},
		{Key: "scope", Label: "Scope", Kind: form.Select, Options: form.Options(model.ScopeKinds, true), Value: string(p.Scope),
			Help: "one plan per product, department or location"},
		{Key: "scope_name", Label: "Scope name", Kind: form.Text, Value: p.ScopeName, Help: "the product, department or location"},
		{Key: "status", Label: "Status", Kind: form.Select, Options: form.Options(model.PlanStatuses, false), Value: status,
			Help: "an achieved or abandoned plan folds to one line"},
		{Key: "why_bought", Label: "Why they bought", Kind: form.LongText, Value: p.Intent.WhyBought, Group: "Strategic intent"},
		{Key: "success", Label: "Success looks like", Kind: form.LongText, Value: p.Intent.Success},
		{Key: "measured", Label: "Measured by", Kind: form.LongText, Value: p.Intent.Measured},
		{Key: "adoption_means", Label: "Adoption means", Kind: form.LongText, Value: p.Intent.AdoptionMeans},
	}
}

// watch makes f, the form of something in plan planID, notice another
// bob's changes to it: fields builds the form's fields from the plan as
// it is now, or fails with store.ErrNotFound when the item is gone. A
// form of something not yet saved watches nothing.
func (m *Model) watch(f *form.Model, planID string, fields func(p model.SuccessPlan) ([]form.Field, error)) *form.Model {
	st, acc := m.ctx.Store, m.accountID
	return form.WatchItem(f, acc, planID, "success plan", func() ([]model.SuccessPlan, error) { return st.Plans(acc) },
		func(p model.SuccessPlan) string { return p.ID }, fields)
}

func (m *Model) openObjectiveForm(p model.SuccessPlan, o model.Objective) tea.Cmd {
	readings := readingsText(o.History)
	day := model.DateOf(m.ctx.Now())
	return openItem(m, objectives, p, o, objectiveFields, func(o *model.Objective, v form.Values) error {
		vals := map[string]float64{}
		var problems []model.FieldError
		for _, k := range []string{"baseline", "target", "current"} {
			if v.String(k) == "" {
				continue
			}
			f, err := model.ParseNumber(v.String(k))
			if err != nil {
				problems = append(problems, model.FieldError{Field: k, Problem: err.Error()})
			}
			vals[k] = f
		}
		hist, rewritten := o.History, false
		if len(o.History) > 0 && strings.TrimSpace(v.String("readings")) != strings.TrimSpace(readings) {
			h, err := parseReadings(v.String("readings"))
			if err != nil {
				problems = append(problems, model.FieldError{Field: "readings", Problem: err.Error()})
			}
			hist, rewritten = h, true
		}
		if len(problems) > 0 {
			return &model.ValidationError{Problems: problems}
		}
		o.History = hist
		if rewritten && len(hist) > 0 && vals["current"] == o.Metric.Current {
			// the last reading is the current value
			o.Metric.Current = hist[len(hist)-1].Value
			vals["current"] = o.Metric.Current
		}
		o.Title, o.Status, o.Due = v.String("title"), model.PlanStatus(v.String("status")), v.Date("due")
		o.Metric.Name, o.Metric.Unit = v.String("metric"), v.String("unit")
		o.Metric.Baseline, o.Metric.Target = vals["baseline"], vals["target"]
		if cur := vals["current"]; cur != o.Metric.Current || len(o.History) == 0 && v.String("current") != "" {
			o.Record(cur, day)
		}
		return nil
	})
}

// objectiveFields are the objective form's fields, filled from o.
func objectiveFields(o model.Objective) []form.Field {
	mt := o.Metric
	numField := func(f float64, set bool) string {
		if !set {
			return ""
		}
		return num(f)
	}
	set := o.ID != ""
	fields := []form.Field{
		{Key: "title", Label: "Objective", Kind: form.Text, Value: o.Title, Help: "what the customer wants to achieve"},
		{Key: "status", Label: "Status", Kind: form.Select, Options: form.Options(model.PlanStatuses, true), Value: string(o.Status)},
		{Key: "due", Label: "Due", Kind: form.Date, Value: o.Due.String(), Help: "YYYY-MM-DD, +3m; past due and not achieved is flagged"},
		{Key: "metric", Label: "Metric", Kind: form.Text, Value: mt.Name, Group: "How it is measured", Help: "e.g. open tickets, weekly active users"},
		{Key: "unit", Label: "Unit", Kind: form.Text, Value: mt.Unit, Help: "e.g. %, days, users"},
		{Key: "baseline", Label: "Baseline", Kind: form.Text, Value: numField(mt.Baseline, set), Help: "where it started"},
		{Key: "target", Label: "Target", Kind: form.Text, Value: numField(mt.Target, set)},
		{Key: "current", Label: "Current", Kind: form.Text, Value: numField(mt.Current, set), Help: "a change is logged with today's date"},
	}
	if len(o.History) > 0 {
		// The trend is drawn from these: a wrong reading is corrected or
		// removed here, not left in the plan for good.
		fields = append(fields, form.Field{Key: "readings", Label: "Readings", Kind: form.LongText, Value: readingsText(o.History),
			Help: "one a line, day and value: correct a wrong one, or delete its line"})
	}
	return fields
}

func (m *Model) openTaskForm(p model.SuccessPlan, t model.Task) tea.Cmd {
	by, day := m.ctx.Author, model.DateOf(m.ctx.Now())
	return openItem(m, tasks, p, t, taskFields, func(t *model.Task, v form.Values) error {
		t.Title, t.Owner, t.Due = v.String("title"), v.String("owner"), v.Date("due")
		if to := model.StepState(v.String("state")); to != t.State && !(to == model.StepOpen && t.State == "") {
			_ = t.Move(to, "", day, by)
		}
		return nil
	})
}

// taskFields are the task form's fields, filled from t.
func taskFields(t model.Task) []form.Field {
	state := string(t.State)
	if state == "" {
		state = string(model.StepOpen)
	}
	return []form.Field{
		{Key: "title", Label: "Task", Kind: form.Text, Value: t.Title},
		{Key: "owner", Label: "Owner", Kind: form.Text, Value: t.Owner, Help: "who does it: you, a stakeholder, a colleague"},
		{Key: "due", Label: "Due", Kind: form.Date, Value: t.Due.String(), Help: "YYYY-MM-DD, +2w"},
		{Key: "state", Label: "State", Kind: form.Select, Options: form.Options(model.StepStates, false), Value: state,
			Help: "space on the list ticks it, with who and when"},
	}
}

func (m *Model) openAchievementForm(p model.SuccessPlan, a model.Achievement) tea.Cmd {
	return openItem(m, achievements, p, a, achievementFields, func(a *model.Achievement, v form.Values) error {
		a.When, a.Title, a.Note = v.Date("when"), v.String("title"), v.String("note")
		return nil
	})
}

// achievementFields are the achievement form's fields, filled from a.
func achievementFields(a model.Achievement) []form.Field {
	return []form.Field{
		{Key: "when", Label: "When", Kind: form.Date, Value: a.When.String(), Help: "YYYY-MM-DD, today, -3d"},
		{Key: "title", Label: "Achievement", Kind: form.Text, Value: a.Title, Help: "the win, in the customer's words"},
		{Key: "note", Label: "Note", Kind: form.LongText, Value: a.Note},
	}
}

// maturity are the choices of a maturity field: not assessed, then 1-5.
var maturity = []string{"", "1", "2", "3", "4", "5"}

// openReadiness edits the whole readiness assessment of a plan in one
// form: current and target maturity for each of the five pillars.
func (m *Model) openReadiness(p model.SuccessPlan) tea.Cmd {
	fields := readinessFields(p)
	f := form.New(m.ctx, "Readiness assessment: "+p.Title, fields, func(v form.Values) tea.Cmd {
		var out []model.PillarScore
		for _, pl := range model.Pillars {
			cur, _ := strconv.Atoi(v.String("current " + string(pl)))
			tgt, _ := strconv.Atoi(v.String("target " + string(pl)))
			if cur != 0 || tgt != 0 {
				out = append(out, model.PillarScore{Pillar: pl, Current: cur, Target: tgt})
			}
		}
		return m.saveItem(p, p.ID, "readiness assessment of "+strconv.Quote(p.Title), func(x *model.SuccessPlan) error {
			x.Readiness = out
			return nil
		})
	})
	return m.show(m.watch(f, p.ID, func(cur model.SuccessPlan) ([]form.Field, error) {
		return readinessFields(cur), nil
	}))
}

// readinessFields are the readiness form's fields, filled from p's
// assessment.
func readinessFields(p model.SuccessPlan) []form.Field {
	scores := map[model.Pillar]model.PillarScore{}
	for _, r := range p.Readiness {
		scores[r.Pillar] = r
	}
	lvl := func(n int) string {
		if n == 0 {
			return ""
		}
		return strconv.Itoa(n)
	}
	var fields []form.Field
	for i, pl := range model.Pillars {
		r := scores[pl]
		group := fmt.Sprintf("%d %s", i+1, pl)
		fields = append(fields,
			form.Field{Key: "current " + string(pl), Label: "Current", Kind: form.Select, Options: maturity, Value: lvl(r.Current), Group: group,
				Help: "1 initial · 2 repeatable · 3 defined · 4 managed · 5 optimised; — not assessed"},
			form.Field{Key: "target " + string(pl), Label: "Target", Kind: form.Select, Options: maturity, Value: lvl(r.Target), Group: group,
				Help: "where the customer wants to be; the gap is the priority"})
	}
	return fields
}

// items is one of a plan's lists of items (its objectives, tasks or
// achievements), for the code that treats any of them alike: the form
// that saves one, and the delete that undo puts back.
type items[T any] struct {
	noun  string                          // what one is called, e.g. "task"
	list  func(p *model.SuccessPlan) *[]T // the plan's list of them
	id    func(x *T) *string              // an item's ID
	title func(x T) string                // an item's title
}

var (
	objectives = items[model.Objective]{"objective", func(p *model.SuccessPlan) *[]model.Objective { return &p.Objectives },
		func(x *model.Objective) *string { return &x.ID }, func(x model.Objective) string { return x.Title }}
	tasks = items[model.Task]{"task", func(p *model.SuccessPlan) *[]model.Task { return &p.Tasks },
		func(x *model.Task) *string { return &x.ID }, func(x model.Task) string { return x.Title }}
	achievements = items[model.Achievement]{"achievement", func(p *model.SuccessPlan) *[]model.Achievement { return &p.Achievements },
		func(x *model.Achievement) *string { return &x.ID }, func(x model.Achievement) string { return x.Title }}
)

// name is how the status line names x, e.g. task "Book the QBR".
func (k items[T]) name(x T) string { return k.noun + " " + strconv.Quote(k.title(x)) }

// openItem opens the form of x, one of k in plan p (a new one when x has
// no ID): fields fills the form from an item; fill writes the submitted
// values over a copy of x, or says why it cannot. A new item gets its ID
// on save, which puts it in place of the item with its ID or at the end
// of its list; the form of a saved one watches it for another bob's
// changes.
func openItem[T any](m *Model, k items[T], p model.SuccessPlan, x T, fields func(T) []form.Field, fill func(x *T, v form.Values) error) tea.Cmd {
	id := *k.id(&x)
	title := "New " + k.noun + " in " + p.Title
	if id != "" {
		title = "Edit " + k.noun
	}
	idOf := func(y T) string { return *k.id(&y) }
	f := form.New(m.ctx, title, fields(x), func(v form.Values) tea.Cmd {
		y := x
		if err := fill(&y, v); err != nil {
			return func() tea.Msg { return err }
		}
		if *k.id(&y) == "" {
			*k.id(&y) = model.NewIDAt(m.ctx.Now())
		}
		return m.saveItem(p, *k.id(&y), k.name(y), func(pl *model.SuccessPlan) error {
			l := k.list(pl)
			*l = put(*l, y, idOf)
			return nil
		})
	})
	if id == "" {
		return m.show(f)
	}
	return m.show(m.watch(f, p.ID, func(cur model.SuccessPlan) ([]form.Field, error) {
		y, err := form.Lookup(*k.list(&cur), id, idOf, k.name(x))
		return fields(y), err
	}))
}

// put puts x in place of the item with its ID in xs, or adds it at the
// end: how a form's objective, task or achievement goes into its plan.
func put[T any](xs []T, x T, id func(T) string) []T {
	for i := range xs {
		if id(xs[i]) == id(x) {
			xs[i] = x
			return xs
		}
	}
	return append(xs, x)
}
