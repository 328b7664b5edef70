// Package atomicfile writes a private file so that it is either there
// whole or not changed at all: the data goes to a temporary file in the
// same folder, created 0600, synced to disk, then renamed (or, for a file
// that must not be replaced, linked) into place, and the folder is synced
// so the rename survives a crash. It is the one way bob writes a file
// (the book's backups, bundles, the identity and colleagues, settings).
//
// It knows no other package of bob, and never leaves its temporary file
// behind: a failed write leaves the old file (or no file) as it was.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// Mode is the permission of every file written: private to the user.
const Mode fs.FileMode = 0o600

// Write writes path with what write puts in f, replacing a file already
// there only once the new one is complete and on disk. The folder must
// exist.
func Write(path string, write func(f *os.File) error) error {
	tmp, err := writeTemp(path, write)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return failed(path, err)
	}
	syncDir(filepath.Dir(path))
	return nil
}

// WriteData writes data to path as Write does.
func WriteData(path string, data []byte) error {
	return Write(path, func(f *os.File) error { _, err := f.Write(data); return err })
}

// WriteNew writes data to path like Write but never replaces a file: if
// path exists, it returns an error wrapping fs.ErrExist and writes
// nothing. The complete file is linked into place, which fails if path
// appeared meanwhile; where the file system has no hard links (some
// network or FAT drives), an exclusive create takes its place.
func WriteNew(path string, data []byte) error {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("write %s: %w", path, fs.ErrExist)
	}
	write := func(f *os.File) error { _, err := f.Write(data); return err }
	tmp, err := writeTemp(path, write)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("write %s: %w", path, fs.ErrExist)
		}
		if err := writeExclusive(path, write); err != nil {
			return err
		}
	}
	syncDir(filepath.Dir(path))
	return nil
}

// writeTemp writes a synced temporary file beside path and returns its
// name; on failure it removes it.
func writeTemp(path string, write func(f *os.File) error) (name string, err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return "", failed(path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(Mode); err != nil {
		return "", failed(path, err)
	}
	if err = write(f); err != nil {
		// A bare error of the file itself names the temporary file,
		// which the user never asked for: name theirs.
		if pe, ok := err.(*os.PathError); ok && pe.Path == f.Name() {
			return "", failed(path, err)
		}
		return "", err
	}
	if err = f.Sync(); err != nil {
		return "", failed(path, err)
	}
	if err = f.Close(); err != nil {
		return "", failed(path, err)
	}
	return f.Name(), nil
}

// failed is the error of a write to path that did not happen: about the
// file the user named (never the temporary one), saying what to do about
// a missing folder, a folder bob may not write in, and a full disk.
func failed(path string, err error) error {
	var pe *os.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		err = pe.Err
	case errors.As(err, &le):
		err = le.Err
	}
	dir := filepath.Dir(path)
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return fmt.Errorf("write %s: %w: the disk is full; free some space or write the file elsewhere", path, err)
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("write %s: %w: the folder %s does not exist; create it or choose another place", path, err, dir)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return fmt.Errorf("write %s: %w: bob may not write in the folder %s; choose another place", path, err, dir)
	}
	return fmt.Errorf("write %s: %w", path, err)
}

// writeExclusive creates path, failing if it exists, and writes it whole
// or removes it.
func writeExclusive(path string, write func(f *os.File) error) (err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, Mode)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(path)
		}
	}()
	if err = write(f); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// syncDir makes a rename in dir durable where the OS supports it; where it
// does not (Windows), the rename is as durable as it gets.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
