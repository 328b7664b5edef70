package importer

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/termsafe"
	"bob/ui/common"
)

// The file step lists a folder: its sub-folders and the files that can be
// bundles (.zip and .age). It is a small picker of bob's own rather than
// bubbles' filepicker, because that one stats every file it draws in
// View, and View must do no I/O here: the folder is read, and every entry
// stated, in a tea.Cmd, and View draws what came back.

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
	entries []entry // "..", then folders, then bundles, by name
	hidden  int     // files left out because they cannot be bundles
}

// listedMsg is a folder read in a tea.Cmd.
type listedMsg struct {
	l    listing
	err  error
	keep string // the entry to put the cursor on (the folder come up from)
}

// bundleExts are the file endings offered: bob writes .bob.zip and
// .bob.zip.age, and a renamed file still ends in .zip or .age.
var bundleExts = []string{".zip", ".age"}

func isBundleName(name string) bool {
	lower := strings.ToLower(name)
	for _, e := range bundleExts {
		if strings.HasSuffix(lower, e) {
			return true
		}
	}
	return false
}

// readFolder lists dir. It runs in a tea.Cmd.
func readFolder(dir, keep string) listedMsg {
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
		case isBundleName(e.name):
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

// files is the state of the file step.
type files struct {
	l      listing
	err    error
	cursor int
	offset int
}

func (f *files) current() (entry, bool) {
	if f.cursor < 0 || f.cursor >= len(f.l.entries) {
		return entry{}, false
	}
	return f.l.entries[f.cursor], true
}

func (f *files) show(msg listedMsg) {
	f.l, f.err = msg.l, nil
	f.cursor, f.offset = 0, 0
	for i, e := range f.l.entries {
		if e.name == msg.keep {
			f.cursor = i
		}
	}
	// Start on the first bundle when there is one: that is what the CSM
	// came for.
	if msg.keep == "" {
		for i, e := range f.l.entries {
			if !e.dir {
				f.cursor = i
				break
			}
		}
	}
}

func (f *files) move(d, rows int) {
	f.cursor = max(0, min(f.cursor+d, len(f.l.entries)-1))
	f.offset = common.ScrollOffset(f.cursor, f.offset, len(f.l.entries), rows)
}

func list(dir, keep string) tea.Cmd {
	return func() tea.Msg { return readFolder(dir, keep) }
}

var (
	upDirKey = common.Hint("backspace", "up a folder", "backspace", "left")
	homeKey  = common.Hint("~", "home folder")
	pathKey  = key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "type a path"))
)

// filesKey handles a key on the file step.
func (m *Model) filesKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	f := &m.files
	rows := m.fileRows()
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		return back
	case key.Matches(msg, k.Up):
		f.move(-1, rows)
	case key.Matches(msg, k.Down):
		f.move(1, rows)
	case key.Matches(msg, k.PageUp):
		f.move(-rows, rows)
	case key.Matches(msg, k.PageDown):
		f.move(rows, rows)
	case key.Matches(msg, k.Top):
		f.move(-len(f.l.entries), rows)
	case key.Matches(msg, k.Bottom):
		f.move(len(f.l.entries), rows)
	case msg.Type == tea.KeyBackspace, key.Matches(msg, k.Left):
		if f.l.dir == "" {
			return nil
		}
		return list(filepath.Dir(f.l.dir), filepath.Base(f.l.dir))
	case key.Matches(msg, homeKey):
		if m.home == "" {
			return common.Cannot("bob cannot tell where your home folder is: / types a path")
		}
		return list(m.home, "")
	case key.Matches(msg, pathKey):
		m.typing = true
		m.path.SetValue(m.typedStart())
		m.path.CursorEnd()
		return m.path.Focus()
	case key.Matches(msg, k.Open, k.Right):
		e, ok := f.current()
		if !ok {
			return common.Cannot("nothing to open here: backspace goes up a folder, / types a path")
		}
		if e.name == ".." {
			return list(filepath.Dir(f.l.dir), filepath.Base(f.l.dir))
		}
		p := filepath.Join(f.l.dir, e.name)
		if e.dir {
			return list(p, "")
		}
		return m.open(p, "")
	}
	return nil
}

// typedStart is what the path input starts with: the folder shown, with
// a separator, so typing a file name completes a path.
func (m *Model) typedStart() string {
	if m.files.l.dir == "" {
		return ""
	}
	return strings.TrimSuffix(m.files.l.dir, string(filepath.Separator)) + string(filepath.Separator)
}

