package store

import (
	"fmt"
	"slices"
	"strings"

	bolt "go.etcd.io/bbolt"

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
	err = scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
		r.Timeline = append(r.Timeline, e)
		return true
	})
	r.Canonicalize()
	return r, err
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
	acc := r.Account.ID
	touch(tx, acc)
	if err := putJSON(tx.Bucket(bucketAccounts), []byte(acc), r.Account); err != nil {
		return err
	}
	for _, p := range recordParts {
		if err := p.writeFrom(tx, r); err != nil {
			return err
		}
	}
	if err := putEntries(tx, r.Timeline, ix); err != nil {
		return err
	}
	if err := putSummary(tx, acc, model.Summarize(r)); err != nil {
		return err
	}
	return putDue(tx, model.IndexDue(r))
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
// the accounts are written, with the number written so far and the total.
// The write stays one transaction: an account counted as written is not
// in the book until the last one is.
func (s *Store) ReplaceRecordsWith(recs []model.AccountRecord, progress func(done, total int)) error {
	for i := range recs {
		if err := recs[i].Validate(); err != nil {
			return fmt.Errorf("account %q (%s): %w", recs[i].Account.Name, recs[i].Account.ID, err)
		}
	}
	recs = lastByAccount(recs)
	err := s.update(func(tx *bolt.Tx) error {
		packPages(tx)
		ix := &entryIndex{}
		for i, r := range recs {
			if progress != nil {
				progress(i, len(recs))
			}
			if err := deleteAccountTx(tx, r.Account.ID); err != nil {
				return err
			}
			if err := writeRecordTx(tx, r, ix); err != nil {
				return err
			}
		}
		if progress != nil {
			progress(len(recs), len(recs))
		}
		return ix.flush(tx)
	})
	return s.wrap("write accounts", err)
}

// lastByAccount returns recs in account ID order, keeping only the last
// record of an account given twice (writing it replaces the earlier one).
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
// for nothing. The timeline index stays at the default: entry IDs of
// different accounts interleave.
func packPages(tx *bolt.Tx) {
	for _, name := range [][]byte{bucketAccounts, bucketSummaries, bucketDue, bucketTimeline} {
		tx.Bucket(name).FillPercent = 0.9
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
