//go:build unix

package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestFilesArePrivate: from empty data and config folders, every file bob
// writes is 0600 and every folder it makes is 0700, whatever the umask.
func TestFilesArePrivate(t *testing.T) {
	old := syscall.Umask(0o022)
	t.Cleanup(func() { syscall.Umask(old) })
	dir := t.TempDir()
	data, config, out := filepath.Join(dir, "data"), filepath.Join(dir, "config"), filepath.Join(dir, "out")
	t.Setenv("XDG_DATA_HOME", data)
	t.Setenv("XDG_CONFIG_HOME", config)
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(csv, []byte("Name,ARR\nGood Co,USD 5\nBad Co,lots\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	me := ""
	for _, args := range [][]string{
		{"demo", "--accounts", "3"},
		{"id", "create", "--name", "Ann Outgoing", "--email", "ann@example.com"},
		{"id", "show"},
		{"import-csv", "accounts", csv, "--skip-bad", filepath.Join(out, "bad.csv")},
		{"export-csv", "accounts", "-o", filepath.Join(out, "accounts.csv")},
		{"agenda", "--ics", "-o", filepath.Join(out, "due.ics")},
		{"backup", filepath.Join(out, "copy.db")},
		{"export", "--to", "Ann Outgoing", "--all", "--yes", "--no-mark", "-o", filepath.Join(out, "all.bob.zip.age")},
	} {
		stdout, _, err := bob(t, "", args...)
		if err != nil {
			t.Fatalf("bob %q: %v", args, err)
		}
		if args[0] == "id" && args[1] == "show" {
			me = strings.TrimSpace(stdout)
			if _, _, err := bob(t, me, "colleagues", "add", "-"); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, root := range []string{data, config, out} {
		filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				t.Fatal(err)
			}
			fi, _ := d.Info()
			want := fs.FileMode(0o600)
			if d.IsDir() {
				want = 0o700
			}
			if path == out {
				return nil // made by the test
			}
			if fi.Mode().Perm() != want {
				t.Errorf("%s: mode %04o, want %04o", path, fi.Mode().Perm(), want)
			}
			return nil
		})
	}
}

// TestOutputRefusesDevicesAndPipes: a pipe or a device named as the file
// to write is refused at once: looking inside it for a book blocked on a
// pipe, and the write would have renamed a file over the device node.
func TestOutputRefusesDevicesAndPipes(t *testing.T) {
	dir, db, _ := peopleBook(t)
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, _, err := bob(t, "", "--db", db, "agenda", "--ics", "-o", fifo)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Fatalf("agenda -o PIPE: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("agenda -o PIPE blocked")
	}
	if _, _, err := bob(t, "", "--db", db, "backup", fifo, "--force"); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("backup --force PIPE: %v", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi.Mode(), err)
	}
}
