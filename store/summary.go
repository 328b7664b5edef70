package store

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// refreshSummary recomputes an account's summary and its entry in the
// due-item index from its records. Every write that changes an account
// ends here (or in writeRecordTx, for whole records), so the two can
// never fall behind the records. The most expensive part is one reverse
// scan of the account's timeline that stops once it has found the last
// external touch and the last touch of each sponsor and champion.
func refreshSummary(tx *bolt.Tx, accountID string) error {
	touch(tx, accountID)
	var a model.Account
	ok, err := getJSON(tx.Bucket(bucketAccounts), []byte(accountID), &a)
	if err != nil {
		return err
	}
	if !ok {
		if err := deleteDue(tx, accountID); err != nil {
			return err
		}
		return deleteSummary(tx, accountID)
	}
	rec := model.AccountRecord{Account: a}
	if err := readPartsTx(tx, accountID, &rec, true); err != nil {
		return err
	}
	var lastTouch time.Time
	if rec.Timeline, lastTouch, err = touchesTx(tx, accountID, rec.People); err != nil {
		return err
	}
	sum := model.Summarize(rec)
	sum.LastTouch = lastTouch
	if err := putSummary(tx, accountID, sum); err != nil {
		return err
	}
	return putDue(tx, model.IndexDue(rec))
}

// touchesTx returns the entries Today needs: for each active sponsor and
// champion the newest external entry that names them (a reverse scan of
// their prefix in the per-person index), and the time of the newest
// external entry of all (a reverse scan of the timeline that stops at
// the first one).
func touchesTx(tx *bolt.Tx, accountID string, people []model.Person) ([]model.TimelineEntry, time.Time, error) {
	pb := tx.Bucket(bucketTimelinePeople)
	if pb == nil {
		return touchesScanTx(tx, accountID, people)
	}
	var last time.Time
	err := scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
		if e.IsTouch() {
			last = e.When
			return false
		}
		return true
	})
	if err != nil {
		return nil, last, err
	}
	var keys [][]byte
	c := pb.Cursor()
	for _, p := range people {
		if !model.WatchedOnToday(p) {
			continue
		}
		prefix := personPrefix(accountID, p.ID)
		k, v := lastBefore(c, prefixEnd(prefix))
		for ; k != nil && bytes.HasPrefix(k, prefix); k, v = c.Prev() {
			if bytes.Equal(v, touchExternal) {
				keys = append(keys, timelineKeyOf(accountID, prefix, k))
				break
			}
		}
	}
	slices.SortFunc(keys, func(a, b []byte) int { return bytes.Compare(b, a) }) // newest first
	keys = slices.CompactFunc(keys, bytes.Equal)
	found := make([]model.TimelineEntry, 0, len(keys))
	for _, k := range keys {
		var e model.TimelineEntry
		ok, err := getEntry(tx.Bucket(bucketTimeline), k, &e)
		if err != nil {
			return nil, last, err
		}
		if ok {
			found = append(found, e)
		}
	}
	return found, last, nil
}

// touchesScanTx is touchesTx without the per-person index (while an older
// migration runs): one reverse scan of the timeline that stops once it has
// found every watched person.
func touchesScanTx(tx *bolt.Tx, accountID string, people []model.Person) ([]model.TimelineEntry, time.Time, error) {
	want := map[string]bool{}
	for _, p := range people {
		if model.WatchedOnToday(p) {
			want[p.ID] = true
		}
	}
	var last time.Time
	var found []model.TimelineEntry
	err := scanTimeline(tx, accountID, zeroTime, func(e model.TimelineEntry) bool {
		if !e.IsTouch() {
			return true
		}
		if last.IsZero() {
			last = e.When
		}
		named := false
		for _, id := range e.People {
			if want[id] {
				delete(want, id)
				named = true
			}
		}
		if named {
			found = append(found, e)
		}
		return len(want) > 0
	})
	return found, last, err
}

// putDue writes an account's entry in the due-item index. The bucket is
// missing only while an older migration runs: the migration that adds it
// builds every entry.
func putDue(tx *bolt.Tx, d model.AccountDue) error {
	b := tx.Bucket(bucketDue)
	if b == nil {
		return nil
	}
	return putJSON(b, []byte(d.AccountID), d)
}

func deleteDue(tx *bolt.Tx, accountID string) error {
	b := tx.Bucket(bucketDue)
	if b == nil {
		return nil
	}
	return b.Delete([]byte(accountID))
}

