// Package export is the export wizard: the screen that hands accounts to
// one or more successors as signed, encrypted handoff bundles, bob's
// headline job. It walks the CSM through five steps, shown as a
// breadcrumb: which accounts; to which successor(s) (a book is often
// split, so each account gets its own successor and each successor gets
// one bundle); the completeness check of every account; the options of
// each bundle (encryption, redaction, where to write it); and the writing
// itself, with a progress bar and a summary. Esc goes back one step. A
// CSM without an identity is offered to create one first.
//
// The wizard never reads or writes anything outside a tea.Cmd and never
// does I/O in View. Writing streams its progress the way glow streams
// work: a goroutine reports through a channel and the wizard waits for
// one message at a time, re-scheduling the wait after each, so the UI
// stays responsive and a closed wizard leaves nothing blocked.
package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/progress"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"bob/handoff"
	"bob/internal/memtune"
	"bob/model"
	"bob/ui/common"
	"bob/ui/form"
)

// step is where the wizard is.
type step int

// The steps, in order. stepIdentity comes first only for a CSM who has
// no identity yet.
const (
	stepLoading step = iota
	stepIdentity
	stepAccounts
	stepSuccessors
	stepCheck
	stepOptions
	stepWrite
)

// crumbs name the steps in the breadcrumb.
var crumbs = []struct {
	s    step
	name string
}{
	{stepAccounts, "Accounts"},
	{stepSuccessors, "Successors"},
	{stepCheck, "Check"},
	{stepOptions, "Options"},
	{stepWrite, "Write"},
}

// Model is the export wizard.
type Model struct {
	ctx           *common.Context
	width, height int
	step          step

	// What Init loads.
	sums       []model.AccountSummary
	loadErr    error
	me         handoff.Identity
	idErr      error // why there is no usable identity; nil when there is
	idMissing  bool  // the identity file does not exist (it can be created here)
	colleagues *handoff.Colleagues
	colErr     error
	home       string // the home folder; "" if unknown
	folder     string // the default folder for the bundles, as shown

	idForm *form.Model // the "create your identity" form, while open

	selected []string // the account list's selection, in list order
	src      sources
	chosen   []model.AccountSummary // the accounts to hand over, by name

	succ successors

	check checkState

	bundles []*bundle
	kept    map[string]*bundle // options typed so far, by successor name
	cur     int                // the bundle whose options are shown
	busy    bool               // a path or redaction check is running
	// redactWarn, when set, is the redaction check's findings, shown for
	// the CSM to confirm before anything is written.
	redactWarn *[]handoff.RedactionWarning

	write writeState
	bar   progress.Model
	// endBulk puts the app's garbage collector setting back (see Init).
	endBulk func()
}

// New returns the export wizard. selected are the accounts selected in
// the list (may be empty); the wizard offers them as the first choice.
func New(ctx *common.Context, selected []string) *Model {
	m := &Model{
		ctx: ctx, width: ctx.Width, height: ctx.Height, step: stepLoading,
		selected: append([]string(nil), selected...),
		kept:     map[string]*bundle{},
		bar: progress.New(progress.WithSolidFill(ctx.Theme.AccentHex()), progress.WithoutPercentage(),
			progress.WithColorProfile(lipgloss.ColorProfile())),
	}
	m.succ = newSuccessors()
	return m
}

// loadedMsg is what Init read: the accounts, the CSM's identity and
// colleagues, and the default folder for the bundles.
type loadedMsg struct {
	sums       []model.AccountSummary
	err        error
	me         handoff.Identity
	idErr      error
	colleagues *handoff.Colleagues
	colErr     error
	home       string
	folder     string
}

// Close implements common.Closer: the app's garbage collector setting is
// back once the screen is closed.
func (m *Model) Close() {
	if m.endBulk != nil {
		m.endBulk()
		m.endBulk = nil
	}
}

