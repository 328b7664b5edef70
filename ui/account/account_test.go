package account_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
	"bob/ui/account"
	"bob/ui/common"
	"bob/ui/timeline"
	"bob/ui/uitest"
)

// recorder wraps the view and keeps every message that reaches it, the
// way the root would see the ones bound for the status line.
type recorder struct {
	m    *account.Model
	seen []tea.Msg
}

func (r *recorder) Init() tea.Cmd { return r.m.Init() }
func (r *recorder) View() string  { return r.m.View() }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.seen = append(r.seen, msg)
	_, cmd := r.m.Update(msg)
	return r, cmd
}

func (r *recorder) status(errOnly bool) []string {
	var out []string
	for _, m := range r.seen {
		if s, ok := m.(common.StatusMsg); ok && (s.Error || !errOnly) {
			out = append(out, s.Text)
		}
	}
	return out
}

// run flattens a command into its messages (one level of batches).
func run(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, run(c)...)
		}
		return out
	}
	if msg == nil {
		return nil
	}
	return []tea.Msg{msg}
}

type fixture struct {
	ctx *common.Context
	rec model.AccountRecord
	r   *recorder
}

// open builds a book with a rich sample account and opens its 360 view.
func open(t *testing.T, w, h int) *fixture {
	t.Helper()
	ctx := uitest.Context(t, w, h)
	rec := uitest.SampleAccount(t, ctx, "Acme Corp")
	enrich(t, ctx, &rec)
	m := account.NewModel(ctx, rec.Account.ID)
	r := &recorder{m: m}
	uitest.Drive(r, run(m.Init())...)
	return &fixture{ctx: ctx, rec: rec, r: r}
}

