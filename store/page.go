package store

import (
	"bytes"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// TimelineCursor is a place in an account's timeline: the time and ID of
// an entry. Entries are ordered by time, then ID; a cursor keeps its place
// when its entry is changed or deleted. The zero cursor is an end of the
// timeline (which one, PageQuery says).
type TimelineCursor struct {
	When time.Time
	ID   string
}

// CursorAt returns the place of an entry.
func CursorAt(e model.TimelineEntry) TimelineCursor { return TimelineCursor{When: e.When, ID: e.ID} }

// IsZero reports whether c is an end of the timeline rather than a place.
func (c TimelineCursor) IsZero() bool { return c.When.IsZero() && c.ID == "" }

// PageQuery selects one page of an account's timeline. Pages are always
// in the order the Timeline tab shows, newest first.
type PageQuery struct {
	// Kinds, when set, keeps only entries of these kinds.
	Kinds []model.EntryKind
	// From is where the page starts. Reading older entries (the default),
	// the page holds the entries just after From in display order; the
	// zero cursor starts at the newest entry. Reading Newer, it holds the
	// entries just before From (the ones nearest to it); the zero cursor
	// then means the oldest end (the last page).
	From TimelineCursor
	// Inclusive puts the entry at From itself on the page (reading a
	// page again from its first entry).
	Inclusive bool
	// Newer reads towards the newest entries instead of the oldest.
	Newer bool
	// Limit caps the entries on the page; 0 means all.
	Limit int
}

// TimelinePage is one page of an account's timeline, newest first.
type TimelinePage struct {
	Entries []model.TimelineEntry
	// More reports entries of the kinds asked for beyond the page, in the
	// direction it was read.
	More bool
	// Total is how many entries of the kinds asked for the whole
	// timeline holds (from the counts kept at write time).
	Total int
}

// TimelinePage reads one page of an account's timeline: a range scan from
// a cursor over the time-ordered keys, so any page of a long history costs
// about what the first page of a short one does. A kind filter skips the
// entries of other kinds as it goes (without decoding most of them).
func (s *Store) TimelinePage(accountID string, q PageQuery) (TimelinePage, error) {
	var p TimelinePage
	spans := []span{keysOf(bucketTimeline, accountID), keyOf(bucketTimelineCounts, accountID)}
	err := s.viewSpans(spans, func(tx *bolt.Tx) (err error) {
		p, err = timelinePageTx(tx, accountID, q)
		return err
	})
	return p, s.wrap("read the timeline of account "+accountID, err)
}

func timelinePageTx(tx *bolt.Tx, accountID string, q PageQuery) (TimelinePage, error) {
	var p TimelinePage
	prefix := accountPrefix(accountID)
	c := tx.Bucket(bucketTimeline).Cursor()
	var k, v []byte
	var step func() ([]byte, []byte)
	if !q.Newer {
		end := prefixEnd(prefix)
		if !q.From.IsZero() {
			end = timelineKey(accountID, q.From.When, q.From.ID)
			if q.Inclusive {
				end = append(end, 0)
			}
		}
		k, v = lastBefore(c, end)
		step = c.Prev
	} else {
		start := prefix
		if !q.From.IsZero() {
			start = timelineKey(accountID, q.From.When, q.From.ID)
			if !q.Inclusive {
				start = append(start, 0)
			}
		}
		k, v = c.Seek(start)
		step = c.Next
	}
	markers := kindMarkers(q.Kinds)
	for ; k != nil && bytes.HasPrefix(k, prefix); k, v = step() {
		if markers != nil && !hasAnyMarker(v, markers) {
			continue
		}
		var e model.TimelineEntry
		if err := decodeEntry(k, v, &e); err != nil {
			return p, err
		}
		if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, e.Kind) {
			continue
		}
		if q.Limit > 0 && len(p.Entries) == q.Limit {
			p.More = true
			break
		}
		p.Entries = append(p.Entries, e)
	}
	if q.Newer {
		slices.Reverse(p.Entries)
	}
	counts, err := countsTx(tx, accountID)
	p.Total = countOf(counts, q.Kinds)
	return p, err
}

// kindMarkers are the bytes an entry of one of the kinds holds in its
// JSON, as bob writes it ("kind":"call"): an entry without any of them is
// of another kind and need not be decoded. One with a marker is decoded
// and its kind checked (a body may hold the words).
func kindMarkers(kinds []model.EntryKind) [][]byte {
	if len(kinds) == 0 {
		return nil
	}
	out := make([][]byte, len(kinds))
	for i, k := range kinds {
		out[i] = []byte(`"kind":"` + string(k) + `"`)
	}
	return out
}

