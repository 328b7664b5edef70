package demo

import (
	"fmt"
	"math/bits"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"bob/model"
)

// Defaults used when an Options field is left zero.
const (
	DefaultAccounts          = 40
	DefaultOwner             = "Sam Rivera"
	DefaultEntriesPerAccount = 100
)

// MaxAccounts bounds Options.Accounts: ten times the largest book bob is
// built for, so that a typo (--accounts 100000000) is refused at once
// instead of writing until the disk is full.
const MaxAccounts = 100_000

// MaxEntriesPerAccount bounds Options.EntriesPerAccount so that one account
// always fits comfortably in memory.
const MaxEntriesPerAccount = 100_000

const day = 24 * time.Hour

// Options says how big a demo book to make.
type Options struct {
	Accounts int       // number of accounts (default 40 when 0)
	Seed     int64     // same seed + same Now => byte-identical records
	Now      time.Time // the demo is laid out around this moment; zero means time.Now()
	Owner    string    // the owning CSM's name (default "Sam Rivera")
	// EntriesPerAccount is the mean number of timeline entries per account
	// (default 100 when 0). Accounts vary around it: younger accounts have
	// fewer entries, older ones more.
	EntriesPerAccount int
}

// withDefaults fills in the defaults and rejects values that cannot work.
func (o Options) withDefaults() (Options, error) {
	switch {
	case o.Accounts < 0:
		return o, fmt.Errorf("demo: %d accounts: the number of accounts must not be negative", o.Accounts)
	case o.Accounts > MaxAccounts:
		return o, fmt.Errorf("demo: %d accounts: at most %d accounts can be generated", o.Accounts, MaxAccounts)
	case o.EntriesPerAccount < 0 || o.EntriesPerAccount > MaxEntriesPerAccount:
		return o, fmt.Errorf("demo: %d timeline entries per account: choose from 0 (default) to %d", o.EntriesPerAccount, MaxEntriesPerAccount)
	}
	if o.Accounts == 0 {
		o.Accounts = DefaultAccounts
	}
	if strings.TrimSpace(o.Owner) == "" {
		o.Owner = DefaultOwner
	}
	if o.EntriesPerAccount == 0 {
		o.EntriesPerAccount = DefaultEntriesPerAccount
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	// Whole seconds in UTC keep the records tidy and zone-independent.
	o.Now = o.Now.UTC().Truncate(time.Second)
	return o, nil
}

// Generate calls yield once per account, in ID order, with a complete, valid
// model.AccountRecord (record.Validate() == nil, record canonicalized). It stops and
// returns yield's error if yield fails. Memory must stay flat: never hold the whole
// book (10,000 accounts x ~100 entries must work).
//
// Each record is freshly allocated, so yield may keep it. An Options value
// that cannot work (negative counts) is reported as an error before yield
// is ever called.
func Generate(opts Options, yield func(model.AccountRecord) error) error {
	o, err := opts.withDefaults()
	if err != nil {
		return err
	}
	b := newBook(o)
	for i := 0; i < o.Accounts; i++ {
		rec := b.account(i)
		if err := yield(rec); err != nil {
			return err
		}
	}
	return nil
}

// book holds what is shared by every account of one generated book. It is
// small and fixed in size: nothing per account is kept.
type book struct {
	o           Options
	now         time.Time
	window      time.Time // timelines start no earlier than this
	first, last time.Time // the oldest and newest account creation times
	names       perm      // spreads company names over the book
	tails       []tail
	entryNorm   float64 // mean of entryWeight over the book, so counts average out
	prevMs      int64   // creation ms of the previous account, to keep IDs ordered
	others      []string
	ownerFirst  string
	mask        uint32 // mixes the seed into every ID
}

// tail is a company-name ending and the industry it implies (-1: any).
type tail struct {
	word     string
	industry int
}

func newBook(o Options) *book {
	b := &book{
		o:      o,
		now:    o.Now,
		window: o.Now.AddDate(-2, 0, 0).Add(day),
		first:  o.Now.AddDate(-6, 0, 0),
		last:   o.Now.Add(-21 * day),
	}
	for i, ind := range industries {
		for _, w := range ind.tails {
			b.tails = append(b.tails, tail{w, i})
		}
	}
	for _, w := range genericTails {
		b.tails = append(b.tails, tail{w, -1})
	}
	r := newRNG(o.Seed, 0)
	b.names = newPerm(uint64(len(nameRoots)*len(b.tails)), &r)
	b.mask = uint32(r.u64())
	for _, n := range otherCSMs {
		if n != o.Owner {
			b.others = append(b.others, n)
		}
	}
	b.ownerFirst, _, _ = strings.Cut(strings.TrimSpace(o.Owner), " ")
	sum := 0.0
	for i := 0; i < o.Accounts; i++ {
		sum += b.entryWeight(b.slot(i, 0.5))
	}
	b.entryNorm = sum / float64(o.Accounts)
	return b
}

// slot returns the creation time of account i: accounts are spread evenly
// from six years ago to three weeks ago, so account order is creation order
// (and so ID order), and about a third of the book is younger than the
// two-year timeline window.
func (b *book) slot(i int, frac float64) time.Time {
	span := b.last.Sub(b.first)
	off := time.Duration((float64(i) + frac) / float64(b.o.Accounts) * float64(span))
	return b.first.Add(off).Truncate(time.Second)
}

// entryWeight scales the number of timeline entries of an account created
// at created: accounts younger than the timeline window have fewer.
func (b *book) entryWeight(created time.Time) float64 {
	w := b.now.Sub(created)
	full := b.now.Sub(b.window)
	if w >= full {
		return 1
	}
	return 0.15 + 0.85*float64(w)/float64(full)
}

// rng is a small random helper over math/rand/v2's PCG source, seeded per
// account so each account is reproducible on its own.
type rng struct{ src rand.PCG }

func newRNG(seed int64, stream uint64) rng {
	var r rng
	r.src.Seed(uint64(seed)^0x5851F42D4C957F2D, stream*0x9E3779B97F4A7C15+0x632BE59BD9B4E019)
	return r
}

func (r *rng) u64() uint64 { return r.src.Uint64() }

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.src.Uint64(), uint64(n))
	return int(hi)
}

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

