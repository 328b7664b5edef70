// Package timeline is the Timeline tab of the account 360 view: the
// account's dated history (calls, meetings, emails, notes, risks,
// milestones, escalations, handoffs), newest first, with a kind filter, an
// entry reader that renders the Markdown body, quick capture of a new
// entry in a few keys (kind letter, internal toggle, back-dating, @name to
// link stakeholders), edit, delete to the trash and undo.
//
// Entries are read a page at a time with store.TimelinePage (the first
// page comes with the account view's store.AccountView) and written with
// store.PutEntry / DeleteEntry / RestoreTrash, always inside a tea.Cmd.
// The tab holds a window of the timeline: the next page is read as the
// cursor nears its end (or its start, after a jump to the oldest entry),
// g and G read the first and the last page, and the kind filter is applied
// by the store as it reads. The count above the list comes from the counts
// the store keeps at write time. So an account with a hundred thousand
// entries opens, draws and scrolls at the cost of one with a few hundred.
// Markdown is rendered (markdown.go) inside a tea.Cmd too, never in View.
package timeline

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/store"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
)

// Filters is the order in which f cycles the kind filter; "" is all.
var Filters = []model.EntryKind{"", model.KindCall, model.KindMeeting, model.KindEmail, model.KindNote,
	model.KindRisk, model.KindMilestone, model.KindEscalation, model.KindHandoff}

// PageSize is how many entries the tab reads at a time.
const PageSize = 200

// maxWindow caps the entries held: scrolling further drops the far end
// (read again if the cursor comes back).
const maxWindow = 4 * PageSize

// How a page read by the tab joins the window.
const (
	replace = iota // the page is the new window
	older          // after the window's last entry
	newer          // before its first entry
)

// entriesMsg carries a page the tab read for itself.
type entriesMsg struct {
	gen  int
	how  int
	q    store.PageQuery
	page store.TimelinePage
	// to puts the cursor on the first entry (toTop) or the last (toEnd);
	// at, on this entry.
	to int
	at string
}

const (
	toTop = 1 + iota
	toEnd
)

// Model is the Timeline tab.
type Model struct {
	ctx       *common.Context
	accountID string

	people   []model.Person
	names    map[string]string // person ID -> display name
	mentions []string          // names offered after "@"

	// entries is the window of the timeline held, newest first; total
	// is how many entries (of the kind shown) the timeline has, and
	// hasNewer and hasOlder say whether it goes on beyond the window.
	entries      []model.TimelineEntry
	total        int
	hasNewer     bool
	hasOlder     bool
	loadingOlder bool
	loadingNewer bool
	loaded       bool
	// gen counts the windows the tab has started over with (a filter, g,
	// G, a jump to an entry, a read again after a write): a page read for
	// an earlier one is dropped.
	gen int
	// fromRecord: the account view reads the first page with the account
	// (store.AccountView) and hands it over with SetPage, so opening an
	// account is one read.
	fromRecord bool
	filter     int // index into Filters
	cursor     int
	offset     int

	form   *form.Model
	asking string // "delete" while the y/n question is open
	// mention is the open question about an unknown @name; parked is the
	// entry form while the person it names is being added; plain are the
	// @names the user chose to keep as text.
	mention    *mentionState
	parked     *form.Model
	renameFrom string
	plain      map[string]bool
	reader     *reader
	editing    string // ID of the entry in the form; "" for a new one

	undo tabkit.Undo
	want string // entry to select when it shows up in the list

	width, height int
}

// New returns the Timeline tab of an account. Init loads the entries; the
// account view hands it the people (for names and @-completion) with
// SetRecord.
func New(ctx *common.Context, accountID string) *Model {
	return &Model{ctx: ctx, accountID: accountID, names: map[string]string{}, plain: map[string]bool{}}
}

// TabName implements common.TabComponent.
func (m *Model) TabName() string { return "Timeline" }

// FromRecord makes the tab take its first page from the account view
// (SetPage), which reads it with the account, instead of reading it
// itself when it starts.
func (m *Model) FromRecord() { m.fromRecord = true }

// FirstPage is the query of the page the tab starts with.
func (m *Model) FirstPage() store.PageQuery {
	return store.PageQuery{Kinds: m.kinds(), Limit: PageSize}
}

func (m *Model) kinds() []model.EntryKind {
	if f := Filters[m.filter]; f != "" {
		return []model.EntryKind{f}
	}
	return nil
}

