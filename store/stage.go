package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	bolt "go.etcd.io/bbolt"

	"bob/internal/entryjson"
	"bob/model"
)

// stagedRecord is everything writing a whole account record puts in the
// book (writeRecordTx), worked out without a transaction: the record's
// JSON, its timeline entries, their keys and derived indexes, its summary
// and its entry in the due-item index. Working them out is most of the
// cost of a bulk write; staged on every core first, the transaction
// (which has one core) only puts the bytes. bbolt keeps every value put
// until the commit, so staging ahead keeps nothing longer.
type stagedRecord struct {
	accountID string
	puts      []stagedPut
	// entries are the timeline entries' IDs and keys, for the timeline's
	// ID index (see entryIndex).
	entries []entryKey
}

// stagedPut is one key put in one bucket. A nil value deletes the key.
// A bucket the book does not have yet (one an older migration is still
// to add, and will fill) is passed over, as the writes of each index do.
type stagedPut struct {
	bucket, key, value []byte
}

// stageRecord stages r. With timeline false, the timeline is left to the
// caller.
func stageRecord(r model.AccountRecord, timeline bool) (stagedRecord, error) {
	acc := r.Account.ID
	st := stagedRecord{accountID: acc}
	put := func(bucket, key []byte, v any) error {
		raw, err := marshalPart(v)
		if err == nil {
			st.puts = append(st.puts, stagedPut{bucket, key, raw})
		}
		return err
	}
	if err := put(bucketAccounts, []byte(acc), r.Account); err != nil {
		return st, err
	}
	for _, p := range recordParts {
		var err error
		if st.puts, err = p.stageFrom(r, st.puts); err != nil {
			return st, err
		}
	}
	if timeline && len(r.Timeline) > 0 {
		var err error
		if st.puts, st.entries, err = stageTimeline(st.puts, acc, r.Timeline); err != nil {
			return st, err
		}
	}
	st.puts = append(st.puts, stagedPut{bucketSummaries, []byte(acc), appendSummary(nil, model.Summarize(r))})
	err := put(bucketDue, []byte(acc), model.IndexDue(r))
	return st, err
}

// partBuffers are the scratch space marshalPart writes in, one at a
// time on each core that stages. A buffer grown past maxPartBuffer by an
// account of long texts is let go rather than kept for the small parts
// after it.
var partBuffers = sync.Pool{New: func() any { return new([]byte) }}

const maxPartBuffer = 64 << 10

// marshalPart is json.Marshal(v) for a part of a record the store keeps
// under a key of its own, or its entry in the due-item index: the same
// bytes, written by entryjson without the reflection that was most of
// the rest of staging a book once its timeline was written so.
// json.Marshal writes (or refuses, and says why) what entryjson declines.
// The bytes are copied out of the scratch space at their length: bbolt
// keeps each value until the commit.
func marshalPart(v any) ([]byte, error) {
	buf := partBuffers.Get().(*[]byte)
	defer partBuffers.Put(buf)
	b, ok := entryjson.AppendValue((*buf)[:0], v)
	if !ok {
		return json.Marshal(v)
	}
	if cap(b) <= maxPartBuffer {
		*buf = b
	}
	return bytes.Clone(b), nil
}

// stageChecked validates r, then stages it with its timeline: a record
// is checked on the core that stages it.
func stageChecked(r model.AccountRecord) (stagedRecord, error) {
	if err := r.Validate(); err != nil {
		return stagedRecord{}, invalidRecord(r, err)
	}
	return stageRecord(r, true)
}

// invalidRecord names the account whose record is invalid.
func invalidRecord(r model.AccountRecord, err error) error {
	return &recordError{fmt.Errorf("account %q (%s): %w", r.Account.Name, r.Account.ID, err)}
}

// recordError is a record refused as invalid: said as it is, however deep
// in a write it was found.
type recordError struct{ err error }

func (e *recordError) Error() string { return e.err.Error() }
func (e *recordError) Unwrap() error { return e.err }

// apply puts the staged record in the book; the timeline's ID index keys
// are collected in ix, which the caller flushes in the same transaction
// (a caller that made the index from the records passes nil).
func (st *stagedRecord) apply(tx *bolt.Tx, ix *entryIndex) error {
	touch(tx, st.accountID)
	if err := applyPuts(tx, st.puts); err != nil {
		return err
	}
	if ix == nil {
		return nil
	}
	for _, e := range st.entries {
		e.seq = len(ix.pairs)
		ix.pairs = append(ix.pairs, e)
	}
	return nil
}

