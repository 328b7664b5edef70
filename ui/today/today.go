// Package today is the Today view of the home screen: what is due across
// the whole book, section by section (overdue and today's steps, tasks and
// commitments, then the week's; missed objectives; renewals; accounts and
// sponsors nobody talked to; high risks; transitions by successor). Enter
// opens the account on the tab that holds the item; space ticks a step or
// a task done.
//
// It reads only the account summaries and the due-item index
// (store.DueIndex), never whole accounts, so it stays fast at 10,000
// accounts; what is due is decided by model.BuildAgenda, the same rule
// bob agenda prints. It must never touch the book outside a tea.Cmd.
package today

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"bob/agenda"
	"bob/model"
	"bob/store"
	"bob/termsafe"
	"bob/ui/common"
)

// SectionRows is how many rows a section shows before "N more"; enter on
// that line shows the rest.
const SectionRows = 5

// The account tabs Today opens, by the names the account view gives them.
const (
	TabOverview    = "Overview"
	TabTimeline    = "Timeline"
	TabPeople      = "People"
	TabPlans       = "Plans"
	TabPlaybooks   = "Playbooks"
	TabCommitments = "Commitments & risks"
)

// Model is the Today view.
type Model struct {
	ctx           *common.Context
	width, height int

	ag      *model.Agenda // nil until loaded
	loadErr error
	seq     int // the latest load; older results are dropped

	expanded map[model.AgendaSection]bool
	rows     []row
	cursor   int // index into rows; always a selectable row when there is one
	offset   int
}

// rowKind is what a line of the view is.
type rowKind int

const (
	rowHeader rowKind = iota // a section's title and count
	rowEmpty                 // the one line of an empty section
	rowGroup                 // a successor's name over their accounts
	rowItem                  // something to act on
	rowMore                  // "N more": enter shows the whole section
)

// row is one line of the view.
type row struct {
	kind    rowKind
	section model.AgendaSection
	text    string // header, empty, group and more lines
	cells   []string
	style   string // "late", "today" or ""
	// What enter opens: the account, its tab and the item on it.
	accountID, tab, item string
	// due is set on due-item rows, so space can tick steps and tasks.
	due *model.AgendaDue
}

func (r row) selectable() bool { return r.kind == rowItem || r.kind == rowMore }

// loadedMsg carries a freshly built agenda.
type loadedMsg struct {
	seq int
	ag  model.Agenda
	err error
}

// New returns the Today view over ctx's book. It loads in Init.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx, expanded: map[model.AgendaSection]bool{}}
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

// Init loads what is due.
func (m *Model) Init() tea.Cmd { return m.load() }

func (m *Model) load() tea.Cmd {
	m.seq++
	seq, st, now := m.seq, m.ctx.Store, m.ctx.Now()
	return func() tea.Msg {
		sums, due, err := st.DueIndex()
		if err != nil {
			return loadedMsg{seq: seq, err: err}
		}
		ag := model.BuildAgenda(*common.Safe(&sums), *common.Safe(&due), now, model.AgendaOptions{})
		return loadedMsg{seq: seq, ag: ag}
	}
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.scroll()
}

// Agenda returns the agenda on screen (nil before it loads), for tests.
func (m *Model) Agenda() *model.Agenda { return m.ag }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.seq != m.seq {
			return m, nil
		}
		if msg.err != nil {
			m.loadErr = msg.err
			return m, common.Fail(msg.err)
		}
		m.loadErr = nil
		m.install(msg.ag)
		return m, nil
	case common.BookChangedMsg:
		return m, m.load()
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// install shows a new agenda, keeping the cursor on the same item when it
// is still there (a ticked step leaves; the cursor takes the next line).
func (m *Model) install(ag model.Agenda) {
	var keep row
	hadCursor := m.cursor < len(m.rows)
	if hadCursor {
		keep = m.rows[m.cursor]
	}
	m.ag = &ag
	m.arrange()
	if hadCursor {
		for i, r := range m.rows {
			if r.selectable() && r.kind == keep.kind && r.section == keep.section && r.item == keep.item && r.accountID == keep.accountID {
				m.cursor = i
				m.scroll()
				return
			}
		}
		// The item left: stay at the same place in the list.
		m.cursor = min(m.cursor, len(m.rows)-1)
	}
	m.land(1)
}

