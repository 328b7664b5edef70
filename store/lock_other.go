//go:build !unix

package store

import "time"

// lockFile is a no-op where bbolt's flock is not available; bbolt's own
// lock still guards the book while it is open.
func lockFile(string, time.Duration) (func(), error) { return func() {}, nil }
