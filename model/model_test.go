package model

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

func TestDate(t *testing.T) {
	d, err := ParseDate("2027-02-20")
	if err != nil {
		t.Fatal(err)
	}
	if got := d.DaysFrom(now); got != 89 {
		t.Errorf("DaysFrom = %d, want 89", got)
	}
	if got := MustDate("2026-11-20").DaysFrom(now); got != -3 {
		t.Errorf("past DaysFrom = %d, want -3", got)
	}
	if _, err := ParseDate("20/02/2027"); err == nil || !strings.Contains(err.Error(), "YYYY-MM-DD") {
		t.Errorf("bad date: err = %v", err)
	}
	raw, _ := json.Marshal(struct {
		D Date `json:"d,omitzero"`
		E Date `json:"e"`
	}{E: d})
	if string(raw) != `{"e":"2027-02-20"}` {
		t.Errorf("json = %s", raw)
	}
	var back struct{ E Date }
	if err := json.Unmarshal([]byte(`{"E":"2027-02-20"}`), &back); err != nil || back.E != d {
		t.Errorf("unmarshal = %v, %v", back.E, err)
	}
}

func TestMoney(t *testing.T) {
	cases := []struct {
		in   string
		want Money
		str  string
	}{
		{"120000", Money{12_000_000, "USD"}, "USD 120,000"},
		{"120k", Money{12_000_000, "USD"}, "USD 120,000"},
		{"EUR 1.5M", Money{150_000_000, "EUR"}, "EUR 1,500,000"},
		{"1,234.56", Money{123_456, "USD"}, "USD 1,234.56"},
	}
	for _, c := range cases {
		got, err := ParseMoney(c.in, "USD")
		if err != nil || got != c.want || got.String() != c.str {
			t.Errorf("ParseMoney(%q) = %+v %q, %v; want %+v %q", c.in, got, got.String(), err, c.want, c.str)
		}
	}
	for _, bad := range []string{"lots", "-5", "12x"} {
		if _, err := ParseMoney(bad, "USD"); err == nil {
			t.Errorf("ParseMoney(%q) accepted", bad)
		}
	}
	for _, c := range []struct {
		minor int64
		want  string
	}{
		{250_000_000, "2.5M"}, {1_450_000, "14.5k"}, {1_400_000, "14k"}, {1_499_900, "14.9k"},
		{12_000_000, "120k"}, {12_560_000, "125k"}, {99_900, "999"}, {100_000, "1k"},
	} {
		if s := (Money{Minor: c.minor}).Short(); s != c.want {
			t.Errorf("Short(%d) = %q, want %q", c.minor, s, c.want)
		}
	}
}

func TestShortNamedInABookOfSeveralCurrencies(t *testing.T) {
	usd := AccountSummary{ARR: Money{Minor: 1_450_000, Currency: "USD"}}
	eur := AccountSummary{ARR: Money{Minor: 1_200_000, Currency: "EUR"}}
	none := AccountSummary{}
	if SeveralCurrencies([]AccountSummary{usd, usd, none}) || SeveralCurrencies(nil) {
		t.Error("one currency counts as several")
	}
	if !SeveralCurrencies([]AccountSummary{none, usd, eur}) {
		t.Error("USD and EUR do not count as several")
	}
	if got := usd.ARR.ShortNamed(true); got != "USD 14.5k" {
		t.Errorf("ShortNamed(true) = %q", got)
	}
	if got := usd.ARR.ShortNamed(false); got != "14.5k" {
		t.Errorf("ShortNamed(false) = %q", got)
	}
}

func TestAccountValidateNamesFields(t *testing.T) {
	a := Account{ID: "nope", Health: "purple", FiscalYearStart: 13, ARR: Money{Minor: 100, Currency: "dollars"},
		ContractStart: MustDate("2026-01-01"), Renewal: MustDate("2025-01-01"), Tags: []string{"two words"}}
	err := a.Validate()
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("err = %v", err)
	}
	for _, f := range []string{"id", "name", "health", "fiscal_year_start", "arr", "renewal", "tags"} {
		if ve.For(f) == "" {
			t.Errorf("no problem reported for %s (got %v)", f, err)
		}
	}
	ok := Account{ID: NewID(), Name: "Acme"}
	if err := ok.Validate(); err != nil {
		t.Errorf("minimal account: %v", err)
	}
}

