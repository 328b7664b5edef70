package account_test

import (
	"testing"
	"time"

	"bob/model"
	"bob/ui/account"
	"bob/ui/uitest"
)

// benchOpen opens the 360 view of an account with n timeline entries and
// draws its first full screen: the store reads and every tab's first load
// included. The time should not grow with n: the view reads the Timeline
// tab's first page and the entries the touches depend on, never the whole
// timeline.
func benchOpen(b *testing.B, n int) {
	ctx := uitest.Context(b, 120, 40)
	rec := uitest.SampleAccount(b, ctx, "Acme Corp")
	for i := range n {
		at := uitest.Now.Add(-time.Duration(i+20) * time.Hour)
		e := model.TimelineEntry{ID: model.NewIDAt(at), AccountID: rec.Account.ID, When: at,
			Kind: model.KindCall, Title: "weekly sync", Body: "## Notes\n- usage steady\n- asked about SSO", Author: "Sam Rivera", Created: at, Updated: at}
		if i%3 == 0 {
			e.People = []string{rec.People[i%len(rec.People)].ID}
		}
		rec.Timeline = append(rec.Timeline, e)
	}
	rec.Canonicalize()
	if err := ctx.Store.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m := account.NewModel(ctx, rec.Account.ID)
		r := &recorder{m: m}
		uitest.Drive(r, run(m.Init())...)
		if m.View() == "" {
			b.Fatal("nothing drawn")
		}
	}
}

// BenchmarkOpenAccount1000 opens an account of 1,000 entries.
func BenchmarkOpenAccount1000(b *testing.B) { benchOpen(b, 1_000) }

// BenchmarkOpenAccount100000 opens an account of 100,000 entries: about
// what BenchmarkOpenAccount1000 takes.
func BenchmarkOpenAccount100000(b *testing.B) { benchOpen(b, 100_000) }