// Init reads the account summaries, the identity and the colleagues.
// While the screen is open, the garbage collector is set for an export
// (memtune.Export), which allocates gigabytes for a whole book.
func (m *Model) Init() tea.Cmd {
	m.Close()
	m.endBulk = memtune.During(memtune.Export)
	st, dir := m.ctx.Store, m.ctx.ConfigDir
	return func() tea.Msg {
		var msg loadedMsg
		msg.sums, msg.err = st.Summaries()
		common.Safe(&msg.sums)
		msg.me, msg.idErr = handoff.LoadIdentity(dir)
		msg.colleagues, msg.colErr = handoff.LoadColleagues(dir)
		msg.home, msg.folder = defaultFolder()
		return msg
	}
}

// defaultFolder is where bundles go unless the CSM says otherwise: the
// home folder, shown as ~, or the current one when there is no home.
func defaultFolder() (home, folder string) {
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return h, "~"
	}
	if wd, err := os.Getwd(); err == nil {
		return "", wd
	}
	return "", "."
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	if m.idForm != nil {
		m.idForm.SetSize(width, max(height-2, 1))
	}
}

// Capturing reports whether the wizard wants every key: while a name,
// passphrase or file name is being typed, or the identity form is open.
func (m *Model) Capturing() bool {
	switch {
	case m.idForm != nil:
		return true
	case m.step == stepSuccessors:
		return m.succ.typing
	case m.step == stepOptions:
		if m.redactWarn != nil {
			return false
		}
		if b := m.bundle(); b != nil {
			return b.focusedText()
		}
	}
	return false
}

// HandlesBack implements common.BackHandler: esc and q always come to the
// wizard, which goes back one step (or closes on the first), and refuses
// to close while bundles are being written.
func (m *Model) HandlesBack() bool { return true }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		return m, m.loaded(msg)
	case identityCreatedMsg:
		m.idForm = nil
		m.me, m.idErr, m.idMissing = msg.id, nil, false
		m.step = stepAccounts
		return m, common.Info("your identity is ready: send colleagues the line `bob id show` prints")
	case identityFormClosedMsg:
		m.idForm = nil
		return m, nil
	case gapsMsg:
		return m, m.gapsDone(msg)
	case common.ColleaguesChangedMsg:
		if m.step == stepLoading {
			return m, nil // Init reads them
		}
		return m, m.colleaguesChanged()
	case common.BookChangedMsg:
		// The CSM fixed an account from the check: check again.
		if m.step == stepCheck {
			return m, m.runCheck()
		}
		return m, nil
	case pathCheckedMsg:
		return m, m.pathChecked(msg)
	case noteEditedMsg:
		return m, m.noteEdited(msg)
	case redactCheckedMsg:
		return m, m.redactChecked(msg)
	case colleaguesMsg:
		return m, m.colleaguesRead(msg)
	case progressMsg:
		return m, m.progressed(msg)
	case bundleDoneMsg:
		return m, m.bundleDone(msg)
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	if m.idForm != nil {
		_, cmd := m.idForm.Update(msg)
		return m, cmd
	}
	return m, nil
}

// loaded takes what Init read and opens the first step.
func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	m.sums, m.loadErr = msg.sums, msg.err
	m.me, m.idErr = msg.me, msg.idErr
	m.idMissing = msg.idErr != nil && errors.Is(msg.idErr, fs.ErrNotExist)
	m.colleagues, m.colErr = msg.colleagues, msg.colErr
	if m.colleagues == nil {
		m.colleagues = &handoff.Colleagues{}
	}
	m.home, m.folder = msg.home, msg.folder
	m.src = newSources(m.sums, m.selected)
	m.succ.setColleagues(m.colleagues.List())
	if m.loadErr != nil {
		return common.Fail(fmt.Errorf("read the accounts to export: %w", m.loadErr))
	}
	if m.idErr != nil {
		m.step = stepIdentity
		return nil
	}
	m.step = stepAccounts
	return nil
}

// key handles a key for the current step. Keys typed faster than the
// terminal is read arrive as one message: they are taken one at a time
// unless they are being typed into a field.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.idForm != nil {
		_, cmd := m.idForm.Update(msg)
		return cmd
	}
	if cmd, split := common.SplitKeys(msg, m.Capturing, m.key); split {
		return cmd
	}
	switch m.step {
	case stepLoading:
		if m.isBack(msg) {
			return back
		}
		return nil
	case stepIdentity:
		return m.identityKey(msg)
	case stepAccounts:
		return m.accountsKey(msg)
	case stepSuccessors:
		return m.successorsKey(msg)
	case stepCheck:
		return m.checkKey(msg)
	case stepOptions:
		return m.optionsKey(msg)
	case stepWrite:
		return m.writeKey(msg)
	}
	return nil
}

