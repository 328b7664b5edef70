// Package form is bob's one form component: a titled list of typed fields
// (text, Markdown, choice, date, date and time, money, number, yes/no,
// tags) that the account form, commitments, risks and timeline entries
// all share, so that every form moves, saves, cancels and reports errors
// the same way.
//
// Use it like this:
//
//	f := form.New(ctx, "New risk", []form.Field{
//		{Key: "title", Label: "Title", Kind: form.Text},
//		{Key: "severity", Label: "Severity", Kind: form.Select, Options: []string{"low", "high"}},
//		{Key: "due", Label: "Due", Kind: form.Date, Help: "YYYY-MM-DD, today, +30d"},
//	}, func(v form.Values) tea.Cmd {
//		return func() tea.Msg {
//			r, err := ctx.Store.PutRisk(model.Risk{Title: v.String("title"), ...})
//			if err != nil {
//				return err // a *model.ValidationError shows under its fields
//			}
//			return common.BookChangedMsg{AccountID: r.AccountID}
//		}
//	})
//
// Keys: tab/shift+tab (and down/up) move between fields, enter moves on
// from a one-line field, ctrl+s saves, esc cancels (asking "discard
// changes? y/n" when something changed). A Select cycles with left/right
// or its Shortcuts; a Bool toggles with space; a LongText takes Markdown,
// in place or in $EDITOR with ctrl+e. Text and LongText fields with
// Mentions offer fuzzy completion after "@".
//
// Saving: the form first parses every field (a bad date or amount is shown
// under its field and nothing is written), then calls submit with the
// normalised Values and runs the command it returns. That command's
// message decides what happens next:
//   - an error (or an ErrorMsg): a *model.ValidationError shows each problem
//     under its field (by Field.Key = the ValidationError field name) and
//     focus jumps to the first bad field; any other error goes to the
//     status line and at the top of the form, which stays open;
//   - a common.StatusMsg with Error set: shown likewise, the form stays open;
//   - anything else (or a nil command): success; the form closes (by
//     default with common.BackMsg; see OnClose) and the message is passed on.
//
// The form never touches the book itself and never blocks in Update: the
// submit function's command is where the store write runs. View does no
// I/O; $EDITOR runs through tea.ExecProcess on a private temporary file.
package form

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"github.com/sahilm/fuzzy"

	"bob/model"
	"bob/ui/common"
)

// Kind is the type of a field: how it is edited, parsed and shown.
type Kind int

const (
	// Text is one line of free text.
	Text Kind = iota
	// LongText is Markdown over several lines, edited in place or in
	// $EDITOR (ctrl+e).
	LongText
	// Select is one of Options, cycled with left/right.
	Select
	// Date is a calendar day: YYYY-MM-DD, today, tomorrow, yesterday,
	// +30d, -3d, +2w, +6m, +1y.
	Date
	// DateTime is a moment: now, yesterday, -3d, 2026-11-02,
	// 2026-11-02 14:30, 14:30.
	DateTime
	// Money is an amount: 120000, 120k, 1.5M, USD 120,000. Options[0],
	// when set, is the default currency (else USD).
	Money
	// Int is a whole number.
	Int
	// Bool is yes or no, toggled with space. Options, when given, are the
	// labels for no and yes (in that order).
	Bool
	// Tags is a list of words separated by commas or spaces.
	Tags
	// Pick is one of Options, found by typing a few letters: a fuzzy
	// list of the matching options follows the typing, tab or enter
	// takes the highlighted one. Empty is allowed (none).
	Pick
)

// Field describes one field of a form.
type Field struct {
	// Key names the field in Values and matches the field names of
	// model.ValidationError, e.g. "name", "renewal", "arr".
	Key   string
	Label string
	Kind  Kind
	// Options are the choices of a Select ("" is allowed and shown as —)
	// or the no/yes labels of a Bool.
	Options []string
	// Value is the initial value, written as the user would type it
	// ("true"/"false" for a Bool).
	Value string
	// Help is a hint shown under the field while it has focus.
	Help string
	// Group is a section heading; a heading is drawn where it changes.
	Group string
	// Placeholder is shown, faint, while a text field is empty.
	Placeholder string
	// Shortcuts, on a Select, map a key to an option: pressing the key
	// picks the option and moves focus on (to Next, if set).
	Shortcuts map[string]string
	// Next is the Key of the field that gets focus after a Shortcut.
	Next string
	// Hotkey, on a Bool, toggles it from anywhere in the form while no
	// text field has focus.
	Hotkey string
	// Mentions, on a Text or LongText, are names offered by fuzzy
	// completion after "@" (tab or enter accepts).
	Mentions []string
	// OnlyIf, when set, shows the field only while another field holds
	// one of the given values: a field that does not apply to the choice
	// made is not offered (an escalation's status on a call). A hidden
	// field is skipped by tab, not checked, and saved empty.
	OnlyIf Condition
}

