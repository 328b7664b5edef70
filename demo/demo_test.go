package demo

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"

	"bob/model"
	"bob/store"
)

var testNow = time.Date(2025, 6, 15, 14, 30, 0, 0, time.UTC)

// collect generates a book and returns it whole (fine for test sizes).
func collect(t testing.TB, o Options) []model.AccountRecord {
	t.Helper()
	var recs []model.AccountRecord
	if err := Generate(o, func(r model.AccountRecord) error {
		recs = append(recs, r)
		return nil
	}); err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	return recs
}

// digest hashes the JSON of every record of a book.
func digest(t *testing.T, o Options) [32]byte {
	t.Helper()
	h := sha256.New()
	enc := json.NewEncoder(h)
	if err := Generate(o, func(r model.AccountRecord) error { return enc.Encode(r) }); err != nil {
		t.Fatalf("Generate(%+v): %v", o, err)
	}
	var sum [32]byte
	copy(sum[:], h.Sum(nil))
	return sum
}

func TestRecordsAreValidAndCanonical(t *testing.T) {
	for _, o := range []Options{
		{Accounts: 150, Seed: 1, Now: testNow, EntriesPerAccount: 30},
		{Accounts: 20, Seed: 99, Now: testNow.In(time.FixedZone("PST", -8*3600)), Owner: "Jordan Lee", EntriesPerAccount: 2},
	} {
		for _, r := range collect(t, o) {
			if err := r.Validate(); err != nil {
				t.Fatalf("account %s (%s) is invalid: %v", r.Account.ID, r.Account.Name, err)
			}
			before, _ := json.Marshal(r)
			c := r
			c.People = slices.Clone(r.People)
			c.Edges = slices.Clone(r.Edges)
			c.Timeline = slices.Clone(r.Timeline)
			c.Plans = slices.Clone(r.Plans)
			c.Commitments = slices.Clone(r.Commitments)
			c.Risks = slices.Clone(r.Risks)
			c.Checklists = slices.Clone(r.Checklists)
			c.Handoffs = slices.Clone(r.Handoffs)
			c.Canonicalize()
			after, _ := json.Marshal(c)
			if string(before) != string(after) {
				t.Fatalf("account %s is not canonical", r.Account.ID)
			}
			if loc := r.Account.Created.Location(); loc != time.UTC {
				t.Fatalf("account %s created in %v, want UTC", r.Account.ID, loc)
			}
			for _, e := range r.Timeline {
				if e.When.Location() != time.UTC || e.Created.Location() != time.UTC {
					t.Fatalf("entry %s is not in UTC", e.ID)
				}
			}
			if r.Account.Owner == "" || r.Account.Domain == "" || len(r.Plans) == 0 || len(r.Checklists) == 0 {
				t.Fatalf("account %s is missing owner, domain, plans or checklists", r.Account.ID)
			}
		}
	}
}

func TestDeterminism(t *testing.T) {
	base := Options{Accounts: 25, Seed: 7, Now: testNow, EntriesPerAccount: 20}
	want := digest(t, base)
	tests := []struct {
		name string
		o    Options
		same bool
	}{
		{"same options", base, true},
		{"same moment in another zone", Options{Accounts: 25, Seed: 7, Now: testNow.In(time.FixedZone("CET", 3600)), EntriesPerAccount: 20}, true},
		{"other seed", Options{Accounts: 25, Seed: 8, Now: testNow, EntriesPerAccount: 20}, false},
		{"other now", Options{Accounts: 25, Seed: 7, Now: testNow.Add(day), EntriesPerAccount: 20}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := digest(t, tt.o); (got == want) != tt.same {
				t.Errorf("digest equal = %v, want %v", got == want, tt.same)
			}
		})
	}
}

