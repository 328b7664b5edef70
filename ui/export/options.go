package export

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"filippo.io/age"
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/ui/common"
)

// Step 4: the options of each bundle, one successor at a time: how it is
// encrypted (to the colleague's key when bob knows it; with no key known,
// handoff.KeyEncryption has no default and the CSM chooses a passphrase
// typed twice or, with a warning, no encryption),
// whether private fields are left out, and where the file goes.

// encChoice is how a bundle is protected.
type encChoice int

const (
	encKey encChoice = iota
	encPassphrase
	encNone
	// encUnchosen: no key is known for the successor and the CSM has not
	// chosen yet; the bundle is not written until they do.
	encUnchosen
)

// field is one line of the options.
type field int

const (
	fEncryption field = iota
	fPassphrase
	fAgain
	fRedact
	fNote
	fFolder
	fFile
)

// bundle is one bundle to write: a successor, their accounts and the
// options chosen for it.
type bundle struct {
	to     successor
	ids    []string
	names  []string
	recips []age.Recipient // the colleague's key and the CSM's own; nil if unknown

	enc    encChoice
	pass   textinput.Model
	again  textinput.Model
	redact bool
	note   textarea.Model // the cover note to the successor
	folder textinput.Model
	file   textinput.Model
	// fileTyped is set once the CSM edits the file name: from then on a
	// change of encryption no longer renames it.
	fileTyped bool
	focus     field

	err     string // what is wrong with the options, shown under them
	replace string // a path the CSM agreed to overwrite
	path    string // the file to write, once checked
}

func newInput(prompt string, secret bool) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.Cursor.SetMode(cursor.CursorStatic)
	if secret {
		in.EchoMode = textinput.EchoPassword
		in.EchoCharacter = '•'
	}
	return in
}

// fields lists the lines the bundle shows, in order: the passphrase
// lines only when a passphrase is chosen.
func (b *bundle) fields() []field {
	fs := []field{fEncryption}
	if b.enc == encPassphrase {
		fs = append(fs, fPassphrase, fAgain)
	}
	return append(fs, fRedact, fNote, fFolder, fFile)
}

// focusedText reports whether the focused line takes typed text.
func (b *bundle) focusedText() bool {
	switch b.focus {
	case fPassphrase, fAgain, fNote, fFolder, fFile:
		return true
	}
	return false
}

func (b *bundle) input(f field) *textinput.Model {
	switch f {
	case fPassphrase:
		return &b.pass
	case fAgain:
		return &b.again
	case fFolder:
		return &b.folder
	case fFile:
		return &b.file
	}
	return nil
}

// setFocus moves the focus to f, focusing its text input if it has one.
func (b *bundle) setFocus(f field) tea.Cmd {
	for _, g := range []field{fPassphrase, fAgain, fFolder, fFile} {
		b.input(g).Blur()
	}
	b.note.Blur()
	b.focus = f
	if f == fNote {
		return b.note.Focus()
	}
	if in := b.input(f); in != nil {
		return in.Focus()
	}
	return nil
}

// move moves the focus d lines, staying within the lines shown.
func (b *bundle) move(d int) tea.Cmd {
	fs, i := b.focused()
	return b.setFocus(fs[common.Clamp(i+d, len(fs))])
}

// cycle moves the focus d fields on, round from the last to the first
// (and back), as tab does in a form.
func (b *bundle) cycle(d int) tea.Cmd {
	fs, i := b.focused()
	return b.setFocus(fs[((i+d)%len(fs)+len(fs))%len(fs)])
}

// focused returns the lines shown and where the focus is among them (on
// the first when it is on none).
func (b *bundle) focused() ([]field, int) {
	fs := b.fields()
	i := 0
	for j, f := range fs {
		if f == b.focus {
			i = j
		}
	}
	return fs, i
}

// choices are the encryptions this bundle can have.
func (b *bundle) choices() []encChoice {
	if b.recips != nil {
		return []encChoice{encKey, encPassphrase, encNone}
	}
	return []encChoice{encPassphrase, encNone}
}

func (b *bundle) cycleEnc(d int) {
	cs := b.choices()
	if b.enc == encUnchosen {
		b.enc = cs[0]
		if d < 0 {
			b.enc = cs[len(cs)-1]
		}
		return
	}
	i := 0
	for j, c := range cs {
		if c == b.enc {
			i = j
		}
	}
	b.enc = cs[(i+d+len(cs))%len(cs)]
}

// encryption is the handoff.Encryption the options stand for.
func (b *bundle) encryption() handoff.Encryption {
	switch b.enc {
	case encKey:
		return handoff.Encryption{Recipients: b.recips}
	case encPassphrase:
		return handoff.Encryption{Passphrase: b.pass.Value()}
	case encUnchosen:
		return handoff.Encryption{}
	}
	return handoff.Encryption{None: true}
}

