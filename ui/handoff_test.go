package ui

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"filippo.io/age"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/internal/memtune"
	"bob/ui/common"
	"bob/ui/export"
	"bob/ui/importer"
	"bob/ui/uitest"
)

// handoffApp opens the app on Sam Rivera's book of three accounts, with
// Sam's identity and one colleague, Ana Lima, in the config folder. The
// home folder (where bundles go and where the import screen starts) is
// returned with Ana's identity.
func handoffApp(t *testing.T) (*App, *common.Context, string, handoff.Identity) {
	t.Helper()
	ctx := uitest.Context(t, 100, 30)
	ctx.ConfigDir = t.TempDir()
	home := t.TempDir()
	t.Setenv("HOME", home)
	if _, err := handoff.CreateIdentity(ctx.ConfigDir, "Sam Rivera", "sam@example.com"); err != nil {
		t.Fatal(err)
	}
	ana := addColleague(t, ctx.ConfigDir, "Ana Lima", "ana@example.com")
	for _, n := range book {
		uitest.SampleAccount(t, ctx, n)
	}
	a := New(ctx)
	a.infoTimeout = 0
	uitest.Drive(a, a.Init()(), tea.WindowSizeMsg{Width: 100, Height: 30})
	return a, ctx, home, ana
}

// addColleague makes an identity in a folder of its own and adds its
// public line to the colleagues in configDir, as bob colleagues add does.
func addColleague(t *testing.T, configDir, name, email string) handoff.Identity {
	t.Helper()
	id, err := handoff.CreateIdentity(t.TempDir(), name, email)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := handoff.LoadColleagues(configDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Add(id.Public().String()); err != nil {
		t.Fatal(err)
	}
	return id
}

func shows(t *testing.T, a *App, texts ...string) {
	t.Helper()
	v := uitest.Plain(a.View())
	for _, s := range texts {
		if !strings.Contains(v, s) {
			t.Fatalf("the app does not show %q:\n%s", s, v)
		}
	}
}

func TestHandOverAndTakeBackThroughTheApp(t *testing.T) {
	a, ctx, home, _ := handoffApp(t)
	// Select Acme and Globex, then x.
	uitest.Drive(a, uitest.Keys("space", "space", "x")...)
	if _, ok := a.Top().(*export.Model); !ok {
		t.Fatalf("x: top is %T, want the export wizard", a.Top())
	}
	shows(t, a, "The accounts selected in the list", "2 accounts")
	// Esc goes back a step, not out of the wizard.
	uitest.Drive(a, uitest.Keys("enter", "esc")...)
	if _, ok := a.Top().(*export.Model); !ok || a.Screens() != 2 {
		t.Fatalf("esc on the second step closed the wizard (top %T)", a.Top())
	}
	// Both go to Ana (a colleague, the first successor offered), past the
	// gaps, encrypted to her key.
	uitest.Drive(a, uitest.Keys("enter", "a", "enter", "c", "enter")...)
	shows(t, a, "Handed over 2 accounts in 1 bundle", "sam-rivera-to-ana-lima-2026-11-23.bob.zip.age")
	if _, err := os.Stat(filepath.Join(home, "sam-rivera-to-ana-lima-2026-11-23.bob.zip.age")); err != nil {
		t.Fatal(err)
	}
	// Back on the list, the two accounts are gone from the default view.
	uitest.Drive(a, uitest.Keys("enter")...)
	if _, ok := a.Top().(*Home); !ok {
		t.Fatalf("enter on the summary: top is %T, want the list", a.Top())
	}
	shows(t, a, "2 handed off hidden (H)", "Initech")
	if strings.Contains(uitest.Plain(a.View()), "selected") {
		t.Fatal("the handed-off accounts are still selected, hidden")
	}
	if strings.Contains(uitest.Plain(a.View()), "Acme Logistics") {
		t.Fatal("a handed-off account is still in the default list")
	}

	// b on an account not handed off says why it cannot act.
	uitest.Drive(a, uitest.Keys("b")...)
	if text, isErr := a.Status(); !isErr || !strings.Contains(text, "H shows the handed-off accounts") {
		t.Fatalf("b on Initech: status %q, want why not", text)
	}
	// H shows them; b on Acme asks, y takes it back.
	uitest.Drive(a, uitest.Keys("H", "g", "b")...)
	shows(t, a, "Take Acme Logistics back from Ana Lima? It rejoins your list.")
	uitest.Drive(a, uitest.Keys("y")...)
	sums, err := ctx.Store.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if want := s.Name == "Globex Corporation"; s.HandedOff() != want {
			t.Errorf("%s handed off: %v, want %v", s.Name, s.HandedOff(), want)
		}
	}
	shows(t, a, "took back Acme Logistics")
}

