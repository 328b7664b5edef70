package store

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestBackupRotationKeepsOtherBooksBackups: books whose names extend each
// other (book, book-1, book-x) share a folder; rotating one book's
// backups never removes another's.
func TestBackupRotationKeepsOtherBooksBackups(t *testing.T) {
	dir := t.TempDir()
	c := &clock{t: t0}
	open := func(name string) *Store {
		st, err := Open(filepath.Join(dir, name), &Options{Now: c.now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	book, other, third := open("book.db"), open("book-1.db"), open("book-x.db")
	otherBackup, err := other.BackupAuto("import")
	if err != nil {
		t.Fatal(err)
	}
	thirdBackup, _ := third.BackupAuto("import")
	var last string
	for range KeepBackups + 2 {
		if last, err = book.BackupAuto("import"); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range []string{otherBackup, thirdBackup, last} {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("backup %s is gone: %v", p, err)
		}
	}
	mine, _ := ListBackups(book.Path())
	if len(mine) != KeepBackups {
		t.Fatalf("book has %d backups, want %d", len(mine), KeepBackups)
	}
	if mine[0].Path != last || mine[0].Reason != "import" {
		t.Fatalf("newest first: %+v, want %s", mine[0], last)
	}
	if theirs, _ := ListBackups(other.Path()); len(theirs) != 1 || theirs[0].Path != otherBackup {
		t.Fatalf("book-1's backups: %+v", theirs)
	}
	// Files in the backup folder that bob did not name are never touched.
	stray := filepath.Join(book.BackupDir(), "notes.txt")
	os.WriteFile(stray, []byte("mine"), 0o600)
	book.BackupAuto("import")
	if _, err := os.Stat(stray); err != nil {
		t.Fatal("a file bob did not write was removed")
	}
}

func TestBackupRotationPerReason(t *testing.T) {
	st, _ := openTest(t)
	schema, _ := st.BackupAuto("schema1")
	for range KeepBackups + 1 {
		st.BackupAuto("import")
	}
	if _, err := os.Stat(schema); err != nil {
		t.Fatal("import backups rotated out the schema backup")
	}
	if _, err := st.BackupAuto("../x"); err == nil {
		t.Fatal("a reason that is not a plain word was accepted")
	}
}

func TestReplaceWithBackupKeepsTheCurrentState(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	b, err := st.BackupAuto("import")
	if err != nil {
		t.Fatal(err)
	}
	mustAccount(t, st, "Globex")
	st.Close()
	safety, err := RestoreBackup(path, b)
	if err != nil {
		t.Fatal(err)
	}
	re, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := re.Count(); n != 1 {
		t.Fatalf("after restoring the backup the book has %d accounts, want 1", n)
	}
	re.Close()
	if fi, _ := os.Stat(path); fi.Mode().Perm() != FileMode {
		t.Fatalf("restored book mode %v", fi.Mode().Perm())
	}
	saved, err := Open(safety, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer saved.Close()
	if n, _ := saved.Count(); n != 2 {
		t.Fatalf("the backup of the replaced state has %d accounts, want 2", n)
	}
}

func TestRestoreBackupWaitsForTheLock(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	b, _ := st.BackupAuto("import")
	held, release := make(chan bool), make(chan bool)
	done := make(chan error)
	go func() {
		done <- st.update(func(*bolt.Tx) error { held <- true; <-release; return nil })
	}()
	<-held
	_, err := RestoreBackup(path, b)
	close(release)
	<-done
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "try again") {
		t.Fatalf("restoring over a book being written: %v, want ErrLocked", err)
	}
	// An open book that nobody is writing to is restored over; the
	// open store reads the restored file from then on.
	mustAccount(t, st, "Globex")
	if _, err := RestoreBackup(path, b); err != nil {
		t.Fatalf("restoring over an open, idle book: %v", err)
	}
	if n, _ := st.Count(); n != 1 {
		t.Fatalf("after the restore the open store sees %d accounts, want 1", n)
	}
	if _, replaced, err := st.Changes(); err != nil || !replaced {
		t.Fatalf("Changes after a restore: replaced %v, %v; want the file reported replaced", replaced, err)
	}
}

func TestReplaceWithRefusesADamagedBackup(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	bad := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(bad, []byte("not a book"), 0o600)
	before, _ := os.ReadFile(path)
	if _, err := RestoreBackup(path, bad); !errors.Is(err, ErrNotABook) {
		t.Fatalf("err = %v, want ErrNotABook", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused restore changed the book")
	}
}

func TestCopyBookRefusesAnExistingFile(t *testing.T) {
	st, _ := openTest(t)
	mustAccount(t, st, "Acme")
	b, _ := st.BackupAuto("import")
	dst := filepath.Join(t.TempDir(), "new.db")
	if err := CopyBook(b, dst); err != nil {
		t.Fatal(err)
	}
	if err := CopyBook(b, dst); err == nil {
		t.Fatal("restoring over an existing file was accepted")
	}
	if got, err := FindBackup(st.Path(), filepath.Base(b)); err != nil || got != b {
		t.Fatalf("FindBackup by name: %q %v", got, err)
	}
	if _, err := FindBackup(st.Path(), "20990101T000000.000Z-import.db"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("FindBackup of a missing name: %v", err)
	}
	_ = time.Second
}

// fullDisk takes n bytes, then fails as a full disk does.
type fullDisk struct{ n int }

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= d.n {
		d.n -= len(p)
		return len(p), nil
	}
	k := d.n
	d.n = 0
	return k, syscall.ENOSPC
}

// TestBackupOnAFullDisk: the backup before an import fails on a full
// disk with the system's words, leaves no half backup, and the book is
// unchanged (the import that needed it does not happen).
func TestBackupOnAFullDisk(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	real := fileWriter
	t.Cleanup(func() { fileWriter = real })
	fileWriter = func(*os.File) io.Writer { return &fullDisk{n: 4096} }
	before, _ := os.ReadFile(path)
	_, err := st.BackupAuto("import")
	// bbolt words the error with %s, so only its text says ENOSPC.
	if err == nil || !strings.Contains(err.Error(), "no space left on device") {
		t.Fatalf("err = %v", err)
	}
	if entries, _ := os.ReadDir(st.BackupDir()); len(entries) != 0 {
		t.Fatalf("a half backup was left: %v", entries)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("the book changed")
	}
}
