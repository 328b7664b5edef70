// Package filepick is the file step of the screens that read a file the
// CSM chooses (a handoff bundle, a CSV export): a listing of one folder,
// its sub-folders and the files with the endings the screen reads, or a
// typed path. It is a small picker of bob's own rather than bubbles'
// filepicker, because that one stats every file it draws in View, and
// View must do no I/O here: the folder is read, and every entry stated,
// in a tea.Cmd, and View draws what came back.
//
// The screen that embeds a Picker hands it its messages and keys; when a
// file is chosen the picker sends a PickedMsg.
package filepick

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/termsafe"
	"bob/ui/common"
)

// Options say what a picker offers.
type Options struct {
	// Question heads the listing, e.g. "Which bundle did you receive?".
	Question string
	// Exts are the file endings listed (lower case, with the dot).
	Exts []string
	// Kinds describes them next to the question, e.g. ".zip and .age files".
	Kinds string
	// Noun names a file in hints, e.g. "bundles".
	Noun string
	// Placeholder is shown in the empty path input.
	Placeholder string
}

// PickedMsg says that the CSM chose the file at Path.
type PickedMsg struct{ Path string }

// entry is one line of the listing.
type entry struct {
	name    string
	dir     bool
	size    int64
	modTime time.Time
}

// listing is one folder as read.
type listing struct {
	dir     string
	entries []entry // "..", then folders, then files, by name
	hidden  int     // files left out because they have another ending
}

// listedMsg is a folder read in a tea.Cmd.
type listedMsg struct {
	l    listing
	err  error
	keep string // the entry to put the cursor on (the folder come up from)
	home string // set by Start
}

// typedPathMsg says what a typed path is: a folder to list or a file to
// open.
type typedPathMsg struct {
	path string
	dir  bool
	err  error
}

// Picker is the state of a file step.
type Picker struct {
	ctx    *common.Context
	opts   Options
	l      listing
	err    error // why the folder cannot be listed
	cursor int
	offset int
	home   string
	typing bool
	path   textinput.Model
	// Err is the last error about a chosen file, shown above the listing
	// by the embedding screen's errView; the picker clears it on a new pick.
	Err error
}

// New returns a picker; Start reads its first folder.
func New(ctx *common.Context, opts Options) *Picker {
	path := textinput.New()
	path.Prompt = "Path: "
	path.Placeholder = opts.Placeholder
	path.Cursor.SetMode(cursor.CursorStatic)
	return &Picker{ctx: ctx, opts: opts, path: path}
}

// Start reads the home folder (or the current one) in a tea.Cmd.
func (p *Picker) Start() tea.Cmd {
	exts := p.opts.Exts
	return func() tea.Msg {
		home, _ := os.UserHomeDir()
		start := home
		if start == "" {
			start, _ = os.Getwd()
		}
		msg := readFolder(start, "", exts)
		msg.home = home
		return msg
	}
}

// Ready reports whether the first folder was read.
func (p *Picker) Ready() bool { return p.l.dir != "" || p.err != nil }

// Typing reports whether a path is being typed (the picker wants every key).
func (p *Picker) Typing() bool { return p.typing }

