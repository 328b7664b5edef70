// Package accounts is the account list: the screen a CSM scans all day,
// one row per account in the book with health, ARR, renewal, stage, last
// touch, open tasks and handoff status. It filters (fuzzy over name, tags
// and domain; by tag; by stage), sorts, selects, deletes to the trash with
// undo, takes a handed-off account back, and opens accounts, the account
// form, the trash, the export wizard and the import screen.
//
// It must never read or write the book outside a tea.Cmd, never do I/O in
// View, and never draw more rows than fit on the screen: a book can hold
// 10,000 accounts and the list must stay smooth.
package accounts

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"bob/handoff"
	"bob/model"
	"bob/store"
	"bob/ui/accountform"
	"bob/ui/applyplaybook"
	"bob/ui/common"
	"bob/ui/csvimport"
	"bob/ui/export"
	"bob/ui/importer"
	"bob/ui/trash"
)

// Model is the account list screen.
type Model struct {
	ctx           *common.Context
	width, height int
	layout        layout

	book    *book                   // nil until the first load
	first   *[]model.AccountSummary // NewLoaded's summaries, until Init
	preview *preview                // NewPreview's head of the list, until the first load
	pending *book                   // a reloaded book waiting for its filter result
	loadErr error
	rows    []row
	cursor  int
	offset  int // first row on screen

	view     view
	selected map[string]bool // account IDs

	filter    textinput.Model
	filtering bool // the filter input has the keys
	seq       int  // the latest filter request; older results are dropped
	// latest is seq as the filter commands see it from their goroutines:
	// one that is no longer the latest stops matching and sends nothing.
	latest *atomic.Int64
	// asked is the latest request that went out for matches.
	asked filterRequest
	// openOnResult: enter was pressed before the matches of the last
	// keystroke arrived; open the best of them when they do.
	openOnResult bool

	picker    *picker
	pickStage bool // the picker chooses a stage (else a tag)
	pickDue   bool // the picker chooses a due filter
	confirm   *deleteRequest
	takeBack  *model.AccountSummary // a take-back waiting for y/n
	undo      [][]deletion          // batches of deletes, latest last
	prefs     *prefsWriter          // saves the order and filters, newest last

	cursorMatch lipgloss.Style // a matched character under the cursor
	draw        drawCache      // the rows drawn on the last screens
}

// filterRequest is a query sent to be matched against a book.
type filterRequest struct {
	seq   int
	query string
	book  *book
}

// deleteRequest is a delete waiting for y/n.
type deleteRequest struct {
	ids   []string
	names []string
}

// deletion is one account moved to the trash.
type deletion struct {
	trashID, name string
}

// Messages the list sends itself from its commands.
type (
	loadedMsg struct {
		sums []model.AccountSummary
		err  error
		// prefs is the remembered order and filters, read with the
		// first load only.
		prefs *prefsMsg
	}
	// oneLoadedMsg is one account's summary, read again after a write
	// to that account (found is false when the account is gone).
	oneLoadedMsg struct {
		id    string
		sum   model.AccountSummary
		found bool
		err   error
	}
	filteredMsg struct {
		seq   int
		query string
		book  *book
		hits  map[int]hit
		keep  bool // keep the cursor on its account
	}
	deletedMsg struct {
		done []deletion
		err  error
	}
	restoredMsg struct {
		batch    []deletion
		restored int
		err      error
	}
)

// New returns the account list over ctx's book. It loads in Init.
func New(ctx *common.Context) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "name, tag or domain"
	in.Cursor.SetMode(cursor.CursorStatic)
	m := &Model{ctx: ctx, filter: in, selected: map[string]bool{}, cursorMatch: ctx.Theme.Match.Reverse(true), latest: new(atomic.Int64)}
	m.SetSize(ctx.Width, ctx.Height)
	return m
}

