package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/handoff/policytest"
	"bob/model"
	"bob/ui/common"
	"bob/ui/uitest"
)

func TestMain(m *testing.M) {
	// A passphrase is checked with scrypt: seconds under -race.
	uitest.CommandTimeout = 2 * time.Minute
	os.Exit(m.Run())
}

// fixture: Sam Rivera receives bundles from Ana Lima, a known colleague.
// Sam's book holds Globex already (with another health); Ana's bundle
// carries Globex and Acme. Bundles are written to home, where the import
// screen starts.
type fixture struct {
	ctx    *common.Context
	home   string
	sam    handoff.Identity
	ana    handoff.Identity
	sender *common.Context // Ana's book
	acme   model.AccountRecord
	globex model.AccountRecord
}

func setup(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{ctx: uitest.Context(t, 80, 24), home: t.TempDir(), sender: uitest.Context(t, 80, 24)}
	f.ctx.ConfigDir = t.TempDir()
	t.Setenv("HOME", f.home)
	var err error
	if f.sam, err = handoff.CreateIdentity(f.ctx.ConfigDir, "Sam Rivera", "sam@example.com"); err != nil {
		t.Fatal(err)
	}
	if f.ana, err = handoff.CreateIdentity(t.TempDir(), "Ana Lima", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
	cs, err := handoff.LoadColleagues(f.ctx.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Add(f.ana.Public().String()); err != nil {
		t.Fatal(err)
	}
	f.acme = uitest.SampleAccount(t, f.sender, "Acme Logistics")
	f.globex = uitest.SampleAccount(t, f.sender, "Globex Corporation")
	mine := f.globex
	mine.Account.Health = model.HealthRed
	mine.Account.HealthReason = "champion left"
	if err := f.ctx.Store.ReplaceRecords([]model.AccountRecord{mine}); err != nil {
		t.Fatal(err)
	}
	return f
}

// bundle writes Ana's two accounts to home/name with enc.
func (f *fixture) bundle(t *testing.T, name string, enc handoff.Encryption) string {
	t.Helper()
	path := filepath.Join(f.home, name)
	_, err := handoff.Export(f.sender.Store, path, handoff.ExportOptions{
		AccountIDs: []string{f.acme.Account.ID, f.globex.Account.ID},
		From:       f.ana, To: handoff.Party{Name: "Sam Rivera", Email: "sam@example.com"},
		Encryption: enc, Now: uitest.Now.Add(-72 * time.Hour),
	})
	if err != nil {
		t.Fatal(err)
	}
	return path
}

func (f *fixture) toSam() handoff.Encryption {
	return handoff.Encryption{Recipients: []age.Recipient{f.sam.AgeIdentity.Recipient()}}
}

// recorder drives the screen as the root would and keeps every message.
type recorder struct {
	m    *Model
	msgs []tea.Msg
}

func (r *recorder) Init() tea.Cmd { return r.m.Init() }
func (r *recorder) View() string  { return r.m.View() }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.msgs = append(r.msgs, msg)
	_, cmd := r.m.Update(msg)
	return r, cmd
}

func (r *recorder) got(want func(tea.Msg) bool) bool {
	for _, m := range r.msgs {
		if want(m) {
			return true
		}
	}
	return false
}

func start(t *testing.T, f *fixture) *recorder {
	t.Helper()
	m := New(f.ctx)
	m.SetSize(80, 22)
	r := &recorder{m: m}
	// Init reads the identity and the first folder side by side.
	for _, c := range m.Init()().(tea.BatchMsg) {
		uitest.Drive(r, c())
	}
	return r
}

func (r *recorder) keys(keys ...string) { uitest.Drive(r, uitest.Keys(keys...)...) }

// sees checks that the screen shows each text, reading wrapped lines as
// one.
func (r *recorder) sees(t *testing.T, texts ...string) {
	t.Helper()
	v := uitest.Plain(r.m.View())
	flat := strings.Join(strings.Fields(v), " ")
	for _, s := range texts {
		if !strings.Contains(flat, s) {
			t.Fatalf("the screen does not show %q:\n%s", s, v)
		}
	}
}

func count(t *testing.T, ctx *common.Context) int {
	t.Helper()
	n, err := ctx.Store.Count()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestPreviewThenImport(t *testing.T) {
	f := setup(t)
	f.bundle(t, "ana-lima-to-sam-rivera.bob.zip.age", f.toSam())
	os.WriteFile(filepath.Join(f.home, "notes.txt"), []byte("not a bundle"), 0o600)
	r := start(t, f)
	r.sees(t, "ana-lima-to-sam-rivera.bob.zip.age", "(1 other files hidden)")

	r.keys("enter")
	if r.m.step != stepPreview {
		t.Fatalf("enter on the bundle: step %d, err %v; want the preview", r.m.step, r.m.err)
	}
	r.sees(t, "✓ Signed by your colleague Ana Lima <ana@example.com>.", "encrypted to your key",
		"1 new, 1 updated, 0 unchanged; 2 conflicts (kept yours)", "new to your book")
	// The existing account's differences, field by field.
	r.keys("down")
	r.sees(t, "Globex Corporation is in your book", "health", "red", "yellow", "yours")
	if n := count(t, f.ctx); n != 1 {
		t.Fatalf("the preview wrote to the book: %d accounts", n)
	}

	// p takes theirs.
	r.keys("p")
	r.sees(t, "2 conflicts (took theirs)", "theirs")

	r.keys("enter")
	if r.m.step != stepDone {
		t.Fatalf("enter: step %d, err %v; want the result", r.m.step, r.m.err)
	}
	r.sees(t, "Imported 2 accounts from Ana Lima", "backed up before the import")
	if _, err := os.Stat(r.m.result.Backup); err != nil {
		t.Fatalf("no backup: %v", err)
	}
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BookChangedMsg); return ok }) {
		t.Fatal("the list was not told to reload")
	}
	g, err := f.ctx.Store.Account(f.globex.Account.ID)
	if err != nil || g.Health != model.HealthYellow {
		t.Fatalf("Globex health %q (%v), want theirs (yellow)", g.Health, err)
	}
	if n := count(t, f.ctx); n != 2 {
		t.Fatalf("%d accounts after the import, want 2", n)
	}
	r.keys("enter")
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }) {
		t.Fatal("enter on the result does not close the screen")
	}
}

