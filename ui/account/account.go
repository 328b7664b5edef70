// Package account is the account 360 view: one account's header (name,
// health, ARR, renewal countdown, risk flags) over six tabs: Overview,
// Timeline, People, Plans, Playbooks, Commitments & risks.
//
// Following soft-serve's pattern, keys go only to the active tab, a reply
// goes only to the tab whose command made it (addressed with the account
// ID and the tab), and news for everyone (the book changed, the window
// was resized) goes to every tab. The account is read with
// store.AccountView in a tea.Cmd (its records, the timeline entries its
// touches depend on, and the Timeline tab's first page: never the whole
// timeline) and read again when the book changes for this account. It must
// never do I/O in View or block in Update.
package account

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/store"
	"bob/ui/account/commitments"
	"bob/ui/account/overview"
	"bob/ui/account/people"
	"bob/ui/account/plans"
	"bob/ui/account/playbooks"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/timeline"
)

// The tabs, in order; the digit keys 1..6 jump to them.
const (
	TabOverview = iota
	TabTimeline
	TabPeople
	TabPlans
	TabPlaybooks
	TabCommitments
)

// recordMsg carries a freshly loaded record (its Timeline holds only the
// entries store.AccountView reads) and, the first time, the Timeline tab's
// first page.
type recordMsg struct {
	rec  model.AccountRecord
	q    *store.PageQuery
	page store.TimelinePage
}

// loadFailedMsg says the record could not be loaded.
type loadFailedMsg struct {
	id  string
	err error
}

// Model is the account 360 view.
type Model struct {
	ctx    *common.Context
	id     string
	rec    model.AccountRecord
	loaded bool
	err    string

	tabs   []common.TabComponent
	tl     *timeline.Model
	active int
	// focus is the record to bring into view on the active tab once the
	// account has loaded (an account opened from Today at an item).
	focus string

	width, height int
}

// New returns the 360 view of the account with the given ID. It loads the
// account when the root calls Init.
func New(ctx *common.Context, accountID string) common.Component {
	return NewModel(ctx, accountID)
}

