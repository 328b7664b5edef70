package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Errors a caller can test for with errors.Is.
var (
	// ErrLocked: another process has the database open.
	ErrLocked = errors.New("database is in use by another bob")
	// ErrTooNew: the database was written by a newer bob.
	ErrTooNew = errors.New("database was written by a newer bob")
	// ErrNotFound: no record with that ID (or name).
	ErrNotFound = errors.New("not found")
	// ErrNotEmpty: the operation needs an empty book.
	ErrNotEmpty = errors.New("book is not empty")
	// ErrAmbiguous: a name matches more than one account.
	ErrAmbiguous = errors.New("name matches more than one account")
	// ErrNotABook: the file is not a bob book (empty, not bbolt, or
	// another program's bbolt file).
	ErrNotABook = errors.New("not a bob book")
)

// FileMode is the mode of every file the store writes.
const FileMode os.FileMode = 0o600

// Options tunes Open. The zero value is what bob uses.
type Options struct {
	// LockTimeout is how long one transaction waits for another process
	// to let go of the file before failing with ErrLocked (which names
	// the process). Default three seconds.
	LockTimeout time.Duration
	// Now is the clock used for Created, Updated and trash times.
	// Default time.Now; tests pin it.
	Now func() time.Time
	// ReadOnly opens an existing book without ever writing to it (no
	// schema upgrade; a book that needs one is refused).
	ReadOnly bool
	// Upgrading, when set, is told before Open upgrades an existing
	// book's schema (a backup, then every account's derived data made
	// again: on a book of 10,000 accounts, a minute), so that the
	// command can say so instead of seeming to hang.
	Upgrading func(from, to int)
}

// Store is an open book of business. It holds the file only for the
// length of each transaction (see share.go), so other bobs, the app and
// the command line, can use the book at the same time.
type Store struct {
	path        string
	now         func() time.Time
	readOnly    bool
	lockTimeout time.Duration
	upgrading   func(from, to int)
	closed      atomic.Bool
	// writeMu lets one goroutine of this process write at a time, so the
	// others wait here rather than polling the file's lock.
	writeMu sync.Mutex
	// watch is what this handle knows of the file's commits; see Changes.
	watch watchState
	// damage is set by the first operation that finds the file damaged;
	// from then on every write is refused.
	damage   atomic.Pointer[error]
	warnings []string
	// leaves is closed when the walk of a big book's leaf pages that Open
	// left to the background is done (nil: nothing was left); every write
	// waits for it. stopLeaves makes that walk give up (Close).
	leaves     chan struct{}
	stopLeaves atomic.Bool
	leafMu     sync.Mutex
	leafTimer  *time.Timer
	leafStart  sync.Once
	// walked is set once every page of the file has been checked: at
	// Open for a small book, by the walk checkLeaves leaves for a big one.
	// Until then each read checks the pages it can reach (viewSpans).
	walked atomic.Bool
}

