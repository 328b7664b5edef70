package terminal

import (
	"bytes"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// screen is a terminal's output as the tests read it.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

// take returns what was written since the last take.
func (s *screen) take() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.buf.String()
	s.buf.Reset()
	return out
}

// open opens a terminal of width by height over a screen; its input is
// no terminal, so no mode changes.
func open(t *testing.T, width, height int) (*Terminal, *screen) {
	t.Helper()
	s := &screen{}
	term, err := Open(nil, s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { term.Close() })
	term.draw.Lock()
	term.width, term.height = width, height
	term.draw.Unlock()
	if got := s.take(); got != enter {
		t.Fatalf("Open wrote %q, want %q", got, enter)
	}
	return term, s
}

// renderNow draws frame as the drawing goroutine does.
func (t *Terminal) renderNow(frame string) {
	t.draw.Lock()
	defer t.draw.Unlock()
	t.render(frame)
}

const (
	home  = ansi.CursorHomePosition
	clear = ansi.EraseEntireScreen
	el    = ansi.EraseLineRight
)

func TestFirstFrameDrawsEveryRow(t *testing.T) {
	term, s := open(t, 10, 3)
	term.renderNow("one\ntwo\nthree")
	want := home + clear + "one" + el + "\r\n" + "two" + el + "\r\n" + "three" + el
	if got := s.take(); got != want {
		t.Errorf("first frame:\n got %q\nwant %q", got, want)
	}
}

func TestOnlyChangedLinesAreWritten(t *testing.T) {
	term, s := open(t, 10, 3)
	term.renderNow("one\ntwo\nthree")
	s.take()
	term.renderNow("one\nTWO\nthree")
	// The first row is stepped over, the second written, the last one
	// left alone.
	want := home + "\n" + "TWO" + el + "\r\n"
	if got := s.take(); got != want {
		t.Errorf("second frame:\n got %q\nwant %q", got, want)
	}
	term.renderNow("one\nTWO\nthree")
	if got := s.take(); got != "" {
		t.Errorf("the same frame again wrote %q, want nothing", got)
	}
}

func TestFullWidthLineIsNotErased(t *testing.T) {
	term, s := open(t, 5, 2)
	term.renderNow("abcde\nab")
	// Erasing after a full row would erase its last cell on some
	// terminals: only the shorter row gets it.
	want := home + clear + "abcde" + "\r\n" + "ab" + el
	if got := s.take(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestShorterFrameClearsTheRowsBelow(t *testing.T) {
	term, s := open(t, 10, 3)
	term.renderNow("one\ntwo\nthree")
	s.take()
	term.renderNow("one")
	// The first row stays: the erase starts on the row below it.
	if got, want := s.take(), home+"\r\n"+ansi.EraseScreenBelow; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFrameIsCutToTheTerminal(t *testing.T) {
	term, s := open(t, 4, 2)
	term.renderNow("abcdefgh\n" + ansi.Style{}.Bold().Styled("boldly") + "\nthird")
	got := s.take()
	if strings.Contains(got, "third") || strings.Contains(got, "abcde") || strings.Contains(got, "bold"+"l") {
		t.Errorf("a frame wider or taller than the terminal was drawn uncut: %q", got)
	}
	if !strings.Contains(got, "abcd") || !strings.Contains(got, "bold") {
		t.Errorf("the cut frame lost what fits: %q", got)
	}
}

func TestDrawShowsTheNewestFrame(t *testing.T) {
	term, s := open(t, 10, 1)
	for _, f := range []string{"a", "b", "c"} {
		term.Draw(f)
	}
	var seen string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if seen += s.take(); strings.HasSuffix(seen, "c"+el) {
			break
		}
	}
	if !strings.HasSuffix(seen, "c"+el) {
		t.Fatalf("the newest frame was not drawn; the terminal got %q", seen)
	}
	if strings.Count(seen, home) > 3 {
		t.Errorf("more frames were drawn than were made: %q", seen)
	}
}

func TestProgramOutsideGetsTheTerminalAndTheFrameComesBack(t *testing.T) {
	term, s := open(t, 10, 2)
	term.renderNow("one\ntwo")
	s.take()
	cmd := term.Exec(exec.Command("true"))
	var out bytes.Buffer
	cmd.SetStdout(&out)
	// A frame made while the program runs is drawn after it.
	term.giveBack()
	term.renderNow("one\nTWO")
	if got := s.take(); got != leave {
		t.Fatalf("handing over the terminal wrote %q, want only %q", got, leave)
	}
	term.takeBack()
	want := enter + home + clear + "one" + el + "\r\n" + "TWO" + el
	if got := s.take(); got != want {
		t.Errorf("taking it back:\n got %q\nwant %q", got, want)
	}
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); got != leave+enter+home+clear+"one"+el+"\r\n"+"TWO"+el {
		t.Errorf("running a program outside wrote %q", got)
	}
}

func TestCloseGivesTheTerminalBack(t *testing.T) {
	term, s := open(t, 10, 2)
	if err := term.Close(); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); got != leave {
		t.Errorf("Close wrote %q, want %q", got, leave)
	}
	term.Draw("late") // after Close: ignored
	if err := term.Close(); err != nil {
		t.Fatal(err)
	}
	if got := s.take(); got != "" {
		t.Errorf("after Close the terminal got %q", got)
	}
}
