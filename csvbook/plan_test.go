package csvbook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bob/model"
	"bob/store"
)

func openBook(t testing.TB) (*store.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.db")
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	st, err := store.Open(path, &store.Options{Now: func() time.Time { now = now.Add(time.Second); return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func prepare(t *testing.T, st *store.Store, file string, opts Options) *Plan {
	t.Helper()
	p, err := Prepare(st, readFixture(t, file), opts)
	if err != nil {
		t.Fatalf("Prepare %s: %v", file, err)
	}
	return p
}

func importFile(t *testing.T, st *store.Store, file string, opts Options) *Plan {
	t.Helper()
	return importSkipping(t, st, file, opts, false)
}

func importSkipping(t *testing.T, st *store.Store, file string, opts Options, skipBad bool) *Plan {
	t.Helper()
	p := prepare(t, st, file, opts)
	if _, err := Apply(st, p, skipBad); err != nil {
		t.Fatalf("Apply %s: %v (bad: %+v)", file, err, p.Bad)
	}
	return p
}

func accountByName(t *testing.T, st *store.Store, name string) model.Account {
	t.Helper()
	a, err := st.FindAccount(name)
	if err != nil {
		t.Fatalf("find %q: %v", name, err)
	}
	return a
}

func TestSalesforceBookWithOrgChart(t *testing.T) {
	st, _ := openBook(t)
	p := importFile(t, st, "salesforce_accounts.csv", Options{Kind: Accounts})
	if got := p.Summary(); got != "4 new, 0 updated, 0 unchanged, 0 bad" {
		t.Errorf("accounts: %s", got)
	}
	acme := accountByName(t, st, "Acme Corporation")
	if acme.ARR != (model.Money{Minor: 120000000, Currency: "USD"}) || acme.Renewal != model.MustDate("2027-03-31") ||
		acme.ContractStart != model.MustDate("2024-01-15") || acme.Domain != "www.acme.example" || acme.Owner != "Dana Whitfield" ||
		acme.Segment != "Manufacturing" || acme.Custom["Type"] != "Customer - Direct" || acme.Custom["Account ID"] != "0015g00000XyZ1AAAQ" ||
		!strings.Contains(acme.CustomerContext, "\"platinum\" support\nSecond line") {
		t.Errorf("Acme as stored: %+v", acme)
	}
	if g := accountByName(t, st, "Globex"); g.Renewal != model.MustDate("2026-12-01") {
		t.Errorf("Globex renewal %v: the file's other dates say month first", g.Renewal)
	}
	if s := accountByName(t, st, "株式会社サンプル"); s.Name != "株式会社サンプル" {
		t.Errorf("name not kept byte for byte: %q", s.Name)
	}

	p = prepare(t, st, "salesforce_contacts.csv", Options{Kind: People})
	if got := p.Summary(); got != "6 new, 0 updated, 0 unchanged, 1 bad" {
		t.Errorf("contacts: %s", got)
	}
	if len(p.Bad) != 1 || p.Bad[0].Line != 8 || !strings.Contains(p.Bad[0].Reason, `account "Umbrella Corp" is not in the book`) {
		t.Errorf("bad rows: %+v", p.Bad)
	}
	if _, err := Apply(st, p, false); !errors.Is(err, ErrBadRows) {
		t.Fatalf("Apply with a bad row: %v, want ErrBadRows", err)
	}
	if _, err := Apply(st, p, true); err != nil {
		t.Fatal(err)
	}
	people, _ := st.People(acme.ID)
	byName := map[string]model.Person{}
	for _, x := range people {
		byName[x.Name] = x
	}
	maria, ken, priya, lars := byName["Maria Gonzalez"], byName["Ken Tanaka"], byName["Priya Natarajan"], byName["Lars Øberg"]
	if maria.ReportsTo != "" || ken.ReportsTo != maria.ID || priya.ReportsTo != ken.ID || lars.ReportsTo != maria.ID {
		t.Errorf("org chart: %+v", people)
	}
	if ken.Title != "VP Operations" || ken.Email != "ken.tanaka@acme.example" || ken.Custom["Lead Source"] != "Partner" {
		t.Errorf("Ken as stored: %+v", ken)
	}
	if s := accountByName(t, st, "株式会社サンプル"); true {
		ps, _ := st.People(s.ID)
		if len(ps) != 1 || ps[0].Name != "太郎 山田" {
			t.Errorf("sample people: %+v", ps)
		}
	}
}

func TestPlatformShapes(t *testing.T) {
	tests := []struct {
		file    string
		opts    Options
		summary string
		account string
		arr     model.Money
		renewal string
	}{
		{"hubspot_companies.csv", Options{Kind: Accounts, Currency: "USD"}, "3 new, 0 updated, 0 unchanged, 0 bad", "Pied Piper", model.Money{Minor: 12000000, Currency: "USD"}, ""},
		{"gainsight_companies.csv", Options{Kind: Accounts}, "3 new, 0 updated, 0 unchanged, 0 bad", "Stark Industries", model.Money{Minor: 320000000, Currency: "USD"}, "2027-01-31"},
		{"european_semicolon.csv", Options{Kind: Accounts}, "3 new, 0 updated, 0 unchanged, 0 bad", "Müller & Söhne GmbH", model.Money{Minor: 12000000, Currency: "EUR"}, "2027-03-31"},
		{"french_accounts.csv", Options{Kind: Accounts}, "2 new, 0 updated, 0 unchanged, 0 bad", "Atelier Rousseau", model.Money{Minor: 1250000, Currency: "EUR"}, "2027-04-05"},
		{"excel_unicode.txt", Options{Kind: Accounts}, "2 new, 0 updated, 0 unchanged, 0 bad", "Łódź Logistics", model.Money{Minor: 9900000, Currency: "PLN"}, "2027-08-15"},
		{"excel_unicode_be.txt", Options{Kind: Accounts}, "2 new, 0 updated, 0 unchanged, 0 bad", "Nordwind AB", model.Money{Minor: 25000000, Currency: "SEK"}, "2027-05-31"},
		{"money_shapes.csv", Options{Kind: Accounts, Currency: "GBP"}, "5 new, 0 updated, 0 unchanged, 0 bad", "Spaced SARL", model.Money{Minor: 120000000, Currency: "EUR"}, ""},
		{"quoted_fields.csv", Options{Kind: Accounts, Currency: "USD"}, "1 new, 0 updated, 0 unchanged, 1 bad", `Quote "Inc"`, model.Money{Minor: 10000, Currency: "USD"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			st, _ := openBook(t)
			p := importSkipping(t, st, tt.file, tt.opts, true)
			if got := p.Summary(); got != tt.summary {
				t.Errorf("summary %q, want %q", got, tt.summary)
			}
			a := accountByName(t, st, tt.account)
			if a.ARR != tt.arr || a.Renewal.String() != tt.renewal {
				t.Errorf("%s: ARR %v renewal %v; want %v %s", a.Name, a.ARR, a.Renewal, tt.arr, tt.renewal)
			}
		})
	}
}

func TestEuropeanExportDetails(t *testing.T) {
	st, _ := openBook(t)
	importFile(t, st, "european_semicolon.csv", Options{Kind: Accounts})
	m := accountByName(t, st, "Müller & Söhne GmbH")
	if m.ContractStart != model.MustDate("2024-04-01") || m.Owner != "Jana Schmidt" || m.Domain != "mueller-soehne.example" ||
		m.Custom["Notizen intern"] != `Zahlt pünktlich; Einkauf "schwierig"` || m.Segment != "Maschinenbau" {
		t.Errorf("Müller as stored: %+v", m)
	}
	if b := accountByName(t, st, "Brasserie Lumière SARL"); b.ARR != (model.Money{Minor: 120000000, Currency: "EUR"}) {
		t.Errorf("Brasserie ARR %v", b.ARR)
	}
}

func TestHubSpotKeepsWhatItCannotMap(t *testing.T) {
	st, _ := openBook(t)
	p := importFile(t, st, "hubspot_companies.csv", Options{Kind: Accounts, Currency: "USD"})
	h := accountByName(t, st, "Hooli")
	if h.Stage != "" || h.Custom["Lifecycle Stage"] != "customer" || h.Custom["Create Date"] != "2024-02-01 09:12" || h.Custom["Record ID"] != "5123401" {
		t.Errorf("Hooli: %+v", h)
	}
	if pp := accountByName(t, st, "Pied Piper"); pp.Stage != model.StageAdoption {
		t.Errorf("Pied Piper stage %q", pp.Stage)
	}
	if !strings.Contains(strings.Join(p.Warnings, "\n"), `Lifecycle Stage "customer" is not a bob lifecycle stage`) {
		t.Errorf("warnings: %q", p.Warnings)
	}
	p = importFile(t, st, "hubspot_contacts.csv", Options{Kind: People})
	if got := p.Summary(); got != "3 new, 0 updated, 0 unchanged, 0 bad" {
		t.Errorf("contacts: %s", got)
	}
}

func TestAmbiguousDatesAreAskedFor(t *testing.T) {
	st, _ := openBook(t)
	p := prepare(t, st, "ambiguous_dates.csv", Options{Kind: Accounts, Currency: "USD"})
	if p.AmbiguousDate != "03/04/2027" {
		t.Fatalf("AmbiguousDate = %q", p.AmbiguousDate)
	}
	var amb *AmbiguousDateError
	if _, err := Apply(st, p, true); !errors.As(err, &amb) {
		t.Fatalf("Apply: %v, want an ambiguous-date error", err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatalf("%d accounts written", n)
	}
	importFile(t, st, "ambiguous_dates.csv", Options{Kind: Accounts, Currency: "USD", DateOrder: DMY})
	if a := accountByName(t, st, "Alpha Ltd"); a.Renewal != model.MustDate("2027-04-03") {
		t.Errorf("renewal %v", a.Renewal)
	}
}

func TestBadRowsAndSkipBad(t *testing.T) {
	st, _ := openBook(t)
	p := prepare(t, st, "bad_rows.csv", Options{Kind: Accounts, Currency: "USD"})
	want := map[int]string{3: "not an amount", 4: "no account name", 5: "not a date", 6: "control character"}
	if len(p.Bad) != len(want) {
		t.Fatalf("bad rows: %+v", p.Bad)
	}
	for _, b := range p.Bad {
		if !strings.Contains(b.Reason, want[b.Line]) {
			t.Errorf("line %d: %q, want %q", b.Line, b.Reason, want[b.Line])
		}
	}
	var buf bytes.Buffer
	if err := WriteBad(&buf, p); err != nil {
		t.Fatal(err)
	}
	again, err := Read(&buf)
	if err != nil || len(again.Rows) != 4 || again.Rows[0].Fields[0] != "Bad Amount" {
		t.Fatalf("the bad-rows file reads back as %+v, %v", again, err)
	}
	res, err := Apply(st, p, true)
	if err != nil || res.Created != 2 || res.Skipped != 4 || res.Backup == "" {
		t.Fatalf("Apply skip-bad: %+v, %v", res, err)
	}
}

func TestCycleIsBrokenWithAWarning(t *testing.T) {
	st, _ := openBook(t)
	importFile(t, st, "salesforce_accounts.csv", Options{Kind: Accounts})
	p := importFile(t, st, "cycle_contacts.csv", Options{Kind: People})
	warn := strings.Join(p.Warnings, "\n")
	if !strings.Contains(warn, "loop through Ann Able, Bob Best, Cid Cole") && !strings.Contains(warn, "loop through") {
		t.Errorf("warnings: %q", p.Warnings)
	}
	for _, name := range []string{"Ann Able", "Bob Best", "Cid Cole"} {
		if !strings.Contains(warn, name) {
			t.Errorf("the warning does not name %s: %q", name, warn)
		}
	}
	acme := accountByName(t, st, "Acme Corporation")
	people, _ := st.People(acme.ID)
	if model.ReportsToCycle(people) != nil {
		t.Errorf("a loop was stored: %+v", people)
	}
	empty := 0
	for _, x := range people {
		if x.ReportsTo == "" {
			empty++
		}
	}
	if empty != 1 {
		t.Errorf("%d people without a manager, want 1 (the loop broken once)", empty)
	}
}

func TestUpdateMatching(t *testing.T) {
	st, _ := openBook(t)
	importFile(t, st, "salesforce_accounts.csv", Options{Kind: Accounts})
	importSkipping(t, st, "salesforce_contacts.csv", Options{Kind: People}, true)
	// Without --update, a row that is already in the book is bad.
	p := prepare(t, st, "salesforce_accounts.csv", Options{Kind: Accounts})
	if _, _, _, bad := p.Counts(); bad != 4 || !strings.Contains(p.Bad[0].Reason, "--update") {
		t.Errorf("without update: %s %+v", p.Summary(), p.Bad)
	}
	csv := "Company name,Website,ARR,Currency\n" +
		"ACME CORPORATION,,1300000,USD\n" + // by name, any case
		"Whatever Name,https://globex.example/contact,450000,USD\n" + // by domain
		"Initech GmbH,,85500.50,USD\n" // unchanged
	tbl, err := Read(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	p, err = Prepare(st, tbl, Options{Kind: Accounts, Update: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Summary(); got != "0 new, 2 updated, 1 unchanged, 0 bad" {
		t.Errorf("update: %s %+v", got, p.Bad)
	}
	// People by email, then by name within the account.
	csv = "Account,Email,Name,Title\n" +
		"Acme Corporation,KEN.TANAKA@acme.example,Kenji Tanaka,SVP Operations\n" +
		"Acme Corporation,,Priya Natarajan,Operations Analyst\n" +
		"Acme Corporation,new@acme.example,New Person,\n"
	tbl, _ = Read(strings.NewReader(csv))
	p, err = Prepare(st, tbl, Options{Kind: People, Update: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Summary(); got != "1 new, 1 updated, 1 unchanged, 0 bad" {
		t.Errorf("people update: %s %+v", got, p.Bad)
	}
}

func TestRoundTripChangesNothing(t *testing.T) {
	st, path := openBook(t)
	importFile(t, st, "salesforce_accounts.csv", Options{Kind: Accounts})
	importFile(t, st, "european_semicolon.csv", Options{Kind: Accounts})
	importSkipping(t, st, "quoted_fields.csv", Options{Kind: Accounts, Currency: "USD"}, true)
	p := prepare(t, st, "salesforce_contacts.csv", Options{Kind: People})
	if _, err := Apply(st, p, true); err != nil {
		t.Fatal(err)
	}
	importFile(t, st, "cycle_contacts.csv", Options{Kind: People})
	before, _ := os.ReadFile(path)
	for _, k := range []Kind{Accounts, People} {
		var out bytes.Buffer
		if err := Export(&out, st, k); err != nil {
			t.Fatal(err)
		}
		tbl, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Prepare(st, tbl, Options{Kind: k, Update: true})
		if err != nil {
			t.Fatal(err)
		}
		_, updated, unchanged, bad := p.Counts()
		if updated != 0 || bad != 0 || unchanged != len(tbl.Rows) || len(p.Warnings) != 0 {
			t.Errorf("%s round trip: %s; bad %+v; warnings %q; updates %+v", k, p.Summary(), p.Bad, p.Warnings, changed(p))
		}
		if res, err := Apply(st, p, false); err != nil || res.Backup != "" {
			t.Errorf("%s: Apply %+v, %v: nothing should be written", k, res, err)
		}
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the round trip changed the book's file")
	}
}

func changed(p *Plan) []string {
	var out []string
	for _, r := range p.Accounts {
		if r.Action == ActionUpdate {
			out = append(out, r.Account.Name)
		}
	}
	for _, r := range p.People {
		if r.Action == ActionUpdate {
			out = append(out, r.Person.Name)
		}
	}
	return out
}

// failingWriter lets the store write part of an import and then fail.
type failAfter struct {
	*store.Store
}

func TestFailureLeavesTheBookByteIdentical(t *testing.T) {
	st, path := openBook(t)
	importFile(t, st, "salesforce_accounts.csv", Options{Kind: Accounts})
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	p := prepare(t, st, "european_semicolon.csv", Options{Kind: Accounts})
	// Spoil the last account after planning, as a concurrent change or a
	// bug would: the store refuses it in the middle of the transaction,
	// after the first accounts were written.
	p.Accounts[len(p.Accounts)-1].Account.Name = "Broken\x1b[2J"
	p.Accounts[len(p.Accounts)-1].Account.ARR.Currency = "euro"
	if _, err := Apply(st, p, false); err == nil {
		t.Fatal("Apply of a spoiled plan succeeded")
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("a failed import changed the book's file")
	}
	if n, _ := st.Count(); n != 4 {
		t.Errorf("%d accounts, want the 4 from before", n)
	}
}
