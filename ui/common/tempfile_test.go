package common

import (
	"os"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestTempText(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	path, err := TempText("bob-*.md", "hello")
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, want 0600", fi.Mode().Perm())
	}
	if b, _ := os.ReadFile(path); string(b) != "hello" {
		t.Errorf("wrote %q", b)
	}
	t.Setenv("TMPDIR", "/nonexistent-dir-for-bob-test")
	if p, err := TempText("bob-*.md", "x"); err == nil || p != "" {
		t.Errorf("in a missing folder: %q, %v", p, err)
	}
}

func TestEdit(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	type result struct {
		text string
		err  error
	}
	done := func(text string, err error) tea.Msg { return result{text, err} }
	for _, tt := range []struct {
		editor string
		ok     bool
	}{{"true", true}, {"false", false}} {
		msg := Edit(tt.editor, "bob-*.md", "hello", done)().(ExecMsg)
		path := msg.Cmd.Args[len(msg.Cmd.Args)-1]
		got := msg.Done(msg.Cmd.Run()).(result)
		if tt.ok && (got.err != nil || got.text != "hello") || !tt.ok && got.err == nil {
			t.Errorf("%s: %+v", tt.editor, got)
		}
		if !tt.ok && !strings.HasPrefix(got.err.Error(), "the editor failed") {
			t.Errorf("%s: %v, want it to say the editor failed", tt.editor, got.err)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s: the file was left behind (%v)", tt.editor, err)
		}
	}
	if got, ok := Edit("  ", "bob-*.md", "hello", done)().(result); !ok || got.err == nil {
		t.Errorf("a blank editor: %+v, want an error", got)
	}
	t.Setenv("TMPDIR", "/nonexistent-dir-for-bob-test")
	if got, ok := Edit("true", "bob-*.md", "hello", done)().(result); !ok || got.err == nil || !strings.HasPrefix(got.err.Error(), "cannot open the editor") {
		t.Errorf("with no folder for the file: %+v, want cannot open the editor", got)
	}
}
