package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// bookFile writes a book of n accounts (several pages of every bucket)
// and returns its bytes.
func bookFile(t *testing.T, n int) []byte {
	t.Helper()
	st, path := openTest(t)
	var recs []model.AccountRecord
	for i := range n {
		recs = append(recs, sampleRecord(fmt.Sprintf("Account %03d", i), t0.Add(time.Duration(i)*time.Minute)))
	}
	if err := st.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteAccount(recs[0].Account.ID); err != nil {
		t.Fatal(err)
	}
	st.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// useEverything runs every read and one write on a book that may be
// damaged. What it must never do is crash; what it found is returned.
func useEverything(st *Store) (problems []Problem, errs []error) {
	collect := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	// The head of the list first: it reads the summaries with plain
	// reads of the file (readLeaves), before anything else has looked.
	_, err := st.SummariesHead(40, true)
	collect(err)
	sums, err := st.Summaries()
	collect(err)
	for _, s := range sums {
		_, err := st.Record(s.ID)
		collect(err)
		_, err = st.Timeline(s.ID, TimelineQuery{})
		collect(err)
	}
	_, err = st.Trash()
	collect(err)
	collect(st.Dump(io.Discard))
	problems, err = st.Check()
	collect(err)
	_, err = st.PutAccount(model.Account{Name: "Written after damage", Health: model.HealthGreen})
	collect(err)
	return problems, errs
}

// TestDamagedFilesNeverCrashAndAreNeverWritten: truncated files and
// flipped bytes either fail to open with ErrDamaged, or open and then
// every use fails or check reports problems; a file found damaged is
// never written to; nothing panics or faults.
func TestDamagedFilesNeverCrashAndAreNeverWritten(t *testing.T) {
	good := bookFile(t, 60)
	type fault struct {
		name  string
		apply func([]byte) []byte
	}
	faults := []fault{
		{"cut in half", func(b []byte) []byte { return b[:len(b)/2] }},
		{"cut to three pages", func(b []byte) []byte { return b[:3*4096] }},
		{"first meta page zeroed", func(b []byte) []byte { clear(b[:4096]); return b }},
		{"root page zeroed", func(b []byte) []byte { clear(b[4096*3 : 4096*4]); return b }},
		// Open leaves the freelist of a big book to the walk after it
		// (only a write reads it): that walk, before the write, finds it.
		{"freelist lists a page outside the file", func(b []byte) []byte {
			le := binary.LittleEndian
			for meta := range 2 {
				free := le.Uint64(b[meta*4096+pageHeader+32:])
				at := int(free)*4096 + pageHeader
				if le.Uint16(b[int(free)*4096+10:]) == 0 {
					panic("the book has no free pages")
				}
				le.PutUint64(b[at:], 1<<40)
			}
			return b
		}},
	}
	for seed := range uint64(24) {
		n := []int{64, 4}[seed%2]
		faults = append(faults, fault{fmt.Sprintf("%d bytes flipped, seed %d", n, seed), func(b []byte) []byte {
			r := rand.New(rand.NewPCG(seed, 7))
			for range n {
				b[r.IntN(len(b))] ^= byte(1 + r.IntN(255))
			}
			return b
		}})
	}
	for _, f := range faults {
		for _, deferred := range []bool{false, true} {
			name := f.name
			if deferred {
				// As a big book is opened: the leaf pages are walked
				// after Open returns, and before the first write.
				name += ", leaves walked after open"
			}
			t.Run(name, func(t *testing.T) { damagedFileCase(t, f.apply, good, deferred) })
		}
	}
}

func damagedFileCase(t *testing.T, apply func([]byte) []byte, good []byte, deferred bool) {
	if deferred {
		old := deferLeavesAbove
		deferLeavesAbove = 0
		t.Cleanup(func() { deferLeavesAbove = old })
	}
	path := filepath.Join(t.TempDir(), "book.db")
	bad := apply(bytes.Clone(good))
	if err := os.WriteFile(path, bad, FileMode); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path, nil)
	if err != nil {
		if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrNotABook) {
			t.Fatalf("open: %v, want ErrDamaged", err)
		}
		t.Logf("refused at open: %v", err)
		if ps, err := CheckFile(path); err != nil || len(ps) == 0 {
			t.Errorf("CheckFile found nothing on a file Open refused: %v", err)
		}
	} else {
		problems, errs := useEverything(st)
		st.Close()
		if len(problems) == 0 && len(errs) == 0 {
			t.Skip("the flips hit only text inside records: nothing to detect without checksums")
		}
		first := error(nil)
		if len(errs) > 0 {
			first = errs[0]
		}
		t.Logf("opened; check found %d problems; %d uses failed, first with %v", len(problems), len(errs), first)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(after, bad) {
		t.Fatal("bob wrote to a file it found damaged")
	}
}

