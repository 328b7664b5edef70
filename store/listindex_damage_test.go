package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// listBook is a book of 60 accounts whose list index spans several
// pages, closed; it returns the file's path.
func listBook(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.db")
	if err := os.WriteFile(path, bookFile(t, 60), FileMode); err != nil {
		t.Fatal(err)
	}
	return path
}

// damageWith changes the closed book at path with fn, as another program
// (or a bad disk) might.
func damageWith(t *testing.T, path string, fn func(tx *bolt.Tx) error) {
	t.Helper()
	db, err := bolt.Open(path, FileMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(fn)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
}

// headRefused opens the book and requires the head of the list to fail
// with ErrDamaged for every length and flag, and never to panic; a write
// after it is refused and the file is left as it was.
func headRefused(t *testing.T, path string, deferred bool, lengths ...int) {
	t.Helper()
	if deferred {
		old := deferLeavesAbove
		deferLeavesAbove = 0
		t.Cleanup(func() { deferLeavesAbove = old })
	}
	before, _ := os.ReadFile(path)
	st, err := Open(path, nil)
	if err != nil {
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("open: %v", err)
		}
		return
	}
	defer st.Close()
	if lengths == nil {
		lengths = []int{1, 40, 1000}
	}
	for _, n := range lengths {
		for _, with := range []bool{false, true} {
			h, err := st.SummariesHead(n, with)
			if !errors.Is(err, ErrDamaged) {
				t.Fatalf("head %d, %v: %v, %d accounts; want ErrDamaged", n, with, err, len(h.First))
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("the error is more than one line: %q", err)
			}
		}
	}
	// bob check names what is wrong (not a runtime error of its own).
	ps, err := st.Check()
	if err != nil || len(ps) == 0 {
		t.Fatalf("check: %v, %v", ps, err)
	}
	for _, p := range ps {
		if strings.Contains(p.String(), "runtime error") {
			t.Errorf("check: %v", p)
		}
	}
	if _, err := st.PutAccount(model.Account{Name: "After", Health: model.HealthGreen}); err == nil {
		t.Fatal("a write after the damage was found went through")
	}
	st.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("bob wrote to a file it found damaged")
	}
}

func TestDamagedListIndexIsAClearError(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(tx *bolt.Tx) error
	}{
		{"a summary in the index is not a summary", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bucketListNames).Cursor().First()
			return tx.Bucket(bucketListNames).Put(k, []byte{0xff, 1, 2})
		}},
		{"a summary in the index is empty", func(tx *bolt.Tx) error {
			k, _ := tx.Bucket(bucketListNames).Cursor().First()
			return tx.Bucket(bucketListNames).Put(k, []byte{})
		}},
		{"a key of the index has no ID", func(tx *bolt.Tx) error {
			b := tx.Bucket(bucketListNames)
			k, v := b.Cursor().First()
			v = bytes.Clone(v)
			if err := b.Delete(bytes.Clone(k)); err != nil {
				return err
			}
			return b.Put([]byte("\x01"), v)
		}},
		{"the index is gone, its counts are not", func(tx *bolt.Tx) error {
			return tx.DeleteBucket(bucketListNames)
		}},
		{"the counts are not counts", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketListCounts).Put(listCountsKey, []byte{listFormat, 0xff})
		}},
		{"the counts are empty", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketListCounts).Put(listCountsKey, []byte{})
		}},
		{"the counts are of a later format", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketListCounts).Put(listCountsKey, []byte{9, 1, 2})
		}},
		{"the counts say more handed off than accounts", func(tx *bolt.Tx) error {
			return tx.Bucket(bucketListCounts).Put(listCountsKey, listCounts{total: 1, handedOff: 2}.encode())
		}},
	} {
		for _, deferred := range []bool{false, true} {
			name := tc.name
			if deferred {
				name += ", leaves walked after open"
			}
			t.Run(name, func(t *testing.T) {
				path := listBook(t)
				damageWith(t, path, tc.damage)
				headRefused(t, path, deferred)
			})
		}
	}
	// An account missing at the end of the index is found by a head
	// that reads to the end (a shorter one shows the list as it is).
	path := listBook(t)
	damageWith(t, path, func(tx *bolt.Tx) error {
		k, _ := tx.Bucket(bucketListNames).Cursor().Last()
		return tx.Bucket(bucketListNames).Delete(bytes.Clone(k))
	})
	headRefused(t, path, false, 59, 1000)
}

// A page of the list's index that is damaged (zeroed, or another kind of
// page) is found by the read of the head, which never panics.
func TestDamagedListIndexPage(t *testing.T) {
	for _, tc := range []struct {
		name string
		page func(b []byte)
	}{
		{"zeroed", func(b []byte) { clear(b) }},
		{"says it is a meta page", func(b []byte) { b[8], b[9] = 0x04, 0 }},
		{"counts 60000 elements", func(b []byte) { b[10], b[11] = 0x60, 0xea }},
		{"points outside the file", func(b []byte) {
			for i := pageHeader; i+16 <= len(b); i += 16 {
				b[i+8], b[i+9], b[i+10], b[i+11] = 0xff, 0xff, 0xff, 0x7f
			}
		}},
	} {
		for _, deferred := range []bool{false, true} {
			name := tc.name
			if deferred {
				name += ", leaves walked after open"
			}
			t.Run(name, func(t *testing.T) {
				path := listBook(t)
				var root uint64
				db, err := bolt.Open(path, FileMode, &bolt.Options{ReadOnly: true})
				if err != nil {
					t.Fatal(err)
				}
				db.View(func(tx *bolt.Tx) error {
					root = uint64(tx.Bucket(bucketListNames).Root())
					return nil
				})
				db.Close()
				if root == 0 {
					t.Fatal("the index is inline: make the book bigger")
				}
				raw, _ := os.ReadFile(path)
				tc.page(raw[root*4096 : (root+1)*4096])
				if err := os.WriteFile(path, raw, FileMode); err != nil {
					t.Fatal(err)
				}
				headRefused(t, path, deferred)
			})
		}
	}
}

// An entry of the index filed under another name than its summary's puts
// the account in the wrong place of the list: the head must not show the
// list in an order that is not the list's without saying so.
func TestListIndexEntryUnderAnotherName(t *testing.T) {
	path := listBook(t)
	damageWith(t, path, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketListNames)
		k, v := b.Cursor().First()
		k, v = bytes.Clone(k), bytes.Clone(v)
		if err := b.Delete(k); err != nil {
			return err
		}
		return b.Put(nameKey([]byte("zzzz"), idOfNameKey(k)), v)
	})
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// The whole list, which reads the index when it can, is read from
	// the summaries themselves when the index does not match them.
	var all []model.AccountSummary
	if err := st.viewSpans([]span{whole(bucketSummaries)}, func(tx *bolt.Tx) (err error) {
		all, err = summariesTx(tx)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := st.Summaries(); err != nil || !slices.EqualFunc(got, all, func(a, b model.AccountSummary) bool { return a.ID == b.ID }) {
		t.Fatalf("the whole list: %v, %v; want the summaries' list %v", nameList(got), err, nameList(all))
	}
	for _, with := range []bool{false, true} {
		h, err := st.SummariesHead(len(all), with)
		if err == nil && (len(h.First) == 0 || h.First[0].ID != all[0].ID) {
			t.Fatalf("the head is %v, the list starts with %v, and no error", nameList(h.First), all[0].Name)
		}
		if err != nil && !errors.Is(err, ErrDamaged) {
			t.Fatalf("head: %v, want ErrDamaged", err)
		}
	}
}
