package store

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// Sharing the book between processes.
//
// bbolt allows one writer per file and locks the file for as long as it
// is open: exclusively for a read-write open, shared for a read-only one.
// A bob that kept the file open would shut every other bob out, so a
// Store opens the file for each transaction and closes it after: a read
// opens it read-only (a shared lock, many readers at once; no free-page
// list is read), a write opens it read-write (an exclusive lock, waiting
// at most LockTimeout for the holder, then naming it). Measured on a
// 10,000-account book the open and close cost tens of microseconds for a
// read and well under a millisecond for a write, against the fsyncs every
// commit costs anyway (docs/architecture.md has the figures).
//
// Every write transaction also appends one entry to a short change log in
// the meta bucket (who wrote, which accounts), so a bob that notices the
// file's transaction ID move (Changes) can say what another process did.

// withDB opens the book's file (read-write when write), runs fn and closes
// the file. Only the first open of a Store may create the file.
func (s *Store) withDB(write, create bool, fn func(db *bolt.DB) error) error {
	return s.withMappedDB(write, create, 0, fn)
}

// withMappedDB is withDB with the file mapped into memory at least
// mapSize bytes large (0: as large as the file), for a write that grows
// the file by much (see updateGrowing).
func (s *Store) withMappedDB(write, create bool, mapSize int, fn func(db *bolt.DB) error) error {
	if s.closed.Load() {
		return fmt.Errorf("%s: %w", s.path, bolterrors.ErrDatabaseNotOpen)
	}
	if !create {
		if _, err := os.Stat(s.path); errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("open %s: the book's file was moved or removed while bob was using it: %w", s.path, os.ErrNotExist)
		}
	}
	var db *bolt.DB
	var opened fileIdentity
	open := func() (err error) {
		opts := &bolt.Options{Timeout: s.lockTimeout, ReadOnly: !write, OpenFile: func(name string, flag int, perm os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, perm)
			if err == nil {
				if fi, err := f.Stat(); err == nil {
					opened.ino, opened.dev = fileID(fi)
				}
			}
			return f, err
		}}
		if mapSize > 0 {
			if fi, err := os.Stat(s.path); err == nil {
				opts.InitialMmapSize = int(fi.Size()) + mapSize
			}
		}
		db, err = bolt.Open(s.path, FileMode, opts)
		return err
	}
	err := protect(s.path, open)
	// bbolt opens the file, then waits for its lock: if a restore or a
	// large import renamed another file over the book meanwhile, the one
	// opened is no longer the book, and a write to it would be lost with
	// it. Open the book again (a few times at most: each rename was a
	// whole restore or import).
	for try := 0; err == nil && try < 3 && replacedSince(s.path, opened); try++ {
		db.Close()
		err = protect(s.path, open)
	}
	if err != nil {
		switch {
		case errors.Is(err, bolterrors.ErrTimeout):
			return lockedError(s.path, write)
		case errors.Is(err, ErrDamaged):
			return err
		case errors.Is(err, os.ErrPermission):
			return permissionError(s.path, err)
		}
		return fmt.Errorf("open %s: %w (is it a bob book? restore it from a backup, or choose another file with --db)", s.path, err)
	}
	defer db.Close()
	openedFiles.Store(db, opened)
	defer openedFiles.Delete(db)
	return fn(db)
}

// fileIdentity is a file's inode and device (see fileID).
type fileIdentity struct{ ino, dev uint64 }

// replacedSince reports whether the file at path is no longer the one
// opened (where files have no known identity, it never is).
func replacedSince(path string, opened fileIdentity) bool {
	if opened == (fileIdentity{}) {
		return false
	}
	fi, err := os.Stat(path)
	if err != nil {
		return false // the caller's next use of the path says why
	}
	ino, dev := fileID(fi)
	return fileIdentity{ino, dev} != opened
}

