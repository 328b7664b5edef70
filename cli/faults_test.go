package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"bob/store"
)

// TestMissingBookIsRefusedByReads: a --db that names no file (a typo) is
// refused by every command that only reads or writes out of a book, in one
// line, and nothing is created, not even its folder; the commands that
// start a book still start one there.
func TestMissingBookIsRefusedByReads(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	if _, _, err := bob(t, "", "id", "create", "--name", "Ann Outgoing", "--email", "ann@example.com"); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"list"}, {"show", "Acme"}, {"dump"}, {"agenda"}, {"people", "Acme"}, {"plans", "Acme"},
		{"check"}, {"export-csv", "accounts"}, {"backup", "list"}, {"trash"},
		{"export", "--to", "Ann", "--all", "--no-encrypt", "-o", filepath.Join(dir, "out.bob")},
		{"backup", filepath.Join(dir, "copy.db")},
	} {
		t.Run(strings.Join(args[:1], " "), func(t *testing.T) {
			folder := filepath.Join(dir, "typo")
			path := filepath.Join(folder, "x.db")
			_, _, err := bob(t, "", append(args, "--db", path)...)
			if err == nil || !strings.Contains(err.Error(), "no book at "+path) || !strings.Contains(err.Error(), "bob demo") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("bob %q: %v, want one line saying there is no book", args, err)
			}
			if exitCode(err) == 0 {
				t.Fatal("exit code 0")
			}
			if _, err := os.Stat(folder); !os.IsNotExist(err) {
				t.Fatalf("%s was created (%v)", folder, err)
			}
			t.Setenv("BOB_DB", path)
			if _, _, err := bob(t, "", args...); err == nil || !strings.Contains(err.Error(), "no book at") {
				t.Fatalf("bob %q with $BOB_DB: %v", args, err)
			}
			if _, err := os.Stat(folder); !os.IsNotExist(err) {
				t.Fatalf("%s was created through $BOB_DB (%v)", folder, err)
			}
		})
	}
	csv := filepath.Join(dir, "accounts.csv")
	if err := os.WriteFile(csv, []byte("Name,ARR\nGood Co,USD 5\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"demo", "--accounts", "1"},
		{"import-csv", "accounts", csv},
	} {
		path := filepath.Join(dir, "new-"+args[0], "book.db")
		if _, _, err := bob(t, "", append(args, "--db", path)...); err != nil {
			t.Fatalf("bob %q into a new book: %v", args, err)
		}
		if _, _, err := bob(t, "", "check", "--db", path); err != nil {
			t.Fatalf("the book %q started: %v", args, err)
		}
	}
}

// TestFaultsLeaveTheBookUnchanged: each fault or bad file, met through
// the commands a user runs, gives its one line, a failure, and leaves
// the file byte for byte as it was.
func TestFaultsLeaveTheBookUnchanged(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	good := filepath.Join(dir, "good.db")
	if _, _, err := bob(t, "", "demo", "--db", good, "--accounts", "8"); err != nil {
		t.Fatal(err)
	}
	goodBytes, _ := os.ReadFile(good)
	full, _, _ := bob(t, "", "dump", "--db", good)

	foreign := filepath.Join(dir, "foreign.db")
	db, err := bolt.Open(foreign, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket([]byte("settings")); return err })
	db.Close()
	foreignBytes, _ := os.ReadFile(foreign)

	empty := filepath.Join(dir, "empty-book.db")
	st, err := store.Open(empty, nil)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	emptyBytes, _ := os.ReadFile(empty)

	rootZeroed := bytes.Clone(goodBytes)
	clear(rootZeroed[3*4096 : 4*4096])

	cases := []struct {
		name  string
		bytes []byte
		lock  bool   // another bob is writing to the book (holds bbolt's lock)
		stdin string // for restore -
		args  []string
		want  string
	}{
		{"held lock, read", goodBytes, true, "", []string{"list"}, "is in use by another bob"},
		{"held lock, write", goodBytes, true, "", []string{"takeback", "x"}, "is in use by another bob"},
		{"held lock, restore a backup over it", goodBytes, true, "", []string{"backup", "restore", good, "--yes"}, "is in use by another bob"},
		{"zero-length file", []byte{}, false, "", []string{"list"}, "the file is empty (0 bytes)"},
		{"zero-length file, demo", []byte{}, false, "", []string{"demo"}, "the file is empty (0 bytes)"},
		{"foreign bbolt file", foreignBytes, false, "", []string{"demo"}, "another program"},
		{"not a database", []byte("name,arr\nAcme,100\n"), false, "", []string{"list"}, "not a bbolt database"},
		{"truncated", goodBytes[:len(goodBytes)/3], false, "", []string{"demo"}, "is cut short"},
		{"root page zeroed", rootZeroed, false, "", []string{"check"}, "is damaged"},
		{"cut dump into an empty book", emptyBytes, false, full[:len(full)-40], []string{"restore", "-"}, "nothing was restored"},
		{"padded dump into an empty book", emptyBytes, false, full + "[]", []string{"restore", "-"}, "more after its end"},
		{"dump into a full book", goodBytes, false, full, []string{"restore", "-"}, "only fills an empty book"},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path := filepath.Join(dir, "case", strings.ReplaceAll(c.name, " ", "-"), "book.db")
			os.MkdirAll(filepath.Dir(path), 0o700)
			if err := os.WriteFile(path, c.bytes, 0o600); err != nil {
				t.Fatal(err)
			}
			if c.lock {
				held, err := bolt.Open(path, 0o600, nil)
				if err != nil {
					t.Fatal(err)
				}
				defer held.Close()
			}
			_, _, err := bob(t, c.stdin, append(c.args, "--db", path)...)
			if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("case %d: err = %v, want one line containing %q", i, err, c.want)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, c.bytes) {
				t.Fatal("the file changed")
			}
		})
	}
}
