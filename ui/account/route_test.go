package account_test

import (
	"strings"
	"testing"

	"bob/model"
	"bob/ui/account"
	"bob/ui/uitest"
)

// A reply comes back addressed to the account and the tab whose command
// made it: another account's view drops it, and another tab of the same
// view never sees it, even when both run the same kind of command (two
// forms saving).
func TestRepliesReachOnlyTheTabThatAsked(t *testing.T) {
	ctx := uitest.Context(t, 120, 40)
	acme := uitest.SampleAccount(t, ctx, "Acme Corp")
	globex, err := ctx.Store.PutAccount(model.Account{Name: "Globex", Stage: model.StageOnboarding})
	if err != nil {
		t.Fatal(err)
	}

	// Both timelines show calls only; Acme's reads its calls again.
	other := account.NewModel(ctx, globex.ID)
	uitest.Drive(other, run(other.Init())...)
	other.SelectTab(account.TabTimeline)
	uitest.Drive(other, uitest.Keys("f")...)
	before := uitest.Plain(other.View())
	view := account.NewModel(ctx, acme.Account.ID)
	uitest.Drive(view, run(view.Init())...)
	view.SelectTab(account.TabTimeline)
	_, cmd := view.Update(uitest.Keys("f")[0])
	replies := run(cmd)

	// The reply is Acme's alone.
	uitest.Drive(other, replies...)
	if got := uitest.Plain(other.View()); got != before || strings.Contains(got, "Quarterly review") {
		t.Fatalf("Globex's view took Acme's replies:\n%s", got)
	}
	uitest.Drive(view, replies...)
	if got := uitest.Plain(view.View()); !strings.Contains(got, "Quarterly review") {
		t.Fatalf("Acme's timeline did not get its own entries:\n%s", got)
	}

	// A stakeholder form open on People, a commitment form on
	// Commitments: saving the commitment closes its form only.
	view.SelectTab(account.TabPeople)
	uitest.Drive(view, uitest.Keys("n")...)
	view.SelectTab(account.TabCommitments)
	uitest.Drive(view, uitest.Keys("n", "c", "Weekly status mail", "ctrl+s")...)
	if got := uitest.Plain(view.View()); strings.Contains(got, "New commitment") || !strings.Contains(got, "Weekly status mail") {
		t.Fatalf("the commitment was not saved and listed:\n%s", got)
	}
	view.SelectTab(account.TabPeople)
	if got := uitest.Plain(view.View()); !strings.Contains(got, "New stakeholder") {
		t.Fatalf("the commitment's save closed the stakeholder form on another tab:\n%s", got)
	}
}
