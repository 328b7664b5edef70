// Package ui is bob's terminal app. Its root model keeps a stack of
// screens: the account list at the bottom (the welcome screen while the
// book is empty), with the account 360 view, forms and the trash pushed
// on top. The root routes messages (keys to the top screen only, data
// and BookChangedMsg to every screen), owns the global keys (? help,
// q quit or back, esc back, ctrl+c quit), and draws the status line, the
// one-line help bar, the full help and the "terminal too small" screen
// around whichever screen is on top.
//
// A screen that is typing (a focused filter or field, a y/n prompt)
// implements common.Capturer and then gets every key but ctrl+c first. A
// screen with unsaved edits implements common.Unsaved; while it reports
// true, q and esc go to the screen (which asks) instead of closing it,
// and the first ctrl+c asks instead of quitting (a second one quits). A
// screen with steps (the export wizard) implements common.BackHandler
// and gets esc and q itself, to go back one step.
//
// The package must never touch the book outside a tea.Cmd, never do I/O
// in View, and never let an error end the program: failures become a
// line in the status bar.
package ui

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"

	"bob/model"
	"bob/playbooks"
	"bob/store"
	"bob/termsafe"
	"bob/ui/account"
	"bob/ui/accounts"
	"bob/ui/common"
	"bob/ui/terminal"
	"bob/ui/welcome"
)

// The smallest terminal the app draws in. Below it a clear message says
// how big it must be, instead of a garbled screen.
const (
	MinWidth  = 80
	MinHeight = 24
)

// InfoTimeout is how long an informational status line stays up.
const InfoTimeout = 4 * time.Second

// Options is what Run needs to start the app.
type Options struct {
	// Store is the open book.
	Store *store.Store
	// Author is the CSM's name, written on the entries they create.
	Author string
	// KeyConfigPath is the key config file (`action = key, key` lines,
	// usually keys.conf in bob's XDG config folder). A missing file
	// means the default keys; a bad one stops Run before the app starts.
	KeyConfigPath string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// ConfigDir is bob's config folder, where the CSM's identity and
	// colleagues live (export and import read them).
	ConfigDir string
	// LoadPlaybooks reads the playbooks (the built-ins and the user's
	// own); nil means none. Run calls it on a goroutine of its own while
	// the account list is read. The playbooks that loaded are the app's;
	// its error, when not nil, says which of the user's files did not (the
	// app still starts, and says so in the status line).
	LoadPlaybooks func() ([]playbooks.Playbook, error)
}

// Run opens the terminal app on the book and returns when the user
// quits. A bad key config is reported before anything is drawn.
func Run(opts Options) error {
	if opts.Store == nil {
		return errors.New("no book is open (this is a bug in bob: please report it)")
	}
	// The account list is read first thing, while the app and the
	// terminal are set up, not after (it was the last to be ready): only
	// its head when the remembered view allows (the whole list then loads
	// behind the first screen), else all of it.
	first := make(chan bookLoadedMsg, 1)
	rows := accounts.PreviewRows
	if _, h, err := term.GetSize(int(os.Stdout.Fd())); err == nil && h > 0 {
		// No more rows than the screen has lines: each one costs a
		// decode, and keeping more of them in order costs more.
		rows = min(rows, h)
	}
	// The playbooks come to the app as a message too, read once the list
	// is and its first screen drawn (playbooksSettle): the first screen
	// needs only the list, and on a machine of two busy cores reading
	// them beside it, or beside drawing it, slowed it down.
	pbs := make(chan playbooksLoadedMsg, 1)
	go func() {
		first <- readFirst(opts.Store, opts.ConfigDir, rows)
		time.Sleep(playbooksSettle)
		var msg playbooksLoadedMsg
		if opts.LoadPlaybooks != nil {
			msg.playbooks, msg.err = opts.LoadPlaybooks()
		}
		pbs <- msg
	}()
	ctx, err := newContext(opts)
	if err != nil {
		return err
	}
	app := New(ctx)
	app.first = first
	app.playbooks = pbs
	app.pollEvery = PollEvery
	// Adaptive colours ask the terminal for its background the first time
	// one is drawn; asked then, the program is already reading the
	// terminal and the answer has to find its way past it. Ask now.
	lipgloss.ColorProfile()
	lipgloss.HasDarkBackground()
	// The app draws its frames itself, each as soon as it is made
	// (package terminal); Bubble Tea reads the keys and runs the model.
	t, err := terminal.Open(os.Stdin, os.Stdout)
	if err != nil {
		return fmt.Errorf("set up the terminal: %w", err)
	}
	app.ctx.Width, app.ctx.Height = t.Size()
	// A copy to the clipboard goes to the terminal the app draws on,
	// between frames (not to standard error, which may be a file).
	defer common.SetClipboardOutput(t)()
	app.exec = t.Exec
	app.hideOpening = true
	p := tea.NewProgram(drawn{app: app, t: t}, tea.WithoutRenderer(), tea.WithInput(t.Input()))
	t.Follow(p.Send)
	_, err = p.Run()
	if cerr := t.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("run the terminal app: %w", err)
	}
	return nil
}