func TestAccountCount(t *testing.T) {
	tests := []struct{ accounts, want int }{
		{0, DefaultAccounts},
		{1, 1},
		{7, 7},
		{230, 230},
	}
	for _, tt := range tests {
		n := 0
		err := Generate(Options{Accounts: tt.accounts, Now: testNow, EntriesPerAccount: 3}, func(model.AccountRecord) error {
			n++
			return nil
		})
		if err != nil || n != tt.want {
			t.Errorf("Accounts %d: got %d records, err %v; want %d", tt.accounts, n, err, tt.want)
		}
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Options{
		{Accounts: -1},
		{EntriesPerAccount: -5},
		{EntriesPerAccount: MaxEntriesPerAccount + 1},
	} {
		called := false
		err := Generate(o, func(model.AccountRecord) error { called = true; return nil })
		if err == nil || called {
			t.Errorf("Generate(%+v): err %v, yield called %v; want an error before any yield", o, err, called)
		}
	}
}

func TestIDsUniqueAndOrdered(t *testing.T) {
	seen := map[string]string{}
	claim := func(id, what string) {
		if prev, ok := seen[id]; ok {
			t.Fatalf("id %s used by %s and %s", id, prev, what)
		}
		seen[id] = what
	}
	prev := ""
	for _, r := range collect(t, Options{Accounts: 300, Seed: 3, Now: testNow, EntriesPerAccount: 40}) {
		if r.Account.ID <= prev {
			t.Fatalf("account %s yielded after %s: not in ID order", r.Account.ID, prev)
		}
		prev = r.Account.ID
		claim(r.Account.ID, "account")
		for _, p := range r.People {
			claim(p.ID, "person")
		}
		for _, e := range r.Edges {
			claim(e.ID, "edge")
		}
		for _, e := range r.Timeline {
			claim(e.ID, "entry")
		}
		for _, p := range r.Plans {
			claim(p.ID, "plan")
			for _, o := range p.Objectives {
				claim(o.ID, "objective")
			}
			for _, x := range p.Tasks {
				claim(x.ID, "task")
			}
			for _, a := range p.Achievements {
				claim(a.ID, "achievement")
			}
		}
		for _, c := range r.Commitments {
			claim(c.ID, "commitment")
		}
		for _, x := range r.Risks {
			claim(x.ID, "risk")
		}
		for _, c := range r.Checklists {
			claim(c.ID, "checklist")
			for _, s := range c.Steps {
				claim(s.ID, "step")
			}
		}
		for _, h := range r.Handoffs {
			claim(h.ID, "handoff")
		}
		// IDs carry the time of what they name.
		for _, e := range r.Timeline {
			if got := idTime(t, e.ID); !got.Equal(e.When.Truncate(time.Millisecond)) {
				t.Fatalf("entry %s: id time %v, when %v", e.ID, got, e.When)
			}
		}
		if got := idTime(t, r.Account.ID); !got.Equal(r.Account.Created.Truncate(time.Millisecond)) {
			t.Fatalf("account %s: id time %v, created %v", r.Account.ID, got, r.Account.Created)
		}
	}
}

func idTime(t *testing.T, id string) time.Time {
	t.Helper()
	u, err := parseULID(id)
	if err != nil {
		t.Fatalf("id %q: %v", id, err)
	}
	return u
}

// TestBookShape checks the spread that makes the demo useful: risk flags,
// silent accounts, overdue renewals, deep org charts.
func TestBookShape(t *testing.T) {
	const entries = 30
	o := Options{Accounts: 400, Seed: 11, Now: testNow, EntriesPerAccount: entries}
	recs := collect(t, o)
	var noSponsor, noChampion, detractor, silent, overdue, left, dotted, inherited, openRisks, totalEntries int
	segs := map[string]int{}
	currencies := map[string]int{}
	stages := map[model.Stage]int{}
	healths := map[model.Health]int{}
	domains := map[string]bool{}
	windowStart := testNow.AddDate(-2, 0, 0)
	renewalEnd := model.DateOf(testNow.AddDate(0, 18, 0))
	for _, r := range recs {
		a := r.Account
		segs[a.Segment]++
		currencies[a.ARR.Currency]++
		stages[a.Stage]++
		healths[a.Health]++
		if domains[a.Domain] {
			t.Errorf("domain %s used twice", a.Domain)
		}
		domains[a.Domain] = true
		if !model.HasActiveRole(r.People, model.RoleSponsor) {
			noSponsor++
		}
		if !model.HasActiveRole(r.People, model.RoleChampion) {
			noChampion++
		}
		if model.HasActiveRole(r.People, model.RoleDetractor) {
			detractor++
		}
		if model.Summarize(r).DaysSinceTouch(testNow) >= 60 {
			silent++
		}
		if a.Renewal.DaysFrom(testNow) < 0 {
			overdue++
		}
		if len(r.Handoffs) > 0 {
			inherited++
		}
		for _, x := range r.Risks {
			if x.Open() {
				openRisks++
			}
		}
		for _, p := range r.People {
			if !p.Active() {
				left++
			}
			if len(p.DottedLine) > 0 {
				dotted++
			}
		}
		if d := depth(r.People); d < 3 || d > 4 {
			t.Errorf("account %s: org chart is %d levels deep, want 3 or 4", a.Name, d)
		}
		if n := len(r.People); n < 5 || n > 18 {
			t.Errorf("account %s: %d people, want 5-18", a.Name, n)
		}
		if len(r.Edges) == 0 {
			t.Errorf("account %s has no influence edges", a.Name)
		}
		for _, e := range r.Timeline {
			if e.When.Before(windowStart) || e.When.After(testNow) {
				t.Errorf("account %s: entry %q at %v is outside the two years before now", a.Name, e.Title, e.When)
			}
		}
		totalEntries += len(r.Timeline)
		if d := a.Renewal.DaysFrom(testNow); d < -30 || renewalEnd.Before(a.Renewal) {
			t.Errorf("account %s: renewal %s is outside [-30 days, +18 months]", a.Name, a.Renewal)
		}
		if a.ContractStart.IsZero() || a.Renewal.Before(a.ContractStart) || a.ContractStart.DaysFrom(testNow) > 0 {
			t.Errorf("account %s: contract %s..%s", a.Name, a.ContractStart, a.Renewal)
		}
		if a.ARR.Minor <= 0 {
			t.Errorf("account %s has no ARR", a.Name)
		}
	}
	atLeast := func(what string, got, min int) {
		t.Helper()
		if got < min {
			t.Errorf("%s: %d, want at least %d", what, got, min)
		}
	}
	n := len(recs)
	atLeast("accounts without an active sponsor", noSponsor, n/20)
	atLeast("accounts with an active sponsor", n-noSponsor, n*3/4)
	atLeast("accounts without an active champion", noChampion, n/20)
	atLeast("accounts with a detractor", detractor, n/3)
	atLeast("accounts untouched for 60+ days", silent, n/10)
	atLeast("overdue renewals", overdue, 3)
	atLeast("people who left", left, n/4)
	atLeast("dotted-line managers", dotted, n/4)
	atLeast("inherited accounts", inherited, n/10)
	atLeast("open risks", openRisks, n/4)
	for _, s := range []string{"enterprise", "mid-market", "smb"} {
		atLeast("segment "+s, segs[s], n/10)
	}
	for _, c := range []string{"USD", "EUR", "GBP"} {
		atLeast("currency "+c, currencies[c], n/30)
	}
	for _, h := range model.Healths {
		atLeast("health "+string(h), healths[h], n/20)
	}
	for _, s := range []model.Stage{model.StageOnboarding, model.StageAdoption, model.StageValue, model.StageRenewal, model.StageExpansion, model.StageAtRisk} {
		atLeast("stage "+string(s), stages[s], 3)
	}
	if mean := float64(totalEntries) / float64(n); mean < entries*0.85 || mean > entries*1.15 {
		t.Errorf("mean timeline entries %.1f, want about %d", mean, entries)
	}
}

// depth returns the number of levels of the reports-to tree.
func depth(people []model.Person) int {
	boss := map[string]string{}
	for _, p := range people {
		boss[p.ID] = p.ReportsTo
	}
	most := 0
	for _, p := range people {
		d := 1
		for id := p.ReportsTo; id != ""; id = boss[id] {
			d++
		}
		most = max(most, d)
	}
	return most
}

func TestYieldErrorStopsGeneration(t *testing.T) {
	stop := errors.New("disk full")
	calls := 0
	err := Generate(Options{Accounts: 50, Now: testNow, EntriesPerAccount: 5}, func(model.AccountRecord) error {
		calls++
		if calls == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 3 {
		t.Errorf("got err %v after %d calls; want %v after 3", err, calls, stop)
	}
}

func TestCompanyNamesUnique(t *testing.T) {
	// Past the size of the name space, qualifiers keep names apart.
	b := newBook(Options{Accounts: 1, Now: testNow, Owner: DefaultOwner, EntriesPerAccount: 1})
	space := len(nameRoots) * len(b.tails)
	names := map[string]bool{}
	domains := map[string]bool{}
	for i := 0; i < space+500; i++ {
		g := &gen{b: b, r: newRNG(0, uint64(i)+1)}
		g.id = ids{account: uint32(i), r: &g.r}
		g.acc = &g.rec.Account
		g.created = testNow.Add(-time.Duration(i) * time.Hour)
		g.start = b.window
		g.basics(i)
		a := g.acc
		if names[a.Name] {
			t.Fatalf("account %d: name %q used twice", i, a.Name)
		}
		names[a.Name] = true
		stem, _, _ := strings.Cut(a.Domain, ".")
		if domains[stem] {
			t.Fatalf("account %d: domain %q used twice", i, a.Domain)
		}
		domains[stem] = true
	}
}

func parseULID(id string) (time.Time, error) {
	u, err := ulid.ParseStrict(id)
	if err != nil {
		return time.Time{}, err
	}
	return ulid.Time(u.Time()).UTC(), nil
}

func BenchmarkGenerate(b *testing.B) {
	o := Options{Accounts: 100, Seed: 1, Now: testNow}
	entries := 0
	for b.Loop() {
		entries = 0
		if err := Generate(o, func(r model.AccountRecord) error {
			entries += len(r.Timeline)
			return nil
		}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(entries), "entries/op")
}

func TestFillWritesACheckedBookAndRefusesAFullOne(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "book.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var calls []int
	opts := Options{Accounts: FillBatch + 7, Seed: 3, Now: testNow, EntriesPerAccount: 5}
	if err := Fill(st, opts, func(done int) { calls = append(calls, done) }); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Count(); n != FillBatch+7 {
		t.Fatalf("book holds %d accounts", n)
	}
	if len(calls) != 2 || calls[1] != FillBatch+7 {
		t.Fatalf("progress calls = %v", calls)
	}
	if probs, err := st.Check(); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
	if err := Fill(st, opts, nil); err == nil || !strings.Contains(err.Error(), "empty book") {
		t.Fatalf("second fill: err = %v", err)
	}
}
