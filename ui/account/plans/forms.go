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
	title := "New objective in " + p.Title
	if o.ID != "" {
		title = "Edit objective"
	}
	fields := objectiveFields(o)
	readings := readingsText(o.History)
	day := model.DateOf(m.ctx.Now())
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
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
			return func() tea.Msg { return &model.ValidationError{Problems: problems} }
		}
		o := o
		o.History = hist
		if rewritten && len(hist) > 0 && vals["current"] == o.Metric.Current {
			// the last reading is the current value
			o.Metric.Current = hist[len(hist)-1].Value
			vals["current"] = o.Metric.Current
		}
		if o.ID == "" {
			o.ID = model.NewIDAt(m.ctx.Now())
		}
		o.Title, o.Status, o.Due = v.String("title"), model.PlanStatus(v.String("status")), v.Date("due")
		o.Metric.Name, o.Metric.Unit = v.String("metric"), v.String("unit")
		o.Metric.Baseline, o.Metric.Target = vals["baseline"], vals["target"]
		if cur := vals["current"]; cur != o.Metric.Current || len(o.History) == 0 && v.String("current") != "" {
			o.Record(cur, day)
		}
		return m.saveItem(p, o.ID, "objective "+strconv.Quote(o.Title), func(x *model.SuccessPlan) error {
			x.Objectives = put(x.Objectives, o, func(y model.Objective) string { return y.ID })
			return nil
		})
	})
	if o.ID == "" {
		return m.show(f)
	}
	return m.show(m.watch(f, p.ID, func(cur model.SuccessPlan) ([]form.Field, error) {
		o, err := form.Lookup(cur.Objectives, o.ID, func(y model.Objective) string { return y.ID }, "objective "+strconv.Quote(o.Title))
		return objectiveFields(o), err
	}))
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
	title := "New task in " + p.Title
	if t.ID != "" {
		title = "Edit task"
	}
	fields := taskFields(t)
	by, day := m.ctx.Author, model.DateOf(m.ctx.Now())
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		t := t
		if t.ID == "" {
			t.ID = model.NewIDAt(m.ctx.Now())
		}
		t.Title, t.Owner, t.Due = v.String("title"), v.String("owner"), v.Date("due")
		if to := model.StepState(v.String("state")); to != t.State && !(to == model.StepOpen && t.State == "") {
			_ = t.Move(to, "", day, by)
		}
		return m.saveItem(p, t.ID, "task "+strconv.Quote(t.Title), func(x *model.SuccessPlan) error {
			x.Tasks = put(x.Tasks, t, func(y model.Task) string { return y.ID })
			return nil
		})
	})
	if t.ID == "" {
		return m.show(f)
	}
	return m.show(m.watch(f, p.ID, func(cur model.SuccessPlan) ([]form.Field, error) {
		t, err := form.Lookup(cur.Tasks, t.ID, func(y model.Task) string { return y.ID }, "task "+strconv.Quote(t.Title))
		return taskFields(t), err
	}))
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
	title := "New achievement in " + p.Title
	if a.ID != "" {
		title = "Edit achievement"
	}
	fields := achievementFields(a)
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		a := a
		if a.ID == "" {
			a.ID = model.NewIDAt(m.ctx.Now())
		}
		a.When, a.Title, a.Note = v.Date("when"), v.String("title"), v.String("note")
		return m.saveItem(p, a.ID, "achievement "+strconv.Quote(a.Title), func(x *model.SuccessPlan) error {
			x.Achievements = put(x.Achievements, a, func(y model.Achievement) string { return y.ID })
			return nil
		})
	})
	if a.ID == "" {
		return m.show(f)
	}
	return m.show(m.watch(f, p.ID, func(cur model.SuccessPlan) ([]form.Field, error) {
		a, err := form.Lookup(cur.Achievements, a.ID, func(y model.Achievement) string { return y.ID }, "achievement "+strconv.Quote(a.Title))
		return achievementFields(a), err
	}))
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