// arrange lays the agenda out as lines: each section's heading, then its
// rows (or the line that says it is empty), then how many more there are.
func (m *Model) arrange() {
	ag := m.ag
	m.rows = m.rows[:0]
	for s := model.SectionOverdue; s < model.SectionCount; s++ {
		n := ag.Count(s)
		m.rows = append(m.rows, row{kind: rowHeader, section: s, text: fmt.Sprintf("%s (%d)", ag.Title(s), n)})
		if n == 0 {
			m.rows = append(m.rows, row{kind: rowEmpty, section: s, text: ag.Empty(s)})
			continue
		}
		sr := &sectionRows{m: m, section: s, limit: n}
		if !m.expanded[s] && n > SectionRows+1 {
			sr.limit = SectionRows
		}
		if items, ok := ag.Due(s); ok {
			sr.due(items)
		}
		switch s {
		case model.SectionRenewals:
			sr.renewals(ag.Renewals)
		case model.SectionUntouched:
			sr.untouched(ag.Untouched)
		case model.SectionKeyPeople:
			sr.keyPeople(ag.KeyPeople)
		case model.SectionRisks:
			sr.risks(ag.Risks)
		case model.SectionTransitions:
			sr.transitions(ag.Transitions)
		}
		if sr.shown < n {
			m.rows = append(m.rows, row{kind: rowMore, section: s, text: fmt.Sprintf("… %d more: enter shows them all", n-sr.shown)})
		}
	}
}

// sectionRows adds one section's item rows to the model, up to limit.
type sectionRows struct {
	m            *Model
	section      model.AgendaSection
	limit, shown int
}

// add adds r as an item row, or reports false when the section is full.
func (sr *sectionRows) add(r row) bool {
	if sr.shown >= sr.limit {
		return false
	}
	r.kind, r.section = rowItem, sr.section
	sr.m.rows = append(sr.m.rows, r)
	sr.shown++
	return true
}

// group adds a group's heading (a successor's name), unless the section
// is full.
func (sr *sectionRows) group(text string) {
	if sr.shown < sr.limit {
		sr.m.rows = append(sr.m.rows, row{kind: rowGroup, section: sr.section, text: text})
	}
}

// due adds the due items: steps, tasks, commitments and objectives.
func (sr *sectionRows) due(items []model.AgendaDue) {
	safe := termsafe.Line
	for i := range items {
		it := &items[i]
		what := safe(it.Title)
		if it.Who != "" {
			what += " · " + agenda.Who(it.DueItem) + " " + safe(it.Who)
		}
		style := ""
		switch {
		case it.Days < 0:
			style = "late"
		case it.Days == 0:
			style = "today"
		}
		r := row{cells: []string{agenda.When(it.Days, true), safe(it.Account), string(it.Kind), what}, style: style,
			accountID: it.AccountID, tab: tabOf(it.Kind), item: it.ID, due: it}
		if !sr.add(r) {
			return
		}
	}
}

func (sr *sectionRows) renewals(rs []model.AgendaRenewal) {
	safe := termsafe.Line
	for _, r := range rs {
		prep := []string{}
		if !r.ActivePlan {
			prep = append(prep, "no active plan")
		}
		if !r.RenewalChecklist {
			prep = append(prep, "no renewal checklist")
		}
		if len(prep) == 0 {
			prep = append(prep, "plan and checklist ready")
		}
		if !sr.add(row{cells: []string{agenda.When(r.Days, true), safe(r.Account), agenda.OrDash(string(r.Health)), agenda.OrDash(safe(r.ARR.String())),
			strings.Join(prep, ", ")}, accountID: r.AccountID, tab: TabOverview, style: renewalStyle(r.Days)}) {
			return
		}
	}
}

func (sr *sectionRows) untouched(us []model.AgendaUntouched) {
	for _, u := range us {
		if !sr.add(row{cells: []string{touchedWhen(u.Days), termsafe.Line(u.Account)}, accountID: u.AccountID, tab: TabTimeline}) {
			return
		}
	}
}

