package account_test

import (
	"strings"
	"testing"

	"bob/model"
	"bob/ui/account"
	"bob/ui/account/plans"
	"bob/ui/common"
	"bob/ui/uitest"
)

func (f *fixture) plans(t *testing.T) []model.SuccessPlan {
	t.Helper()
	ps, err := f.ctx.Store.Plans(f.rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestUpdateObjectiveCurrentMovesTheBarAndLogsTheTrend(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlans)
	if !strings.Contains(f.view(), " 40% open tickets: 1000 → 880 → 700") {
		t.Fatalf("before:\n%s", f.view())
	}
	// Down to the objective, c, type the new value.
	f.keys("down", "c")
	for range 3 {
		f.keys("backspace")
	}
	f.keys("790", "enter")
	o := f.plans(t)[0].Objectives[0]
	if o.Metric.Current != 790 || len(o.History) != 1 || o.History[0].On != model.DateOf(uitest.Now) {
		t.Fatalf("objective %+v", o)
	}
	if v := f.view(); !strings.Contains(v, " 70% open tickets: 1000 → 790 → 700") {
		t.Fatalf("the bar did not move:\n%s", v)
	}
	// A bad number is refused and says why.
	f.keys("c", "lots", "enter")
	if st := f.r.status(true); len(st) == 0 || !strings.Contains(st[len(st)-1], "is not a number") {
		t.Fatalf("status = %v", st)
	}
}

func TestReadinessFormAndGapsRanked(t *testing.T) {
	f := open(t, 100, 40)
	f.r.m.SelectTab(account.TabPlans)
	f.keys("r")
	if !strings.Contains(f.view(), "Readiness assessment: Support excellence") {
		t.Fatalf("no form:\n%s", f.view())
	}
	// Vision stays 3/4; change management current 1 (one right), target 4.
	f.keys("tab", "tab", "right", "tab", "right", "right", "right", "right", "ctrl+s")
	p := f.plans(t)[0]
	got := map[model.Pillar]model.PillarScore{}
	for _, r := range p.Readiness {
		got[r.Pillar] = r
	}
	if got[model.PillarChange] != (model.PillarScore{Pillar: model.PillarChange, Current: 1, Target: 4}) || got[model.PillarVision].Current != 3 {
		t.Fatalf("readiness %+v", p.Readiness)
	}
	if v := f.view(); !strings.Contains(v, "priorities: change management (3), technology (2), vision and strategy (1)") {
		t.Fatalf("gaps not ranked:\n%s", v)
	}
}

func TestPlanCreateTaskAchievementDeleteUndo(t *testing.T) {
	f := open(t, 100, 40)
	f.r.m.SelectTab(account.TabPlans)
	// A new plan.
	f.keys("n", "p", "Analytics roll-out", "ctrl+s")
	ps := f.plans(t)
	if len(ps) != 2 {
		t.Fatalf("plans %d", len(ps))
	}
	var plan model.SuccessPlan
	for _, p := range ps {
		if p.Title == "Analytics roll-out" {
			plan = p
		}
	}
	if plan.Status != model.PlanActive {
		t.Fatalf("new plan %+v", plan)
	}
	// The cursor is on it: add a task and an achievement to it.
	f.keys("n", "t", "Train the EU team", "ctrl+s")
	f.keys("n", "a", "tab", "EU team live", "ctrl+s")
	plan = f.plans(t)[1]
	if len(plan.Tasks) != 1 || len(plan.Achievements) != 1 || plan.Achievements[0].When != model.DateOf(uitest.Now) {
		t.Fatalf("plan %+v", plan)
	}
	// Tick the task with a note: it goes on the timeline.
	f.r.m.Tab(account.TabPlans).(interface{ Focus(string) }).Focus(plan.Tasks[0].ID)
	f.keys("N", "Done in two sessions", "enter")
	if tk := f.plans(t)[1].Tasks[0]; tk.State != model.StepDone || tk.DoneBy != "Sam Rivera" {
		t.Fatalf("task %+v", tk)
	}
	if tl := f.timeline(t); tl[0].Title != "Task done: Train the EU team" {
		t.Fatalf("timeline %+v", tl[0])
	}
	// Delete the task (asked), undo brings it back.
	f.keys("d", "y")
	if len(f.plans(t)[1].Tasks) != 0 {
		t.Fatal("task not deleted")
	}
	f.keys("u")
	if len(f.plans(t)[1].Tasks) != 1 {
		t.Fatal("task not restored")
	}
	// Mark the plan achieved: it folds to one line; enter unfolds.
	f.r.m.Tab(account.TabPlans).(interface{ Focus(string) }).Focus(plan.ID)
	f.keys("e", "tab", "tab", "tab", "right", "ctrl+s")
	if p := f.plans(t)[1]; p.Status != model.PlanAchieved {
		t.Fatalf("status %s", p.Status)
	}
	if v := f.view(); !strings.Contains(v, "Analytics roll-out · achieved (0 objectives, 1 achievements; enter unfolds)") || strings.Contains(v, "EU team live") {
		t.Fatalf("not folded:\n%s", v)
	}
	f.keys("enter")
	if !strings.Contains(f.view(), "EU team live") {
		t.Fatalf("not unfolded:\n%s", f.view())
	}
	// Delete the whole plan; undo restores it from the trash.
	f.keys("d", "n")
	if len(f.plans(t)) != 2 {
		t.Fatal("n deleted the plan")
	}
	f.keys("d", "y")
	if len(f.plans(t)) != 1 {
		t.Fatal("plan not deleted")
	}
	f.keys("u")
	if len(f.plans(t)) != 2 {
		t.Fatal("plan not restored")
	}
	// The cursor goes back to it.
	if line := cursorLine(f.view()); !strings.Contains(line, "Analytics roll-out") {
		t.Fatalf("after undo the cursor is on %q, want the plan brought back:\n%s", line, f.view())
	}
}

// cursorLine is the line of a tab's view that the cursor is on.
func cursorLine(view string) string {
	for _, l := range strings.Split(view, "\n") {
		if strings.Contains(l, "▸") {
			return l
		}
	}
	return ""
}

func TestPlansKeysSayWhy(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlans)
	for _, c := range []struct{ key, want string }{
		{"c", "move to an objective"},
		{" ", "space ticks a task"},
		{"enter", "only an achieved or abandoned plan folds"},
		{"z", "not a key of the Plans tab"},
		{"u", "nothing to undo"},
	} {
		f.keys(c.key)
		st := f.r.status(true)
		if len(st) == 0 || !strings.Contains(st[len(st)-1], c.want) {
			t.Errorf("%q: status = %v, want %q", c.key, st, c.want)
		}
	}
}

