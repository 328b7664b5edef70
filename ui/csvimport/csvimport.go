// Package csvimport is the CSV import screen: it brings accounts or
// people in from a CRM or spreadsheet export. The CSM says what the file
// holds, picks it (the shared file step), and sees the preview csvbook
// makes (the same as `bob import-csv --dry-run`): what was detected, the
// mapping, the first rows as bob will store them, the bad rows and the
// counts. On the preview, keys change the import's choices and preview it
// again: update matching records, the day/month order, the currency of
// bare amounts, skipping bad rows. Enter imports: a backup, then one
// transaction.
//
// The rules are csvbook's; this screen only asks and shows. It never
// reads or writes outside a tea.Cmd and does no I/O in View.
package csvimport

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/csvbook"
	"bob/termsafe"
	"bob/ui/common"
	"bob/ui/filepick"
)

// step is where the import is.
type step int

const (
	stepKind step = iota
	stepFile
	stepPreview
	stepDone
)

// kinds are the choices of the first step, in the order shown.
var kinds = []struct {
	kind csvbook.Kind
	name string
	desc string
}{
	{csvbook.Accounts, "Accounts", "companies: name, domain, owner, ARR, renewal, …"},
	{csvbook.People, "People", "contacts of accounts already in the book, with Reports To for the org chart"},
}

// previewRows is how many rows the preview shows as stored.
const previewRows = 5

// Model is the CSV import screen.
type Model struct {
	ctx           *common.Context
	width, height int
	step          step
	kindCursor    int
	opts          csvbook.Options
	skipBad       bool

	pick *filepick.Picker
	path string // the file being previewed

	planSeq  int
	planning bool
	plan     *csvbook.Plan
	lines    []string // the report drawn
	scroll   int
	pan      int   // cells the report is moved left, to see a wide table
	err      error // why the file cannot be previewed or imported

	currency textinput.Model
	typing   bool // the currency is being typed

	applying bool
	result   csvbook.Result
	badFile  string // where the bad rows were written
}

// New returns the CSV import screen.
func New(ctx *common.Context) *Model {
	cur := textinput.New()
	cur.Prompt = "Currency of amounts without one: "
	cur.Placeholder = "EUR"
	cur.CharLimit = 3
	cur.Cursor.SetMode(cursor.CursorStatic)
	return &Model{ctx: ctx, width: ctx.Width, height: ctx.Height, currency: cur,
		pick: filepick.New(ctx, filepick.Options{
			Question: "Which file?", Kinds: ".csv, .tsv and .txt files", Noun: "CSV files",
			Exts: []string{".csv", ".tsv", ".txt"}, Placeholder: "~/Downloads/accounts.csv",
		})}
}

// Init reads the starting folder.
func (m *Model) Init() tea.Cmd { return m.pick.Start() }

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Capturing reports whether the screen wants every key: while a path or
// the currency is typed.
func (m *Model) Capturing() bool { return m.pick.Typing() || m.typing }

// HandlesBack implements common.BackHandler: esc goes back one step and
// closes the screen only from the first one or the result.
func (m *Model) HandlesBack() bool { return true }

