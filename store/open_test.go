package store

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAPartialBookSaysSo: a fill stopped between MarkPartial and
// ClearPartial (a killed demo) leaves a book that warns on every open
// and fails its check; a finished one does neither.
func TestAPartialBookSaysSo(t *testing.T) {
	st, path := openTest(t)
	if err := st.MarkPartial("bob demo"); err != nil {
		t.Fatal(err)
	}
	mustAccount(t, st, "Acme")
	st.Close()
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	if w := strings.Join(st.Warnings(), "\n"); !strings.Contains(w, "is partial: bob demo was stopped") {
		t.Fatalf("warnings = %q", w)
	}
	if ps, _ := st.Check(); len(ps) != 1 || !strings.Contains(ps[0].String(), "partial") {
		t.Fatalf("check of a partial book: %v", ps)
	}
	if err := st.ClearPartial(); err != nil {
		t.Fatal(err)
	}
	if ps, _ := st.Check(); len(ps) != 0 {
		t.Fatalf("check of a finished book: %v", ps)
	}
	st.Close()
}

func TestWorldReadableBookWarns(t *testing.T) {
	st, path := openTest(t)
	st.Close()
	os.Chmod(path, 0o644)
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if w := strings.Join(st.Warnings(), "\n"); !strings.Contains(w, "can be read by other users (mode 0644)") || !strings.Contains(w, "chmod 600 "+path) {
		t.Fatalf("warnings = %q", w)
	}
}

// TestReadOnlyBookSaysPermissionDenied: bob may read the book but not
// write it (a 0400 file, or a file of another user). The tests may run
// as root, who may write anything, so the refusal is injected where the
// store asks the system.
func TestReadOnlyBookSaysPermissionDenied(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	st.Close()
	os.Chmod(path, 0o400)
	before, _ := os.ReadFile(path)
	real := openFile
	t.Cleanup(func() { openFile = real })
	openFile = func(name string, flag int, perm os.FileMode) (*os.File, error) {
		if flag&(os.O_RDWR|os.O_WRONLY) != 0 {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
		}
		return real(name, flag, perm)
	}
	_, err := Open(path, nil)
	if err == nil || !strings.Contains(err.Error(), "permission denied") || !strings.Contains(err.Error(), "chmod 600 "+path) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "is it a bob book") {
		t.Fatal("a permission problem is called a wrong file")
	}
	// Reading it is still possible.
	ro, err := Open(path, &Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ro.Close()
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("the book changed")
	}
	_ = errors.Is
	_ = filepath.Join
}