// TestObjectiveReadingsCorrected: the readings the trend is drawn from
// show in the objective's form; a wrong one is corrected or its line
// deleted, the current value follows the last reading, and a line that
// is not "day value" is refused with its line number.
func TestObjectiveReadingsCorrected(t *testing.T) {
	f := open(t, 100, 30)
	p := f.plans(t)[0]
	p.Objectives[0].History = []model.Reading{
		{On: model.MustDate("2026-09-01"), Value: 950}, {On: model.MustDate("2026-10-01"), Value: 9000}, {On: model.MustDate("2026-11-01"), Value: 880}}
	if _, err := f.ctx.Store.PutPlan(p); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, run(common.Changed(f.rec.Account.ID, "", "readings"))...)
	f.r.m.SelectTab(account.TabPlans)
	f.keys("down", "e")
	v := f.view()
	if !strings.Contains(v, "Readings") || !strings.Contains(v, "2026-10-01 9000") {
		t.Fatalf("the form does not show the readings:\n%s", v)
	}
	area := f.r.m.Tab(account.TabPlans).(*plans.Model).Form()
	area.ReplaceText("2026-10-01 9000\n", "")
	area.ReplaceText("2026-11-01 880", "2026-11-01 870")
	f.keys("ctrl+s")
	o := f.plans(t)[0].Objectives[0]
	if len(o.History) != 2 || o.History[1].Value != 870 || o.Metric.Current != 870 {
		t.Fatalf("objective after the correction: %+v", o)
	}
	f.keys("e")
	area = f.r.m.Tab(account.TabPlans).(*plans.Model).Form()
	area.ReplaceText("2026-11-01 870", "Nov 870")
	f.keys("ctrl+s")
	if v := f.view(); !strings.Contains(v, `line 2: "Nov" is not a day`) {
		t.Fatalf("a bad reading line is not refused by line:\n%s", v)
	}
	if o := f.plans(t)[0].Objectives[0]; len(o.History) != 2 {
		t.Fatalf("a refused form changed the readings: %+v", o.History)
	}
}

// TestPlansHelpSpeaksOfTasks: on the Plans tab s and N act on a task, and
// the help says so (the key map's words are a checklist step's).
func TestPlansHelpSpeaksOfTasks(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlans)
	var all []string
	for _, col := range f.r.m.FullHelp() {
		for _, b := range col {
			all = append(all, b.Help().Key+" "+b.Help().Desc)
		}
	}
	got := strings.Join(all, "\n")
	if !strings.Contains(got, "s skip task") || !strings.Contains(got, "N note on the task") || strings.Contains(got, "skip step") {
		t.Fatalf("full help:\n%s", got)
	}
}