type (
	// plannedMsg is a file read and its import worked out.
	plannedMsg struct {
		seq  int
		plan *csvbook.Plan
		err  error
	}
	// appliedMsg is an import done (or failed, with nothing written).
	appliedMsg struct {
		res     csvbook.Result
		badFile string
		err     error
	}
)

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.pick.Update(msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case filepick.PickedMsg:
		m.path, m.plan, m.lines, m.scroll, m.err = msg.Path, nil, nil, 0, nil
		m.step = stepPreview
		return m, m.prepare()
	case plannedMsg:
		if msg.seq != m.planSeq {
			return m, nil
		}
		m.planning = false
		if msg.err != nil {
			// The file cannot be read (not CSV, gone, unreadable): back to
			// the file step, with the reason above the listing.
			m.plan, m.lines, m.step = nil, nil, stepFile
			m.pick.Err = msg.err
			return m, m.pick.Relist()
		}
		m.plan, m.err = msg.plan, nil
		m.lines = msg.plan.Report(filepath.Base(m.path), previewRows)
		m.scroll = min(m.scroll, max(len(m.lines)-1, 0))
		return m, nil
	case appliedMsg:
		m.applying = false
		if msg.err != nil {
			m.err = msg.err
			return m, common.Fail(msg.err)
		}
		m.result, m.badFile, m.step = msg.res, msg.badFile, stepDone
		if msg.res.Backup == "" {
			return m, common.Info("nothing to import: the book already holds everything in this file")
		}
		what := fmt.Sprintf("imported %d new, %d updated from %s", msg.res.Created, msg.res.Updated, filepath.Base(m.path))
		return m, filepick.Imported(what)
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// prepare reads the file and works the import out, in a tea.Cmd. A newer
// preview replaces an older one still running.
func (m *Model) prepare() tea.Cmd {
	m.planSeq++
	m.planning = true
	seq, st, path, opts := m.planSeq, m.ctx.Store, m.path, m.opts
	return func() tea.Msg {
		tbl, err := csvbook.ReadFile(path)
		if err != nil {
			return plannedMsg{seq: seq, err: err}
		}
		p, err := csvbook.Prepare(st, tbl, opts)
		return plannedMsg{seq: seq, plan: p, err: err}
	}
}

// apply writes the bad rows beside the file when they are skipped, then
// imports, in a tea.Cmd.
func (m *Model) apply() tea.Cmd {
	m.applying = true
	st, p, skip, path := m.ctx.Store, m.plan, m.skipBad, m.path
	return func() tea.Msg {
		bad := ""
		if skip && len(p.Bad) > 0 {
			bad = csvbook.BadRowsPath(path)
			if err := csvbook.WriteBadFile(bad, p); err != nil {
				return appliedMsg{err: fmt.Errorf("%w (nothing was imported)", err)}
			}
		}
		res, err := csvbook.Apply(st, p, skip)
		return appliedMsg{res: res, badFile: bad, err: err}
	}
}

func back() tea.Msg { return common.BackMsg{} }

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.applying {
		return common.Cannot("importing… wait a moment")
	}
	switch m.step {
	case stepKind:
		switch {
		case key.Matches(msg, k.Back, k.Quit):
			return back
		case key.Matches(msg, k.Up):
			m.kindCursor = max(m.kindCursor-1, 0)
		case key.Matches(msg, k.Down):
			m.kindCursor = min(m.kindCursor+1, len(kinds)-1)
		case key.Matches(msg, k.Open):
			m.opts.Kind = kinds[m.kindCursor].kind
			m.step = stepFile
			return m.pick.Relist()
		}
	case stepFile:
		if !m.pick.Typing() && key.Matches(msg, k.Back, k.Quit) {
			m.step = stepKind
			return nil
		}
		return m.pick.Key(msg, filepick.Rows(m.height))
	case stepPreview:
		return m.previewKey(msg)
	case stepDone:
		if key.Matches(msg, k.Open, k.Back, k.Quit) {
			return back
		}
	}
	return nil
}

