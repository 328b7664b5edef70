package common

import (
	"encoding/base64"
	"strings"
	"testing"
)

// Under tmux the plain OSC 52 goes out: tmux (set-clipboard on) keeps it
// and passes it on, where the form wrapped for tmux is dropped unless
// allow-passthrough is on.
func TestWriteClipboardSendsPlainOSC52UnderTmux(t *testing.T) {
	for _, env := range []struct{ tmux, term string }{{"/tmp/tmux-0/default,1,0", "screen-256color"}, {"", "xterm-256color"}} {
		t.Setenv("TMUX", env.tmux)
		t.Setenv("TERM", env.term)
		var clip strings.Builder
		restore := SetClipboardOutput(&clip)
		err := WriteClipboard("bob-id name=\"Sam Rivera\"")
		restore()
		want := "\x1b]52;c;" + base64.StdEncoding.EncodeToString([]byte("bob-id name=\"Sam Rivera\"")) + "\x07"
		if err != nil || clip.String() != want {
			t.Errorf("TMUX=%q TERM=%q: wrote %q (%v), want %q", env.tmux, env.term, clip.String(), err, want)
		}
	}
}
