package cli

import (
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"bob/model"
	"bob/store"
)

func TestHandoffsListAndRemove(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	fillDemoBook(t, db, 2)
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	sums, _ := st.Summaries()
	acc := sums[0]
	demo, _ := st.Handoffs(acc.ID)
	when := time.Date(2026, 11, 2, 10, 0, 0, 0, time.UTC)
	old, err := st.PutHandoff(model.Handoff{AccountID: acc.ID, From: "Ana", To: "Sam", Status: model.HandoffPreparing, When: when, Note: "first"})
	if err != nil {
		t.Fatal(err)
	}
	sent, err := st.PutHandoff(model.Handoff{AccountID: acc.ID, From: "Ana", To: "Sam", Status: model.HandoffSent, When: when.AddDate(0, 0, 3), Note: "bundle out"})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, _, err := bob(t, "", "handoffs", acc.ID, "--db", db)
	if err != nil || strings.ContainsRune(out, '\u009b') || !strings.Contains(out, "bundle out") {
		t.Fatalf("bob handoffs: %v\n%q", err, out)
	}
	if i, j := strings.Index(out, sent.ID), strings.Index(out, old.ID); i < 0 || j < 0 || i > j {
		t.Errorf("not newest first:\n%s", out)
	}
	out, _, err = bob(t, "", "handoffs", acc.ID, "--json", "--db", db)
	var got []handoffJSON
	if err != nil || json.Unmarshal([]byte(out), &got) != nil || len(got) != len(demo)+2 || got[0].ID != sent.ID || got[1].Note != "first" {
		t.Fatalf("bob handoffs --json: %v\n%s", err, out)
	}

	before := fileHash(t, db)
	bad := []struct {
		name string
		args []string
		want string
	}{
		{"unknown account", []string{"handoffs", "no such account"}, ""},
		{"unknown record", []string{"handoffs", "remove", "nope", "--yes"}, "no handoff record nope in this book"},
		{"no id", []string{"handoffs", "remove"}, "name the record"},
		{"no --yes off a terminal", []string{"handoffs", "remove", sent.ID}, "--yes"},
	}
	for _, c := range bad {
		_, _, err := bob(t, "", append(c.args, "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v", c.name, err)
		}
		if fileHash(t, db) != before {
			t.Fatalf("%s changed the book", c.name)
		}
	}
	fakeTerminal(t)
	if _, _, err := bob(t, "n\n", "handoffs", "remove", sent.ID, "--db", db); err == nil || !strings.Contains(err.Error(), "not removed") {
		t.Errorf("answering no: %v", err)
	}
	if fileHash(t, db) != before {
		t.Fatal("a refused remove changed the book")
	}

	out, _, err = bob(t, "y\n", "handoffs", "remove", sent.ID, "--db", db)
	if err != nil || !strings.Contains(out, "to the trash") || strings.ContainsRune(out, '\u009b') {
		t.Fatalf("remove: %v\n%q", err, out)
	}
	if out, _, _ := bob(t, "", "trash", "--db", db); !strings.Contains(out, "handoff") {
		t.Errorf("the record is not in the trash:\n%s", out)
	}
	st, err = store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if hs, _ := st.Handoffs(acc.ID); len(hs) != len(demo)+1 || slices.ContainsFunc(hs, func(h model.Handoff) bool { return h.ID == sent.ID }) {
		t.Errorf("left after remove: %+v", hs)
	}
	if s, _, _ := st.Summary(acc.ID); s.Handoff != model.HandoffPreparing {
		t.Errorf("the list column shows %q, want %q", s.Handoff, model.HandoffPreparing)
	}
}
