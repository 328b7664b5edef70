package store

import (
	"bytes"
	"cmp"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// TimelineQuery selects part of an account's timeline.
type TimelineQuery struct {
	// Limit caps how many entries come back; 0 means all.
	Limit int
	// Before, when set, returns only entries strictly before this time,
	// so a long history can be paged from the newest end.
	Before time.Time
	// Kinds, when set, keeps only entries of these kinds.
	Kinds []model.EntryKind
}

// Timeline returns an account's entries, newest first. It is a reverse
// range scan over time-ordered keys: the newest page of a long history
// costs the same as the newest page of a short one.
func (s *Store) Timeline(accountID string, q TimelineQuery) ([]model.TimelineEntry, error) {
	var out []model.TimelineEntry
	err := s.viewSpans([]span{keysOf(bucketTimeline, accountID)}, func(tx *bolt.Tx) error {
		return scanTimeline(tx, accountID, q.Before, func(e model.TimelineEntry) bool {
			if len(q.Kinds) > 0 && !containsKind(q.Kinds, e.Kind) {
				return true
			}
			out = append(out, e)
			return q.Limit == 0 || len(out) < q.Limit
		})
	})
	return out, s.wrap("read the timeline of account "+accountID, err)
}

func containsKind(ks []model.EntryKind, k model.EntryKind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// scanTimeline calls fn on the account's entries from newest to oldest
// (starting before `before` when it is set) until fn returns false.
func scanTimeline(tx *bolt.Tx, accountID string, before time.Time, fn func(model.TimelineEntry) bool) error {
	b := tx.Bucket(bucketTimeline)
	prefix := accountPrefix(accountID)
	c := b.Cursor()
	end := prefixEnd(prefix)
	if !before.IsZero() {
		end = timelineKey(accountID, before, "")
	}
	k, v := lastBefore(c, end)
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
		var e model.TimelineEntry
		if err := decodeEntry(k, v, &e); err != nil {
			return err
		}
		if !fn(e) {
			return nil
		}
	}
	return nil
}

// Entry returns one timeline entry by ID.
func (s *Store) Entry(id string) (model.TimelineEntry, error) {
	var e model.TimelineEntry
	err := s.view(func(tx *bolt.Tx) error {
		key := tx.Bucket(bucketTimelineIDs).Get([]byte(id))
		if key == nil {
			return fmt.Errorf("timeline entry %s: %w", id, ErrNotFound)
		}
		_, err := getJSON(tx.Bucket(bucketTimeline), key, &e)
		return err
	})
	return e, err
}

// PutEntry creates or updates a timeline entry. A new entry gets an ID
// and its Created time; a changed When moves the entry in the time order.
// Every person it links must be a person of the same account.
func (s *Store) PutEntry(e model.TimelineEntry) (model.TimelineEntry, error) {
	now := s.now()
	if e.ID == "" {
		e.ID = model.NewIDAt(now)
	}
	if e.Created.IsZero() {
		e.Created = now
	}
	if e.When.IsZero() {
		e.When = now
	}
	e.Updated = now
	err := s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Get([]byte(e.AccountID)) == nil {
			return fmt.Errorf("account %s: %w", e.AccountID, ErrNotFound)
		}
		if err := e.Validate(); err != nil {
			return err
		}
		for _, p := range e.People {
			if tx.Bucket(bucketPeople).Get(childKey(e.AccountID, p)) == nil {
				return fmt.Errorf("linked person %s is not a stakeholder of this account", p)
			}
		}
		if err := putEntryTx(tx, e); err != nil {
			return err
		}
		return touchAccount(tx, e.AccountID, now, true)
	})
	return e, s.wrap("save timeline entry", err)
}

// putEntryTx writes an entry, removing its old key if its time moved.
func putEntryTx(tx *bolt.Tx, e model.TimelineEntry) error {
	ids := tx.Bucket(bucketTimelineIDs)
	tl := tx.Bucket(bucketTimeline)
	key := timelineKey(e.AccountID, e.When, e.ID)
	old := ids.Get([]byte(e.ID))
	if old != nil && !bytes.HasPrefix(old, accountPrefix(e.AccountID)) {
		// Entry IDs are global: the same ID under another account means a
		// colliding or forged record, and writing it would replace that
		// account's entry.
		return fmt.Errorf("timeline entry %s already belongs to another account: nothing was written", e.ID)
	}
	if old != nil {
		old = bytes.Clone(old)
		var prev model.TimelineEntry
		found, err := getJSON(tl, old, &prev)
		if err != nil {
			return err
		}
		if found {
			if err := indexEntryTx(tx, prev, false); err != nil {
				return err
			}
		}
		if !bytes.Equal(old, key) {
			if err := tl.Delete(old); err != nil {
				return err
			}
		}
	}
	if err := putJSON(tl, key, e); err != nil {
		return err
	}
	if err := ids.Put([]byte(e.ID), key); err != nil {
		return err
	}
	return indexEntryTx(tx, e, true)
}

func deleteEntryTx(tx *bolt.Tx, id string) (model.TimelineEntry, error) {
	var e model.TimelineEntry
	key := tx.Bucket(bucketTimelineIDs).Get([]byte(id))
	if key == nil {
		return e, fmt.Errorf("timeline entry %s: %w", id, ErrNotFound)
	}
	key = append([]byte(nil), key...)
	if _, err := getJSON(tx.Bucket(bucketTimeline), key, &e); err != nil {
		return e, err
	}
	if err := tx.Bucket(bucketTimeline).Delete(key); err != nil {
		return e, err
	}
	if err := indexEntryTx(tx, e, false); err != nil {
		return e, err
	}
	return e, tx.Bucket(bucketTimelineIDs).Delete([]byte(id))
}

