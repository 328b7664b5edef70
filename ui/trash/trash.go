// Package trash is the trash screen: everything deleted from the book
// (accounts, people, timeline entries, plans, commitments, risks,
// checklists), most recent first, each restorable after a confirmation.
//
// It must never read or write the book outside a tea.Cmd, and never
// purge anything: the trash is the CSM's safety net.
package trash

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/store"
	"bob/ui/common"
)

// Model is the trash screen.
type Model struct {
	ctx           *common.Context
	width, height int

	loaded  bool
	loadErr error
	items   []store.TrashItem
	names   map[string]string // account ID -> name, for items inside an account
	cursor  int
	offset  int
	ask     *question // a restore or a deletion for good waiting for y/n
}

// question is a y/n question of the trash: what it asks, and what yes
// does, in a tea.Cmd.
type question struct {
	text, yes, no string
	run           func() tea.Msg
}

// purgedMsg says trash items were deleted for good.
type purgedMsg struct {
	n      int
	backup string
	err    error
}

type loadedMsg struct {
	items []store.TrashItem
	names map[string]string
	err   error
}

type restoredMsg struct {
	item store.TrashItem
	err  error
}

// New returns the trash screen. It loads in Init.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, width: ctx.Width, height: ctx.Height}
}

// Init loads the trash.
func (m *Model) Init() tea.Cmd {
	st := m.ctx.Store
	return func() tea.Msg {
		items, err := st.Trash()
		if err != nil {
			return loadedMsg{err: err}
		}
		// Name the account of each part (a person, an entry) when the
		// account is still in the book.
		names := map[string]string{}
		sums, err := st.Summaries()
		if err != nil {
			return loadedMsg{err: err}
		}
		for _, s := range sums {
			names[s.ID] = s.Name
		}
		return loadedMsg{items: *common.Safe(&items), names: *common.Safe(&names)}
	}
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.scroll()
}

// Capturing reports whether a restore waits for y/n, so that n and esc
// answer it instead of going back.
func (m *Model) Capturing() bool { return m.ask != nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		if msg.err != nil {
			m.loadErr = msg.err
			return m, common.Fail(msg.err)
		}
		id := ""
		if it, ok := m.current(); ok {
			id = it.ID
		}
		m.loaded, m.loadErr = true, nil
		m.items, m.names = msg.items, msg.names
		for i, it := range m.items {
			if it.ID == id {
				m.cursor = i
			}
		}
		m.move(0)
		return m, nil
	case restoredMsg:
		if msg.err != nil {
			return m, common.Fail(msg.err)
		}
		return m, tea.Batch(
			func() tea.Msg {
				return common.BookChangedMsg{AccountID: msg.item.AccountID, What: "restored " + msg.item.Title}
			},
			common.Info("restored %s %s", msg.item.Kind, msg.item.Title),
		)
	case purgedMsg:
		if msg.err != nil {
			return m, common.Fail(msg.err)
		}
		return m, tea.Batch(m.Init(), common.Info("deleted %s for good; the book before is backed up in %s", common.Plural(msg.n, "item"), msg.backup))
	case common.BookChangedMsg:
		return m, m.Init()
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if q := m.ask; q != nil {
		m.ask = nil
		if !key.Matches(msg, k.Confirm) {
			return common.Info("%s", q.no)
		}
		return q.run
	}
	if d, ok := k.Movement(msg, len(m.items), m.visibleRows()); ok {
		m.move(d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Open), key.Matches(msg, restore):
		it, ok := m.current()
		if !ok {
			return common.Cannot("the trash is empty: nothing to restore")
		}
		st := m.ctx.Store
		m.ask = &question{text: "Restore " + it.Kind + " " + it.Title + " to the book?", yes: "restore", no: "nothing restored: it stays in the trash",
			run: func() tea.Msg { return restoredMsg{item: it, err: st.RestoreTrash(it.ID)} }}
	case key.Matches(msg, k.Delete):
		it, ok := m.current()
		if !ok {
			return common.Cannot("the trash is empty: nothing to delete")
		}
		m.ask = m.purge("Delete "+it.Kind+" "+it.Title+" for good? It cannot be restored after this.", it.ID)
	case key.Matches(msg, k.EmptyTrash):
		if len(m.items) == 0 {
			return common.Cannot("the trash is empty already")
		}
		ids := make([]string, len(m.items))
		for i, it := range m.items {
			ids[i] = it.ID
		}
		m.ask = m.purge(fmt.Sprintf("Empty the trash: delete %s for good? They cannot be restored after this.", common.Plural(len(ids), "item")), ids...)
	case key.Matches(msg, k.Back):
		return func() tea.Msg { return common.BackMsg{} }
	}
	return nil
}