// isBack reports whether msg is esc or q: back one step. (While a field
// is being typed, only esc is.)
func (m *Model) isBack(msg tea.KeyMsg) bool {
	k := m.ctx.Keys
	if m.Capturing() {
		return msg.Type == tea.KeyEsc
	}
	return key.Matches(msg, k.Back, k.Quit)
}

func back() tea.Msg { return common.BackMsg{} }

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	head := t.Title.Render("Hand over accounts") + "  " + m.breadcrumb()
	var body string
	switch m.step {
	case stepLoading:
		body = t.Faint.Render("Reading your accounts and identity…")
		if m.loadErr != nil {
			body = t.Error.Render("The accounts could not be read: " + common.ErrorText(m.loadErr))
		}
	case stepIdentity:
		body = m.identityView()
	case stepAccounts:
		body = m.accountsView()
	case stepSuccessors:
		body = m.successorsView()
	case stepCheck:
		body = m.checkView()
	case stepOptions:
		body = m.optionsView()
	case stepWrite:
		body = m.writeView()
	}
	return common.Clip(head+"\n\n"+body, m.width, m.height)
}

// breadcrumb draws the wizard's steps; Identity shows only while it is
// the step at hand.
func (m *Model) breadcrumb() string {
	var names []string
	current := -1
	if m.step == stepIdentity {
		names, current = append(names, "Identity"), 0
	}
	for _, c := range crumbs {
		if c.s == m.step {
			current = len(names)
		}
		names = append(names, c.name)
	}
	return m.ctx.Theme.Breadcrumb(names, current)
}

// Bindings the steps share. They are drawn from the key map where one
// fits, so a rebound key shows as rebound.
func (m *Model) backKey(desc string) key.Binding {
	k := m.ctx.Keys
	return common.Labeled(k.Back, desc)
}

func (m *Model) nextKey(desc string) key.Binding {
	k := m.ctx.Keys
	return common.Labeled(k.Open, desc)
}

func (m *Model) moveKey() key.Binding {
	k := m.ctx.Keys
	return k.UpDown("move")
}

// ShortHelp implements help.KeyMap: the keys of the current step, most
// used first. The root shows esc (back) beside them, except while a field
// is typed: then the step shows it itself.
func (m *Model) ShortHelp() []key.Binding {
	if m.idForm != nil {
		return m.idForm.ShortHelp()
	}
	keys := m.stepHelp()
	if m.Capturing() && !m.writing() {
		keys = append(keys, m.backKey(m.backWord()))
	}
	return keys
}

func (m *Model) stepHelp() []key.Binding {
	switch m.step {
	case stepIdentity:
		return m.identityHelp()
	case stepAccounts:
		return m.accountsHelp()
	case stepSuccessors:
		return m.successorsHelp()
	case stepCheck:
		return m.checkHelp()
	case stepOptions:
		return m.optionsHelp()
	case stepWrite:
		return m.writeHelp()
	}
	return nil
}

// writing reports whether bundles are being written (no key acts).
func (m *Model) writing() bool { return m.step == stepWrite && !m.write.done }

// backWord says what esc does on this step.
func (m *Model) backWord() string {
	switch {
	case m.step == stepSuccessors && m.succ.typing:
		return "cancel"
	case m.step <= stepAccounts, m.step == stepWrite:
		return "close"
	}
	return "back"
}

// FullHelp implements help.KeyMap: the step's keys, then moving and
// going back.
func (m *Model) FullHelp() [][]key.Binding {
	if m.idForm != nil {
		return m.idForm.FullHelp()
	}
	if m.writing() {
		return nil
	}
	keys := m.stepHelp()
	if m.step == stepSuccessors && !m.succ.typing {
		keys = m.successorsFull()
	}
	return [][]key.Binding{keys, {m.moveKey(), m.backKey(m.backWord())}}
}

// Changed reports a half-typed form, so that ctrl+c asks before it is lost.
func (m *Model) Changed() bool { return m.idForm != nil && m.idForm.Changed() }
