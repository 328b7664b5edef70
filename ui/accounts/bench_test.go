package accounts

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/uitest"
)

// bigBook makes n summaries with varied names, tags, stages and dates.
func bigBook(n int) []model.AccountSummary { return uitest.BigBook(n) }

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
// "new" draws every row afresh (a screen of rows not on the last two
// screens), "again" the same screen once more (a keystroke whose matches
// are not back yet), from the rows drawn last.
func BenchmarkAccountListView(b *testing.B) {
	m := benchList(b, 120, 40)
	m.move(5000)
	benchView(b, m)
}

// BenchmarkAccountListViewFiltered draws the list of 10,000 accounts at
// 120x40 filtered by "northwind", with the matched letters of every row
// highlighted, in 256 colours as a terminal shows it: the screen each
// keystroke's matches are drawn on.
func BenchmarkAccountListViewFiltered(b *testing.B) {
	m := benchList(b, 120, 40)
	uitest.Colour(b)
	uitest.Drive(m, uitest.Keys("/", "northwind")...)
	if len(m.rows) == 0 || len(m.rows) == len(m.book.sums) {
		b.Fatalf("%d rows shown", len(m.rows))
	}
	benchView(b, m)
}

func benchView(b *testing.B, m *Model) {
	b.Run("new", func(b *testing.B) {
		for b.Loop() {
			m.draw = drawCache{}
			_ = m.View()
		}
	})
	b.Run("again", func(b *testing.B) {
		for b.Loop() {
			_ = m.View()
		}
	})
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
