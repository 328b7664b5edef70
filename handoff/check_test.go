package handoff

import (
	"strings"
	"testing"

	"bob/model"
)

// ready is an account with nothing missing: sponsor, champion, active
// plan, everyone touched lately, transition checklist done.
func ready() model.AccountRecord {
	r := globex()
	acc := r.Account.ID
	r.Account.Renewal = model.MustDate("2025-03-31")
	r.Plans = []model.SuccessPlan{{ID: id(110), AccountID: acc, Title: "Plan", Status: model.PlanActive}}
	r.Checklists = []model.Checklist{{ID: id(111), AccountID: acc, Playbook: TransitionPlaybook, Title: "Hand over",
		Steps: []model.Step{{ID: id(112), Title: "Call", State: model.StepDone}, {ID: id(113), Title: "Email", State: model.StepSkipped}}}}
	return r
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		modify func(r *model.AccountRecord)
		want   []GapKind
		text   string
	}{
		{"nothing missing", func(r *model.AccountRecord) {}, nil, ""},
		{"no sponsor", func(r *model.AccountRecord) { r.People[0].Roles = []model.Role{model.RoleChampion} },
			[]GapKind{GapNoSponsor}, "no active executive sponsor"},
		{"sponsor and champion left", func(r *model.AccountRecord) { r.People[0].Status = model.PersonLeft },
			[]GapKind{GapNoSponsor, GapNoChampion}, "no active champion"},
		{"renewal soon, plan only a draft", func(r *model.AccountRecord) { r.Plans[0].Status = model.PlanDraft },
			[]GapKind{GapRenewalWithoutPlan}, "renewal in 30 days and no active success plan"},
		{"renewal soon, no plan", func(r *model.AccountRecord) { r.Plans = nil },
			[]GapKind{GapRenewalWithoutPlan}, "no active success plan"},
		{"renewal far, no plan", func(r *model.AccountRecord) { r.Plans = nil; r.Account.Renewal = model.MustDate("2025-09-01") },
			nil, ""},
		{"renewal passed, no plan", func(r *model.AccountRecord) { r.Plans = nil; r.Account.Renewal = model.MustDate("2025-01-01") },
			nil, ""},
		{"stakeholder touched 61 days ago", func(r *model.AccountRecord) { r.Timeline[0].When = daysAgo(61) },
			[]GapKind{GapStaleStakeholder}, "Hank Scorpio was last touched 61 days ago"},
		{"stakeholder touched 60 days ago", func(r *model.AccountRecord) { r.Timeline[0].When = daysAgo(60) }, nil, ""},
		{"only internal entries", func(r *model.AccountRecord) { r.Timeline[0].Internal = true },
			[]GapKind{GapStaleStakeholder}, "Hank Scorpio was never touched"},
		{"stakeholder who left is not chased", func(r *model.AccountRecord) {
			r.People = append(r.People, model.Person{ID: id(120), AccountID: r.Account.ID, Name: "Gone", Status: model.PersonLeft})
		}, nil, ""},
		{"no transition checklist", func(r *model.AccountRecord) { r.Checklists = nil },
			[]GapKind{GapTransition}, "no outgoing transition checklist"},
		{"transition checklist not finished", func(r *model.AccountRecord) { r.Checklists[0].Steps[1].State = model.StepOpen },
			[]GapKind{GapTransition}, "has 1 open steps"},
		{"other checklist does not count", func(r *model.AccountRecord) { r.Checklists[0].Playbook = "renewal" },
			[]GapKind{GapTransition}, "no outgoing transition checklist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ready()
			tt.modify(&r)
			gaps := Check(r, now)
			var kinds []GapKind
			var texts []string
			for _, g := range gaps {
				kinds = append(kinds, g.Kind)
				texts = append(texts, g.Text)
			}
			if len(kinds) != len(tt.want) {
				t.Fatalf("gaps = %q, want kinds %v", texts, tt.want)
			}
			for i := range kinds {
				if kinds[i] != tt.want[i] {
					t.Errorf("gaps = %q, want kinds %v", texts, tt.want)
				}
			}
			if tt.text != "" && !strings.Contains(strings.Join(texts, "\n"), tt.text) {
				t.Errorf("gaps %q do not say %q", texts, tt.text)
			}
		})
	}
}

func TestCheckNamesStaleStakeholders(t *testing.T) {
	gaps := Check(acme(), now)
	var stale []string
	for _, g := range gaps {
		if g.Kind == GapStaleStakeholder {
			stale = append(stale, g.PersonID)
		}
	}
	// Eve (touched 90 days ago) and Gina (only in an internal note); Frank
	// left, Carol and Dev were touched 5 days ago.
	if strings.Join(stale, " ") != id(12)+" "+id(14) {
		t.Errorf("stale stakeholders = %v", stale)
	}
}
