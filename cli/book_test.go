package cli

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
	"bob/store"
)

// bob runs the command line in-process, as a user would type it, with
// the book and config in temporary folders.
func bob(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	a := &app{version: "dev"}
	root := a.rootCommand()
	var out, errb bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&errb)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err = root.Execute()
	return out.String(), errb.String(), err
}

func TestBookCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "12", "--seed", "7"); err != nil {
		t.Fatal(err)
	}
	out, _, err := bob(t, "", "list", "--db", db)
	if err != nil || strings.Count(out, "\n") < 2 || !strings.HasPrefix(out, "NAME") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	out, _, err = bob(t, "", "list", "--db", db, "--json")
	if err != nil || !strings.HasPrefix(out, "[") {
		t.Fatalf("list --json: %v\n%s", err, out)
	}
	name := strings.Fields(strings.Split(out, `"name": "`)[1])[0]
	out, _, err = bob(t, "", "show", name, "--db", db)
	if err != nil || !strings.Contains(out, "# ") {
		t.Fatalf("show %s: %v\n%s", name, err, out)
	}
	out, _, err = bob(t, "", "check", "--db", db)
	if err != nil || !strings.Contains(out, "is fine") {
		t.Fatalf("check: %v\n%s", err, out)
	}
	backup := filepath.Join(dir, "copy.db")
	if _, _, err := bob(t, "", "backup", backup, "--db", db); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(backup); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup: %v %v", fi, err)
	}
}

// TestDumpRestoreDumpCLI: dump -> restore into an empty book -> dump is
// byte-identical, through the commands a user runs.
func TestDumpRestoreDumpCLI(t *testing.T) {
	dir := t.TempDir()
	db, other := filepath.Join(dir, "book.db"), filepath.Join(dir, "other.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "15"); err != nil {
		t.Fatal(err)
	}
	first, _, err := bob(t, "", "dump", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bob(t, first, "restore", "-", "--db", other); err != nil {
		t.Fatal(err)
	}
	second, _, err := bob(t, "", "dump", "--db", other)
	if err != nil {
		t.Fatal(err)
	}
	if first != second {
		t.Fatal("dump -> restore -> dump is not byte-identical")
	}
	// A second restore into the now full book is refused and changes nothing.
	if _, _, err := bob(t, first, "restore", "-", "--db", other); err == nil || !strings.Contains(err.Error(), "empty book") {
		t.Fatalf("restore into a full book: %v", err)
	}
	if again, _, _ := bob(t, "", "dump", "--db", other); again != first {
		t.Fatal("a refused restore changed the book")
	}
}

func TestUserErrorsAreOneActionableLine(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "3"); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(dir, "garbage.json")
	os.WriteFile(garbage, []byte("not a dump"), 0o600)
	notADB := filepath.Join(dir, "notes.txt")
	os.WriteFile(notADB, []byte("hello, these are my notes and not a database at all"), 0o600)
	cases := []struct {
		name  string
		args  []string
		want  string
		usage bool
	}{
		{"unknown account", []string{"show", "Initech", "--db", db}, "no account is called", false},
		{"show without account", []string{"show", "--db", db}, "name the account", true},
		{"unknown flag", []string{"list", "--colour", "--db", db}, "unknown flag", true},
		{"demo into a full book", []string{"demo", "--db", db}, "only fills an empty book", false},
		{"restore garbage", []string{"restore", garbage, "--db", filepath.Join(dir, "new.db")}, "not a readable bob dump", false},
		{"restore missing file", []string{"restore", filepath.Join(dir, "nope.json"), "--db", filepath.Join(dir, "new2.db")}, "open the dump", false},
		{"not a database", []string{"list", "--db", notADB}, "not a bob book", false},
		{"zero accounts", []string{"demo", "--accounts", "0", "--db", filepath.Join(dir, "z.db")}, "must be from 1 to", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := bob(t, "", c.args...)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want it to contain %q", err, c.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is more than one line: %q", err)
			}
			var u usageError
			if got := errors.As(err, &u); got != c.usage {
				t.Fatalf("usage error = %v, want %v (exit code %d)", got, c.usage, exitCode(err))
			}
		})
	}
	if raw, _ := os.ReadFile(notADB); !strings.HasPrefix(string(raw), "hello") {
		t.Fatal("opening a non-database file changed it")
	}
}

