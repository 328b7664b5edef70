package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// The account list's index: the summaries again, in the order the list
// shows them, and the counts its header shows. With them the first
// screen of a big book reads as many summaries as it has lines and one
// small record, instead of every summary in the book.
//
// Both are derived from the summaries and written with them, in the same
// transaction, by putSummary and deleteSummary (putSummaryRaw for a
// staged record): nothing else writes a summary. bob check compares them
// with the summaries, and a schema upgrade builds them again
// (rebuildDerived).

// listCountsKey is the key of the list's counts in bucketListCounts.
var listCountsKey = []byte("list")

// listFormat is the first byte of the encoded counts.
const listFormat = 1

// listCounts is what the list's header counts: every account, those
// handed off, and the accounts with an ARR in each currency.
type listCounts struct {
	total, handedOff int
	currencies       map[string]int
}

// nameKey is an account's key in the list's index: its name in lower
// case, a zero byte, its ID. Keys sort as the list does (Summaries): by
// name in lower case, then by ID. (A name holds no control characters,
// so the zero byte ends it.)
func nameKey(name, id []byte) []byte {
	lower := bytes.ToLower(name)
	k := make([]byte, 0, len(lower)+1+len(id))
	k = append(k, lower...)
	k = append(k, 0)
	return append(k, id...)
}

// idOfNameKey is the account ID a key of the list's index ends with.
func idOfNameKey(k []byte) []byte {
	if i := bytes.LastIndexByte(k, 0); i >= 0 {
		return k[i+1:]
	}
	return nil
}

// putSummary stores an account's summary, with its entry in the list's
// index and its part of the list's counts.
func putSummary(tx *bolt.Tx, accountID string, s model.AccountSummary) error {
	return putSummaryRaw(tx, []byte(accountID), appendSummary(nil, s))
}

// putSummaryRaw is putSummary for a summary already encoded (a staged
// record's).
func putSummaryRaw(tx *bolt.Tx, id, raw []byte) error {
	if err := indexSummary(tx, id, raw); err != nil {
		return err
	}
	return tx.Bucket(bucketSummaries).Put(id, raw)
}

// deleteSummary removes an account's summary, its entry in the list's
// index and its part of the list's counts.
func deleteSummary(tx *bolt.Tx, accountID string) error {
	return deleteSummaryRaw(tx, []byte(accountID))
}

func deleteSummaryRaw(tx *bolt.Tx, id []byte) error {
	if err := indexSummary(tx, id, nil); err != nil {
		return err
	}
	return tx.Bucket(bucketSummaries).Delete(id)
}

// indexSummary brings the list's index and counts from the summary
// stored under id to raw (nil: none).
func indexSummary(tx *bolt.Tx, id, raw []byte) error {
	names, countsB := tx.Bucket(bucketListNames), tx.Bucket(bucketListCounts)
	if names == nil || countsB == nil {
		// A book still being upgraded: rebuildDerived builds both.
		return nil
	}
	// Most writes change neither the account's name nor what the
	// header counts: the counts are then left as they are, and the
	// index's entry is put again under its key. (Each bucket a write
	// touches is pages more to write at its commit.)
	var oldKey, oldCurrency []byte
	var oldHandedOff, had bool
	if old := tx.Bucket(bucketSummaries).Get(id); old != nil {
		name, currency, handedOff, ok := summaryHeadOf(old)
		if !ok {
			return &recordDamage{key: string(id), err: errSummaryShort}
		}
		oldKey, oldCurrency, oldHandedOff, had = nameKey(name, id), currency, handedOff, true
	}
	var newKey, newCurrency []byte
	var newHandedOff, has bool
	if raw != nil {
		name, currency, handedOff, ok := summaryHeadOf(raw)
		if !ok {
			return fmt.Errorf("summary of %s: %w", id, errSummaryShort)
		}
		newKey, newCurrency, newHandedOff, has = nameKey(name, id), currency, handedOff, true
	}
	if had && (!has || !bytes.Equal(oldKey, newKey)) {
		if err := names.Delete(oldKey); err != nil {
			return err
		}
	}
	if has {
		if err := names.Put(newKey, raw); err != nil {
			return err
		}
	}
	if had == has && oldHandedOff == newHandedOff && bytes.Equal(oldCurrency, newCurrency) {
		return nil
	}
	counts, err := decodeListCounts(countsB.Get(listCountsKey))
	if err != nil {
		return &recordDamage{key: "list counts", err: err}
	}
	if had {
		counts.add(oldCurrency, oldHandedOff, -1)
	}
	if has {
		counts.add(newCurrency, newHandedOff, 1)
	}
	return countsB.Put(listCountsKey, counts.encode())
}

