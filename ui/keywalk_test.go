package ui

import (
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/model"
	"bob/playbooks"
	"bob/ui/accountform"
	"bob/ui/applyplaybook"
	"bob/ui/common"
	"bob/ui/csvimport"
	"bob/ui/export"
	"bob/ui/filepick"
	"bob/ui/importer"
	"bob/ui/trash"
	"bob/ui/uitest"
)

// The key walk: every screen, every key. A key either acts (the screen
// changes, another opens or closes) or says why it cannot in the status
// line. A key that does nothing and says nothing fails the test.

// walked is one screen of the walk: how to bring it on top of the app.
type walked struct {
	name string
	// pkgs are the packages under ui/ the screen covers; every package
	// with a screen must be covered (TestKeyWalkCoversEveryScreen).
	pkgs []string
	// empty: the book has no accounts (the welcome screen).
	empty bool
	open  func(t *testing.T, a *App, ctx *common.Context, ids []string)
}

// push puts c on top of the app, as a screen that opens it would.
func push(a *App, c common.Component) { uitest.Drive(a, common.PushMsg{Screen: c}) }

func accountTab(tab string) func(*testing.T, *App, *common.Context, []string) {
	return func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		uitest.Drive(a, common.OpenAccountMsg{ID: ids[0], Tab: tab})
	}
}

