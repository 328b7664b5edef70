package store

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
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

// Reading records on several goroutines hands each record to fn once,
// with its index, the same as reading them one by one; a missing account
// or an error from fn stops the walk and is returned.
func TestEachRecordConcurrently(t *testing.T) {
	st, _ := openTest(t)
	var recs []model.AccountRecord
	for _, n := range []string{"Acme", "Bolt", "Cato", "Dune", "Echo", "Fern", "Gala"} {
		recs = append(recs, sampleRecord(n, t0))
	}
	if err := st.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	ids := []string{recs[3].Account.ID, recs[0].Account.ID, recs[6].Account.ID, recs[1].Account.ID, recs[5].Account.ID}
	want, err := st.Records(ids)
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []int{1, 2, 3, 10} {
		got := make([]model.AccountRecord, len(ids))
		seen := make([]atomic.Int32, len(ids))
		err := st.EachRecordConcurrently(ids, workers, func(i int, rec model.AccountRecord) error {
			seen[i].Add(1)
			got[i] = rec
			return nil
		})
		if err != nil {
			t.Fatalf("%d workers: %v", workers, err)
		}
		for i := range ids {
			if seen[i].Load() != 1 {
				t.Errorf("%d workers: record %d handed over %d times", workers, i, seen[i].Load())
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%d workers: the records differ from those read one by one", workers)
		}
	}

	views := make([]model.AccountRecord, len(ids))
	if err := st.EachAccountViewConcurrently(ids, 2, func(i int, rec model.AccountRecord) error {
		views[i] = rec
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for i, id := range ids {
		v, err := st.AccountView(id, nil)
		if err != nil || !reflect.DeepEqual(views[i], v.Record) {
			t.Errorf("account view %d differs from AccountView's (%v)", i, err)
		}
	}

	missing := append(slices.Clone(ids), model.NewID())
	if err := st.EachRecordConcurrently(missing, 2, func(int, model.AccountRecord) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing account: err = %v, want ErrNotFound", err)
	}
	stop := errors.New("stop here")
	var calls atomic.Int32
	err = st.EachRecordConcurrently(ids, 2, func(i int, _ model.AccountRecord) error {
		calls.Add(1)
		return stop
	})
	if !errors.Is(err, stop) || calls.Load() > 2 {
		t.Errorf("an error from fn: err = %v after %d calls, want it returned after at most one call per worker", err, calls.Load())
	}
	if err := st.EachRecordConcurrently(nil, 2, func(int, model.AccountRecord) error { return stop }); err != nil {
		t.Errorf("no accounts: err = %v", err)
	}
}

func TestAccountNames(t *testing.T) {
	st, _ := openTest(t)
	a, b := sampleRecord("Acme", t0), sampleRecord("Bolt", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{a, b}); err != nil {
		t.Fatal(err)
	}
	got, err := st.AccountNames([]string{b.Account.ID, a.Account.ID})
	want := []model.Account{{ID: b.Account.ID, Name: "Bolt"}, {ID: a.Account.ID, Name: "Acme"}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("AccountNames = %v, %v; want %v", got, err, want)
	}
	gone := model.NewID()
	if _, err := st.AccountNames([]string{a.Account.ID, gone}); !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), gone) {
		t.Errorf("missing account: err = %v, want ErrNotFound naming %s", err, gone)
	}
}

// A bulk write large enough to be mapped ahead writes a sound book, and
// neither it nor a small one leaves the file much larger than its pages:
// a map larger than the file is address space, not disk.
func TestBulkWriteSizes(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries int // per account, over 4 accounts
	}{{"small", 2}, {"mapped ahead", 5000}} {
		t.Run(tc.name, func(t *testing.T) {
			st, path := openTest(t)
			var recs []model.AccountRecord
			for a := range 4 {
				r := sampleRecord(fmt.Sprintf("Acme %d", a), t0.Add(time.Duration(a)*time.Hour))
				tmpl := r.Timeline[0]
				r.Timeline = nil
				for i := range tc.entries {
					e := tmpl
					e.ID = model.NewIDAt(t0.Add(time.Duration(a*tc.entries+i) * time.Millisecond))
					e.When = t0.Add(-time.Duration(i) * time.Minute)
					r.Timeline = append(r.Timeline, e)
				}
				recs = append(recs, r)
			}
			if big := growthOf(recs) >= minGrowMap; big != (tc.entries > 2) {
				t.Fatalf("growthOf = %d: mapped ahead %v", growthOf(recs), big)
			}
			if err := st.ReplaceRecords(recs); err != nil {
				t.Fatal(err)
			}
			if probs, err := st.Check(); err != nil || len(probs) != 0 {
				t.Fatalf("check: %v %v", probs, err)
			}
			got, err := st.Records([]string{recs[3].Account.ID})
			if err != nil || len(got[0].Timeline) != tc.entries {
				t.Fatalf("read back: %v", err)
			}
			fi, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			// 4 accounts of 5,000 entries take a few MB; bbolt grows a
			// large file 16 MiB at a time.
			if limit := int64(40 << 20); fi.Size() > limit {
				t.Errorf("the book is %d bytes after the write, more than %d", fi.Size(), limit)
			}
		})
	}
}