func (p *Picker) matches(name string) bool {
	lower := strings.ToLower(name)
	for _, e := range p.opts.Exts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// readFolder lists dir. It runs in a tea.Cmd.
func readFolder(dir, keep string, exts []string) listedMsg {
	abs, err := filepath.Abs(dir)
	if err == nil {
		dir = abs
	}
	ents, err := os.ReadDir(dir)
	if err != nil && len(ents) == 0 {
		return listedMsg{err: fmt.Errorf("cannot list %s: %w", dir, err)}
	}
	l := listing{dir: dir}
	if parent := filepath.Dir(dir); parent != dir {
		l.entries = append(l.entries, entry{name: "..", dir: true})
	}
	pick := &Picker{opts: Options{Exts: exts}}
	var dirs, files []entry
	for _, d := range ents {
		if strings.HasPrefix(d.Name(), ".") {
			continue
		}
		info, err := d.Info()
		if err != nil {
			continue // gone since it was listed
		}
		isDir := d.IsDir()
		if info.Mode()&fs.ModeSymlink != 0 {
			if t, err := os.Stat(filepath.Join(dir, d.Name())); err == nil {
				isDir, info = t.IsDir(), t
			}
		}
		e := entry{name: d.Name(), dir: isDir, size: info.Size(), modTime: info.ModTime()}
		switch {
		case isDir:
			dirs = append(dirs, e)
		case pick.matches(e.name):
			files = append(files, e)
		default:
			l.hidden++
		}
	}
	byName := func(a, b entry) int { return strings.Compare(strings.ToLower(a.name), strings.ToLower(b.name)) }
	slices.SortFunc(dirs, byName)
	slices.SortFunc(files, byName)
	l.entries = append(append(l.entries, dirs...), files...)
	return listedMsg{l: l, keep: keep}
}

func (p *Picker) current() (entry, bool) {
	if p.cursor < 0 || p.cursor >= len(p.l.entries) {
		return entry{}, false
	}
	return p.l.entries[p.cursor], true
}

func (p *Picker) show(msg listedMsg) {
	if msg.home != "" {
		p.home = msg.home
	}
	if msg.err != nil {
		p.err = msg.err
		return
	}
	p.l, p.err = msg.l, nil
	p.cursor, p.offset = 0, 0
	for i, e := range p.l.entries {
		if e.name == msg.keep {
			p.cursor = i
		}
	}
	// Start on the first file when there is one: that is what the CSM
	// came for.
	if msg.keep == "" {
		for i, e := range p.l.entries {
			if !e.dir {
				p.cursor = i
				break
			}
		}
	}
}

func (p *Picker) move(d, rows int) {
	p.cursor = max(0, min(p.cursor+d, len(p.l.entries)-1))
	p.offset = common.ScrollOffset(p.cursor, p.offset, len(p.l.entries), rows)
}

func (p *Picker) list(dir, keep string) tea.Cmd {
	exts := p.opts.Exts
	return func() tea.Msg { return readFolder(dir, keep, exts) }
}

// Relist reads the folder shown again, on the way back to it: a file
// saved there in the meantime shows up.
func (p *Picker) Relist() tea.Cmd {
	if p.l.dir == "" {
		return nil
	}
	keep := ""
	if e, ok := p.current(); ok {
		keep = e.name
	}
	return p.list(p.l.dir, keep)
}

// Update takes the picker's own messages (a folder read, a typed path
// looked at) and reports whether msg was one of them.
func (p *Picker) Update(msg tea.Msg) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case listedMsg:
		p.show(msg)
		return nil, true
	case typedPathMsg:
		switch {
		case msg.err != nil:
			p.Err = msg.err
		case msg.dir:
			return p.list(msg.path, ""), true
		default:
			return pick(msg.path), true
		}
		return nil, true
	}
	return nil, false
}

func pick(path string) tea.Cmd { return func() tea.Msg { return PickedMsg{Path: path} } }

var (
	upDirKey = common.Hint("backspace", "up a folder", "backspace", "left")
	pathKey  = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "type a path"))
)