// SetPage hands the tab the first page the account view read for it
// (with FirstPage's query q). A page for a window the tab has left since
// is dropped.
func (m *Model) SetPage(q store.PageQuery, p store.TimelinePage) tea.Cmd {
	if m.loaded || !slices.Equal(q.Kinds, m.kinds()) {
		return nil
	}
	return m.apply(entriesMsg{gen: m.gen, how: replace, q: q, page: p})
}

// SetRecord implements tabkit.RecordTab: the timeline keeps the people
// (for names and @-completion); its entries come a page at a time.
func (m *Model) SetRecord(rec model.AccountRecord) {
	m.people = rec.People
	m.names = tabkit.Names(rec.People)
	m.mentions = m.mentions[:0]
	for _, p := range rec.People {
		m.mentions = append(m.mentions, p.Name)
	}
}

// Entries returns the entries held (after the kind filter), newest first:
// a window of the timeline around the cursor.
func (m *Model) Entries() []model.TimelineEntry { return m.entries }

// Total returns how many entries (of the kind shown) the timeline has.
func (m *Model) Total() int { return m.total }

// Filter returns the kind filter ("" for all).
func (m *Model) Filter() model.EntryKind { return Filters[m.filter] }

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form.SetSize(w, h)
	}
	m.clamp()
	if m.reader != nil {
		m.reader.resize(w, h)
	}
}

// Modal implements tabkit.Modal.
func (m *Model) Modal() bool { return m.form != nil || m.asking != "" || m.reader != nil }

// Capturing implements common.Capturer: a form or a question takes every
// key; the reader does not, so ? shows its keys and an idle key says so.
func (m *Model) Capturing() bool { return m.form != nil || m.asking != "" }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	if m.fromRecord {
		return nil // the first page comes with the account
	}
	return m.read(m.FirstPage(), replace, 0, "")
}

// read reads one page in a tea.Cmd; how says where it goes.
func (m *Model) read(q store.PageQuery, how, to int, at string) tea.Cmd {
	st, acc, gen := m.ctx.Store, m.accountID, m.gen
	return common.Cmd(func() (store.TimelinePage, error) {
		if at != "" {
			// The page that starts at an entry, found by its ID.
			switch e, err := st.Entry(at); {
			case err == nil:
				q.From, q.Inclusive = store.CursorAt(e), true
			case !errors.Is(err, store.ErrNotFound):
				return store.TimelinePage{}, err
			} // gone meanwhile: the first page, where it is not found
		}
		p, err := st.TimelinePage(acc, q)
		p.Entries = *common.Safe(&p.Entries)
		return p, err
	},
		func(p store.TimelinePage) tea.Msg {
			return entriesMsg{gen: gen, how: how, q: q, page: p, to: to, at: at}
		})
}

// restart starts a new window with the page q reads (a filter, g, G or a
// jump to an entry): pages still coming for the old one are dropped.
func (m *Model) restart(q store.PageQuery, to int, at string) tea.Cmd {
	m.gen++
	m.loadingOlder, m.loadingNewer = false, false
	return m.read(q, replace, to, at)
}

// reload reads the window again (the book changed): from the newest
// entry, or from the window's first entry when it starts further down,
// as many entries as it holds.
func (m *Model) reload() tea.Cmd {
	q := store.PageQuery{Kinds: m.kinds(), Limit: max(len(m.entries), PageSize)}
	if m.hasNewer && len(m.entries) > 0 {
		q.From, q.Inclusive = store.CursorAt(m.entries[0]), true
	}
	// A page read before it is older than what it brings.
	return m.restart(q, 0, "")
}

