//go:build unix

package store

import (
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockFile takes the same exclusive lock bbolt takes on an open book, so
// a bob that has the book open keeps it and this waits at most timeout.
// A missing file needs no lock.
func lockFile(path string, timeout time.Duration) (func(), error) {
	return flockFile(path, timeout, syscall.LOCK_EX)
}

// sharedLock takes the lock bbolt takes for a read: it keeps writers out
// and lets readers in.
func sharedLock(path string, timeout time.Duration) (func(), error) {
	return flockFile(path, timeout, syscall.LOCK_SH)
}

func flockFile(path string, timeout time.Duration, how int) (func(), error) {
	unlock, opened, err := flockOnce(path, timeout, how)
	// As for a transaction (see withMappedDB): a file renamed over the
	// book while this waited for the lock is the book now; lock that one.
	for try := 0; err == nil && try < 3 && replacedSince(path, opened); try++ {
		unlock()
		unlock, opened, err = flockOnce(path, timeout, how)
	}
	return unlock, err
}

func flockOnce(path string, timeout time.Duration, how int) (func(), fileIdentity, error) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if errors.Is(err, os.ErrNotExist) {
		return func() {}, fileIdentity{}, nil
	}
	if err != nil {
		return nil, fileIdentity{}, fmt.Errorf("open %s: %w", path, err)
	}
	var opened fileIdentity
	if fi, err := f.Stat(); err == nil {
		opened.ino, opened.dev = fileID(fi)
	}
	deadline := time.Now().Add(timeout)
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return func() {
				syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
				f.Close()
			}, opened, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) || time.Now().After(deadline) {
			f.Close()
			return nil, fileIdentity{}, lockedError(path, how == syscall.LOCK_EX)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// fileID is the file's inode and device: what tells a file replaced by a
// restore from the one that was there.
func fileID(fi os.FileInfo) (ino, dev uint64) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return uint64(st.Ino), uint64(st.Dev)
	}
	return 0, 0
}