// Key handles a key on the file step; rows is how many entries show. Esc
// and q send common.BackMsg.
func (p *Picker) Key(msg tea.KeyMsg, rows int) tea.Cmd {
	if p.typing {
		return p.typePath(msg)
	}
	k := p.ctx.Keys
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		return func() tea.Msg { return common.BackMsg{} }
	case key.Matches(msg, k.Up):
		p.move(-1, rows)
	case key.Matches(msg, k.Down):
		p.move(1, rows)
	case key.Matches(msg, k.PageUp):
		p.move(-rows, rows)
	case key.Matches(msg, k.PageDown):
		p.move(rows, rows)
	case key.Matches(msg, k.Top):
		p.move(-len(p.l.entries), rows)
	case key.Matches(msg, k.Bottom):
		p.move(len(p.l.entries), rows)
	case msg.Type == tea.KeyBackspace, key.Matches(msg, k.Left):
		if p.l.dir == "" {
			return nil
		}
		return p.list(filepath.Dir(p.l.dir), filepath.Base(p.l.dir))
	case key.Matches(msg, k.HomeFolder):
		if p.home == "" {
			return common.Cannot("bob cannot tell where your home folder is: / types a path")
		}
		if p.l.dir == p.home {
			return tea.Batch(p.list(p.home, ""), common.Info("this is your home folder: read again"))
		}
		return p.list(p.home, "")
	case key.Matches(msg, pathKey):
		p.typing = true
		p.path.SetValue(p.typedStart())
		p.path.CursorEnd()
		return p.path.Focus()
	case key.Matches(msg, k.Open, k.Right):
		e, ok := p.current()
		if !ok {
			return common.Cannot("nothing to open here: backspace goes up a folder, / types a path")
		}
		if e.name == ".." {
			return p.list(filepath.Dir(p.l.dir), filepath.Base(p.l.dir))
		}
		path := filepath.Join(p.l.dir, e.name)
		if e.dir {
			return p.list(path, "")
		}
		p.Err = nil
		return pick(path)
	}
	return nil
}

// typedStart is what the path input starts with: the folder shown, with
// a separator, so typing a file name completes a path.
func (p *Picker) typedStart() string {
	if p.l.dir == "" {
		return ""
	}
	return strings.TrimSuffix(p.l.dir, string(filepath.Separator)) + string(filepath.Separator)
}

// typePath handles a key while a path is typed.
func (p *Picker) typePath(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		p.typing = false
		p.path.Blur()
		return nil
	case tea.KeyEnter:
		path := strings.TrimSpace(p.path.Value())
		if path == "" {
			return common.Cannot("type the path of the file (or esc)")
		}
		p.typing = false
		p.path.Blur()
		path = expandHome(typedPath(path, p.typedStart()), p.home)
		p.Err = nil
		return func() tea.Msg { return statPath(path) }
	}
	var cmd tea.Cmd
	p.path, cmd = p.path.Update(msg)
	return cmd
}

// typedPath is the path the user meant: the input starts with the folder
// shown, so an absolute path (or one from home, ~/...) typed after it
// reads "/root//tmp/x" or "/root/~/x"; it is taken as typed, not joined.
func typedPath(typed, start string) string {
	rest := typed
	if start != "" && strings.HasPrefix(typed, start) {
		rest = typed[len(start):]
	}
	sep := string(filepath.Separator)
	switch {
	case rest != typed && (filepath.IsAbs(rest) || rest == "~" || strings.HasPrefix(rest, "~"+sep)):
		return rest
	case strings.Contains(typed, sep+sep):
		// The folder was edited and a path typed after it anyway.
		return typed[strings.LastIndex(typed, sep+sep)+1:]
	case strings.Contains(typed, sep+"~"+sep):
		return typed[strings.LastIndex(typed, sep+"~"+sep)+1:]
	}
	return typed
}

// expandHome turns a leading ~ into the home folder.
func expandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	return p
}

// statPath looks at a typed path. It runs in a tea.Cmd.
func statPath(p string) typedPathMsg {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return typedPathMsg{path: p, err: fmt.Errorf("there is no file or folder %s: check the path", p)}
	case err != nil:
		return typedPathMsg{path: p, err: fmt.Errorf("cannot open %s: %w", p, err)}
	}
	return typedPathMsg{path: p, dir: fi.IsDir()}
}

