package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"bob/model"
	"bob/store"
)

// planBook is stepBook with a success plan on Acme: one objective long
// overdue, a task overdue and one due far ahead, an achievement and a
// readiness assessment with two gaps.
func planBook(t *testing.T) (db string, plan model.SuccessPlan) {
	t.Helper()
	db = stepBook(t)
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc, err := st.FindAccount("Acme")
	if err != nil {
		t.Fatal(err)
	}
	plan, err = st.PutPlan(model.SuccessPlan{
		AccountID: acc.ID, Title: "Analytics rollout", Scope: model.ScopeProduct, ScopeName: "Analytics", Status: model.PlanActive,
		Intent: model.Intent{WhyBought: "Replace spreadsheets", Measured: "Weekly active users"},
		Objectives: []model.Objective{{ID: model.NewID(), Title: "Grow usage", Status: model.PlanActive, Due: model.MustDate("2020-01-01"),
			Metric: model.Metric{Name: "weekly active users", Unit: "users", Baseline: 40, Target: 200, Current: 40}}},
		Tasks: []model.Task{
			{ID: model.NewID(), Title: "Train the admins", Owner: "Dana", Due: model.MustDate("2020-01-01"), State: model.StepOpen},
			{ID: model.NewID(), Title: "Book the EBR", Due: model.MustDate("2099-01-01")},
		},
		Achievements: []model.Achievement{{ID: model.NewID(), When: model.MustDate("2026-07-02"), Title: "First dashboard live"}},
		Readiness: []model.PillarScore{
			{Pillar: model.PillarGovernance, Current: 1, Target: 2},
			{Pillar: model.PillarTechnology, Current: 1, Target: 4},
			{Pillar: model.PillarProcess, Current: 3, Target: 3},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return db, plan
}

func TestPlansCommand(t *testing.T) {
	db, plan := planBook(t)
	out, _, err := bob(t, "", "plans", "acme", "--db", db)
	if err != nil {
		t.Fatalf("plans: %v", err)
	}
	obj, overdueTask, laterTask := plan.Objectives[0], plan.Tasks[0], plan.Tasks[1]
	for _, want := range []string{
		"Acme: 1 success plan",
		"Analytics rollout (product: Analytics, active)  " + plan.ID,
		"Why they bought: Replace spreadsheets",
		obj.ID + "  Grow usage: weekly active users 40 users (baseline 40 users, target 200 users) 0%, active, due 2020-01-01  OVERDUE",
		overdueTask.ID + "  [ ] Train the admins (Dana, due 2020-01-01)  OVERDUE",
		laterTask.ID + "  [ ] Book the EBR (due 2099-01-01)\n",
		"2026-07-02  First dashboard live",
		"Readiness gaps, biggest first: technology (1 → 4, gap 3), governance (1 → 2, gap 1)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("plans lacks %q:\n%s", want, out)
		}
	}
	out, _, err = bob(t, "", "plans", "Acme", "--json", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var v plansView
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("plans --json: %v\n%s", err, out)
	}
	if len(v.Plans) != 1 || v.Account != "Acme" || v.AccountID != plan.AccountID {
		t.Fatalf("plans --json: %+v", v)
	}
	p := v.Plans[0]
	if p.ID != plan.ID || len(p.Objectives) != 1 || p.Objectives[0].ID != obj.ID || !p.Objectives[0].Overdue ||
		len(p.Tasks) != 2 || p.Tasks[0].ID != overdueTask.ID || !p.Tasks[0].Overdue || p.Tasks[1].Overdue ||
		len(p.Achievements) != 1 || p.Achievements[0].ID == "" ||
		len(p.Gaps) != 2 || p.Gaps[0].Pillar != model.PillarTechnology || p.Gaps[0].Gap != 3 {
		t.Fatalf("plans --json: %+v", p)
	}
	// No plans: says where to add one; an unknown account is refused.
	if out, _, err := bob(t, "", "plans", "Globex", "--db", db); err != nil || !strings.Contains(out, "0 success plans") {
		t.Fatalf("no plans: %v %s", err, out)
	}
	if out, _, err := bob(t, "", "plans", "Globex", "--json", "--db", db); err != nil || !strings.Contains(out, `"plans": []`) {
		t.Fatalf("no plans --json: %v %s", err, out)
	}
	for name, args := range map[string][]string{
		"no account":      {"plans"},
		"unknown account": {"plans", "Umbrella"},
	} {
		if _, _, err := bob(t, "", append(args, "--db", db)...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestTaskCommands(t *testing.T) {
	db, plan := planBook(t)
	// The ID as bob agenda --json prints it is taken as it is.
	agenda, _, err := bob(t, "", "agenda", "--json", "--db", db)
	task := plan.Tasks[0]
	if err != nil || !strings.Contains(agenda, `"id": "`+task.ID+`"`) {
		t.Fatalf("agenda --json lacks the task %s: %v\n%s", task.ID, err, agenda)
	}
	out, _, err := bob(t, "", "task", "done", task.ID, "--note", "12 admins trained", "--db", db)
	if err != nil || out != "Done: \"Train the admins\" on Acme (Analytics rollout, 1 of 2 tasks open).\nThe note is on the timeline.\n" {
		t.Fatalf("task done: %v\n%q", err, out)
	}
	rec := showRecord(t, db, "Acme")
	got := rec.Plans[0].Tasks[0]
	if got.State != model.StepDone || got.DoneBy != "Sam Rivera" || got.Note != "12 admins trained" {
		t.Fatalf("task after done: %+v", got)
	}
	if len(rec.Timeline) != 1 || !rec.Timeline[0].Internal || rec.Timeline[0].Title != "Task done: Train the admins" ||
		!strings.Contains(rec.Timeline[0].Body, "(Analytics rollout)") {
		t.Fatalf("timeline: %+v", rec.Timeline)
	}
	if out, _, err := bob(t, "", "task", "reopen", " "+task.ID+" ", "--db", db); err != nil || !strings.Contains(out, "Reopened") || !strings.Contains(out, "2 of 2 tasks open") {
		t.Fatalf("reopen: %v %s", err, out)
	}
	if out, _, err := bob(t, "", "task", "skip", plan.Tasks[1].ID, "--db", db); err != nil || !strings.HasPrefix(out, "Skipped") || strings.Contains(out, "timeline") {
		t.Fatalf("skip without a note: %v %s", err, out)
	}
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no id":            {[]string{"task", "done"}, "name the success plan task"},
		"not an id":        {[]string{"task", "done", "abc"}, `"abc" is not a success plan task ID`},
		"unknown id":       {[]string{"task", "done", model.NewID()}, "no success plan task has the ID"},
		"an objective's":   {[]string{"task", "done", plan.Objectives[0].ID}, "no success plan task has the ID"},
		"a step's command": {[]string{"step", "done", task.ID}, "no checklist step has the ID"},
		"bad note":         {[]string{"task", "done", task.ID, "--note", "x\x1b]52;c;aGk=\x07"}, "control character"},
	} {
		before, _, _ := bob(t, "", "dump", "--db", db)
		_, _, err := bob(t, "", append(tc.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(errorLine(err), "\n") {
			t.Errorf("%s: %v, want one line with %q", name, err, tc.want)
		}
		if after, _, _ := bob(t, "", "dump", "--db", db); after != before {
			t.Errorf("%s: the book changed", name)
		}
	}
}

func TestObjectiveAndAchievementCommands(t *testing.T) {
	db, plan := planBook(t)
	// The ID as bob show --json prints it is taken as it is.
	obj := showRecord(t, db, "Acme").Plans[0].Objectives[0].ID
	out, _, err := bob(t, "", "objective", "set", obj, "120", "--date", "2026-11-01", "--db", db)
	if err != nil || out != "\"Grow usage\" on Acme (Analytics rollout): 120 now, logged on 2026-11-01 (0% → 50% of the way from 40 to 200).\n" {
		t.Fatalf("objective set: %v\n%q", err, out)
	}
	// A reading before the latest fills in the trend; current stays.
	out, _, err = bob(t, "", "objective", "set", obj, "1,00", "--date", "2026-10-01", "--db", db)
	if err != nil || !strings.Contains(out, "Logged 100 on 2026-10-01") || !strings.Contains(out, "stays 120") {
		t.Fatalf("back-dated: %v\n%s", err, out)
	}
	o := showRecord(t, db, "Acme").Plans[0].Objectives[0]
	if o.Metric.Current != 120 || len(o.History) != 2 || o.History[0] != (model.Reading{On: model.MustDate("2026-10-01"), Value: 100}) {
		t.Fatalf("objective after: %+v", o)
	}
	// A negative value goes after --, so it is not read as a flag.
	if out, _, err := bob(t, "", "objective", "set", "--db", db, obj, "--", "-3"); err != nil || !strings.Contains(out, "-3 now") {
		t.Fatalf("a negative value: %v %s", err, out)
	}

	out, _, err = bob(t, "", "achievement", "add", "Acme", plan.ID, "--title", "Usage doubled", "--note", "per the QBR", "--date", "2026-11-30", "--db", db)
	if err != nil || out != "Recorded \"Usage doubled\" on 2026-11-30 in Analytics rollout (Acme, 2 achievements).\n" {
		t.Fatalf("achievement add: %v\n%q", err, out)
	}
	a := showRecord(t, db, "Acme").Plans[0].Achievements[1]
	if a.Title != "Usage doubled" || a.Note != "per the QBR" || a.When != model.MustDate("2026-11-30") || !model.ValidID(a.ID) {
		t.Fatalf("achievement: %+v", a)
	}

	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"objective: no value":       {[]string{"objective", "set", obj}, "name the objective and its new value"},
		"objective: not a number":   {[]string{"objective", "set", obj, "twelve"}, `"twelve" is not a number`},
		"objective: NaN":            {[]string{"objective", "set", obj, "NaN"}, "is not a number"},
		"objective: bad date":       {[]string{"objective", "set", obj, "12", "--date", "soon"}, `--date: "soon" is not a date`},
		"objective: unknown":        {[]string{"objective", "set", model.NewID(), "12"}, "no success plan objective has the ID"},
		"objective: a task's ID":    {[]string{"objective", "set", plan.Tasks[0].ID, "12"}, "no success plan objective has the ID"},
		"objective: not an ID":      {[]string{"objective", "set", "abc", "12"}, `"abc" is not a success plan objective ID`},
		"achievement: no title":     {[]string{"achievement", "add", "Acme", plan.ID}, "--title"},
		"achievement: bad date":     {[]string{"achievement", "add", "Acme", plan.ID, "--title", "x", "--date", "2026-13-01"}, "is not a date"},
		"achievement: other plan":   {[]string{"achievement", "add", "Globex", plan.ID, "--title", "x"}, "Globex has no success plan with the ID"},
		"achievement: an objective": {[]string{"achievement", "add", "Acme", obj, "--title", "x"}, "Acme has no success plan with the ID"},
		"achievement: ambiguous":    {[]string{"achievement", "add", "e", plan.ID, "--title", "x"}, "more than one account"},
		"achievement: control":      {[]string{"achievement", "add", "Acme", plan.ID, "--title", "a\x1b[2Jb"}, "control character"},
	} {
		before, _, _ := bob(t, "", "dump", "--db", db)
		_, _, err := bob(t, "", append(tc.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error with %q", name, err, tc.want)
		}
		if after, _, _ := bob(t, "", "dump", "--db", db); after != before {
			t.Errorf("%s: the book changed", name)
		}
	}
}