// Condition names a field (Key) and the values (Values) that field must
// hold; the zero Condition always holds.
type Condition struct {
	Key    string
	Values []string
}

// ErrorMsg delivers a failed save back to the form; see the package doc.
type ErrorMsg struct{ Err error }

type resultMsg struct {
	msg tea.Msg
}

type editedMsg struct {
	field int
	text  string
	err   error
}

// maxSuggestions caps the @-completion list.
const maxSuggestions = 5

type field struct {
	Field
	input   textinput.Model
	area    textarea.Model
	choice  int
	on      bool
	initial string
	err     string
}

// Model is a form. Create it with New.
type Model struct {
	ctx     *common.Context
	title   string
	fields  []*field
	focus   int
	submit  func(Values) tea.Cmd
	onClose func(saved bool) tea.Msg

	width, height int
	offset        int

	confirming bool
	saving     bool
	err        string

	sugg      []string
	suggIdx   int
	dismissed string // field index and '@' position whose list was dismissed with esc

	help     help.Model
	showHelp bool

	// watchAccount and load: see Watch; conflict is an outside change
	// to the record waiting for the user's choice.
	watchAccount string
	load         func() (map[string]string, error)
	conflict     *conflict
}

// New builds a form titled title with the given fields. submit is called
// with the parsed values on ctrl+s; see the package doc for what its
// command may return.
func New(ctx *common.Context, title string, fields []Field, submit func(v Values) tea.Cmd) *Model {
	m := &Model{ctx: ctx, title: title, submit: submit, help: help.New(), showHelp: true}
	m.help.Styles.ShortKey = ctx.Theme.Bold
	m.help.Styles.ShortDesc = ctx.Theme.HelpBar
	m.help.Styles.ShortSeparator = ctx.Theme.Faint
	m.onClose = func(bool) tea.Msg { return common.BackMsg{} }
	for _, f := range fields {
		m.fields = append(m.fields, newField(ctx, f))
	}
	m.SetSize(ctx.Width, ctx.Height)
	m.setFocus(0)
	return m
}

func newField(ctx *common.Context, f Field) *field {
	if f.Placeholder != "" && lipgloss.ColorProfile() == termenv.Ascii {
		// Without colour (NO_COLOR) a faint placeholder looks like a value
		// typed in: "Domain example.com" read as a domain already set.
		f.Placeholder = "(" + f.Placeholder + ")"
	}
	x := &field{Field: f}
	switch f.Kind {
	case LongText:
		a := textarea.New()
		a.ShowLineNumbers = false
		a.Prompt = "│ "
		a.CharLimit = 0
		a.MaxHeight = 0
		a.Placeholder = f.Placeholder
		a.Cursor.SetMode(cursor.CursorStatic)
		a.FocusedStyle.CursorLine = lipgloss.NewStyle()
		a.SetValue(f.Value)
		x.area = a
	case Select:
		for i, o := range f.Options {
			if o == f.Value {
				x.choice = i
			}
		}
	case Bool:
		x.on = f.Value == "true"
	default:
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = f.Placeholder
		in.PlaceholderStyle = ctx.Theme.Faint
		in.Cursor.SetMode(cursor.CursorStatic)
		in.SetValue(f.Value)
		x.input = in
	}
	x.initial = x.raw()
	return x
}

// raw is the field's current value as typed.
func (f *field) raw() string {
	switch f.Kind {
	case LongText:
		return f.area.Value()
	case Select:
		if f.choice < len(f.Options) {
			return f.Options[f.choice]
		}
		return ""
	case Bool:
		if f.on {
			return "true"
		}
		return "false"
	}
	return f.input.Value()
}

// typing reports whether keys typed into the field are text.
func (f *field) typing() bool { return f.Kind != Select && f.Kind != Bool }

// OnClose sets the message the form sends when it closes (saved or
// cancelled). The default is common.BackMsg, for a form pushed as a
// screen; a pane that shows a form in place sets its own.
func (m *Model) OnClose(fn func(saved bool) tea.Msg) *Model {
	m.onClose = fn
	return m
}

// WithHelpLine turns the form's own key line at the bottom on (the
// default) or off, for a host that already shows the form's ShortHelp in
// its help bar (the root does for every screen). The bottom line still
// carries the "discard changes? y/n" question and the scroll marker.
func (m *Model) WithHelpLine(on bool) *Model {
	m.showHelp = on
	return m
}

