package common

import (
	"time"

	"github.com/charmbracelet/bubbles/help"
	tea "github.com/charmbracelet/bubbletea"

	"bob/playbooks"
	"bob/store"
)

// Context is the one program context shared by every pane: kept by the
// root model and synced to every child on resize, like a config that
// never goes stale.
type Context struct {
	Width, Height int
	Theme         *Theme
	Keys          *KeyMap
	Store         *store.Store
	// Now is the clock. Tests pin it so that "renews in 42 days" is stable.
	Now func() time.Time
	// Author is the CSM's name, written on the entries they create.
	Author string
	// Editor is the command that opens long text ($VISUAL or $EDITOR);
	// empty means use the in-app text area.
	Editor string
	// ConfigDir is bob's config folder: the CSM's identity and the
	// colleagues they hand accounts to live there (see handoff).
	ConfigDir string
	// Playbooks are the built-in playbooks and the user's own that loaded
	// (a broken file is left out and reported in the status line).
	Playbooks []playbooks.Playbook
}

// Component is one pane of the UI: a Bubble Tea model that also describes
// its keys (for the help bar and the full help) and can be resized.
type Component interface {
	tea.Model
	help.KeyMap
	SetSize(width, height int)
}

// TabComponent is a Component that lives in a tab bar.
type TabComponent interface {
	Component
	TabName() string
}

// Capturer is a screen that sometimes wants every key: while it has a
// focused text input (a filter, a form field) or a modal prompt (a y/n
// confirmation, a picker), Capturing reports true and the root hands it
// every key except ctrl+c before any global binding, so typing "q" or "?"
// into a filter types the letter instead of quitting or opening the help.
type Capturer interface {
	Capturing() bool
}

// BackHandler is a screen with steps of its own, such as a wizard. While
// HandlesBack reports true, the root hands it esc and q instead of
// closing it: esc goes back one step, so going back never throws away
// the steps before, and the screen decides when it may close (not while
// it is writing a file, say).
type BackHandler interface {
	HandlesBack() bool
}

// Closer is a screen that holds something to let go once it is closed
// (taken off the stack): the import and export screens, which set the
// garbage collector for a whole book's worth of records while they are
// open (see memtune).
type Closer interface {
	Close()
}
