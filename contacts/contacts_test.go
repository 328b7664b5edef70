package contacts

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"bob/model"
)

var now = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func read(t *testing.T, name string) []Contact {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cs, err := Read(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return cs
}

func TestReadAddressBooks(t *testing.T) {
	cases := []struct {
		file string
		want []Contact
	}{
		{"google.vcf", []Contact{
			{Name: "Dana Whitfield", Email: "dana@acme.example", Phone: "+1 555 0100", Org: "Acme Corp", Department: "Operations",
				Title: "VP Operations", Note: "Met at the kick-off, likes data; hates slides.\nSecond line."},
			{Name: "Priya Nair", Email: "priya.nair@acme.example", Org: "Acme Corp", Title: "Ops Manager"},
			{Name: "jsmith", NamedFromEmail: true, Email: "jsmith@acme.example"},
		}},
		{"apple.vcf", []Contact{
			{Name: "Lee Chen", Email: "lee.chen@acme.example", Phone: "+44 20 7946 0000", Org: "Acme Corp", Department: "Analytics",
				Title: "Analyst", ManagerName: "Priya Nair"},
		}},
		{"outlook.vcf", []Contact{
			{Name: "Jürgen Müller", Email: "juergen@acme.example", Phone: "+49 30 1234567", Org: "Acme Corp", Department: "Finance",
				Title: "CFO & Geschäftsführer", ManagerName: "Dana Whitfield", Note: "Budget owner for the renewal.\nWants a ROI summary before Q1."},
		}},
		{"android.vcf", []Contact{
			{Name: "Öla Åberg", Email: "ola@example.se", Phone: "+46 70 123 45 67", Org: "Acme Corp", Title: "Head of Support"},
			{Name: "Sam", Phone: "+46 8 555 000"},
		}},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			got := read(t, c.file)
			if len(got) != len(c.want) {
				t.Fatalf("%d cards, want %d: %+v", len(got), len(c.want), got)
			}
			for i, w := range c.want {
				g := got[i]
				g.Line, g.UID = 0, ""
				if g.Name != w.Name || g.Email != w.Email || g.Phone != w.Phone || g.Org != w.Org || g.Department != w.Department ||
					g.Title != w.Title || g.Note != w.Note || g.ManagerName != w.ManagerName || g.NamedFromEmail != w.NamedFromEmail {
					t.Errorf("card %d:\n got %+v\nwant %+v", i, g, w)
				}
			}
		})
	}
}

func TestReadRefusesBrokenFiles(t *testing.T) {
	cases := []struct {
		file, want string
		line       int
	}{
		{"cut.vcf", "no END:VCARD", 5},
		{"notvcard.vcf", "not a vCard file", 1},
	}
	for _, c := range cases {
		f, _ := os.Open("testdata/" + c.file)
		_, err := Read(f)
		f.Close()
		var se *SyntaxError
		if !errors.As(err, &se) || se.Line != c.line || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want line %d: %s", c.file, err, c.line, c.want)
		}
	}
	if _, err := Read(strings.NewReader("")); err == nil {
		t.Error("an empty file was read as an address book")
	}
}

func TestImportRefusesControlCharacters(t *testing.T) {
	cs := read(t, "control.vcf")
	acc := model.NewID()
	_, err := PlanImport(acc, nil, cs, now)
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("a name with an escape sequence was accepted: %v", err)
	}
}