// Init reads the remembered order and filters and loads the account
// summaries.
func (m *Model) Init() tea.Cmd {
	load, dir, settle := m.load(), m.ctx.ConfigDir, m.preview != nil
	return func() tea.Msg {
		if settle {
			// Let the preview reach the screen before the whole list
			// takes the CPU (see previewSettle).
			time.Sleep(previewSettle)
		}
		p := readPrefs(dir)
		msg := load().(loadedMsg)
		msg.prefs = &p
		return msg
	}
}

// NewLoaded is New over summaries the caller has just read from the book
// (the app reads them while the terminal starts): Init shows them instead
// of reading them again.
func NewLoaded(ctx *common.Context, sums []model.AccountSummary) *Model {
	m := New(ctx)
	m.first = &sums
	return m
}

func (m *Model) load() tea.Cmd {
	st := m.ctx.Store
	if first := m.first; first != nil {
		m.first = nil
		return func() tea.Msg { return loadedMsg{sums: *common.Safe(first)} }
	}
	return func() tea.Msg {
		sums, err := st.Summaries()
		return loadedMsg{sums: *common.Safe(&sums), err: err}
	}
}

// loadOne reads one account's summary again, after a write to it: a write
// costs the list one summary, not all of them.
func (m *Model) loadOne(id string) tea.Cmd {
	st := m.ctx.Store
	return func() tea.Msg {
		sum, found, err := st.Summary(id)
		return oneLoadedMsg{id: id, sum: *common.Safe(&sum), found: found, err: err}
	}
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.layout = layoutFor(width, m.book != nil && m.book.currencies > 1)
	m.scroll()
}

// Capturing reports whether the list wants every key: while the filter
// is being typed, a picker is open or a delete or take-back waits for y/n.
func (m *Model) Capturing() bool {
	return m.filtering || m.picker != nil || m.asking()
}