// drawn is the app as Bubble Tea runs it: each frame View makes goes to
// the terminal, which draws it at once on a goroutine of its own (View
// itself does no I/O), and Bubble Tea's renderer, which would wait for
// its next tick, gets nothing.
type drawn struct {
	app *App
	t   *terminal.Terminal
}

func (d drawn) Init() tea.Cmd { return d.app.Init() }

func (d drawn) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := d.app.Update(msg)
	return d, cmd
}

func (d drawn) View() string {
	// Nothing to show yet (the book is opening, or the terminal has no
	// size) leaves the terminal as it is.
	if frame := d.app.View(); frame != "" {
		d.t.Draw(frame)
	}
	return ""
}

// playbooksSettle is how long after the list's first read the app reads
// the playbooks: time enough to draw the first screen, and far less than
// anyone takes to open a screen that uses them.
const playbooksSettle = 20 * time.Millisecond

// readFirst reads the account list for the app's first screen: only its
// head when the remembered view (in the config folder dir) allows, else
// all of it.
func readFirst(st *store.Store, dir string, rows int) bookLoadedMsg {
	if ok, withHandedOff := accounts.PreviewView(dir); ok {
		head, err := st.SummariesHead(rows, withHandedOff)
		if err == nil && head.Total > 0 {
			common.Safe(&head.First)
			return bookLoadedMsg{head: &head, withHandedOff: withHandedOff}
		}
	}
	sums, err := st.Summaries()
	return bookLoadedMsg{sums: sums, err: err}
}