// A bulk write counts each account as it is put, and the last only once
// the transaction is committed; a refused write never counts it.
func TestReplaceRecordsProgress(t *testing.T) {
	st, _ := openTest(t)
	recs := []model.AccountRecord{sampleRecord("Acme", t0), sampleRecord("Bolt", t0.Add(time.Hour))}
	var calls [][2]int
	progress := func(done, total int) { calls = append(calls, [2]int{done, total}) }
	if err := st.ReplaceRecordsWith(recs, progress); err != nil {
		t.Fatal(err)
	}
	if want := [][2]int{{0, 2}, {1, 2}, {2, 2}}; !reflect.DeepEqual(calls, want) {
		t.Errorf("progress = %v, want %v", calls, want)
	}
	calls = nil
	a, b := sampleRecord("Cato", t0), sampleRecord("Dune", t0)
	b.Timeline[0].ID = a.Timeline[0].ID // refused in the transaction
	if err := st.ReplaceRecordsWith([]model.AccountRecord{a, b}, progress); err == nil {
		t.Fatal("the write was not refused")
	}
	for _, c := range calls {
		if c[0] == c[1] {
			t.Errorf("a refused write counted every account: %v", calls)
		}
	}
}

func TestRecordsFound(t *testing.T) {
	st, _ := openTest(t)
	a, b := sampleRecord("Acme", t0), sampleRecord("Bolt", t0.Add(time.Hour))
	if err := st.ReplaceRecords([]model.AccountRecord{a, b}); err != nil {
		t.Fatal(err)
	}
	gone := model.NewID()
	got, err := st.RecordsFound([]string{gone, b.Account.ID, a.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := st.Records([]string{a.Account.ID, b.Account.ID})
	if len(got) != 2 || !reflect.DeepEqual(got[a.Account.ID], want[0]) || !reflect.DeepEqual(got[b.Account.ID], want[1]) {
		t.Errorf("RecordsFound = %d records, want Acme and Bolt as Records reads them", len(got))
	}
	if _, ok := got[gone]; ok {
		t.Error("an account not in the book was found")
	}
}

// A write planned from one version of the book is refused, writing
// nothing, once anything else was written to it or a backup was
// restored over it; on the version it was planned from, it writes.
func TestReplaceRecordsSince(t *testing.T) {
	st, path := openTest(t)
	a, b := sampleRecord("Acme", t0), sampleRecord("Bolt", t0.Add(time.Hour))
	if err := st.ReplaceRecords([]model.AccountRecord{a}); err != nil {
		t.Fatal(err)
	}
	_, v, err := st.RecordsFoundAt([]string{a.Account.ID})
	if err != nil {
		t.Fatal(err)
	}
	if !st.Unchanged(v) {
		t.Fatal("the book is said to have changed with nothing written")
	}
	if err := st.ReplaceRecordsSince([]model.AccountRecord{b}, nil, Version{}); !errors.Is(err, ErrChanged) {
		t.Errorf("a write from no version: %v, want ErrChanged", err)
	}
	if err := st.ReplaceRecordsSince([]model.AccountRecord{b}, nil, v); err != nil {
		t.Fatal(err)
	}
	if st.Unchanged(v) {
		t.Error("the book is said to be unchanged after a write")
	}
	c := sampleRecord("Cato", t0)
	if err := st.ReplaceRecordsSince([]model.AccountRecord{c}, nil, v); !errors.Is(err, ErrChanged) {
		t.Errorf("a write on a changed book: %v, want ErrChanged", err)
	}
	if _, err := st.Record(c.Account.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("the refused write wrote: %v", err)
	}

	// A backup restored over the book: the same transaction count may
	// come back, but not the same file.
	backup := path + ".bak"
	if err := st.Backup(backup); err != nil {
		t.Fatal(err)
	}
	_, v, err = st.RecordsFoundAt(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := RestoreBackup(path, backup); err != nil {
		t.Fatal(err)
	}
	if st.Unchanged(v) {
		t.Error("the book is said to be unchanged after a restore")
	}
	if err := st.ReplaceRecordsSince([]model.AccountRecord{c}, nil, v); !errors.Is(err, ErrChanged) {
		t.Errorf("a write on a restored book: %v, want ErrChanged", err)
	}
}

// A read that waited for the lock while a backup was restored reads the
// restored book, not the file it opened before: its version is the
// restored book's, even when both files are at the same transaction. A
// write that waited so lands in the restored book, not in the file the
// rename left behind (where it would be lost).
func TestReadAndWriteAcrossARestore(t *testing.T) {
	st, path := openTest(t)
	a, b, c := sampleRecord("Acme", t0), sampleRecord("Bolt", t0.Add(time.Hour)), sampleRecord("Cato", t0.Add(2*time.Hour))
	if err := st.ReplaceRecords([]model.AccountRecord{a}); err != nil {
		t.Fatal(err)
	}
	other := path + ".other"
	if err := st.Backup(other); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceRecords([]model.AccountRecord{b}); err != nil {
		t.Fatal(err)
	}
	// The other book: the same transactions, another account.
	ot, err := Open(other, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := ot.ReplaceRecords([]model.AccountRecord{c}); err != nil {
		t.Fatal(err)
	}
	ot.Close()
	x, _, _, _ := fileTx(path)
	y, _, _, _ := fileTx(other)
	if x != y {
		t.Fatalf("the two books are at transactions %d and %d, want the same", x, y)
	}
	third := path + ".third"
	if err := st.Backup(third); err != nil {
		t.Fatal(err)
	}

	// A read waits for the lock; a backup is renamed over the book.
	unlock, err := lockFile(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	type read struct {
		found map[string]model.AccountRecord
		v     Version
		err   error
	}
	done := make(chan read)
	go func() {
		found, v, err := st.RecordsFoundAt([]string{b.Account.ID, c.Account.ID})
		done <- read{found, v, err}
	}()
	time.Sleep(300 * time.Millisecond) // the read waits for the lock
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	unlock()
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if _, ok := r.found[b.Account.ID]; ok {
		t.Error("a read that waited for the lock read the file a restore replaced")
	}
	if _, ok := r.found[c.Account.ID]; !ok {
		t.Error("a read that waited for the lock did not read the restored book")
	}
	if !st.Unchanged(r.v) {
		t.Error("a read of the restored book is not its version")
	}

	// A write waits for the lock; another file is renamed over the book.
	unlock, err = lockFile(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	wrote := make(chan error)
	d := sampleRecord("Dune", t0.Add(3*time.Hour))
	go func() { wrote <- st.ReplaceRecords([]model.AccountRecord{d}) }()
	time.Sleep(300 * time.Millisecond)
	if err := os.Rename(third, path); err != nil {
		t.Fatal(err)
	}
	unlock()
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	if _, err := st.Record(d.Account.ID); err != nil {
		t.Errorf("a write that waited for the lock is not in the book at the path: %v", err)
	}
}

// The book's lock, taken while another file is renamed over the book, is
// the lock of the file at the path once it is held.
func TestLockFileAcrossARename(t *testing.T) {
	st, path := openTest(t)
	other := path + ".other"
	if err := st.Backup(other); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockFile(path, time.Second)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan func())
	go func() {
		u, err := lockFile(path, 2*time.Second)
		if err != nil {
			t.Error(err)
			u = func() {}
		}
		got <- u
	}()
	time.Sleep(300 * time.Millisecond)
	if err := os.Rename(other, path); err != nil {
		t.Fatal(err)
	}
	unlock()
	u := <-got
	defer u()
	if again, err := lockFile(path, 100*time.Millisecond); err == nil {
		again()
		t.Error("the lock taken across the rename does not hold the book at the path")
	}
}