// openedFiles holds, for each *bolt.DB open in withMappedDB, the file it
// opened: a restore may have put another file at the path while bbolt
// waited for the lock of the one it had opened (see versionOf).
var openedFiles sync.Map // *bolt.DB -> fileIdentity

// lockedError says which process holds the book, when the system tells.
func lockedError(path string, write bool) error {
	verb := "read"
	if write {
		verb = "change"
	}
	if h, ok := lockHolder(path); ok {
		doing := "is reading it"
		if h.write {
			doing = "is writing to it"
		}
		return fmt.Errorf("%s: %w: %s (pid %d) %s; try again in a moment", path, ErrLocked, h.who, h.pid, doing)
	}
	return fmt.Errorf("%s: %w: another bob is using it, so this could not %s it; try again in a moment", path, ErrLocked, verb)
}

// holder is the process that holds a lock on the book.
type holder struct {
	pid   int
	who   string
	write bool
}

// describeArgs names a bob process by its command line: "the bob app" for
// bob with no command, else "bob" and the command's words ("bob step
// done"), leaving out flags and their values.
func describeArgs(args []string) string {
	if len(args) == 0 {
		return "a bob"
	}
	base := args[0]
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	var words []string
	for i := 1; i < len(args) && len(words) < 2; i++ {
		a := args[i]
		if strings.HasPrefix(a, "-") {
			if !strings.Contains(a, "=") && (a == "--db" || a == "-db") {
				i++
			}
			continue
		}
		words = append(words, a)
	}
	if len(words) == 0 {
		return "the " + base + " app"
	}
	return base + " " + strings.Join(words, " ")
}

// self is how this process is named in the change log.
var self = describeArgs(os.Args)

// view runs fn in one read transaction. On a big book whose pages are not
// all checked yet, it first waits for the walk of every page.
func (s *Store) view(fn func(tx *bolt.Tx) error) error {
	return s.viewSpans(nil, fn)
}

// viewSpans runs fn in one read transaction that reads only the given
// spans of the book (nil: any part of it). Until every page of a big book
// has been checked, the pages a read of those spans can reach are checked
// first, in the same transaction: a damaged page is reported, and bbolt
// never follows a page number the walk has not checked (a loop of pages
// would recurse until the process dies, which no recover catches).
func (s *Store) viewSpans(spans []span, fn func(tx *bolt.Tx) error) error {
	check := !s.walked.Load()
	if check && spans == nil {
		if err := s.leavesChecked(); err != nil {
			return err
		}
		check = false
	}
	if err := s.damagedErr(); err != nil {
		return err
	}
	return s.note(protect(s.path, func() error {
		return s.withDB(false, false, func(db *bolt.DB) error {
			if check {
				// The transaction's shared lock keeps writers out: the
				// walk sees the file bbolt reads.
				problems, err := walkSpans(s.path, spans)
				if err != nil {
					return fmt.Errorf("open %s: %w", s.path, err)
				}
				if len(problems) > 0 {
					return damaged(s.path, problems[0])
				}
			}
			return db.View(fn)
		})
	}))
}

// update runs fn in one write transaction, refused once damage was found,
// and logs the change for other bobs.
func (s *Store) update(fn func(tx *bolt.Tx) error) error {
	return s.updateGrowing(0, fn)
}

// writable says whether a write may start: every page of the file has
// been checked (a big book's walk waited for), no damage was found, and
// the book was not opened read-only.
func (s *Store) writable() error {
	if err := s.leavesChecked(); err != nil {
		return err
	}
	if err := s.damagedErr(); err != nil {
		return err
	}
	if s.readOnly {
		return fmt.Errorf("%s: %w", s.path, bolterrors.ErrDatabaseReadOnly)
	}
	return nil
}

