package export

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"slices"
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
	// A passphrase is sealed with scrypt: seconds under -race.
	uitest.CommandTimeout = 2 * time.Minute
	os.Exit(m.Run())
}

// fixture is a book of three sample accounts, the CSM's identity (Sam
// Rivera) and one known colleague (Ana Lima). Bundles go to out, the
// home folder.
type fixture struct {
	ctx                   *common.Context
	out                   string
	acme, globex, initech model.AccountRecord
	ana                   handoff.Identity
}

func setup(t *testing.T, withIdentity bool) *fixture {
	t.Helper()
	f := &fixture{ctx: uitest.Context(t, 80, 24), out: t.TempDir()}
	f.ctx.ConfigDir = t.TempDir()
	t.Setenv("HOME", f.out)
	if withIdentity {
		if _, err := handoff.CreateIdentity(f.ctx.ConfigDir, "Sam Rivera", "sam@example.com"); err != nil {
			t.Fatal(err)
		}
	}
	var err error
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
	f.acme = uitest.SampleAccount(t, f.ctx, "Acme Logistics")
	f.globex = uitest.SampleAccount(t, f.ctx, "Globex Corporation")
	f.initech = uitest.SampleAccount(t, f.ctx, "Initech")
	return f
}

// recorder drives the wizard as the root would and keeps every message
// it got.
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

// got reports whether the wizard got a message that want accepts.
func (r *recorder) got(want func(tea.Msg) bool) bool {
	for _, m := range r.msgs {
		if want(m) {
			return true
		}
	}
	return false
}

// lastError returns the last error the status line would show.
func (r *recorder) lastError() string {
	for i := len(r.msgs) - 1; i >= 0; i-- {
		if s, ok := r.msgs[i].(common.StatusMsg); ok && s.Error {
			return s.Text
		}
	}
	return ""
}

func start(t *testing.T, f *fixture, selected ...string) *recorder {
	t.Helper()
	m := New(f.ctx, selected)
	m.SetSize(80, 22)
	r := &recorder{m: m}
	uitest.Drive(r, m.Init()())
	return r
}

func (r *recorder) keys(t *testing.T, keys ...string) {
	t.Helper()
	uitest.Drive(r, uitest.Keys(keys...)...)
}

func (r *recorder) sees(t *testing.T, texts ...string) {
	t.Helper()
	v := uitest.Plain(r.m.View())
	for _, s := range texts {
		if !strings.Contains(v, s) {
			t.Fatalf("the screen does not show %q:\n%s", s, v)
		}
	}
}

func handedOff(t *testing.T, ctx *common.Context) map[string]bool {
	t.Helper()
	sums, err := ctx.Store.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, s := range sums {
		if s.HandedOff() {
			out[s.Name] = true
		}
	}
	return out
}