// NewModel is New with the concrete type, for tests and for callers that
// want to pick the first tab (SelectTab).
func NewModel(ctx *common.Context, accountID string) *Model {
	m := &Model{ctx: ctx, id: accountID}
	// The view reads the Timeline tab's first page with the account, in
	// one read; the tab reads the pages after it.
	tl := timeline.New(ctx, accountID)
	tl.FromRecord()
	m.tl = tl
	m.tabs = []common.TabComponent{
		overview.New(ctx),
		tl,
		people.New(ctx, accountID),
		plans.New(ctx, accountID),
		playbooks.New(ctx, accountID),
		commitments.New(ctx, accountID),
	}
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

// AccountID returns the ID of the account shown.
func (m *Model) AccountID() string { return m.id }

// Active returns the index of the active tab.
func (m *Model) Active() int { return m.active }

// SelectTab makes tab i active.
func (m *Model) SelectTab(i int) {
	if i >= 0 && i < len(m.tabs) {
		m.active = i
	}
}

// Open selects the tab named tab (as the tab bar names it) and, once the
// account has loaded, brings the record item into view on it. An unknown
// tab leaves the first one.
func (m *Model) Open(tab, item string) {
	for i, t := range m.tabs {
		if t.TabName() == tab {
			m.active = i
			m.focus = item
			return
		}
	}
}

// Tab returns tab i, for tests.
func (m *Model) Tab(i int) common.TabComponent { return m.tabs[i] }

// load reads the account; with page set, the Timeline tab's first page too.
func (m *Model) load(page bool) tea.Cmd {
	st, id := m.ctx.Store, m.id
	var q *store.PageQuery
	if page {
		first := m.tl.FirstPage()
		q = &first
	}
	return func() tea.Msg {
		v, err := st.AccountView(id, q)
		if err != nil {
			return loadFailedMsg{id: id, err: err}
		}
		v.Page.Entries = *common.Safe(&v.Page.Entries)
		return recordMsg{rec: *common.Safe(&v.Record), q: q, page: v.Page}
	}
}

// Init implements tea.Model: it loads the record and lets each tab start.
func (m *Model) Init() tea.Cmd {
	cmds := []tea.Cmd{m.load(true)}
	for i, t := range m.tabs {
		cmds = append(cmds, m.address(i, t.Init()))
	}
	return tea.Batch(cmds...)
}

func (m *Model) modal() bool {
	if t, ok := m.tabs[m.active].(tabkit.Modal); ok {
		return t.Modal()
	}
	return false
}

// Capturing implements common.Capturer: while the active tab has a form,
// a question or a reader open, every key belongs to it.
func (m *Model) Capturing() bool {
	if c, ok := m.tabs[m.active].(common.Capturer); ok {
		return c.Capturing()
	}
	return m.modal()
}

// HandlesBack implements common.BackHandler: while the active tab has
// something open that does not take every key (the entry reader), esc and
// q close that, not the account; every other key still reaches the root,
// so ? shows the keys and a key that does nothing says so.
func (m *Model) HandlesBack() bool { return m.modal() }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case recordMsg:
		if msg.rec.Account.ID != m.id {
			return m, nil
		}
		m.rec, m.loaded, m.err = msg.rec, true, ""
		var cmd tea.Cmd
		for i, t := range m.tabs {
			if rt, ok := t.(tabkit.RecordTab); ok {
				rt.SetRecord(msg.rec)
			}
			if t == common.TabComponent(m.tl) && msg.q != nil {
				cmd = m.address(i, m.tl.SetPage(*msg.q, msg.page))
			}
		}
		m.SetSize(m.width, m.height) // the header may have changed height
		if f, ok := m.tabs[m.active].(common.Focuser); ok && m.focus != "" {
			f.Focus(m.focus)
		}
		m.focus = ""
		return m, cmd
	case loadFailedMsg:
		if msg.id != m.id {
			return m, nil
		}
		m.err = common.ErrorText(msg.err)
		return m, common.Fail(fmt.Errorf("open account: %w", msg.err))
	case common.BookChangedMsg:
		var cmds []tea.Cmd
		if msg.AccountID == "" || msg.AccountID == m.id {
			cmds = append(cmds, m.load(false)) // the Timeline tab reads its own window again
		}
		return m, tea.Batch(append(cmds, m.broadcast(msg))...)
	case tea.WindowSizeMsg:
		m.SetSize(msg.Width, msg.Height)
		return m, m.broadcast(msg)
	case tea.KeyMsg:
		return m, m.key(msg)
	case common.Addressed:
		for i := range m.tabs {
			if m.name(i) == msg.To {
				return m, m.update(i, msg.Msg)
			}
		}
		return m, nil // meant for another account's view
	}
	return m, m.broadcast(msg)
}

// name is tab i's address: the account and the tab.
func (m *Model) name(i int) string { return m.id + "/" + m.tabs[i].TabName() }

// address addresses tab i's command to tab i.
func (m *Model) address(i int, cmd tea.Cmd) tea.Cmd { return common.Address(m.name(i), cmd) }

// update gives msg to tab i; its replies come back to it alone.
func (m *Model) update(i int, msg tea.Msg) tea.Cmd {
	nt, cmd := m.tabs[i].Update(msg)
	if tc, ok := nt.(common.TabComponent); ok {
		m.tabs[i] = tc
	}
	return m.address(i, cmd)
}

