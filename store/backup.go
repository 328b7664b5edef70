package store

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/atomicfile"
)

// Backup writes a consistent copy of the book to path while it stays open
// (a hot backup). The copy appears atomically: it is written to a
// temporary file beside path and renamed, so a failure never leaves a
// half-written backup under that name. The file is private (0600).
// Backup replaces a file already at path; callers that must not (the
// command line without --force) check first.
func (s *Store) Backup(path string) error {
	if samePath(path, s.path) {
		return fmt.Errorf("back up to %s: that is the book itself; choose another file", path)
	}
	err := s.view(func(tx *bolt.Tx) error {
		return writeAtomic(path, func(f *os.File) error {
			_, err := tx.WriteTo(fileWriter(f))
			return err
		})
	})
	return s.wrap("back up to "+path, err)
}

func samePath(a, b string) bool {
	x, _ := filepath.Abs(a)
	y, _ := filepath.Abs(b)
	return x == y
}

// fileWriter is how backups write to their file; tests replace it with
// a writer that fails as a full disk does.
var fileWriter = func(f *os.File) io.Writer { return f }

// writeAtomic writes a private file whole or not at all (package
// atomicfile), creating its folder (0700) first.
func writeAtomic(path string, write func(f *os.File) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	return atomicfile.Write(path, write)
}

// KeepBackups is how many automatic backups of each reason are kept.
const KeepBackups = 5

// BackupDir is where automatic backups of the book go: a folder of its
// own, so that rotating one book's backups can never touch another's.
func (s *Store) BackupDir() string { return BackupDirOf(s.path) }

// BackupDirOf is the folder that holds the automatic backups of the book
// at path: backups/<the book's file name>/ beside the book. Two books in
// one folder have different file names, so their backup folders differ.
func BackupDirOf(book string) string {
	return filepath.Join(filepath.Dir(book), "backups", filepath.Base(book))
}

// backupStamp is the time format in backup names; it sorts as text.
const backupStamp = "20060102T150405.000Z"

// backupName matches exactly the names BackupAuto gives: the UTC time,
// then the reason. Nothing else in the folder is ever listed or removed.
var backupName = regexp.MustCompile(`^(\d{8}T\d{6}\.\d{3}Z)-([a-z0-9]+)\.db$`)

// BackupFile is one automatic backup of a book.
type BackupFile struct {
	Name   string    `json:"name"` // the file name, what `bob backup restore` takes
	Path   string    `json:"path"`
	Reason string    `json:"reason"` // import, restore, schema1, ...
	Taken  time.Time `json:"taken"`
	Size   int64     `json:"size"`
}

// ListBackups lists the automatic backups of the book at path, newest
// first. A missing folder is no backups, not an error.
func ListBackups(book string) ([]BackupFile, error) {
	dir := BackupDirOf(book)
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list the backups in %s: %w", dir, err)
	}
	var out []BackupFile
	for _, e := range ents {
		m := backupName.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		taken, err := time.Parse(backupStamp, m[1])
		if err != nil {
			continue
		}
		b := BackupFile{Name: e.Name(), Path: filepath.Join(dir, e.Name()), Reason: m[2], Taken: taken}
		if fi, err := e.Info(); err == nil {
			b.Size = fi.Size()
		}
		out = append(out, b)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name > out[j].Name })
	return out, nil
}

// LatestBackup is the newest automatic backup of the book that can be
// restored: copies of a damaged book (reason "damaged") are kept but
// never offered.
func LatestBackup(book string) (BackupFile, bool) {
	bs, _ := ListBackups(book)
	for _, b := range bs {
		if b.Reason != "damaged" {
			return b, true
		}
	}
	return BackupFile{}, false
}