func (sr *sectionRows) keyPeople(ps []model.AgendaPerson) {
	safe := termsafe.Line
	for _, p := range ps {
		if !sr.add(row{cells: []string{touchedWhen(p.Days), safe(p.Account), safe(p.Name) + " · " + string(p.Role)},
			accountID: p.AccountID, tab: TabPeople, item: p.ID}) {
			return
		}
	}
}

func (sr *sectionRows) risks(rs []model.AgendaRisk) {
	safe := termsafe.Line
	for _, r := range rs {
		style := ""
		if r.Severity == model.SeverityCritical {
			style = "late"
		}
		if !sr.add(row{cells: []string{string(r.Severity), safe(r.Account), safe(r.Title)}, accountID: r.AccountID,
			tab: TabCommitments, item: r.ID, style: style}) {
			return
		}
	}
}

// transitions adds the accounts in transition, under their successor.
func (sr *sectionRows) transitions(gs []model.AgendaSuccessor) {
	safe := termsafe.Line
	for _, g := range gs {
		to := "to " + safe(g.Successor)
		if g.Successor == "" {
			to = "no successor named yet"
		}
		sr.group(to)
		for _, t := range g.Accounts {
			item := ""
			if len(t.Checklists) > 0 {
				item = t.Checklists[0].ChecklistID
			}
			if !sr.add(row{cells: []string{safe(t.Account), agenda.Progress(t.Checklists)}, accountID: t.AccountID, tab: TabPlaybooks, item: item}) {
				return
			}
		}
	}
}

func tabOf(k model.DueKind) string {
	switch k {
	case model.DueStep:
		return TabPlaybooks
	case model.DueCommitment:
		return TabCommitments
	}
	return TabPlans
}

func renewalStyle(days int) string {
	if days <= 30 {
		return "today"
	}
	return ""
}

func touchedWhen(days int) string {
	if days < 0 {
		return "never"
	}
	return fmt.Sprintf("%dd ago", days)
}

// key handles a key press; the home screen has taken tab already.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if d, ok := k.Movement(msg, len(m.rows), m.visibleRows()); ok {
		m.move(d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Open):
		return m.open()
	case key.Matches(msg, k.Select):
		return m.tick()
	}
	return nil
}

// current is the row under the cursor.
func (m *Model) current() (row, bool) {
	if m.ag == nil || m.cursor < 0 || m.cursor >= len(m.rows) || !m.rows[m.cursor].selectable() {
		return row{}, false
	}
	return m.rows[m.cursor], true
}

func (m *Model) open() tea.Cmd {
	r, ok := m.current()
	switch {
	case m.ag == nil:
		return common.Cannot("Today is still loading")
	case !ok:
		return common.Cannot("nothing is due: Today has nothing to open")
	case r.kind == rowMore:
		m.expanded[r.section] = true
		m.arrange()
		m.scroll()
		return nil
	}
	return func() tea.Msg { return common.OpenAccountMsg{ID: r.accountID, Tab: r.tab, Item: r.item} }
}

// tick marks the step or task under the cursor done, through the same
// store function as the Playbooks tab and bob step; the write keeps the
// due-item index current, and the reload that follows takes the item off
// Today.
func (m *Model) tick() tea.Cmd {
	r, ok := m.current()
	switch {
	case !ok || r.due == nil:
		return common.Cannot("space ticks a checklist step or a plan task: move to one")
	case r.due.Kind == model.DueCommitment:
		return common.Cannot("a commitment is kept, not ticked: enter opens it on Commitments & risks")
	case r.due.Kind == model.DueObjective:
		return common.Cannot("an objective is achieved on its success plan: enter opens it on Plans")
	}
	it := *r.due
	st, by := m.ctx.Store, m.ctx.Author
	change := store.StepChange{State: model.StepDone, By: by}
	return common.Cmd(func() (string, error) {
		if it.Kind == model.DueTask {
			_, err := st.SetTaskState(it.AccountID, it.ID, change)
			return it.Title, err
		}
		_, err := st.SetStepState(it.AccountID, it.ID, change)
		return it.Title, err
	}, func(title string) tea.Msg {
		what := fmt.Sprintf("ticked %q done on %s", termsafe.Line(title), termsafe.Line(it.Account))
		return tea.BatchMsg{
			func() tea.Msg { return common.BookChangedMsg{AccountID: it.AccountID, What: what} },
			common.Info("%s", what),
		}
	})
}