// updateGrowing is update for a write that adds about grow bytes to the
// file. bbolt maps the file into memory and, when a commit outgrows the
// map, maps it again larger, copying every key and value the transaction
// touched out of the old map first: a write of a thousand accounts into a
// new book was remapped a dozen times, and the copies were the largest
// part of its commit. Mapped large enough from the start, it is never
// remapped. The map is only address space, and the whole file was checked
// (leavesChecked) before it is made larger than the file. On Windows
// bbolt grows the file itself to the size of the map, and a 32-bit
// process has little address space to spare: there, the map starts as
// large as the file, as for any write. So does a small write: bbolt
// grows a file whose map is under its allocation step (16 MiB) to the
// whole map, which would leave a small book mostly empty pages, and a few
// remaps of a small write cost little.
func (s *Store) updateGrowing(grow int64, fn func(tx *bolt.Tx) error) error {
	mapSize := 0
	if runtime.GOOS != "windows" && strconv.IntSize == 64 && grow >= minGrowMap {
		mapSize = int(min(grow, maxGrowMap))
	}
	if err := s.writable(); err != nil {
		return err
	}
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	return s.note(protect(s.path, func() error {
		return s.withMappedDB(true, false, mapSize, func(db *bolt.DB) error {
			var base, id uint64
			err := db.Update(func(tx *bolt.Tx) error {
				id = uint64(tx.ID())
				base = id - 1
				ch := beginChange(tx)
				defer endChange(tx)
				if err := fn(tx); err != nil {
					return err
				}
				return s.logChange(tx, ch)
			})
			if err == nil {
				s.committed(base, id)
			}
			return err
		})
	}))
}

// A write maps the file larger than it is only when it may grow it by
// minGrowMap or more (see updateGrowing), and by at most maxGrowMap.
const (
	minGrowMap = 64 << 20
	maxGrowMap = 64 << 30
)

// Change is one write another process made to the book.
type Change struct {
	// Tx is the file's transaction ID after the write.
	Tx uint64 `json:"tx"`
	// By names the process ("bob step done", "the bob app").
	By  string `json:"by"`
	Pid int    `json:"pid"`
	// Accounts are the IDs of the accounts it changed (none for a change
	// to the book as a whole).
	Accounts []string  `json:"accounts,omitempty"`
	At       time.Time `json:"at"`
	token    string
}

// changeRecord is a Change as the log keeps it.
type changeRecord struct {
	Change
	Token string `json:"token"`
}

var keyChanges = []byte("changes")

// changeLogLength is how many writes the log remembers: more than any bob
// polling once a second misses in practice; more missed ones are counted.
const changeLogLength = 64

// maxChangeAccounts bounds one entry (an import of thousands of accounts
// is told as a number).
const maxChangeAccounts = 50

// touched collects, per write transaction, the accounts it changed.
var touched sync.Map // *bolt.Tx -> *changeSet

type changeSet struct {
	ids  map[string]bool
	more int
}

func beginChange(tx *bolt.Tx) *changeSet {
	ch := &changeSet{ids: map[string]bool{}}
	touched.Store(tx, ch)
	return ch
}

func endChange(tx *bolt.Tx) { touched.Delete(tx) }

// touch records that the transaction changed the account: every change
// to an account ends in its summary, so refreshSummary and the delete
// call it.
func touch(tx *bolt.Tx, accountID string) {
	v, ok := touched.Load(tx)
	if !ok {
		return
	}
	ch := v.(*changeSet)
	if len(ch.ids) >= maxChangeAccounts && !ch.ids[accountID] {
		ch.more++
		return
	}
	ch.ids[accountID] = true
}

func (s *Store) logChange(tx *bolt.Tx, ch *changeSet) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return nil
	}
	var log []changeRecord
	if raw := meta.Get(keyChanges); raw != nil {
		// A log that does not read is started again: it only says who
		// wrote, the book does not depend on it.
		_ = json.Unmarshal(raw, &log)
	}
	c := changeRecord{Change: Change{Tx: uint64(tx.ID()), By: self, Pid: os.Getpid(), At: s.now().UTC()}, Token: s.watch.token}
	for id := range ch.ids {
		c.Accounts = append(c.Accounts, id)
	}
	sort.Strings(c.Accounts)
	if ch.more > 0 {
		c.Accounts = append(c.Accounts, fmt.Sprintf("+%d", ch.more))
	}
	log = append(log, c)
	if len(log) > changeLogLength {
		log = log[len(log)-changeLogLength:]
	}
	raw, err := json.Marshal(log)
	if err != nil {
		return fmt.Errorf("log the change: %w", err)
	}
	return meta.Put(keyChanges, raw)
}

