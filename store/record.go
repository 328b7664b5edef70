package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync/atomic"

	bolt "go.etcd.io/bbolt"

	"bob/internal/parallel"
	"bob/model"
)

// Record returns an account with everything that belongs to it, in
// canonical order.
func (s *Store) Record(accountID string) (model.AccountRecord, error) {
	var rec model.AccountRecord
	err := s.viewSpans(recordSpans(accountID), func(tx *bolt.Tx) (err error) {
		rec, err = recordTx(tx, accountID)
		return err
	})
	return rec, err
}

// Records returns the records of the given accounts, in the given order,
// read in one transaction (see EachRecord).
func (s *Store) Records(accountIDs []string) ([]model.AccountRecord, error) {
	recs := make([]model.AccountRecord, 0, len(accountIDs))
	err := s.EachRecord(accountIDs, func(r model.AccountRecord) error {
		recs = append(recs, r)
		return nil
	})
	return recs, err
}

// EachRecord hands the records of the given accounts to fn one at a time,
// in the given order, all read in one transaction: many accounts are one
// consistent picture of the book, the file is opened once rather than
// once per account, and only one record is held at a time. An error from
// fn stops the walk and is returned.
func (s *Store) EachRecord(accountIDs []string, fn func(model.AccountRecord) error) error {
	return s.view(func(tx *bolt.Tx) error {
		for _, id := range accountIDs {
			rec, err := recordTx(tx, id)
			if err != nil {
				return err
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}

// EachRecordConcurrently reads the records of the given accounts with up
// to workers goroutines and hands each to fn with its index in
// accountIDs. fn is called from several goroutines at once, in no set
// order (though accounts are taken roughly in the given order); it may
// block, to let the caller keep only a bounded number of records at a
// time. Decoding a record is most of the cost of reading it, and it
// spreads over the cores.
//
// It is one consistent picture of the book, as EachRecord is: every
// worker reads in its own read transaction, all opened under the one
// shared lock that keeps writers out until the last one ends. An error
// (from the book or from fn) stops the walk and is returned.
func (s *Store) EachRecordConcurrently(accountIDs []string, workers int, fn func(i int, rec model.AccountRecord) error) error {
	return s.eachConcurrently(accountIDs, workers, recordTx, fn)
}

// EachAccountViewConcurrently is EachRecordConcurrently for the record of
// AccountView: each account with everything in it but its timeline, of
// which only the entries its touches depend on (each person's last touch
// and newest entries, the account's last touch) are read. What is judged
// from touches (model.PeopleInsights, a handoff's completeness check)
// comes out as from the whole record, at a fraction of the reading.
func (s *Store) EachAccountViewConcurrently(accountIDs []string, workers int, fn func(i int, rec model.AccountRecord) error) error {
	return s.eachConcurrently(accountIDs, workers, func(tx *bolt.Tx, id string) (model.AccountRecord, error) {
		r, err := recordHeadTx(tx, id)
		if err != nil {
			return r, err
		}
		r.Timeline, err = touchEntriesTx(tx, id, r.People)
		r.Canonicalize()
		return r, err
	}, fn)
}

// eachConcurrently runs the walks of EachRecordConcurrently, reading each
// account with read.
func (s *Store) eachConcurrently(accountIDs []string, workers int, read func(tx *bolt.Tx, id string) (model.AccountRecord, error),
	fn func(i int, rec model.AccountRecord) error) error {
	workers = max(1, min(workers, len(accountIDs)))
	if len(accountIDs) == 0 {
		return nil
	}
	if err := s.leavesChecked(); err != nil {
		return err
	}
	if err := s.damagedErr(); err != nil {
		return err
	}
	return s.note(protect(s.path, func() error {
		return s.withDB(false, false, func(db *bolt.DB) error {
			// One read transaction per worker; the workers take the
			// accounts in turn.
			var next atomic.Int64
			var stop atomic.Bool
			return parallel.Each(workers, workers, func(int) error {
				// protect is per goroutine: a damaged page read here must
				// become an error here.
				return protect(s.path, func() error {
					return db.View(func(tx *bolt.Tx) error {
						for !stop.Load() {
							i := int(next.Add(1) - 1)
							if i >= len(accountIDs) {
								return nil
							}
							rec, err := read(tx, accountIDs[i])
							if err == nil {
								err = fn(i, rec)
							}
							if err != nil {
								stop.Store(true)
								return err
							}
						}
						return nil
					})
				})
			})
		})
	}))
}

// RecordsFound returns the records of those of the given accounts that
// are in the book, by account ID, read in one transaction; the others are
// left out. An import asks it which of a bundle's accounts it already
// holds: one read, not one opening of the file per account.
func (s *Store) RecordsFound(accountIDs []string) (map[string]model.AccountRecord, error) {
	out, _, err := s.RecordsFoundAt(accountIDs)
	return out, err
}

// RecordsFoundAt is RecordsFound, with the version of the book it read:
// a write planned from these records can be made only if the book is
// still that version (ReplaceRecordsSince).
func (s *Store) RecordsFoundAt(accountIDs []string) (map[string]model.AccountRecord, Version, error) {
	out := map[string]model.AccountRecord{}
	var v Version
	err := s.view(func(tx *bolt.Tx) error {
		// The transaction's shared lock keeps writers and restores out:
		// the file at the path is the one read.
		var err error
		if v, err = versionOf(tx, s.path); err != nil {
			return err
		}
		accounts := tx.Bucket(bucketAccounts)
		for _, id := range accountIDs {
			if accounts.Get([]byte(id)) == nil {
				continue
			}
			rec, err := recordTx(tx, id)
			if err != nil {
				return err
			}
			out[id] = rec
		}
		return nil
	})
	if err != nil {
		return nil, Version{}, err
	}
	return out, v, nil
}

// Version is what the book held at one read: its file and the last write
// committed to it. The zero Version is no version: no book is at it.
type Version struct {
	tx, ino, dev uint64
	ok           bool
}

// ErrChanged is the error of a write refused because the book changed
// since the version it was planned from (ReplaceRecordsSince).
var ErrChanged = errors.New("the book changed since it was read")

// versionOf is the version a transaction of the book at path reads; for
// a write transaction, the version it writes on.
func versionOf(tx *bolt.Tx, path string) (Version, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return Version{}, fmt.Errorf("open %s: %w", path, err)
	}
	ino, dev := fileID(fi)
	if f, ok := openedFiles.Load(tx.DB()); ok && f.(fileIdentity) != (fileIdentity{ino, dev}) {
		// bbolt opened the file before a restore renamed another over
		// it, and waited for its lock: what the transaction reads (or
		// would write) is not the book at the path, so it is no version.
		return Version{}, nil
	}
	id := uint64(tx.ID())
	if tx.Writable() {
		id-- // bbolt numbers a write transaction after the last commit
	}
	return Version{tx: id, ino: ino, dev: dev, ok: true}, nil
}

// Unchanged reports whether the book is still at version v: nothing was
// written to it, and no backup restored over it, since v was read. It
// reads two pages of the file, without waiting for a lock; a write may
// still land just after it says yes, which ReplaceRecordsSince checks
// again under the write lock.
func (s *Store) Unchanged(v Version) bool {
	if !v.ok {
		return false
	}
	id, ino, dev, err := fileTx(s.path)
	return err == nil && id == v.tx && ino == v.ino && dev == v.dev
}

// AccountNames returns the given accounts with only their IDs and names
// (what an export orders its bundle by), in the given order, read in
// one transaction. A missing one is an ErrNotFound that names it. The
// rest of each account is not decoded: for a whole book's export that
// was a read of every account's text, on one core, before anything else.
func (s *Store) AccountNames(ids []string) ([]model.Account, error) {
	out := make([]model.Account, len(ids))
	err := s.viewSpans([]span{whole(bucketAccounts)}, func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAccounts)
		var named struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		}
		for i, id := range ids {
			named.ID, named.Name = "", ""
			if err := getFound(b, []byte(id), &named, "account", id); err != nil {
				return err
			}
			out[i] = model.Account{ID: named.ID, Name: named.Name}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// recordSpans are the parts of the book that hold one account: what
// recordTx, AccountView and TimelinePage read.
func recordSpans(accountID string) []span {
	spans := []span{keyOf(bucketAccounts, accountID), keyOf(bucketSummaries, accountID),
		keyOf(bucketDue, accountID), keyOf(bucketTimelineCounts, accountID)}
	for _, p := range recordParts {
		spans = append(spans, keysOf(p.bucketName(), accountID))
	}
	spans = append(spans, keysOf(bucketTimeline, accountID), keysOf(bucketTimelinePeople, accountID))
	return spans
}

func recordTx(tx *bolt.Tx, accountID string) (model.AccountRecord, error) {
	r, err := recordHeadTx(tx, accountID)
	if err != nil {
		return r, err
	}
	// The entries are counted first (their keys only, on the pages the
	// scan reads next): read into a slice of the timeline's size, a
	// whole book's export no longer leaves each timeline's doublings
	// behind for the garbage collector.
	if n := countPrefix(tx.Bucket(bucketTimeline), accountPrefix(accountID)); n > 0 {
		r.Timeline = make([]model.TimelineEntry, 0, n)
	}
	err = scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
		r.Timeline = append(r.Timeline, e)
		return true
	})
	// The scan runs newest first: turned round, the timeline is in its
	// canonical order, which Canonicalize then only has to look at
	// (sorting it from reverse order was most of the cost of reading a
	// book's records).
	slices.Reverse(r.Timeline)
	r.Canonicalize()
	return r, err
}

// countPrefix counts the keys of b that start with prefix.
func countPrefix(b *bolt.Bucket, prefix []byte) int {
	n := 0
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		n++
	}
	return n
}

// recordHeadTx reads an account and everything in it but its timeline.
func recordHeadTx(tx *bolt.Tx, accountID string) (model.AccountRecord, error) {
	var r model.AccountRecord
	ok, err := getJSON(tx.Bucket(bucketAccounts), []byte(accountID), &r.Account)
	if err != nil {
		return r, err
	}
	if !ok {
		return r, fmt.Errorf("account %s: %w", accountID, ErrNotFound)
	}
	err = readPartsTx(tx, accountID, &r, false)
	return r, err
}

// writeRecordTx writes a whole account record as it is (IDs and times
// untouched), its summary and its entry in the due-item index. With ix
// set, the timeline entries' IDs are collected there instead of written
// one by one (see entryIndex); the caller flushes ix in the same
// transaction.
func writeRecordTx(tx *bolt.Tx, r model.AccountRecord, ix *entryIndex) error {
	st, err := stageRecord(r, ix != nil)
	if err != nil {
		return err
	}
	if err := st.apply(tx, ix); err != nil {
		return err
	}
	if ix == nil {
		return putEntries(tx, r.Timeline)
	}
	return nil
}

// putPlainChildren writes the records that refer to nothing but their
// account: plans, commitments, risks, checklists and handoffs.
func putPlainChildren(tx *bolt.Tx, r model.AccountRecord) error {
	for _, p := range plainParts {
		if err := p.writeFrom(tx, r); err != nil {
			return err
		}
	}
	return nil
}

// ReplaceRecords writes whole account records in one transaction: each
// account's previous records, if any, are replaced by the given ones. It
// is all or nothing: if any record is invalid, nothing is written.
// Imports and the demo book use it; IDs and times are kept as given.
//
// Its cost grows with the records written, not with their square: bbolt
// splits its in-memory nodes only at commit, so a key put in the middle
// of a bucket that grew in this transaction moves every key after it.
// The records are therefore written in account ID order (each account's
// keys follow the previous account's) and the timeline's ID index, whose
// keys interleave across accounts, is written once at the end, sorted.
func (s *Store) ReplaceRecords(recs []model.AccountRecord) error {
	return s.ReplaceRecordsWith(recs, nil)
}

// ReplaceRecordsWith is ReplaceRecords, calling progress (if not nil) as
// the accounts are written, with the number written so far and the total
// (the total only once the transaction is committed). The write stays one
// transaction: an account counted as written is not in the book until
// the last one is.
func (s *Store) ReplaceRecordsWith(recs []model.AccountRecord, progress func(done, total int)) error {
	return s.replaceRecords(recs, progress, Version{})
}

// ReplaceRecordsSince is ReplaceRecordsWith for records planned from the
// book at version since (RecordsFoundAt): if anything was written to the
// book after that, or it was restored from a backup, it writes nothing
// and returns an error that is ErrChanged, so the caller can plan again
// from the book as it is. The check is made in the write transaction,
// under the book's lock, so no write can come between it and the import.
func (s *Store) ReplaceRecordsSince(recs []model.AccountRecord, progress func(done, total int), since Version) error {
	if !since.ok {
		return s.wrap("write accounts", ErrChanged)
	}
	return s.replaceRecords(recs, progress, since)
}

func (s *Store) replaceRecords(recs []model.AccountRecord, progress func(done, total int), since Version) error {
	// Checking the records and staging what they put (their JSON, their
	// timelines' entries and indexes: see stageRecord) need no
	// transaction: they run on every core, each record checked as it is
	// staged (a large write, through a working copy, stages as it
	// writes). bbolt keeps a value until the commit, so staging ahead
	// holds nothing longer than the write would.
	kept := lastByAccount(recs)
	if len(kept) < len(recs) {
		// A record replaced by a later one of its account is not
		// written, but all or nothing still means all of them valid.
		err := parallel.EachInOrder(len(recs), parallel.Workers(), func(i int) error {
			if err := recs[i].Validate(); err != nil {
				return invalidRecord(recs[i], err)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	recs = kept
	if growth := growthOf(recs); growth >= copyAbove && canCopy() {
		err := s.replaceInCopy(recs, progress, since, growth)
		if err == nil && progress != nil {
			progress(len(recs), len(recs))
		}
		if invalid := (*recordError)(nil); errors.As(err, &invalid) {
			return invalid
		}
		return s.wrap("write accounts", err)
	}
	staged := make([]stagedRecord, len(recs))
	err := parallel.EachInOrder(len(recs), parallel.Workers(), func(i int) (err error) {
		staged[i], err = stageChecked(recs[i])
		return err
	})
	if err != nil {
		return err
	}
	err = s.updateGrowing(growthOf(recs), func(tx *bolt.Tx) error {
		if since.ok {
			if v, err := versionOf(tx, s.path); err != nil {
				return err
			} else if v != since {
				return ErrChanged
			}
		}
		packPages(tx)
		ix := newEntryIndex(recs)
		for i, r := range recs {
			if progress != nil {
				progress(i, len(recs))
			}
			if err := deleteAccountTx(tx, r.Account.ID); err != nil {
				return err
			}
			if err := staged[i].apply(tx, ix); err != nil {
				return err
			}
			staged[i] = stagedRecord{}
		}
		return ix.flush(tx)
	})
	// The last account is counted once the commit (bbolt's writing of the
	// pages, a good part of a large write) is done, so a progress line
	// never shows the write finished while it is not.
	if err == nil && progress != nil {
		progress(len(recs), len(recs))
	}
	return s.wrap("write accounts", err)
}

// growthOf is about the most writing recs can add to the book's file:
// pages hold a record's JSON, its keys and its indexes, at most half
// empty. It errs large (what matters is that the file's map is not
// outgrown, see updateGrowing): a record of the demo book takes about
// 1.5 KB per timeline entry.
func growthOf(recs []model.AccountRecord) int64 {
	const perAccount, perRecord = 16 << 10, 4 << 10
	var n int64
	for _, r := range recs {
		n += perAccount + perRecord*int64(len(r.People)+len(r.Edges)+len(r.Timeline)+len(r.Plans)+
			len(r.Commitments)+len(r.Risks)+len(r.Checklists)+len(r.Handoffs))
	}
	return n
}

// lastByAccount returns recs in account ID order, keeping only the last
// record of an account given twice (writing it replaces the earlier one),
// in a new list (the write may clear it as it goes).
func lastByAccount(recs []model.AccountRecord) []model.AccountRecord {
	last := make(map[string]int, len(recs))
	for i, r := range recs {
		last[r.Account.ID] = i
	}
	out := make([]model.AccountRecord, 0, len(last))
	for i, r := range recs {
		if last[r.Account.ID] == i {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b model.AccountRecord) int { return strings.Compare(a.Account.ID, b.Account.ID) })
	return out
}

// packPages fills pages fuller when a bulk write splits them. Whole
// records arrive in ID order with their timelines in time order, so most
// keys are appended at the end of their bucket and bbolt's default (split
// half-full, leaving room for inserts in the middle) would double the file
// for nothing. The people's index of the timeline is keyed by account
// first, and staged sorted (stageTimelineIndex), so it is appended to as
// well. The timeline's ID index stays at the default unless a range only
// appends (see putRange): entry IDs of different accounts interleave.
func packPages(tx *bolt.Tx) {
	for _, name := range [][]byte{bucketAccounts, bucketSummaries, bucketDue, bucketTimeline} {
		tx.Bucket(name).FillPercent = 0.9
	}
	for _, name := range [][]byte{bucketTimelinePeople, bucketTimelineCounts} {
		if b := tx.Bucket(name); b != nil { // nil only while an older migration runs
			b.FillPercent = 0.9
		}
	}
	for _, p := range recordParts {
		tx.Bucket(p.bucketName()).FillPercent = 0.9
	}
}

// Count returns how many accounts the book holds.
func (s *Store) Count() (int, error) {
	n := 0
	err := s.viewSpans([]span{whole(bucketAccounts)}, func(tx *bolt.Tx) error {
		n = tx.Bucket(bucketAccounts).Stats().KeyN
		return nil
	})
	return n, err
}
