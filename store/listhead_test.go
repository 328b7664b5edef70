package store

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// The head of the list is the list's first accounts, in the same order,
// with the same counts, whatever the names' case and letters.
func TestSummariesHeadIsTheTopOfSummaries(t *testing.T) {
	st, _ := openTest(t)
	names := []string{"acme", "Acme", "ACME", "Äpfel GmbH", "apfel", "Zeta", "zeta", "Ölwerk", "beta", "Beta Labs",
		"Émile & Co", "émile", "delta", "Delta", "ß Bau", "Straße", "gamma", "Gamma", "omega", "Omega"}
	for i := range 30 {
		names = append(names, fmt.Sprintf("Account %02d", 29-i))
	}
	var ids []string
	for i, n := range names {
		cur := []string{"USD", "EUR", "GBP"}[i%3]
		a, err := st.PutAccount(model.Account{Name: n, Health: model.HealthGreen, ARR: model.Money{Minor: int64(i % 4 * 100), Currency: cur}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	for _, i := range []int{1, 4, 17, 30} {
		if _, err := st.PutHandoff(model.Handoff{AccountID: ids[i], From: "me", To: "Sam", Status: model.HandoffSent}); err != nil {
			t.Fatal(err)
		}
	}
	if handedOff := headIsTopOfSummaries(t, st); handedOff != 4 {
		t.Fatalf("%d handed off, want 4", handedOff)
	}
}

// headIsTopOfSummaries checks that every head of the list (of any length,
// with handed-off accounts or without) is the top of Summaries, with its
// counts; it returns how many accounts were handed off.
func headIsTopOfSummaries(t *testing.T, st *Store) int {
	t.Helper()
	all, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var kept []model.AccountSummary
	handedOff := 0
	var currencies []string
	for _, s := range all {
		if s.HandedOff() {
			handedOff++
		} else {
			kept = append(kept, s)
		}
		if !s.ARR.IsZero() && !slices.Contains(currencies, s.ARR.Currency) {
			currencies = append(currencies, s.ARR.Currency)
		}
	}
	for _, n := range []int{0, 1, 7, 20, len(all) - 4, len(all), 100} {
		for _, with := range []bool{false, true} {
			h, err := st.SummariesHead(n, with)
			if err != nil {
				t.Fatal(err)
			}
			want := kept
			if with {
				want = all
			}
			want = want[:max(0, min(n, len(want)))]
			if !slices.EqualFunc(h.First, want, func(a, b model.AccountSummary) bool { return fmt.Sprint(a) == fmt.Sprint(b) }) {
				t.Errorf("n %d, handed off %v: head\n%v\nwant\n%v", n, with, nameList(h.First), nameList(want))
			}
			if h.Total != len(all) || h.HandedOff != handedOff {
				t.Errorf("n %d: total %d, handed off %d; want %d, %d", n, h.Total, h.HandedOff, len(all), handedOff)
			}
			slices.Sort(h.Currencies)
			slices.Sort(currencies)
			if !slices.Equal(h.Currencies, currencies) {
				t.Errorf("currencies %v, want %v", h.Currencies, currencies)
			}
		}
	}
	return handedOff
}

// readLeaves, which reads the head of the list with plain reads of the
// file, sees every key and value bbolt sees, in the same order: in a
// bucket of many leaf pages under branch pages, with a summary big
// enough to need overflow pages, and in a bucket small enough to sit
// inline in its parent.
func TestReadLeavesSeesWhatBboltSees(t *testing.T) {
	for _, n := range []int{3, 1_500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			st, path := openTest(t)
			var recs []model.AccountRecord
			for i := range n {
				at := t0.Add(time.Duration(i) * time.Minute)
				acc := model.Account{ID: model.NewIDAt(at), Name: fmt.Sprintf("Account %05d", i), Health: model.HealthGreen, Created: at, Updated: at}
				if i == n/2 {
					for j := range 200 {
						acc.Tags = append(acc.Tags, fmt.Sprintf("a-long-tag-that-makes-the-summary-big-%04d", j))
					}
				}
				recs = append(recs, model.AccountRecord{Account: acc})
			}
			if err := st.ReplaceRecords(recs); err != nil {
				t.Fatal(err)
			}
			type kv struct{ k, v string }
			var walked []kv
			problems, err := readLeaves(path, bucketSummaries, func(k, v []byte) error {
				walked = append(walked, kv{string(k), string(v)})
				return nil
			})
			if err != nil || len(problems) > 0 {
				t.Fatal(problems, err)
			}
			var want []kv
			big := 0
			db, err := bolt.Open(path, FileMode, &bolt.Options{ReadOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			db.View(func(tx *bolt.Tx) error {
				return tx.Bucket(bucketSummaries).ForEach(func(k, v []byte) error {
					want = append(want, kv{string(k), string(v)})
					big = max(big, len(v))
					return nil
				})
			})
			db.Close()
			if len(want) != n || !slices.Equal(walked, want) {
				t.Fatalf("readLeaves saw %d entries, bbolt %d (of %d accounts), or not the same", len(walked), len(want), n)
			}
			if n > 3 && big <= 2*4096 {
				t.Fatalf("the biggest summary is %d bytes: no overflow pages", big)
			}
			// An error from the visitor stops the walk and comes back.
			stop := errors.New("enough")
			seen := 0
			if _, err := readLeaves(path, bucketSummaries, func(k, v []byte) error { seen++; return stop }); err != stop || seen != 1 {
				t.Fatalf("a visitor's error: %v after %d entries, want it after 1", err, seen)
			}
		})
	}
}

func nameList(sums []model.AccountSummary) []string {
	var out []string
	for _, s := range sums {
		out = append(out, s.Name)
	}
	return out
}

// BenchmarkSummariesHead10k reads the first screen's accounts and counts
// of a 10,000-account book; BenchmarkSummaries10k reads the whole list.
func BenchmarkSummariesHead10k(b *testing.B) {
	st, _ := benchBook(b, 10_000, 0)
	b.ResetTimer()
	for b.Loop() {
		if h, err := st.SummariesHead(60, false); err != nil || len(h.First) != 60 || h.Total != 10_000 {
			b.Fatal(len(h.First), h.Total, err)
		}
	}
}

// BenchmarkOpenHead10k opens a 10,000-account book as a big one is opened
// (only the top of the file walked first) and reads the head of the list:
// what the app does before its first screen.
func BenchmarkOpenHead10k(b *testing.B) {
	st, _ := benchBook(b, 10_000, 0)
	path := st.Path()
	if err := st.Close(); err != nil {
		b.Fatal(err)
	}
	old := deferLeavesAbove
	deferLeavesAbove = 0
	b.Cleanup(func() { deferLeavesAbove = old })
	b.ResetTimer()
	for b.Loop() {
		s, err := Open(path, nil)
		if err != nil {
			b.Fatal(err)
		}
		if h, err := s.SummariesHead(60, false); err != nil || h.Total != 10_000 {
			b.Fatal(h.Total, err)
		}
		s.Close()
	}
}