func record() AccountRecord {
	acc := NewID()
	a, b := NewID(), NewID()
	return AccountRecord{
		Account: Account{ID: acc, Name: "Acme"},
		People: []Person{
			{ID: a, AccountID: acc, Name: "A", Roles: []Role{RoleSponsor}},
			{ID: b, AccountID: acc, Name: "B", ReportsTo: a, Roles: []Role{RoleChampion}},
		},
		Edges:    []InfluenceEdge{{ID: NewID(), AccountID: acc, From: b, To: a}},
		Timeline: []TimelineEntry{{ID: NewID(), AccountID: acc, When: now, Kind: KindCall, Title: "call", People: []string{a}}},
	}
}

func TestRecordValidate(t *testing.T) {
	if err := record().Validate(); err != nil {
		t.Fatalf("good record: %v", err)
	}
	cases := map[string]struct {
		mutate func(r *AccountRecord)
		want   string
	}{
		"person of another account":  {func(r *AccountRecord) { r.People[0].AccountID = NewID() }, "belongs to account"},
		"manager not in the account": {func(r *AccountRecord) { r.People[1].ReportsTo = NewID() }, "reports to"},
		"cycle":                      {func(r *AccountRecord) { r.People[0].ReportsTo = r.People[1].ID }, "cycle"},
		"edge to nobody":             {func(r *AccountRecord) { r.Edges[0].To = NewID() }, "points at"},
		"entry links nobody":         {func(r *AccountRecord) { r.Timeline[0].People = []string{NewID()} }, "links"},
		"duplicate id":               {func(r *AccountRecord) { r.Edges[0].ID = r.People[0].ID }, "used twice"},
		"invalid entry":              {func(r *AccountRecord) { r.Timeline[0].Kind = "gossip" }, "kind"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			r := record()
			c.mutate(&r)
			err := r.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to mention %q", err, c.want)
			}
		})
	}
}

func TestCanonicalizeIsStable(t *testing.T) {
	r := record()
	r.Timeline = append(r.Timeline, TimelineEntry{ID: NewID(), AccountID: r.Account.ID, When: now.Add(-time.Hour), Kind: KindNote, Title: "earlier"})
	r.People[0], r.People[1] = r.People[1], r.People[0]
	r.Canonicalize()
	first, _ := json.Marshal(r)
	r.People[0], r.People[1] = r.People[1], r.People[0]
	r.Canonicalize()
	second, _ := json.Marshal(r)
	if string(first) != string(second) {
		t.Fatal("canonical order depends on input order")
	}
	if r.Timeline[0].Title != "earlier" {
		t.Fatal("timeline not in time order")
	}
	var empty AccountRecord
	empty.Canonicalize()
	if raw, _ := json.Marshal(empty); strings.Contains(string(raw), "null") {
		t.Fatalf("empty lists encode as null: %s", raw)
	}
}

// Canonical orders a record as Canonicalize does, but sorts a list out of
// order in a copy and shares one in order: the record given, whose lists
// others may hold, is left as it was.
func TestCanonicalLeavesTheListsGiven(t *testing.T) {
	r := record()
	r.Timeline = append(r.Timeline, TimelineEntry{ID: NewID(), AccountID: r.Account.ID, When: now.Add(-time.Hour), Kind: KindNote, Title: "earlier"})
	r.People[0], r.People[1] = r.People[1], r.People[0]
	before, _ := json.Marshal(r)

	got := r.Canonical()
	want := r
	want.People, want.Timeline = slices.Clone(r.People), slices.Clone(r.Timeline)
	want.Canonicalize()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("Canonical differs from Canonicalize:\n got %s\nwant %s", g, w)
	}
	if after, _ := json.Marshal(r); string(after) != string(before) {
		t.Errorf("Canonical changed the record given:\n got %s\nwant %s", after, before)
	}
	if &got.People[0] == &r.People[0] || &got.Timeline[0] == &r.Timeline[0] {
		t.Error("a list out of order was sorted where it was")
	}
	// In order already: shared, not copied.
	again := got.Canonical()
	if &again.People[0] != &got.People[0] || &again.Timeline[0] != &got.Timeline[0] {
		t.Error("a list in order was copied")
	}
	var empty AccountRecord
	if raw, _ := json.Marshal(empty.Canonical()); strings.Contains(string(raw), "null") {
		t.Fatalf("empty lists encode as null: %s", raw)
	}
}