// watchState is what a Store knows of the file's commits.
type watchState struct {
	mu    sync.Mutex
	token string
	// known is the transaction ID up to which this handle has seen every
	// change (its own commits, and others' once Changes reported them).
	known uint64
	// ino and dev identify the file: a restore puts another file in its
	// place.
	ino, dev uint64
}

func newToken() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Store) startWatch() error {
	id, ino, dev, err := fileTx(s.path)
	if err != nil {
		return err
	}
	s.watch.mu.Lock()
	s.watch.known, s.watch.ino, s.watch.dev = id, ino, dev
	s.watch.mu.Unlock()
	return nil
}

// committed: this handle wrote transaction id on top of base. Only when
// it knew everything up to base does it know everything up to id; else
// the poll reports what came between.
func (s *Store) committed(base, id uint64) {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	if base == s.watch.known {
		s.watch.known = id
	}
}

// Changes reports what other processes (or other handles on the book)
// wrote since the last call, oldest first. It costs two small reads of
// the file when nothing changed, so a bob can call it every second.
// Replaced is true when the file itself was replaced (a backup restored
// over it): everything may have changed.
func (s *Store) Changes() (changes []Change, replaced bool, err error) {
	if s.closed.Load() {
		return nil, false, nil
	}
	id, ino, dev, err := fileTx(s.path)
	if err != nil {
		return nil, false, err
	}
	s.watch.mu.Lock()
	known, sameFile := s.watch.known, ino == s.watch.ino && dev == s.watch.dev
	s.watch.mu.Unlock()
	if id == known && sameFile {
		return nil, false, nil
	}
	var log []changeRecord
	err = s.viewSpans([]span{whole(bucketMeta)}, func(tx *bolt.Tx) error {
		id = uint64(tx.ID())
		if raw := tx.Bucket(bucketMeta).Get(keyChanges); raw != nil {
			_ = json.Unmarshal(raw, &log)
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	s.watch.mu.Lock()
	s.watch.known, s.watch.ino, s.watch.dev = id, ino, dev
	s.watch.mu.Unlock()
	if !sameFile {
		return nil, true, nil
	}
	missed := id - known
	for _, c := range log {
		if c.Tx <= known || c.Tx > id {
			continue
		}
		missed--
		if c.Token == s.watch.token {
			continue
		}
		changes = append(changes, c.Change)
	}
	if missed > 0 {
		// Writes the log no longer holds (or made by a bob before the log
		// existed): said as such, accounts unknown.
		changes = append([]Change{{Tx: known + missed, By: "another bob", Accounts: []string{fmt.Sprintf("+%d writes", missed)}}}, changes...)
	}
	return changes, false, nil
}

// fileTx reads the file's current transaction ID from its two meta pages
// with plain reads (no lock, no bbolt), and the file's identity.
func fileTx(path string) (txid, ino, dev uint64, err error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return 0, 0, 0, fmt.Errorf("open %s: %w", path, err)
	}
	ino, dev = fileID(fi)
	m0, ok0 := readMeta(f, 0, 0)
	psz := int64(os.Getpagesize())
	if ok0 {
		psz = int64(m0.pageSize)
	}
	m1, ok1 := readMeta(f, 1, psz)
	switch {
	case ok0 && ok1:
		return max(m0.txid, m1.txid), ino, dev, nil
	case ok0:
		return m0.txid, ino, dev, nil
	case ok1:
		return m1.txid, ino, dev, nil
	}
	return 0, ino, dev, damaged(path, "neither meta page can be read")
}