// walkScreens is the registry of screens. A new screen is added here;
// TestKeyWalkCoversEveryScreen fails until it is.
var walkScreens = []walked{
	{name: "welcome", pkgs: []string{"welcome"}, empty: true, open: func(*testing.T, *App, *common.Context, []string) {}},
	{name: "account list", pkgs: []string{"accounts"}, open: func(*testing.T, *App, *common.Context, []string) {}},
	{name: "today", pkgs: []string{"today"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		uitest.Drive(a, uitest.Keys("tab")...)
		if h, ok := a.Top().(*Home); !ok || !h.ShowingToday() {
			t.Fatal("tab did not show Today")
		}
	}},
	{name: "account: Overview", pkgs: []string{"account", "account/overview", "account/tabkit"}, open: accountTab("Overview")},
	{name: "account: Timeline", pkgs: []string{"timeline"}, open: accountTab("Timeline")},
	{name: "account: People", pkgs: []string{"account/people"}, open: accountTab("People")},
	{name: "account: Plans", pkgs: []string{"account/plans"}, open: accountTab("Plans")},
	{name: "account: Playbooks", pkgs: []string{"account/playbooks"}, open: accountTab("Playbooks")},
	{name: "account: Commitments & risks", pkgs: []string{"account/commitments"}, open: accountTab("Commitments & risks")},
	{name: "account form", pkgs: []string{"accountform", "form"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		push(a, accountform.New(ctx, ids[0]))
	}},
	{name: "trash", pkgs: []string{"trash"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) { push(a, trash.New(ctx)) }},
	{name: "export wizard", pkgs: []string{"export"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		push(a, export.New(ctx, nil))
	}},
	{name: "import", pkgs: []string{"importer", "filepick"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		push(a, importer.New(ctx))
	}},
	// The preview of a bundle, where the import's own keys act (the
	// conflict policy, the incoming checklist).
	{name: "import: preview", pkgs: []string{"importer"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		path := walkBundle(t, ctx, false)
		push(a, importer.New(ctx))
		uitest.Drive(a, filepick.PickedMsg{Path: path})
		if !strings.Contains(uitest.Plain(a.View()), "On import:") {
			t.Fatalf("the preview did not open:\n%s", uitest.Plain(a.View()))
		}
	}},
	{name: "CSV import", pkgs: []string{"csvimport"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		push(a, csvimport.New(ctx))
	}},
	{name: "email step", pkgs: []string{"email"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		pb, _ := playbooks.Builtin(playbooks.TransitionOutgoing)
		// Every key starts on a fresh app over the same book: the
		// checklist is applied once and found after.
		if _, err := ctx.Store.ApplyChecklists([]model.Checklist{pb.Checklist(ids[0], model.DateOf(uitest.Now))}); err != nil {
			t.Fatal(err)
		}
		cs, err := ctx.Store.Checklists(ids[0])
		if err != nil || len(cs) == 0 {
			t.Fatalf("checklists: %v", err)
		}
		uitest.Drive(a, common.OpenAccountMsg{ID: ids[0], Tab: "Playbooks", Item: cs[0].Steps[0].ID})
		uitest.Drive(a, uitest.Keys("enter", "enter", "Jordan Lee", "enter")...) // open the email, pick the first recipient, name the successor
		if !strings.Contains(uitest.Plain(a.View()), "Subject:") {
			t.Fatalf("the email did not open:\n%s", uitest.Plain(a.View()))
		}
	}},
	{name: "apply a playbook", pkgs: []string{"applyplaybook", "picker"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		push(a, applyplaybook.New(ctx, ids[:1]))
	}},

	// The states inside screens, where keys mean something else: each is
	// walked as a screen of its own.
	{name: "help", open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "All keys", "?")
	}},
	{name: "account list: filter typed", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "/ ac", "/", "ac")
	}},
	{name: "account list: a selection", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "1 selected", "space")
	}},
	{name: "account list: tag picker", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "Filter by tag", "t")
	}},
	{name: "account list: stage picker", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "Filter by lifecycle stage", "S")
	}},
	{name: "account list: stage picker, nothing matches", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "nothing matches", "S", "zzq")
	}},
	{name: "account list: due picker", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, _ *common.Context, _ []string) {
		walkTo(t, a, "Filter by what is due", "F")
	}},
	{name: "account list: delete question", pkgs: []string{"accounts"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		walkTo(t, a, ctx.Keys.YesNo(), "d")
	}},
	{name: "account: Timeline reader", pkgs: []string{"timeline"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		accountTab("Timeline")(t, a, ctx, ids)
		walkTo(t, a, "Budget risk", "enter")
	}},
	{name: "account: Timeline entry form", pkgs: []string{"timeline", "form"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		accountTab("Timeline")(t, a, ctx, ids)
		walkTo(t, a, "ctrl+s save", "n")
	}},
	{name: "account: Timeline delete question", pkgs: []string{"timeline"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		accountTab("Timeline")(t, a, ctx, ids)
		walkTo(t, a, ctx.Keys.YesNo(), "d")
	}},
	{name: "account: People picker", pkgs: []string{"account/people"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		accountTab("People")(t, a, ctx, ids)
		walkTo(t, a, "Priya Nair", "/")
	}},
	{name: "account: Commitments & risks, new", pkgs: []string{"account/commitments"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		accountTab("Commitments & risks")(t, a, ctx, ids)
		uitest.Drive(a, uitest.Keys("n")...)
		if c, ok := a.Top().(common.Capturer); !ok || !c.Capturing() {
			t.Fatalf("n did not ask or open a form:\n%s", uitest.Plain(a.View()))
		}
	}},
	{name: "account: Plans on a plan", pkgs: []string{"account/plans"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		walkPlan(t, ctx, ids[0])
		accountTab("Plans")(t, a, ctx, ids)
		walkTo(t, a, "Cut the ticket backlog")
	}},
	{name: "account: Plans on an objective", pkgs: []string{"account/plans"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		walkPlan(t, ctx, ids[0])
		accountTab("Plans")(t, a, ctx, ids)
		walkTo(t, a, "Backlog under 200", "down")
	}},
	{name: "account: Plans on a task", pkgs: []string{"account/plans"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		walkPlan(t, ctx, ids[0])
		accountTab("Plans")(t, a, ctx, ids)
		walkTo(t, a, "Weekly triage", "down", "down")
	}},
	{name: "account: Plans, new what?", pkgs: []string{"account/plans"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		walkPlan(t, ctx, ids[0])
		accountTab("Plans")(t, a, ctx, ids)
		walkTo(t, a, "new: ", "n")
	}},
	{name: "account: Playbooks on a step", pkgs: []string{"account/playbooks"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		if cs, err := ctx.Store.Checklists(ids[0]); err != nil || len(cs) == 0 {
			pb, _ := playbooks.Builtin(playbooks.TransitionOutgoing)
			if _, err := ctx.Store.ApplyChecklists([]model.Checklist{pb.Checklist(ids[0], model.DateOf(uitest.Now))}); err != nil {
				t.Fatal(err)
			}
		}
		accountTab("Playbooks")(t, a, ctx, ids)
		walkTo(t, a, "Reach the right stakeholders", "down")
	}},
	{name: "export wizard: successors", pkgs: []string{"export"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		walkIdentity(t, ctx)
		push(a, export.New(ctx, nil))
		walkTo(t, a, "Who takes them over?", "enter")
	}},
	{name: "export wizard: the check", pkgs: []string{"export"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		walkIdentity(t, ctx)
		push(a, export.New(ctx, nil))
		walkTo(t, a, "have gaps", "enter", "n", "Ben Okoro", "enter", "a", "enter")
	}},
	{name: "export wizard: options", pkgs: []string{"export"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		walkIdentity(t, ctx)
		push(a, export.New(ctx, nil))
		walkTo(t, a, "Bundle 1 of 1: to Ben Okoro", "enter", "n", "Ben Okoro", "enter", "a", "enter", "c")
	}},
	{name: "import: passphrase", pkgs: []string{"importer"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		path := walkBundle(t, ctx, true)
		push(a, importer.New(ctx))
		uitest.Drive(a, filepick.PickedMsg{Path: path})
		walkTo(t, a, "Passphrase:")
	}},
	{name: "CSV import: preview", pkgs: []string{"csvimport"}, open: func(t *testing.T, a *App, ctx *common.Context, _ []string) {
		push(a, csvimport.New(ctx))
		uitest.Drive(a, uitest.Keys("enter")...) // accounts
		uitest.Drive(a, filepick.PickedMsg{Path: filepath.Join("..", "csvbook", "testdata", "salesforce_accounts.csv")})
		walkTo(t, a, "Account Name")
	}},
	{name: "trash with an item", pkgs: []string{"trash"}, open: func(t *testing.T, a *App, ctx *common.Context, ids []string) {
		if items, err := ctx.Store.Trash(); err != nil || len(items) == 0 {
			if _, err := ctx.Store.DeleteAccount(ids[len(ids)-1]); err != nil {
				t.Fatal(err)
			}
		}
		push(a, trash.New(ctx))
		walkTo(t, a, "Initech")
	}},
}