func TestWrongPassphraseWritesNothing(t *testing.T) {
	f := setup(t)
	f.bundle(t, "ana.bob.zip.age", handoff.Encryption{Passphrase: "correct horse battery"})
	r := start(t, f)
	r.keys("enter")
	if r.m.step != stepPassphrase || !r.m.Capturing() {
		t.Fatalf("passphrase bundle: step %d, err %v; want the passphrase prompt", r.m.step, r.m.err)
	}
	r.sees(t, "protected by a passphrase")
	r.keys("correct horse batterx", "enter")
	r.sees(t, "wrong passphrase: the passphrase does not open this bundle; check the passphrase with the sender", "Nothing was imported.")
	if r.m.step != stepPassphrase || r.m.pass.Value() != "" {
		t.Fatalf("after a wrong passphrase: step %d, input %q; want the prompt, empty", r.m.step, r.m.pass.Value())
	}
	if n := count(t, f.ctx); n != 1 {
		t.Fatalf("a wrong passphrase wrote to the book: %d accounts", n)
	}
	r.keys("correct horse battery", "enter")
	if r.m.step != stepPreview {
		t.Fatalf("right passphrase: step %d, err %v; want the preview", r.m.step, r.m.err)
	}
	r.sees(t, "encrypted with a passphrase")
}

func TestReaderErrorsAreShownInWords(t *testing.T) {
	f := setup(t)
	os.WriteFile(filepath.Join(f.home, "holiday.zip"), []byte("PK\x03\x04 truncated"), 0o600)
	stranger, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	f.bundle(t, "for-someone-else.bob.zip.age", handoff.Encryption{Recipients: []age.Recipient{stranger.Recipient()}})
	r := start(t, f)
	r.sees(t, "for-someone-else.bob.zip.age", "holiday.zip")

	r.keys("enter") // for-someone-else, first by name
	r.sees(t, "this bundle is encrypted for someone else: none of your keys can open it; ask the sender", "Nothing was imported.")
	if r.m.step != stepFile {
		t.Fatalf("step %d, want to stay on the file step", r.m.step)
	}
	r.keys("down", "enter")
	r.sees(t, "bundle is damaged", "ask the sender for a new copy")
	if n := count(t, f.ctx); n != 1 {
		t.Fatalf("a bad bundle wrote to the book: %d accounts", n)
	}
}

