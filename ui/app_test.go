package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/playbooks"
	"bob/ui/accountform"
	"bob/ui/common"
	"bob/ui/trash"
	"bob/ui/uitest"
	"bob/ui/welcome"
)

// start opens the app on a book with the named sample accounts (none:
// an empty book) at w x h, as the runtime would: Init, then the size.
func start(t *testing.T, w, h int, names ...string) (*App, *common.Context) {
	t.Helper()
	ctx := uitest.Context(t, w, h)
	for _, n := range names {
		uitest.SampleAccount(t, ctx, n)
	}
	a := New(ctx)
	a.infoTimeout = 0 // tests do not wait for timers
	uitest.Drive(a, a.Init()(), tea.WindowSizeMsg{Width: w, Height: h})
	if a.Top() == nil {
		t.Fatal("no screen after start")
	}
	return a, ctx
}

var book = []string{"Acme Logistics", "Globex Corporation", "Initech"}

// vary gives the sample accounts different health, stages, ARR and
// renewals, so that the screens show the columns at work.
func vary(t *testing.T, ctx *common.Context) {
	t.Helper()
	sums, err := ctx.Store.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	changes := []func(*model.Account){
		func(a *model.Account) {},
		func(a *model.Account) {
			a.Health, a.Stage, a.Renewal = model.HealthRed, model.StageRenewal, model.MustDate("2026-11-11")
			a.ARR = model.Money{Minor: 45_000_000, Currency: "USD"}
		},
		func(a *model.Account) {
			a.Health, a.Stage, a.Renewal = model.HealthGreen, model.StageValue, model.MustDate("2027-06-30")
			a.ARR = model.Money{Minor: 150_000_000, Currency: "EUR"}
		},
	}
	for i, s := range sums {
		a, err := ctx.Store.Account(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		changes[i%len(changes)](&a)
		if _, err := ctx.Store.PutAccount(a); err != nil {
			t.Fatal(err)
		}
	}
}

// quits reports whether cmd (or any command in its batch) quits.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(c) {
				return true
			}
		}
	}
	return false
}

// press sends one key straight to the app and returns its command.
func press(a *App, k string) tea.Cmd {
	_, cmd := a.Update(uitest.Keys(k)[0])
	return cmd
}

func TestBottomScreen(t *testing.T) {
	a, _ := start(t, 80, 24)
	if _, ok := a.Top().(*welcome.Model); !ok {
		t.Fatalf("empty book: bottom is %T, want the welcome screen", a.Top())
	}
	a, _ = start(t, 80, 24, book...)
	if _, ok := a.Top().(*Home); !ok {
		t.Fatalf("book with accounts: bottom is %T, want the account list", a.Top())
	}
}

func TestQuitAndBack(t *testing.T) {
	a, _ := start(t, 80, 24, book...)
	if !quits(press(a, "q")) {
		t.Fatal("q on the account list does not quit")
	}
	uitest.Drive(a, uitest.Keys("enter")...)
	if a.Screens() != 2 {
		t.Fatalf("enter: %d screens, want the account view pushed", a.Screens())
	}
	if quits(press(a, "q")) || a.Screens() != 1 {
		t.Fatalf("q on a pushed screen: %d screens, want back to 1 without quitting", a.Screens())
	}
	uitest.Drive(a, uitest.Keys("T")...)
	if _, ok := a.Top().(*trash.Model); !ok {
		t.Fatalf("T: top is %T, want the trash", a.Top())
	}
	uitest.Drive(a, uitest.Keys("esc")...)
	if a.Screens() != 1 {
		t.Fatalf("esc on the trash: %d screens, want 1", a.Screens())
	}
	if !quits(press(a, "ctrl+c")) {
		t.Fatal("ctrl+c does not quit")
	}
}

func TestCapturingScreenGetsQ(t *testing.T) {
	a, _ := start(t, 80, 24, book...)
	uitest.Drive(a, uitest.Keys("/")...)
	for _, k := range []string{"q", "?"} {
		if cmd := press(a, k); quits(cmd) {
			t.Fatalf("%s in the filter quit the app", k)
		}
	}
	if a.showHelp {
		t.Fatal("? in the filter opened the help")
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "/ q?") {
		t.Fatalf("the filter did not get q and ?:\n%s", v)
	}
	if !quits(press(a, "ctrl+c")) {
		t.Fatal("ctrl+c does not quit from the filter")
	}
}