// asking reports whether a y/n question is open.
func (m *Model) asking() bool { return m.confirm != nil || m.takeBack != nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		var prefsErr tea.Cmd
		if p := msg.prefs; p != nil {
			if p.err != nil {
				prefsErr = common.Fail(p.err)
			} else {
				p.p.apply(&m.view)
			}
		}
		if msg.err != nil {
			m.loadErr = msg.err
			return m, common.Fail(msg.err)
		}
		m.loadErr, m.preview = nil, nil
		b := newBook(msg.sums, m.ctx.Now())
		if m.book == nil || m.filterText() == "" {
			m.install(b, "", nil, true)
			return m, tea.Batch(prefsErr, m.runFilter(true)) // text typed while loading
		}
		// Keep showing the filtered old rows until the new book is
		// filtered too, so a reload never flashes the unfiltered list.
		m.pending = b
		return m, m.runFilter(true)
	case filteredMsg:
		if msg.seq == m.seq && (msg.book == m.book || msg.book == m.pending) {
			m.install(msg.book, msg.query, msg.hits, msg.keep)
			if m.openOnResult {
				m.openOnResult = false
				return m, m.openCurrent()
			}
		}
		return m, nil
	case common.BookChangedMsg:
		if msg.AccountID == "" || m.book == nil {
			return m, m.load()
		}
		return m, m.loadOne(msg.AccountID)
	case oneLoadedMsg:
		if msg.err != nil {
			return m, common.Fail(msg.err)
		}
		b := m.pending
		if b == nil {
			b = m.book
		}
		return m.Update(loadedMsg{sums: b.with(msg.id, msg.sum, msg.found)})
	case common.HandedOffMsg:
		for _, id := range msg.IDs {
			delete(m.selected, id)
		}
		return m, nil
	case deletedMsg:
		return m, m.deleted(msg)
	case restoredMsg:
		return m, m.restored(msg)
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// key handles a key press; the root has already taken the global ones.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	m.openOnResult = false // a key after enter takes over from it
	switch {
	case m.confirm != nil:
		return m.confirmKey(msg)
	case m.takeBack != nil:
		return m.takeBackKey(msg)
	case m.picker != nil:
		return m.pickerKey(msg)
	case m.filtering:
		return m.filterKey(msg)
	}
	if d, ok := k.Movement(msg, len(m.rows), m.visibleRows()); ok {
		m.move(d)
		return nil
	}
	switch {
	case key.Matches(msg, k.Filter):
		m.filtering = true
		m.filter.CursorEnd()
		return m.filter.Focus()
	case key.Matches(msg, k.ClearFilter):
		return m.clearOne()
	case key.Matches(msg, k.Sort):
		// A new order starts at the top: that is where the soonest
		// renewal or the worst health now is.
		m.view.order = m.view.order.Next()
		m.arrange(false)
		return m.savePrefs()
	case key.Matches(msg, k.FilterTag):
		return m.openTagPicker()
	case key.Matches(msg, k.FilterStage):
		return m.openStagePicker()
	case key.Matches(msg, k.FilterDue):
		return m.openDuePicker()
	case key.Matches(msg, k.ShowHandedOff):
		m.view.showHandedOff = !m.view.showHandedOff
		m.arrange(false)
		if m.view.showHandedOff {
			return tea.Batch(m.savePrefs(), common.Info("showing handed-off accounts too (H hides them)"))
		}
		return tea.Batch(m.savePrefs(), common.Info("handed-off accounts hidden (H shows them)"))
	case key.Matches(msg, k.Select):
		return m.toggleSelect()
	case key.Matches(msg, k.Delete):
		return m.askDelete()
	case key.Matches(msg, k.Undo):
		return m.undoDelete()
	case key.Matches(msg, k.Open):
		return m.openCurrent()
	case key.Matches(msg, k.New):
		return push(accountform.New(m.ctx, ""))
	case key.Matches(msg, k.Edit):
		s, ok := m.current()
		if !ok {
			return common.Cannot("no account to edit here: n adds one")
		}
		return push(accountform.New(m.ctx, s.ID))
	case key.Matches(msg, k.Trash):
		return push(trash.New(m.ctx))
	case key.Matches(msg, k.Export):
		if m.book == nil {
			return common.Cannot("the account list is still loading")
		}
		return push(export.New(m.ctx, m.selectedIDs()))
	case key.Matches(msg, k.Import):
		return push(importer.New(m.ctx))
	case key.Matches(msg, k.Apply):
		// To every selected account, or to the one under the cursor.
		ids := m.selectedIDs()
		if len(ids) == 0 {
			s, ok := m.current()
			if !ok {
				return common.Cannot("no account here: select accounts with " + k.Select.Help().Key + ", then " + k.Apply.Help().Key)
			}
			ids = []string{s.ID}
		}
		return push(applyplaybook.New(m.ctx, ids))
	case key.Matches(msg, k.ImportCSV):
		return push(csvimport.New(m.ctx))
	case key.Matches(msg, k.TakeBack):
		return m.askTakeBack()
	}
	return nil
}