// pathKey handles a key while a path is typed.
func (m *Model) typePath(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.typing = false
		m.path.Blur()
		return nil
	case tea.KeyEnter:
		p := strings.TrimSpace(m.path.Value())
		if p == "" {
			return common.Cannot("type the path of the bundle (or esc)")
		}
		m.typing = false
		m.path.Blur()
		p = expandHome(p, m.home)
		return func() tea.Msg { return statPath(p) }
	}
	var cmd tea.Cmd
	m.path, cmd = m.path.Update(msg)
	return cmd
}

// expandHome turns a leading ~ into the home folder.
func expandHome(p, home string) string {
	if home != "" && (p == "~" || strings.HasPrefix(p, "~/")) {
		return filepath.Join(home, strings.TrimPrefix(p, "~"))
	}
	return p
}

// typedPathMsg says what a typed path is: a folder to list or a file to
// open.
type typedPathMsg struct {
	path string
	dir  bool
	err  error
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

// fileRows is how many entries the file step shows.
func (m *Model) fileRows() int { return max(m.height-9, 3) }

func (m *Model) filesView() string {
	t := m.ctx.Theme
	f := &m.files
	var b strings.Builder
	b.WriteString(t.Bold.Render("Which bundle did you receive?") + "  " + t.Faint.Render(".zip and .age files") + "\n")
	if m.typing {
		b.WriteString(m.path.View() + "\n")
	} else {
		b.WriteString(t.Subtle.Render(ansi.Truncate(termsafe.Line(f.l.dir), max(m.width-2, 10), "…")) + "\n")
	}
	if m.err != nil {
		b.WriteString(m.errView() + "\n")
	}
	b.WriteString("\n")
	switch {
	case f.err != nil:
		b.WriteString(t.Error.Render(common.ErrorText(f.err)) + "\n" + t.Faint.Render("backspace goes up a folder; / types a path"))
		return b.String()
	case m.opening:
		b.WriteString(t.Faint.Render("Opening " + termsafe.Line(filepath.Base(m.openPath)) + "…"))
		return b.String()
	case f.l.dir == "":
		b.WriteString(t.Faint.Render("Reading the folder…"))
		return b.String()
	}
	rows := m.fileRows()
	if m.err != nil {
		rows = max(rows-2, 2)
	}
	f.move(0, rows)
	end := min(f.offset+rows, len(f.l.entries))
	nameW := max(m.width-30, 20)
	for i := f.offset; i < end; i++ {
		e := f.l.entries[i]
		// A file name is outside text like any other.
		name, meta := termsafe.Line(e.name), ""
		if e.dir {
			name += string(filepath.Separator)
		} else {
			meta = fmt.Sprintf("%8s  %s", common.SizeWords(e.size), e.modTime.In(m.ctx.Now().Location()).Format("2006-01-02 15:04"))
		}
		line := fmt.Sprintf("%-*s %s", nameW, ansi.Truncate(name, nameW, "…"), meta)
		switch {
		case i == f.cursor:
			b.WriteString(t.Cursor.Render("› "+line) + "\n")
		case e.dir:
			b.WriteString("  " + t.Subtle.Render(line) + "\n")
		default:
			b.WriteString("  " + line + "\n")
		}
	}
	if len(f.l.entries) == 0 || (len(f.l.entries) == 1 && f.l.entries[0].name == "..") {
		b.WriteString(t.Faint.Render("  no bundles here: backspace goes up a folder, / types a path") + "\n")
	}
	if len(f.l.entries) > end {
		b.WriteString(t.Faint.Render(fmt.Sprintf("  … %d more", len(f.l.entries)-end)) + "\n")
	}
	if f.l.hidden > 0 {
		b.WriteString(t.Faint.Render(fmt.Sprintf("  (%d other files hidden)", f.l.hidden)))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) filesHelp() []key.Binding {
	if m.typing {
		return []key.Binding{common.Hint("enter", "open"), common.Hint("esc", "cancel")}
	}
	k := m.ctx.Keys
	open := key.NewBinding(key.WithKeys(k.Open.Keys()...), key.WithHelp(k.Open.Help().Key, "open"))
	move := key.NewBinding(key.WithKeys(append(k.Up.Keys(), k.Down.Keys()...)...), key.WithHelp(k.Up.Help().Key+"/"+k.Down.Help().Key, "move"))
	return []key.Binding{open, move, upDirKey, pathKey, homeKey, common.Hint("esc", "close")}
}