// encWords says how the bundle is protected, for the summary.
func (b *bundle) encWords() string {
	switch b.enc {
	case encKey:
		return "encrypted to " + b.to.name + "'s key"
	case encPassphrase:
		return "passphrase"
	case encUnchosen:
		return "not chosen"
	}
	return "not encrypted"
}

// openOptions builds one bundle per successor, keeping what was typed for
// a successor before, and shows the first.
func (m *Model) openOptions() {
	var out []*bundle
	for _, g := range m.succ.groups(m.chosen) {
		b, ok := m.kept[g.to.name]
		if !ok {
			b = m.newBundle(g.to)
			m.kept[g.to.name] = b
		}
		b.ids, b.names = nil, nil
		for _, a := range g.accounts {
			b.ids = append(b.ids, a.ID)
			b.names = append(b.names, a.Name)
		}
		b.err, b.path = "", ""
		out = append(out, b)
	}
	m.bundles, m.cur = out, 0
	m.step = stepOptions
	if b := m.bundle(); b != nil {
		b.setFocus(fEncryption)
	}
}

func (m *Model) newBundle(to successor) *bundle {
	b := &bundle{
		to: to, pass: newInput("", true), again: newInput("", true),
		folder: newInput("", false), file: newInput("", false), note: newNote(),
	}
	b.pass.Placeholder = fmt.Sprintf("at least %d characters; a few words are best", handoff.MinPassphraseLen)
	b.again.Placeholder = "the same again"
	if enc, err := handoff.KeyEncryption(m.colleagues, m.me, to.successor()); err == nil {
		b.recips = enc.Recipients
	} else {
		b.enc = encUnchosen
	}
	b.folder.SetValue(m.folder)
	m.suggestName(b)
	return b
}

// refreshKeys gives a bundle kept from before the key of its successor
// when they became a colleague meanwhile (added from the shell, or
// pasted): a protection not chosen yet becomes their key.
func (m *Model) refreshKeys() {
	for name, b := range m.kept {
		if b.recips != nil {
			continue
		}
		for _, p := range m.succ.people {
			if p.known == nil || !strings.EqualFold(p.name, name) {
				continue
			}
			if enc, err := handoff.KeyEncryption(m.colleagues, m.me, p.successor()); err == nil {
				b.to, b.recips = p, enc.Recipients
				if b.enc == encUnchosen {
					b.enc = encKey
				}
			}
		}
	}
}

// suggestName puts handoff.SuggestedName in the file field, unless the
// CSM typed their own.
func (m *Model) suggestName(b *bundle) {
	if b.fileTyped {
		return
	}
	name := handoff.SuggestedName(handoff.Bundle{
		From: handoff.Party{Name: m.me.Name}, To: handoff.Party{Name: b.to.name}, CreatedAt: m.ctx.Now(),
	}, b.encryption())
	b.file.SetValue(name)
	b.file.CursorEnd()
}

// bundle is the bundle whose options are shown.
func (m *Model) bundle() *bundle {
	if m.step != stepOptions || m.cur >= len(m.bundles) {
		return nil
	}
	return m.bundles[m.cur]
}

var (
	fieldKeys  = key.NewBinding(key.WithKeys("tab", "shift+tab", "up", "down"), key.WithHelp("tab/↑↓", "line"))
	changeKeys = common.Hint("←/→", "change", "left", "right")
	toggleKey  = common.Hint("space", "toggle", " ")
)

func (m *Model) optionsKey(msg tea.KeyMsg) tea.Cmd {
	b := m.bundle()
	if b == nil {
		return nil
	}
	if m.busy {
		return common.Cannot("checking… wait a moment")
	}
	if m.redactWarn != nil {
		return m.redactKey(msg)
	}
	k := m.ctx.Keys
	switch msg.Type {
	case tea.KeyEsc:
		return m.optionsBack()
	case tea.KeyDown:
		return b.move(1)
	case tea.KeyUp:
		return b.move(-1)
	case tea.KeyTab:
		return b.cycle(1)
	case tea.KeyShiftTab:
		return b.cycle(-1)
	case tea.KeyEnter:
		return m.confirmBundle()
	}
	switch b.focus {
	case fEncryption:
		switch {
		case key.Matches(msg, k.Quit):
			return m.optionsBack()
		case key.Matches(msg, k.Left):
			b.cycleEnc(-1)
		case key.Matches(msg, k.Right), key.Matches(msg, k.Select):
			b.cycleEnc(1)
		default:
			return nil
		}
		b.err = ""
		m.suggestName(b)
		return nil
	case fRedact:
		switch {
		case key.Matches(msg, k.Quit):
			return m.optionsBack()
		case key.Matches(msg, k.Left, k.Right, k.Select):
			b.redact = !b.redact
		}
		return nil
	case fNote:
		return m.noteKey(b, msg)
	}
	in := b.input(b.focus)
	before := in.Value()
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	if in.Value() != before {
		b.err = ""
		if b.focus == fFile {
			b.fileTyped = true
		}
	}
	return cmd
}

