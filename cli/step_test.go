package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
	"bob/store"
)

// stepBook makes a book with three accounts: two with renewal dates (one
// tagged emea) and one without.
func stepBook(t *testing.T) (db string) {
	t.Helper()
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("BOB_AUTHOR", "Sam Rivera")
	db = filepath.Join(dir, "book.db")
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []model.Account{
		{Name: "Acme", Renewal: model.MustDate("2027-01-15"), Tags: []string{"emea"}},
		{Name: "Globex", Renewal: model.MustDate("2027-06-30")},
		{Name: "Initech"},
	} {
		if _, err := st.PutAccount(a); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	return db
}

func showRecord(t *testing.T, db, account string) model.AccountRecord {
	t.Helper()
	out, _, err := bob(t, "", "show", account, "--json", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var rec model.AccountRecord
	if err := json.Unmarshal([]byte(out), &rec); err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestPlaybooksApplyToMany(t *testing.T) {
	db := stepBook(t)
	out, _, err := bob(t, "", "playbooks", "apply", "renewal", "Acme", "Globex", "Initech", "--db", db)
	if err != nil {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	for _, want := range []string{
		`Started "Renewal" on Acme: 5 steps from 2026-09-17 to 2027-01-15 (counting from 2027-01-15, the renewal date).`,
		`Started "Renewal" on Globex`,
		"Skipped Initech: Initech has no renewal date",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	before, _, _ := bob(t, "", "dump", "--db", db)
	// Again: both still have it open, so nothing is written and the exit is non-zero.
	out, _, err = bob(t, "", "playbooks", "apply", "renewal", "--all", "--db", db)
	if err == nil || !strings.Contains(out, "Skipped Acme: Renewal is still open") || !strings.Contains(out, "Skipped Globex") {
		t.Fatalf("second apply: %v\n%s", err, out)
	}
	if after, _, _ := bob(t, "", "dump", "--db", db); after != before {
		t.Fatal("a refused apply changed the book")
	}
	// By tag, with an anchor given.
	out, _, err = bob(t, "", "playbooks", "apply", "onboarding", "--tag", "emea", "--anchor", "2026-12-01", "--db", db)
	if err != nil || !strings.Contains(out, `Started "Onboarding" on Acme: 7 steps from 2026-12-04`) || strings.Contains(out, "Globex") {
		t.Fatalf("by tag: %v\n%s", err, out)
	}
	for name, args := range map[string][]string{
		"no accounts":  {"playbooks", "apply", "renewal"},
		"unknown tag":  {"playbooks", "apply", "renewal", "--tag", "apac"},
		"bad anchor":   {"playbooks", "apply", "renewal", "Acme", "--anchor", "soon"},
		"no such book": {"playbooks", "apply", "nothing", "Acme"},
	} {
		if _, _, err := bob(t, "", append(args, "--db", db)...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestStepCommands(t *testing.T) {
	db := stepBook(t)
	if _, _, err := bob(t, "", "playbooks", "apply", "renewal", "Acme", "--db", db); err != nil {
		t.Fatal(err)
	}
	text, _, _ := bob(t, "", "show", "Acme", "--db", db)
	rec := showRecord(t, db, "Acme")
	step := rec.Checklists[0].Steps[1]
	if !strings.Contains(text, "`"+step.ID+"`") {
		t.Fatalf("bob show does not print the step's ID %s:\n%s", step.ID, text)
	}
	out, _, err := bob(t, "", "step", "done", step.ID, "--note", "Buyer is Dana, procurement needs 30 days", "--db", db)
	if err != nil || !strings.Contains(out, `Done: "Confirm the economic buyer and decision process" on Acme`) || !strings.Contains(out, "on the timeline") {
		t.Fatalf("step done: %v\n%s", err, out)
	}
	rec = showRecord(t, db, "Acme")
	got := rec.Checklists[0].Steps[1]
	if got.State != model.StepDone || got.DoneBy != "Sam Rivera" || got.Note == "" {
		t.Fatalf("step after done: %+v", got)
	}
	if len(rec.Timeline) != 1 || !rec.Timeline[0].Internal || !strings.Contains(rec.Timeline[0].Body, "procurement needs 30 days") ||
		rec.Timeline[0].Author != "Sam Rivera" {
		t.Fatalf("timeline: %+v", rec.Timeline)
	}
	if out, _, err := bob(t, "", "step", "reopen", step.ID, "--db", db); err != nil || !strings.Contains(out, "Reopened") {
		t.Fatalf("reopen: %v %s", err, out)
	}
	if out, _, err := bob(t, "", "step", "skip", step.ID, "--db", db); err != nil || strings.Contains(out, "timeline") {
		t.Fatalf("skip without a note: %v %s", err, out)
	}
	for name, args := range map[string][]string{
		"no id":      {"step", "done"},
		"not an id":  {"step", "done", "abc"},
		"unknown id": {"step", "done", model.NewID()},
		"bad note":   {"step", "done", step.ID, "--note", "x\x1b]52;c;aGk=\x07"},
	} {
		before, _, _ := bob(t, "", "dump", "--db", db)
		_, _, err := bob(t, "", append(args, "--db", db)...)
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
		if after, _, _ := bob(t, "", "dump", "--db", db); after != before {
			t.Errorf("%s: the book changed", name)
		}
	}
}

func TestStepAddAndRemove(t *testing.T) {
	db := stepBook(t)
	if _, _, err := bob(t, "", "playbooks", "apply", "renewal", "Acme", "--db", db); err != nil {
		t.Fatal(err)
	}
	list := showRecord(t, db, "Acme").Checklists[0]
	first := list.Steps[0]
	out, _, err := bob(t, "", "step", "add", list.ID, "--title", "Call the new CFO", "--due", "2026-10-02", "--after", first.ID, "--db", db)
	if err != nil || !strings.Contains(out, `Added: "Call the new CFO"`) || !strings.Contains(out, "6 of 6 steps open") {
		t.Fatalf("step add: %v\n%s", err, out)
	}
	got := showRecord(t, db, "Acme").Checklists[0]
	added := got.Steps[1]
	if added.Title != "Call the new CFO" || added.Due != model.MustDate("2026-10-02") || !added.Open() || got.Steps[2].ID != list.Steps[1].ID {
		t.Fatalf("after add: %+v", got.Steps)
	}
	if out, _, err := bob(t, "", "step", "add", list.ID, "--title", "Last word", "--db", db); err != nil ||
		showRecord(t, db, "Acme").Checklists[0].Steps[6].Title != "Last word" {
		t.Fatalf("add at the end: %v %s", err, out)
	}
	out, _, err = bob(t, "", "step", "remove", added.ID, "--yes", "--db", db)
	want := "To add it back: bob step add " + list.ID + " --title 'Call the new CFO' --due 2026-10-02 --after " + first.ID
	if err != nil || !strings.Contains(out, `Removed: "Call the new CFO"`) || !strings.Contains(out, want) {
		t.Fatalf("step remove: %v\n%s", err, out)
	}
	if got := showRecord(t, db, "Acme").Checklists[0]; len(got.Steps) != 6 || got.Steps[1].ID != list.Steps[1].ID {
		t.Fatalf("after remove: %+v", got.Steps)
	}
	for name, args := range map[string][]string{
		"add no id":         {"step", "add", "--title", "x"},
		"add no title":      {"step", "add", list.ID},
		"add blank title":   {"step", "add", list.ID, "--title", "  "},
		"add bad due":       {"step", "add", list.ID, "--title", "x", "--due", "soon"},
		"add unknown list":  {"step", "add", model.NewID(), "--title", "x"},
		"add step as list":  {"step", "add", first.ID, "--title", "x"},
		"add unknown after": {"step", "add", list.ID, "--title", "x", "--after", model.NewID()},
		"add control title": {"step", "add", list.ID, "--title", "x\x1b]52;c;aGk=\x07"},
		"remove no id":      {"step", "remove", "--yes"},
		"remove not an id":  {"step", "remove", "abc", "--yes"},
		"remove unknown":    {"step", "remove", model.NewID(), "--yes"},
		"remove no yes":     {"step", "remove", first.ID},
	} {
		before, _, _ := bob(t, "", "dump", "--db", db)
		_, _, err := bob(t, "", append(args, "--db", db)...)
		if err == nil {
			t.Errorf("%s: accepted", name)
		}
		if after, _, _ := bob(t, "", "dump", "--db", db); after != before {
			t.Errorf("%s: the book changed", name)
		}
	}
}

func TestPlaybooksCheck(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	dir := filepath.Join(cfg, "bob", "playbooks")
	os.MkdirAll(dir, 0o700)
	if out, _, err := bob(t, "", "playbooks", "check"); err != nil || !strings.Contains(out, "All playbooks are good") {
		t.Fatalf("no playbooks: %v %s", err, out)
	}
	good := filepath.Join(dir, "golive.playbook")
	os.WriteFile(good, []byte("name: golive\ntitle: Go-live\nanchor: asked\nstep: Prepare\ndue: -2w\n"), 0o600)
	if out, _, err := bob(t, "", "playbooks", "check", good); err != nil || !strings.Contains(out, "good playbook") {
		t.Fatalf("good file: %v %s", err, out)
	}
	bad := filepath.Join(dir, "qbr.playbook")
	os.WriteFile(bad, []byte("name: qbr\ntitle: QBR\nstep: Prepare\ndue: soon\nowner: me\nstep: Tell\nemail-subject: Hi {{.Account.Nme}}\n"), 0o600)
	_, stderr, err := bob(t, "", "playbooks", "check")
	if err == nil {
		t.Fatal("a bad playbook passed the check")
	}
	if !strings.Contains(err.Error(), "3 problems") {
		t.Errorf("check ends with %v, want the count", err)
	}
	for _, want := range []string{"qbr.playbook:4: due", "qbr.playbook:5: unknown key", "qbr.playbook:7: the email has no field Nme"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("check lacks %q:\n%s", want, stderr)
		}
	}
	// Many problems: every one on its own line, none folded into the
	// error line and cut off.
	var many strings.Builder
	many.WriteString("name: many\ntitle: Many\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&many, "step: Step %d\ndue: +%dq\n", i, i)
	}
	os.WriteFile(filepath.Join(dir, "many.playbook"), []byte(many.String()), 0o600)
	_, stderr, err = bob(t, "", "playbooks", "check")
	if err == nil || !strings.Contains(err.Error(), "43 problems") || strings.Contains(errorLine(err), "^J") {
		t.Errorf("check ends with %q, want one line with the count", errorLine(err))
	}
	if got := strings.Count(stderr, "\n"); got != 43 || !strings.Contains(stderr, "many.playbook:82: due \"+39q\"") {
		t.Errorf("check listed %d lines, want 43, the last problem included:\n%s", got, stderr)
	}
	os.Remove(filepath.Join(dir, "many.playbook"))
	// The list still shows the good ones, and says what did not load.
	out, _, err := bob(t, "", "playbooks")
	if err == nil || !strings.Contains(out, "golive") || !strings.Contains(out, "renewal date") {
		t.Fatalf("list with a bad file: %v\n%s", err, out)
	}
	if _, stderr, err := bob(t, "", "playbooks", "check", filepath.Join(dir, "missing.playbook")); err == nil || !strings.Contains(stderr, "cannot be read") {
		t.Fatalf("missing file: %v %s", err, stderr)
	}
}
