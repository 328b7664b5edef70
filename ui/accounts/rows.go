package accounts

import (
	"slices"
	"strings"
	"time"

	"github.com/sahilm/fuzzy"

	"bob/model"
)

// Order is how the account list is sorted. The s key cycles through them.
type Order int

// The orders, in the order s cycles through them.
const (
	ByName      Order = iota // A to Z
	ByRenewal                // soonest renewal first; no renewal date last
	ByARR                    // largest ARR first
	ByHealth                 // worst health first; unknown last
	ByLastTouch              // longest without a touch first; never touched first of all
	orderCount
)

// String names the order as the header shows it.
func (o Order) String() string {
	switch o {
	case ByRenewal:
		return "renewal soonest"
	case ByARR:
		return "ARR largest"
	case ByHealth:
		return "health worst"
	case ByLastTouch:
		return "last touch oldest"
	}
	return "name"
}

// Next is the order after o, wrapping around.
func (o Order) Next() Order { return (o + 1) % orderCount }

// book is one loaded snapshot of the account summaries, with what the
// sorts and the fuzzy filter need precomputed. What the filter reads is
// never changed after it is built, so a filter running in a tea.Cmd can
// read it safely while the UI goes on.
type book struct {
	sums    []model.AccountSummary
	names   []string // as shown, for fuzzy matching and highlighting
	lower   []string // lower-case names, for sorting
	domains []string
	tags    []string // each account's tags joined by spaces
	now     time.Time
	// handedOff counts the accounts that went to a successor.
	handedOff int
	// lowerNames, lowerDomains and lowerTags are the fields the filter
	// matches, in lower case when they are ASCII ("" otherwise), for the
	// quick test that passes only what can match (see match).
	lowerNames, lowerDomains, lowerTags []string
	// nameLetters, domainLetters and tagLetters are the letters each
	// lower-case field holds (see letters): a text without one of the
	// query's letters is passed over without a scan.
	nameLetters, domainLetters, tagLetters []uint64
	// order and rank cache the book sorted in each order (see ranked).
	order, rank [orderCount][]int32
	// currencies counts the currencies the accounts' ARR is in: with
	// more than one, the ARR column names each amount's currency.
	currencies int
}

func newBook(sums []model.AccountSummary, now time.Time) *book {
	b := &book{
		sums:    sums,
		names:   make([]string, len(sums)),
		lower:   make([]string, len(sums)),
		domains: make([]string, len(sums)),
		tags:    make([]string, len(sums)),
		now:     now,

		lowerNames:   make([]string, len(sums)),
		lowerDomains: make([]string, len(sums)),
		lowerTags:    make([]string, len(sums)),

		nameLetters:   make([]uint64, len(sums)),
		domainLetters: make([]uint64, len(sums)),
		tagLetters:    make([]uint64, len(sums)),
	}
	var seen []string // a book has a handful of currencies at most
	for i, s := range sums {
		b.names[i] = s.Name
		b.lower[i] = strings.ToLower(s.Name)
		b.lowerNames[i] = asciiLower(s.Name)
		// Match the domain without its top-level part: every ".com" has
		// a c, an o and an m, which would make most queries match most
		// accounts.
		d := s.Domain
		if k := strings.LastIndexByte(d, '.'); k > 0 {
			d = d[:k]
		}
		b.domains[i] = d
		b.tags[i] = strings.Join(s.Tags, " ")
		b.lowerDomains[i] = asciiLower(d)
		b.lowerTags[i] = asciiLower(b.tags[i])
		b.nameLetters[i] = letters(b.lowerNames[i])
		b.domainLetters[i] = letters(b.lowerDomains[i])
		b.tagLetters[i] = letters(b.lowerTags[i])
		if s.HandedOff() {
			b.handedOff++
		}
		if !s.ARR.IsZero() && s.ARR.Currency != "" && !slices.Contains(seen, s.ARR.Currency) {
			seen = append(seen, s.ARR.Currency)
		}
	}
	b.currencies = len(seen)
	return b
}

// with returns the book's summaries with account id's replaced by sum,
// added if it is new, or removed when found is false. The book itself is
// not changed: a filter may be reading it.
func (b *book) with(id string, sum model.AccountSummary, found bool) []model.AccountSummary {
	out := make([]model.AccountSummary, 0, len(b.sums)+1)
	done := false
	for _, s := range b.sums {
		if s.ID != id {
			out = append(out, s)
		} else if found && !done {
			out, done = append(out, sum), true
		}
	}
	if found && !done {
		out = append(out, sum)
	}
	return out
}

// hit is one account that matches the filter text: its fuzzy score and
// the byte offsets of the matched characters in its name (empty when the
// match was on a tag or the domain).
type hit struct {
	score int
	name  []int
}

