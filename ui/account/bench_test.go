package account_test

import (
	"testing"
	"time"

	"bob/model"
	"bob/ui/account"
	"bob/ui/uitest"
)

// BenchmarkOpenAccount1000 opens the 360 view of an account with 1,000
// timeline entries and draws its first full screen: the store reads and
// every tab's first load included.
func BenchmarkOpenAccount1000(b *testing.B) {
	ctx := uitest.Context(b, 120, 40)
	rec := uitest.SampleAccount(b, ctx, "Acme Corp")
	for i := range 1_000 {
		at := uitest.Now.Add(-time.Duration(i+20) * time.Hour)
		rec.Timeline = append(rec.Timeline, model.TimelineEntry{ID: model.NewIDAt(at), AccountID: rec.Account.ID, When: at,
			Kind: model.KindCall, Title: "weekly sync", Body: "## Notes\n- usage steady\n- asked about SSO", Author: "Sam Rivera", Created: at, Updated: at})
	}
	rec.Canonicalize()
	if err := ctx.Store.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		b.Fatal(err)
	}
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
