package store

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"bob/model"
)

// checklistOn starts a three-step checklist on the account.
func checklistOn(t *testing.T, st *Store, acc model.Account, playbook string) model.Checklist {
	t.Helper()
	c := model.Checklist{AccountID: acc.ID, Playbook: playbook, Title: "Renewal", Applied: model.MustDate("2026-09-01"),
		AnchorKind: model.AnchorRenewal, Anchor: model.MustDate("2027-01-15")}
	for i, due := range []string{"2026-09-17", "2026-12-16", "2027-01-15"} {
		c.Steps = append(c.Steps, model.Step{ID: model.NewID(), Title: "step " + string(rune('a'+i)), Due: model.MustDate(due), State: model.StepOpen})
	}
	res, err := st.ApplyChecklists([]model.Checklist{c})
	if err != nil || len(res.Applied) != 1 {
		t.Fatalf("apply: %v %+v", err, res)
	}
	return res.Applied[0]
}

func TestSetStepStateTransitionsAndTimeline(t *testing.T) {
	st, _ := openTest(t)
	acc := mustAccount(t, st, "Acme")
	c := checklistOn(t, st, acc, "renewal")
	step := c.Steps[0].ID
	day := model.DateOf(t0)

	type want struct {
		state  model.StepState
		note   string
		by     string
		logged string // the timeline entry's title, "" for none
	}
	cases := []struct {
		name   string
		change StepChange
		want   want
	}{
		{"done without note logs nothing", StepChange{State: model.StepDone, By: "Sam"}, want{model.StepDone, "", "Sam", ""}},
		{"reopen clears who", StepChange{State: model.StepOpen}, want{model.StepOpen, "", "", ""}},
		{"done with a note is logged", StepChange{State: model.StepDone, Note: "sponsor agreed", By: "Sam"}, want{model.StepDone, "sponsor agreed", "Sam", "Step done: step a"}},
		{"reopen keeps the note", StepChange{State: model.StepOpen, By: "Sam"}, want{model.StepOpen, "sponsor agreed", "", ""}},
		{"skip with a note is logged", StepChange{State: model.StepSkipped, Note: "not needed", By: "Kim"}, want{model.StepSkipped, "not needed", "Kim", "Step skipped: step a"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			up, err := st.SetStepState("", step, tc.change)
			if err != nil {
				t.Fatal(err)
			}
			s := up.Step
			if s.State != tc.want.state || s.Note != tc.want.note || s.DoneBy != tc.want.by {
				t.Fatalf("step = %+v, want %+v", s, tc.want)
			}
			if (s.State == model.StepOpen) != s.DoneOn.IsZero() || (!s.DoneOn.IsZero() && s.DoneOn != day) {
				t.Fatalf("done on %v for state %s", s.DoneOn, s.State)
			}
			if tc.want.logged == "" {
				if up.EntryID != "" {
					t.Fatalf("logged %s, want no entry", up.EntryID)
				}
				return
			}
			e, err := st.Entry(up.EntryID)
			if err != nil {
				t.Fatal(err)
			}
			if e.Title != tc.want.logged || !e.Internal || e.Kind != model.KindNote || e.Author != tc.want.by ||
				!strings.Contains(e.Body, tc.want.note) || e.AccountID != acc.ID {
				t.Fatalf("entry = %+v", e)
			}
		})
	}
	// The saved checklist matches, and the summary counts open steps.
	cs, _ := st.Checklists(acc.ID)
	if cs[0].Steps[0].State != model.StepSkipped || cs[0].OpenSteps() != 2 {
		t.Fatalf("saved %+v", cs[0].Steps[0])
	}
	if sum := summaryOf(t, st, acc.ID); sum.OpenTasks != 2 {
		t.Fatalf("summary open tasks = %d, want 2", sum.OpenTasks)
	}
}

func summaryOf(t *testing.T, st *Store, id string) model.AccountSummary {
	t.Helper()
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no summary for %s", id)
	return model.AccountSummary{}
}