func TestPassphraseBundleForTwoSelectedAccounts(t *testing.T) {
	f := setup(t, true)
	r := start(t, f, f.acme.Account.ID, f.globex.Account.ID)
	r.sees(t, "The accounts selected in the list", "2 accounts")
	r.keys(t, "enter")
	if r.m.step != stepSuccessors {
		t.Fatalf("enter on the selection: step %d, want the successors", r.m.step)
	}

	// A successor who is not a colleague: typed in, gets a passphrase.
	r.keys(t, "n", "Ben Okoro", "enter", "a")
	r.sees(t, "Ben Okoro", "all 2 assigned", "1 bundle")
	r.keys(t, "enter")
	if r.m.step != stepCheck {
		t.Fatalf("enter with everything assigned: step %d, want the check", r.m.step)
	}
	r.sees(t, "2 of 2 accounts have gaps", "no active success plan", "no outgoing transition checklist")

	// Gaps stop enter; c goes on knowingly.
	r.keys(t, "enter")
	if r.m.step != stepCheck || !strings.Contains(r.lastError(), "c hands over as is") {
		t.Fatalf("enter with gaps: step %d, status %q; want to stay and say why", r.m.step, r.lastError())
	}
	r.keys(t, "c")
	if r.m.step != stepOptions {
		t.Fatalf("c: step %d, want the options", r.m.step)
	}
	// No key is known for Ben: the wizard asks rather than choose (the
	// rule the command line follows too), and enter says why it waits.
	r.sees(t, "Bundle 1 of 1: to Ben Okoro", "‹ choose one ›", "no key for Ben Okoro")
	r.keys(t, "enter")
	r.sees(t, "no key is known for Ben Okoro: choose with ←/→ a passphrase or none")
	r.keys(t, "right")
	r.sees(t, "Bundle 1 of 1: to Ben Okoro", "with a passphrase")

	// A short passphrase and a mismatch are refused before anything runs.
	r.keys(t, "tab", "short", "enter")
	r.sees(t, "at least 8 characters")
	r.keys(t, "backspace", "backspace", "backspace", "backspace", "backspace", "correct horse battery", "tab", "correct horse batterx", "enter")
	r.sees(t, "the two passphrases differ")
	r.keys(t, "correct horse battery", "enter")

	if r.m.step != stepWrite || !r.m.write.done {
		t.Fatalf("after enter: step %d, done %v, status %q; want the summary", r.m.step, r.m.write.done, r.lastError())
	}
	if r.m.write.err != nil {
		t.Fatalf("write failed: %v", r.m.write.err)
	}
	path := filepath.Join(f.out, "sam-rivera-to-ben-okoro-2026-11-23.bob.zip.age")
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Fatalf("no bundle at %s: %v", path, err)
	}
	r.sees(t, "Handed over 2 accounts in 1 bundle", "sam-rivera-to-ben-okoro-2026-11-23.bob.zip.age", "Tell Ben Okoro the passphrase",
		"H shows them", "b takes one back")
	if got := handedOff(t, f.ctx); !got["Acme Logistics"] || !got["Globex Corporation"] || got["Initech"] {
		t.Fatalf("handed off: %v, want Acme and Globex only", got)
	}
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BookChangedMsg); return ok }) {
		t.Error("the list was not told to reload")
	}
	if !r.got(func(m tea.Msg) bool { p, ok := m.(progressMsg); return ok && p.total == 2 }) {
		t.Error("no progress was reported")
	}
	r.keys(t, "enter")
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }) {
		t.Error("enter on the summary does not close the wizard")
	}
}

func TestSplitBetweenTwoSuccessors(t *testing.T) {
	f := setup(t, true)
	r := start(t, f)
	// No selection: a tag, or every account.
	r.sees(t, "The accounts tagged ‹emea›", "Every account not handed off yet")
	r.keys(t, "down", "enter")
	if len(r.m.chosen) != 3 {
		t.Fatalf("all accounts: %d chosen, want 3", len(r.m.chosen))
	}
	// Ana, a colleague, is the first successor offered: space gives her
	// Acme; Ben, typed in, takes the rest.
	r.sees(t, "Ana Lima <ana@example.com>", "known colleague")
	r.keys(t, "space", "n", "Ben Okoro", "enter", "a")
	r.sees(t, "all 3 assigned", "2 bundles: Ana Lima (1), Ben Okoro (2)")
	r.keys(t, "enter", "c")

	// Ana's bundle is encrypted to her key by default.
	r.sees(t, "Bundle 1 of 2: to Ana Lima", "‹ to Ana Lima's key ›")
	r.keys(t, "enter")
	// Ben has no key: nothing by default; a passphrase or, with a
	// warning, none, as chosen.
	r.sees(t, "Bundle 2 of 2: to Ben Okoro", "‹ choose one ›")
	r.keys(t, "right")
	r.sees(t, "Bundle 2 of 2: to Ben Okoro", "‹ with a passphrase ›")
	r.keys(t, "right")
	r.sees(t, "‹ none ›", "not encrypted: anyone who gets the file reads every account")
	r.keys(t, "enter")

	if !r.m.write.done || r.m.write.err != nil {
		t.Fatalf("done %v, err %v, status %q", r.m.write.done, r.m.write.err, r.lastError())
	}
	anaPath := filepath.Join(f.out, "sam-rivera-to-ana-lima-2026-11-23.bob.zip.age")
	benPath := filepath.Join(f.out, "sam-rivera-to-ben-okoro-2026-11-23.bob.zip")
	r.sees(t, "Handed over 3 accounts in 2 bundles", filepath.Base(anaPath), filepath.Base(benPath))

	o, err := handoff.ReadFile(anaPath, handoff.ReadOptions{Identities: []age.Identity{f.ana.AgeIdentity}})
	if err != nil {
		t.Fatalf("Ana cannot open her bundle: %v", err)
	}
	if len(o.Records) != 1 || o.Records[0].Account.Name != "Acme Logistics" || !o.Signed() {
		t.Fatalf("Ana's bundle: %d records, signed %v; want Acme, signed", len(o.Records), o.Signed())
	}
	o, err = handoff.ReadFile(benPath, handoff.ReadOptions{})
	if err != nil {
		t.Fatalf("Ben's bundle: %v", err)
	}
	if len(o.Records) != 2 || o.Manifest.To.Name != "Ben Okoro" {
		t.Fatalf("Ben's bundle: %d records to %q; want 2 to Ben Okoro", len(o.Records), o.Manifest.To.Name)
	}
	if got := handedOff(t, f.ctx); len(got) != 3 {
		t.Fatalf("handed off: %v, want all three", got)
	}
}

