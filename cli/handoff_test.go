package cli

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"bob/demo"
	"bob/handoff"
	"bob/handoff/policytest"
	"bob/model"
	"bob/store"
)

// The handoff commands are tested as a user runs them (the bob helper in
// cmd_book_test.go): each CSM has their own config folder (identity and
// colleagues) and their own book, and switching between them is switching
// XDG_CONFIG_HOME.

// csm is one person in a test: their config folder and book.
type csm struct {
	t      *testing.T
	name   string
	config string
	db     string
}

func newCSM(t *testing.T, dir, name, email string) *csm {
	t.Helper()
	slug := strings.ToLower(strings.Fields(name)[0])
	c := &csm{t: t, name: name, config: filepath.Join(dir, slug+"-config"), db: filepath.Join(dir, slug+".db")}
	c.ok("id", "create", "--name", name, "--email", email)
	return c
}

// startBook starts the CSM's empty book, as opening the app the first
// time does (the read commands refuse a book that is not there).
func (c *csm) startBook() {
	c.t.Helper()
	st, err := store.Open(c.db, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	st.Close()
}

// run runs bob as this CSM, on their book.
func (c *csm) run(stdin string, args ...string) (string, string, error) {
	c.t.Helper()
	c.t.Setenv("XDG_CONFIG_HOME", c.config)
	return bob(c.t, stdin, append(args, "--db", c.db)...)
}

// ok runs bob as this CSM and fails the test on an error.
func (c *csm) ok(args ...string) string {
	c.t.Helper()
	out, errOut, err := c.run("", args...)
	if err != nil {
		c.t.Fatalf("%s: bob %s: %v\n%s%s", c.name, strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// fails runs bob as this CSM, wants an error containing want, and checks
// the book's file did not change by a byte.
func (c *csm) fails(want string, args ...string) error {
	c.t.Helper()
	before := fileHash(c.t, c.db)
	out, errOut, err := c.run("", args...)
	if err == nil || !strings.Contains(err.Error(), want) {
		c.t.Fatalf("%s: bob %s: err = %v, want %q\n%s%s", c.name, strings.Join(args, " "), err, want, out, errOut)
	}
	if strings.Contains(err.Error(), "\n") {
		c.t.Errorf("error is more than one line: %q", err)
	}
	if after := fileHash(c.t, c.db); after != before {
		c.t.Errorf("%s: bob %s failed but changed the book", c.name, strings.Join(args, " "))
	}
	return err
}

// publicID is what the CSM's `bob id show` prints.
func (c *csm) publicID() string {
	c.t.Helper()
	return strings.TrimSpace(c.ok("id", "show"))
}

// records reads the CSM's book as records by account ID.
func (c *csm) records() map[string]model.AccountRecord {
	c.t.Helper()
	var d struct {
		Accounts []model.AccountRecord `json:"accounts"`
	}
	if err := json.Unmarshal([]byte(c.ok("dump")), &d); err != nil {
		c.t.Fatal(err)
	}
	out := map[string]model.AccountRecord{}
	for _, r := range d.Accounts {
		out[r.Account.ID] = r
	}
	return out
}

// listed returns the names `bob list` shows by default.
func (c *csm) listed() []string {
	c.t.Helper()
	var sums []model.AccountSummary
	if err := json.Unmarshal([]byte(c.ok("list", "--json")), &sums); err != nil {
		c.t.Fatal(err)
	}
	var names []string
	for _, s := range sums {
		names = append(names, s.Name)
	}
	return names
}

// fileHash is the SHA-256 of a file, or "missing".
func fileHash(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return "missing"
	}
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return string(sum[:])
}

// fillDemoBook fills path with a small demo book laid out around a fixed
// moment in UTC, so records compare across books exactly.
func fillDemoBook(t *testing.T, path string, n int) {
	t.Helper()
	st, err := store.Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Now().UTC().Truncate(time.Second)
	if err := demo.Fill(st, demo.Options{Accounts: n, Seed: 11, Now: now, EntriesPerAccount: 12}, nil); err != nil {
		t.Fatal(err)
	}
}

// content is a record without what a handoff changes (the owner and the
// handoff history), as canonical JSON.
func content(t *testing.T, r model.AccountRecord) string {
	t.Helper()
	r.Account.Owner = ""
	r.Handoffs = nil
	r.Checklists = slicesWithout(r.Checklists, func(c model.Checklist) bool { return c.Playbook == "transition-incoming" })
	r.Canonicalize()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func slicesWithout[T any](s []T, drop func(T) bool) []T {
	var out []T
	for _, x := range s {
		if !drop(x) {
			out = append(out, x)
		}
	}
	return out
}

func latest(r model.AccountRecord) model.Handoff {
	h, _ := model.LatestHandoff(r.Handoffs)
	return h
}

// TestSplitBookBetweenTwoSuccessors is the handoff's "done when": Ana
// splits her book between Ben and Cara, one bundle each, encrypted to
// each; each imports only their own; a tampered bundle is refused; Ben's
// edited copy goes back to Ana and merges with its conflicts listed.
func TestSplitBookBetweenTwoSuccessors(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	ben := newCSM(t, dir, "Ben Okoro", "ben@example.com")
	cara := newCSM(t, dir, "Cara Diaz", "cara@example.com")
	fillDemoBook(t, ana.db, 5)

	// Ana adds both successors as colleagues: one line as an argument, one
	// pasted on standard input.
	if out := ana.ok("colleagues", "add", ben.publicID()); !strings.Contains(out, "Added Ben Okoro <ben@example.com>") {
		t.Errorf("colleagues add:\n%s", out)
	}
	if out, _, err := ana.run("Here is my id:\n"+cara.publicID()+"\nthanks!\n", "colleagues", "add", "-"); err != nil || !strings.Contains(out, "Added Cara Diaz") {
		t.Fatalf("colleagues add -: %v\n%s", err, out)
	}
	if out := ana.ok("colleagues", "list"); !strings.Contains(out, "Ben Okoro") || !strings.Contains(out, "cara@example.com") {
		t.Errorf("colleagues list:\n%s", out)
	}

	original := ana.records()
	var ids []string
	for id := range original {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	toBen, toCara := ids[:2], ids[2:]

	// Without --yes and without a terminal, the gaps stop the export.
	benFile, caraFile := filepath.Join(dir, "to-ben.bob.zip.age"), filepath.Join(dir, "to-cara.bob.zip.age")
	ana.fails("pass --yes", "export", "--to", "Ben Okoro", "--account", toBen[0], "-o", benFile)
	if _, err := os.Stat(benFile); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a stopped export wrote the bundle")
	}

	out := ana.ok("export", "--to", "ben", "--account", toBen[0], "--account", original[toBen[1]].Account.Name, "--yes", "-o", benFile)
	for _, want := range []string{"Completeness check", "Wrote " + benFile + ": 2 accounts", "encrypted to Ben Okoro's key (and yours)",
		"Marked 2 accounts as handed off to Ben Okoro", "bob takeback ACCOUNT"} {
		if !strings.Contains(out, want) {
			t.Errorf("export output lacks %q:\n%s", want, out)
		}
	}
	ana.ok("export", "--to", "cara@example.com", "--all", "--yes", "-o", caraFile)
	if got := ana.listed(); len(got) != 0 {
		t.Errorf("Ana's list after handing everything off = %v, want empty", got)
	}
	marked := ana.records()
	for _, id := range ids {
		want := "Ben Okoro"
		if slices.Contains(toCara, id) {
			want = "Cara Diaz"
		}
		if h := latest(marked[id]); h.Status != model.HandoffSent || h.To != want || h.From != "Ana Lima" {
			t.Errorf("%s: latest handoff %+v, want handed off to %s", original[id].Account.Name, h, want)
		}
		if content(t, marked[id]) != content(t, original[id]) {
			t.Errorf("%s: the export changed more than the handoff marks", original[id].Account.Name)
		}
	}

	// Each successor opens only their own bundle.
	ben.fails("encrypted for someone else", "import", caraFile)
	cara.fails("encrypted for someone else", "import", benFile)

	ben.ok("colleagues", "add", ana.publicID())
	out = ben.ok("import", benFile, "--dry-run")
	for _, want := range []string{"Bundle from Ana Lima <ana@example.com> to Ben Okoro", "Signed by your colleague Ana Lima",
		"Import preview: 2 new, 0 updated, 0 unchanged", "new        " + original[toBen[0]].Account.Name, "Dry run: nothing was written"} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if got := ben.records(); len(got) != 0 {
		t.Fatalf("a dry run wrote %d accounts", len(got))
	}
	before := fileHash(t, ben.db)
	ben.ok("import", benFile, "--dry-run")
	if fileHash(t, ben.db) != before {
		t.Error("a dry run changed the book's file")
	}

	out = ben.ok("import", benFile)
	if !strings.Contains(out, "Imported: 2 accounts written") || !strings.Contains(out, "backed up in ") {
		t.Errorf("import output:\n%s", out)
	}
	// Cara, who does not know Ana's key, is refused in one line that
	// shows the key to compare and the flag; with the flag she imports,
	// warned.
	refused := cara.fails("--trust-unknown", "import", caraFile)
	if !strings.Contains(refused.Error(), "bobsig1") {
		t.Errorf("the refusal does not show the signer's key: %v", refused)
	}
	out, errOut, err := cara.run("", "import", caraFile, "--trust-unknown")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut, "not one of your colleagues") || !strings.Contains(errOut, "bobsig1") || !strings.Contains(out, "3 new") {
		t.Errorf("import by Cara:\n%s%s", out, errOut)
	}

	// Between them, Ben and Cara have the whole book, exactly.
	got := map[string]model.AccountRecord{}
	for who, c := range map[string]*csm{"Ben Okoro": ben, "Cara Diaz": cara} {
		for id, r := range c.records() {
			got[id] = r
			if r.Account.Owner != who || latest(r).Status != model.HandoffReceived {
				t.Errorf("%s's %s: owner %q, latest handoff %+v", who, r.Account.Name, r.Account.Owner, latest(r))
			}
		}
	}
	if len(got) != len(original) {
		t.Fatalf("successors hold %d accounts, Ana had %d", len(got), len(original))
	}
	for id, r := range original {
		if content(t, got[id]) != content(t, r) {
			t.Errorf("%s differs after the handoff", r.Account.Name)
		}
	}
	if out := ben.ok("show", original[toBen[0]].Account.Name); !strings.Contains(out, original[toBen[0]].Account.Name) {
		t.Errorf("bob show after import:\n%s", out)
	}

	// Importing the same bundle again changes nothing.
	before = fileHash(t, ben.db)
	if out := ben.ok("import", benFile); !strings.Contains(out, "Nothing to import") {
		t.Errorf("second import:\n%s", out)
	}
	if fileHash(t, ben.db) != before {
		t.Error("importing a bundle twice changed the book")
	}

	// A tampered bundle is refused: Ana's bundle to Ben, unencrypted, with
	// the receiver changed after it was signed.
	plainFile := filepath.Join(dir, "plain.bob.zip")
	ana.ok("export", "--to", "Ben Okoro", "--account", toBen[0], "--no-encrypt", "--no-mark", "--yes", "-o", plainFile)
	tampered := filepath.Join(dir, "tampered.bob.zip")
	rewriteZip(t, plainFile, tampered, func(name string, data []byte) []byte {
		if name == handoff.ManifestPath {
			return bytes.Replace(data, []byte(`"Ben Okoro"`), []byte(`"Eve Mallory"`), 1)
		}
		return data
	})
	ben.fails("signature does not match", "import", tampered)

	// Ben edits an account and sends it back; Ana edited it too.
	acc := toBen[0]
	name := original[acc].Account.Name
	editAccount(t, ben.db, acc, func(a *model.Account) { a.Goals = "Ben's goals"; a.HealthReason = "Ben's reason" })
	editAccount(t, ana.db, acc, func(a *model.Account) { a.Goals = "Ana's goals" })
	back := filepath.Join(dir, "back.bob.zip.age")
	ben.ok("export", "--to", "Ana Lima", "--account", name, "--yes", "-o", back)
	out = ana.ok("import", back, "--dry-run")
	for _, want := range []string{"Signed by your colleague Ben Okoro", "0 new, 1 updated", "existing   " + name + " (matched by ID",
		`goals of account ` + name + `: yours "Ana's goals", theirs "Ben's goals" -> yours`, "--on-conflict theirs"} {
		if !strings.Contains(out, want) {
			t.Errorf("preview of the copy sent back lacks %q:\n%s", want, out)
		}
	}
	out = ana.ok("import", back, "--on-conflict", "theirs")
	if !strings.Contains(out, `-> theirs`) || !strings.Contains(out, "Imported: 1 account written") {
		t.Errorf("import back:\n%s", out)
	}
	r := ana.records()[acc]
	if r.Account.Goals != "Ben's goals" || r.Account.HealthReason != "Ben's reason" || latest(r).Status != model.HandoffReceived {
		t.Errorf("after merging back: goals %q, reason %q, latest handoff %+v", r.Account.Goals, r.Account.HealthReason, latest(r))
	}
	if got := ana.listed(); len(got) != 1 || got[0] != name {
		t.Errorf("Ana's list after the account came back = %v", got)
	}
}

func editAccount(t *testing.T, db, id string, edit func(*model.Account)) {
	t.Helper()
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a, err := st.Account(id)
	if err != nil {
		t.Fatal(err)
	}
	edit(&a)
	if _, err := st.PutAccount(a); err != nil {
		t.Fatal(err)
	}
}

// rewriteZip copies a zip, passing each file's content through edit.
func rewriteZip(t *testing.T, from, to string, edit func(name string, data []byte) []byte) {
	t.Helper()
	zr, err := zip.OpenReader(from)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(edit(f.Name, data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestExportAllImportRoundTrip: export --all with a passphrase, import
// into an empty book, and the book is all there; then the ways a bundle
// can be bad, each refused with the book unchanged.
func TestExportAllImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	ben := newCSM(t, dir, "Ben Okoro", "ben@example.com")
	fillDemoBook(t, ana.db, 4)
	original := ana.records()

	file := filepath.Join(dir, "all.bob.zip.age")
	// No key is known for Dana: bob stops and names the three choices.
	err := ana.fails("--recipient", "export", "--to", "Dana", "--all", "--yes", "-o", file)
	var u usageError
	if !strings.Contains(err.Error(), "--passphrase") || !strings.Contains(err.Error(), "--no-encrypt") || !errors.As(err, &u) {
		t.Errorf("no-key error = %v", err)
	}
	t.Setenv(passphraseEnv, "")
	ana.fails("$BOB_PASSPHRASE", "export", "--to", "Dana", "--all", "--passphrase", "--yes", "-o", file)
	ana.fails("choose one protection", "export", "--to", "Dana", "--all", "--passphrase", "--no-encrypt", "-o", file)
	ana.fails("choose the accounts", "export", "--to", "Dana", "--no-encrypt", "-o", file)

	t.Setenv(passphraseEnv, "correct horse battery")
	out := ana.ok("export", "--to", "Ben Okoro", "--all", "--passphrase", "--yes", "-o", file)
	if !strings.Contains(out, "encrypted with a passphrase") || !strings.Contains(out, "Tell Ben Okoro the passphrase") {
		t.Errorf("export output:\n%s", out)
	}
	// A second export to the same file needs --yes (and there is nothing
	// left to export by --all).
	ana.fails("already handed off", "export", "--to", "Ben Okoro", "--all", "--no-encrypt", "-o", file)
	// A playbook by --all finds nothing either, and says so in its own words.
	if err := ana.fails("start the playbook on", "playbooks", "apply", "onboarding", "--all"); strings.Contains(err.Error(), "hand over") {
		t.Errorf("playbooks apply speaks of a handover: %v", err)
	}

	// Bad bundles: each is refused, and Ben's (empty) book stays as it is.
	ben.startBook()
	ben.ok("list")
	truncated := filepath.Join(dir, "truncated.bob.zip.age")
	raw, _ := os.ReadFile(file)
	os.WriteFile(truncated, raw[:len(raw)/2], 0o600)
	notBundle := filepath.Join(dir, "notes.txt")
	os.WriteFile(notBundle, []byte("meeting notes, not a bundle"), 0o600)
	ben.fails("damaged", "import", truncated)
	ben.fails("neither a zip nor an age-encrypted file", "import", notBundle)
	ben.fails("cannot open", "import", filepath.Join(dir, "nope.bob.zip"))
	ben.fails("not a conflict policy", "import", file, "--on-conflict", "mine")
	t.Setenv(passphraseEnv, "wrong horse battery")
	ben.fails("wrong passphrase", "import", file)
	t.Setenv(passphraseEnv, "")
	ben.fails("protected by a passphrase", "import", file)

	plain := filepath.Join(dir, "plain.bob.zip")
	ana.ok("takeback", original[firstID(original)].Account.Name)
	ana.ok("export", "--to", "Ben Okoro", "--account", firstID(original), "--no-encrypt", "--no-mark", "--yes", "-o", plain)
	newer := filepath.Join(dir, "newer.bob.zip")
	rewriteZip(t, plain, newer, func(name string, data []byte) []byte {
		if name == handoff.ManifestPath {
			return regexp.MustCompile(`"version": \d+`).ReplaceAll(data, []byte(fmt.Sprintf(`"version": %d`, handoff.FormatVersion+1)))
		}
		return data
	})
	ben.fails("newer bob", "import", newer)

	t.Setenv(passphraseEnv, "correct horse battery")
	ben.ok("import", file, "--trust-unknown")
	got := ben.records()
	if len(got) != len(original) {
		t.Fatalf("imported %d accounts, want %d", len(got), len(original))
	}
	for id, r := range original {
		if content(t, got[id]) != content(t, r) {
			t.Errorf("%s differs after export --all and import", r.Account.Name)
		}
	}
}

func firstID(m map[string]model.AccountRecord) string {
	var ids []string
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids[0]
}

// TestTakeBackAndApplyPlaybook: a taken-back account rejoins the list;
// --apply-playbook starts the incoming checklist on new accounts only, in
// the import itself.
func TestTakeBackAndApplyPlaybook(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	ben := newCSM(t, dir, "Ben Okoro", "ben@example.com")
	fillDemoBook(t, ana.db, 3)
	ana.ok("colleagues", "add", ben.publicID())
	names := ana.listed()
	file := filepath.Join(dir, "b.bob.zip.age")
	ana.ok("export", "--to", "Ben Okoro", "--account", names[0], "--account", names[1], "--yes", "-o", file)
	if got := ana.listed(); len(got) != 1 {
		t.Fatalf("list after export = %v", got)
	}
	ana.fails("is not handed off", "takeback", names[2])
	ana.fails("no account is called", "takeback", "Initech")
	before := ana.records()
	if out := ana.ok("takeback", names[0]); !strings.Contains(out, "in your list again") {
		t.Errorf("takeback:\n%s", out)
	}
	if got := ana.listed(); len(got) != 2 {
		t.Errorf("list after takeback = %v", got)
	}
	for id, r := range ana.records() {
		if r.Account.Name == names[0] {
			if latest(r).Status != model.HandoffTakenBack || !r.Account.Updated.Equal(before[id].Account.Updated) {
				t.Errorf("after takeback: %+v, updated %v", latest(r), r.Account.Updated)
			}
		}
	}

	out := ben.ok("import", file, "--apply-playbook", "--trust-unknown")
	if !strings.Contains(out, "checklist started on 2 new accounts") {
		t.Errorf("import --apply-playbook:\n%s", out)
	}
	for _, r := range ben.records() {
		n := 0
		for _, c := range r.Checklists {
			if c.Playbook == "transition-incoming" {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s has %d incoming checklists, want 1", r.Account.Name, n)
		}
	}
	// Again: nothing is new, so nothing is added.
	before2 := fileHash(t, ben.db)
	ben.ok("import", file, "--apply-playbook", "--trust-unknown")
	if fileHash(t, ben.db) != before2 {
		t.Error("a second import with --apply-playbook changed the book")
	}
}

// TestIdentityAndColleagueCommands covers bob id and bob colleagues,
// including the questions asked on a terminal.
func TestIdentityAndColleagueCommands(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")

	if _, _, err := bob(t, "", "id", "show"); err == nil || !strings.Contains(err.Error(), "bob id create") {
		t.Errorf("id show without an identity: %v", err)
	}
	if _, _, err := bob(t, "", "id", "create", "--name", "Ana"); err == nil || !strings.Contains(err.Error(), "--email") {
		t.Errorf("id create without a terminal and an email: %v", err)
	}
	if _, _, err := bob(t, "", "export", "--to", "Ben", "--all", "--no-encrypt", "--db", db); err == nil || !strings.Contains(err.Error(), "bob id create") {
		t.Errorf("export without an identity: %v", err)
	}

	fakeTerminal(t)
	out, errOut, err := bob(t, "Ana Lima\nana@example.com\n", "id", "create")
	if err != nil || !strings.Contains(out, "Created the identity of Ana Lima <ana@example.com>") || !strings.Contains(errOut, "Your work email") {
		t.Fatalf("id create on a terminal: %v\n%s%s", err, out, errOut)
	}
	if _, _, err := bob(t, "", "id", "create", "--name", "Other", "--email", "o@example.com"); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second id create: %v", err)
	}
	line, hint, err := bob(t, "", "id", "show")
	if err != nil || !strings.HasPrefix(line, "bob-id name=\"Ana Lima\"") || strings.Count(line, "\n") != 1 || !strings.Contains(hint, "bob colleagues add") {
		t.Errorf("id show: %v\n%s%s", err, line, hint)
	}
	if authorName() != "Ana Lima" && os.Getenv("BOB_AUTHOR") == "" {
		t.Errorf("authorName = %q, want the identity's name", authorName())
	}

	if _, _, err := bob(t, "", "colleagues", "add", "hello there"); err == nil || !strings.Contains(err.Error(), "not a bob public id") {
		t.Errorf("colleagues add garbage: %v", err)
	}
	if _, _, err := bob(t, "", "colleagues", "add"); err == nil || exitCode(err) != 2 {
		t.Errorf("colleagues add without a line: %v", err)
	}
	other, err := handoff.CreateIdentity(filepath.Join(dir, "ben"), "Ben Okoro", "ben@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := bob(t, "", "colleagues", "add", other.Public().String()); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := bob(t, "", "colleagues", "list"); !strings.Contains(out, "Ben Okoro") {
		t.Errorf("colleagues list:\n%s", out)
	}
	if out, _, err := bob(t, "", "colleagues", "remove", "BEN@example.com"); err != nil || !strings.Contains(out, "Removed Ben Okoro") {
		t.Errorf("colleagues remove: %v %s", err, out)
	}
	if _, _, err := bob(t, "", "colleagues", "remove", "Ben"); err == nil || !strings.Contains(err.Error(), "no colleague matches") {
		t.Errorf("removing an unknown colleague: %v", err)
	}
	if out, _, _ := bob(t, "", "colleagues", "list"); !strings.Contains(out, "No colleagues yet") {
		t.Errorf("empty colleagues list:\n%s", out)
	}
}

// fakeTerminal makes the commands treat standard input as a terminal, so
// a test can answer their questions.
func fakeTerminal(t *testing.T) {
	t.Helper()
	was := stdinIsTerminal
	stdinIsTerminal = func(io.Reader) bool { return true }
	t.Cleanup(func() { stdinIsTerminal = was })
}

// TestExportQuestionsOnATerminal: the gaps question, the passphrase typed
// twice, and replacing an existing file.
func TestExportQuestionsOnATerminal(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	fillDemoBook(t, ana.db, 2)
	fakeTerminal(t)
	file := filepath.Join(dir, "b.bob.zip")
	names := ana.listed()

	before := fileHash(t, ana.db)
	_, errOut, err := ana.run("n\n", "export", "--to", "Ben", "--all", "--no-encrypt", "-o", file)
	if err == nil || !strings.Contains(err.Error(), "export cancelled") || !strings.Contains(errOut, "Export anyway? [y/N]") {
		t.Fatalf("answering no: %v\n%s", err, errOut)
	}
	if fileHash(t, ana.db) != before {
		t.Error("a cancelled export changed the book")
	}

	// Passphrases that differ, then one too short, then a good one.
	in := "y\nfirst passphrase\nsecond passphrase\nshort\ngood passphrase\ngood passphrase\n"
	out, errOut, err := ana.run(in, "export", "--to", "Ben", "--account", names[0], "--passphrase", "-o", file)
	if err != nil || !strings.Contains(errOut, "differ") || !strings.Contains(errOut, "shorter than") || !strings.Contains(out, "Wrote") {
		t.Fatalf("passphrase on a terminal: %v\n%s%s", err, out, errOut)
	}
	// The file exists: the question is asked, and no keeps it.
	_, _, err = ana.run("y\nn\n", "export", "--to", "Ben", "--account", names[1], "--no-encrypt", "-o", file)
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Fatalf("refusing to replace: %v", err)
	}
	if got := ana.listed(); len(got) != 1 || got[0] != names[1] {
		t.Errorf("list = %v, want only %s", got, names[1])
	}
	// The bundle opens with the passphrase typed on the terminal.
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "ben-config"))
	out, _, err = bob(t, "good passphrase\n", "import", file, "--trust-unknown", "--db", filepath.Join(dir, "ben.db"))
	if err != nil || !strings.Contains(out, "1 new") {
		t.Fatalf("import with a typed passphrase: %v\n%s", err, out)
	}
}

// TestExportListsTheSameGapsWithYes: with --yes the completeness check
// comes from the export's own reading of the accounts, listed once the
// bundle is written; what is listed is what the check before the
// question lists.
func TestExportListsTheSameGapsWithYes(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	fillDemoBook(t, ana.db, 4)
	fakeTerminal(t)
	asked, _, err := ana.run("y\n", "export", "--to", "Ben", "--all", "--no-encrypt", "--no-mark", "-o", filepath.Join(dir, "asked.bob.zip"))
	if err != nil {
		t.Fatal(err)
	}
	yes, _, err := ana.run("", "export", "--to", "Ben", "--all", "--no-encrypt", "--no-mark", "--yes", "-o", filepath.Join(dir, "yes.bob.zip"))
	if err != nil {
		t.Fatal(err)
	}
	gapsOf := func(out string) string {
		i := strings.Index(out, "Wrote ")
		if i < 0 {
			t.Fatalf("no report in:\n%s", out)
		}
		return out[:i]
	}
	if a, y := gapsOf(asked), gapsOf(yes); a != y || !strings.Contains(a, "Completeness check: 4 of 4 accounts have gaps") {
		t.Errorf("with the question:\n%s\nwith --yes:\n%s", a, y)
	}
}

// TestHandoffRulesOnTheCommandLine runs the cases of the handoff rules
// (package policytest) through bob export: who --to means, the
// protection when no key is known, and which accounts --account, --tag
// and --all cover. The export wizard's tests run the same cases.
func TestHandoffRulesOnTheCommandLine(t *testing.T) {
	dir := t.TempDir()
	sam := newCSM(t, dir, "Sam Rivera", "sam@example.com")
	t.Setenv("XDG_CONFIG_HOME", sam.config)
	policytest.AddColleagues(t, configDir())
	st, err := store.Open(sam.db, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.ReplaceRecords(policytest.Book()); err != nil {
		t.Fatal(err)
	}
	st.Close()
	file := filepath.Join(dir, "b.bob.zip")
	bundleTo := func() (string, []string) {
		t.Helper()
		o, err := handoff.ReadFile(file, handoff.ReadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range o.Records {
			names = append(names, r.Account.Name)
		}
		sort.Strings(names)
		return o.Manifest.To.Name, names
	}

	// The cases run one after another on one CSM (whose helpers fail the
	// whole test), each named in its failures.
	for _, tc := range policytest.SuccessorCases {
		func() {
			args := []string{"export", "--to", tc.Typed, "--account", "Initech", "--no-mark", "--yes", "-o", file + ".age"}
			switch {
			case len(tc.Err) > 0:
				err := sam.fails(tc.Err[0], args...)
				for _, want := range tc.Err {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("--to %s: error %q lacks %q", tc.Typed, err, want)
					}
				}
			case tc.Colleague:
				if out := sam.ok(args...); !strings.Contains(out, "encrypted to "+tc.Name+"'s key (and yours)") {
					t.Errorf("--to %s:\n%s", tc.Typed, out)
				}
			default:
				// No key is known: bob refuses to choose, and names the choices.
				err := sam.fails("not one of your colleagues", args...)
				var u usageError
				if !strings.Contains(err.Error(), "--passphrase") || !strings.Contains(err.Error(), "--no-encrypt") || !errors.As(err, &u) {
					t.Errorf("no-key error = %v", err)
				}
				sam.ok("export", "--to", tc.Typed, "--account", "Initech", "--no-encrypt", "--no-mark", "--yes", "-o", file)
				if to, _ := bundleTo(); to != tc.Name {
					t.Errorf("--to %s: bundle to %q, want %q", tc.Typed, to, tc.Name)
				}
			}
		}()
	}

	for _, tc := range policytest.SelectionCases {
		func() {
			args := []string{"export", "--to", "Dana Wu", "--no-encrypt", "--no-mark", "--yes", "-o", file}
			for _, n := range tc.Selected {
				args = append(args, "--account", n)
			}
			if tc.Tag != "" {
				args = append(args, "--tag", tc.Tag)
			}
			if tc.All {
				args = append(args, "--all")
			}
			if tc.Err != "" {
				sam.fails(tc.Err, args...)
				return
			}
			_, errOut, err := sam.run("", args...)
			if err != nil {
				t.Fatal(err)
			}
			want := slices.Clone(tc.Want)
			sort.Strings(want)
			if _, got := bundleTo(); !slices.Equal(got, want) {
				t.Errorf("%s: bundle holds %v, want %v", tc.Name, got, want)
			}
			for _, n := range tc.Again {
				if !strings.Contains(errOut, "Note: "+n+" was already handed off") {
					t.Errorf("%s: no note that %s goes out again:\n%s", tc.Name, n, errOut)
				}
			}
		}()
	}
}

// TestExportCoverNote: --note and --note-file put the cover note in the
// bundle, where it opens the brief; a bad note writes nothing.
func TestExportCoverNote(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	fillDemoBook(t, ana.db, 2)
	noteFile := filepath.Join(dir, "note.md")
	os.WriteFile(noteFile, []byte("Ben,\r\nstart with the renewals.\r\n"), 0o600)
	bad := filepath.Join(dir, "bad.md")
	os.WriteFile(bad, []byte("hi \x1b[2J"), 0o600)
	file := filepath.Join(dir, "n.bob.zip")
	ana.fails("give the cover note once", "export", "--to", "Ben", "--all", "--no-encrypt", "--yes", "--note", "x", "--note-file", noteFile, "-o", file)
	ana.fails("control characters", "export", "--to", "Ben", "--all", "--no-encrypt", "--yes", "--note-file", bad, "-o", file)
	ana.fails("read the cover note", "export", "--to", "Ben", "--all", "--no-encrypt", "--yes", "--note-file", filepath.Join(dir, "none"), "-o", file)
	ana.ok("export", "--to", "Ben", "--all", "--no-encrypt", "--yes", "--no-mark", "--note-file", noteFile, "-o", file)
	o, err := handoff.ReadFile(file, handoff.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Manifest.Note != "Ben,\nstart with the renewals." {
		t.Errorf("note in the manifest = %q", o.Manifest.Note)
	}
	ana.ok("export", "--to", "Ben", "--all", "--no-encrypt", "--yes", "--no-mark", "--note", "Call Sam first.", "-o", file)
	if o, err = handoff.ReadFile(file, handoff.ReadOptions{}); err != nil || o.Manifest.Note != "Call Sam first." {
		t.Errorf("note = %q, %v", o.Manifest.Note, err)
	}
}

// TestImportForTheSuccessor: the sender's open outgoing steps arrive
// closed, as theirs; the incoming checklist starts by default, due from
// the import day; the import ends with what the successor owns and where
// to start; --no-playbook leaves the checklist out.
func TestImportForTheSuccessor(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	ben := newCSM(t, dir, "Ben Okoro", "ben@example.com")
	cara := newCSM(t, dir, "Cara Diaz", "cara@example.com")
	fillDemoBook(t, ana.db, 3)
	names := ana.listed()
	for _, n := range names {
		ana.ok("playbooks", "apply", "transition-outgoing", n)
	}
	file := filepath.Join(dir, "b.bob.zip")
	ana.ok("export", "--to", "Ben Okoro", "--all", "--no-encrypt", "--yes", "--no-mark", "--note", "Call Sam first.", "-o", file)

	ben.ok("colleagues", "add", ana.publicID())
	cara.ok("colleagues", "add", ana.publicID())
	ben.fails("choose one", "import", file, "--no-playbook", "--apply-playbook")
	if out := ben.ok("import", file, "--dry-run"); !strings.Contains(out, "You would own 3 accounts from Ana Lima") || !strings.Contains(out, "Dry run") {
		t.Errorf("dry run output:\n%s", out)
	}
	out := ben.ok("import", file)
	for _, want := range []string{"A note from Ana Lima:\n  Call Sam first.", "You now own 3 accounts from Ana Lima", "kept as history", "incoming transition checklist started on 3 new accounts", "Where to start: Today"} {
		if !strings.Contains(out, want) {
			t.Errorf("import output lacks %q:\n%s", want, out)
		}
	}
	today := model.DateOf(time.Now())
	for _, r := range ben.records() {
		incoming := 0
		for _, c := range r.Checklists {
			switch c.Playbook {
			case "transition-outgoing":
				for _, s := range c.Steps {
					if s.Open() {
						t.Errorf("%s: outgoing step %q is open in the successor's book", r.Account.Name, s.Title)
					}
					if s.State == model.StepSkipped && (s.DoneBy != "Ana Lima" || !handoff.ClosedByImport(s)) {
						t.Errorf("%s: outgoing step %q closed as %q by %q", r.Account.Name, s.Title, s.Note, s.DoneBy)
					}
				}
			case "transition-incoming":
				incoming++
				if c.Applied != today || c.Steps[0].Due != today.AddDays(1) {
					t.Errorf("%s: incoming checklist applied %s, first step due %s", r.Account.Name, c.Applied, c.Steps[0].Due)
				}
			}
		}
		if incoming != 1 {
			t.Errorf("%s has %d incoming checklists", r.Account.Name, incoming)
		}
	}
	before := fileHash(t, ben.db)
	ben.ok("import", file)
	if fileHash(t, ben.db) != before {
		t.Error("importing the same bundle again changed the book")
	}

	cara.ok("import", file, "--no-playbook", "--not-for-me")
	for _, r := range cara.records() {
		for _, c := range r.Checklists {
			if c.Playbook == "transition-incoming" {
				t.Errorf("%s got the incoming checklist with --no-playbook", r.Account.Name)
			}
		}
	}
}

// TestExportRedactionWarnings: --redact lists customer-visible text that
// reads as internal before writing, and writes only with --yes.
func TestExportRedactionWarnings(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	fillDemoBook(t, ana.db, 2)
	recs := ana.records()
	id := firstID(recs)
	editAccount(t, ana.db, id, func(a *model.Account) { a.Goals = "Grow seats. Vertraulich: Budget halbiert." })
	file := filepath.Join(dir, "r.bob.zip")
	err := ana.fails("read as internal", "export", "--to", "Ben", "--account", id, "--no-encrypt", "--redact", "-o", file, "--no-mark")
	if !strings.Contains(err.Error(), "--yes") {
		t.Errorf("refusal does not say how to go on: %v", err)
	}
	if _, err := os.Stat(file); err == nil {
		t.Error("a bundle was written despite the warnings")
	}
	out, _, _ := ana.run("", "export", "--to", "Ben", "--account", id, "--no-encrypt", "--redact", "-o", file, "--no-mark")
	if !strings.Contains(out, `goals: "Vertraulich" in Grow seats. Vertraulich: Budget halbiert.`) {
		t.Errorf("the warning is not listed:\n%s", out)
	}
	ana.ok("export", "--to", "Ben", "--account", id, "--no-encrypt", "--redact", "--yes", "-o", file, "--no-mark")
	if _, err := os.Stat(file); err != nil {
		t.Errorf("with --yes: %v", err)
	}
}

// TestOpeningRulesOnTheCommandLine runs the cases of what opening a
// bundle needs (package policytest) through bob import: a bundle to the
// CSM's key opens with their identity, one to keys they cannot have
// without an identity says how to get one, and a passphrase is asked for
// (here through $BOB_PASSPHRASE) whether or not they have an identity.
// The import screen's tests run the same cases.
func TestOpeningRulesOnTheCommandLine(t *testing.T) {
	for _, tc := range policytest.ProtectionCases {
		t.Run(tc.Name, func(t *testing.T) {
			dir := t.TempDir()
			sam := &csm{t: t, name: "Sam Rivera", config: filepath.Join(dir, "sam-config"), db: filepath.Join(dir, "sam.db")}
			var me handoff.Identity
			if tc.Identity {
				sam = newCSM(t, dir, "Sam Rivera", "sam@example.com")
				var err error
				if me, err = handoff.LoadIdentity(filepath.Join(sam.config, "bob")); err != nil {
					t.Fatal(err)
				}
			}
			sam.startBook()
			path := policytest.WriteBundle(t, dir, tc, me)
			t.Setenv(passphraseEnv, "")
			// (The cases' bundles are not signed: who made them is another
			// rule's business.)
			args := []string{"import", "--dry-run", "--trust-unknown", path}
			if tc.Err != "" {
				sam.fails(tc.Err, args...)
				return
			}
			if tc.Protection == handoff.ProtectionPassphrase {
				sam.fails("protected by a passphrase", args...)
				t.Setenv(passphraseEnv, policytest.Passphrase)
			}
			if out := sam.ok(args...); !strings.Contains(out, "Acme Logistics") {
				t.Fatalf("the import does not name the account:\n%s", out)
			}
		})
	}
}