// newContext builds the program context from opts and the environment.
func newContext(opts Options) (*common.Context, error) {
	keys := common.DefaultKeyMap()
	if opts.KeyConfigPath != "" {
		if err := keys.LoadKeyConfig(opts.KeyConfigPath); err != nil {
			return nil, fmt.Errorf("%w: fix or remove the file to start bob", err)
		}
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	editor := strings.TrimSpace(os.Getenv("VISUAL"))
	if editor == "" {
		editor = strings.TrimSpace(os.Getenv("EDITOR"))
	}
	return &common.Context{
		Theme: common.NewTheme(), Keys: keys, Store: opts.Store,
		Now: now, Author: opts.Author, Editor: editor, ConfigDir: opts.ConfigDir,
	}, nil
}

// App is the root model: a stack of screens with the status line, the
// help bar and the full help around the top one.
type App struct {
	ctx   *common.Context
	stack []common.Component // bottom first; empty until the book is counted
	// names are the stack's addresses, one a screen: a reply comes back
	// to the screen whose command made it (common.Addressed), never to
	// another screen, nor to one pushed later in a closed screen's place.
	names   []string
	screens int // screens pushed so far, to name the next one

	showHelp bool
	status   status
	help     help.Model
	// infoTimeout is how long an info line stays; 0 keeps it (tests).
	infoTimeout time.Duration
	// quitArmed: ctrl+c was pressed over unsaved edits and asked; the
	// next key, if it is ctrl+c again, quits.
	quitArmed bool
	// playbooks, when set, delivers the playbooks Run started reading
	// before the program (with the problem of a user's playbook that did
	// not load, said in the status line).
	playbooks <-chan playbooksLoadedMsg
	// first, when set, delivers the account list that Run started
	// reading before the program; nil: Init reads it.
	first <-chan bookLoadedMsg
	// pollEvery is how often to look for other processes' writes; 0 does
	// not look (tests send outsideMsg themselves).
	pollEvery time.Duration
	// colleagues is the colleagues file's stamp at the last look;
	// colleaguesLooked, that there was a look.
	colleagues       string
	colleaguesLooked bool
	// exec, when set, hands the terminal to an outside program ($EDITOR)
	// for tea.Exec; nil runs it with tea.ExecProcess.
	exec func(*exec.Cmd) tea.ExecCommand
	// hideOpening is set while the app waits out openingDelay before it
	// says that the book is opening (Run sets it; tests see the line at
	// once).
	hideOpening bool
}

// openingDelay is how long the app draws nothing while the book opens: a
// book that opens sooner (the 10,000-account demo book takes a few ms)
// has its list as the first frame, without a flash of "Opening the
// book…" before it, and the terminal draws one frame, not two.
const openingDelay = 100 * time.Millisecond

// openingMsg ends openingDelay.
type openingMsg struct{}

// playbookStatus is the status line for playbooks that did not load: the
// first problem, and where to see them all.
func playbookStatus(problems error) string {
	if problems == nil {
		return ""
	}
	first, _, more := strings.Cut(problems.Error(), "\n")
	if more {
		first += " (and more: bob playbooks check lists them"
	} else {
		first += " (bob playbooks check says it again"
	}
	return first + "; the other playbooks are loaded)"
}

// status is the status line. seq identifies the latest line, so that a
// timer set for an older info line does not clear a newer one.
type status struct {
	text string
	err  bool
	seq  int
}

// Messages the root sends itself.
type (
	// bookLoadedMsg carries the account list's first read: an empty
	// book gets the welcome screen, any other the list, which starts
	// from these summaries instead of reading them again.
	bookLoadedMsg struct {
		sums []model.AccountSummary
		err  error
		// head, when set instead of sums, is the head of the list of a
		// book that is not empty: the list draws it and loads the rest.
		head          *store.ListHead
		withHandedOff bool
	}
	// clearStatusMsg clears the info line with this sequence number.
	clearStatusMsg struct{ seq int }
	// playbooksLoadedMsg carries the playbooks that loaded, and err, when
	// not nil, says which of the user's did not.
	playbooksLoadedMsg struct {
		playbooks []playbooks.Playbook
		err       error
	}
)

// unsaved is a screen that may hold edits not yet saved (form.Model and
// accountform.Model are).

// New returns the root model over ctx. Init picks the bottom screen.
func New(ctx *common.Context) *App {
	h := help.New()
	h.Styles.ShortKey = ctx.Theme.Bold
	h.Styles.ShortDesc = ctx.Theme.HelpBar
	h.Styles.ShortSeparator = ctx.Theme.Faint
	h.Styles.Ellipsis = ctx.Theme.Faint
	return &App{ctx: ctx, help: h, infoTimeout: InfoTimeout}
}

// Init reads the account list (or takes the read Run started) to choose
// between the welcome screen and the list.
func (a *App) Init() tea.Cmd {
	st, first := a.ctx.Store, a.first
	a.first = nil
	var startup tea.Cmd
	if pbs := a.playbooks; pbs != nil {
		a.playbooks = nil
		startup = func() tea.Msg { return <-pbs }
	}
	var opening tea.Cmd
	if a.hideOpening {
		opening = tea.Tick(openingDelay, func(time.Time) tea.Msg { return openingMsg{} })
	}
	return tea.Batch(startup, opening, a.watch(), func() tea.Msg {
		if first != nil {
			return <-first
		}
		sums, err := st.Summaries()
		return bookLoadedMsg{sums: sums, err: err}
	})
}

// Update implements tea.Model.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.ctx.Width, a.ctx.Height = msg.Width, msg.Height
		for _, s := range a.stack {
			a.size(s)
		}
		return a, nil
	case openingMsg:
		a.hideOpening = false
		return a, nil
	case playbooksLoadedMsg:
		a.ctx.Playbooks = msg.playbooks
		if text := playbookStatus(msg.err); text != "" {
			return a, func() tea.Msg { return common.StatusMsg{Text: text, Error: true} }
		}
		return a, nil
	case bookLoadedMsg:
		if len(a.stack) > 0 {
			return a, nil
		}
		if msg.head != nil {
			return a, a.push(newHomePreview(a.ctx, *msg.head, msg.withHandedOff))
		}
		if msg.err == nil && len(msg.sums) == 0 {
			return a, a.push(welcome.New(a.ctx))
		}
		if msg.err != nil {
			// The list reads the book again and shows what went wrong.
			return a, a.push(NewHome(a.ctx))
		}
		return a, a.push(newHomeLoaded(a.ctx, msg.sums))
	case tea.KeyMsg:
		return a, a.key(msg)
	case pollMsg:
		return a, a.look()
	case outsideMsg:
		return a, a.outside(msg)
	case common.StatusMsg:
		return a, tea.Batch(a.setStatus(msg), a.broadcast(msg))
	case clearStatusMsg:
		if msg.seq == a.status.seq && !a.status.err {
			a.status.text = ""
		}
		return a, nil
	case common.PushMsg:
		if msg.Screen == nil {
			return a, nil
		}
		return a, a.push(msg.Screen)
	case common.OpenAccountMsg:
		view := account.NewModel(a.ctx, msg.ID)
		view.Open(msg.Tab, msg.Item)
		return a, a.push(view)
	case common.BackMsg:
		a.pop()
		return a, nil
	case common.Addressed:
		for i, n := range a.names {
			if n == msg.To {
				return a, a.updateAt(i, msg.Msg)
			}
		}
		return a, nil // its screen was closed
	case common.ExecMsg:
		if a.exec != nil {
			return a, tea.Exec(a.exec(msg.Cmd), msg.Done)
		}
		return a, tea.ExecProcess(msg.Cmd, msg.Done)
	case common.BookChangedMsg:
		// The first account arrived: the list takes the welcome screen's
		// place at the bottom.
		if len(a.stack) > 0 {
			if _, ok := a.stack[0].(*welcome.Model); ok {
				list := NewHome(a.ctx)
				a.size(list)
				a.stack[0], a.names[0] = list, a.name()
				return a, tea.Batch(a.address(0, list.Init()), a.broadcastAbove(msg))
			}
		}
	}
	return a, a.broadcast(msg)
}

