package common

import (
	"io"
	"os"
	"strings"
	"sync"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
)

// The clipboard is written with OSC 52: the terminal (and, through it,
// an ssh session or tmux) puts the text on the system clipboard, with no
// program or library of the operating system involved. A terminal that
// does not know OSC 52 ignores it, so the screen that copies also shows
// the text to select by hand.

var (
	clipMu sync.Mutex
	// clipOut is where the sequence goes: the terminal the app draws on
	// (the app sets it, so a sequence never lands inside a frame);
	// standard error until then. Tests replace it.
	clipOut io.Writer = os.Stderr
)

// SetClipboardOutput sends the clipboard's sequences to w and returns a
// function that restores the terminal. Tests use it to read what was
// copied.
func SetClipboardOutput(w io.Writer) (restore func()) {
	clipMu.Lock()
	defer clipMu.Unlock()
	was := clipOut
	clipOut = w
	return func() {
		clipMu.Lock()
		defer clipMu.Unlock()
		clipOut = was
	}
}

// Copy returns a command that puts text on the clipboard and says so in
// the status line as what ("your public id copied").
func Copy(text, what string) tea.Cmd {
	return func() tea.Msg {
		if err := WriteClipboard(text); err != nil {
			return StatusMsg{Text: "could not copy to the clipboard: " + err.Error() + "; select the text on the screen instead", Error: true}
		}
		return StatusMsg{Text: what + " (if your terminal does not take it, select it on the screen)"}
	}
}

// WriteClipboard puts text on the clipboard now: the one way bob writes
// OSC 52, for a screen
// whose copy says more than Copy's status line. Call it from a tea.Cmd.
func WriteClipboard(text string) error {
	seq := osc52.New(text)
	// tmux gets the plain sequence: with set-clipboard on it keeps the
	// text and passes it to the outer terminal, while the wrapped form
	// for tmux is dropped unless allow-passthrough is on (off by default
	// since tmux 3.3). (TERM=screen under tmux is tmux's.)
	if os.Getenv("TMUX") == "" && strings.HasPrefix(os.Getenv("TERM"), "screen") {
		seq = seq.Screen()
	}
	clipMu.Lock()
	defer clipMu.Unlock()
	_, err := seq.WriteTo(clipOut)
	return err
}