func TestPlaybooksCommandAndBrokenPlaybook(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	out, _, err := bob(t, "", "playbooks")
	if err != nil || !strings.Contains(out, "transition-incoming") || !strings.Contains(out, "built-in") {
		t.Fatalf("playbooks: %v\n%s", err, out)
	}
	dir := filepath.Join(cfg, "bob", "playbooks")
	os.MkdirAll(dir, 0o700)
	os.WriteFile(filepath.Join(dir, "qbr.playbook"), []byte("name: qbr\ntitle: QBR\nstep: Prepare\ndue: soon\n"), 0o600)
	_, stderr, err := bob(t, "", "playbooks")
	if err == nil || !strings.Contains(stderr, "qbr.playbook:4:") || !strings.Contains(err.Error(), "1 problem found") {
		t.Fatalf("broken playbook: err = %v, stderr %q", err, stderr)
	}
	// The app starts anyway and says so in its status line (ui tests).
}

func TestApplyPlaybookClearsTheTransitionGap(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "2"); err != nil {
		t.Fatal(err)
	}
	out, _, _ := bob(t, "", "list", "--db", db, "--json")
	id := strings.Split(strings.Split(out, `"id": "`)[1], `"`)[0]
	out, _, err := bob(t, "", "playbooks", "apply", "transition-outgoing", id, "--db", db, "--start", "2026-12-01")
	if err != nil || !strings.Contains(out, "Outgoing transition") {
		t.Fatalf("apply: %v\n%s", err, out)
	}
	out, _, _ = bob(t, "", "show", id, "--json", "--db", db)
	if !strings.Contains(out, `"playbook": "transition-outgoing"`) || !strings.Contains(out, `"due": "2026-12-03"`) {
		t.Fatalf("checklist not stored with its due dates:\n%.400s", out)
	}
	if _, _, err := bob(t, "", "playbooks", "apply", "no-such", id, "--db", db); err == nil || !strings.Contains(err.Error(), "bob playbooks lists them") {
		t.Fatalf("unknown playbook: %v", err)
	}
}

func TestBackupListAndRestore(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "3"); err != nil {
		t.Fatal(err)
	}
	out, _, err := bob(t, "", "backup", "list", "--db", db)
	if err != nil || !strings.Contains(out, "No automatic backups") {
		t.Fatalf("list of no backups: %v %q", err, out)
	}
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	taken, _ := st.BackupAuto("import")
	st.Close()
	name := filepath.Base(taken)
	if _, _, err := bob(t, "", "demo", "--db", filepath.Join(dir, "book-1.db"), "--accounts", "1"); err != nil {
		t.Fatal(err)
	}
	out, _, err = bob(t, "", "backup", "list", "--db", db)
	if err != nil || !strings.Contains(out, name) || !strings.Contains(out, "import") {
		t.Fatalf("backup list: %v\n%s", err, out)
	}
	// Into a new file: the book is not touched.
	before, _ := os.ReadFile(db)
	copyTo := filepath.Join(dir, "restored.db")
	if _, _, err := bob(t, "", "backup", "restore", name, "--to", copyTo, "--db", db); err != nil {
		t.Fatal(err)
	}
	if _, _, err := bob(t, "", "backup", "restore", name, "--to", copyTo, "--db", db); err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("restore into an existing file: %v", err)
	}
	// Over the book: "no" changes nothing; "y" replaces it and keeps the old state.
	if _, _, err := bob(t, "n\n", "backup", "restore", name, "--db", db); err == nil || !strings.Contains(err.Error(), "cancelled") {
		t.Fatalf("declined restore: %v", err)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a declined restore changed the book")
	}
	out, _, err = bob(t, "y\n", "backup", "restore", name, "--db", db)
	if err != nil || !strings.Contains(out, "previous state is in") {
		t.Fatalf("restore over the book: %v %s", err, out)
	}
	out, _, _ = bob(t, "", "backup", "list", "--db", db, "--json")
	if !strings.Contains(out, `"reason": "restore"`) {
		t.Fatalf("no backup of the replaced state: %s", out)
	}
}

func TestBackupFileRefusesToReplaceWithoutForce(t *testing.T) {
	dir := t.TempDir()
	db, other := filepath.Join(dir, "book.db"), filepath.Join(dir, "other.db")
	for _, p := range []string{db, other} {
		if _, _, err := bob(t, "", "demo", "--db", p, "--accounts", "2"); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(other)
	_, _, err := bob(t, "", "backup", other, "--db", db)
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("backup over an existing book: %v", err)
	}
	if after, _ := os.ReadFile(other); !bytes.Equal(before, after) {
		t.Fatal("a refused backup changed the other book")
	}
	if _, _, err := bob(t, "", "backup", other, "--force", "--db", db); err != nil {
		t.Fatal(err)
	}
}