// add counts an account in (n = 1) or out (n = -1).
func (c *listCounts) add(currency []byte, handedOff bool, n int) {
	c.total += n
	if handedOff {
		c.handedOff += n
	}
	if len(currency) > 0 {
		if c.currencies == nil {
			c.currencies = map[string]int{}
		}
		cur := string(currency)
		if c.currencies[cur] += n; c.currencies[cur] <= 0 {
			delete(c.currencies, cur)
		}
	}
}

func (c listCounts) encode() []byte {
	out := []byte{listFormat}
	out = binary.AppendUvarint(out, uint64(c.total))
	out = binary.AppendUvarint(out, uint64(c.handedOff))
	curs := c.currencyList()
	out = binary.AppendUvarint(out, uint64(len(curs)))
	for _, cur := range curs {
		out = binary.AppendUvarint(out, uint64(len(cur)))
		out = append(out, cur...)
		out = binary.AppendUvarint(out, uint64(c.currencies[cur]))
	}
	return out
}

// currencyList is the currencies counted, in order.
func (c listCounts) currencyList() []string {
	curs := make([]string, 0, len(c.currencies))
	for cur := range c.currencies {
		curs = append(curs, cur)
	}
	slices.Sort(curs)
	return curs
}

var errListCounts = errors.New("the account list's counts are cut short or not numbers bob wrote")

// decodeListCounts reads counts encode wrote; nil is no account at all.
func decodeListCounts(raw []byte) (listCounts, error) {
	var c listCounts
	if raw == nil {
		return c, nil
	}
	if len(raw) == 0 {
		return c, errListCounts
	}
	if raw[0] != listFormat {
		return c, fmt.Errorf("the account list's counts are in format %d, which this bob does not read", raw[0])
	}
	pos, bad := 1, false
	uv := func() int {
		v, n := binary.Uvarint(raw[pos:])
		if n <= 0 || v > 1<<40 {
			bad, pos = true, len(raw)
			return 0
		}
		pos += n
		return int(v)
	}
	c.total, c.handedOff = uv(), uv()
	n := uv()
	if n > len(raw) {
		return listCounts{}, errListCounts
	}
	for range n {
		l := uv()
		if l > len(raw)-pos {
			return listCounts{}, errListCounts
		}
		cur := string(raw[pos : pos+l])
		pos += l
		if c.currencies == nil {
			c.currencies = map[string]int{}
		}
		c.currencies[cur] = uv()
	}
	if bad || pos != len(raw) || c.handedOff > c.total {
		return listCounts{}, errListCounts
	}
	return c, nil
}