func (m *Model) move(d int) {
	if len(m.rows) == 0 {
		return
	}
	m.cursor = common.Clamp(m.cursor+d, len(m.rows))
	m.land(d)
}

// land puts the cursor on the nearest selectable row, looking first the
// way it moved (down when dir ≥ 0), and keeps it on screen.
func (m *Model) land(dir int) {
	m.cursor = common.Land(m.cursor, len(m.rows), dir, func(i int) bool { return m.rows[i].selectable() })
	m.scroll()
}

// scroll keeps the cursor on screen, and a section's header with its
// first row.
func (m *Model) scroll() {
	vis := m.visibleRows()
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(m.rows), vis)
	if m.cursor > 0 && m.cursor-1 < m.offset && m.rows[m.cursor-1].kind == rowHeader {
		m.offset = m.cursor - 1
	}
}

// visibleRows is how many lines fit under the title.
func (m *Model) visibleRows() int { return max(m.height-1, 1) }

// column widths of the item lines.
func (m *Model) widths(r row) []int {
	acc := 24
	if m.width >= 110 {
		acc = 30
	}
	switch r.section {
	case model.SectionOverdue, model.SectionToday, model.SectionComing, model.SectionObjectives:
		return []int{9, acc, 10}
	case model.SectionRenewals:
		return []int{9, acc, 7, 14}
	case model.SectionRisks:
		return []int{9, acc}
	case model.SectionTransitions:
		return []int{acc}
	}
	return []int{9, acc}
}

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	var b strings.Builder
	title := t.Title.Render("Today") + "  " + t.Subtle.Render(m.ctx.Now().Format("Monday 2 January 2006"))
	if m.ag != nil {
		n := m.ag.Count(model.SectionOverdue) + m.ag.Count(model.SectionToday)
		title += t.Subtle.Render(fmt.Sprintf(" · %d overdue or due today · %d renewals in %d days", n,
			m.ag.Count(model.SectionRenewals), m.ag.Options.RenewalDays))
	}
	b.WriteString(ansi.Truncate(title, m.width, "…"))
	switch {
	case m.ag == nil && m.loadErr != nil:
		b.WriteString("\n" + t.Error.Render("What is due could not be read: "+common.ErrorText(m.loadErr)))
		return b.String()
	case m.ag == nil:
		b.WriteString("\n" + t.Faint.Render("Reading what is due…"))
		return b.String()
	}
	end := min(m.offset+m.visibleRows(), len(m.rows))
	for i := m.offset; i < end; i++ {
		b.WriteString("\n" + m.renderRow(m.rows[i], i == m.cursor))
	}
	return b.String()
}

func (m *Model) renderRow(r row, cursor bool) string {
	t := m.ctx.Theme
	switch r.kind {
	case rowHeader:
		return t.Bold.Render(r.text)
	case rowEmpty:
		return "  " + t.Faint.Render(r.text)
	case rowGroup:
		return "  " + t.Subtle.Render(r.text)
	case rowMore:
		if cursor {
			return t.Cursor.Render(pad("▸ "+r.text, m.width))
		}
		return t.Faint.Render("  " + r.text)
	}
	ws := m.widths(r)
	parts := make([]string, len(r.cells))
	for i, c := range r.cells {
		if i < len(ws) {
			parts[i] = cell(c, ws[i])
		} else {
			parts[i] = c
		}
	}
	marker := "  "
	if cursor {
		// The marker shows the cursor without colour (NO_COLOR).
		marker = "▸ "
	}
	line := ansi.Truncate(strings.TrimRight(marker+strings.Join(parts, " "), " "), m.width, "…")
	if cursor {
		return t.Cursor.Render(pad(line, m.width))
	}
	switch r.style {
	case "late":
		return t.Error.Render(line)
	case "today":
		return t.Warn.Render(line)
	}
	return line
}

func cell(s string, w int) string {
	return pad(ansi.Truncate(s, w, "…"), w)
}

func pad(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	return []key.Binding{k.Open, m.tickKey()}
}

// tickKey is the select key (space) as Today uses it.
func (m *Model) tickKey() key.Binding { return common.Labeled(m.ctx.Keys.Select, "tick done") }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{
		k.MovementKeys(),
		{k.Open, m.tickKey()},
	}
}
