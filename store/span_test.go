package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// loopedBook writes a book whose timeline bucket's root branch page names
// itself as its second child (a loop of pages, which bbolt would follow
// until the process dies of a stack overflow), opens it as a big book is
// opened (only the top of the file checked), and returns the store, the
// file's bytes and the account whose entries sit under the loop.
func loopedBook(t *testing.T) (*Store, string, []byte, string) {
	t.Helper()
	old := deferLeavesAbove
	deferLeavesAbove = 0
	t.Cleanup(func() { deferLeavesAbove = old })
	raw := bookFile(t, 200)
	path := filepath.Join(t.TempDir(), "book.db")
	if err := os.WriteFile(path, raw, FileMode); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, FileMode, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var root uint64
	db.View(func(tx *bolt.Tx) error {
		root = uint64(tx.Bucket(bucketTimeline).Root())
		return nil
	})
	psz := db.Info().PageSize
	db.Close()
	le := binary.LittleEndian
	page := raw[int(root)*psz:]
	if le.Uint16(page[8:])&flagBranch == 0 || le.Uint16(page[10:]) < 2 {
		t.Fatalf("the timeline's root page %d is not a branch of two children or more", root)
	}
	e := pageHeader + elemSize // the second child
	pos, ksize := int(le.Uint32(page[e:])), int(le.Uint32(page[e+4:]))
	account := string(page[e+pos : e+pos+ksize][:26])
	le.PutUint64(page[e+8:], root)
	if err := os.WriteFile(path, raw, FileMode); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path, nil)
	if err != nil {
		t.Fatalf("open: %v; the loop is below what Open checks", err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path, raw, account
}

// A read of one account checks the pages it reaches before bbolt follows
// them: a loop of pages under that account is damage, reported in one
// line, never a crash, and nothing is written after it.
func TestReadOfOneAccountFindsALoopOfPagesBelowIt(t *testing.T) {
	st, path, raw, account := loopedBook(t)
	for name, read := range map[string]func() error{
		"Record":   func() error { _, err := st.Record(account); return err },
		"Timeline": func() error { _, err := st.Timeline(account, TimelineQuery{Limit: 5}); return err },
		"AccountView": func() error {
			_, err := st.AccountView(account, &PageQuery{Limit: 5})
			return err
		},
		"TimelinePage": func() error { _, err := st.TimelinePage(account, PageQuery{Limit: 5}); return err },
	} {
		if err := read(); !errors.Is(err, ErrDamaged) {
			t.Fatalf("%s: %v, want ErrDamaged", name, err)
		}
	}
	if _, err := st.PutAccount(model.Account{Name: "After", Health: model.HealthGreen}); !errors.Is(err, ErrDamaged) {
		t.Fatalf("a write after damage: %v, want ErrDamaged", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, raw) {
		t.Fatal("bob wrote to a file it found damaged")
	}
}

// A read that does not name what it reads (here a dump) waits for the
// walk of every page first, so it finds the loop wherever it is.
func TestReadOfTheWholeBookFindsALoopOfPages(t *testing.T) {
	st, _, _, _ := loopedBook(t)
	if err := st.Dump(io.Discard); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Dump: %v, want ErrDamaged", err)
	}
}

// The list and the accounts the loop is not under still read: the book
// can be looked at (and backed up) while only a part of it is damaged.
func TestListReadsBesideALoopOfPages(t *testing.T) {
	st, _, _, account := loopedBook(t)
	sums, err := st.Summaries()
	if err != nil || len(sums) == 0 {
		t.Fatalf("Summaries: %d, %v", len(sums), err)
	}
	for _, s := range sums {
		if s.ID != account {
			if _, err := st.Account(s.ID); err != nil {
				t.Fatalf("Account %s: %v", s.ID, err)
			}
			return
		}
	}
}
