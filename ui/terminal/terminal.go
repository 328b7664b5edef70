// Package terminal owns the terminal while the app runs: its modes (raw
// input, the alternate screen, a hidden cursor, bracketed paste), its
// size, and drawing each frame the moment the app has made it.
//
// Bubble Tea v1's own renderer draws on a ticker, 60 times a second at
// most and 120 at the most it can be asked for: every frame, the first
// one and the one after each key, waited for the next tick, up to 16.7 ms
// (8.3 ms on average), longer than the app took to make the frame. Here
// a frame is drawn as soon as it is handed over, by a goroutine of its
// own, so the app never waits for the terminal: if frames come faster
// than the terminal takes them, the ones in between are skipped and the
// newest is drawn. Only the lines that changed since the last frame are
// written.
//
// The app runs under Bubble Tea with its renderer off
// (tea.WithoutRenderer); Bubble Tea still reads and parses the keys. The
// package never draws anything of its own: the frames are the app's.
package terminal

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"golang.org/x/term"
)

// The sequences that take the terminal for the app and give it back.
const (
	enter = ansi.HideCursor + ansi.SetAltScreenSaveCursorMode + ansi.EraseEntireScreen +
		ansi.CursorHomePosition + ansi.SetBracketedPasteMode
	leave = ansi.ResetBracketedPasteMode + ansi.ShowCursor + ansi.ResetAltScreenSaveCursorMode
)

// Terminal is the terminal the app draws on, from Open to Close.
type Terminal struct {
	in  *os.File // keys; raw while the app has the terminal, if a terminal
	tty *os.File // the terminal opened for keys when in is not one; closed by Close
	out io.Writer
	fd  uintptr     // out's descriptor, for its size; ^0 when out is no file
	was *term.State // in's mode before Open; nil when in is no terminal

	// The frame waiting to be drawn.
	mu      sync.Mutex
	next    string
	waiting bool
	closed  bool
	wake    chan struct{} // one wake-up waits at most
	quit    chan struct{} // closed by Close
	stopped chan struct{} // closed when the drawing goroutine is done

	// The terminal itself and what is on it.
	draw          sync.Mutex
	width, height int
	lines         []string // the lines on the terminal; nil: draw every line
	shown         string   // the frame last drawn (drawn again after a resize or a program run outside)
	away          bool     // a program run outside has the terminal
	buf           bytes.Buffer
}

// Open takes the terminal for the app: keys from in come raw (when in is
// a terminal; when it is not, as when the app's input is a pipe, keys come
// from the controlling terminal, /dev/tty, as Bubble Tea would read them),
// out shows the alternate screen with the cursor hidden and pasted text
// bracketed. Input is where the keys are to be read. Close gives the
// terminal back as it was.
func Open(in *os.File, out io.Writer) (*Terminal, error) {
	t := &Terminal{
		in: in, out: out, fd: ^uintptr(0),
		wake: make(chan struct{}, 1), quit: make(chan struct{}), stopped: make(chan struct{}),
	}
	if f, ok := out.(*os.File); ok {
		t.fd = f.Fd()
		t.width, t.height, _ = term.GetSize(int(t.fd))
	}
	if in != nil && !term.IsTerminal(int(in.Fd())) {
		tty, err := os.Open("/dev/tty")
		if err != nil {
			return nil, errors.New("no terminal to read keys from (standard input is not one and there is no controlling terminal): run bob in a terminal")
		}
		t.in, t.tty = tty, tty
	}
	if t.in != nil && term.IsTerminal(int(t.in.Fd())) {
		was, err := term.MakeRaw(int(t.in.Fd()))
		if err != nil {
			t.closeTTY()
			return nil, err
		}
		t.was = was
	}
	if _, err := io.WriteString(out, enter); err != nil {
		t.restoreInput()
		t.closeTTY()
		return nil, err
	}
	go t.run()
	return t, nil
}

// Input is where the app reads its keys: Open's in, or the controlling
// terminal when in is not one.
func (t *Terminal) Input() *os.File { return t.in }

func (t *Terminal) closeTTY() {
	if t.tty != nil {
		_ = t.tty.Close()
	}
}

// Size is the terminal's width and height in cells, as Open or the last
// resize found it (0 and 0 when out is not a terminal).
func (t *Terminal) Size() (width, height int) {
	t.draw.Lock()
	defer t.draw.Unlock()
	return t.width, t.height
}

// Draw hands over the app's newest frame: lines separated by "\n", each
// at most the terminal's width. It returns at once; the frame is drawn by
// the terminal's goroutine, or replaced by a newer one before it is.
func (t *Terminal) Draw(frame string) {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return
	}
	t.next, t.waiting = frame, true
	t.mu.Unlock()
	select {
	case t.wake <- struct{}{}:
	default: // a wake-up is already waiting; it will take this frame
	}
}

func (t *Terminal) run() {
	defer close(t.stopped)
	for {
		select {
		case <-t.quit:
			return
		case <-t.wake:
			t.mu.Lock()
			frame, ok := t.next, t.waiting
			t.next, t.waiting = "", false
			t.mu.Unlock()
			if ok {
				t.draw.Lock()
				t.render(frame)
				t.draw.Unlock()
			}
		}
	}
}

