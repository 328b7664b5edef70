// Package memtune sets how the garbage collector trades memory for CPU:
// for the whole process (the app, a command), and for a bulk job inside
// the app (a whole book's import or export) as long as it runs. GOGC or
// GOMEMLIMIT in the environment decide instead when either is set.
package memtune

import (
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// Profile is a setting of the garbage collector: it runs once the heap
// has grown by Percent of what is live (GOGC), and harder as the heap
// nears Limit (a soft limit, GOMEMLIMIT).
type Profile struct {
	Percent int
	Limit   int64
}

var (
	// App is the app's: it lets the heap grow to five times what is
	// live under 100 MB. Starting on a book of 10,000 accounts
	// collected garbage several times before the first screen, for a
	// heap of about 20 MB.
	App = Profile{Percent: 400, Limit: 100 << 20}
	// Export is a whole-book export's: it keeps a small live heap (a
	// window of accounts) while allocating gigabytes, and spent about a
	// fifth of its CPU collecting at Go's default.
	Export = Profile{Percent: 400, Limit: 512 << 20}
	// Import is a whole-book import's: Go's default with no limit. Its
	// live heap is the bundle's records (about a gigabyte for 10,000
	// accounts): under the app's limit the collector ran without pause
	// (56 s instead of 16 for the import), and at five times what is
	// live every fresh page of the larger heap was a page fault (22 s).
	Import = Profile{Percent: 100, Limit: math.MaxInt64}
)

// fromEnv reports whether the environment sets the collector.
func fromEnv() bool {
	return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != ""
}

// Set applies p for the rest of the process.
func Set(p Profile) {
	if !fromEnv() {
		apply(p)
	}
}

func apply(p Profile) (before Profile) {
	before.Percent = debug.SetGCPercent(p.Percent)
	before.Limit = debug.SetMemoryLimit(p.Limit)
	return before
}

// During applies p until the returned function is called, which puts
// back what was set before. Jobs end in the reverse order they started
// (as the app's screens close, top first), so each puts back what the
// one before it set.
func During(p Profile) (end func()) {
	if fromEnv() {
		return func() {}
	}
	mu.Lock()
	before := apply(p)
	mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			defer mu.Unlock()
			apply(before)
		})
	}
}

// mu keeps a job's reading and setting of the profile whole.
var mu sync.Mutex