// key routes a key press: ctrl+c always quits; a capturing screen gets
// every other key; then the global keys; then the top screen.
func (a *App) key(msg tea.KeyMsg) tea.Cmd {
	k := a.ctx.Keys
	// Keys typed faster than the terminal is read arrive as one message
	// with several runes ("/acme"). Unless a screen is typing them, take
	// them one at a time so that "/" still opens the filter and the rest
	// goes into it.
	if cmd, split := common.SplitKeys(msg, a.capturing, a.key); split {
		return cmd
	}
	if msg.String() == "ctrl+c" || key.Matches(msg, k.ForceQuit) {
		// A half-typed form is never lost to one stray ctrl+c: the first
		// asks, a second one right after quits.
		if a.quitArmed || !a.unsavedWork() {
			return tea.Quit
		}
		a.quitArmed = true
		return common.Cannot("unsaved changes: ctrl+c again quits and loses them; ctrl+s saves, any other key goes on")
	}
	a.quitArmed = false
	if a.status.err {
		a.status = status{seq: a.status.seq + 1} // errors stay until the next key
	}
	top := a.top()
	if a.tooSmall() || top == nil {
		if key.Matches(msg, k.Quit) {
			return tea.Quit
		}
		return nil
	}
	if a.showHelp {
		if key.Matches(msg, k.Help, k.Back, k.Quit) {
			a.showHelp = false
			return nil
		}
		return common.Cannot(fmt.Sprintf("%s: the help is open; %s closes it", msg.String(), k.Help.Help().Key))
	}
	if c, ok := top.(common.Capturer); ok && c.Capturing() {
		if msg.Type == tea.KeyRunes || msg.Type == tea.KeySpace || msg.Paste {
			return a.updateTop(msg) // typed text
		}
		// A key that is not text, which neither the field nor the
		// screen uses, says so as on any other screen.
		return a.keyToTop(msg)
	}
	pushed := len(a.stack) > 1
	if b, ok := top.(common.BackHandler); ok && pushed && b.HandlesBack() && key.Matches(msg, k.Back, k.Quit) {
		return a.updateTop(msg) // a step back, not a close
	}
	guarded := false
	if u, ok := top.(common.Unsaved); ok && u.Changed() {
		guarded = true
	}
	switch {
	case key.Matches(msg, k.Help):
		a.showHelp = true
		return nil
	case key.Matches(msg, k.Quit) && !pushed:
		return tea.Quit
	case key.Matches(msg, k.Quit, k.Back) && pushed && !guarded:
		a.pop()
		return nil
	case key.Matches(msg, k.Quit) && guarded:
		// q on a form with edits: esc asks whether to discard them.
		return common.Cannot("unsaved changes: ctrl+s saves, esc asks to discard them")
	}
	return a.keyToTop(msg)
}