// selectedIDs returns the selected accounts in list order.
func (m *Model) selectedIDs() []string {
	var ids []string
	for _, s := range m.book.sums {
		if m.selected[s.ID] {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// askTakeBack asks before taking back the handed-off account under the
// cursor: it rejoins the list, and the successor's bundle stays out there.
func (m *Model) askTakeBack() tea.Cmd {
	s, ok := m.current()
	switch {
	case !ok && !m.view.showHandedOff:
		return common.Cannot("no account to take back here: H shows the handed-off accounts")
	case !ok:
		return common.Cannot("no account to take back here")
	case !s.HandedOff():
		if !m.view.showHandedOff && m.book.handedOff > 0 {
			return common.Cannot(s.Name + " is not handed off: H shows the handed-off accounts, b takes one back")
		}
		return common.Cannot(s.Name + " is not handed off: only a handed-off account can be taken back")
	}
	m.takeBack = &s
	return nil
}

func (m *Model) takeBackKey(msg tea.KeyMsg) tea.Cmd {
	s := *m.takeBack
	m.takeBack = nil
	if !key.Matches(msg, m.ctx.Keys.Confirm) {
		return common.Info("nothing taken back")
	}
	st, by, now := m.ctx.Store, m.ctx.Author, m.ctx.Now()
	return common.Cmd(func() (string, error) {
		return s.Name, handoff.TakeBack(st, s.ID, by, now)
	}, func(name string) tea.Msg {
		return tea.BatchMsg{
			func() tea.Msg { return common.BookChangedMsg{AccountID: s.ID, What: "took back " + name} },
			common.Info("took back %s: it is in your list again", name),
		}
	})
}

// openCurrent opens the account under the cursor.
func (m *Model) openCurrent() tea.Cmd {
	s, ok := m.current()
	switch {
	case !ok && m.view.hits != nil:
		return common.Cannot("no account matches the filter: / changes it, esc clears it")
	case !ok:
		return common.Cannot("no account to open here: n adds one")
	}
	return func() tea.Msg { return common.OpenAccountMsg{ID: s.ID} }
}

func push(c common.Component) tea.Cmd {
	return func() tea.Msg { return common.PushMsg{Screen: c} }
}

// filterKey handles a key while the filter input is focused: the text
// narrows the list on every keystroke, the arrows still move.
func (m *Model) filterKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.filtering = false
		m.filter.Blur()
		m.filter.SetValue("")
		return m.runFilter(false)
	case tea.KeyEnter:
		// Like fzf: enter opens the highlighted account in one key. If
		// the matches of the last keystroke are still on their way, it
		// opens the best of them when they arrive.
		m.filtering = false
		m.filter.Blur()
		if m.filterText() != m.view.query {
			m.openOnResult = true
			return nil
		}
		return m.openCurrent()
	case tea.KeyUp:
		m.move(-1)
		return nil
	case tea.KeyDown:
		m.move(1)
		return nil
	case tea.KeyPgUp:
		m.move(-m.visibleRows())
		return nil
	case tea.KeyPgDown:
		m.move(m.visibleRows())
		return nil
	}
	before := m.filter.Value()
	var cmd tea.Cmd
	m.filter, cmd = m.filter.Update(msg)
	if m.filter.Value() == before {
		return cmd
	}
	return tea.Batch(cmd, m.runFilter(false))
}

// runFilter matches the filter text against the book in a tea.Cmd, the
// way glow does: each request gets a sequence number and a result that
// comes back after a newer request is dropped, so typing fast never shows
// stale rows; a request overtaken while it matches stops and sends
// nothing, and text that trims to the query already asked for (a space
// after a word) asks nothing again. Empty text needs no matching and
// applies at once. keep keeps the cursor on its account (after a reload);
// otherwise the cursor goes to the best match.
func (m *Model) runFilter(keep bool) tea.Cmd {
	b := m.pending
	if b == nil {
		b = m.book
	}
	q := m.filterText()
	if a := m.asked; b != nil && q != "" && a.seq == m.seq && a.book == b && a.query == q {
		return nil
	}
	m.seq++
	m.latest.Store(int64(m.seq))
	if b == nil {
		return nil
	}
	if q == "" {
		m.asked = filterRequest{}
		if m.view.hits != nil || m.pending != nil {
			m.install(b, "", nil, keep)
		}
		return nil
	}
	seq, latest := m.seq, m.latest
	m.asked = filterRequest{seq: seq, query: q, book: b}
	var within map[int]hit
	if b == m.book && m.view.hits != nil && m.view.query != "" && strings.HasPrefix(q, m.view.query) {
		within = m.view.hits // never changed once made, so the command may read it
	}
	return func() tea.Msg {
		hits, ok := b.matchUnless(q, within, func() bool { return latest.Load() != int64(seq) })
		if !ok {
			return nil // a newer request is on its way
		}
		return filteredMsg{seq: seq, query: q, book: b, hits: hits, keep: keep}
	}
}

func (m *Model) filterText() string { return strings.TrimSpace(m.filter.Value()) }

// install shows book b filtered by query (hits nil: no filter text).
// keep keeps the cursor on the account it was on; otherwise it goes to
// the top.
func (m *Model) install(b *book, query string, hits map[int]hit, keep bool) {
	id := ""
	if s, ok := m.current(); ok && keep {
		id = s.ID
	}
	m.book, m.pending = b, nil
	m.layout = layoutFor(m.width, b.currencies > 1)
	m.view.query, m.view.hits = query, hits
	m.pruneSelection()
	m.arrangeAt(id)
}

// clearOne peels off one layer of filtering per esc: the filter text,
// then the tag and stage filters, then the selection.
func (m *Model) clearOne() tea.Cmd {
	switch {
	case m.filter.Value() != "":
		m.filter.SetValue("")
		return m.runFilter(true)
	case len(m.view.filters("")) > 0:
		m.view.tag, m.view.stage, m.view.due = "", "", model.DueFilter{}
		m.arrange(true)
		return m.savePrefs()
	case len(m.selected) > 0:
		m.selected = map[string]bool{}
	default:
		return common.Cannot("no filter or selection to clear")
	}
	return nil
}

func (m *Model) openTagPicker() tea.Cmd {
	if m.book == nil {
		return common.Cannot("the account list is still loading")
	}
	tags, counts := m.book.tagCounts()
	if len(tags) == 0 {
		return common.Cannot("no account has a tag yet: e edits an account's tags")
	}
	choices := []choice{{label: "any tag", count: -1}}
	for _, t := range tags {
		choices = append(choices, choice{label: t, value: t, count: counts[t]})
	}
	m.picker, m.pickStage, m.pickDue = newPicker("Filter by tag", choices, m.view.tag), false, false
	return nil
}

func (m *Model) openStagePicker() tea.Cmd {
	if m.book == nil {
		return common.Cannot("the account list is still loading")
	}
	counts := m.book.stageCounts()
	choices := []choice{{label: "any stage", count: -1}}
	for _, s := range model.Stages {
		choices = append(choices, choice{label: string(s), value: string(s), count: counts[s]})
	}
	m.picker, m.pickStage, m.pickDue = newPicker("Filter by lifecycle stage", choices, string(m.view.stage)), true, false
	return nil
}

// dueChoices are the due filters the picker offers: what Today shows,
// with the usual windows.
var dueChoices = []model.DueFilter{
	{Kind: model.FilterOverdue},
	{Kind: model.FilterRenewal, Days: 30}, {Kind: model.FilterRenewal, Days: 60},
	{Kind: model.FilterRenewal, Days: 90}, {Kind: model.FilterRenewal, Days: model.AgendaRenewalDays},
	{Kind: model.FilterUntouched, Days: 14}, {Kind: model.FilterUntouched, Days: model.AgendaUntouchedDays},
	{Kind: model.FilterUntouched, Days: 60}, {Kind: model.FilterUntouched, Days: 90},
}

func (m *Model) openDuePicker() tea.Cmd {
	if m.book == nil {
		return common.Cannot("the account list is still loading")
	}
	counts := m.book.dueCounts(dueChoices)
	choices := []choice{{label: "anything", count: -1}}
	for i, f := range dueChoices {
		choices = append(choices, choice{label: f.Label(), value: f.String(), count: counts[i]})
	}
	m.picker, m.pickStage, m.pickDue = newPicker("Filter by what is due", choices, m.view.due.String()), false, true
	return nil
}

func (m *Model) pickerKey(msg tea.KeyMsg) tea.Cmd {
	value, done, ok := m.picker.update(msg)
	if !done {
		if msg.Type == tea.KeyEnter {
			return common.Cannot("no choice matches what you typed: backspace to change it, esc to cancel")
		}
		return nil
	}
	m.picker = nil
	due := m.pickDue
	m.pickDue = false
	if !ok {
		return nil
	}
	if due {
		f, err := model.ParseDueFilter(value)
		if err != nil {
			return common.Fail(err)
		}
		m.view.due = f
		m.arrange(false)
		return nil
	}
	if m.pickStage {
		m.view.stage = model.Stage(value)
	} else {
		m.view.tag = value
	}
	m.arrange(false)
	return m.savePrefs()
}

func (m *Model) toggleSelect() tea.Cmd {
	s, ok := m.current()
	if !ok {
		return common.Cannot("no account to select here")
	}
	if m.selected[s.ID] {
		delete(m.selected, s.ID)
	} else {
		m.selected[s.ID] = true
	}
	m.move(1)
	return nil
}

// targets are the accounts a bulk action applies to: the selection in
// list order (selected accounts hidden by a filter included), or else
// the account under the cursor.
func (m *Model) targets() (ids, names []string) {
	if len(m.selected) > 0 && m.book != nil {
		for _, s := range m.book.sums {
			if m.selected[s.ID] {
				ids, names = append(ids, s.ID), append(names, s.Name)
			}
		}
		return ids, names
	}
	if s, ok := m.current(); ok {
		return []string{s.ID}, []string{s.Name}
	}
	return nil, nil
}

func (m *Model) askDelete() tea.Cmd {
	ids, names := m.targets()
	if len(ids) == 0 {
		return common.Cannot("no account to delete here")
	}
	m.confirm = &deleteRequest{ids: ids, names: names}
	return nil
}

func (m *Model) confirmKey(msg tea.KeyMsg) tea.Cmd {
	req := m.confirm
	m.confirm = nil
	if !key.Matches(msg, m.ctx.Keys.Confirm) {
		return common.Info("nothing deleted")
	}
	st := m.ctx.Store
	return func() tea.Msg {
		var done []deletion
		for i, id := range req.ids {
			trashID, err := st.DeleteAccount(id)
			if err != nil {
				return deletedMsg{done: done, err: err}
			}
			done = append(done, deletion{trashID: trashID, name: req.names[i]})
		}
		return deletedMsg{done: done}
	}
}

func (m *Model) deleted(msg deletedMsg) tea.Cmd {
	var cmds []tea.Cmd
	if len(msg.done) > 0 {
		m.undo = append(m.undo, msg.done)
		last := msg.done[len(msg.done)-1].trashID
		what := "deleted " + describe(msg.done)
		cmds = append(cmds, func() tea.Msg { return common.BookChangedMsg{Trash: last, What: what} })
		m.selected = map[string]bool{}
	}
	if msg.err != nil {
		cmds = append(cmds, common.Fail(fmt.Errorf("%s; %w", deletedSoFar(msg.done), msg.err)))
	} else {
		cmds = append(cmds, common.Info("deleted %s: u undoes, T shows the trash", describe(msg.done)))
	}
	return tea.Batch(cmds...)
}

func deletedSoFar(done []deletion) string {
	if len(done) == 0 {
		return "nothing deleted"
	}
	return "deleted " + describe(done) + " before a failure"
}

// describe names the accounts of a batch for a status line.
func describe(ds []deletion) string {
	switch len(ds) {
	case 0:
		return "no accounts"
	case 1:
		return ds[0].name
	}
	return fmt.Sprintf("%d accounts", len(ds))
}

func (m *Model) undoDelete() tea.Cmd {
	if len(m.undo) == 0 {
		return common.Cannot("nothing to undo: deleted accounts stay in the trash (T)")
	}
	batch := m.undo[len(m.undo)-1]
	m.undo = m.undo[:len(m.undo)-1]
	st := m.ctx.Store
	return func() tea.Msg {
		n := 0
		for i := len(batch) - 1; i >= 0; i-- {
			err := st.RestoreTrash(batch[i].trashID)
			if errors.Is(err, store.ErrNotFound) {
				continue // already restored from the trash screen
			}
			if err != nil {
				return restoredMsg{batch: batch, restored: n, err: err}
			}
			n++
		}
		return restoredMsg{batch: batch, restored: n}
	}
}

func (m *Model) restored(msg restoredMsg) tea.Cmd {
	changed := func() tea.Msg { return common.BookChangedMsg{What: "restored " + describe(msg.batch)} }
	switch {
	case msg.err != nil:
		return tea.Batch(changed, common.Fail(msg.err))
	case msg.restored == 0:
		return tea.Batch(changed, common.Info("%s already back from the trash", describe(msg.batch)))
	}
	return tea.Batch(changed, common.Info("restored %s", describe(msg.batch)))
}

// pruneSelection forgets selected accounts that are no longer in the book.
func (m *Model) pruneSelection() {
	if len(m.selected) == 0 {
		return
	}
	keep := map[string]bool{}
	for _, s := range m.book.sums {
		if m.selected[s.ID] {
			keep[s.ID] = true
		}
	}
	m.selected = keep
}

// arrange recomputes the rows from the book and the view. keep keeps
// the cursor on the same account; otherwise it goes to the top.
func (m *Model) arrange(keep bool) {
	id := ""
	if s, ok := m.current(); ok && keep {
		id = s.ID
	}
	m.arrangeAt(id)
}

// arrangeAt recomputes the rows and puts the cursor on account id (the
// top row if id is "" or gone).
func (m *Model) arrangeAt(id string) {
	if m.book == nil {
		return
	}
	m.rows = m.book.arrange(m.view)
	m.cursor = 0
	if id != "" {
		for i, r := range m.rows {
			if m.book.sums[r.i].ID == id {
				m.cursor = i
				break
			}
		}
	}
	m.offset = 0
	m.scroll()
}

// current is the account under the cursor.
func (m *Model) current() (model.AccountSummary, bool) {
	if m.book == nil || m.cursor < 0 || m.cursor >= len(m.rows) {
		return model.AccountSummary{}, false
	}
	return m.book.sums[m.rows[m.cursor].i], true
}

func (m *Model) move(n int) {
	m.cursor = common.Clamp(m.cursor+n, len(m.rows))
	m.scroll()
}

// scroll keeps the cursor row on screen.
func (m *Model) scroll() {
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(m.rows), m.visibleRows())
}