func (m *Model) previewKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.typing {
		switch msg.Type {
		case tea.KeyEsc:
			m.typing = false
			m.currency.Blur()
			return nil
		case tea.KeyEnter:
			c := strings.ToUpper(strings.TrimSpace(m.currency.Value()))
			if c != "" && (len(c) != 3 || strings.Trim(c, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "") {
				return common.Cannot("a currency is a three-letter code such as EUR or USD")
			}
			m.typing = false
			m.currency.Blur()
			m.opts.Currency = c
			return m.prepare()
		}
		var cmd tea.Cmd
		m.currency, cmd = m.currency.Update(msg)
		return cmd
	}
	// The report scrolls on the keys lists move on: its first line shown
	// goes from the top to the last that still fills the page.
	rows := m.reportRows()
	if d, ok := k.Movement(msg, len(m.lines), rows); ok {
		m.scroll = common.Clamp(m.scroll+d, len(m.lines)-rows+1)
		return nil
	}
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		m.step, m.err = stepFile, nil
		return m.pick.Relist()
	case key.Matches(msg, k.Left):
		m.pan = max(m.pan-panStep, 0)
	case key.Matches(msg, k.Right):
		widest := 0
		for _, l := range m.lines {
			widest = max(widest, ansi.StringWidth(l))
		}
		if m.pan+m.width >= widest {
			return common.Cannot("the whole width is shown")
		}
		m.pan += panStep
	case m.planning:
		return common.Cannot("reading the file… wait a moment")
	case key.Matches(msg, k.CSVUpdate):
		m.opts.Update = !m.opts.Update
		return m.prepare()
	case key.Matches(msg, k.DateOrder):
		switch m.opts.DateOrder {
		case csvbook.OrderUnknown:
			m.opts.DateOrder = csvbook.DMY
		case csvbook.DMY:
			m.opts.DateOrder = csvbook.MDY
		default:
			m.opts.DateOrder = csvbook.OrderUnknown
		}
		return m.prepare()
	case key.Matches(msg, k.Currency):
		m.typing = true
		m.currency.SetValue(m.opts.Currency)
		m.currency.CursorEnd()
		return m.currency.Focus()
	case key.Matches(msg, k.SkipBad):
		if m.plan == nil || len(m.plan.Bad) == 0 {
			return common.Cannot("no bad rows to skip")
		}
		m.skipBad = !m.skipBad
	case key.Matches(msg, k.Open):
		return m.confirm()
	}
	return nil
}

// confirm imports, or says why it cannot.
func (m *Model) confirm() tea.Cmd {
	p := m.plan
	switch {
	case p == nil:
		return common.Cannot("there is nothing to import: esc chooses another file")
	case p.AmbiguousDate != "":
		return common.Cannot(fmt.Sprintf("dates like %s could be day/month or month/day: %s chooses the order",
			termsafe.Line(p.AmbiguousDate), m.ctx.Keys.DateOrder.Help().Key))
	case len(p.Bad) > 0 && !m.skipBad:
		return common.Cannot(fmt.Sprintf("%s: fix the file, or %s imports the rest and writes them beside it",
			common.Plural(len(p.Bad), "bad row"), m.ctx.Keys.SkipBad.Help().Key))
	}
	created, updated, _, _ := p.Counts()
	if created+updated == 0 {
		return common.Cannot("nothing to import: every row is in the book already (and unchanged)")
	}
	return m.apply()
}

// reportRows is how many report lines the preview shows.
func (m *Model) reportRows() int { return max(m.height-6, 3) }

// panStep is how far left and right move a wide preview.
const panStep = 16

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	head := t.Title.Render("Import a CSV file") + "  " + m.breadcrumb()
	var body string
	switch m.step {
	case stepKind:
		body = m.kindView()
	case stepFile:
		errView := ""
		if m.pick.Err != nil {
			errView = m.errView(m.pick.Err)
		}
		body = m.pick.View(m.width, m.height, errView, "")
	case stepPreview:
		body = m.previewView()
	case stepDone:
		body = m.doneView()
	}
	return common.Clip(head+"\n\n"+body, m.width, m.height)
}

func (m *Model) breadcrumb() string {
	return m.ctx.Theme.Breadcrumb([]string{"What", "File", "Preview", "Done"}, int(m.step))
}

func (m *Model) kindView() string {
	t := m.ctx.Theme
	var b strings.Builder
	b.WriteString(t.Bold.Render("What does the file hold?") + "\n\n")
	for i, k := range kinds {
		if i == m.kindCursor {
			b.WriteString(t.Cursor.Render("› "+k.name) + "\n")
		} else {
			b.WriteString("  " + k.name + "\n")
		}
		b.WriteString("    " + t.Faint.Render(ansi.Truncate(k.desc, max(m.width-6, 10), "…")) + "\n\n")
	}
	b.WriteString(t.Faint.Render("Import the accounts first: people find their account by its name."))
	return b.String()
}

// errView shows an error in the reader's own words.
func (m *Model) errView(err error) string { return filepick.NothingImported(m.ctx.Theme, err, m.width) }