// apply puts a page into the window.
func (m *Model) apply(msg entriesMsg) tea.Cmd {
	if msg.gen != m.gen || !slices.Equal(msg.q.Kinds, m.kinds()) {
		return nil
	}
	p := msg.page
	switch msg.how {
	case replace:
		m.loadingOlder, m.loadingNewer = false, false
		if msg.q.Newer {
			m.hasNewer, m.hasOlder = p.More, !msg.q.From.IsZero()
		} else {
			m.hasNewer, m.hasOlder = !msg.q.From.IsZero(), p.More
		}
		if msg.at != "" {
			m.want = msg.at
		}
		m.setEntries(p.Entries)
		switch msg.to {
		case toTop:
			m.cursor, m.offset = 0, 0
		case toEnd:
			m.cursor = len(m.entries) - 1
		}
		switch {
		case m.want != "" && msg.at == "":
			// The entry to select is beyond the window: read the page
			// that starts at it.
			m.total = p.Total
			return m.restart(store.PageQuery{Kinds: m.kinds(), Limit: PageSize}, 0, m.want)
		case m.want != "" && m.want == msg.at:
			m.want = "" // not of the kind shown
		}
	case older:
		m.loadingOlder = false
		if len(m.entries) == 0 || store.CursorAt(m.entries[len(m.entries)-1]) != msg.q.From {
			break // the window changed meanwhile: fetch asks again
		}
		m.entries = append(m.entries, p.Entries...)
		m.hasOlder = p.More
		if drop := min(len(m.entries)-maxWindow, m.offset); drop > 0 {
			m.entries = slices.Delete(m.entries, 0, drop)
			m.cursor, m.offset, m.hasNewer = m.cursor-drop, m.offset-drop, true
		}
	case newer:
		m.loadingNewer = false
		if len(m.entries) == 0 || store.CursorAt(m.entries[0]) != msg.q.From {
			break
		}
		n := len(p.Entries)
		m.entries = append(slices.Clone(p.Entries), m.entries...)
		m.cursor, m.offset, m.hasNewer = m.cursor+n, m.offset+n, p.More
		if drop := min(len(m.entries)-maxWindow, len(m.entries)-(m.offset+m.listHeight())); drop > 0 {
			m.entries = m.entries[:len(m.entries)-drop]
			m.hasOlder = true
		}
	}
	m.total = p.Total
	m.clamp()
	var cmds []tea.Cmd
	if m.reader != nil {
		for _, e := range m.entries {
			if e.ID == m.reader.entry.ID {
				cmds = append(cmds, m.reader.set(e))
			}
		}
	}
	return tea.Batch(append(cmds, m.fetch())...)
}

// fetch reads the next page when the cursor nears an end of the window
// beyond which the timeline goes on.
func (m *Model) fetch() tea.Cmd {
	if len(m.entries) == 0 {
		return nil
	}
	margin := 2 * max(m.listHeight(), 1)
	var cmds []tea.Cmd
	if m.hasOlder && !m.loadingOlder && m.cursor+margin >= len(m.entries) {
		m.loadingOlder = true
		q := store.PageQuery{Kinds: m.kinds(), From: store.CursorAt(m.entries[len(m.entries)-1]), Limit: PageSize}
		cmds = append(cmds, m.read(q, older, 0, ""))
	}
	if m.hasNewer && !m.loadingNewer && m.cursor < margin {
		m.loadingNewer = true
		q := store.PageQuery{Kinds: m.kinds(), From: store.CursorAt(m.entries[0]), Newer: true, Limit: PageSize}
		cmds = append(cmds, m.read(q, newer, 0, ""))
	}
	return tea.Batch(cmds...)
}

// setEntries shows es, keeping the cursor on the entry it was on (or
// moving it to the one asked for).
func (m *Model) setEntries(es []model.TimelineEntry) {
	keep := m.selectedID()
	if m.want != "" {
		keep = m.want
	}
	m.entries, m.loaded = es, true
	for i, e := range m.entries {
		if e.ID == keep {
			m.cursor = i
			if keep == m.want {
				m.want = ""
			}
		}
	}
	m.clamp()
}