// chrome is how many lines the list draws around its rows.
func (m *Model) chrome() int {
	n := 2 // title and column header
	if m.filtering || m.filter.Value() != "" {
		n++
	}
	if m.asking() {
		n++
	}
	return n
}

func (m *Model) visibleRows() int { return max(m.height-m.chrome(), 1) }

// View implements tea.Model. It draws only the rows that fit.
func (m *Model) View() string {
	if m.previewing() {
		return m.previewView()
	}
	t := m.ctx.Theme
	var b strings.Builder
	b.WriteString(m.titleLine())
	if m.filtering {
		b.WriteString("\n" + m.filter.View())
	} else if q := m.filter.Value(); q != "" {
		b.WriteString("\n" + t.Subtle.Render("/ "+q) + t.Faint.Render("   esc clears · / edits"))
	}
	if m.picker != nil {
		b.WriteString("\n" + m.picker.view(t, m.width, m.height-2))
		return b.String()
	}
	m.draw.begin(m.drawKey())
	b.WriteString("\n" + m.drawHeader())
	vis := m.visibleRows()
	switch {
	case m.book == nil && m.loadErr != nil:
		b.WriteString("\n" + t.Error.Render("The account list could not be read: "+common.ErrorText(m.loadErr)))
	case m.book == nil:
		b.WriteString("\n" + t.Faint.Render("Loading accounts…"))
	case len(m.rows) == 0:
		b.WriteString("\n" + m.emptyText())
	default:
		end := min(m.offset+vis, len(m.rows))
		for i := m.offset; i < end; i++ {
			b.WriteString("\n" + m.drawRow(m.rows[i], i == m.cursor))
		}
	}
	if m.asking() {
		shown := len(m.rows) - m.offset
		if m.book == nil || len(m.rows) == 0 {
			shown = 1
		}
		b.WriteString(strings.Repeat("\n", max(vis-min(shown, vis), 0)+1))
		b.WriteString(m.confirmLine())
	}
	return b.String()
}