// choices is the line of the import's choices the keys change.
func (m *Model) choices() string {
	onOff := func(b bool) string {
		if b {
			return "on"
		}
		return "off"
	}
	order := "auto"
	switch m.opts.DateOrder {
	case csvbook.DMY:
		order = "day first"
	case csvbook.MDY:
		order = "month first"
	}
	cur := m.opts.Currency
	if cur == "" {
		cur = "auto"
	}
	return fmt.Sprintf("update matches: %s · dates: %s · currency: %s · skip bad rows: %s",
		onOff(m.opts.Update), order, cur, onOff(m.skipBad))
}

func (m *Model) previewView() string {
	t := m.ctx.Theme
	var b strings.Builder
	b.WriteString(t.Subtle.Render(ansi.Truncate(m.choices(), max(m.width, 10), "…")) + "\n")
	if m.typing {
		b.WriteString(m.currency.View() + "\n")
	}
	switch {
	case m.err != nil:
		b.WriteString("\n" + m.errView(m.err))
		return b.String()
	case m.plan == nil:
		b.WriteString("\n" + t.Faint.Render("Reading "+termsafe.Line(filepath.Base(m.path))+"…"))
		return b.String()
	}
	// The counts stay in sight while the report scrolls.
	style := t.OK
	if len(m.plan.Bad) > 0 || m.plan.AmbiguousDate != "" {
		style = t.Warn
	}
	summary := m.plan.Summary()
	if len(m.plan.Bad) > 0 {
		summary += " (the bad rows are listed below)"
	}
	b.WriteString(style.Render(summary) + "\n")
	rows := m.reportRows()
	if m.typing {
		rows--
	}
	m.scroll = max(min(m.scroll, len(m.lines)-rows), 0)
	end := min(m.scroll+rows, len(m.lines))
	for _, l := range m.lines[m.scroll:end] {
		// The report is csvbook's, already safe for the terminal; cut to
		// the width (moved by left/right) so a wide table never wraps.
		if m.pan > 0 {
			l = ansi.Cut(l, m.pan, m.pan+max(m.width, 10))
		}
		b.WriteString(ansi.Truncate(l, max(m.width, 10), "…") + "\n")
	}
	if end < len(m.lines) {
		b.WriteString(t.Faint.Render(fmt.Sprintf("… %d more lines (↓ scrolls)", len(m.lines)-end)) + "\n")
	}
	if m.planning {
		b.WriteString(t.Faint.Render("Previewing again…"))
	} else if m.applying {
		b.WriteString(t.Info.Render("Importing… (a backup first, then one transaction)"))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) doneView() string {
	t := m.ctx.Theme
	r := m.result
	var b strings.Builder
	if r.Backup == "" {
		b.WriteString(t.Bold.Render("Nothing to import: the book already holds everything in this file.") + "\n")
	} else {
		b.WriteString(t.OK.Render(fmt.Sprintf("✓ Imported: %d new, %d updated, %d unchanged, %d skipped.", r.Created, r.Updated, r.Unchanged, r.Skipped)) + "\n\n")
		b.WriteString("The book before the import is backed up in\n" + m.path2(r.Backup) + "\n")
	}
	if m.badFile != "" {
		b.WriteString("\nThe skipped rows are in " + termsafe.Line(filepath.Base(m.badFile)) + ", beside the file:\n" +
			m.path2(m.badFile) + "\nFix them there and import that file.\n")
	}
	return b.String()
}

// path2 draws a path indented, broken over lines to fit the width.
func (m *Model) path2(p string) string {
	lines := strings.Split(ansi.Hardwrap(termsafe.Line(p), max(m.width-4, 10), false), "\n")
	return "  " + strings.Join(lines, "\n  ")
}

// ShortHelp implements help.KeyMap: the keys of the current step.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	switch m.step {
	case stepKind:
		move := k.UpDown("move")
		return []key.Binding{common.Hint("enter", "choose"), move, common.Hint("esc", "close")}
	case stepFile:
		return m.pick.Help()
	case stepPreview:
		if m.typing {
			return []key.Binding{common.Hint("enter", "set"), common.Hint("esc", "cancel")}
		}
		return []key.Binding{common.Hint("enter", "import"), k.CSVUpdate, k.DateOrder, k.Currency, k.SkipBad,
			common.Hint("↑/↓ ←/→", "scroll"), common.Hint("esc", "choose another file")}
	}
	return []key.Binding{common.Hint("enter", "close")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