// render draws frame over what is on the terminal (t.draw held): the
// cursor goes home, an unchanged line is stepped over, a changed one is
// written and the rest of its row erased, and rows the last frame used
// below this one's are cleared.
func (t *Terminal) render(frame string) {
	if t.away {
		// Drawn when the app has the terminal back.
		t.shown, t.lines = frame, nil
		return
	}
	if frame == t.shown && t.lines != nil {
		return
	}
	lines := strings.Split(frame, "\n")
	if t.height > 0 && len(lines) > t.height {
		lines = lines[:t.height]
	}
	b := &t.buf
	b.Reset()
	b.WriteString(ansi.CursorHomePosition)
	if t.lines == nil {
		// Nothing on the terminal is known to be kept (the first frame,
		// a resize, a program run outside): every row is drawn afresh.
		b.WriteString(ansi.EraseEntireScreen)
	}
	for i, line := range lines {
		if i < len(t.lines) && t.lines[i] == line {
			if i < len(lines)-1 {
				b.WriteByte('\n') // raw output: down one row, same column
			}
			continue
		}
		w := ansi.StringWidth(line)
		if t.width > 0 && w > t.width {
			// Only a frame made for the size before a resize is wider:
			// cut, it does not wrap onto the next row.
			line, w = ansi.Truncate(line, t.width, ""), t.width
		}
		b.WriteString(line)
		if w < t.width || t.width <= 0 {
			b.WriteString(ansi.EraseLineRight)
		}
		if i < len(lines)-1 {
			b.WriteString("\r\n")
		}
	}
	if len(t.lines) > len(lines) {
		// Erased from the start of the row below the last: from where the
		// cursor is, the erase would also take the last row (stepped
		// over, the cursor is at its start) or a full row's last cell.
		b.WriteString("\r\n" + ansi.EraseScreenBelow)
	}
	// A failed write (the terminal went away) leaves nothing to do: the
	// program ends when its input does.
	_, _ = t.out.Write(b.Bytes())
	t.shown, t.lines = frame, lines
}

// Write writes p to the terminal between two frames, never inside one: a
// sequence that draws nothing, such as OSC 52's copy to the clipboard.
func (t *Terminal) Write(p []byte) (int, error) {
	t.draw.Lock()
	defer t.draw.Unlock()
	return t.out.Write(p)
}

// resized takes the terminal's new size and draws the last frame again
// in full, cut to it, until the app's frame for the new size comes.
func (t *Terminal) resized() (width, height int, ok bool) {
	w, h, err := term.GetSize(int(t.fd))
	if err != nil {
		return 0, 0, false
	}
	t.draw.Lock()
	defer t.draw.Unlock()
	t.width, t.height = w, h
	t.lines = nil
	t.render(t.shown)
	return w, h, true
}

// Follow sends the app a tea.WindowSizeMsg each time the terminal is
// resized, with send (a tea.Program's Send), until Close.
func (t *Terminal) Follow(send func(tea.Msg)) {
	if t.fd == ^uintptr(0) {
		return
	}
	follow(t, send)
}

// Exec returns cmd as a command for tea.Exec: while it runs, the terminal
// is as it was before the app (the normal screen, the cursor shown, keys
// cooked); after, the app has it back and its last frame is drawn again
// in full.
func (t *Terminal) Exec(cmd *exec.Cmd) tea.ExecCommand {
	return &outside{t: t, cmd: cmd}
}

type outside struct {
	t   *Terminal
	cmd *exec.Cmd
}

func (o *outside) Run() error {
	o.t.giveBack()
	defer o.t.takeBack()
	return o.cmd.Run()
}

// Bubble Tea gives the program run outside the app's input and output,
// unless the command has its own.
func (o *outside) SetStdin(r io.Reader) {
	if o.cmd.Stdin == nil {
		o.cmd.Stdin = r
	}
}

func (o *outside) SetStdout(w io.Writer) {
	if o.cmd.Stdout == nil {
		o.cmd.Stdout = w
	}
}

func (o *outside) SetStderr(w io.Writer) {
	if o.cmd.Stderr == nil {
		o.cmd.Stderr = w
	}
}

// giveBack leaves the terminal as it was before Open, for a program run
// outside the app (Exec).
func (t *Terminal) giveBack() {
	t.draw.Lock()
	defer t.draw.Unlock()
	t.away = true
	_, _ = io.WriteString(t.out, leave)
	t.restoreInput()
}

// takeBack takes the terminal for the app again after giveBack and draws
// its last frame in full.
func (t *Terminal) takeBack() {
	t.draw.Lock()
	defer t.draw.Unlock()
	if t.was != nil {
		_, _ = term.MakeRaw(int(t.in.Fd()))
	}
	_, _ = io.WriteString(t.out, enter)
	t.away, t.lines = false, nil
	t.render(t.shown)
}

func (t *Terminal) restoreInput() {
	if t.was != nil {
		_ = term.Restore(int(t.in.Fd()), t.was)
	}
}

// Close stops drawing and gives the terminal back as Open found it.
func (t *Terminal) Close() error {
	t.mu.Lock()
	if t.closed {
		t.mu.Unlock()
		return nil
	}
	t.closed = true
	t.mu.Unlock()
	close(t.quit)
	<-t.stopped
	t.draw.Lock()
	defer t.draw.Unlock()
	_, err := io.WriteString(t.out, leave)
	if t.was != nil {
		if rerr := term.Restore(int(t.in.Fd()), t.was); err == nil {
			err = rerr
		}
	}
	t.closeTTY()
	return err
}