func TestImportThroughTheApp(t *testing.T) {
	a, ctx, home, ana := handoffApp(t)
	// Ana hands Sam an account from her own book.
	sender := uitest.Context(t, 80, 24)
	rec := uitest.SampleAccount(t, sender, "Umbrella Health")
	sam, err := handoff.LoadIdentity(ctx.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := handoff.Export(sender.Store, filepath.Join(home, "ana-to-sam.bob.zip.age"), handoff.ExportOptions{
		AccountIDs: []string{rec.Account.ID}, From: ana, To: handoff.Party{Name: "Sam Rivera"},
		Encryption: handoff.Encryption{Recipients: []age.Recipient{sam.AgeIdentity.Recipient()}}, Now: uitest.Now,
	}); err != nil {
		t.Fatal(err)
	}

	uitest.Drive(a, uitest.Keys("I")...)
	if _, ok := a.Top().(*importer.Model); !ok {
		t.Fatalf("I: top is %T, want the import screen", a.Top())
	}
	uitest.Drive(a, uitest.Keys("enter")...)
	shows(t, a, "Signed by your colleague Ana Lima <ana@example.com>.", "1 new, 0 updated, 0 unchanged")
	// Esc goes back to the file, not out of the screen.
	uitest.Drive(a, uitest.Keys("esc")...)
	if _, ok := a.Top().(*importer.Model); !ok {
		t.Fatalf("esc on the preview: top is %T, want the import screen", a.Top())
	}
	shows(t, a, "Which bundle did you receive?")
	uitest.Drive(a, uitest.Keys("enter")...)
	uitest.Drive(a, uitest.Keys("enter")...)
	shows(t, a, "Imported 1 account from Ana Lima")
	uitest.Drive(a, uitest.Keys("enter")...)
	if _, ok := a.Top().(*Home); !ok {
		t.Fatalf("enter on the result: top is %T, want the list", a.Top())
	}
	shows(t, a, "Umbrella Health")
}

func TestImportFromTheWelcomeScreen(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	ctx.ConfigDir = t.TempDir()
	t.Setenv("HOME", t.TempDir())
	a := New(ctx)
	a.infoTimeout = 0
	uitest.Drive(a, a.Init()(), tea.WindowSizeMsg{Width: 80, Height: 24})
	uitest.Drive(a, uitest.Keys("3")...)
	if _, ok := a.Top().(*importer.Model); !ok {
		t.Fatalf("3 on the welcome screen: top is %T, want the import screen", a.Top())
	}
	shows(t, a, "Which bundle did you receive?", "no bundles here")
}

// A colleague added from the shell (bob colleagues add) while the export
// wizard waits for a successor is offered there, and said, without
// closing the wizard.
func TestColleagueAddedFromTheShellReachesTheOpenWizard(t *testing.T) {
	a, ctx, _, _ := handoffApp(t)
	uitest.Drive(a, a.look()()) // the app learns the colleagues file as it is
	uitest.Drive(a, uitest.Keys("x", "enter")...)
	shows(t, a, "Who takes them over?", "‹ Ana Lima <ana@example.com> ›")
	uitest.Drive(a, uitest.Keys("right")...)
	shows(t, a, "‹ Ana Lima <ana@example.com> ›") // the only colleague so far

	addColleague(t, ctx.ConfigDir, "Ben Okoro", "ben@example.com")
	uitest.Drive(a, a.look()())
	shows(t, a, "now among your colleagues: Ben Okoro <ben@example.com>")
	uitest.Drive(a, uitest.Keys("right")...)
	shows(t, a, "‹ Ben Okoro <ben@example.com> › known colleague")

	// Nothing changed since: a look says nothing more.
	if msg := a.look()().(outsideMsg); msg.colleagues != a.colleagues {
		t.Fatalf("a second look sees another colleagues file: %q, was %q", msg.colleagues, a.colleagues)
	}
}

// A sender added as a colleague from the shell while their bundle's
// preview is open shows as that colleague, without opening it again.
func TestColleagueAddedFromTheShellReachesTheOpenImport(t *testing.T) {
	a, ctx, home, _ := handoffApp(t)
	uitest.Drive(a, a.look()())
	ben, err := handoff.CreateIdentity(t.TempDir(), "Ben Okoro", "ben@example.com")
	if err != nil {
		t.Fatal(err)
	}
	sender := uitest.Context(t, 80, 24)
	rec := uitest.SampleAccount(t, sender, "Umbrella Health")
	if _, err := handoff.Export(sender.Store, filepath.Join(home, "ben-to-sam.bob.zip"), handoff.ExportOptions{
		AccountIDs: []string{rec.Account.ID}, From: ben, To: handoff.Party{Name: "Sam Rivera"},
		Encryption: handoff.Encryption{None: true}, Now: uitest.Now,
	}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(a, uitest.Keys("I", "enter")...)
	shows(t, a, "Signed by a key that is not one of your colleagues'")

	cs, err := handoff.LoadColleagues(ctx.ConfigDir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Add(ben.Public().String()); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(a, a.look()())
	shows(t, a, "Signed by your colleague Ben Okoro <ben@example.com>.", "Ben Okoro <ben@example.com> is now one of your colleagues: the bundle is signed by them")
}

// The import screen sets the garbage collector for a whole book's
// records while it is open (under the app's soft limit the collector ran
// without pause on one), and the app's setting is back once it closes.
func TestImportScreenSetsTheCollectorWhileOpen(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	a, _, _, _ := handoffApp(t)
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	memtune.Set(memtune.App)
	uitest.Drive(a, uitest.Keys("I")...)
	if _, ok := a.Top().(*importer.Model); !ok {
		t.Fatalf("I: top is %T, want the import screen", a.Top())
	}
	if got := debug.SetMemoryLimit(-1); got != memtune.Import.Limit {
		t.Errorf("with the import screen open, the heap's soft limit is %d, want %d", got, memtune.Import.Limit)
	}
	uitest.Drive(a, uitest.Keys("esc")...)
	if _, ok := a.Top().(*importer.Model); ok {
		t.Fatal("esc on the file step left the import screen open")
	}
	if got := debug.SetMemoryLimit(-1); got != memtune.App.Limit {
		t.Errorf("once the import screen closed, the heap's soft limit is %d, want the app's %d", got, memtune.App.Limit)
	}
}