// Capturing reports whether the form wants every key, letters included:
// while a text field has focus, while the focused field takes letter
// shortcuts, and while it asks to discard changes. The root must not
// treat those keys as global ones.
func (m *Model) Capturing() bool {
	if m.confirming {
		return true
	}
	f := m.cur()
	if f == nil {
		return false
	}
	return f.typing() || len(f.Shortcuts) > 0 || m.hasHotkeys()
}

func (m *Model) hasHotkeys() bool {
	for _, f := range m.fields {
		if f.Hotkey != "" {
			return true
		}
	}
	return false
}

// Changed reports whether any field differs from its initial value.
func (m *Model) Changed() bool {
	for _, f := range m.fields {
		if f.raw() != f.initial {
			return true
		}
	}
	return false
}

// Value returns a field's current value as typed ("" for an unknown key).
func (m *Model) Value(key string) string {
	if f := m.byKey(key); f >= 0 {
		return m.fields[f].raw()
	}
	return ""
}

// Focused returns the Key of the field that has focus.
func (m *Model) Focused() string {
	if f := m.cur(); f != nil {
		return f.Key
	}
	return ""
}

// Focus moves focus to the field with the given key.
func (m *Model) Focus(key string) {
	if i := m.byKey(key); i >= 0 {
		m.setFocus(i)
	}
}

// Error returns the problem shown under a field ("" if none).
func (m *Model) Error(key string) string {
	if i := m.byKey(key); i >= 0 {
		return m.fields[i].err
	}
	return ""
}

// Title returns the form's title.
func (m *Model) Title() string { return m.title }

func (m *Model) byKey(key string) int {
	for i, f := range m.fields {
		if f.Key == key {
			return i
		}
	}
	return -1
}

// shown reports whether f applies to what the form holds now (OnlyIf).
func (m *Model) shown(f *field) bool {
	if f.OnlyIf.Key == "" {
		return true
	}
	return slices.Contains(f.OnlyIf.Values, m.Value(f.OnlyIf.Key))
}

// step returns the index of the next shown field from i in direction d
// (+1 or -1), or -1 or len(fields) when there is none.
func (m *Model) step(i, d int) int {
	for i += d; i >= 0 && i < len(m.fields) && !m.shown(m.fields[i]); i += d {
	}
	return i
}

func (m *Model) cur() *field {
	if m.focus < 0 || m.focus >= len(m.fields) {
		return nil
	}
	return m.fields[m.focus]
}

func (m *Model) setFocus(i int) {
	if len(m.fields) == 0 {
		return
	}
	if i < 0 {
		i = 0
	}
	if i >= len(m.fields) {
		i = len(m.fields) - 1
	}
	if f := m.cur(); f != nil {
		f.input.Blur()
		f.area.Blur()
	}
	m.focus = i
	f := m.fields[i]
	switch f.Kind {
	case LongText:
		f.area.Focus()
	case Select, Bool:
	default:
		f.input.Focus()
		f.input.CursorEnd()
	}
	m.sugg = nil
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	m.help.Width = width
	vw := m.valueWidth()
	areaH := 6
	if height < 30 {
		areaH = 4
	}
	for _, f := range m.fields {
		switch f.Kind {
		case LongText:
			f.area.SetWidth(vw)
			f.area.SetHeight(areaH)
		case Select, Bool:
		default:
			f.input.Width = max(vw-1, 1)
		}
	}
}

func (m *Model) labelWidth() int {
	w := 0
	for _, f := range m.fields {
		w = max(w, lipgloss.Width(f.Label))
	}
	return min(w, 22)
}