func TestSetStepStateRefusesAndLeavesTheBook(t *testing.T) {
	st, _ := openTest(t)
	acc := mustAccount(t, st, "Acme")
	other := mustAccount(t, st, "Other")
	c := checklistOn(t, st, acc, "renewal")
	before := dump(t, st)
	cases := map[string]struct {
		account, step string
		change        StepChange
		want          string
	}{
		"not an id":       {"", "abc", StepChange{State: model.StepDone}, "is not a checklist step ID"},
		"unknown step":    {"", model.NewID(), StepChange{State: model.StepDone}, "not found"},
		"wrong account":   {other.ID, c.Steps[0].ID, StepChange{State: model.StepDone}, "not found"},
		"checklist id":    {"", c.ID, StepChange{State: model.StepDone}, "not found"},
		"bad state":       {"", c.Steps[0].ID, StepChange{State: "finished"}, "not a state"},
		"bad log":         {"", c.Steps[0].ID, StepChange{State: model.StepDone, Log: &model.TimelineEntry{Kind: model.KindEmail}}, "title"},
		"stranger linked": {"", c.Steps[0].ID, StepChange{State: model.StepDone, Log: &model.TimelineEntry{Kind: model.KindEmail, Title: "x", People: []string{model.NewID()}}}, "not a stakeholder"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := st.SetStepState(tc.account, tc.step, tc.change)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if dump(t, st) != before {
				t.Fatal("a refused change wrote to the book")
			}
		})
	}
}

func TestSetStepStateWithOwnLogIsOneWrite(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	acc, _ := st.Account(rec.Account.ID)
	c := checklistOn(t, st, acc, "transition-outgoing")
	sponsor := rec.People[0].ID
	up, err := st.SetStepState(acc.ID, c.Steps[0].ID, StepChange{State: model.StepDone, By: "Sam",
		Log: &model.TimelineEntry{Kind: model.KindEmail, Title: "Your new CSM", Body: "Dear Ada", People: []string{sponsor}}})
	if err != nil {
		t.Fatal(err)
	}
	e, err := st.Entry(up.EntryID)
	if err != nil || e.Kind != model.KindEmail || e.Internal || e.People[0] != sponsor || e.Author != "Sam" {
		t.Fatalf("entry %+v %v", e, err)
	}
	// An email is a touch of the customer.
	if sum := summaryOf(t, st, acc.ID); !sum.LastTouch.Equal(e.When) {
		t.Fatalf("last touch %v, want %v", sum.LastTouch, e.When)
	}
}

func TestSetTaskState(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	task := rec.Plans[0].Tasks[0].ID
	up, err := st.SetTaskState("", task, StepChange{State: model.StepDone, Note: "trained 12 admins", By: "Sam"})
	if err != nil {
		t.Fatal(err)
	}
	if up.Task.State != model.StepDone || up.Task.DoneBy != "Sam" || up.Task.DoneOn.IsZero() || up.EntryID == "" {
		t.Fatalf("task %+v entry %q", up.Task, up.EntryID)
	}
	e, _ := st.Entry(up.EntryID)
	if e.Title != "Task done: train admins" || !e.Internal || !strings.Contains(e.Body, "Rollout") {
		t.Fatalf("entry %+v", e)
	}
	if _, err := st.SetTaskState("", model.NewID(), StepChange{State: model.StepDone}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown task: %v", err)
	}
}