func TestSummarize(t *testing.T) {
	r := record()
	r.Timeline = append(r.Timeline, TimelineEntry{ID: NewID(), AccountID: r.Account.ID, When: now.Add(time.Hour), Kind: KindNote, Internal: true, Title: "internal"})
	r.Checklists = []Checklist{{Steps: []Step{{State: StepDone}, {State: StepOpen}, {}}}}
	r.Plans = []SuccessPlan{{Tasks: []Task{{State: StepSkipped}, {}}}}
	r.Risks = []Risk{{Status: RiskOpen}, {Status: RiskClosed}}
	r.Handoffs = []Handoff{{ID: "1", When: now, Status: HandoffPreparing}, {ID: "2", When: now.Add(time.Hour), Status: HandoffSent, To: "Kim"}}
	s := Summarize(r)
	if !s.LastTouch.Equal(now) {
		t.Errorf("LastTouch = %v, want the external call, not the newer internal note", s.LastTouch)
	}
	if s.OpenTasks != 3 || s.OpenRisks != 1 || !s.HandedOff() || s.HandoffTo != "Kim" {
		t.Errorf("summary = %+v", s)
	}
	if d := s.DaysSinceTouch(now.Add(72 * time.Hour)); d != 3 {
		t.Errorf("DaysSinceTouch = %d", d)
	}
}

func TestFlags(t *testing.T) {
	r := record()
	r.Account.Health = HealthRed
	r.Account.Renewal = DateOf(now).AddDays(20)
	r.People[1].Roles = nil // no champion
	r.Risks = []Risk{{Title: "budget", Severity: SeverityCritical}}
	var texts []string
	for _, f := range Flags(r, now) {
		texts = append(texts, f.Text)
	}
	joined := strings.Join(texts, " | ")
	for _, want := range []string{"health is red", "renews in 20 days", "risk: budget", "no active champion"} {
		if !strings.Contains(joined, want) {
			t.Errorf("flags %q lack %q", joined, want)
		}
	}
	if strings.Contains(joined, "no active executive sponsor") {
		t.Errorf("sponsor flagged though present: %q", joined)
	}
	if fs := Flags(r, now); fs[0].Severity != SeverityCritical || fs[len(fs)-1].Severity != SeverityMedium {
		t.Errorf("flags not worst first: %+v", fs)
	}
}

func TestBarrier(t *testing.T) {
	ps := []Person{{ADKAR: ADKARAbility}, {ADKAR: ADKARDesire}, {ADKAR: ADKARAwareness, Status: PersonLeft}, {}}
	if b := Barrier(ps); b != ADKARDesire {
		t.Errorf("Barrier = %q, want desire (people who left do not count)", b)
	}
	if b := Barrier(nil); b != ADKARUnknown {
		t.Errorf("Barrier(nil) = %q", b)
	}
}

func TestMetricProgress(t *testing.T) {
	cases := []struct {
		m    Metric
		want float64
	}{
		{Metric{Baseline: 10, Target: 20, Current: 15}, 0.5},
		{Metric{Baseline: 100, Target: 50, Current: 75}, 0.5}, // lower is better
		{Metric{Baseline: 0, Target: 10, Current: 12}, 1},
		{Metric{Baseline: 5, Target: 5, Current: 5}, 1},
	}
	for _, c := range cases {
		if got := c.m.Progress(); got != c.want {
			t.Errorf("%+v.Progress() = %v, want %v", c.m, got, c.want)
		}
	}
}

func TestOpenRisksWorstFirst(t *testing.T) {
	rs := []Risk{
		{ID: "a", Severity: SeverityLow},
		{ID: "b", Severity: SeverityCritical},
		{ID: "c", Severity: SeverityHigh, Status: RiskClosed},
		{ID: "d", Severity: SeverityMedium, Status: RiskOpen},
		{ID: "e", Severity: SeverityCritical},
		{ID: "f", Severity: SeverityHigh, Status: RiskMitigated},
	}
	var got []string
	for _, r := range OpenRisks(rs) {
		got = append(got, r.ID)
	}
	if strings.Join(got, " ") != "b e d a" {
		t.Fatalf("OpenRisks = %v, want b e d a (open only, worst first, ties in order)", got)
	}
}

func TestPersonRoleNames(t *testing.T) {
	p := Person{Roles: []Role{RoleChampion, RoleEndUser}}
	if got := p.RoleNames(); len(got) != 2 || got[0] != "champion" || got[1] != "end user" {
		t.Fatalf("RoleNames = %q", got)
	}
	// No roles is an empty list, not nil: bob people --json prints [].
	if got := (Person{}).RoleNames(); got == nil || len(got) != 0 {
		t.Fatalf("RoleNames of no roles = %#v, want an empty list", got)
	}
}
