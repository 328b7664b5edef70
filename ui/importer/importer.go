// Package importer is the import screen: it opens a handoff bundle a
// colleague sent, shows what importing it would do, and imports it. The
// CSM picks the file (a listing of .zip and .age files, or a typed path),
// types the passphrase when the bundle has one, and sees a preview: who
// signed it (a known colleague, an unknown key, or no one), which accounts
// are new, which exist already and how they differ field by field, and
// the conflicts with the policy that settles them (p toggles keep yours /
// take theirs). Enter imports: the book is backed up and every account is
// written, or none (store.ReplaceRecordsSince). The list then reloads. Esc
// goes back one step.
//
// Every error from the bundle reader is shown in its own words (they say
// what to do) and nothing is written. The screen never reads or writes
// outside a tea.Cmd and does no I/O in View.
package importer

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/handoff"
	"bob/internal/memtune"
	"bob/termsafe"
	"bob/ui/common"
	"bob/ui/filepick"
)

// step is where the import is.
type step int

const (
	stepFile step = iota
	stepPassphrase
	stepPreview
	stepDone
)

// Model is the import screen.
type Model struct {
	ctx           *common.Context
	width, height int
	step          step

	// What Init loads.
	ready      bool
	me         handoff.Identity
	idErr      error // why there is no identity; nil when there is one
	colleagues *handoff.Colleagues
	colErr     error

	pick *filepick.Picker

	openPath string // the bundle being opened or shown
	opening  bool
	needPass bool // the bundle has a passphrase
	pass     textinput.Model
	err      error // the last error opening the bundle

	opened  *handoff.Opened
	policy  handoff.Policy
	preview *handoff.Preview
	// planned is the preview as Plan made it, for the import to write
	// (preview is what is shown of it, made safe for the terminal).
	planned  *handoff.Preview
	planSeq  int
	planning bool
	cursor   int // the account in the preview
	offset   int // first account row shown
	detail   int // first line of the differences shown

	// trust is who signed the opened bundle and whether it is for you;
	// askTrust is the open question "import it anyway?" that an unknown
	// signer or another receiver needs before enter imports.
	trust    handoff.Trust
	askTrust bool
	// noChecklist leaves the incoming transition checklist out (c).
	noChecklist bool

	applying bool
	result   handoff.Result
	// endBulk puts the app's garbage collector setting back (see Init).
	endBulk func()
}

// New returns the import screen. It starts in the home folder (or the
// current one) once Init has read it.
func New(ctx *common.Context) *Model {
	pick := filepick.New(ctx, filepick.Options{
		Question: "Which bundle did you receive?", Kinds: ".zip and .age files", Noun: "bundles",
		// bob writes .bob.zip and .bob.zip.age, and a renamed file still
		// ends in .zip or .age.
		Exts:        []string{".zip", ".age"},
		Placeholder: "~/Downloads/ana-to-sam.bob.zip.age",
	})
	pass := textinput.New()
	pass.Prompt = "Passphrase: "
	pass.EchoMode = textinput.EchoPassword
	pass.EchoCharacter = '•'
	pass.Cursor.SetMode(cursor.CursorStatic)
	return &Model{ctx: ctx, width: ctx.Width, height: ctx.Height, pick: pick, pass: pass, policy: handoff.PolicyKeep}
}

// initMsg is what Init read: the CSM's identity and colleagues.
type initMsg struct {
	me         handoff.Identity
	idErr      error
	colleagues *handoff.Colleagues
	colErr     error
}