// optionsBack goes to the previous bundle, or back to the check.
func (m *Model) optionsBack() tea.Cmd {
	if m.cur > 0 {
		m.cur--
		return m.bundle().setFocus(fEncryption)
	}
	m.step = stepCheck
	return m.runCheck()
}

// confirmBundle checks the shown bundle's options: what can be checked
// at once here, the folder and file in a tea.Cmd.
func (m *Model) confirmBundle() tea.Cmd {
	b := m.bundle()
	b.err = ""
	if b.enc == encUnchosen {
		b.err = "no key is known for " + b.to.name + ": choose with ←/→ a passphrase or none"
		return b.setFocus(fEncryption)
	}
	if b.enc == encPassphrase {
		p := b.pass.Value()
		switch {
		case utf8.RuneCountInString(p) < handoff.MinPassphraseLen:
			b.err = fmt.Sprintf("the passphrase needs at least %d characters: a few words are easy to say and hard to guess", handoff.MinPassphraseLen)
			return b.setFocus(fPassphrase)
		case p != b.again.Value():
			b.err = "the two passphrases differ: type it again on the second line"
			b.again.SetValue("")
			return b.setFocus(fAgain)
		}
	}
	if e := checkNote(b); e != "" {
		b.err = e
		return b.setFocus(fNote)
	}
	folder := expandHome(strings.TrimSpace(b.folder.Value()), m.home)
	file := strings.TrimSpace(b.file.Value())
	switch {
	case folder == "":
		b.err = "choose a folder for the bundle"
		return b.setFocus(fFolder)
	case file == "":
		b.err = "choose a file name for the bundle"
		return b.setFocus(fFile)
	case strings.ContainsAny(file, `/\`):
		b.err = "the file name cannot contain a folder: put the folder on the line above"
		return b.setFocus(fFile)
	}
	path := filepath.Join(folder, file)
	for i, o := range m.bundles {
		if i < m.cur && o.path == path {
			b.err = "the bundle to " + o.to.name + " goes to this file already: choose another name"
			return b.setFocus(fFile)
		}
	}
	m.busy = true
	idx, agreed := m.cur, b.replace == path
	return func() tea.Msg { return checkPath(idx, folder, path, agreed) }
}

// pathCheckedMsg says whether a bundle can be written where its options
// say.
type pathCheckedMsg struct {
	bundle int
	path   string
	err    string
	exists bool
}

// checkPath looks at the folder and the file. It runs in a tea.Cmd.
func checkPath(bundle int, folder, path string, agreed bool) pathCheckedMsg {
	msg := pathCheckedMsg{bundle: bundle, path: path}
	fi, err := os.Stat(folder)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		msg.err = "there is no folder " + folder + ": type an existing one"
		return msg
	case err != nil:
		msg.err = "cannot use the folder " + folder + ": " + err.Error()
		return msg
	case !fi.IsDir():
		msg.err = folder + " is a file, not a folder"
		return msg
	}
	if fi, err := os.Stat(path); err == nil {
		if fi.IsDir() {
			msg.err = path + " is a folder: choose another file name"
			return msg
		}
		msg.exists = !agreed
	}
	return msg
}

func (m *Model) pathChecked(msg pathCheckedMsg) tea.Cmd {
	m.busy = false
	if m.step != stepOptions || msg.bundle != m.cur {
		return nil
	}
	b := m.bundle()
	switch {
	case msg.err != "":
		b.err = msg.err
		return b.setFocus(fFolder)
	case msg.exists:
		b.replace = msg.path
		b.err = filepath.Base(msg.path) + " exists already: enter again replaces it, or change the name"
		return b.setFocus(fFile)
	}
	b.path = msg.path
	if m.cur+1 < len(m.bundles) {
		m.cur++
		return m.bundle().setFocus(fEncryption)
	}
	return m.checkRedaction()
}

// expandHome turns a leading ~ into the home folder, and takes any other
// relative folder as relative to home (when it is known).
func expandHome(folder, home string) string {
	if home == "" || folder == "" {
		return folder
	}
	if folder == "~" || strings.HasPrefix(folder, "~/") {
		return filepath.Join(home, strings.TrimPrefix(folder, "~"))
	}
	if !filepath.IsAbs(folder) {
		return filepath.Join(home, folder)
	}
	return folder
}

func (m *Model) optionsView() string {
	t := m.ctx.Theme
	b := m.bundle()
	if b == nil {
		return ""
	}
	if m.redactWarn != nil {
		return m.redactView()
	}
	var s strings.Builder
	title := fmt.Sprintf("Bundle %d of %d: to %s", m.cur+1, len(m.bundles), b.to.label())
	s.WriteString(t.Bold.Render(title) + "  " + t.Subtle.Render(common.Plural(len(b.ids), "account")) + "\n")
	s.WriteString(t.Faint.Render(namesLine(b.names, m.width)) + "\n\n")
	label := func(f field, text string) string {
		l := fmt.Sprintf("%-12s", text)
		if b.focus == f {
			return t.Cursor.Render("›") + " " + t.Bold.Render(l)
		}
		return "  " + t.Label.Render(l)
	}
	for _, f := range b.fields() {
		switch f {
		case fEncryption:
			s.WriteString(label(f, "Encryption") + " " + t.Selected.Render("‹ "+m.encLabel(b)+" ›") + "\n")
			s.WriteString(strings.Repeat(" ", 15) + m.encNote(b) + "\n")
		case fPassphrase:
			s.WriteString(label(f, "Passphrase") + " " + b.pass.View() + "\n")
		case fAgain:
			s.WriteString(label(f, "Again") + " " + b.again.View() + "\n")
		case fRedact:
			v, note := "no", "internal context and internal notes go too"
			if b.redact {
				v, note = "yes", "internal context, private notes, internal entries left out"
			}
			s.WriteString(label(f, "Redact") + " " + t.Selected.Render("‹ "+v+" ›") + " " + t.Faint.Render(note) + "\n")
		case fNote:
			b.note.SetWidth(max(m.width-17, 20))
			lines := strings.Split(b.note.View(), "\n")
			s.WriteString(label(f, "Note") + " " + lines[0] + "\n")
			for _, l := range lines[1:] {
				s.WriteString(strings.Repeat(" ", 15) + l + "\n")
			}
		case fFolder:
			s.WriteString(label(f, "Folder") + " " + b.folder.View() + "\n")
		case fFile:
			s.WriteString(label(f, "File name") + " " + b.file.View() + "\n")
		}
	}
	if b.err != "" {
		s.WriteString("\n" + t.Error.Render("✗ "+b.err) + "\n")
	}
	if m.busy {
		s.WriteString("\n" + t.Faint.Render("Checking the folder…") + "\n")
	}
	next := "enter writes the bundle"
	if len(m.bundles) > 1 {
		next = "enter writes the bundles"
	}
	if m.cur+1 < len(m.bundles) {
		next = "enter goes on to the bundle to " + m.bundles[m.cur+1].to.name
	}
	s.WriteString("\n" + t.Faint.Render(next+"; esc goes back"))
	return s.String()
}

func (m *Model) encLabel(b *bundle) string {
	switch b.enc {
	case encKey:
		return "to " + b.to.name + "'s key"
	case encPassphrase:
		return "with a passphrase"
	case encUnchosen:
		return "choose one"
	}
	return "none"
}

func (m *Model) encNote(b *bundle) string {
	t := m.ctx.Theme
	switch b.enc {
	case encKey:
		return t.Faint.Render("only " + b.to.name + " and you can open it")
	case encUnchosen:
		return t.Warn.Render("no key for " + b.to.name + ": ←/→ a passphrase, or none")
	case encPassphrase:
		if b.recips == nil {
			return t.Faint.Render("no key for " + b.to.name + ": say the passphrase by phone, not by email")
		}
		return t.Faint.Render("tell " + b.to.name + " the passphrase by another channel than the file")
	}
	return t.Error.Render("⚠ not encrypted: anyone who gets the file reads every account in it")
}

// namesLine lists a bundle's accounts on one line.
func namesLine(names []string, width int) string {
	s := strings.Join(names, ", ")
	if max(width-2, 10) < len([]rune(s)) {
		return string([]rune(s)[:max(width-3, 9)]) + "…"
	}
	return s
}

func (m *Model) optionsHelp() []key.Binding {
	b := m.bundle()
	next := m.nextKey("confirm")
	if m.redactWarn != nil {
		return []key.Binding{common.Labeled(m.ctx.Keys.Confirm, "write anyway"), common.Hint("any key", "back to fix")}
	}
	if b == nil {
		return []key.Binding{next}
	}
	switch b.focus {
	case fEncryption:
		return []key.Binding{changeKeys, fieldKeys, next}
	case fRedact:
		return []key.Binding{toggleKey, fieldKeys, next}
	case fNote:
		return []key.Binding{m.ctx.Keys.Editor, fieldKeys, next}
	}
	return []key.Binding{fieldKeys, next}
}