// Open opens (creating if needed) the book at path and brings its schema
// up to date, backing the file up first if it has to migrate. A database
// written by a newer bob is refused with ErrTooNew; one held by another
// process fails within the lock timeout with ErrLocked. Before bbolt sees
// the file, Open refuses what is not a book (ErrNotABook: an empty file, a
// file that is not bbolt, another program's bbolt file) and a damaged
// book (ErrDamaged), so none of them is ever written to.
func Open(path string, opts *Options) (*Store, error) {
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.LockTimeout <= 0 {
		o.LockTimeout = 3 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	warnings, exists, leavesLeft, err := preflight(path, o.ReadOnly)
	if err != nil {
		return nil, err
	}
	if !exists {
		if o.ReadOnly {
			return nil, fmt.Errorf("open %s: %w", path, os.ErrNotExist)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create the folder for %s: %w", path, err)
		}
	}
	s := &Store{path: path, now: o.Now, warnings: warnings, readOnly: o.ReadOnly, lockTimeout: o.LockTimeout, upgrading: o.Upgrading}
	s.watch.token = newToken()
	// The first open creates a new book's file; later ones never do. An
	// existing file is first opened by recognise's read (a shared lock, no
	// free-page list): the upgrade, if one is due, is a write of its own.
	if !exists {
		if err := s.withDB(!o.ReadOnly, true, func(*bolt.DB) error { return nil }); err != nil {
			return nil, err
		}
	}
	if leavesLeft {
		s.checkLeaves()
	} else {
		s.walked.Store(true)
	}
	// One read of the meta bucket tells what the file is, its schema and
	// whether a fill stopped midway: each read opens and maps the file.
	meta, err := s.recognise()
	if err != nil {
		s.Close()
		return nil, err
	}
	if !o.ReadOnly {
		if err := s.migrate(meta.version); err != nil {
			s.Close()
			return nil, err
		}
	}
	if meta.partial != "" {
		s.warnings = append(s.warnings, partialWarning(path, meta.partial))
	}
	if err := s.startWatch(); err != nil {
		return nil, err
	}
	return s, nil
}

// Warnings are things about the file the user should fix that do not stop
// bob from using it (a book other users can read).
func (s *Store) Warnings() []string { return s.warnings }

// Close ends the use of the book: every later call fails. (The file is
// held only during a transaction; a background page walk is stopped.)
func (s *Store) Close() error {
	if s.leaves != nil {
		s.stopLeaves.Store(true)
		s.leafMu.Lock()
		if s.leafTimer != nil {
			s.leafTimer.Stop()
		}
		s.leafMu.Unlock()
		s.startLeaves() // a walk told to stop at once, so that leaves closes
		<-s.leaves
	}
	s.closed.Store(true)
	return nil
}

// checkLeaves notes that a big book's pages are still to be walked, after
// Open has checked only its meta pages, its freelist and its root bucket,
// so that the first screen waits for neither a quarter of a million leaf
// page headers nor thousands of branch pages. Reads go on meanwhile: each
// checks the pages it can reach first (viewSpans), and bbolt's panics and
// faults on a damaged page are caught all the same. Writes, and reads that
// do not say what they read, start the walk of every page if it has not
// started and wait for it, so a damaged file is still never written to. A
// program that stays open starts it sooner (CheckInBackground); a command
// that reads one account or the list never pays for it.
func (s *Store) checkLeaves() {
	s.leaves = make(chan struct{})
}

// CheckInBackground starts the walk of every page of a big book after
// delay, in the background, unless a write started it already: then the
// first write does not wait for it. Started at once, it took CPU from
// the first screen on a busy machine. A small book was walked whole at
// Open, and this does nothing.
func (s *Store) CheckInBackground(delay time.Duration) {
	if s.leaves == nil {
		return
	}
	s.leafMu.Lock()
	defer s.leafMu.Unlock()
	if s.leafTimer == nil && !s.stopLeaves.Load() {
		s.leafTimer = time.AfterFunc(delay, s.startLeaves)
	}
}

// startLeaves starts the walk of the leaf pages, once.
func (s *Store) startLeaves() {
	s.leafStart.Do(func() {
		go func() {
			defer close(s.leaves)
			problems, err := walkFileWith(s.path, walkTree, &s.stopLeaves)
			switch {
			case err != nil || s.stopLeaves.Load():
			case len(problems) > 0:
				e := damaged(s.path, problems[0])
				s.damage.CompareAndSwap(nil, &e)
			default:
				s.walked.Store(true)
			}
		}()
	})
}

// leavesChecked waits for the walk of the leaf pages, starting it if it
// has not started, when Open left one to do. A walk that could not run
// (the file could not be opened or read: a passing shortage of file
// handles, say) is run again here, and its error returned: what comes
// next is a write, or a read that follows any page, and neither may go
// ahead on pages nobody checked (Open left the freelist, which a write
// reads, to this walk).
func (s *Store) leavesChecked() error {
	if s.leaves == nil {
		return nil
	}
	s.startLeaves()
	<-s.leaves
	if s.walked.Load() || s.damage.Load() != nil || s.stopLeaves.Load() {
		return nil
	}
	s.leafMu.Lock()
	defer s.leafMu.Unlock()
	if s.walked.Load() {
		return nil
	}
	problems, err := walkFileWith(s.path, walkTree, &s.stopLeaves)
	switch {
	case err != nil:
		return fmt.Errorf("check the pages of %s before using it: %w (nothing was changed; try again)", s.path, err)
	case len(problems) > 0:
		e := damaged(s.path, problems[0])
		s.damage.CompareAndSwap(nil, &e)
	case !s.stopLeaves.Load():
		s.walked.Store(true)
	}
	return nil
}

// Path is the file the book lives in.
func (s *Store) Path() string { return s.path }

func (s *Store) wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", what, err)
}