// walkTo presses keys on the app and checks that the screen then shows
// want: the state to walk was reached.
func walkTo(t *testing.T, a *App, want string, keys ...string) {
	t.Helper()
	uitest.Drive(a, uitest.Keys(keys...)...)
	if v := uitest.Plain(a.View()); !strings.Contains(v, want) {
		t.Fatalf("after %q the screen does not show %q:\n%s", keys, want, v)
	}
}

// walkPlan gives the account a success plan with an objective and a
// task, once.
func walkPlan(t *testing.T, ctx *common.Context, accountID string) {
	if ps, err := ctx.Store.Plans(accountID); err != nil || len(ps) > 0 {
		return
	}
	id := func() string { return model.NewIDAt(uitest.Now) }
	p := model.SuccessPlan{ID: id(), AccountID: accountID, Title: "Cut the ticket backlog", Status: model.PlanActive,
		Objectives: []model.Objective{{ID: id(), Title: "Backlog under 200", Metric: model.Metric{Name: "open tickets", Baseline: 450, Target: 200, Current: 320}}},
		Tasks:      []model.Task{{ID: id(), Title: "Weekly triage with the champion"}}}
	if _, err := ctx.Store.PutPlan(p); err != nil {
		t.Fatal(err)
	}
}

// walkIdentity gives the book's context a config folder with the CSM's
// identity, made once, so the export wizard starts at its first step.
func walkIdentity(t *testing.T, ctx *common.Context) {
	if ctx.ConfigDir != "" {
		return
	}
	ctx.ConfigDir = t.TempDir()
	if _, err := handoff.CreateIdentity(ctx.ConfigDir, "Sam Rivera", "sam@example.com"); err != nil {
		t.Fatal(err)
	}
}

// walkBundles are the bundles the import is walked over, one a book and
// a protection: an account from another book, made once.
var walkBundles = map[*common.Context]map[bool]string{}

// walkBundle is a plain zip, or with passphrase one protected by a
// passphrase.
func walkBundle(t *testing.T, ctx *common.Context, passphrase bool) string {
	if p, ok := walkBundles[ctx][passphrase]; ok {
		return p
	}
	sender := uitest.Context(t, 80, 24)
	rec := uitest.SampleAccount(t, sender, "Umbrella Health")
	p := filepath.Join(t.TempDir(), "ana-to-sam.bob.zip")
	enc := handoff.Encryption{None: true}
	if passphrase {
		p, enc = p+".age", handoff.Encryption{Passphrase: "correct horse battery"}
	}
	if _, err := handoff.Export(sender.Store, p, handoff.ExportOptions{
		AccountIDs: []string{rec.Account.ID}, From: handoff.Identity{Name: "Ana Lima"}, To: handoff.Party{Name: "Sam Rivera"},
		Encryption: enc, Now: uitest.Now,
	}); err != nil {
		t.Fatal(err)
	}
	if walkBundles[ctx] == nil {
		walkBundles[ctx] = map[bool]string{}
	}
	walkBundles[ctx][passphrase] = p
	return p
}

