package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// Account summaries are the one thing bob reads for every account on every
// start, so they are stored in a compact binary encoding rather than as
// JSON like the records: decoding 10,000 JSON summaries was most of the
// time the account list took to load. A summary is a cache of its
// account's records (rebuilt from them after every change of schema), so
// it needs no tolerance for fields it does not know.
//
// The layout (schema 5): the format byte 1, then the fields in the order
// of model.AccountSummary. A string is its length as a uvarint and its
// bytes; a list of strings is its length and its strings; an integer is a
// varint; a date is its year as a varint, then its month and day as one
// byte each (0 0 0: no date); a time is one length byte and
// time.MarshalBinary's bytes (which keep the zone offset).
const summaryFormat = 1

// appendSummary appends s's encoding to b.
func appendSummary(b []byte, s model.AccountSummary) []byte {
	str := func(v string) {
		b = binary.AppendUvarint(b, uint64(len(v)))
		b = append(b, v...)
	}
	date := func(d model.Date) {
		b = binary.AppendVarint(b, int64(d.Year))
		b = append(b, byte(d.Month), byte(d.Day))
	}
	when := func(t time.Time) {
		at := len(b)
		b = append(b, 0)
		b, _ = t.AppendBinary(b) // fails only on an offset that is not whole minutes
		b[at] = byte(len(b) - at - 1)
	}
	b = append(b, summaryFormat)
	str(s.ID)
	str(s.Name)
	str(s.Domain)
	b = binary.AppendUvarint(b, uint64(len(s.Tags)))
	for _, t := range s.Tags {
		str(t)
	}
	str(s.Segment)
	str(s.Owner)
	str(string(s.Stage))
	str(string(s.Health))
	b = binary.AppendVarint(b, s.ARR.Minor)
	str(s.ARR.Currency)
	date(s.Renewal)
	when(s.LastTouch)
	b = binary.AppendVarint(b, int64(s.OpenTasks))
	date(s.NextDue)
	b = binary.AppendVarint(b, int64(s.OpenRisks))
	str(string(s.Handoff))
	str(s.HandoffTo)
	when(s.Updated)
	return b
}

var errSummaryShort = errors.New("the summary is cut short")

// unzigzag turns a signed number that binary.AppendVarint wrote back from
// the unsigned one it was written as, as binary.Varint does. The two
// readers of the layout (decodeSummary, summaryHeadOf) read signed numbers
// through it, on top of their own unsigned reads.
func unzigzag(ux uint64) int64 {
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

// decodeSummary decodes what appendSummary wrote. All of the summary's
// text shares one string made from raw (one allocation, not one per
// field); raw itself is not kept, so it may be bbolt's memory.
func decodeSummary(raw []byte) (model.AccountSummary, error) {
	var s model.AccountSummary
	if len(raw) == 0 || raw[0] != summaryFormat {
		return s, fmt.Errorf("unknown summary format")
	}
	all := string(raw)
	pos := 1
	var err error
	fail := func(e error) {
		if err == nil {
			err = e
		}
	}
	// short marks the summary as cut short and stops every later read.
	short := func() {
		fail(errSummaryShort)
		pos = len(raw)
	}
	uvarint := func() uint64 {
		v, n := binary.Uvarint(raw[pos:])
		if n <= 0 {
			short()
			return 0
		}
		pos += n
		return v
	}
	varint := func() int64 { return unzigzag(uvarint()) }
	str := func() string {
		n := uvarint()
		if n > uint64(len(raw)-pos) {
			short()
			return ""
		}
		v := all[pos : pos+int(n)]
		pos += int(n)
		return v
	}
	date := func() model.Date {
		y := varint()
		if len(raw)-pos < 2 {
			short()
			return model.Date{}
		}
		d := model.Date{Year: int(y), Month: time.Month(raw[pos]), Day: int(raw[pos+1])}
		pos += 2
		return d
	}
	when := func() time.Time {
		if pos >= len(raw) || int(raw[pos]) > len(raw)-pos-1 {
			short()
			return time.Time{}
		}
		n := int(raw[pos])
		var t time.Time
		if e := t.UnmarshalBinary(raw[pos+1 : pos+1+n]); e != nil {
			fail(e)
		}
		pos += 1 + n
		return t
	}
	s.ID = str()
	s.Name = str()
	s.Domain = str()
	if n := uvarint(); n > 0 {
		if n > uint64(len(raw)-pos) { // every tag takes at least a byte
			fail(errSummaryShort)
		} else {
			s.Tags = make([]string, n)
			for i := range s.Tags {
				s.Tags[i] = str()
			}
		}
	}
	s.Segment = str()
	s.Owner = str()
	s.Stage = model.Stage(str())
	s.Health = model.Health(str())
	s.ARR.Minor = varint()
	s.ARR.Currency = str()
	s.Renewal = date()
	s.LastTouch = when()
	s.OpenTasks = int(varint())
	s.NextDue = date()
	s.OpenRisks = int(varint())
	s.Handoff = model.HandoffStatus(str())
	s.HandoffTo = str()
	s.Updated = when()
	if err == nil && pos != len(raw) {
		err = fmt.Errorf("%d bytes after the summary", len(raw)-pos)
	}
	return s, err
}

// getSummary reads an account's summary; ok is false when it has none.
func getSummary(tx *bolt.Tx, accountID string) (s model.AccountSummary, ok bool, err error) {
	raw := tx.Bucket(bucketSummaries).Get([]byte(accountID))
	if raw == nil {
		return s, false, nil
	}
	s, err = summaryAt([]byte(accountID), raw)
	return s, true, err
}

// summaryAt decodes the summary stored under key. A summary that names
// another account than its key is damage too: a flipped byte in the ID would
// otherwise send every use of it to an account that does not exist.
func summaryAt(key, raw []byte) (model.AccountSummary, error) {
	s, err := decodeSummary(raw)
	if err == nil && s.ID != string(key) {
		err = fmt.Errorf("it names account %q", s.ID)
	}
	if err != nil {
		return s, &recordDamage{key: string(key), err: err}
	}
	return s, nil
}