func (m *Model) valueWidth() int { return max(m.width-2-m.labelWidth()-1, 10) }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m, m.key(msg)
	case resultMsg:
		return m, m.result(msg.msg)
	case ErrorMsg:
		m.saving = false
		return m, m.showError(msg.Err)
	case common.BookChangedMsg:
		return m, m.outside(msg)
	case theirsMsg:
		// (The reply comes back to this form only: see common.Address.)
		return m, m.theirs(msg)
	case editedMsg:
		if msg.err != nil {
			m.err = msg.err.Error() + ": edit the text here instead"
			return m, common.Cannot(m.err)
		}
		if msg.field < len(m.fields) {
			f := m.fields[msg.field]
			f.area.SetValue(strings.TrimRight(msg.text, "\n"))
		}
		return m, nil
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	// Keys typed faster than the terminal is read arrive together
	// ("cCall"): one at a time, so that a shortcut or a y/n answer acts
	// and the rest is typed where focus went.
	if cmd, split := common.SplitKeys(msg, nil, m.key); split {
		return cmd
	}
	k := m.ctx.Keys
	if m.confirming {
		// Confirm discards; any other key keeps editing.
		m.confirming = false
		if key.Matches(msg, k.Confirm) {
			return m.close(false)
		}
		return nil
	}
	if m.saving {
		return common.Cannot("saving… wait a moment")
	}
	if cmd, done := m.conflictKey(msg); done {
		return cmd
	}
	f := m.cur()
	if f == nil {
		if key.Matches(msg, k.Back) {
			return m.close(false)
		}
		return nil
	}
	if cmd, done := m.suggestionKey(f, msg); done {
		return cmd
	}
	if cmd, done := m.formKey(f, msg); done {
		return cmd
	}
	return m.fieldKey(f, msg)
}

// suggestionKey handles a key while suggestions (an @mention, a pick
// list) are open under field f; done is false for keys they leave alone.
func (m *Model) suggestionKey(f *field, msg tea.KeyMsg) (cmd tea.Cmd, done bool) {
	if len(m.sugg) == 0 {
		return nil, false
	}
	switch msg.String() {
	case "tab", "enter":
		m.accept(f, m.sugg[m.suggIdx])
	case "down", "ctrl+n":
		m.suggIdx = (m.suggIdx + 1) % len(m.sugg)
	case "up", "ctrl+p":
		m.suggIdx = (m.suggIdx + len(m.sugg) - 1) % len(m.sugg)
	case "esc":
		m.dismissed = m.mentionSpot(f)
		if f.Kind == Pick {
			m.dismissed = fmt.Sprintf("%d/pick/%s", m.focus, strings.TrimSpace(f.input.Value()))
		}
		m.sugg = nil
	default:
		return nil, false
	}
	return nil, true
}

// formKey handles the keys of the whole form: save, close, moving between
// fields, $EDITOR; done is false for the keys of the field itself.
func (m *Model) formKey(f *field, msg tea.KeyMsg) (cmd tea.Cmd, done bool) {
	k := m.ctx.Keys
	s := msg.String()
	switch {
	case key.Matches(msg, k.Submit):
		return m.save(), true
	case key.Matches(msg, k.Back):
		if m.Changed() {
			m.confirming = true
			return nil, true
		}
		return m.close(false), true
	case f.Kind == LongText && (s == "up" || s == "down"):
		if s == "up" && f.area.Line() > 0 || s == "down" && f.area.Line() < f.area.LineCount()-1 {
			return m.typeInto(f, msg), true
		}
		return m.move(map[string]int{"up": -1, "down": 1}[s]), true
	case key.Matches(msg, k.NextField):
		return m.move(1), true
	case key.Matches(msg, k.PrevField):
		return m.move(-1), true
	case s == "enter" && f.Kind != LongText:
		return m.move(1), true
	case key.Matches(msg, k.Editor):
		if f.Kind != LongText {
			return common.Cannot("ctrl+e opens $EDITOR on long text fields only"), true
		}
		return m.openEditor(), true
	}
	return nil, false
}

// fieldKey handles a key on field f: a choice, a toggle, or typing.
func (m *Model) fieldKey(f *field, msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	s := msg.String()
	switch f.Kind {
	case Select:
		if opt, ok := f.Shortcuts[s]; ok {
			for i, o := range f.Options {
				if o == opt {
					f.choice = i
				}
			}
			if f.Next != "" {
				m.Focus(f.Next)
			} else {
				m.setFocus(m.step(m.focus, 1))
			}
			return nil
		}
		switch {
		case key.Matches(msg, k.Left):
			f.choice = (f.choice + len(f.Options) - 1) % max(len(f.Options), 1)
			return nil
		case key.Matches(msg, k.Right), key.Matches(msg, k.Select):
			f.choice = (f.choice + 1) % max(len(f.Options), 1)
			return nil
		}
	case Bool:
		if key.Matches(msg, k.Left, k.Right, k.Select) || s == f.Hotkey {
			f.on = !f.on
			return nil
		}
	}
	if !f.typing() {
		for _, o := range m.fields {
			if o.Kind == Bool && o.Hotkey != "" && o.Hotkey == s {
				o.on = !o.on
				return nil
			}
		}
		return common.Cannot(m.cannotType(f, s))
	}
	return m.typeInto(f, msg)
}

