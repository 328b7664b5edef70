package handoff

import (
	"flag"
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
	var entries []model.TimelineEntry
	for i := 0; i < 20; i++ {
		entries = append(entries, model.TimelineEntry{ID: id(200 + i), AccountID: acc, When: daysAgo(100 - i), Kind: model.KindCall, Title: "call"})
	}
	entries = append(entries,
		model.TimelineEntry{ID: id(300), AccountID: acc, When: daysAgo(400), Kind: model.KindMilestone, Title: "old milestone"},
		model.TimelineEntry{ID: id(301), AccountID: acc, When: daysAgo(1), Kind: model.KindNote, Internal: true, Title: "internal note"},
		model.TimelineEntry{ID: id(302), AccountID: acc, When: daysAgo(300), Kind: model.KindEscalation, Internal: true, Title: "internal escalation"},
	)
	got := highlights(entries)
	if len(got) != highlightsExternal+2 {
		t.Fatalf("%d highlights, want %d", len(got), highlightsExternal+2)
	}
	if got[0].ID != id(219) || got[len(got)-1].ID != id(300) {
		t.Errorf("highlights not newest first: first %s, last %s", got[0].ID, got[len(got)-1].ID)
	}
	for _, e := range got {
		if e.Title == "internal note" {
			t.Error("an internal note is a highlight")
		}
	}
}
