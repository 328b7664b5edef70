package store

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the book to path while it stays open
// (a hot backup). The copy appears atomically: it is written to a
// temporary file beside path and renamed, so a failure never leaves a
// half-written backup under that name. The file is private (0600).
func (s *Store) Backup(path string) error {
	abs, _ := filepath.Abs(path)
	self, _ := filepath.Abs(s.path)
	if abs == self {
		return fmt.Errorf("back up to %s: that is the book itself; choose another file", path)
	}
	err := s.db.View(func(tx *bolt.Tx) error {
		return writeAtomic(path, func(f *os.File) error {
			_, err := tx.WriteTo(f)
			return err
		})
	})
	return s.wrap("back up to "+path, err)
}

// writeAtomic writes a private file by way of a temporary file and a rename.
func writeAtomic(path string, write func(f *os.File) error) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // a no-op once renamed
	if err := f.Chmod(FileMode); err != nil {
		f.Close()
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// KeepBackups is how many automatic backups of each reason are kept.
const KeepBackups = 5

// BackupDir is where automatic backups of the book go.
func (s *Store) BackupDir() string { return filepath.Join(filepath.Dir(s.path), "backups") }

// BackupAuto backs the book up before a risky change (an import, a
// migration) into BackupDir, named after the book, the time and reason,
// and keeps the newest KeepBackups backups of that reason.
func (s *Store) BackupAuto(reason string) (string, error) {
	base := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))
	name := fmt.Sprintf("%s-%s-%s.db", base, s.now().UTC().Format("20060102T150405.000Z"), reason)
	path := filepath.Join(s.BackupDir(), name)
	if err := s.Backup(path); err != nil {
		return "", err
	}
	old, _ := filepath.Glob(filepath.Join(s.BackupDir(), base+"-*-"+reason+".db"))
	sort.Strings(old) // the time in the name sorts oldest first
	for len(old) > KeepBackups {
		os.Remove(old[0])
		old = old[1:]
	}
	return path, nil
}
