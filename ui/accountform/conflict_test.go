package accountform

import (
	"strings"
	"testing"

	"bob/model"
	"bob/store"
	"bob/ui/common"
	"bob/ui/uitest"
)

// TestOutsideChangeKeepsTheFormsText: another bob changes the account
// under an open form. The form keeps what was typed, shows the conflict
// with the changed fields, refuses to save until the user chooses, and
// then keeps theirs or the user's as chosen.
func TestOutsideChangeKeepsTheFormsText(t *testing.T) {
	for _, choice := range []string{"ctrl+o", "ctrl+t"} {
		t.Run(choice, func(t *testing.T) {
			ctx := uitest.Context(t, 100, 30)
			rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
			r := &recorder{m: New(ctx, rec.Account.ID)}
			uitest.Drive(r, r.Init()())
			r.m.Form().Focus("health_reason")
			uitest.Drive(r, uitest.Keys(" and a new VP")...)
			typed := r.m.Form().Value("health_reason")

			other, err := store.Open(ctx.Store.Path(), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer other.Close()
			if _, err := other.UpdateAccount(rec.Account.ID, func(a *model.Account) error {
				a.Segment = "strategic"
				a.HealthReason = "exec sponsor left"
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			// An outside change to another account leaves the form alone.
			uitest.Drive(r, common.BookChangedMsg{AccountID: "01JG3MN88R368AZ0G0000024EF", Outside: true})
			if r.m.Form().Conflict() {
				t.Fatal("a change to another account shows a conflict")
			}
			uitest.Drive(r, common.BookChangedMsg{AccountID: rec.Account.ID, Outside: true,
				What: "changed outside: bob import-csv (pid 7) changed Acme Logistics"})
			v := uitest.Plain(r.View())
			if r.m.Form().Value("health_reason") != typed || !strings.Contains(v, typed) {
				t.Fatalf("the typed text was lost:\n%s", v)
			}
			if !strings.Contains(v, "! changed outside: bob import-csv (pid 7) changed Acme Logistics: Segment, Health reason") ||
				!strings.Contains(v, "ctrl+o keeps your edits, ctrl+t takes theirs (then save)") {
				t.Fatalf("the conflict is not shown:\n%s", v)
			}
			uitest.Golden(t, "conflict", r.View())
			uitest.Drive(r, uitest.Keys("ctrl+s")...)
			if a, _ := ctx.Store.Account(rec.Account.ID); a.HealthReason != "exec sponsor left" {
				t.Fatal("saved before the user chose")
			}
			uitest.Drive(r, uitest.Keys(choice)...)
			if r.m.Form().Conflict() {
				t.Fatal("the conflict stays after the choice")
			}
			wantReason, wantSegment := typed, "strategic"
			if choice == "ctrl+t" {
				wantReason = "exec sponsor left"
			}
			if got := r.m.Form().Value("health_reason"); got != wantReason {
				t.Fatalf("after %s the form holds %q, want %q", choice, got, wantReason)
			}
			uitest.Drive(r, uitest.Keys("ctrl+s")...)
			a, _ := ctx.Store.Account(rec.Account.ID)
			// Either way the segment, which the user did not touch, keeps
			// the outside change.
			if a.HealthReason != wantReason || a.Segment != wantSegment {
				t.Fatalf("after %s and save: reason %q segment %q", choice, a.HealthReason, a.Segment)
			}
		})
	}
}
