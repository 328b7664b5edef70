package common

import "testing"

func TestClip(t *testing.T) {
	if got := Clip("abcdef\nxy\nz", 4, 2); got != "abc…\nxy" {
		t.Errorf("Clip = %q", got)
	}
	if got := Clip("abc", 0, 0); got != "abc" {
		t.Errorf("Clip without limits = %q", got)
	}
}

func TestHint(t *testing.T) {
	h := Hint("/", "type a path")
	if h.Keys()[0] != "/" || h.Help().Key != "/" {
		t.Errorf("Hint(/) keys %v", h.Keys())
	}
	h = Hint("←/→", "change", "left", "right")
	if len(h.Keys()) != 2 || h.Help().Key != "←/→" {
		t.Errorf("Hint(←/→) keys %v help %q", h.Keys(), h.Help().Key)
	}
}
