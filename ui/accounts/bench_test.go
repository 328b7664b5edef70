package accounts

import (
	"fmt"
	"testing"
	"time"

	"bob/model"
	"bob/ui/uitest"
)

// bigBook makes n summaries with varied names, tags, stages and dates,
// without a store: the benchmarks measure the list, not bbolt.
func bigBook(n int) []model.AccountSummary {
	first := []string{"Northwind", "Contoso", "Fabrikam", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Aperture"}
	second := []string{"Logistics", "Health", "Foods", "Energy", "Bank", "Retail", "Labs", "Systems", "Freight", "Media"}
	tags := []string{"emea", "amer", "apac", "pilot", "strategic", "smb", "partner"}
	out := make([]model.AccountSummary, n)
	for i := range out {
		out[i] = model.AccountSummary{
			ID:        fmt.Sprintf("%026d", i),
			Name:      fmt.Sprintf("%s %s %d", first[i%len(first)], second[(i/len(first))%len(second)], i),
			Domain:    fmt.Sprintf("acct%d.example.com", i),
			Tags:      []string{tags[i%len(tags)], tags[(i/3)%len(tags)]},
			Stage:     model.Stages[i%len(model.Stages)],
			Health:    model.Healths[i%len(model.Healths)],
			ARR:       model.Money{Minor: int64(i%997) * 100_000, Currency: "USD"},
			Renewal:   model.DateOf(uitest.Now.AddDate(0, 0, i%700-100)),
			LastTouch: uitest.Now.Add(-time.Duration(i%200) * 24 * time.Hour),
			OpenTasks: i % 7,
		}
	}
	return out
}

func benchList(b *testing.B, w, h int) *Model {
	ctx := uitest.Context(b, w, h)
	m := New(ctx)
	m.SetSize(w, h-2)
	m.Update(loadedMsg{sums: bigBook(10_000)})
	return m
}

// BenchmarkAccountListView draws the list of 10,000 accounts at 120x40:
// only the visible rows are drawn, so this must not grow with the book.
func BenchmarkAccountListView(b *testing.B) {
	m := benchList(b, 120, 40)
	m.move(5000)
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkAccountListFilter runs what one keystroke in the filter costs
// with 10,000 accounts: the fuzzy match over names, tags and domains (in
// a tea.Cmd in the app) and arranging the matching rows.
func BenchmarkAccountListFilter(b *testing.B) {
	m := benchList(b, 120, 40)
	for _, q := range []string{"n", "nor", "northwind log"} {
		b.Run(fmt.Sprintf("%q", q), func(b *testing.B) {
			for b.Loop() {
				v := m.view
				v.query, v.hits = q, m.book.match(q)
				_ = m.book.arrange(v)
			}
		})
	}
}

// BenchmarkAccountListSort arranges 10,000 accounts in each order.
func BenchmarkAccountListSort(b *testing.B) {
	m := benchList(b, 120, 40)
	for o := ByName; o < orderCount; o++ {
		b.Run(o.String(), func(b *testing.B) {
			v := m.view
			v.order = o
			for b.Loop() {
				_ = m.book.arrange(v)
			}
		})
	}
}