// selectEntry puts the cursor on an entry: at once when the window holds
// it, or once the page that starts at it is read (a window read again
// meanwhile reads it after).
func (m *Model) selectEntry(id string) tea.Cmd {
	for i, e := range m.entries {
		if e.ID == id {
			m.cursor, m.want = i, ""
			m.clamp()
			return m.fetch()
		}
	}
	m.want = id
	return m.restart(store.PageQuery{Kinds: m.kinds(), Limit: PageSize}, 0, id)
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	mm, cmd := m.update(msg)
	if m.reader != nil && m.reader.stale() {
		// the size changed since the body was rendered: render it again
		cmd = tea.Batch(cmd, m.reader.render())
	}
	return mm, cmd
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case entriesMsg:
		return m, m.apply(msg)
	case common.BookChangedMsg:
		// The window is read again (an open reader shows its entry as
		// changed). An open form is told too: it shows an outside change
		// to its entry as a conflict.
		var cmds []tea.Cmd
		if m.form != nil {
			_, cmd := m.form.Update(msg)
			cmds = append(cmds, cmd)
		}
		if msg.AccountID == "" || msg.AccountID == m.accountID {
			cmds = append(cmds, m.reload())
		}
		return m, tea.Batch(cmds...)
	case tabkit.SelectMsg:
		return m, m.selectEntry(msg.Item)
	case tabkit.FormClosedMsg:
		m.form, m.mention, m.parked = nil, nil, nil
		m.plain = map[string]bool{}
		return m, nil
	case personFormClosedMsg:
		if m.parked != nil && !msg.saved {
			m.form, m.parked = m.parked, nil // cancelled: back to the entry
		}
		return m, nil
	case personAddedMsg:
		return m, m.personAdded(msg.person)
	case renderedMsg:
		if m.reader != nil {
			m.reader.rendered(msg)
		}
		return m, nil
	case tabkit.DeletedMsg:
		return m, m.undo.Deleted(m.ctx.Keys, m.accountID, msg)
	case tabkit.RestoredMsg:
		// select it again, reading the page it is on if need be
		return m, tea.Batch(tabkit.Restored(m.accountID, msg), m.selectEntry(msg.Item))
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	if m.form != nil {
		_, cmd := m.form.Update(msg)
		return m, cmd
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.mention != nil && m.form != nil {
		return m.mentionKey(msg)
	}
	if m.form != nil {
		_, cmd := m.form.Update(msg)
		return cmd
	}
	k := m.ctx.Keys
	if m.asking == "delete" {
		m.asking = ""
		if key.Matches(msg, k.Confirm) {
			return m.delete()
		}
		return common.Info("not deleted")
	}
	if m.reader != nil {
		switch {
		case key.Matches(msg, k.Back), key.Matches(msg, k.Quit):
			m.reader.close()
			m.reader = nil
		case key.Matches(msg, k.Edit):
			e := m.reader.entry
			m.reader.close()
			m.reader = nil
			return m.openForm(&e)
		case key.Matches(msg, k.Delete):
			// back on the list with the question, the entry under the cursor
			id := m.reader.entry.ID
			m.reader.close()
			m.reader = nil
			if m.selectedID() != id {
				return common.Cannot("the entry is no longer in the list: it was not deleted")
			}
			m.asking = "delete"
			m.clamp()
		case key.Matches(msg, k.ShowAll):
			return m.reader.showAll()
		default:
			m.reader.scroll(msg, k)
		}
		return nil
	}
	switch {
	case key.Matches(msg, k.Top) && m.hasNewer:
		return m.restart(m.FirstPage(), toTop, "")
	case key.Matches(msg, k.Bottom) && m.hasOlder:
		// the last page: the oldest entries, read from the oldest end
		return m.restart(store.PageQuery{Kinds: m.kinds(), Newer: true, Limit: PageSize}, toEnd, "")
	}
	if d, ok := k.Movement(msg, len(m.entries), m.listHeight()); ok {
		m.move(d)
		return m.fetch()
	}
	switch {
	case key.Matches(msg, k.Kind):
		m.filter = (m.filter + 1) % len(Filters)
		m.cursor, m.offset = 0, 0
		return m.restart(m.FirstPage(), 0, "")
	case key.Matches(msg, k.Open):
		e, ok := m.selected()
		if !ok {
			return common.Cannot("no entry to open: press n to add one")
		}
		m.reader = newReader(m.ctx, e, m.names)
		m.reader.resize(m.width, m.height)
		return m.reader.render()
	case key.Matches(msg, k.New):
		return m.openForm(nil)
	case key.Matches(msg, k.Edit):
		e, ok := m.selected()
		if !ok {
			return common.Cannot("no entry to edit: press n to add one")
		}
		return m.openForm(&e)
	case key.Matches(msg, k.Delete):
		if _, ok := m.selected(); !ok {
			return common.Cannot("no entry to delete")
		}
		m.asking = "delete"
		m.clamp()
	case key.Matches(msg, k.Undo):
		return m.undo.Restore(m.ctx.Store, "timeline entry")
	case key.Matches(msg, k.Filter):
		return common.Cannot(fmt.Sprintf("the timeline has no text filter: %s shows one kind of entry at a time, / on the account list finds an account", k.Kind.Help().Key))
	}
	return nil
}

func (m *Model) move(d int) {
	m.cursor += d
	m.clamp()
}

func (m *Model) clamp() {
	m.cursor = common.Clamp(m.cursor, len(m.entries))
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(m.entries), m.listHeight())
}

// Selected returns the entry under the cursor.
func (m *Model) Selected() (model.TimelineEntry, bool) { return m.selected() }

func (m *Model) selected() (model.TimelineEntry, bool) {
	if m.cursor < 0 || m.cursor >= len(m.entries) {
		return model.TimelineEntry{}, false
	}
	return m.entries[m.cursor], true
}