// Init reads the identity, the colleagues and the starting folder. While
// the screen is open, the garbage collector is set for an import
// (memtune.Import): the bundle it reads and holds may be a whole book's,
// about a gigabyte of records, far over the app's soft limit, under which
// the collector would run without pause.
func (m *Model) Init() tea.Cmd {
	m.Close()
	m.endBulk = memtune.During(memtune.Import)
	dir := m.ctx.ConfigDir
	return tea.Batch(func() tea.Msg {
		var msg initMsg
		msg.me, msg.idErr = handoff.LoadIdentity(dir)
		msg.colleagues, msg.colErr = handoff.LoadColleagues(dir)
		return msg
	}, m.pick.Start())
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Capturing reports whether the screen wants every key: while a path or
// the passphrase is typed.
func (m *Model) Capturing() bool {
	return m.pick.Typing() || m.step == stepPassphrase || m.askTrust
}

// Close implements common.Closer: the app's garbage collector setting is
// back once the screen is closed.
func (m *Model) Close() {
	if m.endBulk != nil {
		m.endBulk()
		m.endBulk = nil
	}
}

// HandlesBack implements common.BackHandler: esc and q come to the screen,
// which goes back one step (from the preview to the file, say) and closes
// only from the first step or the result.
func (m *Model) HandlesBack() bool { return true }

type (
	// openedMsg is a bundle read in a tea.Cmd.
	openedMsg struct {
		path   string
		opened *handoff.Opened
		err    error
		// needPass: the bundle is protected by a passphrase, and none
		// was typed yet.
		needPass bool
	}
	// plannedMsg is the preview of an import.
	plannedMsg struct {
		seq              int
		preview, planned handoff.Preview
		err              error
	}
	// appliedMsg is an import done (or failed, with nothing written).
	appliedMsg struct {
		res handoff.Result
		err error
	}
)

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.pick.Update(msg); ok {
		return m, cmd
	}
	switch msg := msg.(type) {
	case initMsg:
		m.ready = true
		m.me, m.idErr = msg.me, msg.idErr
		m.colleagues, m.colErr = msg.colleagues, msg.colErr
		if m.colleagues == nil {
			m.colleagues = &handoff.Colleagues{}
		}
		return m, nil
	case common.ColleaguesChangedMsg:
		dir := m.ctx.ConfigDir
		return m, func() tea.Msg {
			c, err := handoff.LoadColleagues(dir)
			return colleaguesMsg{c: c, err: err}
		}
	case colleaguesMsg:
		return m, m.colleaguesChanged(msg)
	case filepick.PickedMsg:
		return m, m.open(msg.Path, "")
	case openedMsg:
		return m, m.openedBundle(msg)
	case plannedMsg:
		if msg.seq != m.planSeq {
			return m, nil
		}
		m.planning = false
		if msg.err != nil {
			m.err = msg.err
			return m, common.Fail(msg.err)
		}
		m.preview, m.planned = &msg.preview, &msg.planned
		m.err = nil
		return m, nil
	case appliedMsg:
		m.applying = false
		if msg.err != nil {
			m.err = msg.err
			return m, common.Fail(msg.err)
		}
		m.result, m.step = msg.res, stepDone
		if msg.res.Written == 0 {
			return m, common.Info("nothing to import: your book already holds this bundle")
		}
		what := "imported " + common.Plural(msg.res.Written, "account")
		return m, filepick.Imported(what)
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

// open reads the bundle at path in a tea.Cmd with what its protection
// needs (handoff.OpenOptions, as on the command line): the CSM's key, or
// the passphrase once one was typed.
func (m *Model) open(path, passphrase string) tea.Cmd {
	m.opening, m.openPath, m.err = true, path, nil
	me, idErr := m.me, m.idErr
	return func() tea.Msg {
		prot, opts, err := handoff.OpenOptions(path, me, idErr)
		switch {
		case err != nil:
			return openedMsg{path: path, err: err}
		case prot == handoff.ProtectionPassphrase && passphrase == "":
			return openedMsg{path: path, needPass: true}
		}
		opts.Passphrase = passphrase
		o, err := handoff.ReadFile(path, opts)
		return openedMsg{path: path, opened: o, err: err}
	}
}

// openedBundle takes a read bundle to the preview, or asks for the
// passphrase, or shows why it cannot be opened.
// colleaguesMsg is the colleagues read again after the file changed
// outside the screen (bob colleagues add in a shell).
type colleaguesMsg struct {
	c   *handoff.Colleagues
	err error
}

// colleaguesChanged takes the colleagues read again; an open bundle's
// signer is judged again, so a sender added as a colleague meanwhile
// shows as one without opening the bundle again.
func (m *Model) colleaguesChanged(msg colleaguesMsg) tea.Cmd {
	if msg.c == nil {
		return nil // the next change reads them again
	}
	m.colleagues, m.colErr = msg.c, msg.err
	if m.opened == nil || m.step != stepPreview {
		return nil
	}
	was := m.trust.Signer
	m.trust = handoff.Receive(m.opened, m.me, m.idErr, m.colleagues)
	if was != handoff.SignerColleague && m.trust.Signer == handoff.SignerColleague {
		m.askTrust = false
		c := m.trust.Colleague
		return common.Info("%s <%s> is now one of your colleagues: the bundle is signed by them", termsafe.Line(c.Name), termsafe.Line(c.Email))
	}
	return nil
}

func (m *Model) openedBundle(msg openedMsg) tea.Cmd {
	m.opening = false
	err := msg.err
	switch {
	case msg.needPass:
		m.needPass, m.err = true, nil
		m.step = stepPassphrase
		return m.pass.Focus()
	case err == nil:
		m.opened, m.err = msg.opened, nil
		// The accounts become yours, whomever the bundle names.
		m.trust, m.askTrust = handoff.Receive(m.opened, m.me, m.idErr, m.colleagues), false
		m.pass.SetValue("")
		m.pass.Blur()
		m.step = stepPreview
		m.cursor, m.offset, m.detail = 0, 0, 0
		m.preview, m.planned = nil, nil
		return m.plan()
	case errors.Is(err, handoff.ErrWrongPassphrase):
		m.err = err
		m.step = stepPassphrase
		m.pass.SetValue("")
		return m.pass.Focus()
	default:
		m.err = err
	}
	m.step = stepFile
	return nil
}

// plan previews the import with the current policy, in a tea.Cmd.
func (m *Model) plan() tea.Cmd {
	m.planSeq++
	m.planning = true
	seq, st, o, pol := m.planSeq, m.ctx.Store, m.opened, m.policy
	return func() tea.Msg {
		p, err := handoff.Plan(st, o, pol)
		// The preview quotes your book's values beside the bundle's; a
		// book written before validation refused controls may hold some.
		// What is shown is made safe; the merged records, which are not
		// shown, are left as planned, so that the import writes this
		// plan instead of making it again (for a whole book, a good part
		// of the import).
		shown := p
		shown.Records = nil
		return plannedMsg{seq: seq, preview: *common.Safe(&shown), planned: p, err: err}
	}
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if !m.ready {
		if key.Matches(msg, m.ctx.Keys.Back, m.ctx.Keys.Quit) {
			return back
		}
		return nil
	}
	if m.pick.Typing() {
		return m.pick.Key(msg, filepick.Rows(m.height))
	}
	if cmd, split := common.SplitKeys(msg, m.Capturing, m.key); split {
		return cmd
	}
	if m.opening || m.applying {
		return common.Cannot("working… wait a moment")
	}
	switch m.step {
	case stepFile:
		return m.pick.Key(msg, filepick.Rows(m.height))
	case stepPassphrase:
		return m.passKey(msg)
	case stepPreview:
		return m.previewKey(msg)
	case stepDone:
		if key.Matches(msg, m.ctx.Keys.Open, m.ctx.Keys.Back, m.ctx.Keys.Quit) {
			return back
		}
	}
	return nil
}

func back() tea.Msg { return common.BackMsg{} }

// relist reads the folder shown again, on the way back to it: a bundle
// saved there in the meantime shows up.
func (m *Model) relist() tea.Cmd { return m.pick.Relist() }

// passKey handles a key while the passphrase is typed.
func (m *Model) passKey(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.pass.SetValue("")
		m.pass.Blur()
		m.step, m.err = stepFile, nil
		return m.relist()
	case tea.KeyEnter:
		if m.pass.Value() == "" {
			return common.Cannot("type the passphrase the sender gave you (or esc)")
		}
		return m.open(m.openPath, m.pass.Value())
	}
	var cmd tea.Cmd
	m.pass, cmd = m.pass.Update(msg)
	return cmd
}

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	head := t.Title.Render("Import a handoff bundle") + "  " + m.breadcrumb()
	var body string
	switch {
	case !m.ready:
		body = t.Faint.Render("Reading your identity…")
	case m.step == stepFile:
		busy, errView := "", ""
		if m.opening {
			busy = "Opening " + termsafe.Line(filepath.Base(m.openPath)) + "…"
		}
		if m.err != nil {
			errView = m.errView()
		} else if m.pick.Err != nil {
			errView = m.errViewOf(m.pick.Err)
		}
		body = m.pick.View(m.width, m.height, errView, busy)
	case m.step == stepPassphrase:
		body = m.passView()
	case m.step == stepPreview:
		body = m.previewView()
	case m.step == stepDone:
		body = m.doneView()
	}
	return common.Clip(head+"\n\n"+body, m.width, m.height)
}