// TestEveryCommandOnADamagedBookFailsInOneLine: a book cut short makes
// every command that opens it exit non-zero with one line that names the
// latest backup and how to restore it, and the file stays as it was.
func TestEveryCommandOnADamagedBookFailsInOneLine(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "20"); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	backup, _ := st.BackupAuto("import")
	st.Close()
	raw, _ := os.ReadFile(db)
	cut := raw[:len(raw)/2]
	os.WriteFile(db, cut, 0o600)
	dumpFile := filepath.Join(dir, "dump.json")
	os.WriteFile(dumpFile, []byte(`{"format":"bob-book","version":1,"accounts":[],"trash":[]}`), 0o600)
	for _, args := range [][]string{
		{"list"}, {"list", "--json"}, {"show", "Acme"}, {"dump"}, {"check"}, {"demo"},
		{"backup", filepath.Join(dir, "copy.db")}, {"restore", dumpFile}, {"takeback", "Acme"},
		{"agenda"}, {"playbooks", "apply", "onboarding", "Acme"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := bob(t, "", append(args, "--db", db)...)
			if err == nil {
				t.Fatal("exit 0 on a damaged book")
			}
			msg := err.Error()
			if !strings.Contains(msg, "is damaged") || !strings.Contains(msg, "bob backup restore "+filepath.Base(backup)) || strings.Contains(msg, "\n") {
				t.Fatalf("want one line naming the latest backup, got %q", msg)
			}
			if after, _ := os.ReadFile(db); !bytes.Equal(after, cut) {
				t.Fatal("the damaged book was written to")
			}
		})
	}
	// The way out the message names works.
	if _, _, err := bob(t, "", "backup", "restore", filepath.Base(backup), "--yes", "--db", db); err != nil {
		t.Fatal(err)
	}
	if out, _, err := bob(t, "", "check", "--db", db); err != nil || !strings.Contains(out, "is fine") {
		t.Fatalf("check after restoring the backup: %v %s", err, out)
	}
	// The damaged state was kept, but is never the backup offered next.
	out, _, _ := bob(t, "", "backup", "list", "--db", db)
	if !strings.Contains(out, "-damaged.db") {
		t.Fatalf("the damaged book was not kept:\n%s", out)
	}
	if b, ok := store.LatestBackup(db); !ok || b.Reason == "damaged" {
		t.Fatalf("the latest backup offered is %+v", b)
	}
}

// TestFailedRestoreLeavesNoFileBehind: a cut dump restores nothing and
// leaves no new (empty) book where it was pointed.
func TestFailedRestoreLeavesNoFileBehind(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "5"); err != nil {
		t.Fatal(err)
	}
	full, _, err := bob(t, "", "dump", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "new", "restored.db")
	for _, in := range []string{full[:len(full)*9/10], full + "{}", "not a dump"} {
		if _, _, err := bob(t, in, "restore", "-", "--db", target); err == nil {
			t.Fatal("a bad dump was restored")
		}
		if entries, _ := os.ReadDir(filepath.Dir(target)); len(entries) != 0 {
			t.Fatalf("a failed restore left files behind: %v", entries)
		}
	}
	out, _, err := bob(t, full, "restore", "-", "--db", target)
	if err != nil || !strings.Contains(out, "Restored 5 accounts") {
		t.Fatalf("the whole dump: %v %s", err, out)
	}
}

// TestJSONListMatchesWholeJSON: bob list --json streams its list, and
// the stream is the same bytes as encoding the list whole.
func TestJSONListMatchesWholeJSON(t *testing.T) {
	one := model.AccountSummary{ID: "01A", Name: "Acme \u0085 Corp", Tags: []string{"emea"}}
	two := model.AccountSummary{ID: "01B", Name: "Globex", ARR: model.Money{Minor: 100, Currency: "EUR"}}
	for _, c := range []struct {
		name string
		sums []model.AccountSummary
	}{{"nil", nil}, {"empty", []model.AccountSummary{}}, {"one", []model.AccountSummary{one}}, {"three", []model.AccountSummary{one, two, one}}} {
		t.Run(c.name, func(t *testing.T) {
			var whole, streamed bytes.Buffer
			if err := writeJSON(&whole, c.sums); err != nil {
				t.Fatal(err)
			}
			if err := writeJSONList(&streamed, c.sums); err != nil {
				t.Fatal(err)
			}
			if whole.String() != streamed.String() {
				t.Fatalf("streamed:\n%s\nwhole:\n%s", streamed.String(), whole.String())
			}
		})
	}
}

// With nothing to draw on, the app says so and leaves no book behind.
func TestAppWithoutATerminalSaysSo(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	out, _, err := bob(t, "", "--db", db)
	if err == nil || !strings.Contains(err.Error(), "standard output is not one") || out != "" {
		t.Fatalf("no terminal: %v, drew %q", err, out)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("a book was made with no terminal to show it: %v", err)
	}
}
