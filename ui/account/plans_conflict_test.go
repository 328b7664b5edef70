package account_test

import (
	"strings"
	"testing"

	"bob/model"
	"bob/store"
	"bob/ui/account"
	"bob/ui/account/plans"
	"bob/ui/common"
	"bob/ui/uitest"
)

// TestPlansFormsShowAnOutsideChange: each form of the Plans tab open over
// a record another bob changes keeps the typed text, names the changed
// field, and takes the outside value on ctrl+t without losing the typed
// text.
func TestPlansFormsShowAnOutsideChange(t *testing.T) {
	vision, tech := "current "+string(model.PillarVision), "target "+string(model.PillarTechnology)
	tests := []struct {
		name   string
		focus  func(p model.SuccessPlan) string
		keys   []string
		typed  string // key of the field typed in
		want   string // its value after typing
		change func(p *model.SuccessPlan)
		label  string // the changed field's label
		key    string // and key
		theirs string // and value
	}{
		{"plan", func(p model.SuccessPlan) string { return p.ID }, []string{"e", " 2027"}, "title", "Support excellence 2027",
			func(p *model.SuccessPlan) { p.Intent.Success = "Backlog under 700" }, "Success looks like", "success", "Backlog under 700"},
		{"objective", func(p model.SuccessPlan) string { return p.Objectives[0].ID }, []string{"e", " fast"}, "title", "Cut backlog fast",
			func(p *model.SuccessPlan) { p.Objectives[0].Metric.Target = 650 }, "Target", "target", "650"},
		{"task", func(p model.SuccessPlan) string { return p.Tasks[0].ID }, []string{"e", " in the EU"}, "title", "Roll out SSO in the EU",
			func(p *model.SuccessPlan) { p.Tasks[0].Owner = "Lee Chen" }, "Owner", "owner", "Lee Chen"},
		{"achievement", func(p model.SuccessPlan) string { return p.Achievements[0].ID }, []string{"e", "tab", " (EU)"}, "title", "First 100 agents live (EU)",
			func(p *model.SuccessPlan) { p.Achievements[0].Note = "The EU team too." }, "Note", "note", "The EU team too."},
		{"readiness", func(p model.SuccessPlan) string { return p.ID }, []string{"r", "right"}, vision, "4",
			func(p *model.SuccessPlan) { p.Readiness[1].Target = 5 }, "Target", tech, "5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := open(t, 100, 40)
			acc := f.rec.Account.ID
			f.r.m.SelectTab(account.TabPlans)
			p := f.plans(t)[0]
			f.r.m.Tab(account.TabPlans).(interface{ Focus(string) }).Focus(tt.focus(p))
			f.keys(tt.keys...)
			form := f.r.m.Tab(account.TabPlans).(*plans.Model).Form()
			if form == nil || form.Value(tt.typed) != tt.want {
				t.Fatalf("the form is not open with the typed text:\n%s", f.view())
			}
			other, err := store.Open(f.ctx.Store.Path(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			if _, err := other.UpdatePlan(acc, p.ID, func(x *model.SuccessPlan) error { tt.change(x); return nil }); err != nil {
				t.Fatal(err)
			}
			uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
			form = f.r.m.Tab(account.TabPlans).(*plans.Model).Form()
			if v := f.view(); !strings.Contains(v, "! changed outside: bob (pid 7) changed Acme Corp: "+tt.label) ||
				form == nil || form.Value(tt.typed) != tt.want {
				t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
			}
			f.keys("ctrl+t")
			if form.Conflict() || form.Value(tt.key) != tt.theirs || form.Value(tt.typed) != tt.want {
				t.Fatalf("after ctrl+t %s = %q, %s = %q:\n%s", tt.key, form.Value(tt.key), tt.typed, form.Value(tt.typed), f.view())
			}
		})
	}
}

// TestPlanFormKeepsWhatOthersAddedToThePlan: saving the plan form writes
// the form's fields only; a task another bob added meanwhile stays.
func TestPlanFormKeepsWhatOthersAddedToThePlan(t *testing.T) {
	f := open(t, 100, 40)
	acc := f.rec.Account.ID
	f.r.m.SelectTab(account.TabPlans)
	p := f.plans(t)[0]
	f.r.m.Tab(account.TabPlans).(interface{ Focus(string) }).Focus(p.ID)
	f.keys("e", " 2027")
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.UpdatePlan(acc, p.ID, func(x *model.SuccessPlan) error {
		x.Tasks = append(x.Tasks, model.Task{ID: model.NewID(), Title: "Train the EU team"})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	f.keys("ctrl+s")
	got := f.plans(t)[0]
	if got.Title != "Support excellence 2027" || len(got.Tasks) != 2 {
		t.Fatalf("after saving the plan form: %q, %d tasks", got.Title, len(got.Tasks))
	}
}