// broadcast gives news for everyone to every tab.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i := range m.tabs {
		cmds = append(cmds, m.update(i, msg))
	}
	return tea.Batch(cmds...)
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	// Keys typed faster than the terminal is read arrive together ("nc"):
	// one at a time, so "n" opens the question and "c" answers it.
	if cmd, split := common.SplitKeys(msg, nil, m.key); split {
		return cmd
	}
	k := m.ctx.Keys
	// Tabs switch whenever no field or question has the keys, even with
	// the entry reader open: it stays open in its tab, to come back to.
	if !m.Capturing() {
		switch {
		case key.Matches(msg, k.NextTab):
			m.active = (m.active + 1) % len(m.tabs)
			return nil
		case key.Matches(msg, k.PrevTab):
			m.active = (m.active + len(m.tabs) - 1) % len(m.tabs)
			return nil
		case key.Matches(msg, k.Tab):
			n := indexOf(k.Tab.Keys(), msg.String())
			if n < 0 || n >= len(m.tabs) {
				return common.Cannot(fmt.Sprintf("there are only %d tabs", len(m.tabs)))
			}
			if n == m.active {
				return common.Info("this is the %s tab", m.tabs[n].TabName())
			}
			m.active = n
			return nil
		case key.Matches(msg, k.Back) && !m.modal():
			return func() tea.Msg { return common.BackMsg{} }
		}
	}
	if !m.modal() && !m.loaded {
		if m.err != "" {
			return common.Cannot("the account did not load: press esc to go back")
		}
		return nil
	}
	return m.update(m.active, msg)
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	h := m.contentHeight()
	for _, t := range m.tabs {
		t.SetSize(width, h)
	}
}

// contentHeight is what is left for the tab under the header and the tab
// bar. The root draws the help bar (from ShortHelp) under the screen.
func (m *Model) contentHeight() int {
	return max(m.height-len(m.header())-1, 3)
}

// header renders the lines above the tab bar.
func (m *Model) header() []string {
	t := m.ctx.Theme
	w := max(m.width, 20)
	if !m.loaded {
		if m.err != "" {
			return []string{t.Error.Render(ansi.Truncate("✗ "+m.err, w, "…"))}
		}
		return []string{t.Faint.Render("loading the account…")}
	}
	a := m.rec.Account
	now := m.ctx.Now()
	parts := []string{t.Title.Render(a.Name), t.Health(a.Health)}
	if a.HealthScore > 0 {
		parts[1] += t.Subtle.Render(fmt.Sprintf(" %d/100", a.HealthScore))
	}
	if !a.ARR.IsZero() {
		parts = append(parts, "ARR "+a.ARR.String())
	}
	if a.Renewal.IsZero() {
		parts = append(parts, t.Faint.Render("no renewal date"))
	} else {
		parts = append(parts, "renews "+a.Renewal.String()+" ("+model.RenewalCountdown(a.Renewal, now)+")")
	}
	line := strings.Join(parts, "  ")
	if ansi.StringWidth(line) > w && !a.Renewal.IsZero() {
		// Too wide (a long name at 80 columns): the countdown matters
		// more than the date, which the Overview shows.
		cd := model.RenewalCountdown(a.Renewal, now)
		if a.Renewal.DaysFrom(now) < 0 {
			parts[len(parts)-1] = "renewal was " + cd
		} else {
			parts[len(parts)-1] = "renews " + cd
		}
		line = strings.Join(parts, "  ")
	}
	lines := []string{ansi.Truncate(line, w, "…")}

	var sub []string
	for _, s := range []string{string(a.Stage), a.Segment, a.Domain} {
		if s != "" {
			sub = append(sub, s)
		}
	}
	if a.Owner != "" {
		sub = append(sub, "owner "+a.Owner)
	}
	if len(a.Tags) > 0 {
		sub = append(sub, "#"+strings.Join(a.Tags, " #"))
	}
	if len(sub) > 0 {
		lines = append(lines, t.Subtle.Render(ansi.Truncate(strings.Join(sub, " · "), w, "…")))
	}

	flags := model.Flags(m.rec, now)
	if len(flags) > 0 {
		maxLines := 2
		if m.height < 30 {
			maxLines = 1 // keep room for the tab at 80x24
		}
		lines = append(lines, flagLines(t, flags, w, maxLines)...)
	}
	return lines
}

