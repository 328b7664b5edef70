package accounts

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
	"github.com/sahilm/fuzzy"

	"bob/model"
	"bob/ui/common"
	"bob/ui/uitest"
)

// fixture describes one test account.
type fixture struct {
	name, domain string
	tags         []string
	stage        model.Stage
	health       model.Health
	arr          int64 // whole dollars
	renewal      string
	touchedDays  int // days ago of the last external entry; -1 = never
	openTasks    int
	handoff      model.HandoffStatus
}

var fixtures = []fixture{
	{"Acme Logistics", "acme.example", []string{"emea", "pilot"}, model.StageAdoption, model.HealthYellow, 120_000, "2026-12-01", 10, 2, ""},
	{"Globex Corporation", "globex.example", []string{"amer"}, model.StageRenewal, model.HealthRed, 450_000, "2026-11-11", 45, 0, model.HandoffPreparing},
	{"Initech", "initech.example", []string{"amer", "smb"}, model.StageOnboarding, model.HealthGreen, 30_000, "2027-06-30", 3, 5, ""},
	{"Umbrella Health", "umbrella.example", []string{"emea"}, model.StageExpansion, model.HealthGreen, 1_200_000, "2027-03-01", -1, 1, model.HandoffReceived},
	{"Stark Industries", "stark.example", []string{"amer"}, model.StageValue, model.HealthYellow, 800_000, "2027-01-15", 20, 0, model.HandoffSent},
	{"Hooli", "hooli.example", nil, "", "", 0, "", 90, 0, ""},
}

// record builds a valid account record for a fixture.
func (f fixture) record() model.AccountRecord {
	at := uitest.Now.Add(-400 * 24 * time.Hour)
	id := model.NewIDAt(at)
	a := model.Account{ID: id, Name: f.name, Domain: f.domain, Tags: f.tags, Stage: f.stage, Health: f.health,
		Owner: "Sam Rivera", Created: at, Updated: at}
	if f.arr > 0 {
		a.ARR = model.Money{Minor: f.arr * 100, Currency: "USD"}
	}
	if f.renewal != "" {
		a.Renewal = model.MustDate(f.renewal)
	}
	rec := model.AccountRecord{Account: a}
	if f.touchedDays >= 0 {
		rec.Timeline = append(rec.Timeline, model.TimelineEntry{ID: model.NewIDAt(at), AccountID: id,
			When: uitest.Now.Add(-time.Duration(f.touchedDays) * 24 * time.Hour), Kind: model.KindCall,
			Title: "check-in", Created: at, Updated: at})
	}
	if f.openTasks > 0 {
		c := model.Checklist{ID: model.NewIDAt(at), AccountID: id, Playbook: "onboarding", Title: "Onboarding",
			Applied: model.DateOf(at), Created: at, Updated: at}
		for i := range f.openTasks {
			// Few steps are late, many are not: Acme and Umbrella have overdue items.
			due := model.DateOf(uitest.Now).AddDays(f.openTasks - 3 + i)
			c.Steps = append(c.Steps, model.Step{ID: model.NewIDAt(at), Title: fmt.Sprintf("step %d", i+1), Due: due})
		}
		rec.Checklists = append(rec.Checklists, c)
	}
	if f.handoff != "" {
		rec.Handoffs = append(rec.Handoffs, model.Handoff{ID: model.NewIDAt(at), AccountID: id, From: "Sam Rivera",
			To: "Alex Kim", When: uitest.Now.Add(-24 * time.Hour), Status: f.handoff})
	}
	rec.Canonicalize()
	return rec
}

// newList returns a loaded list over the fixtures.
func newList(t testing.TB, w, h int) (*Model, *common.Context) {
	t.Helper()
	ctx := uitest.Context(t, w, h)
	var recs []model.AccountRecord
	for _, f := range fixtures {
		recs = append(recs, f.record())
	}
	if err := ctx.Store.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	m := New(ctx)
	m.SetSize(w, h-2) // the root keeps two lines for the status and help bar
	uitest.Drive(m, m.Init()())
	if m.book == nil {
		t.Fatal("the list did not load")
	}
	return m, ctx
}

