package common

import (
	"os"
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

func TestEditText(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	type result struct {
		text string
		err  error
	}
	for _, tt := range []struct {
		editor string
		ok     bool
	}{{"true", true}, {"false", false}} {
		path, err := TempText("bob-*.md", "hello")
		if err != nil {
			t.Fatal(err)
		}
		msg := EditText(tt.editor, path, func(text string, err error) tea.Msg { return result{text, err} })().(ExecMsg)
		got := msg.Done(msg.Cmd.Run()).(result)
		if tt.ok && (got.err != nil || got.text != "hello") || !tt.ok && got.err == nil {
			t.Errorf("%s: %+v", tt.editor, got)
		}
		if _, err := os.Stat(path); !os.IsNotExist(err) {
			t.Errorf("%s: the file was left behind (%v)", tt.editor, err)
		}
	}
}