// entryIndex collects the timeline index keys (entry ID to timeline key)
// of a bulk write, to write them sorted at its end: entry IDs of different
// accounts interleave, and putting them as they come would insert each in
// the middle of one in-memory node that grows with the write.
type entryIndex struct {
	pairs []entryKey
}

// newEntryIndex is an entryIndex with room for the entries of recs.
func newEntryIndex(recs []model.AccountRecord) *entryIndex {
	n := 0
	for _, r := range recs {
		n += len(r.Timeline)
	}
	return &entryIndex{pairs: make([]entryKey, 0, n)}
}

// indexOf is the entryIndex that writing recs in turn (apply) collects.
func indexOf(recs []model.AccountRecord) *entryIndex {
	ix := newEntryIndex(recs)
	for _, r := range recs {
		for _, e := range r.Timeline {
			ix.pairs = append(ix.pairs, entryKey{id: []byte(e.ID), key: timelineKey(e.AccountID, e.When, e.ID), seq: len(ix.pairs)})
		}
	}
	return ix
}

type entryKey struct {
	id, key []byte
	seq     int // the order it was put in: of one ID given twice, the later wins
}

// putEntries writes whole-record timeline entries one by one, each with
// putEntryTx's rules.
func putEntries(tx *bolt.Tx, entries []model.TimelineEntry) error {
	for _, e := range entries {
		if err := putEntryTx(tx, e); err != nil {
			return err
		}
	}
	return nil
}

// flush writes the collected index keys in ID order, with putEntryTx's
// rules: an ID already used by another account refuses the whole write,
// and an entry whose time moved loses its old timeline key.
func (ix *entryIndex) flush(tx *bolt.Tx) error {
	ix.sort()
	err := ix.putRange(tx, 0, len(ix.pairs))
	ix.pairs = nil
	return err
}

// sort orders the collected keys by ID, then as put: a stable sort
// without its cost (a million entries took a merge sort over a second).
func (ix *entryIndex) sort() {
	slices.SortFunc(ix.pairs, func(a, b entryKey) int {
		if c := bytes.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
}

// nextRange is where a range of the sorted keys that starts at lo and
// holds about n of them ends: never between two keys of one ID.
func (ix *entryIndex) nextRange(lo, n int) int {
	hi := min(lo+n, len(ix.pairs))
	for hi < len(ix.pairs) && bytes.Equal(ix.pairs[hi].id, ix.pairs[hi-1].id) {
		hi++
	}
	return hi
}

// putRange writes the sorted keys from lo to hi (see flush).
func (ix *entryIndex) putRange(tx *bolt.Tx, lo, hi int) error {
	if lo >= hi {
		return nil
	}
	ids := tx.Bucket(bucketTimelineIDs)
	tl := tx.Bucket(bucketTimeline)
	olds, appended := ix.oldKeys(ids, lo, hi)
	if appended {
		// Every key goes after the last one the index holds (a new
		// book, or entries newer than all it has): pages split full,
		// as packPages does for the record buckets.
		ids.FillPercent = 0.9
	}
	for i := lo; i < hi; i++ {
		p := ix.pairs[i]
		if i+1 < hi && bytes.Equal(ix.pairs[i+1].id, p.id) {
			// The same ID again: the later one wins, as if put in turn.
			next := ix.pairs[i+1]
			if !bytes.HasPrefix(next.key, p.key[:bytes.IndexByte(p.key, '/')+1]) {
				return fmt.Errorf("timeline entry %s already belongs to another account: nothing was written", p.id)
			}
			if !bytes.Equal(next.key, p.key) {
				if err := tl.Delete(p.key); err != nil {
					return err
				}
			}
			continue
		}
		if old := olds[i-lo]; old != nil && !bytes.Equal(old, p.key) {
			if !bytes.HasPrefix(old, p.key[:bytes.IndexByte(p.key, '/')+1]) {
				return fmt.Errorf("timeline entry %s already belongs to another account: nothing was written", p.id)
			}
			if err := tl.Delete(old); err != nil {
				return err
			}
		}
		if err := ids.Put(p.id, p.key); err != nil {
			return err
		}
	}
	return nil
}

// oldKeys returns the timeline key the index holds for each ID from lo to
// hi (nil where it holds none), found in one walk of the index rather
// than a lookup per key: after the last key it holds, there is nothing
// to look up, and a bulk write into a new book looks up nothing. It also
// reports whether every ID comes after the index's last key.
func (ix *entryIndex) oldKeys(ids *bolt.Bucket, lo, hi int) (olds [][]byte, appended bool) {
	olds = make([][]byte, hi-lo)
	c := ids.Cursor()
	// No key at or after the first ID: all come after the last key. (Not
	// found with Last: in a transaction that deleted every key of its
	// leaves, as an import of every account of a book does, bbolt's Last
	// never returns.)
	k, v := c.Seek(ix.pairs[lo].id)
	if k == nil {
		return olds, true
	}
	for i := lo; i < hi && k != nil; i++ {
		id := ix.pairs[i].id
		// The next ID is most often near: a few steps before a seek.
		for step := 0; k != nil && bytes.Compare(k, id) < 0; step++ {
			if step == 4 {
				k, v = c.Seek(id)
				break
			}
			k, v = c.Next()
		}
		if k != nil && bytes.Equal(k, id) {
			// Kept past the puts that follow: copied out of the map.
			olds[i-lo] = bytes.Clone(v)
		}
	}
	return olds, false
}