// rebuildListIndex empties the list's index and counts (creating them
// if need be), for rebuildDerived to write every summary again.
func rebuildListIndex(tx *bolt.Tx) error {
	for _, b := range [][]byte{bucketSummaries, bucketListNames, bucketListCounts} {
		if tx.Bucket(b) != nil {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		if _, err := tx.CreateBucket(b); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketListCounts).Put(listCountsKey, listCounts{}.encode())
}

// listIndexSchema is the schema that brought the list's index.
const listIndexSchema = 7

// checkListIndex checks the list's index and counts against the
// summaries, telling add each difference. A book from before the index
// (a backup, checked before it is restored) has none to check: bob builds
// it when it upgrades the book.
func checkListIndex(tx *bolt.Tx, add func(string, string, ...any)) {
	if v, err := readVersion(tx); err != nil || v < listIndexSchema {
		return
	}
	names, countsB := tx.Bucket(bucketListNames), tx.Bucket(bucketListCounts)
	if names == nil || countsB == nil {
		add("account list index", "is missing")
		return
	}
	var want listCounts
	n := 0
	_ = tx.Bucket(bucketSummaries).ForEach(func(k, v []byte) error {
		name, currency, handedOff, ok := summaryHeadOf(v)
		if !ok {
			return nil // checkIndexes reports it
		}
		n++
		want.add(currency, handedOff, 1)
		if got := names.Get(nameKey(name, k)); !bytes.Equal(got, v) {
			add("account list index", "does not hold the summary of account %s as it is", k)
		}
		return nil
	})
	if got := names.Stats().KeyN; got != n {
		add("account list index", "holds %d accounts, the summaries %d", got, n)
	}
	got, err := decodeListCounts(countsB.Get(listCountsKey))
	switch {
	case err != nil:
		add("account list counts", "%v", err)
	case got.total != want.total || got.handedOff != want.handedOff || !slices.Equal(got.currencyList(), want.currencyList()):
		add("account list counts", "say %d accounts (%d handed off, %d currencies), the summaries %d (%d, %d)",
			got.total, got.handedOff, len(got.currencies), want.total, want.handedOff, len(want.currencies))
	}
}

// errHeadFull stops the walk of the list's index once the head is read.
var errHeadFull = errors.New("the head of the list is read")

// indexedHead reads the head of the list from the list's index: the
// counts, then the first n accounts by name. ok is false for a book whose
// schema has no index yet (opened read-only before its upgrade).
func (s *Store) indexedHead(n int, withHandedOff bool) (h ListHead, ok bool, err error) {
	err = s.readBuckets(func(read func(bucket []byte, visit func(k, v []byte) error) error) error {
		var counts []byte
		err := read(bucketListCounts, func(k, v []byte) error {
			if bytes.Equal(k, listCountsKey) {
				counts = bytes.Clone(v)
			}
			return nil
		})
		if err != nil || counts == nil {
			return err
		}
		c, err := decodeListCounts(counts)
		if err != nil {
			return &recordDamage{key: "list counts", err: err}
		}
		ok = true
		h.Total, h.HandedOff, h.Currencies = c.total, c.handedOff, c.currencyList()
		if n <= 0 {
			return nil
		}
		h.First = make([]model.AccountSummary, 0, min(n, c.total))
		seen, seenHandedOff := 0, 0
		err = read(bucketListNames, func(k, v []byte) error {
			id := idOfNameKey(k)
			name, _, handedOff, good := summaryHeadOf(v)
			if good && !bytes.Equal(k, nameKey(name, id)) {
				// Filed under another name than its own, the account
				// would show in the wrong place of the list.
				return &recordDamage{key: string(id), err: errors.New("the account list's index files it under another name")}
			}
			seen++
			if good && handedOff {
				if seenHandedOff++; !withHandedOff {
					return nil
				}
			}
			sum, err := summaryAt(id, v)
			if err != nil {
				return err
			}
			if h.First = append(h.First, sum); len(h.First) == n {
				return errHeadFull
			}
			return nil
		})
		switch {
		case errors.Is(err, errHeadFull):
			return nil
		case err == nil && (seen != c.total || seenHandedOff != c.handedOff):
			// Read to its end, the index must hold what its counts
			// say: a list shorter than its header is no list at all.
			return &recordDamage{key: "list index", err: fmt.Errorf("it holds %d accounts (%d handed off), its counts %d (%d)",
				seen, seenHandedOff, c.total, c.handedOff)}
		}
		return err
	})
	return h, ok, err
}
