package common

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 accounts"}, {1, "1 account"}, {2, "2 accounts"}} {
		if got := Plural(c.n, "account"); got != c.want {
			t.Errorf("Plural(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestSizeWords(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{812, "812 B"}, {14 << 10, "14 KB"}, {1536, "2 KB"}, {5 << 19, "2.5 MB"}} {
		if got := SizeWords(c.n); got != c.want {
			t.Errorf("SizeWords(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

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