// match runs the fuzzy filter over names, tags and domains. An account
// matches when any of the three does; its score is the best of them, and
// the name's matched letters are kept for highlighting.
//
// within, when not nil, are the matches of a query that query extends
// (typed one more letter): a fuzzy match of the longer query is a match
// of the shorter one, so only those accounts are searched again, and each
// keystroke costs less than the one before.
func (b *book) match(query string, within map[int]hit) map[int]hit {
	hits, _ := b.matchUnless(query, within, nil)
	return hits
}

// matchChunk is how many texts the fuzzy matcher scores between two looks
// at whether the match is still wanted: a short query over a big book
// scores thousands of texts, and a newer keystroke makes them all moot.
const matchChunk = 512

// matchUnless is match that gives up, returning false, as soon as stale
// (when not nil) reports that the result is no longer wanted: when keys
// are typed faster than they are matched, only the last text's matches
// are worth finishing.
func (b *book) matchUnless(query string, within map[int]hit, stale func() bool) (map[int]hit, bool) {
	hits := map[int]hit{}
	if query == "" {
		return hits, true
	}
	var index []int
	if within != nil {
		index = make([]int, 0, len(within))
		for i := range within {
			index = append(index, i)
		}
		slices.Sort(index) // the map's order is random; keep the book's
	}
	q := asciiLower(query)
	need := letters(q)
	type field struct {
		values, lower []string
		letters       []uint64
	}
	for n, f := range []field{{b.names, b.lowerNames, b.nameLetters}, {b.tags, b.lowerTags, b.tagLetters}, {b.domains, b.lowerDomains, b.domainLetters}} {
		// A fuzzy match is a subsequence of the text, ignoring case:
		// where both are ASCII, a text that lacks one of the query's
		// letters cannot match, a plain byte scan tells which of the
		// others can, and the fuzzy matcher (slow: it folds case rune by
		// rune) scores only those. Other texts all go to the matcher.
		cand := make([]int, 0, 64)
		consider := func(i int) {
			if q == "" || f.lower[i] == "" && f.values[i] != "" || f.letters[i]&need == need && subsequence(f.lower[i], q) {
				cand = append(cand, i)
			}
		}
		if index != nil {
			for _, i := range index {
				consider(i)
			}
		} else {
			for i := range f.values {
				consider(i)
			}
		}
		for start := 0; start < len(cand); start += matchChunk {
			if stale != nil && stale() {
				return nil, false
			}
			chunk := cand[start:min(start+matchChunk, len(cand))]
			for _, m := range fuzzy.FindNoSort(query, pick(f.values, chunk)) {
				i := chunk[m.Index]
				h, ok := hits[i]
				switch {
				case n == 0:
					hits[i] = hit{score: m.Score, name: m.MatchedIndexes}
				case !ok || m.Score > h.score:
					// Keep the name's matched letters for highlighting.
					hits[i] = hit{score: m.Score, name: h.name}
				}
			}
		}
	}
	return hits, true
}

