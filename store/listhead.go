package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// ListHead is the top of the account list, for a first screen drawn
// before the whole list is read: on a book of 10,000 accounts, decoding
// and sorting every summary took longer than the rest of the app's start.
type ListHead struct {
	// First are the first accounts of the list by name (Summaries'
	// order), handed-off ones left out unless asked for.
	First []model.AccountSummary
	// Total counts every account, HandedOff those that went to a
	// successor.
	Total, HandedOff int
	// Currencies are the currencies of the accounts' ARR (of those with
	// an ARR), each once.
	Currencies []string
}

// SummariesHead reads the first n accounts by name and what the list's
// header counts, in one pass over the summaries that decodes only the n
// it keeps: each summary is read only as far as its name, its ARR's
// currency and its handoff status.
func (s *Store) SummariesHead(n int, withHandedOff bool) (ListHead, error) {
	h, ok, err := s.indexedHead(n, withHandedOff)
	if err = s.note(err); err != nil {
		return ListHead{}, s.wrap("read the account list", err)
	}
	if ok {
		return h, nil
	}
	return s.scannedHead(n, withHandedOff)
}

// scannedHead is SummariesHead for a book without the list's index (one
// opened read-only before its upgrade): one pass over every summary.
func (s *Store) scannedHead(n int, withHandedOff bool) (ListHead, error) {
	type cand struct {
		key, raw []byte // copies: readLeaves reuses its buffers
		lower    string
	}
	var (
		h   ListHead
		top []cand // sorted, at most n
	)
	err := s.readBucket(bucketSummaries, func(k, v []byte) error {
		name, currency, handedOff, ok := summaryHeadOf(v)
		if !ok {
			// Decoded whole, it says what is wrong with it.
			_, err := summaryAt(k, v)
			if err == nil {
				err = &recordDamage{key: string(k), err: errSummaryShort}
			}
			return err
		}
		h.Total++
		if handedOff {
			h.HandedOff++
		}
		if len(currency) > 0 && !containsBytes(h.Currencies, currency) {
			h.Currencies = append(h.Currencies, string(currency))
		}
		if n <= 0 || handedOff && !withHandedOff {
			return nil
		}
		if len(top) == n && compareName(name, k, top[n-1].lower, top[n-1].key) >= 0 {
			return nil
		}
		c := cand{key: bytes.Clone(k), raw: bytes.Clone(v), lower: lowerName(name)}
		i, _ := slices.BinarySearchFunc(top, c, func(a, b cand) int {
			if c := strings.Compare(a.lower, b.lower); c != 0 {
				return c
			}
			return bytes.Compare(a.key, b.key)
		})
		if len(top) == n {
			top = top[:n-1]
		}
		top = slices.Insert(top, i, c)
		return nil
	})
	if err == nil {
		h.First = make([]model.AccountSummary, len(top))
		for i, c := range top {
			if h.First[i], err = summaryAt(c.key, c.raw); err != nil {
				break
			}
		}
	}
	if err = s.note(err); err != nil {
		return ListHead{}, s.wrap("read the account list", err)
	}
	return h, nil
}

// readBucket gives visit every key and value of bucket, read with plain
// reads of the book's file under its shared lock (readLeaves), with every
// page on the way checked, whether or not the whole file has been.
func (s *Store) readBucket(bucket []byte, visit func(key, value []byte) error) error {
	return s.readBuckets(func(read func([]byte, func(k, v []byte) error) error) error {
		return read(bucket, visit)
	})
}

// readBuckets is readBucket for several buckets read under one shared
// lock, so that they are of one version of the book: fn reads each with
// read. A visit that returns an error stops the read of its bucket there
// (no page after is read) and read returns that error.
func (s *Store) readBuckets(fn func(read func(bucket []byte, visit func(key, value []byte) error) error) error) error {
	if err := s.damagedErr(); err != nil {
		return err
	}
	return protect(s.path, func() error {
		return s.withDB(false, false, func(*bolt.DB) error {
			return fn(func(bucket []byte, visit func(k, v []byte) error) error {
				problems, err := readLeaves(s.path, bucket, visit)
				if len(problems) > 0 {
					return damaged(s.path, problems[0])
				}
				var open *os.PathError
				if errors.As(err, &open) {
					return fmt.Errorf("open %s: %w", s.path, err)
				}
				return err
			})
		})
	})
}

func containsBytes(list []string, b []byte) bool {
	for _, s := range list {
		if s == string(b) {
			return true
		}
	}
	return false
}

// compareName orders two accounts as Summaries does: by name in lower
// case, then by ID (the key). name is compared as it is lowered; lower is
// already in lower case.
func compareName(name []byte, key []byte, lower string, otherKey []byte) int {
	if c := compareLowered(name, lower); c != 0 {
		return c
	}
	return bytes.Compare(key, otherKey)
}

// compareLowered compares strings.ToLower(a) with b without making the
// lower-case copy for an ASCII name.
func compareLowered(a []byte, b string) int {
	for i := 0; i < len(a); i++ {
		c := a[i]
		if c >= utf8.RuneSelf {
			return strings.Compare(strings.ToLower(string(a)), b)
		}
		if i >= len(b) {
			return 1
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != b[i] {
			if c < b[i] {
				return -1
			}
			return 1
		}
	}
	if len(a) < len(b) {
		return -1
	}
	return 0
}

// lowerName is strings.ToLower(name), a string of its own (name is
// bbolt's memory).
func lowerName(name []byte) string {
	return strings.ToLower(string(name))
}

// summaryHeadOf reads a summary's name, its ARR's currency and whether it
// was handed off, without decoding the rest; the strings point into raw.
// ok is false when raw is not a summary this bob can read.
func summaryHeadOf(raw []byte) (name, currency []byte, handedOff, ok bool) {
	if len(raw) == 0 || raw[0] != summaryFormat {
		return nil, nil, false, false
	}
	pos := 1
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(raw[pos:])
		if n <= 0 {
			bad, pos = true, len(raw)
			return 0
		}
		pos += n
		return v
	}
	sv := func() int64 { return unzigzag(uv()) }
	str := func() []byte {
		n := uv()
		if n > uint64(len(raw)-pos) {
			bad, pos = true, len(raw)
			return nil
		}
		v := raw[pos : pos+int(n)]
		pos += int(n)
		return v
	}
	date := func() {
		sv()
		if pos += 2; pos > len(raw) {
			bad, pos = true, len(raw)
		}
	}
	when := func() {
		if pos >= len(raw) || int(raw[pos]) > len(raw)-pos-1 {
			bad, pos = true, len(raw)
			return
		}
		pos += 1 + int(raw[pos])
	}
	str() // ID
	nm := str()
	str() // domain
	tags := uv()
	if tags > uint64(len(raw)) {
		return nil, nil, false, false
	}
	for range tags {
		str()
	}
	str() // segment
	str() // owner
	str() // stage
	str() // health
	arr := model.Money{Minor: sv()}
	if cur := str(); len(cur) > 0 && !arr.IsZero() {
		currency = cur
	}
	date() // renewal
	when() // last touch
	sv()   // open tasks
	date() // next due
	sv()   // open risks
	handoff := str()
	if bad {
		return nil, nil, false, false
	}
	return nm, currency, model.AccountSummary{Handoff: model.HandoffStatus(handoff)}.HandedOff(), true
}