func TestApplyChecklistsSkipsOpenCopiesAndIsAllOrNothing(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	b := mustAccount(t, st, "Beta")
	cAcc := mustAccount(t, st, "Gamma")
	checklistOn(t, st, a, "renewal")
	mk := func(acc string) model.Checklist {
		return model.Checklist{AccountID: acc, Playbook: "renewal", Title: "Renewal", Applied: model.DateOf(t0),
			Steps: []model.Step{{ID: model.NewID(), Title: "call", State: model.StepOpen}}}
	}
	// Every account skipped: the file is not written at all.
	file, err := os.ReadFile(st.Path())
	if err != nil {
		t.Fatal(err)
	}
	if res, err := st.ApplyChecklists([]model.Checklist{mk(a.ID)}); err != nil || len(res.Applied) != 0 || len(res.Skipped) != 1 {
		t.Fatalf("all skipped: %+v %v", res, err)
	}
	if after, _ := os.ReadFile(st.Path()); !bytes.Equal(after, file) {
		t.Fatal("applying nothing changed the book's file")
	}
	res, err := st.ApplyChecklists([]model.Checklist{mk(a.ID), mk(b.ID), mk(b.ID), mk(cAcc.ID)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Applied) != 2 || len(res.Skipped) != 2 || res.Skipped[0].Name != "Acme" || res.Skipped[1].Name != "Beta" ||
		!strings.Contains(res.Skipped[0].Reason, "still open") {
		t.Fatalf("result %+v", res)
	}
	// A finished checklist does not block a new one.
	cs, _ := st.Checklists(cAcc.ID)
	for _, s := range cs[0].Steps {
		if _, err := st.SetStepState(cAcc.ID, s.ID, StepChange{State: model.StepDone}); err != nil {
			t.Fatal(err)
		}
	}
	if res, err := st.ApplyChecklists([]model.Checklist{mk(cAcc.ID)}); err != nil || len(res.Applied) != 1 {
		t.Fatalf("after finishing: %+v %v", res, err)
	}
	// One bad checklist (a missing account, an invalid step) and nothing is written.
	before := dump(t, st)
	bad := mk(model.NewID())
	invalid := mk(b.ID)
	invalid.Playbook = "other"
	invalid.Steps[0].Title = ""
	for name, batch := range map[string][]model.Checklist{
		"missing account": {mk(b.ID), bad},
		"invalid step":    {func() model.Checklist { c := mk(b.ID); c.Playbook = "new"; return c }(), invalid},
	} {
		if _, err := st.ApplyChecklists(batch); err == nil {
			t.Fatalf("%s: applied", name)
		}
		if dump(t, st) != before {
			t.Fatalf("%s: the book changed", name)
		}
	}
}

func TestMoveChecklistAnchorShiftsOpenSteps(t *testing.T) {
	st, _ := openTest(t)
	acc := mustAccount(t, st, "Acme")
	c := checklistOn(t, st, acc, "renewal")
	if _, err := st.SetStepState(acc.ID, c.Steps[0].ID, StepChange{State: model.StepDone}); err != nil {
		t.Fatal(err)
	}
	// The renewal moves from 2027-01-15 to 2027-03-01: 45 days later.
	got, err := st.MoveChecklistAnchor(acc.ID, c.ID, model.MustDate("2027-03-01"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2026-09-17", "2027-01-30", "2027-03-01"}
	for i, s := range got.Steps {
		if s.Due.String() != want[i] {
			t.Errorf("step %d due %s, want %s", i, s.Due, want[i])
		}
	}
	if got.Anchor != model.MustDate("2027-03-01") {
		t.Fatalf("anchor %v", got.Anchor)
	}
	if _, err := st.MoveChecklistAnchor(acc.ID, model.NewID(), model.MustDate("2027-03-01")); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown checklist: %v", err)
	}
}

func TestUpdatePlan(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	p := rec.Plans[0]
	got, err := st.UpdatePlan(p.AccountID, p.ID, func(x *model.SuccessPlan) error {
		x.Objectives = append(x.Objectives, model.Objective{ID: model.NewID(), Title: "Cut backlog"})
		return nil
	})
	if err != nil || len(got.Objectives) != 1 || len(got.Tasks) != 1 {
		t.Fatalf("update: %+v %v", got, err)
	}
	before := dump(t, st)
	if _, err := st.UpdatePlan(p.AccountID, p.ID, func(x *model.SuccessPlan) error { x.Title = ""; return nil }); err == nil {
		t.Fatal("an invalid plan was saved")
	}
	if _, err := st.UpdatePlan(p.AccountID, model.NewID(), func(*model.SuccessPlan) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown plan: %v", err)
	}
	if dump(t, st) != before {
		t.Fatal("a refused update changed the book")
	}
}

func TestRecordObjective(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	obj := model.Objective{ID: model.NewID(), Title: "Cut backlog", Metric: model.Metric{Baseline: 100, Target: 20, Current: 100}}
	rec.Plans[0].Objectives = []model.Objective{obj}
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	day := model.DateOf(t0)
	up, err := st.RecordObjective("", obj.ID, 60, day)
	if err != nil {
		t.Fatal(err)
	}
	if up.AccountID != rec.Account.ID || up.Before.Current != 100 || up.Objective.Metric.Current != 60 ||
		len(up.Objective.History) != 1 || up.Objective.History[0] != (model.Reading{On: day, Value: 60}) {
		t.Fatalf("update %+v", up)
	}
	plans, _ := st.Plans(rec.Account.ID)
	if got := plans[0].Objectives[0]; got.Metric.Current != 60 || len(got.History) != 1 {
		t.Fatalf("stored %+v", got)
	}
	before := dump(t, st)
	for name, call := range map[string]func() error{
		"unknown objective": func() error { _, err := st.RecordObjective("", model.NewID(), 1, day); return err },
		"a task's ID":       func() error { _, err := st.RecordObjective("", rec.Plans[0].Tasks[0].ID, 1, day); return err },
		"other account":     func() error { _, err := st.RecordObjective(model.NewID(), obj.ID, 1, day); return err },
		"not an ID":         func() error { _, err := st.RecordObjective("", "abc", 1, day); return err },
		"no day":            func() error { _, err := st.RecordObjective("", obj.ID, 1, model.Date{}); return err },
	} {
		if err := call(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if dump(t, st) != before {
		t.Fatal("a refused update changed the book")
	}
}

func TestUpdateChecklist(t *testing.T) {
	st, _ := openTest(t)
	acc := mustAccount(t, st, "Acme")
	c := checklistOn(t, st, acc, "renewal")
	got, err := st.UpdateChecklist(acc.ID, c.ID, func(x *model.Checklist) error {
		x.Steps[1].Title, x.Steps[1].Due = "Renewal quote sent to the new CFO", model.MustDate("2026-12-24")
		return nil
	})
	if err != nil || got.Steps[1].Title != "Renewal quote sent to the new CFO" || got.Steps[1].Due != model.MustDate("2026-12-24") {
		t.Fatalf("update: %+v %v", got.Steps[1], err)
	}
	before := dump(t, st)
	if _, err := st.UpdateChecklist(acc.ID, c.ID, func(x *model.Checklist) error { x.Steps[0].Title = ""; return nil }); err == nil {
		t.Fatal("a step without a title was saved")
	}
	if _, err := st.UpdateChecklist(acc.ID, model.NewID(), func(*model.Checklist) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown checklist: %v", err)
	}
	if dump(t, st) != before {
		t.Fatal("a refused update changed the book")
	}
}

func TestAddAndRemoveStep(t *testing.T) {
	st, _ := openTest(t)
	acc := mustAccount(t, st, "Acme")
	c := checklistOn(t, st, acc, "renewal")
	titles := func(c model.Checklist) string {
		var s []string
		for _, x := range c.Steps {
			s = append(s, x.Title)
		}
		return strings.Join(s, ",")
	}
	added, err := st.AddStep("", c.ID, c.Steps[0].ID, model.Step{Title: "call the CFO", Due: model.MustDate("2026-10-01")})
	if err != nil || titles(added.Checklist) != "step a,call the CFO,step b,step c" || added.Index != 1 || added.Step.ID == "" {
		t.Fatalf("add after: %+v %v", added, err)
	}
	end, err := st.AddStep(acc.ID, c.ID, "", model.Step{Title: "last"})
	if err != nil || titles(end.Checklist) != "step a,call the CFO,step b,step c,last" {
		t.Fatalf("add at end: %v %v", titles(end.Checklist), err)
	}
	gone, err := st.RemoveStep("", added.Step.ID)
	if err != nil || titles(gone.Checklist) != "step a,step b,step c,last" || gone.Index != 1 || gone.Step.Title != "call the CFO" {
		t.Fatalf("remove: %+v %v", gone, err)
	}
	// Undo puts the step back where it stood, with its ID.
	back, err := st.AddStep(acc.ID, c.ID, c.Steps[0].ID, gone.Step)
	if err != nil || back.Step.ID != added.Step.ID || titles(back.Checklist) != "step a,call the CFO,step b,step c,last" {
		t.Fatalf("put back: %+v %v", back, err)
	}

	before := dump(t, st)
	for name, err := range map[string]error{
		"no title":        func() error { _, err := st.AddStep("", c.ID, "", model.Step{}); return err }(),
		"unknown list":    func() error { _, err := st.AddStep("", model.NewID(), "", model.Step{Title: "x"}); return err }(),
		"step as list":    func() error { _, err := st.AddStep("", c.Steps[0].ID, "", model.Step{Title: "x"}); return err }(),
		"unknown after":   func() error { _, err := st.AddStep("", c.ID, model.NewID(), model.Step{Title: "x"}); return err }(),
		"same id twice":   func() error { _, err := st.AddStep("", c.ID, "", back.Step); return err }(),
		"unknown step":    func() error { _, err := st.RemoveStep("", model.NewID()); return err }(),
		"not an id":       func() error { _, err := st.RemoveStep("", "abc"); return err }(),
		"checklist as id": func() error { _, err := st.RemoveStep("", c.ID); return err }(),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if dump(t, st) != before {
		t.Fatal("a refused add or remove changed the book")
	}
	one := checklistOn(t, st, mustAccount(t, st, "Solo"), "kickoff")
	for _, s := range one.Steps[1:] {
		if _, err := st.RemoveStep("", s.ID); err != nil {
			t.Fatal(err)
		}
	}
	before = dump(t, st)
	if _, err := st.RemoveStep("", one.Steps[0].ID); err == nil || !strings.Contains(err.Error(), "last step") {
		t.Fatalf("last step: %v", err)
	}
	if dump(t, st) != before {
		t.Fatal("a refused change changed the book")
	}
}
