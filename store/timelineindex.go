package store

import (
	"bytes"
	"errors"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// The timeline's two derived indexes, kept in the same transaction as the
// entries by putEntryTx, deleteEntryTx, writeRecordTx and deleteAccountTx
// (docs/storage.md):
//
//	timeline_people  <account id>/<person id>/<when>/<entry id> -> "e" (external) or "i" (internal)
//	timeline_counts  <account id> -> {"<kind>": entries, ...} as JSON
//
// With them the account view opens without reading the timeline: each
// person's last touch and newest entries are a short reverse scan of
// their prefix, and the number of entries above the list is one read.
// Both buckets are missing only while an older migration runs; the
// migration that adds them is followed by rebuildDerived, which fills them.

// personEntryKey is the entry's key in timeline_people: the person's
// prefix, then the entry's timeline key without its account.
func personEntryKey(accountID, personID string, tlKey []byte) []byte {
	return appendPersonEntryKey(make([]byte, 0, len(tlKey)+len(personID)+1), accountID, personID, tlKey)
}

// appendPersonEntryKey appends the entry's personEntryKey to k.
func appendPersonEntryKey(k []byte, accountID, personID string, tlKey []byte) []byte {
	rest := tlKey[len(accountID)+1:]
	k = append(k, accountID...)
	k = append(k, '/')
	k = append(k, personID...)
	k = append(k, '/')
	return append(k, rest...)
}

// personPrefix is "<account id>/<person id>/", the start of every key of
// the person's entries in timeline_people.
func personPrefix(accountID, personID string) []byte {
	return append(accountPrefix(accountID), personID+"/"...)
}

// timelineKeyOf turns a timeline_people key back into the entry's key in
// timeline (prefix is the person's, see personPrefix).
func timelineKeyOf(accountID string, prefix, k []byte) []byte {
	rest := k[len(prefix):]
	out := make([]byte, 0, len(accountID)+1+len(rest))
	out = append(out, accountID...)
	out = append(out, '/')
	return append(out, rest...)
}

var errBadTimelineKey = errors.New("the key is not a timeline key")

var (
	touchExternal = []byte("e")
	touchInternal = []byte("i")
)

// uniquePeople returns the entry's people with any repeat left out.
func uniquePeople(e model.TimelineEntry) []string {
	out := make([]string, 0, len(e.People))
	for _, p := range e.People {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// indexEntryTx adds an entry to the derived indexes (add) or takes it out.
func indexEntryTx(tx *bolt.Tx, e model.TimelineEntry, add bool) error {
	pb := tx.Bucket(bucketTimelinePeople)
	if pb == nil {
		return nil
	}
	key := timelineKey(e.AccountID, e.When, e.ID)
	val := touchExternal
	if !e.IsTouch() {
		val = touchInternal
	}
	for _, p := range uniquePeople(e) {
		k := personEntryKey(e.AccountID, p, key)
		var err error
		if add {
			err = pb.Put(k, val)
		} else {
			err = pb.Delete(k)
		}
		if err != nil {
			return err
		}
	}
	counts, err := countsTx(tx, e.AccountID)
	if err != nil {
		return err
	}
	if add {
		counts[e.Kind]++
	} else if counts[e.Kind]--; counts[e.Kind] <= 0 {
		delete(counts, e.Kind)
	}
	return putCounts(tx, e.AccountID, counts)
}

// countsTx returns how many entries of each kind the account's timeline
// holds.
func countsTx(tx *bolt.Tx, accountID string) (map[model.EntryKind]int, error) {
	out := map[model.EntryKind]int{}
	b := tx.Bucket(bucketTimelineCounts)
	if b == nil {
		// Only while an older migration runs: count the entries.
		err := scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
			out[e.Kind]++
			return true
		})
		return out, err
	}
	if _, err := getJSON(b, []byte(accountID), &out); err != nil {
		return nil, err
	}
	return out, nil
}

func putCounts(tx *bolt.Tx, accountID string, counts map[model.EntryKind]int) error {
	b := tx.Bucket(bucketTimelineCounts)
	if b == nil {
		return nil
	}
	if len(counts) == 0 {
		return b.Delete([]byte(accountID))
	}
	return putJSON(b, []byte(accountID), counts)
}

// countOf sums the counts of the given kinds (all kinds when none).
func countOf(counts map[model.EntryKind]int, kinds []model.EntryKind) int {
	n := 0
	for k, c := range counts {
		if len(kinds) == 0 || slices.Contains(kinds, k) {
			n += c
		}
	}
	return n
}

// indexRecordTx writes the derived indexes of a whole account's timeline
// (see stageTimelineIndex).
func indexRecordTx(tx *bolt.Tx, accountID string, entries []model.TimelineEntry) error {
	puts, err := stageTimelineIndex(nil, accountID, entries, nil)
	if err != nil {
		return err
	}
	return applyPuts(tx, puts)
}

// rebuildTimelineIndexes makes both derived indexes again from the
// timeline, account by account (the timeline is in account order).
func rebuildTimelineIndexes(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketTimelinePeople, bucketTimelineCounts} {
		if tx.Bucket(name) == nil {
			return nil
		}
		if err := tx.DeleteBucket(name); err != nil {
			return err
		}
		b, err := tx.CreateBucket(name)
		if err != nil {
			return err
		}
		b.FillPercent = 0.9
	}
	// Only what the indexes need is decoded.
	type slim struct {
		ID       string          `json:"id"`
		When     time.Time       `json:"when"`
		Kind     model.EntryKind `json:"kind"`
		Internal bool            `json:"internal"`
		People   []string        `json:"people"`
	}
	var acc string
	var batch []model.TimelineEntry
	flush := func() error {
		if acc == "" {
			return nil
		}
		err := indexRecordTx(tx, acc, batch)
		batch = batch[:0]
		return err
	}
	c := tx.Bucket(bucketTimeline).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		slash := bytes.IndexByte(k, '/')
		if slash < 0 {
			return &recordDamage{key: string(k), err: errBadTimelineKey}
		}
		if string(k[:slash]) != acc {
			if err := flush(); err != nil {
				return err
			}
			acc = string(k[:slash])
		}
		var s slim
		if err := unmarshal(k, v, &s); err != nil {
			return err
		}
		e := model.TimelineEntry{ID: s.ID, AccountID: acc, When: s.When, Kind: s.Kind, Internal: s.Internal, People: s.People}
		batch = append(batch, e)
	}
	return flush()
}

// linkedEntriesTx returns the entries that link a person, newest first:
// one prefix scan of the per-person index.
func linkedEntriesTx(tx *bolt.Tx, accountID, personID string) ([]model.TimelineEntry, error) {
	var out []model.TimelineEntry
	pb := tx.Bucket(bucketTimelinePeople)
	if pb == nil {
		err := scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
			if slices.Contains(e.People, personID) {
				out = append(out, e)
			}
			return true
		})
		return out, err
	}
	tl := tx.Bucket(bucketTimeline)
	prefix := personPrefix(accountID, personID)
	c := pb.Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		var e model.TimelineEntry
		found, err := getEntry(tl, timelineKeyOf(accountID, prefix, k), &e)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, e)
		}
	}
	slices.Reverse(out)
	return out, nil
}