// enrich adds what SampleAccount leaves out: a detractor who left, an
// influence line, a success plan and a checklist.
func enrich(t *testing.T, ctx *common.Context, rec *model.AccountRecord) {
	t.Helper()
	st, acc := ctx.Store, rec.Account.ID
	sponsor, champion := rec.People[0], rec.People[1]
	if sponsor.Name != "Dana Whitfield" {
		sponsor, champion = champion, sponsor
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	a := rec.Account
	a.Products = []string{"Helpdesk", "Analytics"}
	a.UseCases = "Support team triages tickets; ops wants dashboards next."
	a.TechStack = "Salesforce, Jira, Okta"
	a.Entitlements = "200 seats, premium support"
	a.Expansion = "Analytics for the EU team"
	a.Challenges = "Slow SSO roll-out."
	a.Projects = "SSO go-live by 2027-01-15."
	a.RelationshipHistory = "Acquired from a partner in 2024."
	a.CustomerContext = "New COO since the reorg."
	_, err := st.PutAccount(a)
	must(err)
	mark := model.Person{AccountID: acc, Name: "Mark Osei", Title: "IT Lead", ReportsTo: sponsor.ID,
		Roles: []model.Role{model.RoleDetractor, model.RoleTechnicalOwner}, Influence: model.LevelMedium,
		Sentiment: model.SentimentNegative, ADKAR: model.ADKARDesire, Status: model.PersonLeft}
	mark, err = st.PutPerson(mark)
	must(err)
	_, err = st.PutPerson(model.Person{AccountID: acc, Name: "Lee Chen", Title: "Analyst", ReportsTo: champion.ID,
		Roles: []model.Role{model.RoleEndUser}, ADKAR: model.ADKARKnowledge})
	must(err)
	_, err = st.PutEdge(model.InfluenceEdge{AccountID: acc, From: champion.ID, To: sponsor.ID, Strength: model.LevelHigh,
		Sentiment: model.SentimentPositive, Note: "weekly 1:1"})
	must(err)
	_, err = st.PutPlan(model.SuccessPlan{AccountID: acc, Title: "Support excellence", Scope: model.ScopeDepartment, ScopeName: "Support",
		Status: model.PlanActive, Intent: model.Intent{WhyBought: "Backlog out of control", Success: "Backlog -30%", Measured: "weekly backlog report"},
		Objectives:   []model.Objective{{ID: model.NewID(), Title: "Cut backlog", Metric: model.Metric{Name: "open tickets", Baseline: 1000, Current: 880, Target: 700}}},
		Tasks:        []model.Task{{ID: model.NewID(), Title: "Roll out SSO", Owner: "Priya", Due: model.MustDate("2026-11-01")}},
		Achievements: []model.Achievement{{ID: model.NewID(), When: model.MustDate("2026-10-01"), Title: "First 100 agents live"}},
		Readiness:    []model.PillarScore{{Pillar: model.PillarVision, Current: 3, Target: 4}, {Pillar: model.PillarTechnology, Current: 2, Target: 4}}})
	must(err)
	_, err = st.PutChecklist(model.Checklist{AccountID: acc, Playbook: "onboarding", Title: "Onboarding", Applied: model.MustDate("2026-10-01"),
		Steps: []model.Step{
			{ID: model.NewID(), Title: "Kick-off call", State: model.StepDone, DoneOn: model.MustDate("2026-10-02")},
			{ID: model.NewID(), Title: "Admin training", Due: model.MustDate("2026-11-20")},
			{ID: model.NewID(), Title: "First QBR", Due: model.MustDate("2027-01-10")},
		}})
	must(err)
	r, err := st.Record(acc)
	must(err)
	*rec = r
}

func (f *fixture) keys(keys ...string) { uitest.Drive(f.r, uitest.Keys(keys...)...) }
func (f *fixture) view() string        { return uitest.Plain(f.r.View()) }

func (f *fixture) timeline(t *testing.T) []model.TimelineEntry {
	t.Helper()
	es, err := f.ctx.Store.Timeline(f.rec.Account.ID, store.TimelineQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

func (f *fixture) person(name string) string {
	for _, p := range f.rec.People {
		if p.Name == name {
			return p.ID
		}
	}
	return ""
}

func TestSwitchTabs(t *testing.T) {
	f := open(t, 100, 30)
	m := f.r.m
	steps := []struct {
		key  string
		want int
	}{{"tab", 1}, {"tab", 2}, {"shift+tab", 1}, {"shift+tab", 0}, {"shift+tab", 5}, {"tab", 0}, {"3", 2}, {"6", 5}, {"1", 0}, {"4", 3}, {"5", 4}, {"2", 1}}
	for _, s := range steps {
		f.keys(s.key)
		if m.Active() != s.want {
			t.Fatalf("after %q active tab = %d, want %d", s.key, m.Active(), s.want)
		}
	}
	f.keys("9")
	if got := f.r.status(true); len(got) == 0 || !strings.Contains(got[len(got)-1], "only 6 tabs") {
		t.Fatalf("9 did not say why: %v", got)
	}
	if !strings.Contains(f.view(), "[2 Timeline]") {
		t.Fatalf("active tab not marked:\n%s", f.view())
	}
}

func TestQuickCaptureCallWithTwoStakeholders(t *testing.T) {
	f := open(t, 100, 30)
	before := len(f.timeline(t))
	f.keys("2", "n", "c", "Renewal call with @pri", "tab", "and @dwhit", "tab", "ctrl+s")
	if f.r.m.Capturing() {
		t.Fatalf("form still open:\n%s", f.view())
	}
	es := f.timeline(t)
	if len(es) != before+1 {
		t.Fatalf("%d entries, want %d", len(es), before+1)
	}
	e := es[0]
	if e.Kind != model.KindCall || e.Internal || e.Title != "Renewal call with @Priya Nair and @Dana Whitfield" ||
		e.Author != "Sam Rivera" || !e.When.Equal(uitest.Now) {
		t.Fatalf("entry = %+v", e)
	}
	want := []string{f.person("Dana Whitfield"), f.person("Priya Nair")}
	got := slices.Clone(e.People)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("people = %v, want %v", got, want)
	}
	if v := f.view(); !strings.Contains(v, "▸ 2026-11-23 10:00 call       [ext] Renewal call with @Priya Nair and @Dana Whitfield · ") {
		t.Fatalf("new entry not listed with names:\n%s", v)
	}
}

func TestBackdateInternalNote(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("2", "n", "i", "n", "Heard about a reorg", "shift+tab", "yesterday 16:45", "ctrl+s")
	e := f.timeline(t)[0]
	want := time.Date(2026, 11, 22, 16, 45, 0, 0, time.UTC)
	if e.Title != "Heard about a reorg" {
		// the back-dated entry is not the newest: find it
		for _, x := range f.timeline(t) {
			if x.Title == "Heard about a reorg" {
				e = x
			}
		}
	}
	if e.Kind != model.KindNote || !e.Internal || !e.When.Equal(want) {
		t.Fatalf("entry = %+v, want an internal note at %v", e, want)
	}
	sum, err := f.ctx.Store.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	if sum[0].LastTouch.Equal(want) {
		t.Fatal("an internal note counted as a touch")
	}
	if !strings.Contains(f.view(), "▸ 2026-11-22 16:45 note       [int] Heard about a reorg") {
		t.Fatalf("not listed:\n%s", f.view())
	}
}

func TestEditDeleteUndoEntry(t *testing.T) {
	f := open(t, 100, 30)
	f.ctx.Author = "Someone Else"
	f.keys("2", "e", " (confirmed)", "ctrl+s")
	e := f.timeline(t)[0]
	if e.Title != "Budget risk (confirmed)" || e.Author != "Sam Rivera" || !e.Internal {
		t.Fatalf("edited entry = %+v", e)
	}
	if !e.When.Equal(uitest.Now.Add(-2 * 24 * time.Hour)) {
		t.Fatalf("editing moved the entry to %v", e.When)
	}
	n := len(f.timeline(t))
	f.keys("d")
	if !strings.Contains(f.view(), `delete note "Budget risk (confirmed)"? it goes to the trash (y/n)`) {
		t.Fatalf("no question:\n%s", f.view())
	}
	f.keys("y")
	if len(f.timeline(t)) != n-1 {
		t.Fatal("not deleted")
	}
	if strings.Contains(f.view(), "Budget risk") {
		t.Fatalf("still listed:\n%s", f.view())
	}
	f.keys("u")
	if es := f.timeline(t); len(es) != n || es[0].Title != "Budget risk (confirmed)" {
		t.Fatalf("undo did not restore: %d entries", len(es))
	}
	f.keys("u")
	if got := f.r.status(true); !strings.Contains(got[len(got)-1], "nothing to undo") {
		t.Fatalf("second undo: %v", got)
	}
}

func TestKindFilter(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("2", "f")
	tl := f.r.m.Tab(account.TabTimeline).(*timeline.Model)
	if tl.Filter() != model.KindCall || len(tl.Entries()) != 1 || tl.Entries()[0].Kind != model.KindCall {
		t.Fatalf("filter %q: %d entries", tl.Filter(), len(tl.Entries()))
	}
	if v := f.view(); !strings.Contains(v, "kind: call") || strings.Contains(v, "Budget risk") {
		t.Fatalf("view:\n%s", v)
	}
	f.keys("f")
	if tl.Filter() != model.KindMeeting || len(tl.Entries()) != 0 || !strings.Contains(f.view(), "No meeting entries") {
		t.Fatalf("meeting filter: %d entries\n%s", len(tl.Entries()), f.view())
	}
	for range len(timeline.Filters) - 2 {
		f.keys("f")
	}
	if tl.Filter() != "" || len(tl.Entries()) != 2 {
		t.Fatalf("filter did not cycle back to all: %q", tl.Filter())
	}
}

func TestOpenEntryShowsRenderedBody(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("2", "down", "enter")
	v := f.view()
	for _, want := range []string{"Quarterly review", "call · 2026-11-13 10:00 · [ext] external · by Sam Rivera",
		"with Dana Whitfield, Priya Nair", "Notes", "backlog down 12%", "wants SSO"} {
		if !strings.Contains(v, want) {
			t.Fatalf("reader lacks %q:\n%s", want, v)
		}
	}
	if strings.Contains(v, "- backlog") {
		t.Fatalf("body not rendered as Markdown:\n%s", v)
	}
	f.keys("esc")
	if f.r.m.Capturing() || !strings.Contains(f.view(), "entries · kind: all") {
		t.Fatalf("esc did not return to the list:\n%s", f.view())
	}
	// resize re-renders for the new width
	f.keys("enter")
	f.r.m.SetSize(60, 24)
	uitest.Drive(f.r, tea.WindowSizeMsg{Width: 60, Height: 24})
	if v := f.view(); !strings.Contains(v, "wants SSO") {
		t.Fatalf("after resize:\n%s", v)
	}
}

// The entry reader takes the keys that read, not the account's: tab and
// the tab numbers still switch tabs, and the reader is there on the way
// back.
func TestTabsSwitchWithTheReaderOpen(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("2", "down", "enter")
	if !strings.Contains(f.view(), "wants SSO") {
		t.Fatalf("the reader did not open:\n%s", f.view())
	}
	f.keys("3")
	if v := f.view(); !strings.Contains(v, "[3 People]") || strings.Contains(v, "wants SSO") {
		t.Fatalf("3 with the reader open did not show People:\n%s", v)
	}
	f.keys("shift+tab")
	if v := f.view(); !strings.Contains(v, "[2 Timeline]") || !strings.Contains(v, "wants SSO") {
		t.Fatalf("back on the Timeline, the reader is not open:\n%s", v)
	}
	f.keys("esc")
	if strings.Contains(f.view(), "wants SSO") {
		t.Fatalf("esc did not close the reader:\n%s", f.view())
	}
}

func TestCommitmentsAndRisks(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	f.keys("6", "n", "c", "Quarterly exec review", "tab", "Dana Whitfield", "tab", "+30d", "tab", "meeting held", "tab", "right", "ctrl+s")
	cs, _ := f.ctx.Store.Commitments(acc)
	if len(cs) != 2 {
		t.Fatalf("%d commitments", len(cs))
	}
	var c model.Commitment
	for _, x := range cs {
		if x.What == "Quarterly exec review" {
			c = x
		}
	}
	if c.To != "Dana Whitfield" || c.Due != model.MustDate("2026-12-23") || c.Kano != model.KanoBasic || c.Status != model.CommitmentOpen {
		t.Fatalf("commitment = %+v", c)
	}
	// the cursor is on the first commitment (sorted by ID: the sample's)
	f.keys("g", "e", "tab", "tab", "tab", "tab", "tab", "right", "ctrl+s")
	cs, _ = f.ctx.Store.Commitments(acc)
	if cs[0].Status != model.CommitmentMet {
		t.Fatalf("edit: %+v", cs[0])
	}
	f.keys("n", "r", "Champion may leave", "tab", "right", "ctrl+s")
	rs, _ := f.ctx.Store.Risks(acc)
	if len(rs) != 2 {
		t.Fatalf("%d risks", len(rs))
	}
	if !strings.Contains(f.view(), "▸ high      open       Champion may leave") {
		t.Fatalf("the new risk is not selected:\n%s", f.view())
	}
	if v := f.view(); !strings.Contains(v, "Champion may leave") || !strings.Contains(v, "Quarterly exec review") {
		t.Fatalf("view:\n%s", v)
	}
	f.keys("G", "d", "y")
	rs, _ = f.ctx.Store.Risks(acc)
	if len(rs) != 1 || rs[0].Title != "Budget cut" {
		t.Fatalf("after delete: %+v", rs)
	}
	f.keys("u")
	rs, _ = f.ctx.Store.Risks(acc)
	if len(rs) != 2 {
		t.Fatalf("undo: %d risks", len(rs))
	}
	f.keys("g", "d", "n")
	if cs, _ = f.ctx.Store.Commitments(acc); len(cs) != 2 {
		t.Fatal("n deleted anyway")
	}
}

func TestValidationErrorsInline(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("6", "n", "r", "ctrl+s")
	if v := f.view(); !strings.Contains(v, "✗ is required") || !strings.Contains(v, "▸ Title") {
		t.Fatalf("no inline error on the title:\n%s", v)
	}
	f.keys("esc")
	f.keys("2", "n", "c", "ctrl+s")
	if v := f.view(); !strings.Contains(v, "✗ is required") {
		t.Fatalf("timeline entry without a title:\n%s", v)
	}
	f.keys("shift+tab", "tomorrow-ish", "ctrl+s")
	if v := f.view(); !strings.Contains(v, `"tomorrow-ish" is not a date and time`) {
		t.Fatalf("bad date not shown:\n%s", v)
	}
}

func TestStoreErrorSurfacesAsStatus(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("2")
	f.ctx.Store.Close()
	f.keys("d", "y")
	got := f.r.status(true)
	if len(got) == 0 {
		t.Fatal("no error StatusMsg")
	}
	f.keys("6", "n", "c", "Something", "ctrl+s")
	got = f.r.status(true)
	if len(got) < 2 || !strings.Contains(f.view(), "✗") {
		t.Fatalf("save error not shown: %v\n%s", got, f.view())
	}
}

func TestMissingAccountSaysSo(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	m := account.NewModel(ctx, model.NewID())
	r := &recorder{m: m}
	uitest.Drive(r, run(m.Init())...)
	if got := r.status(true); len(got) == 0 || !strings.Contains(got[0], "not found") {
		t.Fatalf("status = %v", got)
	}
	uitest.Drive(r, uitest.Keys("e")...)
	if !strings.Contains(uitest.Plain(m.View()), "✗") {
		t.Fatalf("view:\n%s", m.View())
	}
}

// screen draws the view the way the root frames it on a terminal of
// the given size: the view, a status line, and the help bar made from
// the view's ShortHelp.
func (f *fixture) screen(w int) string {
	h := help.New()
	h.Width = w
	return f.r.View() + "\n\n" + h.ShortHelpView(f.r.m.ShortHelp())
}

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		f := open(t, size[0], size[1]-2) // the root takes two lines: status and help
		w := size[0]
		uitest.Golden(t, "overview-"+name, f.screen(w))
		f.keys("2")
		uitest.Golden(t, "timeline-"+name, f.screen(w))
		f.keys("n", "i", "m", "Sync with @pri")
		uitest.Golden(t, "capture-"+name, f.screen(w))
		f.keys("esc", "esc", "y", "3")
		uitest.Golden(t, "people-"+name, f.screen(w))
		f.keys("4")
		uitest.Golden(t, "plans-"+name, f.screen(w))
		f.keys("5")
		uitest.Golden(t, "playbooks-"+name, f.screen(w))
		f.keys("6")
		uitest.Golden(t, "commitments-"+name, f.screen(w))
		f.keys("2", "down", "enter")
		uitest.Golden(t, "reader-"+name, f.screen(w))
	}
}

