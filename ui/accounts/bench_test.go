package accounts

import (
	"fmt"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

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
	return benchListN(b, w, h, 10_000)
}

func benchListN(b *testing.B, w, h, n int) *Model {
	ctx := uitest.Context(b, w, h)
	m := New(ctx)
	m.SetSize(w, h-2)
	m.Update(loadedMsg{sums: bigBook(n)})
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
				v.query, v.hits = q, m.book.match(q, nil)
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

// BenchmarkFilterKeystroke types an account name of 22 characters or more into the
// filter one key at a time, as a CSM does, at 10,000 and 100,000
// accounts, and reports the cost per keystroke: the match (in a tea.Cmd
// in the app), installing the result and drawing the screen.
func BenchmarkFilterKeystroke(b *testing.B) {
	for _, n := range []int{10_000, 100_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := benchListN(b, 120, 40, n)
			name := ""
			for _, s := range m.book.sums[n/2:] {
				if len(s.Name) >= 22 {
					name = s.Name // unique: the names end in a number
					break
				}
			}
			keys := []tea.Msg{tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/")}}
			for _, r := range name {
				keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
			}
			b.ResetTimer()
			for b.Loop() {
				for _, k := range keys {
					_, cmd := m.Update(k)
					for _, msg := range flatten(cmd) {
						m.Update(msg)
					}
					_ = m.View()
				}
				m.Update(tea.KeyMsg{Type: tea.KeyEsc})
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(name)), "ns/key")
		})
	}
}

// flatten runs a command and returns the messages it makes, batches
// opened (the cursor blink a text input asks for is left out: it sleeps).
func flatten(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, flatten(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}