// keyToTop gives a key to the top screen. A key the screen neither acts
// on nor lists among its keys says so in the status line, instead of
// doing nothing: the CSM learns it is not theirs to press here. (A key
// the screen lists must act or say why itself; the key walk test holds
// every screen to that.) Moving past the edge of a list stays silent, as
// in every list.
func (a *App) keyToTop(msg tea.KeyMsg) tea.Cmd {
	top := a.top()
	before := a.screenView(top)
	cmd := a.updateTop(msg)
	if cmd != nil || a.top() != top || a.screenView(top) != before || a.binds(top, msg) {
		return cmd
	}
	if c, ok := top.(common.Capturer); ok && c.Capturing() {
		// The help key would be typed into the field: its keys are on
		// the help line.
		return common.Cannot(fmt.Sprintf("%s does nothing here: the line below lists the keys", msg.String()))
	}
	return common.Cannot(fmt.Sprintf("%s does nothing here: %s shows this screen's keys", msg.String(), a.ctx.Keys.Help.Help().Key))
}

// binds reports whether msg is one of the keys screen s lists (its help),
// or a movement key.
func (a *App) binds(s common.Component, msg tea.KeyMsg) bool {
	k := a.ctx.Keys
	if key.Matches(msg, k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Left, k.Right) {
		return true
	}
	for _, b := range s.ShortHelp() {
		if key.Matches(msg, b) {
			return true
		}
	}
	for _, col := range s.FullHelp() {
		for _, b := range col {
			if key.Matches(msg, b) {
				return true
			}
		}
	}
	return false
}

// unsavedWork reports whether any screen holds edits not saved yet.
func (a *App) unsavedWork() bool {
	for _, s := range a.stack {
		if u, ok := s.(common.Unsaved); ok && u.Changed() {
			return true
		}
	}
	return false
}

// capturing reports whether the top screen wants every key right now.
func (a *App) capturing() bool {
	c, ok := a.top().(common.Capturer)
	return ok && c.Capturing() && !a.showHelp && !a.tooSmall()
}

func (a *App) top() common.Component {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

// updateTop sends msg to the top screen only.
func (a *App) updateTop(msg tea.Msg) tea.Cmd {
	i := len(a.stack) - 1
	return a.updateAt(i, msg)
}

// updateAt sends msg to screen i; its replies come back addressed to it.
// A screen that panics does not take the session (and the CSM's unsaved
// work elsewhere) down with it: the panic becomes an error in the status
// line.
func (a *App) updateAt(i int, msg tea.Msg) (cmd tea.Cmd) {
	defer func() {
		if r := recover(); r != nil {
			cmd = common.Fail(fmt.Errorf("bob hit a bug in %T (%v): please report it; esc goes back", a.stack[i], r))
		}
	}()
	m, cmd := a.stack[i].Update(msg)
	if c, ok := m.(common.Component); ok {
		a.stack[i] = c
	}
	return a.address(i, cmd)
}

// address addresses screen i's command to screen i.
func (a *App) address(i int, cmd tea.Cmd) tea.Cmd { return common.Address(a.names[i], cmd) }

// name names the next screen.
func (a *App) name() string {
	a.screens++
	return fmt.Sprintf("screen %d", a.screens)
}

// screenView draws a screen, turning a panic into an error message.
func (a *App) screenView(s common.Component) (v string) {
	defer func() {
		if r := recover(); r != nil {
			v = a.ctx.Theme.Error.Render(fmt.Sprintf("bob hit a bug drawing %T (%v): please report it; esc goes back", s, r))
		}
	}()
	return s.View()
}

// broadcast sends msg to every screen on the stack, bottom first.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	cmds := make([]tea.Cmd, 0, len(a.stack))
	for i := range a.stack {
		cmds = append(cmds, a.updateAt(i, msg))
	}
	return tea.Batch(cmds...)
}