// shown returns the names of the rows, in order.
func (m *Model) shown() []string {
	var out []string
	for _, r := range m.rows {
		out = append(out, m.book.sums[r.i].Name)
	}
	return out
}

func TestFilterNarrowsAndEscClears(t *testing.T) {
	m, _ := newList(t, 80, 24)
	if got := len(m.shown()); got != 5 {
		t.Fatalf("%d accounts shown, want 5 (the handed-off one hidden)", got)
	}
	uitest.Drive(m, uitest.Keys("/", "glo")...)
	if got := m.shown(); !slices.Equal(got, []string{"Globex Corporation"}) {
		t.Fatalf("after /glo: %v", got)
	}
	if !strings.Contains(uitest.Plain(m.View()), "1 of 6") {
		t.Errorf("header does not count the matches:\n%s", uitest.Plain(m.View()))
	}
	uitest.Drive(m, uitest.Keys("esc")...)
	if got := len(m.shown()); got != 5 || m.filtering || m.filter.Value() != "" {
		t.Fatalf("after esc: %d shown, filtering %v, text %q", got, m.filtering, m.filter.Value())
	}
}

func TestFilterMatchesTagsAndDomain(t *testing.T) {
	cases := []struct{ query, want string }{
		{"pilot", "Acme Logistics"}, // a tag
		{"umbrella", "Umbrella Health"},
		{"hooli", "Hooli"}, // name and domain
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			m, _ := newList(t, 80, 24)
			uitest.Drive(m, uitest.Keys("/", c.query, "enter")...)
			if got := m.shown(); len(got) == 0 || got[0] != c.want {
				t.Fatalf("/%s: %v, want %s first", c.query, got, c.want)
			}
			if m.filtering {
				t.Error("enter did not leave the filter input")
			}
		})
	}
}

func TestStaleFilterResultsAreDropped(t *testing.T) {
	m, _ := newList(t, 80, 24)
	m.filter.SetValue("glo")
	old := m.runFilter(false)
	m.filter.SetValue("ini")
	fresh := m.runFilter(false)
	uitest.Drive(m, fresh(), old()) // the old result arrives last
	if got := m.shown(); !slices.Equal(got, []string{"Initech"}) {
		t.Fatalf("%v: a stale result replaced a newer one", got)
	}
}

