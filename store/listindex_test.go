package store

import (
	"bytes"
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// checkClean fails the test when bob check finds anything wrong.
func checkClean(t *testing.T, st *Store, after string) {
	t.Helper()
	ps, err := st.Check()
	if err != nil || len(ps) > 0 {
		t.Fatalf("after %s: check: %v %v", after, ps, err)
	}
}

// Every write that changes an account's place in the list or the
// header's counts (a new account, a rename, a new ARR currency, a
// handoff, a delete, a restore from the trash, an import over an account)
// keeps the list's index and counts in step: the head read from them is
// the top of the whole list, and bob check finds nothing.
func TestListIndexFollowsEveryWrite(t *testing.T) {
	st, _ := openTest(t)
	var ids []string
	for i, n := range []string{"Beta", "alpha", "Gamma", "delta", "Epsilon", "zeta", "Eta", "theta"} {
		a, err := st.PutAccount(model.Account{Name: n, Health: model.HealthGreen,
			ARR: model.Money{Minor: int64(100 * (i % 3)), Currency: []string{"USD", "EUR"}[i%2]}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	step := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		headIsTopOfSummaries(t, st)
		checkClean(t, st, what)
	}
	step("the accounts are made", nil)
	update := func(id string, change func(a *model.Account)) error {
		_, err := st.UpdateAccount(id, func(a *model.Account) error { change(a); return nil })
		return err
	}
	step("a rename to the end of the list", update(ids[1], func(a *model.Account) { a.Name = "Zulu" }))
	step("a rename in case only", update(ids[0], func(a *model.Account) { a.Name = "BETA" }))
	step("a new currency", update(ids[2], func(a *model.Account) { a.ARR = model.Money{Minor: 5000, Currency: "GBP"} }))
	step("the only account in a currency loses its ARR", update(ids[2], func(a *model.Account) { a.ARR = model.Money{} }))
	_, err := st.PutHandoff(model.Handoff{AccountID: ids[3], From: "me", To: "Sam", Status: model.HandoffSent})
	step("a handoff", err)
	trashID, err := st.DeleteAccount(ids[4])
	step("a delete", err)
	step("a restore", st.RestoreTrash(trashID))
	trashID, err = st.DeleteAccount(ids[5])
	step("another delete", err)
	_, err = st.PurgeTrash(trashID)
	step("a purge", err)
	rec, err := st.Record(ids[6])
	if err != nil {
		t.Fatal(err)
	}
	rec.Account.Name = "Aardvark Imports"
	rec.Account.ARR = model.Money{Minor: 1, Currency: "JPY"}
	step("an import over an account", st.ReplaceRecords([]model.AccountRecord{rec}))
	var recs []model.AccountRecord
	for i := range 300 {
		at := t0.Add(time.Duration(i) * time.Minute)
		recs = append(recs, model.AccountRecord{Account: model.Account{ID: model.NewIDAt(at), Name: "Imported " + strconv.Itoa(299-i),
			Health: model.HealthYellow, Created: at, Updated: at}})
	}
	step("an import of many", st.ReplaceRecords(recs))
}

// A book opened read-only before its upgrade has no list index: its head
// is read from every summary, the same head; the upgrade builds the index.
func TestHeadOfABookWithoutTheListIndex(t *testing.T) {
	st, path := openTest(t)
	for _, n := range []string{"Beta", "alpha", "Gamma"} {
		mustAccount(t, st, n)
	}
	st.Close()
	damageWith(t, path, func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketListNames, bucketListCounts} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("6"))
	})
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok, err := ro.indexedHead(2, false); ok || err != nil {
		t.Fatalf("a book without the index: indexed head %v, %v", ok, err)
	}
	// A backup from before the index passes its check, so that it can
	// be restored.
	checkClean(t, ro, "opening a book of schema 6 read-only")
	if h, err := ro.SummariesHead(2, false); err != nil || h.Total != 3 || len(h.First) != 2 || h.First[0].Name != "alpha" {
		t.Fatalf("head %+v, %v", h, err)
	}
	ro.Close()
	var told []int
	st, err = Open(path, &Options{Upgrading: func(from, to int) { told = append(told, from, to) }})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(told) != 2 || told[0] != 6 || told[1] != SchemaVersion() {
		t.Fatalf("told of the upgrade %v, want once, from 6 to %d", told, SchemaVersion())
	}
	again, err := Open(path, &Options{Upgrading: func(from, to int) { t.Errorf("told of an upgrade from %d to %d of a book upgraded", from, to) }})
	if err != nil {
		t.Fatal(err)
	}
	again.Close()
	if h, ok, err := st.indexedHead(2, false); !ok || err != nil || h.Total != 3 {
		t.Fatalf("after the upgrade: indexed head %+v %v, %v", h, ok, err)
	}
	headIsTopOfSummaries(t, st)
	checkClean(t, st, "the upgrade")
}