func (m *Model) selectedID() string {
	if e, ok := m.selected(); ok {
		return e.ID
	}
	return ""
}

func (m *Model) delete() tea.Cmd {
	e, ok := m.selected()
	if !ok {
		return nil
	}
	st := m.ctx.Store
	what := fmt.Sprintf("%s %q", e.Kind, e.Title)
	return tabkit.Delete(what, e.ID, func() (string, error) { return st.DeleteEntry(e.ID) })
}

// listHeight is the number of entry rows on screen.
func (m *Model) listHeight() int {
	if m.asking != "" {
		return m.height - 2 // room for the question
	}
	return m.height - 1
}

// View implements tea.Model. It draws only the rows on screen.
func (m *Model) View() string {
	if m.form != nil && m.mention != nil {
		v := strings.Split(m.form.View(), "\n")
		return strings.Join(append(v[:max(min(len(v), m.height-1), 0)], m.mentionPrompt()), "\n")
	}
	if m.form != nil {
		return m.form.View()
	}
	if m.reader != nil {
		return m.reader.View()
	}
	t := m.ctx.Theme
	w := max(m.width, 40)
	kind := "all"
	if f := Filters[m.filter]; f != "" {
		kind = string(f)
	}
	var out []string
	count := fmt.Sprintf("%d entries", m.total)
	if !m.loaded {
		count = "loading…"
	}
	out = append(out, t.Subtle.Render(ansi.Truncate(fmt.Sprintf("%s · kind: %s (f to change) · [int] internal, not a touch", count, kind), w, "…")))
	h := m.listHeight()
	if m.loaded && len(m.entries) == 0 {
		msg := "No entries yet: press n to capture a call, meeting, email or note."
		if kind != "all" {
			msg = "No " + kind + " entries: press f to change the filter."
		}
		out = append(out, t.Faint.Render(msg))
	}
	end := min(len(m.entries), m.offset+h)
	for i := m.offset; i < end; i++ {
		out = append(out, m.row(m.entries[i], i == m.cursor, w))
	}
	if m.asking == "delete" {
		for len(out) < m.height-1 {
			out = append(out, "")
		}
		e, _ := m.selected()
		out = append(out, common.Question(t, w, fmt.Sprintf("delete %s %q? it goes to the trash", e.Kind, e.Title), m.ctx.Keys.YesNo()))
	}
	return strings.Join(out, "\n")
}

// row is one entry on one line: date, kind, internal marker, title and
// linked people.
func (m *Model) row(e model.TimelineEntry, selected bool, w int) string {
	t := m.ctx.Theme
	loc := m.ctx.Now().Location()
	marker := "[ext]"
	if e.Internal {
		marker = "[int]"
	}
	rest := max(w-2-16-1-10-1-5-1, 10)
	title := e.Title
	if e.Kind == model.KindEscalation && e.Status != "" {
		title += " (" + string(e.Status) + ")"
	}
	if len(e.People) > 0 {
		var ns []string
		for _, id := range e.People {
			if n, ok := m.names[id]; ok {
				ns = append(ns, n)
			}
		}
		if len(ns) > 0 {
			title += " · " + strings.Join(ns, ", ")
		}
	}
	line := e.When.In(loc).Format(form.DateTimeLayout) + " " + tabkit.Cell(string(e.Kind), 10) + " "
	if selected {
		return t.Cursor.Render("▸ " + line + marker + " " + tabkit.Cell(title, rest))
	}
	if e.Internal {
		marker = t.Internal.Render(marker)
	} else {
		marker = t.Faint.Render(marker)
	}
	return "  " + t.Subtle.Render(line) + marker + " " + ansi.Truncate(title, rest, "…")
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	switch {
	case m.form != nil && m.mention != nil:
		return []key.Binding{addPersonKey, common.Hint("1-3", "link that person"), plainKey, k.Back}
	case m.form != nil:
		return m.form.ShortHelp()
	case m.reader != nil:
		return m.reader.ShortHelp()
	}
	return []key.Binding{k.Open, k.New, k.Edit, k.Delete, k.Undo, k.Kind}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	switch {
	case m.form != nil:
		return m.form.FullHelp()
	case m.reader != nil:
		return [][]key.Binding{m.reader.ShortHelp()}
	}
	return [][]key.Binding{{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}, {k.Open, k.New, k.Edit, k.Delete, k.Undo, k.Kind}}
}

// Changed reports a half-typed form, so that ctrl+c asks before it is lost.
func (m *Model) Changed() bool { return m.form != nil && m.form.Changed() }