// cannotType says why key s does nothing on field f, which takes no text:
// what its keys are.
func (m *Model) cannotType(f *field, s string) string {
	k := m.ctx.Keys
	switch f.Kind {
	case Select:
		how := k.Left.Help().Key + "/" + k.Right.Help().Key + " or " + k.Select.Help().Key + " choose"
		if len(f.Shortcuts) > 0 {
			keys := make([]string, 0, len(f.Shortcuts))
			for sk := range f.Shortcuts {
				keys = append(keys, sk)
			}
			sort.Strings(keys)
			how += "; " + strings.Join(keys, " ") + " pick at once"
		}
		return fmt.Sprintf("%s is not a choice of %s: %s", s, f.Label, how)
	case Bool:
		return fmt.Sprintf("%s: %s toggles it", f.Label, k.Select.Help().Key)
	}
	return fmt.Sprintf("%s takes no typing here", f.Label)
}

func (m *Model) typeInto(f *field, msg tea.KeyMsg) tea.Cmd {
	var cmd tea.Cmd
	if f.Kind == LongText {
		f.area, cmd = f.area.Update(msg)
	} else {
		f.input, cmd = f.input.Update(msg)
	}
	f.err = ""
	m.suggest(f)
	return cmd
}

func (m *Model) move(d int) tea.Cmd {
	n := m.step(m.focus, d)
	switch {
	case n < 0:
		return common.Cannot("this is the first field")
	case n >= len(m.fields):
		return common.Cannot("this is the last field: " + m.ctx.Keys.Submit.Help().Key + " saves")
	}
	m.setFocus(n)
	return nil
}

func (m *Model) close(saved bool) tea.Cmd {
	fn := m.onClose
	return func() tea.Msg { return fn(saved) }
}

// mentionSpot finds an "@" being typed before the cursor of f and returns
// the query after it, the rune index of the "@" in its line, and ok.
func mentionQuery(line []rune, col int) (query string, at int, ok bool) {
	if col > len(line) {
		col = len(line)
	}
	for i := col - 1; i >= 0 && col-i <= 40; i-- {
		r := line[i]
		if r == '@' {
			if i > 0 && !strings.ContainsRune(" \t([{,;\"'", line[i-1]) {
				return "", 0, false // an email address, not a mention
			}
			return string(line[i+1 : col]), i, true
		}
	}
	return "", 0, false
}

// lineAt returns the line of text the cursor of f is on and its column.
func lineAt(f *field) ([]rune, int) {
	if f.Kind == LongText {
		lines := strings.Split(f.area.Value(), "\n")
		row := f.area.Line()
		if row >= len(lines) {
			return nil, 0
		}
		li := f.area.LineInfo()
		return []rune(lines[row]), li.StartColumn + li.ColumnOffset
	}
	return []rune(f.input.Value()), f.input.Position()
}

func (m *Model) mentionSpot(f *field) string {
	line, col := lineAt(f)
	_, at, ok := mentionQuery(line, col)
	if !ok {
		return ""
	}
	row := 0
	if f.Kind == LongText {
		row = f.area.Line()
	}
	return fmt.Sprintf("%d/%d/%d", m.focus, row, at)
}

// suggest recomputes the @-completion list for f, or a Pick field's
// list of matching options.
func (m *Model) suggest(f *field) {
	m.sugg = nil
	if f.Kind == Pick {
		m.suggestPick(f)
		return
	}
	if len(f.Mentions) == 0 {
		return
	}
	line, col := lineAt(f)
	q, _, ok := mentionQuery(line, col)
	if !ok || m.mentionSpot(f) == m.dismissed {
		return
	}
	if q == "" {
		m.sugg, m.suggIdx = append([]string(nil), f.Mentions[:min(len(f.Mentions), maxSuggestions)]...), 0
		return
	}
	if out, complete := matches(q, f.Mentions); !complete {
		m.sugg, m.suggIdx = out, 0
	}
}

// matches lists the first maxSuggestions of options that match q; complete
// says q is one of them already, so there is nothing to suggest.
func matches(q string, options []string) (out []string, complete bool) {
	for _, match := range fuzzy.Find(q, options) {
		if strings.EqualFold(match.Str, q) {
			return nil, true
		}
		out = append(out, match.Str)
	}
	return out[:min(len(out), maxSuggestions)], false
}

// suggestPick lists the options matching what was typed in a Pick field.
func (m *Model) suggestPick(f *field) {
	q := strings.TrimSpace(f.input.Value())
	if q == "" || m.dismissed == fmt.Sprintf("%d/pick/%s", m.focus, q) {
		return
	}
	if out, complete := matches(q, f.Options); !complete {
		m.sugg, m.suggIdx = out, 0
	}
}

