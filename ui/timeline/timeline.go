// Package timeline is the Timeline tab of the account 360 view: the
// account's dated history (calls, meetings, emails, notes, risks,
// milestones, escalations, handoffs), newest first, with a kind filter, an
// entry reader that renders the Markdown body, quick capture of a new
// entry in a few keys (kind letter, internal toggle, back-dating, @name to
// link stakeholders), edit, delete to the trash and undo.
//
// Entries are read with store.Timeline and written with store.PutEntry /
// DeleteEntry / RestoreTrash, always inside a tea.Cmd. Markdown is
// rendered (markdown.go) inside a tea.Cmd too, never in View. The list
// draws only the rows on screen, so an account with thousands of entries
// costs the same to draw as one with ten.
package timeline

import (
	"fmt"
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

type entriesMsg struct {
	filter  model.EntryKind
	entries []model.TimelineEntry
}

// selectMsg puts the cursor on an entry once it is listed (after a save).
type selectMsg struct {
	id string
}

// Model is the Timeline tab.
type Model struct {
	ctx       *common.Context
	accountID string

	people   []model.Person
	names    map[string]string // person ID -> display name
	mentions []string          // names offered after "@"

	entries []model.TimelineEntry
	loaded  bool
	// fromRecord: the account view hands the whole timeline over with the
	// record (SetRecord), which it reads anyway, so the tab reads the
	// store itself only for a kind filter: opening an account reads its
	// timeline once, not twice.
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

// FromRecord makes the tab take its entries from the record the account
// view hands it (SetRecord) instead of reading them itself, unless a
// kind filter is on.
func (m *Model) FromRecord() { m.fromRecord = true }

// ownsEntries reports whether the tab reads its entries itself.
func (m *Model) ownsEntries() bool { return !m.fromRecord || Filters[m.filter] != "" }

// SetRecord implements tabkit.RecordTab: the timeline keeps the people,
// and the entries when it takes them from the record.
func (m *Model) SetRecord(rec model.AccountRecord) {
	if !m.ownsEntries() && m.reader == nil {
		// The record's timeline is oldest first; the tab shows newest first.
		es := make([]model.TimelineEntry, len(rec.Timeline))
		for i, e := range rec.Timeline {
			es[len(es)-1-i] = e
		}
		m.setEntries(es)
	}
	m.people = rec.People
	m.names = tabkit.Names(rec.People)
	m.mentions = m.mentions[:0]
	for _, p := range rec.People {
		m.mentions = append(m.mentions, p.Name)
	}
}

// Entries returns the entries shown (after the kind filter), newest first.
func (m *Model) Entries() []model.TimelineEntry { return m.entries }

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
	if !m.ownsEntries() {
		return nil // they come with the record
	}
	return m.load()
}

func (m *Model) load() tea.Cmd {
	st, acc, filter := m.ctx.Store, m.accountID, Filters[m.filter]
	q := store.TimelineQuery{}
	if filter != "" {
		q.Kinds = []model.EntryKind{filter}
	}
	return common.Cmd(func() ([]model.TimelineEntry, error) {
		es, err := st.Timeline(acc, q)
		return *common.Safe(&es), err
	},
		func(es []model.TimelineEntry) tea.Msg { return entriesMsg{filter: filter, entries: es} })
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
		if msg.filter != Filters[m.filter] {
			return m, nil
		}
		m.setEntries(msg.entries)
		if m.reader != nil {
			for _, e := range m.entries {
				if e.ID == m.reader.entry.ID {
					return m, m.reader.set(e)
				}
			}
		}
		return m, nil
	case common.BookChangedMsg:
		// Taking entries from the record, the view's reload brings them;
		// an open reader reads them itself, to show its entry as changed.
		// An open form is told too: it shows an outside change to its
		// entry as a conflict.
		var cmds []tea.Cmd
		if m.form != nil {
			_, cmd := m.form.Update(msg)
			cmds = append(cmds, cmd)
		}
		if (msg.AccountID == "" || msg.AccountID == m.accountID) && (m.ownsEntries() || m.reader != nil) {
			cmds = append(cmds, m.load())
		}
		return m, tea.Batch(cmds...)
	case selectMsg:
		m.want = msg.id
		for i, e := range m.entries {
			if e.ID == msg.id {
				m.cursor, m.want = i, ""
				m.clamp()
			}
		}
		return m, nil
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
		m.want = msg.Item // select it again once it is listed
		return m, tabkit.Restored(m.accountID, msg)
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
	if d, ok := k.Movement(msg, len(m.entries), m.listHeight()); ok {
		m.move(d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Kind):
		m.filter = (m.filter + 1) % len(Filters)
		m.cursor, m.offset = 0, 0
		return m.load()
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
	}
	return nil
}

func (m *Model) move(d int) {
	m.cursor += d
	m.clamp()
}

func (m *Model) clamp() {
	m.cursor = max(0, min(m.cursor, len(m.entries)-1))
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(m.entries), m.listHeight())
}

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
	count := fmt.Sprintf("%d entries", len(m.entries))
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