func clear(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "backspace"
	}
	return out
}

func TestRenewalFromOverview(t *testing.T) {
	f := open(t, 80, 24)
	f.keys("r")
	f.keys(clear(10)...)
	f.keys("2025-06-01", "ctrl+s")
	if v := f.view(); !strings.Contains(v, "✗ is before the contract start") {
		t.Fatalf("validation error not inline:\n%s", v)
	}
	f.keys(clear(10)...)
	f.keys("+1y", "ctrl+s")
	a, err := f.ctx.Store.Account(f.rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a.Renewal != model.MustDate("2027-11-23") || a.Goals != f.rec.Account.Goals {
		t.Fatalf("renewal %v, goals %q", a.Renewal, a.Goals)
	}
	if v := f.view(); !strings.Contains(v, "renews 2027-11-23 (in 365 days)") {
		t.Fatalf("header not reloaded:\n%s", v)
	}
}

func TestEditPushesAccountForm(t *testing.T) {
	f := open(t, 80, 24)
	f.keys("e")
	for _, m := range f.r.seen {
		if p, ok := m.(common.PushMsg); ok && p.Screen != nil {
			return
		}
	}
	t.Fatal("e did not push the account form")
}

// TestOpenReadsTheTimelineOnce: the Timeline tab shows the first page the
// view reads with the account (store.AccountView), instead of reading it a
// second time; after a write it shows the change.
func TestOpenReadsTheTimelineOnce(t *testing.T) {
	f := open(t, 100, 30)
	tl, ok := f.r.m.Tab(1).(*timeline.Model)
	if !ok {
		t.Fatalf("tab 1 is %T", f.r.m.Tab(1))
	}
	for _, msg := range f.r.seen {
		if fmt.Sprintf("%T", msg) == "timeline.entriesMsg" {
			t.Fatal("the Timeline tab read the timeline the record had brought")
		}
	}
	if got, want := len(tl.Entries()), len(f.rec.Timeline); got != want || got == 0 {
		t.Fatalf("%d entries shown, the record has %d", got, want)
	}
	if newest := tl.Entries()[0]; !newest.When.Equal(f.rec.Timeline[len(f.rec.Timeline)-1].When) {
		t.Fatalf("first entry %v, want the newest", newest.When)
	}
	e, err := f.ctx.Store.PutEntry(model.TimelineEntry{AccountID: f.rec.Account.ID, Kind: model.KindNote, Title: "Fresh note", When: uitest.Now})
	if err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: f.rec.Account.ID})
	if got := tl.Entries(); len(got) != len(f.rec.Timeline)+1 || got[0].ID != e.ID {
		t.Fatalf("after a write: %d entries, first %q", len(got), got[0].Title)
	}
}