// applyPuts puts staged keys in the book.
func applyPuts(tx *bolt.Tx, puts []stagedPut) error {
	var name []byte
	var b *bolt.Bucket
	for _, p := range puts {
		if !bytes.Equal(p.bucket, name) {
			name, b = p.bucket, tx.Bucket(p.bucket)
		}
		var err error
		switch {
		case b == nil:
		case bytes.Equal(name, bucketSummaries):
			// A summary goes with its entry in the account list's
			// index and its part of the list's counts.
			if p.value == nil {
				err = deleteSummaryRaw(tx, p.key)
			} else {
				err = putSummaryRaw(tx, p.key, p.value)
			}
		case p.value == nil:
			err = b.Delete(p.key)
		default:
			err = b.Put(p.key, p.value)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// idLenHint is the length of an ID bob makes (a ULID's), to size blocks
// of IDs; other IDs only make a block grow.
const idLenHint = 26

// stageTimeline stages a whole account's timeline: each entry's key and
// JSON, its ID index key (returned, for the caller to collect) and the
// derived indexes. A timeline's keys and values are each laid in one
// block of memory (bbolt keeps each value until the commit): an
// allocation per key and per value was a good part of staging a million
// entries, and of the garbage collector's work after.
func stageTimeline(puts []stagedPut, accountID string, entries []model.TimelineEntry) ([]stagedPut, []entryKey, error) {
	n := len(entries)
	// The blocks are sized first: grown as they filled, they were copied
	// over and over (more work than the encoding).
	ids, size := 0, 0
	for i := range entries {
		e := &entries[i]
		ids += len(e.ID)
		size += entrySizeHint(e)
	}
	keyBlock := make([]byte, 0, n*(len(accountID)+1+16+1)+ids)
	idBlock := make([]byte, 0, ids)
	values := make([]byte, 0, size)
	ends := make([][3]int, n) // where each entry's key, ID and value end
	for i, e := range entries {
		keyBlock = appendTimelineKey(keyBlock, accountID, e.When, e.ID)
		idBlock = append(idBlock, e.ID...)
		var ok bool
		// The bytes json.Marshal writes, without its reflection (see
		// entryjson); json.Marshal says why for an entry it refuses.
		if values, ok = entryjson.Append(values, e, true); !ok {
			raw, err := json.Marshal(e)
			if err != nil {
				return puts, nil, fmt.Errorf("timeline entry %s: %w", e.ID, err)
			}
			values = append(values, raw...)
		}
		ends[i] = [3]int{len(keyBlock), len(idBlock), len(values)}
	}
	keys := make([]entryKey, n)
	var prev [3]int
	for i, end := range ends {
		key := keyBlock[prev[0]:end[0]:end[0]]
		keys[i] = entryKey{id: idBlock[prev[1]:end[1]:end[1]], key: key}
		puts = append(puts, stagedPut{bucketTimeline, key, values[prev[2]:end[2]:end[2]]})
		prev = end
	}
	puts, err := stageTimelineIndex(puts, accountID, entries, keys)
	return puts, keys, err
}

// entrySizeHint is about the size of e's JSON: its strings and what
// surrounds them, a little more than most entries take.
func entrySizeHint(e *model.TimelineEntry) int {
	n := 256 + len(e.ID) + len(e.AccountID) + len(e.Kind) + len(e.Title) + len(e.Body) + len(e.Author) + len(e.Status)
	for _, p := range e.People {
		n += len(p) + 4
	}
	return n + n/16 // room for some escapes
}

// stageTimelineIndex stages the derived indexes of a whole account's
// timeline, whose old keys deleteAccountTx has removed: the person keys
// sorted, so that a bulk write of accounts in ID order appends them at
// the end of the bucket rather than in the middle of a node that grows
// with it; and the counts of each kind.
//
// keys, when given, are the entries' timeline keys.
func stageTimelineIndex(puts []stagedPut, accountID string, entries []model.TimelineEntry, keys []entryKey) ([]stagedPut, error) {
	start := len(puts)
	counts := map[model.EntryKind]int{}
	// The person keys are laid in one block, as stageTimeline lays the
	// entries' keys, sized first.
	size, people := 0, 0
	for i := range entries {
		e := &entries[i]
		for _, p := range e.People {
			size += len(accountID) + 1 + len(p) + 1 + 16 + 1 + len(e.ID)
			people++
		}
	}
	block := make([]byte, 0, size)
	ends := make([]int, 0, people)
	var tk []byte
	for i, e := range entries {
		counts[e.Kind]++
		if len(e.People) == 0 {
			continue
		}
		if keys != nil {
			tk = keys[i].key
		} else {
			tk = appendTimelineKey(tk[:0], accountID, e.When, e.ID)
		}
		val := touchExternal
		if !e.IsTouch() {
			val = touchInternal
		}
		for j, p := range e.People {
			if slices.Contains(e.People[:j], p) {
				continue // a person given twice is indexed once
			}
			block = appendPersonEntryKey(block, accountID, p, tk)
			ends = append(ends, len(block))
			puts = append(puts, stagedPut{bucket: bucketTimelinePeople, value: val})
		}
	}
	prev := 0
	for i, end := range ends {
		puts[start+i].key = block[prev:end:end]
		prev = end
	}
	slices.SortFunc(puts[start:], func(a, b stagedPut) int { return bytes.Compare(a.key, b.key) })
	if len(counts) == 0 {
		return append(puts, stagedPut{bucket: bucketTimelineCounts, key: []byte(accountID)}), nil
	}
	raw, err := json.Marshal(counts)
	return append(puts, stagedPut{bucketTimelineCounts, []byte(accountID), raw}), err
}