// asciiLower returns s in lower case if it is ASCII, else "".
func asciiLower(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 {
			return ""
		}
		upper = upper || 'A' <= c && c <= 'Z'
	}
	if !upper {
		return s
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// subsequence reports whether q's bytes appear in s in order.
func subsequence(s, q string) bool {
	j := 0
	for i := 0; i < len(s) && j < len(q); i++ {
		if s[i] == q[j] {
			j++
		}
	}
	return j == len(q)
}

// letters is the set of bytes s holds, one bit each for a to z, 0 to 9
// and the space, other bytes sharing the remaining bits: a text whose set
// lacks a bit of the query's set cannot hold the query as a subsequence.
// A whole query typed or pasted at once is matched against every account
// (no earlier matches narrow it): this passes over most of them with one
// AND each instead of a scan.
func letters(s string) uint64 {
	var set uint64
	for i := 0; i < len(s); i++ {
		set |= 1 << letterBit(s[i])
	}
	return set
}

func letterBit(c byte) uint {
	switch {
	case 'a' <= c && c <= 'z':
		return uint(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + uint(c-'0')
	case c == ' ':
		return 36
	}
	return 37 + uint(c)%27
}

// pick returns the strings at the given indexes.
func pick(from []string, index []int) []string {
	out := make([]string, len(index))
	for i, j := range index {
		out[i] = from[j]
	}
	return out
}

// view is everything that decides which accounts the list shows and in
// what order.
type view struct {
	order         Order
	tag           string      // "" = any tag
	stage         model.Stage // "" = any stage
	due           model.DueFilter
	showHandedOff bool
	query         string
	hits          map[int]hit // the matches of query; nil = no filter text
}

// filters words the filters that narrow the list beyond its text (tag,
// stage, what is due), in the order the screen names them; sep goes
// between a filter's name and its value ("tag: cab" in the title, "tag
// cab" where nothing matches).
func (v view) filters(sep string) []string {
	var out []string
	if v.tag != "" {
		out = append(out, "tag"+sep+v.tag)
	}
	if v.stage != "" {
		out = append(out, "stage"+sep+string(v.stage))
	}
	if v.due.Kind != model.FilterNone {
		out = append(out, v.due.Label())
	}
	return out
}

// row is one account shown in the list: its index in the book and, when
// filtering, its match.
type row struct {
	i   int
	hit hit
}

// arrange picks the accounts view shows and sorts them. With filter text
// the best matches come first and the chosen order breaks ties; without,
// the chosen order decides. The book is put in each order once (ranked);
// after that no keystroke sorts the whole book again: without filter text
// the rows are read off in that order, and with it only the matches are
// sorted, by score and rank.
func (b *book) arrange(v view) []row {
	// With nothing to leave out, every account is kept without looking
	// at it: at 100,000 accounts, looking cost more than the sorting.
	all := (v.showHandedOff || b.handedOff == 0) && v.tag == "" && v.stage == "" && v.due.Kind == model.FilterNone
	keep := func(i int) bool {
		if all {
			return true
		}
		s := &b.sums[i]
		return (!s.HandedOff() || v.showHandedOff) &&
			(v.tag == "" || slices.Contains(s.Tags, v.tag)) &&
			(v.stage == "" || s.Stage == v.stage) &&
			v.due.Match(*s, b.now)
	}
	order, rank := b.ranked(v.order)
	if v.hits == nil {
		rows := make([]row, 0, len(b.sums))
		for _, i := range order {
			if keep(int(i)) {
				rows = append(rows, row{i: int(i)})
			}
		}
		return rows
	}
	rows := make([]row, 0, len(v.hits))
	for i, h := range v.hits {
		if keep(i) {
			rows = append(rows, row{i: i, hit: h})
		}
	}
	slices.SortFunc(rows, func(x, y row) int {
		if x.hit.score != y.hit.score {
			return y.hit.score - x.hit.score
		}
		return int(rank[x.i]) - int(rank[y.i])
	})
	return rows
}

// ranked returns the book's accounts in order o (order) and each
// account's place in it (rank), sorting the book the first time o is
// asked for. Only the UI's goroutine arranges, so the cache needs no
// lock; the filter commands never read it.
func (b *book) ranked(o Order) (order, rank []int32) {
	if b.order[o] != nil {
		return b.order[o], b.rank[o]
	}
	order = make([]int32, len(b.sums))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(x, y int32) int {
		if c := b.compare(o, int(x), int(y)); c != 0 {
			return c
		}
		if c := strings.Compare(b.lower[x], b.lower[y]); c != 0 {
			return c
		}
		return strings.Compare(b.sums[x].ID, b.sums[y].ID)
	})
	rank = make([]int32, len(b.sums))
	for r, i := range order {
		rank[i] = int32(r)
	}
	b.order[o], b.rank[o] = order, rank
	return order, rank
}

// compare orders two accounts by o alone (0 when o cannot tell them apart).
func (b *book) compare(o Order, i, j int) int {
	x, y := b.sums[i], b.sums[j]
	switch o {
	case ByRenewal:
		// No renewal date sorts last: there is nothing to prepare for.
		switch {
		case x.Renewal.IsZero() && y.Renewal.IsZero():
			return 0
		case x.Renewal.IsZero():
			return 1
		case y.Renewal.IsZero():
			return -1
		}
		return x.Renewal.Time().Compare(y.Renewal.Time())
	case ByARR:
		switch {
		case x.ARR.Minor > y.ARR.Minor:
			return -1
		case x.ARR.Minor < y.ARR.Minor:
			return 1
		}
		return 0
	case ByHealth:
		return x.Health.Rank() - y.Health.Rank()
	case ByLastTouch:
		// Never touched is the longest ago of all.
		switch {
		case x.LastTouch.IsZero() && y.LastTouch.IsZero():
			return 0
		case x.LastTouch.IsZero():
			return -1
		case y.LastTouch.IsZero():
			return 1
		}
		return x.LastTouch.Compare(y.LastTouch)
	}
	return 0
}

// tagCounts returns every tag in the book with how many accounts carry
// it, by name.
func (b *book) tagCounts() ([]string, map[string]int) {
	counts := map[string]int{}
	for _, s := range b.sums {
		for _, t := range s.Tags {
			counts[t]++
		}
	}
	tags := make([]string, 0, len(counts))
	for t := range counts {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	return tags, counts
}

// dueCounts returns how many accounts each due filter would show (the
// handed-off ones left out, as the list leaves them out by default).
func (b *book) dueCounts(fs []model.DueFilter) []int {
	counts := make([]int, len(fs))
	for _, s := range b.sums {
		if s.HandedOff() {
			continue
		}
		for i, f := range fs {
			if f.Match(s, b.now) {
				counts[i]++
			}
		}
	}
	return counts
}

// stageCounts returns how many accounts are at each stage.
func (b *book) stageCounts() map[model.Stage]int {
	counts := map[model.Stage]int{}
	for _, s := range b.sums {
		counts[s.Stage]++
	}
	return counts
}
