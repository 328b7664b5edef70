package store

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"bob/model"
)

// Importing into a book that has accounts and entries keeps the timeline's
// ID index right however the IDs interleave with those it holds: the same
// records again change nothing, an entry whose time moved is found at its
// new time only, new entries are indexed among the old ones, and an entry
// ID of another account refuses the write. In one transaction and through
// a working copy (whose index is written in several ranges).
func TestImportIntoABookWithEntries(t *testing.T) {
	for _, viaCopy := range []bool{false, true} {
		name := "one transaction"
		if viaCopy {
			name = "working copy"
		}
		t.Run(name, func(t *testing.T) {
			if viaCopy {
				throughCopy(t)
			}
			st, _ := openTest(t)
			recs := manyRecords(12)
			// Entries of every account, their IDs made at times that
			// interleave across the accounts.
			for i := range recs {
				for k := range 6 {
					at := t0.Add(time.Duration(k*12+i) * time.Minute)
					recs[i].Timeline = append(recs[i].Timeline, model.TimelineEntry{ID: model.NewIDAt(at),
						AccountID: recs[i].Account.ID, When: at, Kind: model.KindNote, Title: "note", Created: at, Updated: at})
				}
				recs[i].Canonicalize()
			}
			if err := st.ReplaceRecords(recs); err != nil {
				t.Fatal(err)
			}
			checkBook(t, st, recs)
			before := dump(t, st)

			// The same records again.
			if err := st.ReplaceRecords(slices.Clone(recs)); err != nil {
				t.Fatal(err)
			}
			if dump(t, st) != before {
				t.Error("importing the same records again changed the book")
			}

			// Some accounts again, with an entry moved, one dropped and
			// new ones between the old IDs.
			var again []model.AccountRecord
			for _, i := range []int{1, 4, 5, 10} {
				r := recs[i]
				r.Timeline = slices.Clone(r.Timeline)
				r.Timeline[0].When = r.Timeline[0].When.Add(90 * time.Minute)
				r.Timeline = slices.Delete(r.Timeline, 2, 3)
				for k := range 5 {
					at := t0.Add(time.Duration(k*12+i)*time.Minute + 30*time.Second)
					r.Timeline = append(r.Timeline, model.TimelineEntry{ID: model.NewIDAt(at),
						AccountID: r.Account.ID, When: at, Kind: model.KindCall, Title: "call", Created: at, Updated: at})
				}
				r.Timeline = r.Canonical().Timeline
				recs[i] = r
				again = append(again, r)
			}
			if err := st.ReplaceRecords(again); err != nil {
				t.Fatal(err)
			}
			checkBook(t, st, recs)

			// An entry of an account the import does not hold.
			before = dump(t, st)
			thief := recs[7]
			thief.Timeline = slices.Clone(thief.Timeline)
			thief.Timeline[3].ID = recs[2].Timeline[4].ID
			thief.Canonicalize()
			err := st.ReplaceRecords([]model.AccountRecord{recs[0], thief, recs[9]})
			if err == nil || !strings.Contains(err.Error(), "another account") {
				t.Fatalf("err = %v, want an entry of another account refused", err)
			}
			if dump(t, st) != before {
				t.Error("a refused import changed the book")
			}
		})
	}
}

// checkBook fails unless the book passes its check, holds recs' timelines
// and finds each entry by its ID where it now is.
func checkBook(t *testing.T, st *Store, recs []model.AccountRecord) {
	t.Helper()
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	for _, r := range recs {
		got, err := st.Record(r.Account.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(entryTimes(got.Timeline), entryTimes(r.Timeline)) {
			t.Errorf("%s: timeline %v, want %v", r.Account.Name, entryTimes(got.Timeline), entryTimes(r.Timeline))
		}
		for _, e := range r.Timeline {
			found, err := st.Entry(e.ID)
			if err != nil || !found.When.Equal(e.When) {
				t.Errorf("entry %s: found at %v (%v), want %v", e.ID, found.When, err, e.When)
			}
		}
	}
}

func entryTimes(es []model.TimelineEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID + "@" + e.When.UTC().Format(time.RFC3339)
	}
	return out
}