func TestFullHelp(t *testing.T) {
	a, _ := start(t, 120, 40, book...)
	uitest.Drive(a, uitest.Keys("?")...)
	v := uitest.Plain(a.View())
	for _, want := range []string{"All keys", "filter by tag", "filter by stage", "show handed off", "undo delete", "trash", "page down", "ctrl+c", "quit"} {
		if !strings.Contains(v, want) {
			t.Errorf("full help lacks %q", want)
		}
	}
	uitest.Golden(t, "full-help-120x40", a.View())
	uitest.Drive(a, uitest.Keys("?")...)
	if a.showHelp {
		t.Fatal("? did not close the help")
	}
}

func TestTooSmall(t *testing.T) {
	a, _ := start(t, 80, 24, book...)
	uitest.Drive(a, tea.WindowSizeMsg{Width: 60, Height: 20})
	v := uitest.Plain(a.View())
	if !strings.Contains(v, "terminal too small: 80x24 needed, this is 60x20") {
		t.Fatalf("no too-small message:\n%s", v)
	}
	uitest.Golden(t, "too-small-60x20", a.View())
	uitest.Drive(a, uitest.Keys("d", "y")...) // keys do nothing while too small
	uitest.Drive(a, tea.WindowSizeMsg{Width: 80, Height: 24})
	v = uitest.Plain(a.View())
	if strings.Contains(v, "too small") || !strings.Contains(v, "Acme Logistics") {
		t.Fatalf("resizing back did not restore the list:\n%s", v)
	}
	if n := len(strings.Split(a.View(), "\n")); n != 24 {
		t.Errorf("the screen is %d lines, want 24", n)
	}
}

