package store

import (
	"errors"
	"fmt"
	"runtime/debug"
)

// ErrDamaged: the book's file is damaged. Once a store has found damage it
// refuses every further write, so a damaged file is never made worse.
var ErrDamaged = errors.New("the book's file is damaged")

// DamagedError says which file is damaged, what was found, and the
// backup to restore.
type DamagedError struct {
	Path   string
	Detail string
}

func (e *DamagedError) Error() string {
	return fmt.Sprintf("%s is damaged (%s); bob will not write to it; %s", e.Path, e.Detail, RestoreHint(e.Path))
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

func damaged(path string, detail any) error {
	s := fmt.Sprint(detail)
	if len(s) > 120 {
		s = s[:120] + "..."
	}
	return &DamagedError{Path: path, Detail: s}
}

// protect runs fn, turning a panic inside bbolt (it panics on some damaged
// pages) and a memory fault on the file's mapping (a truncated file gives
// SIGBUS or SIGSEGV) into a DamagedError instead of a crash.
func protect(path string, fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = damaged(path, r)
		}
	}()
	return fn()
}

func (s *Store) damagedErr() error {
	if p := s.damage.Load(); p != nil {
		return *p
	}
	return nil
}

// note remembers damage found by an operation, so later writes are refused.
func (s *Store) note(err error) error {
	var rd *recordDamage
	if errors.As(err, &rd) {
		err = damaged(s.path, "record "+rd.key+" cannot be read")
	}
	var d *DamagedError
	if errors.As(err, &d) {
		e := error(d)
		s.damage.CompareAndSwap(nil, &e)
		return e
	}
	return err
}