func TestEveryAccountNeedsASuccessor(t *testing.T) {
	f := setup(t, true)
	r := start(t, f)
	r.keys(t, "down", "enter", "space", "enter")
	if r.m.step != stepSuccessors || !strings.Contains(r.lastError(), "2 accounts without a successor") {
		t.Fatalf("step %d, status %q; want to stay and say how many lack a successor", r.m.step, r.lastError())
	}
	// space on an account of the current successor unassigns it.
	r.keys(t, "up", "space")
	if n := r.m.succ.unassigned(r.m.chosen); n != 3 {
		t.Fatalf("%d unassigned, want 3", n)
	}
}

func TestCheckOpensAnAccountAndChecksAgain(t *testing.T) {
	f := setup(t, true)
	r := start(t, f, f.globex.Account.ID)
	r.keys(t, "enter", "a", "enter")
	r.sees(t, "1 of 1 account have gaps")
	r.keys(t, "o")
	if !r.got(func(m tea.Msg) bool { o, ok := m.(common.OpenAccountMsg); return ok && o.ID == f.globex.Account.ID }) {
		t.Fatal("o did not open the account")
	}
	// Its people gaps open the people map, on the stakeholder not touched.
	before, _ := f.ctx.Store.Record(f.globex.Account.ID)
	stale := ""
	for _, g := range handoff.Check(before, uitest.Now) {
		if g.Kind == handoff.GapStaleStakeholder && stale == "" {
			stale = g.PersonID
		}
	}
	if stale != "" && !r.got(func(m tea.Msg) bool {
		o, ok := m.(common.OpenAccountMsg)
		return ok && o.Tab == "People" && o.Item == stale
	}) {
		t.Fatal("o did not open the people map on the stakeholder the check names")
	}
	// The CSM applies the transition playbook and finishes it, adds a
	// plan: the book changes and the check runs again.
	rec, err := f.ctx.Store.Record(f.globex.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	at := uitest.Now
	rec.Plans = append(rec.Plans, model.SuccessPlan{ID: model.NewIDAt(at), AccountID: rec.Account.ID, Title: "FY27 plan",
		Status: model.PlanActive, Created: at, Updated: at})
	rec.Checklists = append(rec.Checklists, model.Checklist{ID: model.NewIDAt(at), AccountID: rec.Account.ID,
		Playbook: handoff.TransitionPlaybook, Title: "Transition", Applied: model.DateOf(at), Created: at, Updated: at})
	if err := f.ctx.Store.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(r, common.BookChangedMsg{AccountID: rec.Account.ID})
	r.sees(t, "All 1 account are ready to hand over")
	r.keys(t, "enter")
	if r.m.step != stepOptions {
		t.Fatalf("enter without gaps: step %d, want the options", r.m.step)
	}
}

func TestEscGoesBackAStep(t *testing.T) {
	f := setup(t, true)
	r := start(t, f)
	r.keys(t, "enter", "a", "enter", "c")
	for _, want := range []step{stepCheck, stepSuccessors, stepAccounts} {
		r.keys(t, "esc")
		if r.m.step != want {
			t.Fatalf("esc: step %d, want %d", r.m.step, want)
		}
	}
	if r.got(func(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }) {
		t.Fatal("the wizard closed before its first step")
	}
	r.keys(t, "esc")
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }) {
		t.Fatal("esc on the first step does not close the wizard")
	}
	// Going back keeps the choices made.
	r.m.step = stepAccounts
	r.keys(t, "enter")
	if n := r.m.succ.unassigned(r.m.chosen); n != 0 {
		t.Fatalf("%d accounts lost their successor on the way back", n)
	}
}