func TestStoreErrorInStatusLine(t *testing.T) {
	a, ctx := start(t, 80, 24, book...)
	ctx.Store.Close()
	uitest.Drive(a, common.BookChangedMsg{})
	text, isErr := a.Status()
	if !isErr || !strings.Contains(text, "read the account list") {
		t.Fatalf("status %q (error %v), want the failed read", text, isErr)
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "✗ read the account list") {
		t.Fatalf("the error is not on screen:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("j")...)
	if text, _ := a.Status(); text != "" {
		t.Fatalf("the error stayed after a key: %q", text)
	}
}

func TestInfoStatusFades(t *testing.T) {
	a, _ := start(t, 80, 24)
	a.infoTimeout = InfoTimeout
	a.Update(common.StatusMsg{Text: "saved Acme"})
	first := a.status.seq
	a.Update(common.StatusMsg{Text: "saved Globex"})
	a.Update(clearStatusMsg{seq: first}) // the first line's timer
	if text, _ := a.Status(); text != "saved Globex" {
		t.Fatalf("an old timer cleared a newer line: %q", text)
	}
	a.Update(clearStatusMsg{seq: a.status.seq})
	if text, _ := a.Status(); text != "" {
		t.Fatalf("the info line did not fade: %q", text)
	}
}

func TestDeleteAndUndoThroughTheApp(t *testing.T) {
	a, ctx := start(t, 80, 24, book...)
	uitest.Drive(a, uitest.Keys("space", "space", "d", "y")...)
	if text, _ := a.Status(); !strings.Contains(text, "deleted 2 accounts") {
		t.Fatalf("status after delete: %q", text)
	}
	if n, _ := ctx.Store.Count(); n != 1 {
		t.Fatalf("%d accounts left, want 1", n)
	}
	v := uitest.Plain(a.View())
	if strings.Contains(v, "Acme Logistics") || !strings.Contains(v, "Initech") {
		t.Fatalf("the list did not reload after the delete:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("u")...)
	if n, _ := ctx.Store.Count(); n != 3 {
		t.Fatalf("%d accounts after undo, want 3", n)
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "Acme Logistics") {
		t.Fatalf("undo did not bring the accounts back on screen:\n%s", v)
	}
}

func TestWelcomeAddFirstAccount(t *testing.T) {
	a, ctx := start(t, 100, 30)
	uitest.Drive(a, uitest.Keys("2")...)
	form, ok := a.Top().(*accountform.Model)
	if !ok {
		t.Fatalf("2 on the welcome screen: top is %T, want the account form", a.Top())
	}
	uitest.Drive(a, uitest.Keys("Acme Logistics", "ctrl+s")...)
	if n, _ := ctx.Store.Count(); n != 1 {
		t.Fatalf("%d accounts after saving the form (form says %q)", n, form.Form().Error("name"))
	}
	if a.Screens() != 1 {
		t.Fatalf("%d screens after saving, want the list alone", a.Screens())
	}
	if _, ok := a.Top().(*Home); !ok {
		t.Fatalf("after the first account the bottom is %T, want the account list", a.Top())
	}
	if text, _ := a.Status(); text != "saved Acme Logistics" {
		t.Errorf("status %q, want saved", text)
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "Acme Logistics") {
		t.Fatalf("the new account is not listed:\n%s", v)
	}
}

func TestWelcomeLoadDemo(t *testing.T) {
	// Writing the demo book takes seconds under -race on a busy machine.
	defer func(d time.Duration) { uitest.CommandTimeout = d }(uitest.CommandTimeout)
	uitest.CommandTimeout = 20 * time.Second
	a, ctx := start(t, 100, 30)
	uitest.Drive(a, uitest.Keys("enter")...)
	if n, _ := ctx.Store.Count(); n != welcome.DemoAccounts {
		t.Fatalf("%d accounts after loading the demo", n)
	}
	if _, ok := a.Top().(*Home); !ok {
		t.Fatalf("after the demo the bottom is %T, want the account list", a.Top())
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "Accounts") {
		t.Fatalf("the list is not shown:\n%s", v)
	}
}

func TestUnsavedFormIsNotClosedByQ(t *testing.T) {
	a, _ := start(t, 100, 30, book...)
	uitest.Drive(a, uitest.Keys("n", "Hooli")...)
	form := a.Top().(*accountform.Model)
	form.Form().Focus("stage") // a choice field: the form does not capture letters
	if form.Capturing() {
		t.Skip("the stage field captures keys; nothing to guard")
	}
	uitest.Drive(a, uitest.Keys("q")...)
	if a.Screens() != 2 {
		t.Fatal("q closed a form with unsaved changes")
	}
	uitest.Drive(a, uitest.Keys("esc")...) // the form asks to discard
	uitest.Drive(a, uitest.Keys("y")...)
	if a.Screens() != 1 {
		t.Fatalf("esc, y did not discard the form: %d screens", a.Screens())
	}
}

func TestGolden(t *testing.T) {
	cases := []struct {
		name  string
		w, h  int
		names []string
		keys  []string
	}{
		{"list-80x24", 80, 24, book, nil},
		{"list-120x40", 120, 40, book, []string{"j", "space"}},
		{"welcome-80x24", 80, 24, nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, ctx := start(t, c.w, c.h, c.names...)
			if len(c.names) > 0 {
				vary(t, ctx)
				uitest.Drive(a, common.BookChangedMsg{})
			}
			uitest.Drive(a, uitest.Keys(c.keys...)...)
			uitest.Golden(t, c.name, a.View())
		})
	}
}

func TestKeyConfig(t *testing.T) {
	dir := t.TempDir()
	write := func(text string) string {
		p := filepath.Join(dir, "keys.conf")
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ctx := uitest.Context(t, 80, 24)

	err := Run(Options{Store: ctx.Store, KeyConfigPath: write("teleport = x\n")})
	if err == nil || !strings.Contains(err.Error(), `unknown action "teleport"`) || !strings.Contains(err.Error(), "keys.conf") {
		t.Fatalf("Run with an unknown action: %v", err)
	}
	err = Run(Options{Store: ctx.Store, KeyConfigPath: write("quit = ctrl+banana\n")})
	if err == nil || !strings.Contains(err.Error(), "not a key name") {
		t.Fatalf("Run with an unknown key: %v", err)
	}
	if err := Run(Options{}); err == nil {
		t.Fatal("Run without a book did not fail")
	}

	c, err := newContext(Options{Store: ctx.Store, KeyConfigPath: write("quit = Q\n")})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Keys.Quit.Keys(); len(got) != 1 || got[0] != "Q" {
		t.Fatalf("quit bound to %v, want Q", got)
	}
	if _, err := newContext(Options{Store: ctx.Store, KeyConfigPath: filepath.Join(dir, "missing.conf")}); err != nil {
		t.Fatalf("a missing key config is not an error: %v", err)
	}
}

func TestFastTypingIsSplit(t *testing.T) {
	a, _ := start(t, 80, 24, book...)
	// A terminal read can hold several keys: "/" must still open the
	// filter and the rest must be typed into it.
	uitest.Drive(a, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/glo")})
	v := uitest.Plain(a.View())
	if !strings.Contains(v, "/ glo") || !strings.Contains(v, "1 of 3") {
		t.Fatalf("fast typing was not split:\n%s", v)
	}
}

// panicky is a screen with a bug.
type panicky struct{ common.Component }

func (panicky) Update(tea.Msg) (tea.Model, tea.Cmd) { panic("boom") }
func (panicky) View() string                        { panic("boom") }

func TestScreenPanicBecomesStatus(t *testing.T) {
	a, ctx := start(t, 80, 24, book...)
	uitest.Drive(a, common.PushMsg{Screen: panicky{trash.New(ctx)}})
	uitest.Drive(a, uitest.Keys("x")...)
	if text, isErr := a.Status(); !isErr || !strings.Contains(text, "bug") {
		t.Fatalf("status %q, want the bug reported", text)
	}
	if v := uitest.Plain(a.View()); !strings.Contains(v, "bob hit a bug drawing") {
		t.Fatalf("view:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("esc")...)
	if a.Screens() != 1 {
		t.Fatal("esc did not leave the broken screen")
	}
}

func TestBadPlaybookIsReportedAndTheAppStarts(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	uitest.SampleAccount(t, ctx, "Acme")
	problems := playbooks.Problems{
		{File: "qbr.playbook", Line: 4, Text: `due "soon": write +N or -N`},
		{File: "qbr.playbook", Line: 7, Text: "unknown key"},
	}
	a := New(ctx)
	a.infoTimeout = 0
	loaded := make(chan playbooksLoadedMsg, 1)
	loaded <- playbooksLoadedMsg{playbooks: []playbooks.Playbook{{Name: "onboarding"}}, err: problems}
	a.playbooks = loaded
	batch, ok := a.Init()().(tea.BatchMsg)
	if !ok {
		t.Fatal("Init did not batch the startup status")
	}
	for _, c := range batch {
		uitest.Drive(a, c())
	}
	uitest.Drive(a, tea.WindowSizeMsg{Width: 100, Height: 30})
	text, isErr := a.Status()
	if !isErr || !strings.Contains(text, "qbr.playbook:4") || !strings.Contains(text, "bob playbooks check") || !strings.Contains(text, "the other playbooks are loaded") {
		t.Fatalf("status = %q (error %v)", text, isErr)
	}
	if a.Top() == nil || !strings.Contains(uitest.Plain(a.View()), "Acme") {
		t.Fatal("the app did not start")
	}
	if len(ctx.Playbooks) != 1 || ctx.Playbooks[0].Name != "onboarding" {
		t.Fatalf("the app has playbooks %v, want the ones that loaded", ctx.Playbooks)
	}
	if playbookStatus(nil) != "" {
		t.Fatal("a status line without a problem")
	}
}

// TestStartsFromTheEarlyRead: Run starts reading the account list before
// the program; the app shows that read (an empty one: the welcome screen)
// without reading the book again.
func TestStartsFromTheEarlyRead(t *testing.T) {
	for _, c := range []struct {
		name    string
		names   []string
		welcome bool
	}{{"empty book", nil, true}, {"accounts", book, false}} {
		t.Run(c.name, func(t *testing.T) {
			ctx := uitest.Context(t, 100, 30)
			for _, n := range c.names {
				uitest.SampleAccount(t, ctx, n)
			}
			sums, err := ctx.Store.Summaries()
			if err != nil {
				t.Fatal(err)
			}
			first := make(chan bookLoadedMsg, 1)
			first <- bookLoadedMsg{sums: sums}
			a := New(ctx)
			a.first = first
			init := a.Init()
			ctx.Store.Close() // a second read would fail and say so
			uitest.Drive(a, init(), tea.WindowSizeMsg{Width: 100, Height: 30})
			if _, ok := a.Top().(*welcome.Model); ok != c.welcome {
				t.Fatalf("top is %T, welcome screen wanted: %v", a.Top(), c.welcome)
			}
			if text, isErr := a.Status(); isErr {
				t.Fatalf("the book was read again: %s", text)
			}
			for _, n := range c.names {
				if !strings.Contains(uitest.Plain(a.View()), n) {
					t.Fatalf("%s is not listed:\n%s", n, uitest.Plain(a.View()))
				}
			}
		})
	}
}

// TestEntryReaderKeys: in the timeline entry reader ? shows the keys, a
// key that does nothing there says so, d deletes the entry after asking
// and esc goes back to the timeline, not out of the account.
func TestEntryReaderKeys(t *testing.T) {
	a, ctx := start(t, 80, 24, book...)
	uitest.Drive(a, uitest.Keys("enter", "2", "enter")...)
	if v := uitest.Plain(a.View()); !strings.Contains(v, "Heard the budget") || !strings.Contains(v, "by Sam Rivera") || !strings.Contains(v, "d delete") {
		t.Fatalf("the reader is not open or does not list d:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("?")...)
	if v := uitest.Plain(a.View()); !a.showHelp || !strings.Contains(v, "back to the timeline") {
		t.Fatalf("? in the reader did not show its keys:\n%s", v)
	}
	uitest.Drive(a, uitest.Keys("?")...)
	uitest.Drive(a, uitest.Keys("x")...)
	if text, _ := a.Status(); !strings.Contains(text, "x does nothing here") {
		t.Fatalf("x in the reader: status %q", text)
	}
	uitest.Drive(a, uitest.Keys("esc")...)
	if v := uitest.Plain(a.View()); a.Screens() != 2 || !strings.Contains(v, "entries · kind: all") {
		t.Fatalf("esc in the reader: %d screens, want the timeline:\n%s", a.Screens(), v)
	}
	uitest.Drive(a, uitest.Keys("enter", "d", "y")...)
	rec, err := ctx.Store.Record(a.Top().(interface{ AccountID() string }).AccountID())
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Timeline) != 1 {
		t.Fatalf("%d entries after d y in the reader, want 1", len(rec.Timeline))
	}
	if text, _ := a.Status(); !strings.Contains(text, "deleted") {
		t.Fatalf("status after the delete: %q", text)
	}
}

// TestUnusedKeyInAFieldSaysWhereTheKeysAre: while a field takes the
// keys, a key that does nothing there says so without pointing at ?,
// which the field takes as text; the help line under it lists its keys.
func TestUnusedKeyInAFieldSaysWhereTheKeysAre(t *testing.T) {
	a, ctx := start(t, 100, 30, book...)
	uitest.Drive(a, uitest.Keys("/", "ac", "tab")...)
	text, _ := a.Status()
	help := ctx.Keys.Help.Help().Key
	if !strings.Contains(text, "tab does nothing here") || strings.Contains(text, help+" shows") {
		t.Fatalf("tab in the filter: status %q, want it to say it does nothing without sending the CSM to %s", text, help)
	}
	uitest.Drive(a, uitest.Keys(help)...)
	if a.showHelp || !strings.Contains(uitest.Plain(a.View()), "/ ac"+help) {
		t.Fatalf("%s in the filter did not go into it:\n%s", help, uitest.Plain(a.View()))
	}
}

// TestKeyNamesSpellSpace: the full help names a space key "space", once,
// whether a binding lists it as " ", "space" or both (it showed a blank
// for the export wizard's "assign").
func TestKeyNamesSpellSpace(t *testing.T) {
	for _, tc := range []struct {
		keys []string
		want string
	}{
		{[]string{" "}, "space"},
		{[]string{"space", " "}, "space"},
		{[]string{"up", "k"}, "up/k"},
	} {
		if got := keyNames(key.NewBinding(key.WithKeys(tc.keys...), key.WithHelp("x", "y"))); got != tc.want {
			t.Errorf("keyNames(%q) = %q, want %q", tc.keys, got, tc.want)
		}
	}
}

// TestApplyPutsTheCursorOnTheNewChecklist: after a playbook is applied
// from the account's Playbooks tab, the cursor is on the new checklist's
// first step (the screen's note to the tab went back to itself before).
func TestApplyPutsTheCursorOnTheNewChecklist(t *testing.T) {
	a, ctx := start(t, 100, 30, book...)
	ctx.Playbooks = playbooks.Builtins()
	uitest.Drive(a, uitest.Keys("enter", "5", "a")...)
	uitest.Drive(a, uitest.Keys("adoption", "enter")...)
	uitest.Drive(a, uitest.Keys("y")...)
	uitest.Drive(a, uitest.Keys("a")...)
	uitest.Drive(a, uitest.Keys("outgoing", "enter")...)
	uitest.Drive(a, uitest.Keys("y")...)
	v := uitest.Plain(a.View())
	if !strings.Contains(v, "▸ [ ] ✉ Reach the right stakeholders in time") {
		t.Fatalf("the cursor is not on the new checklist's first step:\n%s", v)
	}
}

// While the book opens, the app draws nothing for openingDelay: a book
// that opens sooner has its list as the first frame. A slower one then
// says that it is opening, until its list comes.
func TestOpeningLineWaitsForASlowBook(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	uitest.SampleAccount(t, ctx, "Acme Logistics")
	a := New(ctx)
	a.hideOpening = true
	a.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if v := a.View(); v != "" {
		t.Fatalf("before openingDelay the app drew:\n%s", v)
	}
	a.Update(openingMsg{})
	if v := a.View(); !strings.Contains(v, "Opening the book…") {
		t.Fatalf("after openingDelay:\n%s\nwant the opening line", v)
	}
	uitest.Drive(a, a.Init()())
	if v := a.View(); !strings.Contains(v, "Acme Logistics") || strings.Contains(v, "Opening the book") {
		t.Fatalf("once the book is open:\n%s", v)
	}
}
