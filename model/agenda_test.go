package model

import (
	"testing"
	"time"
)

// agendaBook is a crafted book: three accounts with items due around
// 2026-12-01, a renewal on each side of the 120-day window, touches on
// each side of 30 and 60 days, risks, and transitions.
func agendaBook() ([]AccountSummary, map[string]AccountDue) {
	d := MustDate
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	sums := []AccountSummary{
		{ID: "A", Name: "Acme", Renewal: d("2027-03-31"), Health: HealthRed, LastTouch: at("2026-11-25T10:00:00Z"),
			Handoff: HandoffPreparing, HandoffTo: "Sam"},
		{ID: "B", Name: "beta", Renewal: d("2026-12-01"), LastTouch: at("2026-10-31T23:30:00Z")},
		{ID: "C", Name: "Crux", Renewal: d("2027-04-01")},
		{ID: "H", Name: "Handed", Renewal: d("2026-12-02"), Handoff: HandoffSent},
	}
	due := map[string]AccountDue{
		"A": {AccountID: "A", ActivePlan: true, Items: []DueItem{
			{Kind: DueStep, ID: "a1", Title: "send agenda", Due: d("2026-11-30")},
			{Kind: DueCommitment, ID: "a2", Title: "fix SSO", Due: d("2026-12-01")},
			{Kind: DueTask, ID: "a3", Title: "train admins", Due: d("2026-12-08")},
			{Kind: DueStep, ID: "a4", Title: "too far", Due: d("2026-12-09")},
			{Kind: DueObjective, ID: "a5", Title: "adoption 50%", Due: d("2026-12-02")},
		}, Risks: []DueRisk{{ID: "r1", Title: "budget", Severity: SeverityHigh}},
			Outgoing: []TransitionProgress{{ChecklistID: "t1", Title: "Outgoing transition", Done: 2, Total: 6}},
			KeyPeople: []KeyPerson{{ID: "p1", Name: "Ada", Role: RoleSponsor, LastTouch: at("2026-10-02T12:00:00Z")},
				{ID: "p2", Name: "Cy", Role: RoleChampion, LastTouch: at("2026-10-03T12:00:00Z")}}},
		"B": {AccountID: "B", RenewalChecklist: true, Items: []DueItem{
			{Kind: DueObjective, ID: "b1", Title: "go live", Due: d("2026-11-01")},
			{Kind: DueStep, ID: "b2", Title: "kickoff", Due: d("2026-11-30")},
		}, Risks: []DueRisk{{ID: "r2", Title: "outage", Severity: SeverityCritical}}},
		"C": {AccountID: "C", Outgoing: []TransitionProgress{{ChecklistID: "t2", Title: "Outgoing transition", Done: 1, Total: 3}},
			KeyPeople: []KeyPerson{{ID: "p3", Name: "Never", Role: RoleChampion}}},
		"H": {AccountID: "H", Items: []DueItem{{Kind: DueStep, ID: "h1", Title: "theirs now", Due: d("2026-11-01")}}},
	}
	return sums, due
}

func ids[T any](rows []T, id func(T) string) []string {
	out := []string{}
	for _, r := range rows {
		out = append(out, id(r))
	}
	return out
}