// View draws the file step in width cells and about height lines.
// errView is the embedding screen's drawing of Err ("" for none); busy,
// when set, replaces the listing (e.g. "Opening x.csv…").
func (p *Picker) View(width, height int, errView, busy string) string {
	t := p.ctx.Theme
	var b strings.Builder
	b.WriteString(t.Bold.Render(p.opts.Question) + "  " + t.Faint.Render(p.opts.Kinds) + "\n")
	if p.typing {
		b.WriteString(p.path.View() + "\n")
	} else {
		b.WriteString(t.Subtle.Render(ansi.Truncate(termsafe.Line(p.l.dir), max(width-2, 10), "…")) + "\n")
	}
	if errView != "" {
		b.WriteString(errView + "\n")
	}
	b.WriteString("\n")
	switch {
	case p.err != nil:
		b.WriteString(t.Error.Render(common.ErrorText(p.err)) + "\n" + t.Faint.Render("backspace goes up a folder; / types a path"))
		return b.String()
	case busy != "":
		b.WriteString(t.Faint.Render(busy))
		return b.String()
	case p.l.dir == "":
		b.WriteString(t.Faint.Render("Reading the folder…"))
		return b.String()
	}
	rows := Rows(height)
	if errView != "" {
		rows = max(rows-2, 2)
	}
	p.move(0, rows)
	end := min(p.offset+rows, len(p.l.entries))
	nameW := max(width-30, 20)
	for i := p.offset; i < end; i++ {
		e := p.l.entries[i]
		// A file name is outside text like any other.
		name, meta := termsafe.Line(e.name), ""
		if e.dir {
			name += string(filepath.Separator)
		} else {
			meta = fmt.Sprintf("%8s  %s", model.SizeWords(e.size), e.modTime.In(p.ctx.Now().Location()).Format("2006-01-02 15:04"))
		}
		line := fmt.Sprintf("%-*s %s", nameW, ansi.Truncate(name, nameW, "…"), meta)
		switch {
		case i == p.cursor:
			b.WriteString(t.Cursor.Render("› "+line) + "\n")
		case e.dir:
			b.WriteString("  " + t.Subtle.Render(line) + "\n")
		default:
			b.WriteString("  " + line + "\n")
		}
	}
	if len(p.l.entries) == 0 || (len(p.l.entries) == 1 && p.l.entries[0].name == "..") {
		b.WriteString(t.Faint.Render("  no "+p.opts.Noun+" here: backspace goes up a folder, / types a path") + "\n")
	}
	if len(p.l.entries) > end {
		b.WriteString(t.Faint.Render(fmt.Sprintf("  … %d more", len(p.l.entries)-end)) + "\n")
	}
	if p.l.hidden > 0 {
		b.WriteString(t.Faint.Render(fmt.Sprintf("  (%d other files hidden)", p.l.hidden)))
	}
	return strings.TrimRight(b.String(), "\n")
}

// Rows is how many entries the file step shows on a screen height lines high.
func Rows(height int) int { return max(height-9, 3) }

// Help returns the keys of the file step.
func (p *Picker) Help() []key.Binding {
	if p.typing {
		return []key.Binding{common.Hint("enter", "open"), common.Hint("esc", "cancel")}
	}
	k := p.ctx.Keys
	open := common.Labeled(k.Open, "open")
	move := k.UpDown("move")
	return []key.Binding{open, move, upDirKey, pathKey, k.HomeFolder, common.Hint("esc", "close")}
}

// NothingImported shows why an import (of the file picked) failed, in the
// reader's own words wrapped to width, and that the book was left as it
// was: the one error block of every import screen.
func NothingImported(t *common.Theme, err error, width int) string {
	var out []string
	for i, l := range strings.Split(ansi.Wrap(common.ErrorText(err), max(width-4, 20), ""), "\n") {
		lead := "  "
		if i == 0 {
			lead = "✗ "
		}
		out = append(out, t.Error.Render(lead+l))
	}
	return strings.Join(out, "\n") + "\n" + t.Faint.Render("  Nothing was imported.")
}

// Imported announces an import that wrote to the book (what says what,
// e.g. "imported 3 accounts"): the book changed, and it was backed up
// first. Both import screens end this way.
func Imported(what string) tea.Cmd {
	return tea.Batch(
		func() tea.Msg { return common.BookChangedMsg{What: what} },
		common.Info("%s; the book was backed up first", what))
}