func TestUnknownSignerAndTypedPath(t *testing.T) {
	f := setup(t)
	path := f.bundle(t, "ana.bob.zip.age", f.toSam())
	// Sam has not added Ana: her key is unknown here.
	os.Remove(filepath.Join(f.ctx.ConfigDir, handoff.ColleaguesFile))
	// Start elsewhere and type the path.
	t.Setenv("HOME", t.TempDir())
	r := start(t, f)
	r.keys("/")
	if !r.m.Capturing() {
		t.Fatal("/ did not open the path input")
	}
	uitest.Drive(r, tea.KeyMsg{Type: tea.KeyCtrlU}) // clear the folder the input starts with
	r.keys(path, "enter")
	if r.m.step != stepPreview {
		t.Fatalf("typed path: step %d, err %v; want the preview", r.m.step, r.m.err)
	}
	r.sees(t, "⚠ Signed by a key that is not one of your colleagues': bobsig1", "The bundle says it is from Ana Lima")
	// Enter asks, showing the whole key; any key but y goes back, y imports.
	key := handoff.FormatSigningKey(f.ana.Public().SigningKey)
	r.keys("enter")
	r.sees(t, "Import it although its signer's key", "y imports")
	if !strings.Contains(strings.ReplaceAll(uitest.Plain(r.m.View()), "\n", ""), key) {
		t.Errorf("the question does not show the whole fingerprint %s", key)
	}
	before, _ := f.ctx.Store.Count()
	r.keys("n")
	if n, _ := f.ctx.Store.Count(); n != before || r.m.step != stepPreview {
		t.Fatalf("n imported (%d accounts) or left the preview (step %d)", n, r.m.step)
	}
	r.keys("enter", "y")
	if n, _ := f.ctx.Store.Count(); n <= before {
		t.Fatalf("y after the question: %d accounts, want the import done", n)
	}
}

func TestEscGoesBack(t *testing.T) {
	f := setup(t)
	f.bundle(t, "ana.bob.zip.age", f.toSam())
	r := start(t, f)
	r.keys("enter", "esc")
	if r.m.step != stepFile {
		t.Fatalf("esc on the preview: step %d, want the file step", r.m.step)
	}
	r.keys("esc")
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }) {
		t.Fatal("esc on the file step does not close the screen")
	}
}

// screen renders the import screen as the root shows it at 80x24.
func screen(m *Model) string {
	lines := strings.Split(m.View(), "\n")
	for len(lines) < 22 {
		lines = append(lines, "")
	}
	h := help.New()
	h.Width = 80
	keys := m.ShortHelp()
	if !m.Capturing() {
		keys = append([]key.Binding{common.Hint("?", "all keys"), common.Hint("esc/q", "back")}, keys...)
	}
	return strings.Join(lines, "\n") + "\n\n" + h.ShortHelpView(keys)
}

func TestGoldenPreview(t *testing.T) {
	f := setup(t)
	f.bundle(t, "ana-lima-to-sam-rivera-2026-11-20.bob.zip.age", f.toSam())
	r := start(t, f)
	r.keys("enter")
	uitest.Golden(t, "import-preview-new-80x24", screen(r.m))
	r.keys("down")
	uitest.Golden(t, "import-preview-existing-80x24", screen(r.m))
}

func TestWithoutAnIdentity(t *testing.T) {
	f := setup(t)
	f.bundle(t, "a-passphrase.bob.zip.age", handoff.Encryption{Passphrase: "correct horse battery"})
	f.bundle(t, "b-for-sam.bob.zip.age", f.toSam())
	os.Remove(filepath.Join(f.ctx.ConfigDir, handoff.IdentityFile))
	r := start(t, f)
	// A passphrase bundle still asks for its passphrase...
	r.keys("enter")
	if r.m.step != stepPassphrase {
		t.Fatalf("passphrase bundle without an identity: step %d, err %v; want the prompt", r.m.step, r.m.err)
	}
	// ...and one encrypted to a key says that Sam has no identity.
	r.keys("esc", "down", "enter")
	r.sees(t, "none of your keys can open it", "you have no bob identity yet", "Nothing was imported.")
}