func TestCreateIdentityInTheWizard(t *testing.T) {
	f := setup(t, false)
	r := start(t, f, f.acme.Account.ID)
	if r.m.step != stepIdentity {
		t.Fatalf("no identity: step %d, want the identity step", r.m.step)
	}
	r.sees(t, "You have no bob identity yet", "c creates it now")
	r.keys(t, "c")
	if r.m.idForm == nil || !r.m.Capturing() {
		t.Fatal("c did not open the identity form")
	}
	r.keys(t, "tab", "sam", "ctrl+s")
	if r.m.idForm == nil {
		t.Fatal("a bad email closed the form")
	}
	r.keys(t, "@example.com", "ctrl+s")
	if r.m.idForm != nil || r.m.step != stepAccounts {
		t.Fatalf("after saving: form open %v, step %d; want the first step", r.m.idForm != nil, r.m.step)
	}
	id, err := handoff.LoadIdentity(f.ctx.ConfigDir)
	if err != nil || id.Name != "Sam Rivera" || id.Email != "sam@example.com" {
		t.Fatalf("identity %q <%s>, %v", id.Name, id.Email, err)
	}
}

// screen renders the wizard as the root shows it at 80x24: the screen,
// an empty status line and the help bar, which starts with the root's
// own keys unless a field is being typed.
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

func TestGolden(t *testing.T) {
	f := setup(t, true)
	r := start(t, f, f.acme.Account.ID, f.globex.Account.ID)
	uitest.Golden(t, "export-1-accounts-80x24", screen(r.m))
	r.keys(t, "enter", "space")
	uitest.Golden(t, "export-2-successors-80x24", screen(r.m))
	r.keys(t, "n", "Ben Okoro", "enter", "a", "enter")
	uitest.Golden(t, "export-3-check-80x24", screen(r.m))
	r.keys(t, "c")
	uitest.Golden(t, "export-4-options-key-80x24", screen(r.m))
	r.keys(t, "enter", "right", "tab", "correct horse battery")
	uitest.Golden(t, "export-4-options-passphrase-80x24", screen(r.m))
}

func TestGoldenNoIdentity(t *testing.T) {
	f := setup(t, false)
	f.ctx.ConfigDir = "/home/csm/.config/bob"
	r := start(t, f)
	uitest.Golden(t, "export-0-identity-80x24", screen(r.m))
}

// TestHandoffRulesInTheWizard runs the cases of the handoff rules
// (package policytest) through the wizard: who a typed successor means,
// the protection when no key is known, and which accounts a selection,
// a tag or every account covers. The command line's tests run the same
// cases.
func TestHandoffRulesInTheWizard(t *testing.T) {
	f := setup(t, true)
	policytest.AddColleagues(t, f.ctx.ConfigDir)
	for _, tc := range policytest.SuccessorCases {
		t.Run("to "+tc.Typed, func(t *testing.T) {
			r := start(t, f, f.acme.Account.ID)
			r.keys(t, "enter", "n", tc.Typed, "enter")
			s := &r.m.succ
			if len(tc.Err) > 0 {
				for _, want := range tc.Err {
					if !strings.Contains(r.lastError(), want) {
						t.Errorf("status %q lacks %q", r.lastError(), want)
					}
				}
				if !s.typing {
					t.Error("an ambiguous name closed the name line")
				}
				return
			}
			if s.current < 0 || s.people[s.current].name != tc.Name || (s.people[s.current].known != nil) != tc.Colleague {
				t.Fatalf("successor %+v, want %s (colleague %v); status %q", s.people, tc.Name, tc.Colleague, r.lastError())
			}
			r.keys(t, "space", "enter", "c")
			if tc.Colleague {
				r.sees(t, "‹ to "+tc.Name+"'s key ›")
				return
			}
			// No key is known: the wizard asks, and writes nothing until
			// the CSM chooses.
			r.sees(t, "‹ choose one ›")
			r.keys(t, "enter")
			if r.m.step != stepOptions {
				t.Errorf("enter without a protection chosen: step %d", r.m.step)
			}
			r.sees(t, "no key is known for "+tc.Name)
		})
	}

	for _, tc := range policytest.SelectionCases {
		if tc.Err != "" {
			continue // the wizard offers only the tags accounts have
		}
		t.Run(tc.Name, func(t *testing.T) {
			ctx := uitest.Context(t, 80, 24)
			ctx.ConfigDir = f.ctx.ConfigDir
			if err := ctx.Store.ReplaceRecords(policytest.Book()); err != nil {
				t.Fatal(err)
			}
			sums, err := ctx.Store.Summaries()
			if err != nil {
				t.Fatal(err)
			}
			var selected []string
			for _, n := range tc.Selected {
				for _, s := range sums {
					if s.Name == n {
						selected = append(selected, s.ID)
					}
				}
			}
			r := start(t, &fixture{ctx: ctx}, selected...)
			switch {
			case tc.Tag != "":
				r.sees(t, "The accounts tagged ‹"+strings.ToLower(tc.Tag)+"›")
			case tc.All:
				r.keys(t, "down")
			}
			if len(tc.Again) > 0 {
				r.sees(t, fmt.Sprintf("(%d handed off: sent again)", len(tc.Again)))
			}
			r.keys(t, "enter")
			var got []string
			for _, a := range r.m.chosen {
				got = append(got, a.Name)
			}
			want := slices.Clone(tc.Want)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("chosen %v, want %v", got, want)
			}
		})
	}
}