// broadcastAbove sends msg to every screen but the bottom one.
func (a *App) broadcastAbove(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i := 1; i < len(a.stack); i++ {
		cmds = append(cmds, a.updateAt(i, msg))
	}
	return tea.Batch(cmds...)
}

func (a *App) push(s common.Component) tea.Cmd {
	a.size(s)
	a.stack = append(a.stack, s)
	a.names = append(a.names, a.name())
	a.showHelp = false
	return a.address(len(a.stack)-1, s.Init())
}

// pop closes the top screen; the bottom one stays.
func (a *App) pop() {
	if len(a.stack) > 1 {
		if c, ok := a.stack[len(a.stack)-1].(common.Closer); ok {
			c.Close()
		}
		a.stack = a.stack[:len(a.stack)-1]
		a.names = a.names[:len(a.names)-1]
	}
	a.showHelp = false
}

// chromeHeight is the lines the root draws under every screen: the
// status line and the help bar.
const chromeHeight = 2

func (a *App) size(s common.Component) {
	s.SetSize(a.ctx.Width, max(a.ctx.Height-chromeHeight, 1))
}

func (a *App) setStatus(msg common.StatusMsg) tea.Cmd {
	// A status line often quotes outside text (an error naming a field's
	// value, a file name): made safe here, where every one is drawn.
	a.status = status{text: termsafe.Line(msg.Text), err: msg.Error, seq: a.status.seq + 1}
	if msg.Error || a.infoTimeout <= 0 || msg.Text == "" {
		return nil
	}
	seq := a.status.seq
	return common.Tick(a.infoTimeout, clearStatusMsg{seq: seq})
}

func (a *App) tooSmall() bool {
	return a.ctx.Width < MinWidth || a.ctx.Height < MinHeight
}

// Screens returns how many screens are on the stack (for tests and
// diagnostics).
func (a *App) Screens() int { return len(a.stack) }

// Top returns the screen on top of the stack, or nil before the book is
// counted.
func (a *App) Top() common.Component { return a.top() }

// Status returns the text of the status line and whether it is an error.
func (a *App) Status() (string, bool) { return a.status.text, a.status.err }

// View implements tea.Model.
func (a *App) View() string {
	w, h := a.ctx.Width, a.ctx.Height
	if w <= 0 || h <= 0 {
		return ""
	}
	if a.tooSmall() {
		return a.tooSmallView()
	}
	top := a.top()
	var body string
	switch {
	case top == nil && a.hideOpening:
		return ""
	case top == nil:
		body = a.ctx.Theme.Faint.Render("Opening the book…")
	case a.showHelp:
		body = a.fullHelpView(top)
	default:
		body = a.screenView(top)
	}
	return fit(body, w, h-chromeHeight) + "\n" + a.statusView() + "\n" + a.helpBarView(top)
}

// fit cuts or pads s to exactly h lines of at most w cells, so the
// status line and the help bar always sit at the bottom.
func fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (a *App) statusView() string {
	t := a.ctx.Theme
	if a.status.text == "" {
		return ""
	}
	if a.status.err {
		return t.Error.Render(ansi.Truncate("✗ "+a.status.text, a.ctx.Width, "…"))
	}
	return t.Info.Render(ansi.Truncate(a.status.text, a.ctx.Width, "…"))
}