func TestPlanImportMatches(t *testing.T) {
	acc := model.NewID()
	dana := model.Person{ID: model.NewID(), AccountID: acc, Name: "Dana Whitfield", Email: "DANA@acme.example", Title: "VP Operations"}
	priya := model.Person{ID: model.NewID(), AccountID: acc, Name: "priya nair", ReportsTo: dana.ID, Phone: "+1 1"}
	var cards []Contact
	cards = append(cards, read(t, "google.vcf")...)
	cards = append(cards, read(t, "apple.vcf")...)
	cards = append(cards, read(t, "outlook.vcf")...)
	plan, err := PlanImport(acc, []model.Person{dana, priya}, cards, now)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Step{}
	for _, s := range plan.Steps {
		got[s.Contact.Name] = s
	}
	if s := got["Dana Whitfield"]; s.Outcome != Changed || s.Person.ID != dana.ID || strings.Join(s.Fields, ",") != "department,phone,notes" {
		t.Errorf("Dana (matched by email): %+v", s)
	}
	if s := got["Priya Nair"]; s.Outcome != Changed || s.Person.ID != priya.ID || s.Person.Phone != "+1 1" || s.Person.ReportsTo != dana.ID {
		t.Errorf("Priya (matched by name, phone kept): %+v", s)
	}
	if s := got["jsmith"]; s.Outcome != New || s.Note == "" {
		t.Errorf("card without a name: %+v", s)
	}
	if s := got["Lee Chen"]; s.Outcome != New || s.Person.ReportsTo != priya.ID {
		t.Errorf("Lee should be new under Priya (Apple's manager): %+v", s)
	}
	if s := got["Jürgen Müller"]; s.Person.ReportsTo != dana.ID {
		t.Errorf("Jürgen should report to Dana (Outlook's manager): %+v", s)
	}
	if plan.Count(New) != 3 || len(plan.People()) != 5 {
		t.Errorf("new %d, to write %d", plan.Count(New), len(plan.People()))
	}
	// Importing the same again changes nothing.
	after := plan.People()
	again, err := PlanImport(acc, after, cards, now)
	if err != nil {
		t.Fatal(err)
	}
	if n := again.Count(Unchanged); n != len(cards) {
		for _, s := range again.Steps {
			t.Logf("%s: %s %v", s.Contact.Name, s.Outcome, s.Fields)
		}
		t.Errorf("second import: %d unchanged of %d", n, len(cards))
	}
}

func TestRoundTrip(t *testing.T) {
	acc := model.NewID()
	dana := model.Person{ID: model.NewID(), AccountID: acc, Name: "Dana Whitfield", Title: "VP Operations, EMEA", Email: "dana@acme.example",
		Department: "Ops; EMEA", Roles: []model.Role{model.RoleSponsor, model.RoleEconomicBuyer}, Notes: "Line one\nline two, with; marks, and a long tail so the line must fold: " + strings.Repeat("ünïcödé ", 12) + "end"}
	priya := model.Person{ID: model.NewID(), AccountID: acc, Name: "Priya Nair", ReportsTo: dana.ID, Phone: "+1 555 0101",
		DottedLine: []string{dana.ID}, Roles: []model.Role{model.RoleChampion}}
	lee := model.Person{ID: model.NewID(), AccountID: acc, Name: "Lee", ReportsTo: priya.ID}
	var buf bytes.Buffer
	if err := Write(&buf, "Acme; Corp", []model.Person{lee, priya, dana}); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{"VERSION:4.0", "FN:Dana Whitfield", "N:Whitfield;Dana;;;", `ORG:Acme\, Corp;Ops\, EMEA`, "TITLE:VP Operations\\, EMEA",
		"EMAIL;TYPE=work:dana@acme.example", "RELATED;TYPE=co-worker:urn:uuid:", "X-MS-MANAGER:Dana Whitfield"} {
		if !strings.Contains(out, want) {
			t.Errorf("export lacks %q:\n%s", want, out)
		}
	}
	for _, l := range strings.Split(out, "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
	}
	cards, err := Read(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Into an empty account: the tree comes back with the same IDs.
	plan, err := PlanImport(acc, nil, cards, now)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]model.Person{}
	for _, p := range plan.People() {
		byName[p.Name] = p
	}
	d, p, l := byName["Dana Whitfield"], byName["Priya Nair"], byName["Lee"]
	if d.ID != dana.ID || p.ReportsTo != dana.ID || l.ReportsTo != priya.ID || len(p.DottedLine) != 1 {
		t.Fatalf("tree not rebuilt: %+v", plan.People())
	}
	if d.Title != dana.Title || d.Department != "Ops, EMEA" || d.Notes != dana.Notes || len(d.Roles) != 2 || p.Phone != priya.Phone {
		t.Errorf("fields lost: %+v", d)
	}
	// Into the same account: nothing changes.
	same, err := PlanImport(acc, []model.Person{dana, priya, lee}, cards, now)
	if err != nil {
		t.Fatal(err)
	}
	if same.Count(Unchanged) != 2 {
		for _, s := range same.Steps {
			t.Logf("%s: %s %v", s.Contact.Name, s.Outcome, s.Fields)
		}
		t.Errorf("re-import into the same account changed people")
	}
}