// accept replaces the "@query" before the cursor with "@name ", or a
// Pick field's text with the option.
func (m *Model) accept(f *field, name string) {
	if f.Kind == Pick {
		m.sugg = nil
		f.input.SetValue(name)
		f.input.CursorEnd()
		return
	}
	line, col := lineAt(f)
	_, at, ok := mentionQuery(line, col)
	m.sugg = nil
	if !ok {
		return
	}
	ins := "@" + name + " "
	if f.Kind == LongText {
		for range col - at {
			f.area, _ = f.area.Update(tea.KeyMsg{Type: tea.KeyBackspace})
		}
		f.area.InsertString(ins)
		return
	}
	v := string(line[:at]) + ins + string(line[col:])
	f.input.SetValue(v)
	f.input.SetCursor(at + len([]rune(ins)))
}

// Submit saves the form as ctrl+s does: a host that asked the user
// something on the way (an unknown @name) saves again with it.
func (m *Model) Submit() tea.Cmd { return m.save() }

// ReplaceText replaces old with new in every text field, e.g. an unknown
// "@name" with the person the user picked instead.
func (m *Model) ReplaceText(old, new string) {
	for _, f := range m.fields {
		switch f.Kind {
		case LongText:
			if v := f.area.Value(); strings.Contains(v, old) {
				f.area.SetValue(strings.ReplaceAll(v, old, new))
			}
		case Text:
			if v := f.input.Value(); strings.Contains(v, old) {
				f.input.SetValue(strings.ReplaceAll(v, old, new))
			}
		}
	}
}

// save parses every field and, if all parse, calls submit.
func (m *Model) save() tea.Cmd {
	now := m.ctx.Now()
	vals := Values{}
	bad := -1
	for i, f := range m.fields {
		f.err = ""
		if !m.shown(f) {
			vals[f.Key] = ""
			continue
		}
		v, err := normalize(f, now)
		if err != nil {
			f.err = err.Error()
			if bad < 0 {
				bad = i
			}
			continue
		}
		vals[f.Key] = v
	}
	if bad >= 0 {
		m.setFocus(bad)
		m.err = "not saved: fix the fields marked ✗"
		return nil
	}
	m.err = ""
	m.saving = true
	cmd := m.submit(vals)
	return func() tea.Msg {
		if cmd == nil {
			return resultMsg{}
		}
		return resultMsg{msg: cmd()}
	}
}

// normalize checks a field's typed value and writes it in the form
// Values reads.
func normalize(f *field, now time.Time) (string, error) {
	raw := f.raw()
	switch f.Kind {
	case Text:
		return strings.TrimSpace(raw), nil
	case LongText:
		return strings.TrimRight(raw, " \n\t"), nil
	case Select, Bool:
		return raw, nil
	case Date:
		d, err := ParseDate(raw, now)
		return d.String(), err
	case DateTime:
		t, err := ParseDateTime(raw, now)
		return FormatDateTime(t), err
	case Money:
		if strings.TrimSpace(raw) == "" {
			return "", nil
		}
		cur := "USD"
		if len(f.Options) > 0 && f.Options[0] != "" {
			cur = f.Options[0]
		}
		v, err := model.ParseMoney(raw, cur)
		if err != nil {
			return "", err
		}
		if v.Currency == "" || len(v.Currency) != 3 {
			return "", fmt.Errorf("%q: the currency must be a three-letter code such as USD", raw)
		}
		return v.String(), nil
	case Int:
		s := strings.TrimSpace(raw)
		if s == "" {
			return "", nil
		}
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil || fmt.Sprint(n) != s {
			return "", fmt.Errorf("%q is not a whole number", s)
		}
		return s, nil
	case Tags:
		return strings.Join(SplitTags(raw), ", "), nil
	case Pick:
		s := strings.TrimSpace(raw)
		if s == "" {
			return "", nil
		}
		for _, o := range f.Options {
			if strings.EqualFold(o, s) {
				return o, nil
			}
		}
		return "", fmt.Errorf("%q is not one of the names offered: type a few letters and pick one with tab", s)
	}
	return raw, nil
}

// result handles what the submit command said.
func (m *Model) result(msg tea.Msg) tea.Cmd {
	m.saving = false
	switch r := msg.(type) {
	case ErrorMsg:
		return m.showError(r.Err)
	case error:
		return m.showError(r)
	case common.StatusMsg:
		if r.Error {
			m.err = r.Text
			return func() tea.Msg { return r }
		}
	}
	cmds := []tea.Cmd{m.close(true)}
	if msg != nil {
		cmds = append(cmds, func() tea.Msg { return msg })
	}
	return tea.Batch(cmds...)
}

