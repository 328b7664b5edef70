package accountform

import (
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/common"
	"bob/ui/uitest"
)

// recorder keeps every message that reaches the form screen, so a test
// can see what it sent (BackMsg, BookChangedMsg, StatusMsg).
type recorder struct {
	m    *Model
	seen []tea.Msg
}

func (r *recorder) Init() tea.Cmd { return r.m.Init() }
func (r *recorder) View() string  { return r.m.View() }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.seen = append(r.seen, msg)
	_, cmd := r.m.Update(msg)
	return r, cmd
}

func (r *recorder) saw(want func(tea.Msg) bool) bool {
	return slices.ContainsFunc(r.seen, want)
}

func isBack(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }
func isChanged(m tea.Msg) bool {
	_, ok := m.(common.BookChangedMsg)
	return ok
}
func isSaved(m tea.Msg) bool {
	s, ok := m.(common.StatusMsg)
	return ok && !s.Error && strings.HasPrefix(s.Text, "saved ")
}

func TestNewAccountSaves(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	r := &recorder{m: New(ctx, "")}
	if !r.m.Capturing() {
		t.Fatal("the name field should have the keys")
	}
	uitest.Drive(r, uitest.Keys("Acme Logistics", "tab", "acme.example", "tab", "mid-market", "tab", "emea pilot")...)
	// Jump to the contract fields and fill ARR and renewal.
	r.m.Form().Focus("arr")
	uitest.Drive(r, uitest.Keys("120k", "tab", "2025-12-01", "tab", "+1y")...)
	uitest.Drive(r, uitest.Keys("ctrl+s")...)
	if !r.saw(isBack) || !r.saw(isChanged) || !r.saw(isSaved) {
		t.Fatalf("after save: back %v, book changed %v, saved status %v", r.saw(isBack), r.saw(isChanged), r.saw(isSaved))
	}
	sums, err := ctx.Store.Summaries()
	if err != nil || len(sums) != 1 {
		t.Fatalf("summaries %v, %v", sums, err)
	}
	a, err := ctx.Store.Account(sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "Acme Logistics" || a.Domain != "acme.example" || a.Segment != "mid-market" ||
		!slices.Equal(a.Tags, []string{"emea", "pilot"}) || a.Owner != "Sam Rivera" {
		t.Errorf("identity not saved: %+v", a)
	}
	if a.ARR != (model.Money{Minor: 12_000_000, Currency: "USD"}) || a.Renewal != model.MustDate("2027-11-23") ||
		a.ContractStart != model.MustDate("2025-12-01") {
		t.Errorf("contract not saved: ARR %v start %v renewal %v", a.ARR, a.ContractStart, a.Renewal)
	}
}

func TestEditKeepsEveryField(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
	r := &recorder{m: New(ctx, rec.Account.ID)}
	uitest.Drive(r, r.Init()())
	if r.m.Form() == nil {
		t.Fatalf("the form did not load:\n%s", r.View())
	}
	if got := r.m.Form().Value("fiscal_year_start"); got != "April" {
		t.Errorf("fiscal year start shows %q, want April", got)
	}
	r.m.Form().Focus("health_reason")
	uitest.Drive(r, uitest.Keys(" and a new VP", "ctrl+s")...)
	a, err := ctx.Store.Account(rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := rec.Account
	want.HealthReason += " and a new VP"
	want.Updated = a.Updated
	// Every field the form shows comes back as it was, except the edit.
	if !equalAccounts(a, want) {
		t.Fatalf("edit changed more than it should:\n got %+v\nwant %+v", a, want)
	}
}

func equalAccounts(a, b model.Account) bool {
	return a.Name == b.Name && a.Domain == b.Domain && a.Segment == b.Segment && slices.Equal(a.Tags, b.Tags) &&
		a.Owner == b.Owner && a.Stage == b.Stage && a.Health == b.Health && a.HealthReason == b.HealthReason &&
		a.HealthScore == b.HealthScore && a.ARR == b.ARR && a.ContractStart == b.ContractStart && a.Renewal == b.Renewal &&
		a.Entitlements == b.Entitlements && a.Expansion == b.Expansion && a.FiscalYearStart == b.FiscalYearStart &&
		a.Goals == b.Goals && slices.Equal(a.Products, b.Products) && a.UseCases == b.UseCases &&
		a.Challenges == b.Challenges && a.Projects == b.Projects && a.TechStack == b.TechStack &&
		a.DecisionRhythm == b.DecisionRhythm && a.RelationshipHistory == b.RelationshipHistory &&
		a.CustomerContext == b.CustomerContext && a.InternalContext == b.InternalContext &&
		a.UnwrittenKnowledge == b.UnwrittenKnowledge && a.ID == b.ID && a.Created.Equal(b.Created) &&
		a.Team == b.Team && a.RenewalOutcome == b.RenewalOutcome
}

// TestAccountTeamAndRenewalOutcome: the account team and the renewal
// outcome are edited in the form and kept by the next edit.
func TestAccountTeamAndRenewalOutcome(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
	r := &recorder{m: New(ctx, rec.Account.ID)}
	uitest.Drive(r, r.Init()())
	r.m.Form().Focus("team.account_executive")
	uitest.Drive(r, uitest.Keys("Sam Seller <sam@example.com>", "tab", "tab", "tab", "Northwind", "ctrl+s")...)
	a, err := ctx.Store.Account(rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Team.AccountExecutive != "Sam Seller <sam@example.com>" || a.Team.Partner != "Northwind" || a.Team.Support != "" {
		t.Fatalf("team after saving: %+v", a.Team)
	}
	a.RenewalOutcome = model.RenewalNegotiating
	if _, err := ctx.Store.PutAccount(a); err != nil {
		t.Fatal(err)
	}
	r = &recorder{m: New(ctx, rec.Account.ID)}
	uitest.Drive(r, r.Init()())
	if got := r.m.Form().Value("renewal_outcome"); got != "in negotiation" {
		t.Errorf("renewal outcome shows %q", got)
	}
	if got := r.m.Form().Value("team.partner"); got != "Northwind" {
		t.Errorf("partner shows %q", got)
	}
}

func TestValidationShowsNextToField(t *testing.T) {
	cases := []struct {
		name, field string
		keys        []string
		want        string
	}{
		{"empty name", "name", nil, "is required"},
		{"bad domain", "domain", []string{"tab", "not a domain"}, "bare domain"},
		{"renewal before start", "renewal", nil, "before the contract start"},
		{"score out of range", "health_score", nil, "between 0 and 100"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := uitest.Context(t, 100, 30)
			r := &recorder{m: New(ctx, "")}
			if c.field != "name" {
				uitest.Drive(r, uitest.Keys("Acme")...)
			}
			uitest.Drive(r, uitest.Keys(c.keys...)...)
			switch c.field {
			case "renewal":
				r.m.Form().Focus("contract_start")
				uitest.Drive(r, uitest.Keys("2026-01-01", "tab", "2025-01-01")...)
			case "health_score":
				r.m.Form().Focus("health_score")
				uitest.Drive(r, uitest.Keys("140")...)
			}
			uitest.Drive(r, uitest.Keys("ctrl+s")...)
			if got := r.m.Form().Error(c.field); !strings.Contains(got, c.want) {
				t.Fatalf("error under %s = %q, want it to contain %q\n%s", c.field, got, c.want, uitest.Plain(r.View()))
			}
			if r.saw(isBack) {
				t.Fatal("a refused save closed the form")
			}
			if n, _ := ctx.Store.Count(); n != 0 {
				t.Fatalf("%d accounts written by a refused save", n)
			}
		})
	}
}

func TestMissingAccountReportsError(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	r := &recorder{m: New(ctx, model.NewID())}
	uitest.Drive(r, r.Init()())
	if !strings.Contains(uitest.Plain(r.View()), "could not be loaded") {
		t.Fatalf("no load error shown:\n%s", uitest.Plain(r.View()))
	}
	uitest.Drive(r, uitest.Keys("esc")...)
	if !r.saw(isBack) {
		t.Fatal("esc did not go back from a failed load")
	}
}

func TestGolden(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
	m := New(ctx, rec.Account.ID)
	m.SetSize(100, 28)
	uitest.Drive(m, m.Init()())
	uitest.Golden(t, "edit-100x30", m.View())
}

// TestSaveNeverBringsBackADeletedAccount: the form saves through
// UpdateAccount, so an account deleted while it was open is not written
// again from the form's copy; the save says it is gone.
func TestSaveNeverBringsBackADeletedAccount(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
	r := &recorder{m: New(ctx, rec.Account.ID)}
	uitest.Drive(r, r.Init()())
	if _, err := ctx.Store.DeleteAccount(rec.Account.ID); err != nil {
		t.Fatal(err)
	}
	r.m.Form().Focus("health_reason")
	uitest.Drive(r, uitest.Keys(" and a new VP", "ctrl+s")...)
	if n, _ := ctx.Store.Count(); n != 0 {
		t.Fatalf("saving the form brought the deleted account back (%d accounts)", n)
	}
	if r.saw(isChanged) {
		t.Error("a failed save announced a change")
	}
}
