package accounts

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sync"

	tea "github.com/charmbracelet/bubbletea"

	"bob/atomicfile"
	"bob/model"
	"bob/ui/common"
)

// The list's order and filters (tag, stage, handed-off accounts shown)
// are remembered between runs in PrefsFile in bob's config folder,
// private to the CSM (0600). The filter text is not: it is a search,
// not a way of looking at the book.

// PrefsFile is the file in the config folder that keeps them.
const PrefsFile = "list.json"

// prefs is the file's content.
type prefs struct {
	Sort          string `json:"sort"`
	Tag           string `json:"tag,omitempty"`
	Stage         string `json:"stage,omitempty"`
	ShowHandedOff bool   `json:"show_handed_off,omitempty"`
}

// orderNames name the orders in the file; they never change meaning.
var orderNames = map[Order]string{
	ByName: "name", ByRenewal: "renewal", ByARR: "arr", ByHealth: "health", ByLastTouch: "last-touch",
}

func prefsOf(v view) prefs {
	return prefs{Sort: orderNames[v.order], Tag: v.tag, Stage: string(v.stage), ShowHandedOff: v.showHandedOff}
}

// apply puts the remembered order and filters into v. A value this bob
// does not know (a file from a newer bob, or edited by hand) is left out.
func (p prefs) apply(v *view) {
	for o, name := range orderNames {
		if name == p.Sort {
			v.order = o
		}
	}
	v.tag = p.Tag
	if slices.Contains(model.Stages, model.Stage(p.Stage)) {
		v.stage = model.Stage(p.Stage)
	}
	v.showHandedOff = p.ShowHandedOff
}

// prefsMsg is the remembered view, read in a tea.Cmd.
type prefsMsg struct {
	p   prefs
	err error
}

// readPrefs reads the file (in the tea.Cmd that loads the list); a
// missing one is the default view.
func readPrefs(dir string) prefsMsg {
	if dir == "" {
		return prefsMsg{}
	}
	path := filepath.Join(dir, PrefsFile)
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return prefsMsg{}
	case err != nil:
		return prefsMsg{err: fmt.Errorf("read the list's remembered order (%s): %w", path, err)}
	}
	var p prefs
	if err := json.Unmarshal(data, &p); err != nil {
		return prefsMsg{err: fmt.Errorf("%s is damaged (%v): the list starts in its default order; sorting or filtering writes it again", path, err)}
	}
	return prefsMsg{p: p}
}

// prefsWriter writes the file one save at a time, newest wins: keys
// typed fast start several saves whose commands run at once, and an
// older one must not land after a newer one.
type prefsWriter struct {
	mu        sync.Mutex
	seq, done int
}

// savePrefs remembers v's order and filters, in a tea.Cmd.
func (m *Model) savePrefs() tea.Cmd {
	dir, p := m.ctx.ConfigDir, prefsOf(m.view)
	if dir == "" {
		return nil
	}
	if m.prefs == nil {
		m.prefs = &prefsWriter{}
	}
	w := m.prefs
	w.mu.Lock()
	w.seq++
	seq := w.seq
	w.mu.Unlock()
	return func() tea.Msg {
		w.mu.Lock()
		defer w.mu.Unlock()
		if seq < w.done {
			return nil // a newer save landed already
		}
		data, err := json.MarshalIndent(p, "", "  ")
		if err == nil {
			if err = os.MkdirAll(dir, 0o700); err == nil {
				err = atomicfile.WriteData(filepath.Join(dir, PrefsFile), append(data, '\n'))
			}
		}
		if err != nil {
			return common.StatusMsg{Text: "the list's order could not be remembered for next time: " + err.Error(), Error: true}
		}
		w.done = seq
		return nil
	}
}