func (m *Model) breadcrumb() string {
	steps := []struct {
		s    step
		name string
	}{{stepFile, "File"}, {stepPassphrase, "Passphrase"}, {stepPreview, "Preview"}, {stepDone, "Done"}}
	var names []string
	current := -1
	for _, s := range steps {
		if s.s == stepPassphrase && !m.needPass {
			continue
		}
		if s.s == m.step {
			current = len(names)
		}
		names = append(names, s.name)
	}
	return m.ctx.Theme.Breadcrumb(names, current)
}

// errView shows the last error in the reader's own words.
func (m *Model) errView() string { return m.errViewOf(m.err) }

func (m *Model) errViewOf(err error) string {
	return filepick.NothingImported(m.ctx.Theme, err, m.width)
}

func (m *Model) passView() string {
	t := m.ctx.Theme
	var b strings.Builder
	b.WriteString(t.Bold.Render(filepath.Base(m.openPath)) + "\n")
	b.WriteString("This bundle is protected by a passphrase. Type the one the sender gave you.\n\n")
	b.WriteString(m.pass.View() + "\n")
	if m.err != nil {
		b.WriteString("\n" + m.errView() + "\n")
	}
	if m.opening {
		b.WriteString("\n" + t.Faint.Render("Opening… (a passphrase takes a moment to check)"))
	}
	return strings.TrimRight(b.String(), "\n")
}

// ShortHelp implements help.KeyMap: the keys of the current step.
func (m *Model) ShortHelp() []key.Binding {
	switch {
	case !m.ready:
		return []key.Binding{common.Hint("esc", "close")}
	case m.step == stepFile:
		return m.pick.Help()
	case m.step == stepPassphrase:
		return []key.Binding{common.Hint("enter", "open"), common.Hint("esc", "choose another file")}
	case m.step == stepPreview && m.askTrust:
		return []key.Binding{common.Labeled(m.ctx.Keys.Confirm, "import anyway"), common.Hint("any other key", "back to the preview")}
	case m.step == stepPreview:
		return m.previewHelp()
	}
	return []key.Binding{common.Hint("enter", "close")}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.ready && m.step == stepPreview && !m.pick.Typing() {
		return [][]key.Binding{m.ShortHelp(), {scrollKey, common.Hint("esc", "choose another file")}}
	}
	return [][]key.Binding{m.ShortHelp()}
}

// wrap breaks s into lines of at most w cells, at spaces where it can.
func wrap(s string, w int) []string {
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}
