package store

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"bob/model"
)

// benchBook fills a book with n accounts of `entries` timeline entries
// each, written in batches like the demo does.
func benchBook(b *testing.B, n, entries int) (*Store, []string) {
	b.Helper()
	st, err := Open(filepath.Join(b.TempDir(), "book.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	var ids []string
	batch := make([]model.AccountRecord, 0, 500)
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		acc := model.NewIDAt(at)
		ids = append(ids, acc)
		rec := model.AccountRecord{Account: model.Account{ID: acc, Name: fmt.Sprintf("Account %05d", i), Health: model.HealthGreen,
			ARR: model.Money{Minor: int64(i) * 100_00, Currency: "USD"}, Renewal: model.MustDate("2027-06-01"), Created: at, Updated: at}}
		for j := range entries {
			when := at.Add(-time.Duration(j) * time.Hour)
			rec.Timeline = append(rec.Timeline, model.TimelineEntry{ID: model.NewIDAt(when), AccountID: acc, When: when,
				Kind: model.KindCall, Internal: j%3 == 0, Title: "weekly sync", Body: "notes", Created: when, Updated: when})
		}
		batch = append(batch, rec)
		if len(batch) == cap(batch) {
			if err := st.ReplaceRecords(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := st.ReplaceRecords(batch); err != nil {
		b.Fatal(err)
	}
	return st, ids
}

// BenchmarkSummaries10k loads the account list of a 10,000-account book.
func BenchmarkSummaries10k(b *testing.B) {
	st, _ := benchBook(b, 10_000, 0)
	b.ResetTimer()
	for b.Loop() {
		if sums, err := st.Summaries(); err != nil || len(sums) != 10_000 {
			b.Fatal(len(sums), err)
		}
	}
}

// BenchmarkTimelineRecent reads the newest 50 entries of one account in a
// book of 200,000 entries: a reverse range scan, independent of book size.
func BenchmarkTimelineRecent(b *testing.B) {
	st, ids := benchBook(b, 2_000, 100)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		es, err := st.Timeline(ids[i%len(ids)], TimelineQuery{Limit: 50})
		if err != nil || len(es) != 50 {
			b.Fatal(len(es), err)
		}
		i++
	}
}

// BenchmarkPutEntry adds one entry to an account, including the summary
// refresh that every write does.
func BenchmarkPutEntry(b *testing.B) {
	st, ids := benchBook(b, 100, 100)
	b.ResetTimer()
	for b.Loop() {
		if _, err := st.PutEntry(model.TimelineEntry{AccountID: ids[0], Kind: model.KindCall, Title: "call"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOpenSummaries10k is what starting bob costs the store on a
// 10,000-account book: opening the file (the page walk included) and
// reading the account list.
func BenchmarkOpenSummaries10k(b *testing.B) {
	st, _ := benchBook(b, 10_000, 0)
	path := st.Path()
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		if sums, err := s.Summaries(); err != nil || len(sums) != 10_000 {
			b.Fatal(len(sums), err)
		}
		s.Close()
	}
}

// BenchmarkRecord1000 reads one whole account with 1,000 timeline
// entries: what opening it costs the store.
func BenchmarkRecord1000(b *testing.B) {
	st, ids := benchBook(b, 20, 1_000)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		rec, err := st.Record(ids[i%len(ids)])
		if err != nil || len(rec.Timeline) != 1_000 {
			b.Fatal(len(rec.Timeline), err)
		}
		i++
	}
}

// BenchmarkPutEntry10k adds one entry to an account of a 10,000-account
// book: a write must cost the same whatever the size of the book.
func BenchmarkPutEntry10k(b *testing.B) {
	st, ids := benchBook(b, 10_000, 10)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := st.PutEntry(model.TimelineEntry{AccountID: ids[i%len(ids)], Kind: model.KindCall, Title: "call"}); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkAccount10k reads one account of a 10,000-account book with 10
// entries each: one read transaction, which opens the file read-only and
// closes it again, so the open is most of what it measures.
func BenchmarkAccount10k(b *testing.B) {
	st, ids := benchBook(b, 10_000, 10)
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if _, err := st.Account(ids[i%len(ids)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// BenchmarkChangesIdle is the app's once-a-second poll when no other bob
// wrote: two meta-page reads.
func BenchmarkChangesIdle(b *testing.B) {
	st, _ := benchBook(b, 1_000, 0)
	b.ResetTimer()
	for b.Loop() {
		if ch, _, err := st.Changes(); err != nil || len(ch) != 0 {
			b.Fatal(ch, err)
		}
	}
}

// BenchmarkTimelinePage100k reads pages of 200 entries from cursors spread
// over an account of 100,000 entries, either way: about what the first
// page costs.
func BenchmarkTimelinePage100k(b *testing.B) {
	st, err := Open(filepath.Join(b.TempDir(), "book.db"), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	rec := sampleRecord("Long History Ltd", t0)
	rec.Timeline = nil
	for i := range 100_000 {
		at := t0.Add(-time.Duration(i) * time.Minute)
		rec.Timeline = append(rec.Timeline, model.TimelineEntry{ID: model.NewIDAt(at), AccountID: rec.Account.ID, When: at,
			Kind: model.KindCall, Title: "weekly sync", Body: "usage steady", People: []string{rec.People[i%2].ID}, Created: at, Updated: at})
	}
	rec.Canonicalize()
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		// Never the first or the last entry, so a page either way has
		// entries; start in the middle.
		n := len(rec.Timeline)
		e := rec.Timeline[1+(n/2+i*7919)%(n-2)]
		p, err := st.TimelinePage(rec.Account.ID, PageQuery{From: CursorAt(e), Newer: i%2 == 1, Limit: 200})
		if err != nil || len(p.Entries) == 0 {
			b.Fatal(err)
		}
		i++
	}
}