// showError puts a failed save's problems under their fields, or at the
// top of the form and in the status line.
func (m *Model) showError(err error) tea.Cmd {
	var ve *model.ValidationError
	if !errors.As(err, &ve) {
		m.err = common.ErrorText(err)
		return common.Fail(err)
	}
	first := -1
	known := map[string]bool{}
	for i, f := range m.fields {
		known[f.Key] = true
		f.err = ve.For(f.Key)
		if f.err != "" && first < 0 {
			first = i
		}
	}
	var other []string
	for _, p := range ve.Problems {
		if !known[p.Field] {
			other = append(other, p.Error())
		}
	}
	m.err = "not saved: fix the fields marked ✗"
	if len(other) > 0 {
		m.err = "not saved: " + strings.Join(other, "; ")
	}
	if first >= 0 {
		m.setFocus(first)
	}
	return nil
}

func (m *Model) openEditor() tea.Cmd {
	if m.ctx.Editor == "" {
		return common.Cannot("no $VISUAL or $EDITOR set: type the Markdown here")
	}
	i := m.focus
	return common.Edit(m.ctx.Editor, "bob-*.md", m.cur().area.Value(), func(text string, err error) tea.Msg {
		return editedMsg{field: i, text: text, err: err}
	})
}

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	var top []string
	title := t.Title.Render(m.title)
	if m.Changed() {
		title += t.Faint.Render("  (changed)")
	}
	top = append(top, title)
	if m.saving {
		top = append(top, t.Info.Render("saving…"))
	} else if m.err != "" {
		top = append(top, t.Error.Render(ansi.Truncate("✗ "+m.err, m.width, "…")))
	}
	if m.conflict != nil {
		for _, l := range m.conflictLines() {
			top = append(top, t.Warn.Render(ansi.Truncate(l, m.width, "…")))
		}
	}
	body, start, end := m.body()
	bottom := m.helpLine()
	avail := max(m.height-len(top)-1-1, 1) // one blank line under the title
	// keep the focused field in view
	m.offset = common.ScrollBlock(start, end, m.offset, len(body), avail)
	vis := body[m.offset:min(len(body), m.offset+avail)]
	more := ""
	if m.offset > 0 {
		more += "↑"
	}
	if m.offset+avail < len(body) {
		more += "↓"
	}
	if more != "" && !m.confirming {
		if bottom == "" {
			bottom = t.Faint.Render("more " + more)
		} else {
			bottom = t.Faint.Render("more "+more+" · ") + bottom
		}
	}
	out := append(top, "")
	out = append(out, vis...)
	for len(out) < m.height-1 {
		out = append(out, "")
	}
	out = append(out, bottom)
	return strings.Join(out, "\n")
}

// body renders every field and returns the lines with the focused
// field's first and last line (end exclusive).
func (m *Model) body() ([]string, int, int) {
	t := m.ctx.Theme
	lw := m.labelWidth()
	vw := m.valueWidth()
	indent := strings.Repeat(" ", 2+lw+1)
	var lines []string
	group := ""
	start, end := 0, 0
	for i, f := range m.fields {
		if !m.shown(f) {
			continue
		}
		if f.Group != "" && f.Group != group {
			if len(lines) > 0 {
				lines = append(lines, "")
			}
			lines = append(lines, t.Header.Render(f.Group))
		}
		group = f.Group
		if i == m.focus {
			start = len(lines)
		}
		focused := i == m.focus
		marker := "  "
		label := t.Label.Render(padRight(ansi.Truncate(f.Label, lw, "…"), lw))
		if focused {
			marker = t.Selected.Render("▸ ")
			label = t.Selected.Render(padRight(ansi.Truncate(f.Label, lw, "…"), lw))
		}
		val := m.fieldView(f, focused, vw)
		for j, l := range strings.Split(val, "\n") {
			if j == 0 {
				lines = append(lines, marker+label+" "+l)
			} else {
				lines = append(lines, indent+l)
			}
		}
		if focused {
			at, verb := "@", "link"
			if f.Kind == Pick {
				at, verb = "", "pick"
			}
			for j, s := range m.sugg {
				if j == m.suggIdx {
					lines = append(lines, indent+t.Cursor.Render("> "+at+s))
				} else {
					lines = append(lines, indent+"  "+at+s)
				}
			}
			if len(m.sugg) > 0 {
				lines = append(lines, indent+t.Faint.Render("tab/enter: "+verb+" · ↑/↓: choose · esc: close"))
			}
			if hint := m.hint(f); hint != "" {
				for _, l := range wrap(hint, vw) {
					lines = append(lines, indent+t.Faint.Render(l))
				}
			}
		}
		if f.err != "" {
			for _, l := range wrap("✗ "+f.err, vw) {
				lines = append(lines, indent+t.Error.Render(l))
			}
		}
		if focused {
			end = len(lines)
		}
	}
	return lines, start, end
}