func (m *Model) titleLine() string {
	t := m.ctx.Theme
	parts := []string{}
	if m.book != nil {
		total, n := len(m.book.sums), len(m.rows)
		if p := m.preview; p != nil && m.book == p.book {
			total, n = p.total, p.total
			if !m.view.showHandedOff {
				n -= p.book.handedOff
			}
		}
		if n != total {
			parts = append(parts, thousands(n)+" of "+thousands(total))
		} else {
			parts = append(parts, thousands(total))
		}
	}
	parts = append(parts, "sort: "+m.view.order.String())
	if m.view.hits != nil {
		parts[len(parts)-1] = "sort: best match, then " + m.view.order.String()
	}
	parts = append(parts, m.view.filters(": ")...)
	if n := len(m.selected); n > 0 {
		parts = append(parts, fmt.Sprintf("%d selected", n))
	}
	if m.book != nil {
		if n := m.book.handedOff; n > 0 && !m.view.showHandedOff {
			parts = append(parts, fmt.Sprintf("%d handed off hidden (H)", n))
		} else if m.view.showHandedOff {
			parts = append(parts, "handed off shown")
		}
	}
	return t.Title.Render("Accounts") + "  " + t.Subtle.Render(strings.Join(parts, " · "))
}

func (m *Model) emptyText() string {
	t := m.ctx.Theme
	if len(m.book.sums) == 0 {
		msg := "No accounts in the book. n adds one"
		if len(m.undo) > 0 {
			msg += "; u undoes the last delete"
		}
		return t.Faint.Render(msg + ".")
	}
	var why []string
	if q := m.filter.Value(); q != "" {
		why = append(why, fmt.Sprintf("%q", q))
	}
	why = append(why, m.view.filters(" ")...)
	if len(why) == 0 {
		return t.Faint.Render("Every account is handed off: H shows them.")
	}
	return t.Faint.Render("No account matches " + strings.Join(why, ", ") + ". esc clears the filter.")
}

