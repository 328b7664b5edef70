package handoff

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from %s (run go test -update if the change is intended):\n%s", name, path, lineDiff(string(want), string(got)))
	}
}

// lineDiff shows the first lines that differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var out []string
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			out = append(out, "want: "+a, " got: "+b)
			if len(out) >= 10 {
				break
			}
		}
	}
	return strings.Join(out, "\n")
}

func TestBriefGolden(t *testing.T) {
	files := map[string][]byte{}
	for _, f := range unzip(t, mustWrite(t, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})) {
		files[f.name] = f.data
	}
	for _, name := range []string{"brief/README.md", "brief/acme-corp.md", "brief/globex.md"} {
		golden(t, name+".golden", files[name])
	}
	for _, f := range unzip(t, mustWrite(t, testBundle(), WriteOptions{Encryption: Encryption{None: true}, Redact: true})) {
		if strings.HasPrefix(f.name, BriefDir) {
			golden(t, "brief-redacted/"+strings.TrimPrefix(f.name, BriefDir)+".golden", f.data)
		}
	}
}

func TestBriefSlugs(t *testing.T) {
	rec := func(n int, name string) model.AccountRecord {
		return model.AccountRecord{Account: model.Account{ID: id(n), Name: name}}
	}
	got := briefSlugs([]model.AccountRecord{
		rec(1, "Acme Corp"), rec(2, "ACME corp!"), rec(3, "Ünïcødé 株式会社"), rec(4, "株式会社"), rec(5, "README"), rec(6, "../../etc"),
	})
	want := []string{"acme-corp", "acme-corp-000002", "n-c-d", "account-01hz0000000000000000000004", "readme-000005", "etc"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("briefSlugs = %v\nwant %v", got, want)
	}
}

func TestHighlights(t *testing.T) {
	acc := id(1)
	call := func(n, ago int) model.TimelineEntry {
		return model.TimelineEntry{ID: id(n), AccountID: acc, When: daysAgo(ago), Kind: model.KindCall, Title: "call"}
	}
	risk := func(n, ago int, title string) model.TimelineEntry {
		return model.TimelineEntry{ID: id(n), AccountID: acc, When: daysAgo(ago), Kind: model.KindRisk, Internal: true, Title: title}
	}
	esc := func(n, ago int, status model.EscalationStatus) model.TimelineEntry {
		return model.TimelineEntry{ID: id(n), AccountID: acc, When: daysAgo(ago), Kind: model.KindEscalation, Title: "P1 outage", Status: status}
	}
	var calls []model.TimelineEntry
	for i := 0; i < 20; i++ {
		calls = append(calls, call(200+i, 100-i))
	}
	ids := func(es []model.TimelineEntry) []string {
		var out []string
		for _, e := range es {
			out = append(out, e.ID[len(e.ID)-3:])
		}
		return out
	}
	tests := []struct {
		name     string
		timeline []model.TimelineEntry
		risks    []model.Risk
		want     []string
	}{
		{"at most 10, the latest touches", calls, nil,
			[]string{"219", "218", "217", "216", "215", "214", "213", "212", "211", "210"}},
		{"one risk logged four times is one line, the latest",
			[]model.TimelineEntry{risk(300, 50, "Budget cut"), risk(301, 40, "Budget cut"), risk(302, 30, "budget  cut"), risk(303, 20, "Budget cut"), call(200, 10)},
			nil, []string{"200", "303"}},
		{"a closed risk is no highlight",
			[]model.TimelineEntry{risk(300, 50, "Budget cut"), call(200, 10)},
			[]model.Risk{{ID: id(9), AccountID: acc, Title: "Budget cut", Severity: model.SeverityHigh, Status: model.RiskClosed}},
			[]string{"200"}},
		{"open escalations come before touches, a resolved one only as a touch",
			append(append([]model.TimelineEntry(nil), calls...), esc(400, 200, model.EscalationOpen), esc(401, 300, model.EscalationResolved)),
			nil, []string{"219", "218", "217", "216", "215", "214", "213", "212", "211", "400"}},
		{"internal notes are no highlights",
			[]model.TimelineEntry{{ID: id(500), AccountID: acc, When: daysAgo(1), Kind: model.KindNote, Internal: true, Title: "internal"}, call(200, 10)},
			nil, []string{"200"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ids(highlights(model.AccountRecord{Timeline: tt.timeline, Risks: tt.risks}, now))
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("highlights = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTotalARRNeverWraps(t *testing.T) {
	recs := []model.AccountRecord{
		{Account: model.Account{ARR: model.Money{Minor: math.MaxInt64, Currency: "USD"}}},
		{Account: model.Account{ARR: model.Money{Minor: math.MaxInt64, Currency: "USD"}}},
		{Account: model.Account{ARR: model.Money{Minor: 100, Currency: "EUR"}}},
	}
	got := totalARR(recs)
	if strings.Contains(got, "-") || !strings.Contains(got, "more than USD") || !strings.Contains(got, "EUR 1") {
		t.Errorf("totalARR = %q", got)
	}
}

// TestInlineIsFieldsJoined: inline's shortcut for text already on one
// line gives what joining its fields gives, for every kind of space.
func TestInlineIsFieldsJoined(t *testing.T) {
	for _, s := range []string{"", " ", "a", "a b", "a  b", " a", "a ", "a\tb", "a\nb", "a\u00a0b", "a\u0085b", "a\u2003b",
		"é b", "a \xff b", "\xff", "a\u200bb", "a b c", "a b  c", "a\r", "\u3000"} {
		if got, want := inline(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("inline(%q) = %q, want %q", s, got, want)
		}
	}
}