// bob check tells when the list's index or counts are out of step with
// the summaries.
func TestCheckFindsTheListIndexOutOfStep(t *testing.T) {
	for _, tc := range []struct {
		name, want string
		damage     func(tx *bolt.Tx) error
	}{
		{"an account missing", "holds 1 accounts, the summaries 2", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketListNames).Cursor()
			k, _ := c.First()
			return tx.Bucket(bucketListNames).Delete(k)
		}},
		{"a stale summary", "does not hold the summary", func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketListNames).Cursor()
			k, v := c.First()
			return tx.Bucket(bucketListNames).Put(k, append([]byte(nil), v[:len(v)-1]...))
		}},
		{"wrong counts", "say 5 accounts", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketListCounts).Put(listCountsKey, listCounts{total: 5}.encode())
		}},
		{"counts cut short", "cut short", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketListCounts).Put(listCountsKey, []byte{listFormat, 2})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st, path := openTest(t)
			mustAccount(t, st, "Acme")
			mustAccount(t, st, "Globex")
			st.Close()
			damageWith(t, path, tc.damage)
			st, err := Open(path, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			ps, err := st.Check()
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, p := range ps {
				found = found || strings.Contains(p.String(), tc.want)
			}
			if !found {
				t.Fatalf("check found %v, want %q", ps, tc.want)
			}
		})
	}
}

// The counts' encoding reads back what it wrote, and refuses what it did
// not write.
func TestListCountsEncoding(t *testing.T) {
	c := listCounts{total: 12, handedOff: 3, currencies: map[string]int{"USD": 7, "EUR": 2}}
	got, err := decodeListCounts(c.encode())
	if err != nil || got.total != 12 || got.handedOff != 3 || got.currencies["USD"] != 7 || got.currencies["EUR"] != 2 || len(got.currencies) != 2 {
		t.Fatalf("%+v, %v", got, err)
	}
	for _, bad := range [][]byte{{9}, {listFormat}, {listFormat, 1, 2, 0}, {listFormat, 2, 1, 1, 200, 'U'}, append(c.encode(), 0)} {
		if _, err := decodeListCounts(bad); err == nil {
			t.Errorf("% x: read without an error", bad)
		}
	}
}

// A walk of a big book's pages that could not run (the file could not be
// opened) does not let a write go ahead on pages nobody checked: the
// write runs the walk again, and is refused while it still cannot run.
func TestAWriteWaitsForAWalkThatRan(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	st.Close()
	old := deferLeavesAbove
	deferLeavesAbove = 0
	t.Cleanup(func() { deferLeavesAbove = old })
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	failing := errors.New("too many open files")
	openForWalk = func(string) (*os.File, error) { return nil, failing }
	t.Cleanup(func() { openForWalk = os.Open })
	before, _ := os.ReadFile(path)
	if _, err := st.PutAccount(model.Account{Name: "Globex", Health: model.HealthGreen}); !errors.Is(err, failing) {
		t.Fatalf("a write with the walk failing: %v, want its error", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the book was written to without its pages checked")
	}
	openForWalk = os.Open
	if _, err := st.PutAccount(model.Account{Name: "Globex", Health: model.HealthGreen}); err != nil {
		t.Fatalf("a write once the walk can run: %v", err)
	}
}
