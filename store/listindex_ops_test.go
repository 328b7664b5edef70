package store

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bob/model"
)

// trickyNames are names whose lower case is longer or shorter than they
// are, that are equal in lower case, that are prefixes of one another,
// and that sort differently by their bytes than by their lower case.
var trickyNames = []string{
	"a", "A", "ab", "AB", "a b", "a-b", "Ab", "aa", "a\u0301", "á",
	"İstanbul", "istanbul", "ISTANBUL", "İ", "i", "I",
	"ẞ Corp", "ß corp", "ss corp", "SS CORP",
	"ΣΊΣΥΦΟΣ", "σίσυφος", "σίσυφοσ", "Σ", "ς", "σ",
	"\u212a", "k", "K", "\u212b", "Å", "å",
	"\u2126", "Ω", "ω", "Ⅻ", "ⅻ", "Ａ", "ａ",
	"ǅ", "Ǆ", "ǆ", "日本", "🙂", "Zürich", "ZÜRICH", "zurich",
	strings.Repeat("ẞ", model.MaxNameLen/3), strings.Repeat("a", model.MaxNameLen),
	"Z", "z", "~", "0", "leading space", "trailing space",
}

// TestListIndexUnderRandomWrites performs random writes of every kind that
// can change an account's summary, and after each one requires the head
// of the list, read from its index, to be the top of Summaries (for every
// length, with and without handed-off accounts), and bob check to find
// nothing. Writes that fail must leave both as they were.
func TestListIndexUnderRandomWrites(t *testing.T) {
	steps := 80
	if testing.Short() {
		steps = 40
	}
	for seed := range uint64(3) {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			r := rand.New(rand.NewPCG(seed, 11))
			st, _ := openTest(t)
			randomWrites(t, st, r, steps)
			// A dump of the book, restored into a new one, has the
			// same list, from an index of its own.
			var dump bytes.Buffer
			if err := st.Dump(&dump); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "restored.db")
			if err := RestoreFile(path, &dump, nil); err != nil {
				t.Fatal(err)
			}
			restored, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer restored.Close()
			if a, b := listState(t, st), listState(t, restored); a != b {
				t.Fatalf("restored from a dump, the list is\n%s\nnot\n%s", b, a)
			}
			headIsTopOfSummaries(t, restored)
			checkClean(t, restored, "a restore from a dump")
		})
	}
}