func TestBuildAgendaGroupsAndOrders(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	due := func(r AgendaDue) string { return r.ID }
	tests := []struct {
		name                      string
		now                       time.Time
		overdue, today, coming    []string
		renewals, untouched, keyp []string
	}{
		{
			name:     "morning in UTC",
			now:      time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC),
			overdue:  []string{"a1", "b2"}, // oldest first, then account name
			today:    []string{"a2"},
			coming:   []string{"a3"}, // the objective is not news until missed; a4 is 8 days out
			renewals: []string{"B", "A"},
			// beta's touch was 31 days ago; Crux never: never first.
			untouched: []string{"C", "B"},
			keyp:      []string{"p3", "p1"}, // Cy was touched 59 days ago
		},
		{
			// 23:30 on Nov 30 in Los Angeles is already Dec 1 in UTC: the
			// CSM's own calendar day decides.
			name:      "late evening the day before, in Los Angeles",
			now:       time.Date(2026, 11, 30, 23, 30, 0, 0, la),
			overdue:   []string{},
			today:     []string{"a1", "b2"},
			coming:    []string{"a2"},     // a3 is 8 days out from here
			renewals:  []string{"B"},      // Acme's is 121 days out from here
			untouched: []string{"C", "B"}, // beta's touch was Oct 31 16:30 here: 30 days
			keyp:      []string{"p3"},     // Ada's touch was Oct 2 05:00 here: 59 days
		},
		{
			name:      "just after midnight in Tokyo",
			now:       time.Date(2026, 12, 2, 0, 5, 0, 0, tokyo),
			overdue:   []string{"a1", "b2", "a2"}, // a5, an objective due today, is not missed yet
			today:     []string{},
			coming:    []string{"a3", "a4"},
			renewals:  []string{"A", "C"},
			untouched: []string{"C", "B"},
			keyp:      []string{"p3", "p1", "p2"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sums, idx := agendaBook()
			ag := BuildAgenda(sums, idx, tc.now, AgendaOptions{})
			check := func(what string, got, want []string) {
				t.Helper()
				if len(got) != len(want) {
					t.Fatalf("%s = %v, want %v", what, got, want)
				}
				for i := range got {
					if got[i] != want[i] {
						t.Fatalf("%s = %v, want %v", what, got, want)
					}
				}
			}
			check("overdue", ids(ag.Overdue, due), tc.overdue)
			check("objectives past due", ids(ag.Objectives, due), []string{"b1"})
			check("due today", ids(ag.DueToday, due), tc.today)
			check("coming", ids(ag.Coming, due), tc.coming)
			check("renewals", ids(ag.Renewals, func(r AgendaRenewal) string { return r.AccountID }), tc.renewals)
			check("untouched", ids(ag.Untouched, func(r AgendaUntouched) string { return r.AccountID }), tc.untouched)
			check("key people", ids(ag.KeyPeople, func(r AgendaPerson) string { return r.ID }), tc.keyp)
			check("risks", ids(ag.Risks, func(r AgendaRisk) string { return r.ID }), []string{"r2", "r1"})
			if len(ag.Transitions) != 2 || ag.Transitions[0].Successor != "Sam" || ag.Transitions[1].Successor != "" ||
				ag.Transitions[0].Accounts[0].AccountID != "A" || ag.Transitions[1].Accounts[0].AccountID != "C" {
				t.Fatalf("transitions = %+v", ag.Transitions)
			}
			if ag.Count(SectionTransitions) != 2 {
				t.Fatalf("transition count = %d", ag.Count(SectionTransitions))
			}
		})
	}
}

func TestBuildAgendaDaysWindow(t *testing.T) {
	sums, idx := agendaBook()
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	ag := BuildAgenda(sums, idx, now, AgendaOptions{Days: 14})
	if got := len(ag.Coming); got != 2 {
		t.Fatalf("coming in 14 days = %d rows, want 2", got)
	}
	if got := ag.Title(SectionComing); got != "Due in the next 14 days" {
		t.Fatalf("title = %q", got)
	}
}

func TestAgendaSectionWords(t *testing.T) {
	ag := Agenda{Options: AgendaOptions{Days: 1, RenewalDays: 30, UntouchedDays: 21, KeyPersonDays: 45}}
	want := [SectionCount][2]string{
		SectionOverdue:     {"Overdue", "Nothing overdue."},
		SectionToday:       {"Due today", "Nothing due today."},
		SectionComing:      {"Due in the next 1 day", "Nothing due in the next 1 day."},
		SectionObjectives:  {"Objectives past due", "No objective is past its date."},
		SectionRenewals:    {"Renewals in the next 30 days", "No renewal coming up."},
		SectionUntouched:   {"No external touch in 21 days", "Every account was touched lately."},
		SectionKeyPeople:   {"Sponsors and champions not touched in 45 days", "Every sponsor and champion was touched lately."},
		SectionRisks:       {"Open high and critical risks", "No open high or critical risk."},
		SectionTransitions: {"Accounts in transition", "No account is in transition."},
	}
	for s := range SectionCount {
		if got := [2]string{ag.Title(s), ag.Empty(s)}; got != want[s] {
			t.Errorf("section %d: title and empty line = %q, want %q", s, got, want[s])
		}
	}
	if ag.Title(SectionCount) != "" || ag.Empty(SectionCount) != "" {
		t.Error("a section past the last has words")
	}
}