func TestSortCycles(t *testing.T) {
	m, _ := newList(t, 120, 40)
	want := []struct {
		order Order
		names []string
	}{
		{ByName, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Umbrella Health"}},
		{ByRenewal, []string{"Globex Corporation", "Acme Logistics", "Umbrella Health", "Initech", "Hooli"}},
		{ByARR, []string{"Umbrella Health", "Globex Corporation", "Acme Logistics", "Initech", "Hooli"}},
		{ByHealth, []string{"Globex Corporation", "Acme Logistics", "Initech", "Umbrella Health", "Hooli"}},
		{ByLastTouch, []string{"Umbrella Health", "Hooli", "Globex Corporation", "Acme Logistics", "Initech"}},
		{ByName, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Umbrella Health"}},
	}
	for i, w := range want {
		if i > 0 {
			uitest.Drive(m, uitest.Keys("s")...)
		}
		if m.view.order != w.order {
			t.Fatalf("step %d: order %v, want %v", i, m.view.order, w.order)
		}
		if got := m.shown(); !slices.Equal(got, w.names) {
			t.Errorf("sort %v: %v, want %v", w.order, got, w.names)
		}
		if !strings.Contains(uitest.Plain(m.View()), "sort: "+w.order.String()) {
			t.Errorf("header does not show sort %v", w.order)
		}
	}
}

func TestTagAndStageFilters(t *testing.T) {
	cases := []struct {
		name string
		keys []string
		want []string
	}{
		{"tag", []string{"t", "eme", "enter"}, []string{"Acme Logistics", "Umbrella Health"}},
		{"tag then any", []string{"t", "eme", "enter", "t", "any", "enter"}, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Umbrella Health"}},
		{"stage", []string{"S", "onb", "enter"}, []string{"Initech"}},
		{"tag and stage", []string{"t", "amer", "enter", "S", "renewal", "enter"}, []string{"Globex Corporation"}},
		{"picker cancelled", []string{"t", "emea", "esc"}, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Umbrella Health"}},
		{"esc clears tag", []string{"t", "emea", "enter", "esc"}, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Umbrella Health"}},
		{"overdue items", []string{"F", "overdue", "enter"}, []string{"Acme Logistics", "Umbrella Health"}},
		{"renewal within 30 days", []string{"F", "renewal within 30", "enter"}, []string{"Acme Logistics"}},
		{"untouched for 30 days", []string{"F", "untouched for 30", "enter"}, []string{"Globex Corporation", "Hooli", "Umbrella Health"}},
		{"esc clears the due filter", []string{"F", "overdue", "enter", "esc"}, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Umbrella Health"}},
		{"handed off shown", []string{"H"}, []string{"Acme Logistics", "Globex Corporation", "Hooli", "Initech", "Stark Industries", "Umbrella Health"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := newList(t, 80, 24)
			uitest.Drive(m, uitest.Keys(c.keys...)...)
			if got := m.shown(); !slices.Equal(got, c.want) {
				t.Fatalf("%v: %v, want %v", c.keys, got, c.want)
			}
			if m.Capturing() {
				t.Error("the list still captures keys after the picker closed")
			}
		})
	}
}

func TestOpenEmitsOpenAccount(t *testing.T) {
	m, _ := newList(t, 80, 24)
	uitest.Drive(m, uitest.Keys("j")...) // Globex Corporation
	_, cmd := m.Update(uitest.Keys("enter")[0])
	if cmd == nil {
		t.Fatal("enter returned no command")
	}
	msg, ok := cmd().(common.OpenAccountMsg)
	if !ok {
		t.Fatalf("enter sent %T, want common.OpenAccountMsg", cmd())
	}
	if want := m.book.sums[m.rows[1].i].ID; msg.ID != want {
		t.Fatalf("opened %s, want %s", msg.ID, want)
	}
}

func TestNewEditAndTrashPushScreens(t *testing.T) {
	for _, k := range []string{"n", "e", "T"} {
		m, _ := newList(t, 80, 24)
		_, cmd := m.Update(uitest.Keys(k)[0])
		if cmd == nil {
			t.Fatalf("%s: no command", k)
		}
		if p, ok := cmd().(common.PushMsg); !ok || p.Screen == nil {
			t.Fatalf("%s: got %T, want a PushMsg with a screen", k, cmd())
		}
	}
}

func TestSelectDeleteConfirmUndo(t *testing.T) {
	m, ctx := newList(t, 80, 24)
	uitest.Drive(m, uitest.Keys("space", "space")...) // Acme, Globex
	if got := len(m.selected); got != 2 {
		t.Fatalf("%d selected, want 2", got)
	}
	if !strings.Contains(uitest.Plain(m.View()), " ✓ Acme") {
		t.Errorf("the selection marker is not shown:\n%s", uitest.Plain(m.View()))
	}
	uitest.Drive(m, uitest.Keys("d")...)
	if m.confirm == nil || !m.Capturing() {
		t.Fatal("d did not ask for confirmation")
	}
	if v := uitest.Plain(m.View()); !strings.Contains(v, "Delete 2 accounts (Acme Logistics, Globex Corporation)?") {
		t.Fatalf("no confirmation line:\n%s", v)
	}
	uitest.Drive(m, uitest.Keys("y")...)
	// The root would broadcast BookChangedMsg; the test stands in for it.
	uitest.Drive(m, common.BookChangedMsg{})
	if got := m.shown(); slices.Contains(got, "Acme Logistics") || slices.Contains(got, "Globex Corporation") || len(got) != 3 {
		t.Fatalf("after delete: %v", got)
	}
	if n, _ := ctx.Store.Count(); n != 4 {
		t.Fatalf("%d accounts in the book, want 4", n)
	}
	if items, _ := ctx.Store.Trash(); len(items) != 2 {
		t.Fatalf("%d items in the trash, want 2", len(items))
	}
	uitest.Drive(m, uitest.Keys("u")...)
	uitest.Drive(m, common.BookChangedMsg{})
	if got := len(m.shown()); got != 5 {
		t.Fatalf("after undo: %d shown, want 5: %v", got, m.shown())
	}
	if items, _ := ctx.Store.Trash(); len(items) != 0 {
		t.Fatalf("%d items still in the trash", len(items))
	}
	// Nothing more to undo: the key says why instead of doing nothing.
	_, cmd := m.Update(uitest.Keys("u")[0])
	if st, ok := cmd().(common.StatusMsg); !ok || !st.Error || !strings.Contains(st.Text, "nothing to undo") {
		t.Fatalf("second undo: %#v", cmd())
	}
}

func TestDeleteCancelledKeepsAccount(t *testing.T) {
	m, ctx := newList(t, 80, 24)
	uitest.Drive(m, uitest.Keys("d", "n")...)
	if m.confirm != nil {
		t.Fatal("n did not close the confirmation")
	}
	if n, _ := ctx.Store.Count(); n != 6 {
		t.Fatalf("%d accounts, want 6: n must not delete", n)
	}
}

func TestLoadErrorIsReported(t *testing.T) {
	m, ctx := newList(t, 80, 24)
	ctx.Store.Close()
	_, cmd := m.Update(common.BookChangedMsg{})
	_, cmd = m.Update(cmd())
	st, ok := cmd().(common.StatusMsg)
	if !ok || !st.Error || !strings.Contains(st.Text, "read the account list") {
		t.Fatalf("got %#v, want an error status naming the account list", cmd())
	}
}

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		t.Run(fmt.Sprintf("%dx%d", w, h), func(t *testing.T) {
			m, _ := newList(t, w, h)
			uitest.Drive(m, uitest.Keys("j", "space", "j")...)
			uitest.Golden(t, fmt.Sprintf("list-%dx%d", w, h), m.View())
		})
	}
	t.Run("filtered", func(t *testing.T) {
		m, _ := newList(t, 80, 24)
		uitest.Drive(m, uitest.Keys("/", "ac")...)
		uitest.Golden(t, "list-filtered", m.View())
	})
}

func TestViewFitsWidth(t *testing.T) {
	for _, w := range []int{80, 100, 120, 200} {
		m, _ := newList(t, w, 24)
		for i, line := range strings.Split(m.View(), "\n") {
			if got := len([]rune(uitest.Plain(line))); got > w {
				t.Errorf("width %d: line %d is %d wide: %q", w, i, got, uitest.Plain(line))
			}
		}
	}
}

func TestMatchKeepsNameLetters(t *testing.T) {
	m, _ := newList(t, 80, 24)
	// "umbrella" matches the name and, with a better score, the domain
	// "umbrella": the name's letters must still be highlighted.
	hits := m.book.match("umbrella", nil)
	for i, h := range hits {
		if m.book.sums[i].Name == "Umbrella Health" && len(h.name) != len("umbrella") {
			t.Fatalf("matched letters %v, want the 8 letters of the name", h.name)
		}
	}
}

func TestReloadKeepsFilterAndCursor(t *testing.T) {
	m, ctx := newList(t, 80, 24)
	uitest.Drive(m, uitest.Keys("/", "a", "enter", "j")...)
	before := m.shown()
	cur, _ := m.current()
	// Another account arrives; the filtered view must survive the reload.
	if _, err := ctx.Store.PutAccount(model.Account{Name: "Zebra Logistics", Owner: "Sam Rivera"}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(m, common.BookChangedMsg{})
	after := m.shown()
	if len(after) != len(before)+1 || !slices.Contains(after, "Zebra Logistics") {
		t.Fatalf("after reload: %v (before %v)", after, before)
	}
	if now, _ := m.current(); now.ID != cur.ID {
		t.Fatalf("cursor moved from %s to %s", cur.Name, now.Name)
	}
	if m.pending != nil {
		t.Fatal("the reloaded book was not installed")
	}
}

// TestConfirmationFollowsTheKeyMap: the yes of a question is the key map's
// Confirm, so rebinding it changes the answer, the question and the help.
func TestConfirmationFollowsTheKeyMap(t *testing.T) {
	m, ctx := newList(t, 80, 24)
	if err := ctx.Keys.ParseKeyConfig(strings.NewReader("confirm = J\n")); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(m, uitest.Keys("d")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "J/n") {
		t.Errorf("the question does not show the rebound yes:\n%s", v)
	}
	if h := m.ShortHelp(); len(h) == 0 || h[0].Help().Key != "J" || h[0].Help().Desc != "delete" {
		t.Errorf("help while asking = %+v", h)
	}
	uitest.Drive(m, uitest.Keys("y")...) // no longer yes: answers no
	if n, _ := ctx.Store.Count(); n != 6 || m.confirm != nil {
		t.Fatalf("y after rebinding: %d accounts, asking %v", n, m.confirm != nil)
	}
	uitest.Drive(m, uitest.Keys("d", "J")...)
	if n, _ := ctx.Store.Count(); n != 5 {
		t.Fatalf("J after rebinding: %d accounts, want 5", n)
	}
}

// TestOrderAndFiltersAreRemembered: the order, tag, stage and handed-off
// toggle survive a restart, in a private file of the config folder; the
// filter text does not; a damaged file says so and leaves the default.
func TestOrderAndFiltersAreRemembered(t *testing.T) {
	m, ctx := newList(t, 120, 40)
	ctx.ConfigDir = filepath.Join(t.TempDir(), "bob")
	uitest.Drive(m, uitest.Keys("s", "s", "H")...) // ARR largest, handed-off shown
	uitest.Drive(m, uitest.Keys("t")...)
	uitest.Drive(m, uitest.Keys("emea", "enter")...)
	uitest.Drive(m, uitest.Keys("/", "acme", "enter")...)
	want := m.view
	path := filepath.Join(ctx.ConfigDir, PrefsFile)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatalf("nothing remembered: %v", err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("%s is %v, want 0600", path, fi.Mode().Perm())
	}

	again := New(ctx)
	again.SetSize(120, 38)
	uitest.Drive(again, again.Init()())
	got := again.view
	if got.order != ByARR || got.tag != want.tag || got.tag == "" || !got.showHandedOff || got.stage != want.stage {
		t.Errorf("after a restart: order %v, tag %q, stage %q, handed off %v; want %v, %q, %q, true",
			got.order, got.tag, got.stage, got.showHandedOff, ByARR, want.tag, want.stage)
	}
	if got.query != "" || again.filterText() != "" {
		t.Errorf("the filter text was remembered: %q", got.query)
	}

	if err := os.WriteFile(path, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	damaged := New(ctx)
	_, cmd := damaged.Update(damaged.Init()())
	if st := findStatus(cmd); !st.Error || !strings.Contains(st.Text, "is damaged") {
		t.Errorf("a damaged file: status %+v", st)
	}
	if damaged.view.order != ByName {
		t.Errorf("a damaged file: order %v, want the default", damaged.view.order)
	}
}

// findStatus runs cmd and its batches and returns the first status line.
func findStatus(cmd tea.Cmd) common.StatusMsg {
	if cmd == nil {
		return common.StatusMsg{}
	}
	switch msg := cmd().(type) {
	case common.StatusMsg:
		return msg
	case tea.BatchMsg:
		for _, c := range msg {
			if st := findStatus(c); st.Text != "" {
				return st
			}
		}
	}
	return common.StatusMsg{}
}

func TestEnterInFilterOpensBestMatch(t *testing.T) {
	cases := []struct {
		name    string
		typed   string
		waiting bool // enter comes before the last keystroke's matches
		want    string
	}{
		{"matches in", "umbr", false, "Umbrella Health"},
		{"matches on their way", "hooli", true, "Hooli"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := newList(t, 80, 24)
			uitest.Drive(m, uitest.Keys("/", c.typed[:len(c.typed)-1])...)
			_, pending := m.Update(uitest.Keys(c.typed[len(c.typed)-1:])[0])
			if !c.waiting {
				uitest.Drive(m, flatten(pending)...)
			}
			_, cmd := m.Update(uitest.Keys("enter")[0])
			if c.waiting {
				if cmd != nil {
					t.Fatal("enter acted before the matches arrived")
				}
				_, cmd = m.Update(filteredOf(t, pending))
			}
			if cmd == nil {
				t.Fatal("enter opened nothing")
			}
			msg, ok := cmd().(common.OpenAccountMsg)
			if !ok {
				t.Fatalf("enter sent %T, want common.OpenAccountMsg", cmd())
			}
			if s, _ := m.current(); msg.ID != s.ID || s.Name != c.want {
				t.Fatalf("opened %s (%s under the cursor), want %s", msg.ID, s.Name, c.want)
			}
			if m.filtering {
				t.Error("enter did not leave the filter input")
			}
		})
	}
}

// filteredOf runs a keystroke's command and returns its filter result.
func filteredOf(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	for _, msg := range flatten(cmd) {
		if f, ok := msg.(filteredMsg); ok {
			return f
		}
	}
	t.Fatal("the keystroke started no filter")
	return nil
}

func TestNarrowingSearchesOnlyPreviousMatches(t *testing.T) {
	b := newBook(bigBook(3_000), uitest.Now)
	for _, q := range []string{"n", "no", "nor", "nort", "north", "northw", "northwind l", "northwind lo", "northwind logx"} {
		full := b.match(q, nil)
		prev := b.match(q[:len(q)-1], nil)
		if len(q) == 1 {
			prev = nil
		}
		narrowed := b.match(q, prev)
		if len(full) != len(narrowed) {
			t.Fatalf("%q: %d matches narrowed, %d in full", q, len(narrowed), len(full))
		}
		for i, h := range full {
			if n, ok := narrowed[i]; !ok || n.score != h.score || !slices.Equal(n.name, h.name) {
				t.Fatalf("%q: account %d narrowed to %+v, in full %+v", q, i, n, h)
			}
		}
	}
}

// TestNewestOrderWins: saves started by keys typed fast run at once; one
// that lands late must not undo a newer one.
func TestNewestOrderWins(t *testing.T) {
	m, ctx := newList(t, 120, 40)
	ctx.ConfigDir = t.TempDir()
	m.view.order = ByRenewal
	older := m.savePrefs()
	m.view.order = ByARR
	newer := m.savePrefs()
	newer()
	older()
	again := New(ctx)
	uitest.Drive(again, again.Init()())
	if again.view.order != ByARR {
		t.Errorf("after a late older save the order is %v, want %v", again.view.order, ByARR)
	}
}

// TestWriteReloadsOneSummary: after a write to one account the list reads
// that account's summary alone, and shows the change, the new account or
// the account gone; a change to many accounts reads them all.
func TestWriteReloadsOneSummary(t *testing.T) {
	m, ctx := newList(t, 120, 30)
	byName := map[string]string{}
	for _, s := range m.book.sums {
		byName[s.Name] = s.ID
	}
	acme := byName["Acme Logistics"]
	hooli := byName["Hooli"]
	a, err := ctx.Store.Account(acme)
	if err != nil {
		t.Fatal(err)
	}
	a.Name = "Acme Freight"
	if _, err := ctx.Store.PutAccount(a); err != nil {
		t.Fatal(err)
	}
	fresh, err := ctx.Store.PutAccount(model.Account{Name: "Zenith Labs", Health: model.HealthGreen})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ctx.Store.DeleteAccount(hooli); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{acme, fresh.ID, hooli} {
		_, cmd := m.Update(common.BookChangedMsg{AccountID: id})
		msgs := flatten(cmd)
		if len(msgs) != 1 {
			t.Fatalf("%d messages after a write, want one summary", len(msgs))
		}
		if _, ok := msgs[0].(oneLoadedMsg); !ok {
			t.Fatalf("a write to one account read %T, want one summary", msgs[0])
		}
		uitest.Drive(m, msgs...)
	}
	want := []string{"Acme Freight", "Globex Corporation", "Initech", "Umbrella Health", "Zenith Labs"}
	if got := m.shown(); !slices.Equal(got, want) {
		t.Fatalf("after the writes: %v, want %v", got, want)
	}
	_, cmd := m.Update(common.BookChangedMsg{})
	if msgs := flatten(cmd); len(msgs) != 1 {
		t.Fatalf("a change to many accounts: %d messages", len(msgs))
	} else if _, ok := msgs[0].(loadedMsg); !ok {
		t.Fatalf("a change to many accounts read %T, want every summary", msgs[0])
	}
}

// TestLayoutKeepsNamesReadableAt80: at 80 columns, even with a currency
// on every ARR, the name column holds a 20-letter name (the renewal is
// its countdown alone); from 100 columns the renewal date is back.
func TestLayoutKeepsNamesReadableAt80(t *testing.T) {
	for _, tc := range []struct {
		width    int
		currency bool
		minName  int
		fullDate bool
	}{
		{80, false, 24, false},
		{80, true, 20, false},
		{100, true, 28, true},
		{120, false, 30, true},
	} {
		l := layoutFor(tc.width, tc.currency)
		if l.name < tc.minName || l.full[colRenewal] != tc.fullDate {
			t.Errorf("%d columns (currency %v): name %d wide, renewal date %v; want at least %d and %v",
				tc.width, tc.currency, l.name, l.full[colRenewal], tc.minName, tc.fullDate)
		}
	}
}

// TestQuickTestKeepsEveryMatch: the byte scan that spares the fuzzy
// matcher most of the book finds exactly what the matcher alone finds,
// with the same scores and letters, whatever the case or alphabet.
func TestQuickTestKeepsEveryMatch(t *testing.T) {
	sums := bigBook(2_000)
	sums[7].Name, sums[8].Name, sums[9].Tags = "Ærøskøbing Ølbryggeri", "ÉCOLE Nørd", []string{"Ünïcode", "emea"}
	sums[10].Domain = "straße.example.de"
	b := newBook(sums, uitest.Now)
	reference := func(q string) map[int]hit {
		hits := map[int]hit{}
		for _, m := range fuzzy.FindNoSort(q, b.names) {
			hits[m.Index] = hit{score: m.Score, name: m.MatchedIndexes}
		}
		for _, field := range [][]string{b.tags, b.domains} {
			for _, m := range fuzzy.FindNoSort(q, field) {
				if h, ok := hits[m.Index]; !ok || m.Score > h.score {
					hits[m.Index] = hit{score: m.Score, name: h.name}
				}
			}
		}
		return hits
	}
	for _, q := range []string{"n", "NOR", "northwind l", "Wayne Bank 1", "emea", "acct19", "ø", "ær", "école", "ünï", "STRASSE", "straß", "x y z", "zzzz", "na-e", "-", "wayne~", "{}", "bank 19"} {
		want, got := reference(q), b.match(q, nil)
		if len(want) != len(got) {
			t.Fatalf("%q: %d matches, the matcher alone %d", q, len(got), len(want))
		}
		for i, h := range want {
			if g, ok := got[i]; !ok || g.score != h.score || !slices.Equal(g.name, h.name) {
				t.Fatalf("%q: account %d %+v, the matcher alone %+v", q, i, g, h)
			}
		}
	}
}

// TestLettersNeverHideASubsequence: the letter sets that pass over most
// texts without a scan never pass over one that holds the query, for
// every byte a lower-cased ASCII text can hold.
func TestLettersNeverHideASubsequence(t *testing.T) {
	var all []byte
	for c := byte(0); c < 0x80; c++ {
		if c < 'A' || c > 'Z' {
			all = append(all, c)
		}
	}
	for _, c := range all {
		for _, d := range all {
			s := "x" + string(c) + "y" + string(d)
			for _, q := range []string{string(c), string(d), string(c) + string(d), "x" + string(d)} {
				if subsequence(s, q) && letters(s)&letters(q) != letters(q) {
					t.Fatalf("%q holds %q, but its letters %b lack some of %b", s, q, letters(s), letters(q))
				}
			}
		}
	}
	if letters("northwind")&letters("bank") == letters("bank") {
		t.Errorf("the letters of %q hold those of %q", "northwind", "bank")
	}
}

// TestSpaceAfterWordAsksNothing: a space typed after a word leaves the
// query as it was (the text is trimmed), so no new match is asked for;
// bubbletea delivers a typed name as a word, a space and a word.
func TestSpaceAfterWordAsksNothing(t *testing.T) {
	m, _ := newList(t, 80, 24)
	uitest.Drive(m, uitest.Keys("/", "glo")...)
	_, cmd := m.Update(tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
	for _, msg := range flatten(cmd) {
		if _, ok := msg.(filteredMsg); ok {
			t.Fatal("a space after the word asked for the same matches again")
		}
	}
	if m.filter.Value() != "glo " {
		t.Fatalf("the filter holds %q, want %q", m.filter.Value(), "glo ")
	}
	uitest.Drive(m, uitest.Keys("c")...)
	if got := m.shown(); !slices.Equal(got, []string{"Globex Corporation"}) {
		t.Fatalf("after /glo c: %v", got)
	}
}

// TestOvertakenFilterSendsNothing: a request overtaken by a newer one
// before it is matched sends no result at all (the app neither updates
// nor draws for it), and the newer one still arrives.
func TestOvertakenFilterSendsNothing(t *testing.T) {
	m, _ := newList(t, 80, 24)
	m.filter.SetValue("glo")
	old := m.runFilter(false)
	m.filter.SetValue("ini")
	fresh := m.runFilter(false)
	if msg := old(); msg != nil {
		t.Fatalf("the overtaken request sent %T", msg)
	}
	uitest.Drive(m, fresh())
	if got := m.shown(); !slices.Equal(got, []string{"Initech"}) {
		t.Fatalf("after the newer request: %v", got)
	}
}

// TestKeptRowsMatchFreshOnes: after every kind of change the list can
// see, the screen drawn from the rows kept from the last screens is the
// screen drawn afresh.
func TestKeptRowsMatchFreshOnes(t *testing.T) {
	m, _ := newList(t, 120, 30)
	uitest.Colour(t)
	steps := []struct {
		name string
		do   func()
	}{
		{"first", func() {}},
		{"down", func() { uitest.Drive(m, uitest.Keys("down", "down")...) }},
		{"select", func() { uitest.Drive(m, uitest.Keys("space")...) }},
		{"up to the selected", func() { uitest.Drive(m, uitest.Keys("up")...) }},
		{"up past it", func() { uitest.Drive(m, uitest.Keys("up")...) }},
		{"handed off", func() { uitest.Drive(m, common.HandedOffMsg{IDs: slices.Collect(maps.Keys(m.selected))}) }},
		{"filter", func() { uitest.Drive(m, uitest.Keys("/", "o")...) }},
		{"other letter", func() { uitest.Drive(m, uitest.Keys("backspace", "e")...) }},
		{"narrow", func() { uitest.Drive(m, uitest.Keys("n")...) }},
		{"widen", func() { uitest.Drive(m, uitest.Keys("backspace")...) }},
		{"down in filter", func() { uitest.Drive(m, uitest.Keys("down")...) }},
		{"clear", func() { uitest.Drive(m, uitest.Keys("esc")...) }},
		{"sort", func() { uitest.Drive(m, uitest.Keys("s")...) }},
		{"narrower", func() { m.SetSize(90, 28) }},
		{"reload", func() { uitest.Drive(m, m.load()()) }},
		{"renamed", func() {
			sums := slices.Clone(m.book.sums)
			for i := range sums {
				sums[i].Name += " Group"
			}
			uitest.Drive(m, loadedMsg{sums: sums})
		}},
		{"no colour", func() { lipgloss.SetColorProfile(termenv.Ascii) }},
	}
	for _, s := range steps {
		s.do()
		kept := m.View()
		saved := m.draw
		m.draw = drawCache{}
		fresh := m.View()
		m.draw = saved // the next step goes on from the rows kept
		if kept != fresh {
			t.Fatalf("after %s the kept rows differ from fresh ones:\n%s\nfresh:\n%s", s.name, kept, fresh)
		}
	}
}
