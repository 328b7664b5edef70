package store

import (
	"strings"
	"testing"
	"time"

	"bob/model"
)

// A bulk write collects the timeline index and writes it sorted at the
// end; it must keep the rules of writing entries one by one.
func TestReplaceRecordsTimelineIndex(t *testing.T) {
	tests := []struct {
		name    string
		recs    func() []model.AccountRecord
		refused bool
		entries map[string]int // account name → entries after the write
	}{
		{"entry ID shared by two accounts in one write", func() []model.AccountRecord {
			a, b := sampleRecord("Acme", t0), sampleRecord("Bolt", t0)
			b.Timeline[0].ID = a.Timeline[0].ID
			return []model.AccountRecord{a, b}
		}, true, nil},
		{"same account twice: the later record wins", func() []model.AccountRecord {
			a := sampleRecord("Acme", t0)
			later := a
			later.Account.Name = "Acme Corp"
			later.Timeline = append([]model.TimelineEntry(nil), a.Timeline...)
			later.Timeline[0].When = later.Timeline[0].When.Add(time.Hour)
			later.Timeline = later.Timeline[:1]
			return []model.AccountRecord{a, later}
		}, false, map[string]int{"Acme Corp": 1}},
		{"many accounts in any order", func() []model.AccountRecord {
			var recs []model.AccountRecord
			for _, n := range []string{"Zed", "Acme", "Mid", "Bolt"} {
				recs = append(recs, sampleRecord(n, t0))
			}
			recs[0], recs[3] = recs[3], recs[0]
			return recs
		}, false, map[string]int{"Zed": 2, "Acme": 2, "Mid": 2, "Bolt": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, _ := openTest(t)
			before := dump(t, st)
			err := st.ReplaceRecords(tt.recs())
			if tt.refused {
				if err == nil || !strings.Contains(err.Error(), "another account") {
					t.Fatalf("err = %v, want a refusal", err)
				}
				if after := dump(t, st); after != before {
					t.Fatal("the refused write changed the book")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			sums, _ := st.Summaries()
			if len(sums) != len(tt.entries) {
				t.Fatalf("%d accounts, want %d", len(sums), len(tt.entries))
			}
			for _, s := range sums {
				tl, err := st.Timeline(s.ID, TimelineQuery{})
				if err != nil || len(tl) != tt.entries[s.Name] {
					t.Errorf("%s: %d entries (%v), want %d", s.Name, len(tl), err, tt.entries[s.Name])
				}
			}
			if probs, err := st.Check(); err != nil || len(probs) != 0 {
				t.Fatalf("check: %v %v", probs, err)
			}
		})
	}
}