// DueIndex returns the account summaries (ordered by name) and the
// due-item index keyed by account ID, read in one transaction so the two
// agree. Today and the agenda are drawn from these without loading any
// whole account.
func (s *Store) DueIndex() ([]model.AccountSummary, map[string]model.AccountDue, error) {
	var sums []model.AccountSummary
	due := map[string]model.AccountDue{}
	err := s.viewSpans([]span{whole(bucketSummaries), whole(bucketDue)}, func(tx *bolt.Tx) error {
		var err error
		if sums, err = summariesTx(tx); err != nil {
			return err
		}
		return tx.Bucket(bucketDue).ForEach(func(k, v []byte) error {
			var d model.AccountDue
			if err := unmarshal(k, v, &d); err != nil {
				return err
			}
			due[string(k)] = d
			return nil
		})
	})
	if err != nil {
		return nil, nil, s.wrap("read what is due", err)
	}
	return sums, due, nil
}

// Summary returns one account's summary; found is false when the book
// has no such account. After a write to one account, this is all the
// account list needs to read again.
func (s *Store) Summary(accountID string) (sum model.AccountSummary, found bool, err error) {
	err = s.viewSpans([]span{keyOf(bucketSummaries, accountID)}, func(tx *bolt.Tx) (err error) {
		sum, found, err = getSummary(tx, accountID)
		return err
	})
	if err != nil {
		return sum, false, s.wrap("read the summary of account "+accountID, err)
	}
	return sum, found, nil
}

// Summaries returns the summary of every account, handed-off ones
// included, ordered by name. It decodes only the compact summaries.
func (s *Store) Summaries() ([]model.AccountSummary, error) {
	// The list's index holds them in this order already: read whole, it
	// is the list, with no sort and one plain read of each page. A book
	// without one (before schema 7), or whose index does not match what
	// it holds (bob check tells), is read from the summaries themselves.
	if h, ok, err := s.indexedHead(math.MaxInt, true); ok && err == nil {
		return h.First, nil
	}
	var out []model.AccountSummary
	err := s.viewSpans([]span{whole(bucketSummaries)}, func(tx *bolt.Tx) (err error) {
		out, err = summariesTx(tx)
		return err
	})
	if err != nil {
		return nil, s.wrap("read the account list", err)
	}
	return out, nil
}

func summariesTx(tx *bolt.Tx) ([]model.AccountSummary, error) {
	b := tx.Bucket(bucketSummaries)
	// Counting first walks the bucket's pages without decoding anything,
	// and saves growing a slice of 10,000 summaries a dozen times.
	out := make([]model.AccountSummary, 0, b.Stats().KeyN)
	err := b.ForEach(func(k, v []byte) error {
		sum, err := summaryAt(k, v)
		if err != nil {
			return err
		}
		out = append(out, sum)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return sortedByName(out), nil
}

// sortedByName returns the summaries ordered by name, case-insensitively,
// then by ID. The lower-case names are made once, not on every
// comparison: at 10,000 accounts that is the difference between 10,000
// conversions and hundreds of thousands. Indexes are sorted, not the
// summaries, which are copied once into place.
func sortedByName(sums []model.AccountSummary) []model.AccountSummary {
	lower := lowerNames(sums)
	order := make([]int32, len(sums))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int {
		if c := strings.Compare(lower[a], lower[b]); c != 0 {
			return c
		}
		return strings.Compare(sums[a].ID, sums[b].ID)
	})
	sorted := make([]model.AccountSummary, len(sums))
	for i, j := range order {
		sorted[i] = sums[j]
	}
	return sorted
}

// lowerNames returns the summaries' names in lower case, all of them in
// one string (one allocation, not one per name).
func lowerNames(sums []model.AccountSummary) []string {
	n := 0
	for _, s := range sums {
		n += len(s.Name)
	}
	var b strings.Builder
	b.Grow(n)
	ends := make([]int, len(sums))
	for i, s := range sums {
		ascii := true
		for j := 0; j < len(s.Name); j++ {
			if s.Name[j] >= 0x80 {
				ascii = false
				break
			}
		}
		if ascii {
			for j := 0; j < len(s.Name); j++ {
				c := s.Name[j]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				b.WriteByte(c)
			}
		} else {
			b.WriteString(strings.ToLower(s.Name))
		}
		ends[i] = b.Len()
	}
	all := b.String()
	out := make([]string, len(sums))
	start := 0
	for i, end := range ends {
		out[i], start = all[start:end], end
	}
	return out
}