// TestColleaguesInTheWizard: a pasted `bob id show` line adds a
// colleague; a colleague added from the shell meanwhile is found without
// reopening the wizard, and takes over the accounts assigned to their
// name; i shows the CSM's own line and copies it with OSC 52.
func TestColleaguesInTheWizard(t *testing.T) {
	f := setup(t, true)
	r := start(t, f, f.acme.Account.ID, f.globex.Account.ID)
	r.keys(t, "enter")

	ben, err := handoff.CreateIdentity(t.TempDir(), "Ben Okoro", "ben@example.com")
	if err != nil {
		t.Fatal(err)
	}
	r.keys(t, "n")
	uitest.Drive(r, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("bob-id garbled"), Paste: true})
	r.keys(t, "enter")
	if !strings.Contains(r.lastError(), "not added") || !r.m.succ.typing {
		t.Fatalf("a garbled id: status %q, typing %v", r.lastError(), r.m.succ.typing)
	}
	r.m.succ.input.SetValue("")
	uitest.Drive(r, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(ben.Public().String()), Paste: true})
	r.keys(t, "enter")
	s := &r.m.succ
	if s.typing || s.current < 0 || s.people[s.current].known == nil || s.people[s.current].name != "Ben Okoro" {
		t.Fatalf("after pasting Ben's id: typing %v, people %+v, current %d", s.typing, s.people, s.current)
	}
	r.sees(t, "‹ Ben Okoro <ben@example.com> › known colleague")
	c, err := handoff.LoadColleagues(f.ctx.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Lookup("ben@example.com"); err != nil {
		t.Fatalf("Ben was not stored as a colleague: %v", err)
	}

	// Dana is typed in and gets both accounts; then she is added from
	// the shell. Typing her name again finds the colleague, who keeps the
	// accounts and whose bundle is encrypted to her key.
	r.keys(t, "n", "Dana Wu", "enter", "a")
	r.sees(t, "not a colleague: passphrase", "Dana Wu (2)")
	dana, err := handoff.CreateIdentity(t.TempDir(), "Dana Wu", "dana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(dana.Public().String()); err != nil {
		t.Fatal(err)
	}
	r.keys(t, "n", "dana", "enter")
	r.sees(t, "‹ Dana Wu <dana@example.com> › known colleague", "Dana Wu (2)")
	r.keys(t, "enter", "c")
	r.sees(t, "Bundle 1 of 1: to Dana Wu <dana@example.com>", "‹ to Dana Wu's key ›")
	r.keys(t, "esc", "esc")

	// The CSM's own line: shown, and copied with OSC 52.
	var clip strings.Builder
	defer common.SetClipboardOutput(&clip)()
	r.keys(t, "i")
	me, err := handoff.LoadIdentity(f.ctx.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	line := me.Public().String()
	if want := base64.StdEncoding.EncodeToString([]byte(line)); !strings.Contains(clip.String(), "\x1b]52;c;"+want) {
		t.Errorf("clipboard got %q, want the public id", clip.String())
	}
	r.sees(t, "Your public id", line[:40])
	r.keys(t, "i")
	if strings.Contains(uitest.Plain(r.m.View()), "Your public id") {
		t.Error("i again does not hide the public id")
	}
}

// TestCoverNoteAndRedactionCheck: the note typed in the options goes in
// the bundle; a redacted bundle whose kept text reads as internal is
// listed first, any key but y goes back, y writes.
func TestCoverNoteAndRedactionCheck(t *testing.T) {
	f := setup(t, true)
	acme := f.acme.Account
	acme.Goals = "Grow seats. Confidential: budget halved."
	if _, err := f.ctx.Store.PutAccount(acme); err != nil {
		t.Fatal(err)
	}
	r := start(t, f, acme.ID)
	r.keys(t, "enter", "n", "Ben Okoro", "enter", "a", "enter", "c")
	if r.m.step != stepOptions {
		t.Fatalf("step %d, want the options", r.m.step)
	}
	r.keys(t, "right", "right", "tab", "right", "tab")
	r.sees(t, "‹ none ›", "‹ yes ›")
	r.keys(t, "Call Carol first.", "enter")
	r.sees(t, "Redaction check: 1 text the redacted bundle keeps read as internal", "Acme Logistics", `goals: "Confidential"`)
	r.keys(t, "n")
	if r.m.step != stepOptions || r.m.redactWarn != nil {
		t.Fatalf("n: step %d, still asking %v; want the options", r.m.step, r.m.redactWarn != nil)
	}
	r.keys(t, "enter", "y")
	if r.m.step != stepWrite || !r.m.write.done || r.m.write.err != nil {
		t.Fatalf("y: step %d, done %v, err %v", r.m.step, r.m.write.done, r.m.write.err)
	}
	path := filepath.Join(f.out, "sam-rivera-to-ben-okoro-2026-11-23.bob.zip")
	o, err := handoff.ReadFile(path, handoff.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Manifest.Note != "Call Carol first." || !o.Manifest.Redacted {
		t.Errorf("manifest note %q, redacted %v", o.Manifest.Note, o.Manifest.Redacted)
	}
}

// TestUnknownSuccessorNoteFitsIn80: the line that says a typed successor
// has no key is whole at 80 columns (it lost its end, how the bundle is
// protected).
func TestUnknownSuccessorNoteFitsIn80(t *testing.T) {
	f := setup(t, true)
	r := start(t, f, f.acme.Account.ID)
	r.keys(t, "enter", "n", "Jordan Lee", "enter")
	r.sees(t, "Not a colleague: no key is known, so you choose how the bundle is protected")
}

// TestWizardKeysRebind: the wizard's own keys come from the key map, so a
// keys.conf that moves them moves them here, in what the screen says too.
func TestWizardKeysRebind(t *testing.T) {
	f := setup(t, true)
	conf := "assign-rest = Z\ngo-on-anyway = K\nfix-gap = O\nnew = +\n"
	if err := f.ctx.Keys.ParseKeyConfig(strings.NewReader(conf)); err != nil {
		t.Fatal(err)
	}
	r := start(t, f, f.acme.Account.ID, f.globex.Account.ID)
	r.keys(t, "enter")
	r.sees(t, "+ name or pasted id", "Z the rest")
	r.keys(t, "n", "a")
	if r.m.succ.typing {
		t.Fatal("n still opens the successor's name after new moved to +")
	}
	r.keys(t, "+", "Ben Okoro", "enter", "a")
	r.sees(t, "Ben Okoro", "2 of 2 without a successor")
	r.keys(t, "Z")
	r.sees(t, "all 2 assigned")
	r.keys(t, "enter", "enter")
	if r.m.step != stepCheck || !strings.Contains(r.lastError(), "O opens one to fix it, K hands over as is") {
		t.Fatalf("enter with gaps: step %d, status %q", r.m.step, r.lastError())
	}
	r.keys(t, "c")
	if r.m.step != stepCheck {
		t.Fatal("c still goes on after go-on-anyway moved to K")
	}
	r.keys(t, "K")
	if r.m.step != stepOptions {
		t.Fatalf("K: step %d, want the options", r.m.step)
	}
}

// In a book of several currencies the successors' ARR column names each
// amount's currency, as the account list's does; in a book of one it
// does not.
func TestSuccessorsARRNamesTheCurrencyInABookOfSeveral(t *testing.T) {
	f := setup(t, true)
	r := start(t, f, f.acme.Account.ID, f.globex.Account.ID)
	r.keys(t, "enter")
	r.sees(t, "120k")
	if v := uitest.Plain(r.m.View()); strings.Contains(v, "USD 120k") {
		t.Fatalf("a book of one currency names it:\n%s", v)
	}
	if _, err := f.ctx.Store.UpdateAccount(f.globex.Account.ID, func(a *model.Account) error {
		a.ARR.Currency = "EUR"
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	r = start(t, f, f.acme.Account.ID, f.globex.Account.ID)
	r.keys(t, "enter")
	r.sees(t, "USD 120k", "EUR 120k")
}
