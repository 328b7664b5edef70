package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// openFile is os.OpenFile; tests replace it to inject a refusal the
// system would give (they may run as root, who may write any file).
var openFile = os.OpenFile

// deferLeavesAbove is the file size above which Open walks only the meta
// pages, the freelist and the root bucket before it returns, and leaves the
// rest to the reads (each checks what it reaches) and to a walk before the
// first write (Store.checkLeaves): a book of a million timeline entries
// has a quarter of a million leaf pages and thousands of branch pages, and
// walking them took longer than everything else bob does to start, or
// to print one account. Tests lower it.
var deferLeavesAbove int64 = 64 << 20

// preflight looks at the file before bbolt opens it: bbolt would turn an
// empty file into a new database, and its open can panic or fault on a
// damaged one. It returns warnings, whether the file exists, and whether
// its leaf pages are still to be walked.
func preflight(path string, readOnly bool) (warnings []string, exists, leavesLeft bool, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return nil, false, false, nil
	case errors.Is(err, os.ErrPermission):
		return nil, false, false, permissionError(path, err)
	case err != nil:
		return nil, false, false, fmt.Errorf("open %s: %w", path, err)
	case fi.IsDir():
		return nil, true, false, fmt.Errorf("open %s: %w: it is a folder; name the book's file with --db", path, ErrNotABook)
	case fi.Size() == 0:
		return nil, true, false, fmt.Errorf("open %s: %w: the file is empty (0 bytes); delete it to start a new book there, or restore a backup into it with bob backup restore", path, ErrNotABook)
	}
	mode := os.O_RDWR
	if readOnly {
		mode = os.O_RDONLY
	}
	f, err := openFile(path, mode, 0)
	if err != nil {
		if errors.Is(err, os.ErrPermission) {
			return nil, true, false, permissionError(path, err)
		}
		return nil, true, false, fmt.Errorf("open %s: %w", path, err)
	}
	head := make([]byte, pageHeader+8)
	_, rerr := io.ReadFull(f, head)
	f.Close()
	if rerr != nil || !looksLikeBolt(head) && !hasSecondMeta(path) {
		return nil, true, false, fmt.Errorf("open %s: %w: it is not a bbolt database (choose the book's file with --db)", path, ErrNotABook)
	}
	walk := walkTree
	if fi.Size() > deferLeavesAbove {
		walk = walkTop
	}
	problems, err := walkFile(path, walk)
	if err != nil {
		return nil, true, false, fmt.Errorf("open %s: %w", path, err)
	}
	if len(problems) > 0 {
		return nil, true, false, damaged(path, problems[0])
	}
	if fi.Mode().Perm()&0o077 != 0 {
		warnings = append(warnings, fmt.Sprintf("warning: %s can be read by other users (mode %04o); it holds customer data: chmod 600 %s", path, fi.Mode().Perm(), path))
	}
	return warnings, true, walk == walkTop, nil
}

// looksLikeBolt: page 0 is a meta page with bbolt's magic number. (A
// damaged first meta page still counts when the second one is readable;
// the page walk decides.)
func looksLikeBolt(head []byte) bool {
	magic := uint32(head[pageHeader]) | uint32(head[pageHeader+1])<<8 | uint32(head[pageHeader+2])<<16 | uint32(head[pageHeader+3])<<24
	return magic == boltMagic
}

// hasSecondMeta: the first page is not bbolt's, but the second meta page
// is: a book whose start was overwritten, damaged rather than foreign.
func hasSecondMeta(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	for _, psz := range []int64{int64(os.Getpagesize()), 4096, 8192, 16384, 32768, 65536} {
		if _, ok := readMeta(f, 1, psz); ok {
			return true
		}
	}
	return false
}

func permissionError(path string, err error) error {
	return fmt.Errorf("open %s: permission denied: bob needs to read and write the book; if it is yours, make it so with chmod 600 %s (or copy it with cp and open the copy with --db)", path, path)
}

// bookMeta is what Open reads of the book's meta bucket, in one read:
// its schema version, and what was filling it if that stopped midway.
type bookMeta struct {
	version int
	partial string
}

// recognise reads the book's meta bucket, and refuses a bbolt file that
// another program wrote: it has buckets but no bob schema. An empty
// bbolt file (a new book whose first transaction never ran) is a new
// book, of version 0.
func (s *Store) recognise() (bookMeta, error) {
	var m bookMeta
	return m, s.viewSpans([]span{whole(bucketMeta)}, func(tx *bolt.Tx) (err error) {
		if m.version, err = readVersion(tx); err != nil {
			return damaged(s.path, err)
		}
		meta := tx.Bucket(bucketMeta)
		if meta != nil && meta.Get(keySchema) != nil {
			m.partial = string(meta.Get(keyPartial))
			return nil
		}
		var names []string
		_ = tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
			names = append(names, string(name))
			return nil
		})
		if len(names) == 0 {
			return nil
		}
		if len(names) > 3 {
			names = append(names[:3], "...")
		}
		return fmt.Errorf("open %s: %w: it is a bbolt database of another program (buckets %s); bob leaves it alone; choose the book's file with --db", s.path, ErrNotABook, strings.Join(names, ", "))
	})
}

// Verify checks that the file at path is a healthy book without writing
// to it: every page, then the book's rules. It is what a backup must pass
// before it is restored.
func Verify(path string) error {
	st, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer st.Close()
	problems, err := st.Check()
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s fails its check (%s; %d problems in all): choose another backup", path, problems[0], len(problems))
	}
	return nil
}

var keyPartial = []byte("partial")

// MarkPartial records that a long fill of the book (the demo) has begun;
// until ClearPartial, the book says it is partial on every open and bob
// check fails, so a fill stopped half-way is never mistaken for a whole
// one.
func (s *Store) MarkPartial(what string) error {
	return s.wrap("mark the book as being filled", s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keyPartial, []byte(what))
	}))
}

// ClearPartial records that the fill MarkPartial announced has finished.
func (s *Store) ClearPartial() error {
	return s.wrap("mark the book as complete", s.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Delete(keyPartial)
	}))
}

// Partial says what was filling the book when it stopped, or "".
func (s *Store) Partial() string {
	var what string
	_ = s.viewSpans([]span{whole(bucketMeta)}, func(tx *bolt.Tx) error {
		if meta := tx.Bucket(bucketMeta); meta != nil {
			what = string(meta.Get(keyPartial))
		}
		return nil
	})
	return what
}

func partialWarning(path, what string) string {
	return fmt.Sprintf("warning: %s is partial: %s was stopped before it finished; delete the file and run it again", path, what)
}

// IsBookFile reports whether the file at path is a bbolt database: a bob
// book, a backup of one, or another program's database. A file bob writes
// for the user (a CSV, a calendar, contacts, a bundle, bad rows) must never
// replace one: a mistyped -o would throw the whole book away.
func IsBookFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	head := make([]byte, pageHeader+8)
	_, rerr := io.ReadFull(f, head)
	f.Close()
	if rerr == nil && looksLikeBolt(head) {
		return true
	}
	return hasSecondMeta(path)
}