// globalKeys are the root's own keys as the help shows them: back on a
// pushed screen, quit on the bottom one.
func (a *App) globalKeys() []key.Binding {
	k := a.ctx.Keys
	helpKey := common.Labeled(k.Help, "all keys")
	if len(a.stack) > 1 {
		back := key.NewBinding(key.WithKeys(k.Back.Keys()...), key.WithHelp(k.Back.Help().Key+"/"+k.Quit.Help().Key, "back"))
		return []key.Binding{helpKey, back}
	}
	return []key.Binding{helpKey, k.Quit}
}

func (a *App) helpBarView(top common.Component) string {
	a.help.Width = a.ctx.Width
	if a.showHelp {
		k := a.ctx.Keys
		return a.help.ShortHelpView([]key.Binding{
			key.NewBinding(key.WithKeys(k.Help.Keys()...), key.WithHelp(k.Help.Help().Key+"/"+k.Back.Help().Key, "close help")),
		})
	}
	if top == nil {
		return ""
	}
	if a.capturing() {
		// The screen takes every key now, q and ? included: only its
		// own keys apply.
		return a.help.ShortHelpView(top.ShortHelp())
	}
	// The global keys come first so that they survive truncation on a
	// narrow terminal.
	return a.help.ShortHelpView(append(a.globalKeys(), top.ShortHelp()...))
}

// fullHelpView lists every key of the top screen and the global keys,
// group by group in columns that wrap to the terminal's width.
func (a *App) fullHelpView(top common.Component) string {
	t := a.ctx.Theme
	k := a.ctx.Keys
	groups := append(top.FullHelp(), append(a.globalKeys(),
		key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit from anywhere"))))
	var cols []string
	for _, g := range groups {
		var names []string
		kw := 0
		for _, b := range g {
			n := keyNames(b)
			names = append(names, n)
			kw = max(kw, ansi.StringWidth(n))
		}
		var lines []string
		for i, b := range g {
			if len(b.Keys()) == 0 {
				continue
			}
			line := t.Bold.Render(names[i]) + strings.Repeat(" ", kw-ansi.StringWidth(names[i])+2) + t.HelpBar.Render(b.Help().Desc)
			lines = append(lines, line)
		}
		if len(lines) > 0 {
			cols = append(cols, strings.Join(lines, "\n"))
		}
	}
	// Lay the columns out left to right, wrapping to a new band when the
	// next one would not fit.
	var bands []string
	var band []string
	bandWidth := 0
	const gap = 4
	for _, c := range cols {
		cw := lipgloss.Width(c)
		if len(band) > 0 && bandWidth+gap+cw > a.ctx.Width {
			bands = append(bands, lipgloss.JoinHorizontal(lipgloss.Top, band...))
			band, bandWidth = nil, 0
		}
		if len(band) > 0 {
			band = append(band, strings.Repeat(" ", gap))
			bandWidth += gap
		}
		band = append(band, c)
		bandWidth += cw
	}
	if len(band) > 0 {
		bands = append(bands, lipgloss.JoinHorizontal(lipgloss.Top, band...))
	}
	title := t.Title.Render("All keys") + "  " + t.Faint.Render(k.Help.Help().Key+" or "+k.Back.Help().Key+" closes this")
	return title + "\n\n" + strings.Join(bands, "\n\n")
}

// keyNames spells a binding's keys for the full help: all of them when
// there are a few ("up/k"), its help name when there are many.
func keyNames(b key.Binding) string {
	ks := b.Keys()
	if len(ks) == 0 || len(ks) > 3 {
		return b.Help().Key
	}
	var out []string
	for _, k := range ks {
		if k == " " {
			k = "space" // what a space key is called, listed once
		}
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return strings.Join(out, "/")
}

func (a *App) tooSmallView() string {
	t := a.ctx.Theme
	w, h := a.ctx.Width, a.ctx.Height
	msg := t.Error.Render(fmt.Sprintf("terminal too small: %dx%d needed, this is %dx%d", MinWidth, MinHeight, w, h)) +
		"\n" + t.Faint.Render("make the window bigger, or press "+a.ctx.Keys.Quit.Help().Key+" to quit")
	return fit(lipgloss.Place(w, h, lipgloss.Center, lipgloss.Center, msg), w, h)
}
