package atomicfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

func TestWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "f")
	for _, tc := range []struct {
		name    string
		write   func(f *os.File) error
		wantErr bool
		want    string
	}{
		{name: "new file", write: func(f *os.File) error { _, err := f.WriteString("one"); return err }, want: "one"},
		{name: "replaces", write: func(f *os.File) error { _, err := f.WriteString("two"); return err }, want: "two"},
		{name: "a failed write leaves the old file", write: func(f *os.File) error {
			f.WriteString("half")
			return errors.New("disk full")
		}, wantErr: true, want: "two"},
	} {
		err := Write(path, tc.write)
		if (err != nil) != tc.wantErr {
			t.Fatalf("%s: err = %v", tc.name, err)
		}
		if got, _ := os.ReadFile(path); string(got) != tc.want {
			t.Errorf("%s: file holds %q, want %q", tc.name, got, tc.want)
		}
		if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != Mode {
			t.Errorf("%s: mode %v", tc.name, fi.Mode().Perm())
		}
		if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
			t.Errorf("%s: temporary files left: %v", tc.name, left)
		}
	}
	if err := Write(filepath.Join(dir, "no-such-folder", "f"), func(*os.File) error { return nil }); err == nil {
		t.Error("writing into a missing folder succeeded")
	}
}

func TestWriteNew(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "id")
	if err := WriteNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteNew(path, []byte("second")); !errors.Is(err, fs.ErrExist) {
		t.Errorf("second WriteNew = %v, want fs.ErrExist", err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first" {
		t.Errorf("file holds %q, want the first", got)
	}
	if fi, _ := os.Stat(path); runtime.GOOS != "windows" && fi.Mode().Perm() != Mode {
		t.Errorf("mode %v", fi.Mode().Perm())
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestErrorsNameTheUsersFile: a failed write names the file the user asked
// for, never the temporary one, and says what to do.
func TestErrorsNameTheUsersFile(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name  string
		path  string
		write func(f *os.File) error
		want  string
	}{
		{"missing folder", filepath.Join(dir, "nowhere", "out.csv"), func(*os.File) error { return nil },
			"the folder " + filepath.Join(dir, "nowhere") + " does not exist; create it or choose another place"},
		{"full disk", filepath.Join(dir, "out.csv"), func(f *os.File) error {
			return &os.PathError{Op: "write", Path: f.Name(), Err: syscall.ENOSPC}
		}, "the disk is full; free some space"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Write(tc.path, tc.write)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("Write = %v, want the file's name and %q", err, tc.want)
			}
			if strings.Contains(err.Error(), ".tmp") {
				t.Errorf("the error names the temporary file: %v", err)
			}
			if tc.name == "full disk" && !errors.Is(err, syscall.ENOSPC) {
				t.Errorf("the error no longer says ENOSPC to callers: %v", err)
			}
		})
	}
}