func (m *Model) hint(f *field) string {
	var parts []string
	if f.Help != "" {
		parts = append(parts, f.Help)
	}
	if f.Kind == Select && len(f.Shortcuts) > 0 {
		var sc []string
		for _, o := range f.Options {
			for k, v := range f.Shortcuts {
				if v == o {
					sc = append(sc, k+" "+o)
				}
			}
		}
		parts = append(parts, strings.Join(sc, " · "))
	}
	for _, o := range m.fields {
		if o.Kind == Bool && o.Hotkey != "" && !f.typing() && o != f {
			parts = append(parts, o.Hotkey+": toggle "+strings.ToLower(o.Label))
		}
	}
	return strings.Join(parts, " · ")
}

func (m *Model) fieldView(f *field, focused bool, width int) string {
	t := m.ctx.Theme
	switch f.Kind {
	case LongText:
		if focused {
			return f.area.View()
		}
		v := strings.TrimRight(f.area.Value(), "\n")
		if v == "" {
			return t.Faint.Render("(empty · Markdown)")
		}
		ls := strings.Split(v, "\n")
		more := len(ls) > 3
		if more {
			ls = ls[:3]
		}
		for i, l := range ls {
			ls[i] = ansi.Truncate(l, width, "…")
		}
		if more {
			ls = append(ls, t.Faint.Render("…"))
		}
		return strings.Join(ls, "\n")
	case Select:
		v := f.raw()
		if v == "" {
			v = "—"
		}
		if focused {
			return t.Bold.Render("‹ " + v + " ›")
		}
		return v
	case Bool:
		box, label := "[ ]", "no"
		if f.on {
			box, label = "[x]", "yes"
		}
		if len(f.Options) == 2 {
			label = f.Options[0]
			if f.on {
				label = f.Options[1]
			}
		}
		s := box + " " + label
		if focused {
			return t.Bold.Render(ansi.Truncate(s, width, "…"))
		}
		return ansi.Truncate(s, width, "…")
	}
	if focused {
		return f.input.View()
	}
	v := f.input.Value()
	if v == "" {
		return t.Faint.Render(ansi.Truncate(f.Placeholder, width, "…"))
	}
	return ansi.Truncate(v, width, "…")
}

func (m *Model) helpLine() string {
	t := m.ctx.Theme
	if m.confirming {
		return t.Warn.Render("discard changes? " + m.ctx.Keys.YesNo())
	}
	if !m.showHelp {
		return ""
	}
	return m.help.ShortHelpView(m.ShortHelp())
}

// ShortHelp implements help.KeyMap: the keys of the focused field first.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	if m.confirming {
		return k.Answers("discard changes", "keep editing")
	}
	var out []key.Binding
	if m.conflict != nil {
		out = append(out, k.KeepMine, k.TakeTheirs)
	}
	out = append(out,
		common.Pair(k.NextField, k.PrevField, "next/prev field"),
		k.Submit,
		common.Labeled(k.Back, "cancel"),
	)
	if f := m.cur(); f != nil {
		switch f.Kind {
		case Select:
			out = append(out, common.Pair(k.Left, k.Right, "choose"))
		case Bool:
			out = append(out, common.Labeled(k.Select, "toggle"))
		case LongText:
			out = append(out, k.Editor)
		}
		if len(f.Mentions) > 0 {
			out = append(out, key.NewBinding(key.WithKeys("@"), key.WithHelp("@", "link person")))
		}
	}
	return out
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	var outside []key.Binding
	if m.load != nil { // only a form over a record can meet an outside change
		outside = []key.Binding{k.KeepMine, k.TakeTheirs}
	}
	return [][]key.Binding{
		{k.NextField, k.PrevField, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "next field"))},
		{k.Submit, common.Labeled(k.Back, "cancel")},
		outside,
		{common.Pair(k.Left, k.Right, "choose (select)"),
			common.Labeled(k.Select, "toggle (yes/no)"),
			k.Editor,
			key.NewBinding(key.WithKeys("@"), key.WithHelp("@", "link person"))},
	}
}

func padRight(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func wrap(s string, w int) []string {
	if w <= 0 {
		return []string{s}
	}
	return strings.Split(ansi.Wordwrap(s, w, ""), "\n")
}
