package today

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"bob/model"
	"bob/ui/common"
	"bob/ui/uitest"
)

// overdueBook writes n accounts, each with one step overdue by i+1 days
// and a renewal, and returns their records.
func overdueBook(t testing.TB, ctx *common.Context, n int) []model.AccountRecord {
	t.Helper()
	at := uitest.Now.Add(-100 * 24 * time.Hour)
	today := model.DateOf(uitest.Now)
	recs := make([]model.AccountRecord, 0, n)
	for i := range n {
		acc := model.NewIDAt(at)
		recs = append(recs, model.AccountRecord{
			Account: model.Account{ID: acc, Name: fmt.Sprintf("Account %05d", i), Renewal: today.AddDays(1 + i%300),
				ARR: model.Money{Minor: int64(i) * 100_000, Currency: "USD"}, Created: at, Updated: at},
			Checklists: []model.Checklist{{ID: model.NewIDAt(at), AccountID: acc, Playbook: "onboarding", Title: "Onboarding",
				Steps: []model.Step{
					{ID: model.NewIDAt(at), Title: "Kick-off", Due: today.AddDays(-1 - i%40)},
					{ID: model.NewIDAt(at), Title: "Training", Due: today.AddDays(i % 30)},
				}, Created: at, Updated: at}},
			Commitments: []model.Commitment{{ID: model.NewIDAt(at), AccountID: acc, What: "Monthly report", Due: today.AddDays(i % 10), Created: at, Updated: at}},
			Timeline: []model.TimelineEntry{{ID: model.NewIDAt(at), AccountID: acc, When: uitest.Now.Add(-time.Duration(i%90) * 24 * time.Hour),
				Kind: model.KindCall, Title: "Call", Created: at, Updated: at}},
		})
	}
	for start := 0; start < len(recs); start += 1000 {
		if err := ctx.Store.ReplaceRecords(recs[start:min(start+1000, len(recs))]); err != nil {
			t.Fatal(err)
		}
	}
	return recs
}

func loaded(t testing.TB, ctx *common.Context) *Model {
	t.Helper()
	m := New(ctx)
	m.SetSize(ctx.Width, ctx.Height-2)
	uitest.Drive(m, m.Init()())
	if m.Agenda() == nil {
		t.Fatal("Today did not load")
	}
	return m
}

func TestMoreLineShowsTheWholeSection(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	overdueBook(t, ctx, 9)
	m := loaded(t, ctx)
	v := uitest.Plain(m.View())
	if !strings.Contains(v, "Overdue (9)") || !strings.Contains(v, "… 4 more: enter shows them all") {
		t.Fatalf("a long section is not cut to %d rows with a more line:\n%s", SectionRows, v)
	}
	// The most overdue first: account 8 is 9 days late.
	if !strings.Contains(v, "▸ 9d late   Account 00008") {
		t.Fatalf("the most overdue step is not first under the cursor:\n%s", v)
	}
	uitest.Drive(m, uitest.Keys("j", "j", "j", "j", "j", "enter")...)
	v = uitest.Plain(m.View())
	if strings.Contains(v, "… 4 more") || !strings.Contains(v, "1d late   Account 00000") {
		t.Fatalf("enter on the more line did not show the whole section:\n%s", v)
	}
}

func TestEnterOnEmptyTodaySaysWhy(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	m := loaded(t, ctx)
	v := uitest.Plain(m.View())
	for s := model.SectionOverdue; s < model.SectionCount; s++ {
		if !strings.Contains(v, m.Agenda().Empty(s)) && s < model.SectionRisks {
			t.Fatalf("section %q does not say it is empty:\n%s", m.Agenda().Title(s), v)
		}
	}
	cmd := m.open()
	msg, _ := cmd().(common.StatusMsg)
	if !msg.Error || msg.Text == "" {
		t.Fatalf("enter with nothing to open: %+v", msg)
	}
}

// BenchmarkToday reads and lays out Today over a book of 10,000 accounts,
// each with due steps and a commitment: the due-item index and the
// summaries are all it reads.
func BenchmarkToday(b *testing.B) {
	ctx := uitest.Context(b, 120, 40)
	overdueBook(b, ctx, 10_000)
	m := New(ctx)
	m.SetSize(120, 38)
	b.ResetTimer()
	for b.Loop() {
		msg := m.load()()
		m.Update(msg)
		_ = m.View()
	}
}
