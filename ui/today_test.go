package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account"
	"bob/ui/common"
	"bob/ui/uitest"
)

// dueBook writes a crafted book around uitest.Now (2026-11-23): overdue,
// today's and this week's steps, tasks and commitments, a missed
// objective, renewals, an untouched account, a quiet sponsor, risks and
// a transition. It returns the ID of the most overdue step.
func dueBook(t *testing.T, ctx *common.Context) string {
	t.Helper()
	day := func(n int) model.Date { return model.DateOf(uitest.Now).AddDays(n) }
	at := uitest.Now.Add(-90 * 24 * time.Hour)
	id := func() string { return model.NewIDAt(at) }
	var recs []model.AccountRecord

	acme := id()
	step := id()
	sponsor := id()
	recs = append(recs, model.AccountRecord{
		Account: model.Account{ID: acme, Name: "Acme Logistics", Health: model.HealthRed, Stage: model.StageRenewal,
			ARR: model.Money{Minor: 45_000_000, Currency: "USD"}, Renewal: day(18), Created: at, Updated: at},
		People: []model.Person{{ID: sponsor, AccountID: acme, Name: "Dana Whitfield", Roles: []model.Role{model.RoleSponsor}, Created: at, Updated: at}},
		Timeline: []model.TimelineEntry{{ID: id(), AccountID: acme, When: uitest.Now.Add(-3 * 24 * time.Hour), Kind: model.KindCall,
			Title: "Renewal check-in", Created: at, Updated: at}},
		Checklists: []model.Checklist{{ID: id(), AccountID: acme, Playbook: model.PlaybookRenewal, Title: "Renewal 2026", Applied: day(-30),
			Steps: []model.Step{
				{ID: id(), Title: "Review usage and value delivered", Due: day(-20), State: model.StepDone},
				{ID: step, Title: "Executive business review held", Due: day(-6)},
				{ID: id(), Title: "Renewal quote sent", Due: day(0)},
				{ID: id(), Title: "Signed order form", Due: day(10)},
			}, Created: at, Updated: at}},
		Commitments: []model.Commitment{{ID: id(), AccountID: acme, What: "Fix the SSO timeout", To: "Dana Whitfield", Due: day(2), Created: at, Updated: at}},
		Risks:       []model.Risk{{ID: id(), AccountID: acme, Title: "Budget cut", Severity: model.SeverityCritical, Created: at, Updated: at}},
	})

	globex := id()
	recs = append(recs, model.AccountRecord{
		Account: model.Account{ID: globex, Name: "Globex Corporation", Health: model.HealthYellow, Stage: model.StageAdoption,
			ARR: model.Money{Minor: 12_000_000, Currency: "EUR"}, Renewal: day(95), Created: at, Updated: at},
		Plans: []model.SuccessPlan{{ID: id(), AccountID: globex, Title: "Beacon rollout", Status: model.PlanActive,
			Objectives: []model.Objective{{ID: id(), Title: "Half of support on Beacon", Due: day(-40)}},
			Tasks: []model.Task{
				{ID: id(), Title: "Train the admins", Owner: "Priya Nair", Due: day(-2)},
				{ID: id(), Title: "Configure SSO", Due: day(5)},
			}, Created: at, Updated: at}},
		Risks:    []model.Risk{{ID: id(), AccountID: globex, Title: "Champion on leave", Severity: model.SeverityHigh, Created: at, Updated: at}},
		Handoffs: []model.Handoff{{ID: id(), AccountID: globex, From: "Sam Rivera", To: "Alex Chen", When: at, Status: model.HandoffPreparing}},
		Checklists: []model.Checklist{{ID: id(), AccountID: globex, Playbook: model.PlaybookTransitionOutgoing, Title: "Outgoing transition",
			Steps:   []model.Step{{ID: id(), Title: "Tell the customer", State: model.StepDone}, {ID: id(), Title: "Transition call", Due: day(7)}},
			Created: at, Updated: at}},
	})

	initech := id()
	recs = append(recs, model.AccountRecord{
		Account: model.Account{ID: initech, Name: "Initech", Health: model.HealthGreen, Stage: model.StageValue,
			ARR: model.Money{Minor: 150_000_000, Currency: "EUR"}, Renewal: day(200), Created: at, Updated: at},
		Timeline: []model.TimelineEntry{{ID: id(), AccountID: initech, When: uitest.Now.Add(-45 * 24 * time.Hour), Kind: model.KindMeeting,
			Title: "Kick-off", Created: at, Updated: at}},
	})
	if err := ctx.Store.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	return step
}