// FindBackup resolves what the user named: a backup's name as
// `bob backup list` prints it, or the path of any file.
func FindBackup(book, name string) (string, error) {
	if backupName.MatchString(name) {
		p := filepath.Join(BackupDirOf(book), name)
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	if _, err := os.Stat(name); err != nil {
		return "", fmt.Errorf("backup %s: %w: see bob backup list for the backups of %s", name, ErrNotFound, book)
	}
	return name, nil
}

// BackupAuto backs the book up before a risky change (an import, a
// migration, a restore) into BackupDir, named after the time and reason,
// and keeps the newest KeepBackups backups of that reason.
func (s *Store) BackupAuto(reason string) (string, error) {
	path, err := autoBackupPath(s.path, s.now(), reason)
	if err != nil {
		return "", err
	}
	if err := s.Backup(path); err != nil {
		return "", err
	}
	rotate(s.path, reason)
	return path, nil
}

// PendingBackup is a backup taken before a change that may yet be
// refused (see BackupPending).
type PendingBackup struct {
	// Path is the backup's file.
	Path         string
	book, reason string
}

// BackupPending backs the book up as BackupAuto does, but leaves the
// older backups of that reason until the change is made: Keep then
// keeps the newest KeepBackups of them. If the change is refused,
// Discard removes this backup, a copy of the book as it still is, so a
// refused change never pushes an older backup out.
func (s *Store) BackupPending(reason string) (PendingBackup, error) {
	path, err := autoBackupPath(s.path, s.now(), reason)
	if err != nil {
		return PendingBackup{}, err
	}
	if err := s.Backup(path); err != nil {
		return PendingBackup{}, err
	}
	return PendingBackup{Path: path, book: s.path, reason: reason}, nil
}

// Keep keeps the backup, and the newest KeepBackups of its reason.
func (b PendingBackup) Keep() { rotate(b.book, b.reason) }

// Discard removes the backup: the change it was taken for was refused.
func (b PendingBackup) Discard() { os.Remove(b.Path) }

func autoBackupPath(book string, now time.Time, reason string) (string, error) {
	name := fmt.Sprintf("%s-%s.db", now.UTC().Format(backupStamp), reason)
	if !backupName.MatchString(name) {
		return "", fmt.Errorf("back up: %q is not a backup reason", reason)
	}
	return filepath.Join(BackupDirOf(book), name), nil
}

// rotate keeps the newest KeepBackups automatic backups of one reason.
func rotate(book, reason string) {
	all, _ := ListBackups(book)
	kept := 0
	for _, b := range all { // newest first
		if b.Reason != reason {
			continue
		}
		if kept++; kept > KeepBackups {
			os.Remove(b.Path)
		}
	}
}

// CopyBook copies the healthy book at src to dst, which must not exist:
// the way to restore a backup into a new file. src is checked first (see
// Verify) and opened read-only, so it is never changed.
func CopyBook(src, dst string) error {
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("restore into %s: the file exists; choose a new file (nothing was changed)", dst)
	}
	return copyVerified(src, dst)
}

func copyVerified(src, dst string) error {
	if err := Verify(src); err != nil {
		return err
	}
	db, err := bolt.Open(src, FileMode, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if err != nil {
		return fmt.Errorf("open the backup %s: %w", src, err)
	}
	defer db.Close()
	return db.View(func(tx *bolt.Tx) error {
		return writeAtomic(dst, func(f *os.File) error {
			_, err := tx.WriteTo(fileWriter(f))
			return err
		})
	})
}

// RestoreBackup puts the healthy book at src in place of the book at
// path, which may be damaged (that is when it is needed most). It checks
// src whole, takes the book's lock so no bob is using it, copies the
// book's current bytes as they are into its backups (reason "restore"),
// and renames a copy of src over it. It returns that backup ("" when
// there was no book to back up).
func RestoreBackup(path, src string) (string, error) {
	if samePath(src, path) {
		return "", fmt.Errorf("restore %s: that is the book itself", src)
	}
	if err := Verify(src); err != nil {
		return "", err
	}
	unlock, err := lockFile(path, time.Second)
	if err != nil {
		return "", err
	}
	defer unlock()
	var safety string
	if fi, err := os.Stat(path); err == nil && fi.Size() > 0 {
		// A damaged book is kept under its own reason, so that "the
		// latest backup" a later damage names is never this copy.
		reason := "restore"
		// (walked once: the lock held keeps writers out.)
		if ps, err := walkOnce(path, walkFull, nil); err != nil || len(ps) > 0 {
			reason = "damaged"
		}
		if safety, err = autoBackupPath(path, time.Now(), reason); err != nil {
			return "", err
		}
		if err := copyRaw(path, safety); err != nil {
			return "", fmt.Errorf("back up %s before restoring over it: %w (nothing was changed)", path, err)
		}
		rotate(path, reason)
	}
	tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".restoring")
	if err := copyVerified(src, tmp); err != nil {
		os.Remove(tmp)
		return "", err
	}
	// The rename happens while the lock is held on the old file, so no
	// other bob writes to it in between.
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("restore over %s: %w (the book was left as it was)", path, err)
	}
	return safety, nil
}

// copyRaw copies a file's bytes as they are: the way to keep a damaged
// book, which bbolt cannot be trusted to read.
func copyRaw(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return writeAtomic(dst, func(f *os.File) error {
		_, err := io.Copy(f, in)
		return err
	})
}
