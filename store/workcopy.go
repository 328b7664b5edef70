package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/internal/parallel"
	"bob/model"
)

// A large write of whole records (an import of thousands of accounts) is
// not one transaction of the book. One bbolt transaction holds every page
// it changes in memory until its commit, on one core: a whole book of
// 10,000 accounts took 3.8 GB and most of half a minute. Such a write
// goes to a working copy of the book instead, in many transactions, and
// the copy is renamed over the book at the end. All or nothing is kept by
// the lock: bbolt's exclusive lock on the book is held from before the
// copy is made until after the rename, so no other bob writes to the book
// (or restores a backup over it) in between, and a transaction that was
// waiting for the lock opens the new book once it has it (withMappedDB).
// A failure, a full disk or a crash before the rename leaves the book as
// it was and, at worst, the working copy, which the next such write
// removes (under the same lock, so never while another bob is using it).

// copyAbove is the growth of the book (growthOf) from which a write of
// whole records goes through a working copy: about 550 accounts of the
// demo book. A smaller write stays one transaction, which costs less than
// copying a big book. Tests lower it.
var copyAbove int64 = 256 << 20

// batchGrowth is about how much one transaction of the working copy adds;
// indexBatch is how many timeline ID index keys one transaction writes.
var (
	batchGrowth int64 = 32 << 20
	indexBatch        = 200_000
)

// afterBatch, when set, runs after each transaction of the working copy
// with how many have been committed; an error stops the write as a
// failure would. Tests use it to fail or wait half-way.
var afterBatch func(n int) error

// workingCopyPath is the working copy of the book at path: hidden, beside
// it (a rename does not cross file systems), named after it so that it is
// recognised.
func workingCopyPath(book string) string {
	return filepath.Join(filepath.Dir(book), "."+filepath.Base(book)+".importing")
}

// canCopy: the working copy is renamed over the book while bbolt has it
// open, which Windows does not allow, and its map reserves address space
// a 32-bit process does not have.
func canCopy() bool {
	return runtime.GOOS != "windows" && strconv.IntSize == 64
}

// replaceInCopy writes recs (one record per account, in account ID order,
// in a list of the write's own, which it clears as it goes) as one
// transaction of replaceRecords would, through a working copy of the
// book. With since set, the book must still be at that
// version when the lock is taken, or nothing is written (ErrChanged).
func (s *Store) replaceInCopy(recs []model.AccountRecord, progress func(done, total int), since Version, growth int64) error {
	if err := s.writable(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.note(protect(s.path, func() error {
		// bbolt holds the book's exclusive lock from here until the
		// book is closed, after the rename.
		return s.withDB(true, false, func(db *bolt.DB) error {
			// A book reached through a symbolic link is replaced where
			// it lives, not by a file in place of the link.
			book, err := filepath.EvalSymlinks(s.path)
			if err != nil {
				return fmt.Errorf("open %s: %w", s.path, err)
			}
			work := workingCopyPath(book)
			// One left by a write that was stopped: only a bob holding
			// this lock makes or uses it.
			if err := os.Remove(work); err != nil && !errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("remove the working copy %s left by an earlier import: %w", work, err)
			}
			var base Version
			err = db.View(func(tx *bolt.Tx) error {
				v, err := versionOf(tx, s.path)
				if err != nil {
					return err
				}
				if since.ok && v != since {
					return ErrChanged
				}
				base = v
				return copyTx(tx, work)
			})
			if err == nil {
				var last uint64
				if last, err = s.writeCopy(work, recs, progress, growth); err == nil {
					err = s.putCopyInPlace(work, book, base, last)
				}
			}
			if err != nil {
				os.Remove(work)
			}
			return err
		})
	}))
}

// copyTx writes the book as tx reads it to a new private file at path.
func copyTx(tx *bolt.Tx, path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, FileMode)
	if err != nil {
		return fmt.Errorf("make a working copy of the book: %w", err)
	}
	_, err = tx.WriteTo(fileWriter(f))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("make a working copy of the book in %s: %w", path, err)
	}
	return nil
}