func TestHandoffsOnOverview(t *testing.T) {
	f := open(t, 100, 40)
	f.keys("d")
	if got := f.r.status(true); len(got) == 0 || !strings.Contains(got[len(got)-1], "no handoff record") {
		t.Fatalf("d without handoffs: %v", got)
	}
	acc := f.rec.Account.ID
	st := f.ctx.Store
	old, err := st.PutHandoff(model.Handoff{AccountID: acc, From: "Marcus Webb", To: "Sam Rivera", Status: model.HandoffReceived,
		When: uitest.Now.AddDate(0, -6, 0), Note: "book split"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutHandoff(model.Handoff{AccountID: acc, From: "Sam Rivera", To: "Lee Park", Status: model.HandoffPreparing,
		When: uitest.Now.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc})
	handoffs := func() []model.Handoff {
		t.Helper()
		hs, err := st.Handoffs(acc)
		if err != nil {
			t.Fatal(err)
		}
		return hs
	}

	// space marks the next record (the older one) and brings it into view.
	f.keys(" ")
	v := f.view()
	newer, older := strings.Index(v, "preparing   Sam Rivera -> Lee Park"), strings.Index(v, "▸ "+old.When.In(uitest.Now.Location()).Format("2006-01-02")+"  received")
	if newer < 0 || older < 0 || newer > older || !strings.Contains(v, "book split") {
		t.Fatalf("handoffs not listed newest first with the older marked:\n%s", v)
	}

	f.keys("N", " (Q3)", "ctrl+s")
	if hs := handoffs(); len(hs) != 2 || slices.IndexFunc(hs, func(h model.Handoff) bool { return h.Note == "book split (Q3)" }) < 0 {
		t.Fatalf("note not saved: %+v", hs)
	}

	f.keys("d")
	if !strings.Contains(f.view(), "delete the received record (Marcus Webb -> Sam Rivera") {
		t.Fatalf("no question:\n%s", f.view())
	}
	f.keys("n")
	if len(handoffs()) != 2 {
		t.Fatal("deleted after no")
	}
	f.keys("d", "y")
	if hs := handoffs(); len(hs) != 1 || hs[0].ID == old.ID {
		t.Fatalf("after delete: %+v", hs)
	}
	if strings.Contains(f.view(), "book split") {
		t.Fatalf("still shown:\n%s", f.view())
	}
	f.keys("u")
	if hs := handoffs(); len(hs) != 2 {
		t.Fatalf("undo did not restore: %+v", hs)
	}
	if !strings.Contains(f.view(), "book split (Q3)") {
		t.Fatalf("restored record not shown:\n%s", f.view())
	}
}

// Keys that cannot act on a tab say why in its own words: n on the
// Overview and the Playbooks tab, / on the Timeline.
func TestKeysSayWhyOnTabsThatCannotAct(t *testing.T) {
	f := open(t, 100, 30)
	f.keys("1", "n")
	f.keys("2", "/")
	f.keys("5", "n")
	said := strings.Join(f.r.status(true), "\n")
	for _, want := range []string{"the Overview adds nothing: e edits the account; n adds on the Timeline", "the timeline has no text filter: f shows one kind",
		"on the Playbooks tab a applies a playbook and o adds a step"} {
		if !strings.Contains(said, want) {
			t.Errorf("the status lines do not say %q:\n%s", want, said)
		}
	}
}

// The Overview's renewal-date key is a key-map action: keys.conf rebinds
// it, and the help names the bound key.
func TestRenewalKeyRebinds(t *testing.T) {
	f := open(t, 100, 30)
	if err := f.ctx.Keys.ParseKeyConfig(strings.NewReader("renewal = R\n")); err != nil {
		t.Fatal(err)
	}
	f.keys("1", "r")
	if strings.Contains(f.view(), "Renewal date of Acme Corp") {
		t.Fatal("r still opens the renewal date after it was rebound to R")
	}
	f.keys("R")
	if !strings.Contains(f.view(), "Renewal date of Acme Corp") {
		t.Fatalf("R did not open the renewal date:\n%s", f.view())
	}
	f.keys("esc")
	var help []string
	for _, b := range f.r.m.ShortHelp() {
		help = append(help, b.Help().Key+" "+b.Help().Desc)
	}
	if !strings.Contains(strings.Join(help, " • "), "R renewal date") {
		t.Errorf("the help does not name R: %v", help)
	}
}