func hasAnyMarker(v []byte, markers [][]byte) bool {
	for _, m := range markers {
		if bytes.Contains(v, m) {
			return true
		}
	}
	return false
}

// AccountView is what the account 360 view shows when it opens, read in
// one transaction whatever the length of the account's timeline.
type AccountView struct {
	// Record is the account and everything in it, except that its
	// Timeline holds only the entries model.TouchEntries picks (each
	// person's last touch and newest entries, the account's last touch):
	// the flags, the last touches and the people's recent entries come
	// out as they would from the whole timeline. Never write it back.
	Record model.AccountRecord
	// Page is the page of the timeline the query asked for, if any.
	Page TimelinePage
}

// AccountView reads an account for the 360 view: its records but for the
// timeline, the timeline entries its touches depend on (found through the
// per-person index and the summary's last touch), and, with q set, one page
// of the timeline as q asks.
func (s *Store) AccountView(accountID string, q *PageQuery) (AccountView, error) {
	var v AccountView
	err := s.viewSpans(recordSpans(accountID), func(tx *bolt.Tx) (err error) {
		if v.Record, err = recordHeadTx(tx, accountID); err != nil {
			return err
		}
		if v.Record.Timeline, err = touchEntriesTx(tx, accountID, v.Record.People); err != nil {
			return err
		}
		v.Record.Canonicalize()
		if q != nil {
			v.Page, err = timelinePageTx(tx, accountID, *q)
		}
		return err
	})
	return v, s.wrap("read account "+accountID, err)
}

// touchEntriesTx returns the entries model.TouchEntries would pick from
// the account's whole timeline, reading only those: for each person a
// reverse scan of their prefix in the per-person index, and for the
// account the entries at the time of its summary's last touch.
func touchEntriesTx(tx *bolt.Tx, accountID string, people []model.Person) ([]model.TimelineEntry, error) {
	tl := tx.Bucket(bucketTimeline)
	var keys [][]byte
	last, err := lastTouchKeyTx(tx, accountID)
	if err != nil {
		return nil, err
	}
	if last != nil {
		keys = append(keys, last)
	}
	pb := tx.Bucket(bucketTimelinePeople)
	if pb == nil {
		// Only while an older migration runs: read the whole timeline.
		var all []model.TimelineEntry
		err := scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
			all = append(all, e)
			return true
		})
		return model.TouchEntries(all), err
	}
	c := pb.Cursor()
	for _, p := range people {
		prefix := personPrefix(accountID, p.ID)
		k, v := lastBefore(c, prefixEnd(prefix))
		n, touched := 0, false
		var lastWhen []byte
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			if len(k) < len(prefix)+16 {
				return nil, &recordDamage{key: string(k), err: errBadTimelineKey}
			}
			when := k[len(prefix) : len(prefix)+16]
			take := false
			if n < model.RecentPerPerson || bytes.Equal(when, lastWhen) {
				take, n, lastWhen = true, n+1, when
			}
			if !touched && bytes.Equal(v, touchExternal) {
				take, touched = true, true
			}
			if take {
				keys = append(keys, timelineKeyOf(accountID, prefix, k))
			} else if touched {
				break
			}
		}
	}
	slices.SortFunc(keys, bytes.Compare)
	keys = slices.CompactFunc(keys, bytes.Equal)
	out := make([]model.TimelineEntry, 0, len(keys))
	for _, k := range keys {
		var e model.TimelineEntry
		found, err := getEntry(tl, k, &e)
		if err != nil {
			return nil, err
		}
		if found {
			out = append(out, e)
		}
	}
	return out, nil
}

// lastTouchKeyTx finds the account's newest external entry (of those at
// its time, the first by ID) by seeking the time its summary records,
// kept current by every write; without a summary it scans back from the
// newest entry.
func lastTouchKeyTx(tx *bolt.Tx, accountID string) ([]byte, error) {
	sum, ok, err := getSummary(tx, accountID)
	if err != nil {
		return nil, err
	}
	if ok && sum.LastTouch.IsZero() {
		return nil, nil
	}
	c := tx.Bucket(bucketTimeline).Cursor()
	if ok {
		at := timelineKey(accountID, sum.LastTouch, "")
		for k, v := c.Seek(at); k != nil && bytes.HasPrefix(k, at); k, v = c.Next() {
			var e model.TimelineEntry
			if err := decodeEntry(k, v, &e); err != nil {
				return nil, err
			}
			if e.IsTouch() {
				return bytes.Clone(k), nil
			}
		}
	}
	var key []byte
	var at time.Time
	err = scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
		if !e.IsTouch() {
			return true
		}
		if key == nil || e.When.Equal(at) {
			key, at = timelineKey(accountID, e.When, e.ID), e.When
			return true
		}
		return false
	})
	return key, err
}