// purge asks to delete ids for good; the store backs the book up first.
func (m *Model) purge(text string, ids ...string) *question {
	st := m.ctx.Store
	return &question{text: text, yes: "delete for good", no: "nothing deleted: the trash is as it was",
		run: func() tea.Msg {
			backup, err := st.PurgeTrash(ids...)
			return purgedMsg{n: len(ids), backup: backup, err: err}
		}}
}

func (m *Model) current() (store.TrashItem, bool) {
	if m.cursor < 0 || m.cursor >= len(m.items) {
		return store.TrashItem{}, false
	}
	return m.items[m.cursor], true
}

func (m *Model) move(n int) {
	m.cursor = common.Clamp(m.cursor+n, len(m.items))
	m.scroll()
}

func (m *Model) scroll() {
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(m.items), m.visibleRows())
}

// visibleRows is the room for items under the title and column header
// (and above the confirmation line).
func (m *Model) visibleRows() int { return max(m.height-3, 1) }

// Column widths; the title and the account share what is left.
const (
	kindWidth    = 14
	deletedWidth = 24
)

// View implements tea.Model. It draws only the items that fit.
func (m *Model) View() string {
	t := m.ctx.Theme
	lines := []string{t.Title.Render("Trash") + "  " +
		t.Subtle.Render(fmt.Sprintf("%d deleted · enter restores · %s deletes for good · %s empties",
			len(m.items), m.ctx.Keys.Delete.Help().Key, m.ctx.Keys.EmptyTrash.Help().Key))}
	switch {
	case m.loadErr != nil:
		lines = append(lines, "", t.Error.Render("The trash could not be read: "+common.ErrorText(m.loadErr)))
	case !m.loaded:
		lines = append(lines, "", t.Faint.Render("Loading the trash…"))
	case len(m.items) == 0:
		// two lines: one did not fit in 80 columns
		lines = append(lines, "", t.Faint.Render("The trash is empty."),
			t.Faint.Render("Deleted accounts and records wait here until you restore them."))
	default:
		rest := max(m.width-2-kindWidth-deletedWidth-3, 24)
		accountWidth := rest * 2 / 5
		titleWidth := rest - accountWidth
		lines = append(lines, "  "+t.Header.Render(pad("what", kindWidth))+" "+t.Header.Render(pad("title", titleWidth))+" "+
			t.Header.Render(pad("account", accountWidth))+" "+t.Header.Render(pad("deleted", deletedWidth)))
		now := m.ctx.Now()
		end := min(m.offset+m.visibleRows(), len(m.items))
		for i := m.offset; i < end; i++ {
			it := m.items[i]
			account := ""
			if it.Kind != "account" {
				account = m.names[it.AccountID]
				if account == "" {
					account = "(deleted account)"
				}
			}
			row := pad(it.Kind, kindWidth) + " " + pad(it.Title, titleWidth) + " " +
				pad(account, accountWidth) + " " + pad(when(it.Deleted, now), deletedWidth)
			// The marker shows the cursor where reverse video does not
			// (NO_COLOR).
			if i == m.cursor {
				row = t.Cursor.Render("› " + row)
			} else {
				row = "  " + row
			}
			lines = append(lines, row)
		}
	}
	if m.ask != nil {
		for len(lines) < m.height-1 {
			lines = append(lines, "")
		}
		lines = append(lines, common.Question(t, m.width, m.ask.text, m.ctx.Keys.YesNo()))
	}
	return strings.Join(lines, "\n")
}

// pad truncates s with … or pads it to exactly w cells.
func pad(s string, w int) string {
	s = ansi.Truncate(s, w, "…")
	return s + strings.Repeat(" ", max(w-ansi.StringWidth(s), 0))
}

// when writes a deletion time with how long ago it was.
func when(t, now time.Time) string {
	t = t.In(now.Location())
	d := now.Sub(t)
	var ago string
	switch {
	case d < time.Minute:
		ago = "now"
	case d < time.Hour:
		ago = fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 24*time.Hour:
		ago = fmt.Sprintf("%dh ago", int(d.Hours()))
	default:
		ago = fmt.Sprintf("%dd ago", int(d.Hours()/24))
	}
	return t.Format("2006-01-02 15:04") + " " + ago
}

var restore = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "restore"))

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.ask != nil {
		return m.ctx.Keys.Answers(m.ask.yes, "keep")
	}
	k := m.ctx.Keys
	move := k.UpDown("move")
	return []key.Binding{m.restoreKey(), move, m.deleteKey(), k.EmptyTrash}
}

// restoreKey is enter (the open key) shown as what it does here.
func (m *Model) restoreKey() key.Binding { return common.Labeled(m.ctx.Keys.Open, "restore") }

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	return [][]key.Binding{
		k.MovementKeys(),
		{m.restoreKey(), restore, m.deleteKey(), k.EmptyTrash, k.Back},
	}
}

// deleteKey is the delete key shown as what it does here.
func (m *Model) deleteKey() key.Binding { return common.Labeled(m.ctx.Keys.Delete, "delete for good") }