func (m *Model) confirmLine() string {
	t := m.ctx.Theme
	if s := m.takeBack; s != nil {
		from := ""
		if s.HandoffTo != "" {
			from = " from " + s.HandoffTo
		}
		return common.Question(t, m.width, "Take "+s.Name+" back"+from+"? It rejoins your list.", m.ctx.Keys.YesNo())
	}
	names := m.confirm.names
	what := names[0]
	if len(names) > 1 {
		shown := names[:min(len(names), 3)]
		what = fmt.Sprintf("%d accounts (%s", len(names), strings.Join(shown, ", "))
		if len(names) > 3 {
			what += ", …"
		}
		what += ")"
	}
	return common.Question(t, m.width, "Delete "+what+"? They go to the trash; "+m.ctx.Keys.Undo.Help().Key+" undoes.", m.ctx.Keys.YesNo())
}

// ShortHelp implements help.KeyMap: the keys that act right now.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	switch {
	case m.confirm != nil:
		return k.Answers("delete", "keep")
	case m.takeBack != nil:
		return k.Answers("take back", "leave it handed off")
	case m.picker != nil:
		return m.picker.help()
	case m.filtering:
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),
			key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")),
		}
	}
	// Most used first: the help bar cuts the tail on a narrow terminal.
	h := []key.Binding{k.Open, k.Filter, k.Sort, k.FilterDue, k.New, k.Edit, k.Delete, k.FilterTag, k.FilterStage, k.Select, k.Apply, k.Export, k.Import, k.ImportCSV, k.Undo, k.Trash}
	if s, ok := m.current(); ok && s.HandedOff() {
		h = append([]key.Binding{k.TakeBack}, h...)
	}
	return h
}

// FullHelp implements help.KeyMap: every key of the list, grouped.
func (m *Model) FullHelp() [][]key.Binding {
	if m.Capturing() {
		// A question, a picker or the filter has the keys: only theirs.
		return [][]key.Binding{m.ShortHelp()}
	}
	k := m.ctx.Keys
	return [][]key.Binding{
		k.MovementKeys(),
		{k.Filter, k.ClearFilter, k.Sort, k.FilterDue, k.FilterTag, k.FilterStage, k.ShowHandedOff},
		{k.Open, k.New, k.Edit, k.Select, k.Delete, k.Undo, k.Trash},
		{k.Export, k.Import, k.ImportCSV, k.TakeBack, k.Apply},
	}
}

// thousands writes n with thousands separators: 10,000 reads at a glance.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