func (r *rng) float() float64 { return float64(r.src.Uint64()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// duration returns a duration in [0, d).
func (r *rng) duration(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	hi, _ := bits.Mul64(r.src.Uint64(), uint64(d))
	return time.Duration(hi)
}

// weighted returns an index into w, chosen with the given weights.
func (r *rng) weighted(w ...int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	n := r.intn(total)
	for i, x := range w {
		if n < x {
			return i
		}
		n -= x
	}
	return len(w) - 1
}

func pick[T any](r *rng, s []T) T { return s[r.intn(len(s))] }

// ids makes the IDs of one account. A ULID's 80 entropy bits are filled
// with the account's number (mixed with the seed), a counter and random
// bits: the first two make every ID in the book unique by construction,
// the time part keeps them ordered by the time of the thing they name.
type ids struct {
	account uint32
	n       uint32
	r       *rng
}

// Read fills a ULID's entropy; ulid.New asks for exactly 10 bytes.
func (g *ids) Read(p []byte) (int, error) {
	g.n++
	var e [10]byte
	e[0], e[1], e[2], e[3] = byte(g.account>>24), byte(g.account>>16), byte(g.account>>8), byte(g.account)
	e[4], e[5], e[6], e[7] = byte(g.n>>24), byte(g.n>>16), byte(g.n>>8), byte(g.n)
	x := g.r.u64()
	e[8], e[9] = byte(x>>8), byte(x)
	return copy(p, e[:]), nil
}

// at returns a new ID whose time part is t.
func (g *ids) at(t time.Time) string {
	ms := t.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	return ulid.MustNew(uint64(ms), g).String()
}

// perm is a keyed permutation of [0, m), used to hand out company names so
// that every account gets a different one until the names run out, without
// remembering which were used.
type perm struct {
	m, mask uint64
	shift   uint
	k       [4]uint64
}

func newPerm(m uint64, r *rng) perm {
	n := uint(bits.Len64(m))
	if n < 2 {
		n = 2
	}
	p := perm{m: m, mask: 1<<n - 1, shift: n/2 + 1}
	for i := range p.k {
		p.k[i] = r.u64()
	}
	return p
}

// at maps i (< m) to a distinct value < m: a bijection on n-bit numbers,
// applied again while the result is out of range (cycle walking).
func (p perm) at(i uint64) uint64 {
	x := i
	for {
		x ^= p.k[0] & p.mask
		x = x * (p.k[1] | 1) & p.mask
		x ^= x >> p.shift
		x = x * (p.k[2] | 1) & p.mask
		x ^= x >> p.shift
		x = (x + p.k[3]) & p.mask
		if x < p.m {
			return x
		}
	}
}