// writeCopy writes recs into the working copy at path in transactions of
// about batchGrowth each, checked and staged (stageChecked) on the other
// cores one transaction ahead; then the timeline's ID index, sorted, in
// transactions of indexBatch keys (written per account transaction, its
// keys, which interleave across accounts, would rewrite most of its pages
// every time); then the change log. The commits are not synced one by
// one: the file is synced in the background as it is written, and once
// more at the end. It returns the last transaction's ID.
func (s *Store) writeCopy(path string, recs []model.AccountRecord, progress func(done, total int), growth int64) (uint64, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, err
	}
	db, err := bolt.Open(path, FileMode, &bolt.Options{Timeout: time.Second, NoSync: true, NoGrowSync: true,
		InitialMmapSize: int(fi.Size() + min(growth, maxGrowMap))})
	if err != nil {
		return 0, fmt.Errorf("open the working copy %s: %w", path, err)
	}
	defer db.Close()
	// The commits are not synced, but the disk need not wait for the end:
	// after each one, the file is synced in the background (one sync at a
	// time), so the last sync has only the last pages to write.
	var syncing sync.WaitGroup
	idle := make(chan struct{}, 1)
	idle <- struct{}{}
	defer syncing.Wait() // before the file is closed
	syncAhead := func() {
		select {
		case <-idle:
			syncing.Add(1)
			go func() {
				defer syncing.Done()
				db.Sync() // an error shows in the last sync
				idle <- struct{}{}
			}()
		default:
		}
	}

	type batch struct {
		lo, hi int
		staged []stagedRecord
		err    error
	}
	var bounds [][2]int
	for lo := 0; lo < len(recs); {
		hi, g := lo, int64(0)
		for hi < len(recs) && (hi == lo || g < batchGrowth) {
			g += growthOf(recs[hi : hi+1])
			hi++
		}
		bounds = append(bounds, [2]int{lo, hi})
		lo = hi
	}
	// The goroutines below read recs (and let go of its records): a
	// write that fails stops them and waits for them, so none is still
	// at work once it has returned.
	stop := make(chan struct{})
	var helpers sync.WaitGroup
	defer func() {
		close(stop)
		helpers.Wait()
	}()
	// The timeline's ID index keys are made and sorted on another core
	// while the accounts are written.
	index := make(chan *entryIndex, 1)
	indexed := make(chan struct{})
	helpers.Add(2)
	go func() {
		defer helpers.Done()
		ix := indexOf(recs)
		close(indexed)
		select {
		case <-stop:
			return // the write failed: no sort for nothing
		default:
		}
		ix.sort()
		index <- ix
	}()
	ready := make(chan batch, 1)
	go func() {
		defer helpers.Done()
		defer close(ready)
		released := 0
		for _, b := range bounds {
			out := batch{lo: b[0], hi: b[1], staged: make([]stagedRecord, b[1]-b[0])}
			out.err = parallel.EachInOrder(len(out.staged), parallel.Workers(), func(i int) (err error) {
				out.staged[i], err = stageChecked(recs[out.lo+i])
				return err
			})
			// A record staged and indexed is not needed again: let go
			// (recs is this write's own list, see replaceRecords), the
			// memory it held serves the staging of the next ones.
			select {
			case <-indexed:
				clear(recs[released:out.hi])
				released = out.hi
			default:
			}
			select {
			case ready <- out:
			case <-stop:
				return
			}
			if out.err != nil {
				return
			}
		}
	}()

	ch := &changeSet{ids: map[string]bool{}}
	update := func(fn func(tx *bolt.Tx) error) error {
		return db.Update(func(tx *bolt.Tx) error {
			touched.Store(tx, ch)
			defer touched.Delete(tx)
			return fn(tx)
		})
	}
	committed := 0
	done := func() error {
		committed++
		syncAhead()
		if afterBatch != nil {
			return afterBatch(committed)
		}
		return nil
	}
	for b := range ready {
		if b.err != nil {
			return 0, b.err
		}
		err := update(func(tx *bolt.Tx) error {
			packPages(tx)
			for i := b.lo; i < b.hi; i++ {
				if progress != nil {
					progress(i, len(recs))
				}
				if err := deleteAccountTx(tx, b.staged[i-b.lo].accountID); err != nil {
					return err
				}
				if err := b.staged[i-b.lo].apply(tx, nil); err != nil {
					return err
				}
				b.staged[i-b.lo] = stagedRecord{}
			}
			return nil
		})
		if err == nil {
			err = done()
		}
		if err != nil {
			return 0, err
		}
	}
	ix := <-index
	for lo := 0; lo < len(ix.pairs); {
		hi := ix.nextRange(lo, indexBatch)
		if err := update(func(tx *bolt.Tx) error { return ix.putRange(tx, lo, hi) }); err != nil {
			return 0, err
		}
		if err := done(); err != nil {
			return 0, err
		}
		lo = hi
	}
	var last uint64
	err = update(func(tx *bolt.Tx) error {
		last = uint64(tx.ID())
		return s.logChange(tx, ch)
	})
	if err == nil {
		<-idle // the sync in the background is done
		err = db.Sync()
	}
	if err == nil {
		err = db.Close()
	}
	if err != nil {
		return 0, fmt.Errorf("write the working copy %s: %w", path, err)
	}
	return last, nil
}

// putCopyInPlace renames the working copy over the book's file (book,
// the path with its links followed), which the caller holds locked, and
// notes that this handle knows the new book up to its last transaction
// if it knew the old one up to the copy's base.
func (s *Store) putCopyInPlace(work, book string, base Version, last uint64) error {
	if err := os.Rename(work, book); err != nil {
		return fmt.Errorf("put the imported book in place of %s: %w", s.path, err)
	}
	syncDir(filepath.Dir(book))
	fi, err := os.Stat(s.path)
	if err != nil {
		return nil // the book is in place; the next poll says it was replaced
	}
	ino, dev := fileID(fi)
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	if base.ok && s.watch.known == base.tx && s.watch.ino == base.ino && s.watch.dev == base.dev {
		s.watch.known, s.watch.ino, s.watch.dev = last, ino, dev
	}
	return nil
}

// syncDir makes a rename in dir durable where the system supports it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