func TestIndexDueKeepsOnlyOpenDatedItems(t *testing.T) {
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	r := AccountRecord{Account: Account{ID: "A"},
		Checklists: []Checklist{{ID: "c", Playbook: PlaybookRenewal, Title: "Renewal", Steps: []Step{
			{ID: "s1", Title: "open", Due: MustDate("2026-11-02")},
			{ID: "s2", Title: "done", Due: MustDate("2026-11-02"), State: StepDone},
			{ID: "s3", Title: "undated"},
		}}},
		Plans: []SuccessPlan{
			{ID: "p", Title: "Plan", Status: PlanActive, Tasks: []Task{{ID: "t1", Title: "task", Due: MustDate("2026-11-01")}},
				Objectives: []Objective{{ID: "o1", Title: "met", Due: MustDate("2026-10-01"), Status: PlanAchieved}}},
			{ID: "q", Title: "Old plan", Status: PlanAbandoned, Tasks: []Task{{ID: "t2", Title: "dropped with the plan", Due: MustDate("2026-11-01")}}},
		},
		Commitments: []Commitment{{ID: "k", What: "promise", Due: MustDate("2026-11-03"), To: "Ada"},
			{ID: "k2", What: "kept", Due: MustDate("2026-11-03"), Status: CommitmentMet}},
		People: []Person{{ID: "p1", Name: "Ada", Roles: []Role{RoleSponsor}}, {ID: "p2", Name: "Gone", Roles: []Role{RoleChampion}, Status: PersonLeft}},
		Timeline: []TimelineEntry{
			{ID: "e1", When: at, Kind: KindCall, People: []string{"p1"}},
			{ID: "e2", When: at.Add(time.Hour), Kind: KindNote, Internal: true, People: []string{"p1"}},
		},
	}
	d := IndexDue(r)
	got := ids(d.Items, func(i DueItem) string { return i.ID })
	want := []string{"t1", "s1", "k"}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("items = %v, want %v", got, want)
	}
	if !d.RenewalChecklist || !d.ActivePlan {
		t.Fatalf("flags = %+v", d)
	}
	if len(d.KeyPeople) != 1 || !d.KeyPeople[0].LastTouch.Equal(at) {
		t.Fatalf("key people = %+v (an internal note is not a touch; people who left are not watched)", d.KeyPeople)
	}
	if d.EarliestDue() != MustDate("2026-11-01") {
		t.Fatalf("earliest due = %v", d.EarliestDue())
	}
}

func TestDueFilter(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	// 23:30 on Nov 30 in Los Angeles: Dec 1 in UTC, but Nov 30 here.
	now := time.Date(2026, 11, 30, 23, 30, 0, 0, la)
	touched := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	tests := []struct {
		filter string
		sum    AccountSummary
		want   bool
	}{
		{"overdue", AccountSummary{NextDue: MustDate("2026-11-29")}, true},
		{"overdue", AccountSummary{NextDue: MustDate("2026-11-30")}, false}, // due today is not overdue
		{"overdue", AccountSummary{}, false},
		{"renewal:30", AccountSummary{Renewal: MustDate("2026-12-30")}, true},
		{"renewal:30", AccountSummary{Renewal: MustDate("2026-12-31")}, false},
		{"renewal:30", AccountSummary{Renewal: MustDate("2026-11-29")}, false}, // already past
		{"untouched:30", AccountSummary{LastTouch: touched("2026-10-31T08:00:00Z")}, true},
		{"untouched:30", AccountSummary{LastTouch: touched("2026-11-01T08:00:00Z")}, false},
		{"untouched:30", AccountSummary{}, true}, // never touched
		{"", AccountSummary{}, true},
	}
	for _, tc := range tests {
		f, err := ParseDueFilter(tc.filter)
		if err != nil {
			t.Fatal(err)
		}
		if f.String() != tc.filter {
			t.Fatalf("%q written back as %q", tc.filter, f.String())
		}
		if got := f.Match(tc.sum, now); got != tc.want {
			t.Errorf("%s on %+v = %v, want %v", tc.filter, tc.sum, got, tc.want)
		}
	}
	for _, bad := range []string{"soon", "renewal", "renewal:x", "overdue:3", "untouched:-1"} {
		if _, err := ParseDueFilter(bad); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

func TestAgendaDueSections(t *testing.T) {
	ag := Agenda{Overdue: []AgendaDue{{}}, DueToday: make([]AgendaDue, 2),
		Coming: make([]AgendaDue, 3), Objectives: make([]AgendaDue, 4)}
	for _, tt := range []struct {
		s  AgendaSection
		n  int
		ok bool
	}{
		{SectionOverdue, 1, true}, {SectionToday, 2, true}, {SectionComing, 3, true},
		{SectionObjectives, 4, true}, {SectionRenewals, 0, false}, {SectionRisks, 0, false},
	} {
		items, ok := ag.Due(tt.s)
		if len(items) != tt.n || ok != tt.ok {
			t.Errorf("Due(%v) = %d items, %v; want %d, %v", tt.s, len(items), ok, tt.n, tt.ok)
		}
	}
}