func randomWrites(t *testing.T, st *Store, r *rand.Rand, steps int) {
	t.Helper()
	name := func() string { return trickyNames[r.IntN(len(trickyNames))] }
	money := func() model.Money {
		cur := []string{"", "USD", "EUR", "JPY"}[r.IntN(4)]
		if cur == "" {
			return model.Money{}
		}
		return model.Money{Minor: int64(r.IntN(1000)), Currency: cur}
	}
	var trash []string
	ids := func() []string {
		all, err := st.Summaries()
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, s := range all {
			out = append(out, s.ID)
		}
		return out
	}
	pick := func() string {
		all := ids()
		if len(all) == 0 {
			return ""
		}
		return all[r.IntN(len(all))]
	}
	for i := range steps {
		var what string
		var err error
		before := listState(t, st)
		failing := false
		switch op := r.IntN(14); {
		case op < 3:
			what = "a new account"
			_, err = st.PutAccount(model.Account{Name: name(), Health: model.HealthGreen, ARR: money()})
		case op == 3:
			what = "a rename"
			if id := pick(); id != "" {
				_, err = st.UpdateAccount(id, func(a *model.Account) error { a.Name = name(); return nil })
			}
		case op == 4:
			what = "a new ARR"
			if id := pick(); id != "" {
				_, err = st.UpdateAccount(id, func(a *model.Account) error { a.ARR = money(); return nil })
			}
		case op == 5:
			what = "a handoff"
			if id := pick(); id != "" {
				status := []model.HandoffStatus{model.HandoffSent, model.HandoffPreparing, model.HandoffTakenBack, model.HandoffReceived}[r.IntN(4)]
				_, err = st.PutHandoff(model.Handoff{AccountID: id, From: "me", To: "Sam", When: t0, Status: status})
			}
		case op == 6:
			what = "a handoff deleted"
			if id := pick(); id != "" {
				hs, herr := st.Handoffs(id)
				if herr != nil {
					t.Fatal(herr)
				}
				if len(hs) > 0 {
					var tid string
					tid, err = st.DeleteHandoff(id, hs[r.IntN(len(hs))].ID)
					trash = append(trash, tid)
				}
			}
		case op == 7:
			what = "a timeline entry"
			if id := pick(); id != "" {
				_, err = st.PutEntry(model.TimelineEntry{AccountID: id, When: t0.Add(time.Duration(r.IntN(1000)) * time.Hour), Kind: model.KindCall, Title: "call"})
			}
		case op == 8:
			what = "an account deleted"
			if id := pick(); id != "" {
				var tid string
				tid, err = st.DeleteAccount(id)
				trash = append(trash, tid)
			}
		case op == 9:
			what = "a restore from the trash"
			if len(trash) > 0 {
				j := r.IntN(len(trash))
				err = st.RestoreTrash(trash[j])
				trash = append(trash[:j], trash[j+1:]...)
				if err != nil {
					// Restoring what is back already (an import
					// brought it) is refused: a failed write.
					failing, err = true, nil
				}
			}
		case op == 10:
			what = "a purge"
			if len(trash) > 0 {
				j := r.IntN(len(trash))
				_, err = st.PurgeTrash(trash[j])
				trash = append(trash[:j], trash[j+1:]...)
			}
		case op == 11:
			what = "an import over accounts and of new ones"
			var recs []model.AccountRecord
			for _, id := range ids() {
				if r.IntN(3) == 0 {
					rec, rerr := st.Record(id)
					if rerr != nil {
						t.Fatal(rerr)
					}
					rec.Account.Name = name()
					rec.Account.ARR = money()
					recs = append(recs, rec)
				}
			}
			for range r.IntN(4) {
				at := t0.Add(time.Duration(r.IntN(1<<20)) * time.Second)
				recs = append(recs, model.AccountRecord{Account: model.Account{ID: model.NewIDAt(at), Name: name(),
					Health: model.HealthYellow, ARR: money(), Created: at, Updated: at}})
			}
			err = st.ReplaceRecords(recs)
		case op == 12:
			what = "a spreadsheet import"
			var accs []model.Account
			for _, id := range ids() {
				if r.IntN(4) == 0 {
					a, aerr := st.Account(id)
					if aerr != nil {
						t.Fatal(aerr)
					}
					a.Name = name()
					accs = append(accs, a)
				}
			}
			accs = append(accs, model.Account{Name: name(), Health: model.HealthRed, ARR: money()})
			err = st.ImportRows(accs, nil)
		case op == 13:
			what = "a failed import (one record invalid)"
			failing = true
			var recs []model.AccountRecord
			for _, id := range ids() {
				rec, rerr := st.Record(id)
				if rerr != nil {
					t.Fatal(rerr)
				}
				rec.Account.Name = name()
				recs = append(recs, rec)
			}
			recs = append(recs, model.AccountRecord{Account: model.Account{ID: model.NewIDAt(t0), Name: "bad\x00name", Health: model.HealthRed}})
			if err = st.ReplaceRecords(recs); err == nil {
				t.Fatal("an invalid import was written")
			}
			err = nil
		}
		if err != nil {
			t.Fatalf("step %d, %s: %v", i, what, err)
		}
		if failing {
			if after := listState(t, st); after != before {
				t.Fatalf("step %d, %s: a failed write changed the list:\n%s\nwas\n%s", i, what, after, before)
			}
		}
		headIsTopOfSummaries(t, st)
		checkClean(t, st, fmt.Sprintf("step %d, %s", i, what))
	}
}

// listState is the whole list and its counts, as text.
func listState(t *testing.T, st *Store) string {
	t.Helper()
	h, err := st.SummariesHead(1<<20, true)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprint(h)
}

// The list's index orders accounts as Summaries does for names whose
// lower case changes their length, names equal in lower case, and names
// that are prefixes of one another: every pair, in both orders of IDs.
func TestListIndexOrdersTrickyNames(t *testing.T) {
	st, _ := openTest(t)
	for _, n := range trickyNames {
		for range 2 {
			if _, err := st.PutAccount(model.Account{Name: n, Health: model.HealthGreen}); err != nil {
				t.Fatalf("%q: %v", n, err)
			}
		}
	}
	headIsTopOfSummaries(t, st)
	checkClean(t, st, "the tricky names")
	// And the key order itself agrees with the comparison Summaries
	// makes, for every pair of names.
	for _, a := range trickyNames {
		for _, b := range trickyNames {
			ka, kb := nameKey([]byte(a), []byte("01A")), nameKey([]byte(b), []byte("01B"))
			want := strings.Compare(strings.ToLower(a), strings.ToLower(b))
			if want == 0 {
				want = -1
			}
			if got := bytes.Compare(ka, kb); got != want {
				t.Errorf("%q vs %q: index order %d, Summaries' %d", a, b, got, want)
			}
		}
	}
}

// The same, with every write of whole records (imports, restores) going
// through a working copy of the book, a few accounts per transaction.
func TestListIndexUnderRandomWritesThroughAWorkingCopy(t *testing.T) {
	throughCopy(t)
	st, _ := openTest(t)
	randomWrites(t, st, rand.New(rand.NewPCG(7, 11)), 60)
}