func TestFilesThatAreNotBooksAreRefusedUnchanged(t *testing.T) {
	foreign := filepath.Join(t.TempDir(), "other.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error {
		b, _ := tx.CreateBucket([]byte("widgets"))
		return b.Put([]byte("k"), []byte("v"))
	})
	db.Close()
	foreignBytes, _ := os.ReadFile(foreign)
	cases := []struct {
		name  string
		bytes []byte
		want  string
	}{
		{"zero bytes", []byte{}, "the file is empty (0 bytes)"},
		{"text", []byte("these are my notes, not a database"), "not a bbolt database"},
		{"another program's bbolt file", foreignBytes, "another program"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.db")
			os.WriteFile(path, c.bytes, FileMode)
			_, err := Open(path, nil)
			if !errors.Is(err, ErrNotABook) || !bytes.Contains([]byte(err.Error()), []byte(c.want)) {
				t.Fatalf("err = %v, want ErrNotABook saying %q", err, c.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, c.bytes) {
				t.Fatal("the file was changed")
			}
			if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 1 {
				t.Fatalf("files appeared beside it: %v", entries)
			}
		})
	}
}

func TestDamagedErrorNamesTheLatestBackup(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	b, _ := st.BackupAuto("import")
	st.Close()
	raw, _ := os.ReadFile(path)
	os.WriteFile(path, raw[:len(raw)/2], FileMode)
	_, err := Open(path, nil)
	want := "bob backup restore " + filepath.Base(b)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte(want)) {
		t.Fatalf("err = %v, want it to name %q", err, want)
	}
}

func TestCheckOfAHealthyBookWalksEveryPage(t *testing.T) {
	good := bookFile(t, 60)
	path := filepath.Join(t.TempDir(), "book.db")
	os.WriteFile(path, good, FileMode)
	if ps, err := CheckFile(path); err != nil || len(ps) > 0 {
		t.Fatalf("a healthy book: %v %v", ps, err)
	}
}

// A summary that names another account than its key (a flipped byte in the
// ID) is damage: the list must not send the user to an account that does not
// exist, check must report it, and nothing may then be written.
func TestSummaryNamingAnotherAccountIsDamage(t *testing.T) {
	st, path := openTest(t)
	a := mustAccount(t, st, "Acme")
	st.Close()
	db, err := bolt.Open(path, FileMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSummaries)
		sum, err := decodeSummary(b.Get([]byte(a.ID)))
		if err != nil {
			return err
		}
		// Another account's ID: the last character changed (an ID
		// ending in Z would be left as it was by writing a Z).
		other := "Z"
		if strings.HasSuffix(a.ID, other) {
			other = "Y"
		}
		sum.ID = a.ID[:len(a.ID)-1] + other
		// The list's index holds the summary too: the damage is in both.
		raw := appendSummary(nil, sum)
		if err := tx.Bucket(bucketListNames).Put(nameKey([]byte(sum.Name), []byte(a.ID)), raw); err != nil {
			return err
		}
		return b.Put([]byte(a.ID), raw)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.SummariesHead(10, true); !errors.Is(err, ErrDamaged) {
		t.Fatalf("SummariesHead: %v, want the summary reported as damaged", err)
	}
	if _, err := st.Summaries(); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Summaries: %v, want the summary reported as damaged", err)
	}
	ps, err := st.Check()
	if err != nil || len(ps) == 0 {
		t.Fatalf("Check: %v, %v; want the summary reported", ps, err)
	}
	before, _ := os.ReadFile(path)
	if _, err := st.PutAccount(model.Account{Name: "After", Health: model.HealthGreen}); err == nil {
		t.Fatal("a write went through on a book check found damaged")
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the book changed")
	}
}