// notWalked are the actions the walk leaves out, and why.
var notWalked = map[string]string{
	"quit": "closes the screen or the app", "back": "closes the screen", "help": "opens the help on every screen",
	// Moving at an edge stays put, as in every list; moving is tested
	// with each screen.
	"up": "movement", "down": "movement", "top": "movement", "bottom": "movement",
	"page-up": "movement", "page-down": "movement", "left": "movement", "right": "movement",
}

// TestKeyWalk presses, on every screen, every key the screen lists in its
// help and every action's key of the key map, each on a fresh app. A key
// the screen lists must act or say why in its own words; any other key
// must at least say that it does nothing here.
func TestKeyWalk(t *testing.T) {
	defer common.SetClipboardOutput(io.Discard)() // the email's and the id's copy keys
	for _, s := range walkScreens {
		t.Run(s.name, func(t *testing.T) {
			ctx := uitest.Context(t, 100, 30)
			var ids []string
			if !s.empty {
				for _, n := range book {
					ids = append(ids, uitest.SampleAccount(t, ctx, n).Account.ID)
				}
			}
			fresh := func() *App {
				a := New(ctx)
				a.infoTimeout = 0
				uitest.Drive(a, a.Init()(), tea.WindowSizeMsg{Width: 100, Height: 30})
				s.open(t, a, ctx, ids)
				return a
			}
			for _, k := range walkKeys(ctx.Keys, fresh().Top()) {
				a := fresh()
				if c, ok := a.Top().(common.Capturer); ok && c.Capturing() && (len([]rune(k.key)) == 1 || k.key == "space") {
					continue // a focused field takes a typed character as text
				}
				top, screens, before := a.Top(), a.Screens(), uitest.Plain(a.View())
				uitest.Drive(a, uitest.Keys(k.key)...)
				text, _ := a.Status()
				acted := a.Top() != top || a.Screens() != screens || uitest.Plain(a.View()) != before
				switch {
				case !acted && text == "":
					t.Errorf("%s: %s (%s) does nothing and says nothing", s.name, k.key, k.name)
				case !acted && k.listed && strings.Contains(text, "does nothing here"):
					t.Errorf("%s: %s (%s) is among the screen's keys but does nothing (%q)", s.name, k.key, k.name, text)
				}
			}
		})
	}
}

// walkKey is one key to press: its name (the action, or the help's
// words) and whether the screen lists it.
type walkKey struct {
	key, name string
	listed    bool
}

// walkKeys lists the keys of the screen's help, then every action of the
// key map not among them, leaving out notWalked.
func walkKeys(k *common.KeyMap, screen common.Component) []walkKey {
	var out []walkKey
	seen := map[string]bool{}
	actions := k.Actions()
	for name := range notWalked {
		if b, ok := actions[name]; ok {
			for _, kk := range b.Keys() {
				seen[kk] = true
			}
		}
	}
	add := func(key, name string, listed bool) {
		// A hint's name ("other keys") is no key to press.
		if key == "" || seen[key] || key == "ctrl+c" || strings.Contains(key, " ") {
			return
		}
		seen[key] = true
		out = append(out, walkKey{key: key, name: name, listed: listed})
	}
	listed := screen.ShortHelp()
	for _, col := range screen.FullHelp() {
		listed = append(listed, col...)
	}
	for _, b := range listed {
		for _, kk := range b.Keys() {
			add(kk, b.Help().Desc, true)
		}
	}
	names := make([]string, 0, len(actions))
	for n := range actions {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if _, skip := notWalked[n]; !skip {
			add(actions[n].Keys()[0], n, false)
		}
	}
	return out
}

// TestKeyWalkCoversEveryScreen fails when a package under ui/ holds a
// screen the walk does not know: add it to walkScreens.
func TestKeyWalkCoversEveryScreen(t *testing.T) {
	covered := map[string]bool{}
	for _, s := range walkScreens {
		for _, p := range s.pkgs {
			covered[p] = true
		}
	}
	notScreens := map[string]bool{"common": true, "uitest": true, "testdata": true, "terminal": true}
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == "." {
			return err
		}
		if notScreens[filepath.Base(path)] {
			return filepath.SkipDir
		}
		if hasGo(t, path) && !covered[filepath.ToSlash(path)] {
			t.Errorf("ui/%s is not walked: add its screen to walkScreens in keywalk_test.go", filepath.ToSlash(path))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func hasGo(t *testing.T, dir string) bool {
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".go") && !strings.HasSuffix(e.Name(), "_test.go") {
			return true
		}
	}
	return false
}