// flagLines lays the flags out on at most two lines, worst first; the
// marker (!!! critical, !! high, ! medium) reads without colour.
func flagLines(t *common.Theme, flags []model.Flag, w, maxLines int) []string {
	items := make([]string, len(flags))
	sevs := make([]model.Severity, len(flags))
	for i, f := range flags {
		mark := map[model.Severity]string{model.SeverityCritical: "!!!", model.SeverityHigh: "!!", model.SeverityMedium: "!"}[f.Severity]
		if mark == "" {
			mark = "·"
		}
		items[i], sevs[i] = mark+" "+f.Text, f.Severity
	}
	return tabkit.Pack(t, items, sevs, w, maxLines)
}

func (m *Model) tabBar() string {
	t := m.ctx.Theme
	render := func(short bool) (string, int) {
		var b strings.Builder
		for i, tab := range m.tabs {
			name := tab.TabName()
			if short {
				name = shortName(name)
			}
			label := fmt.Sprintf("%d %s", i+1, name)
			if i == m.active {
				b.WriteString(t.TabActive.UnsetPadding().Render("[" + label + "]"))
			} else {
				b.WriteString(t.TabInactive.UnsetPadding().Render(" " + label + " "))
			}
		}
		s := b.String()
		return s, lipgloss.Width(s)
	}
	s, w := render(false)
	if w > m.width {
		s, _ = render(true)
	}
	return ansi.Truncate(s, m.width, "…")
}

func shortName(n string) string {
	switch n {
	case "Commitments & risks":
		return "Risks"
	case "Playbooks":
		return "Books"
	case "Overview":
		return "Over"
	case "Timeline":
		return "Time"
	}
	return n
}

// View implements tea.Model.
func (m *Model) View() string {
	head := m.header()
	out := append([]string{}, head...)
	out = append(out, m.tabBar())
	out = append(out, tabkit.Fit(m.tabs[m.active].View(), m.width, m.contentHeight()))
	return strings.Join(out, "\n")
}

// ShortHelp implements help.KeyMap: the active tab's keys, then how to
// move between tabs and leave.
func (m *Model) ShortHelp() []key.Binding {
	hs := m.tabs[m.active].ShortHelp()
	if m.Capturing() {
		return hs
	}
	// esc/q (back) and ? (all keys) are the root's, shown by it.
	k := m.ctx.Keys
	nums := m.tabNumbers()
	return append(hs, key.NewBinding(key.WithKeys(append(k.NextTab.Keys(), nums.Keys()...)...),
		key.WithHelp(k.NextTab.Help().Key+"/"+nums.Help().Key, "switch tab")))
}

// tabNumbers is the key map's tab numbers for the tabs there are, named
// as a range: "1-6", not the first key's "1".
func (m *Model) tabNumbers() key.Binding {
	k := m.ctx.Keys
	keys := k.Tab.Keys()[:min(len(m.tabs), len(k.Tab.Keys()))]
	name := keys[0]
	if len(keys) > 1 {
		name += "-" + keys[len(keys)-1]
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(name, k.Tab.Help().Desc))
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	out := m.tabs[m.active].FullHelp()
	if m.Capturing() {
		return out // a form, a question or a picker has the keys: no tab switches
	}
	return append(out, []key.Binding{k.NextTab, k.PrevTab, m.tabNumbers(), k.Back})
}

func indexOf(keys []string, k string) int {
	for i, x := range keys {
		if x == k {
			return i
		}
	}
	return -1
}

// Changed reports whether a tab has a half-typed form.
func (m *Model) Changed() bool {
	for _, t := range m.tabs {
		if u, ok := t.(common.Unsaved); ok && u.Changed() {
			return true
		}
	}
	return false
}