func TestOwnBundleForSomeoneElse(t *testing.T) {
	f := setup(t)
	path := filepath.Join(f.home, "sam-to-ben.bob.zip.age")
	if _, err := handoff.Export(f.sender.Store, path, handoff.ExportOptions{
		AccountIDs: []string{f.acme.Account.ID}, From: f.sam, To: handoff.Party{Name: "Ben Okoro"}, Encryption: f.toSam(),
	}); err != nil {
		t.Fatal(err)
	}
	r := start(t, f)
	r.keys("enter")
	r.sees(t, "✓ Signed by you (Sam Rivera): a bundle you made.")
	if strings.Contains(uitest.Plain(r.m.View()), "not for you") {
		t.Errorf("your own bundle is called not for you:\n%s", uitest.Plain(r.m.View()))
	}
	// Coming back, the account stays yours: the owner does not silently
	// become the bundle's receiver.
	r.keys("enter")
	acc, err := f.ctx.Store.Account(f.acme.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if acc.Owner != "Sam Rivera" {
		t.Errorf("owner after importing your own bundle = %q, want Sam Rivera", acc.Owner)
	}
}

// TestTypedAbsolutePathAndSummary: an absolute path typed after the folder
// the input starts with is taken as it is; the import starts the incoming
// checklist on the new account (c turns it off and on) and ends with what
// the successor owns and where to start.
func TestTypedAbsolutePathAndSummary(t *testing.T) {
	f := setup(t)
	elsewhere := t.TempDir()
	src := f.bundle(t, "ana.bob.zip.age", f.toSam())
	path := filepath.Join(elsewhere, "ana.bob.zip.age")
	if err := os.Rename(src, path); err != nil {
		t.Fatal(err)
	}
	r := start(t, f)
	r.keys("/")
	r.keys(path, "enter") // typed after "<home>/": reads "<home>//tmp/..."
	if r.m.step != stepPreview {
		t.Fatalf("typed absolute path: step %d, err %v; want the preview", r.m.step, r.m.err)
	}
	r.sees(t, "On import: incoming checklist on 1 new account")
	r.keys("c")
	r.sees(t, "no incoming checklist")
	r.keys("c", "enter")
	if r.m.step != stepDone {
		t.Fatalf("enter: step %d, err %v", r.m.step, r.m.err)
	}
	r.sees(t, "You now own 2 accounts from Ana Lima", "Your incoming transition checklist started on 1 new account",
		"Where to start: Today, tab on the account list")
	if n := strings.Count(r.m.View(), "\n") + 1; n > 22 {
		t.Errorf("the result takes %d lines, more than the 22 the screen has at 80x24:\n%s", n, r.m.View())
	}
	rec, err := f.ctx.Store.Record(f.acme.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range rec.Checklists {
		if c.Playbook == "transition-incoming" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d incoming checklists on the new account, want 1", n)
	}
}

// TestPreviewKeysRebind: the preview's own keys come from the key map, so
// a keys.conf that moves them moves them on the screen, in its key bar
// and in the line that says how to switch the policy.
func TestPreviewKeysRebind(t *testing.T) {
	f := setup(t)
	if err := f.ctx.Keys.ParseKeyConfig(strings.NewReader("incoming-checklist = K\nconflict-policy = P\n")); err != nil {
		t.Fatal(err)
	}
	f.bundle(t, "ana.bob.zip.age", f.toSam())
	r := start(t, f)
	r.keys("enter")
	if r.m.step != stepPreview {
		t.Fatalf("enter on the bundle: step %d, err %v; want the preview", r.m.step, r.m.err)
	}
	r.sees(t, "P switches", "incoming checklist on 1 new account")
	r.keys("c", "p")
	r.sees(t, "incoming checklist on 1 new account", "(kept yours)")
	r.keys("K", "P")
	r.sees(t, "no incoming checklist", "(took theirs)")
	var bar []string
	for _, b := range r.m.ShortHelp() {
		bar = append(bar, b.Help().Key)
	}
	if got := strings.Join(bar, " "); !strings.Contains(got, "P") || !strings.Contains(got, "K") {
		t.Errorf("the key bar shows %q, want the rebound P and K", got)
	}
}

// TestOpeningRulesInTheImportScreen runs the cases of what opening a
// bundle needs (package policytest) through the import screen: the same
// rule as bob import (handoff.OpenOptions), whose tests run the same
// cases.
func TestOpeningRulesInTheImportScreen(t *testing.T) {
	for _, tc := range policytest.ProtectionCases {
		t.Run(tc.Name, func(t *testing.T) {
			ctx := uitest.Context(t, 80, 24)
			ctx.ConfigDir = t.TempDir()
			home := t.TempDir()
			t.Setenv("HOME", home)
			var me handoff.Identity
			if tc.Identity {
				var err error
				if me, err = handoff.CreateIdentity(ctx.ConfigDir, "Sam Rivera", "sam@example.com"); err != nil {
					t.Fatal(err)
				}
			}
			policytest.WriteBundle(t, home, tc, me)
			r := start(t, &fixture{ctx: ctx})
			r.keys("enter") // the only file
			if tc.Err != "" {
				r.sees(t, tc.Err, "Nothing was imported.")
				if r.m.step != stepFile {
					t.Fatalf("step %d, want to stay on the file step", r.m.step)
				}
				return
			}
			if tc.Protection == handoff.ProtectionPassphrase {
				if r.m.step != stepPassphrase {
					t.Fatalf("step %d, err %v; want the passphrase prompt", r.m.step, r.m.err)
				}
				r.keys(policytest.Passphrase, "enter")
			}
			if r.m.step != stepPreview {
				t.Fatalf("step %d, err %v; want the preview", r.m.step, r.m.err)
			}
			r.sees(t, "Acme Logistics")
		})
	}
}