// startToday opens the app on the crafted book and switches to Today.
func startToday(t *testing.T, w, h int) (*App, string) {
	t.Helper()
	ctx := uitest.Context(t, w, h)
	step := dueBook(t, ctx)
	a := New(ctx)
	a.infoTimeout = 0
	uitest.Drive(a, a.Init()(), tea.WindowSizeMsg{Width: w, Height: h})
	home, ok := a.Top().(*Home)
	if !ok || home.ShowingToday() {
		t.Fatalf("the app must open on the account list, not %T", a.Top())
	}
	uitest.Drive(a, uitest.Keys("tab")...)
	if !home.ShowingToday() || home.Today().Agenda() == nil {
		t.Fatal("tab did not show Today")
	}
	return a, step
}

func TestTodayGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("today-%dx%d", size[0], size[1])
		t.Run(name, func(t *testing.T) {
			a, _ := startToday(t, size[0], size[1])
			uitest.Golden(t, name, a.View())
		})
	}
}

func TestTodayEnterOpensTheStepOnPlaybooks(t *testing.T) {
	a, _ := startToday(t, 100, 30)
	view := uitest.Plain(a.View())
	if !strings.Contains(view, "▸ 6d late") || !strings.Contains(view, "Executive business review held") {
		t.Fatalf("the cursor is not on the most overdue step:\n%s", view)
	}
	uitest.Drive(a, uitest.Keys("enter")...)
	acc, ok := a.Top().(*account.Model)
	if !ok {
		t.Fatalf("enter opened %T, want the account", a.Top())
	}
	if acc.Active() != account.TabPlaybooks {
		t.Fatalf("enter opened tab %d, want Playbooks", acc.Active())
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "Executive business review held") {
		t.Fatalf("the step is not in view:\n%s", v)
	}
	// Back on Today, tab returns to the list.
	uitest.Drive(a, uitest.Keys("esc", "tab")...)
	if a.Top().(*Home).ShowingToday() {
		t.Fatal("tab did not switch back to the list")
	}
}

func TestTodayShortSectionsAreWhole(t *testing.T) {
	a, _ := startToday(t, 120, 40)
	home := a.Top().(*Home)
	// Every section of the crafted book is short: no "more" line.
	if v := uitest.Plain(a.View()); strings.Contains(v, "more: enter") {
		t.Fatalf("a short section was cut:\n%s", v)
	}
	// The missed objective has its own section, apart from the steps.
	if n := home.Today().Agenda().Count(model.SectionOverdue); n != 2 {
		t.Fatalf("overdue = %d, want 2", n)
	}
}

func TestTodaySpaceTicksAStepAndItLeaves(t *testing.T) {
	a, step := startToday(t, 100, 30)
	home := a.Top().(*Home)
	uitest.Drive(a, uitest.Keys("space")...)
	ag := home.Today().Agenda()
	if n := ag.Count(model.SectionOverdue); n != 1 {
		t.Fatalf("overdue after ticking = %d, want 1", n)
	}
	for _, it := range ag.Overdue {
		if it.ID == step {
			t.Fatal("the ticked step is still overdue on Today")
		}
	}
	if text, isErr := a.Status(); isErr || !strings.Contains(text, `ticked "Executive business review held" done`) {
		t.Fatalf("status = %q", text)
	}
	v := uitest.Plain(a.View())
	if !strings.Contains(v, "▸ 2d late") {
		t.Fatalf("the cursor did not move to the next item:\n%s", v)
	}
	// A plan task ticks too; a commitment says why it does not.
	uitest.Drive(a, uitest.Keys("space")...)
	if n := home.Today().Agenda().Count(model.SectionOverdue); n != 0 {
		t.Fatalf("overdue after ticking the task = %d, want 0", n)
	}
	// The cursor went on to today's step; the commitment is next.
	if v := uitest.Plain(a.View()); !strings.Contains(v, "▸ today") {
		t.Fatalf("the cursor is not on today's step:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("j")...)
	uitest.Drive(a, uitest.Keys("space")...)
	if text, isErr := a.Status(); !isErr || !strings.Contains(text, "commitment is kept, not ticked") {
		t.Fatalf("space on a commitment: status = %q", text)
	}
}
