package cli

import (
	"bufio"
	"errors"
	"io"
	"strings"
	"testing"
)

func TestGoAhead(t *testing.T) {
	refused, cancelled := errors.New("refused"), errors.New("cancelled")
	for _, c := range []struct {
		name   string
		yes    bool
		tty    bool
		typed  string
		want   error
		asked  bool
		wantIO bool // an error of the input, neither refused nor cancelled
	}{
		{name: "--yes goes on without asking", yes: true, tty: true, typed: "n\n"},
		{name: "--yes without a terminal", yes: true},
		{name: "no terminal is refused", typed: "y\n", want: refused},
		{name: "yes on the terminal", tty: true, typed: "y\n", asked: true},
		{name: "YES on the terminal", tty: true, typed: " YES \n", asked: true},
		{name: "no on the terminal", tty: true, typed: "n\n", want: cancelled, asked: true},
		{name: "Enter is no", tty: true, typed: "\n", want: cancelled, asked: true},
		{name: "end of input", tty: true, asked: true, wantIO: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			var asked strings.Builder
			in := strings.NewReader(c.typed)
			p := &prompter{raw: in, in: bufio.NewReader(in), out: &asked, tty: c.tty}
			err := p.goAhead(c.yes, "Go on?", refused, cancelled)
			switch {
			case c.wantIO:
				if err == nil || errors.Is(err, refused) || errors.Is(err, cancelled) {
					t.Errorf("err = %v, want the input's error", err)
				}
			case !errors.Is(err, c.want) || (c.want == nil && err != nil):
				t.Errorf("err = %v, want %v", err, c.want)
			}
			if got := asked.String() == "Go on? [y/N] "; got != c.asked {
				t.Errorf("asked %q, want asked %v", asked.String(), c.asked)
			}
			if c.asked && c.typed != "" {
				if rest, _ := io.ReadAll(p.in); len(rest) != 0 {
					t.Errorf("left %q unread", rest)
				}
			}
		})
	}
}
