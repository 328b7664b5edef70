//go:build !unix

package store

import (
	"os"
	"time"
)

// lockFile is a no-op where bbolt's flock is not available; bbolt's own
// lock still guards the book while it is open.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }

// fileID is unknown here: a replaced file is noticed by its transaction
// ID alone.
func fileID(os.FileInfo) (ino, dev uint64) { return 0, 0 }

// sharedLock is a no-op here, like lockFile.
func sharedLock(string, time.Duration) (func(), error) { return func() {}, nil }
