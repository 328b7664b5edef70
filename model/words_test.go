package model

import "testing"

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		n          int
		word, want string
	}{
		{0, "account", "0 accounts"}, {1, "account", "1 account"}, {2, "account", "2 accounts"},
		{3, "entry", "3 entries"}, {1, "entry", "1 entry"}, {2, "day", "2 days"}, {2, "key", "2 keys"},
	} {
		if got := Plural(c.n, c.word); got != c.want {
			t.Errorf("Plural(%d, %q) = %q, want %q", c.n, c.word, got, c.want)
		}
	}
}

func TestSizeWords(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{812, "812 B"}, {14 << 10, "14 KB"}, {1536, "2 KB"}, {5 << 19, "2.5 MB"}, {512 << 20, "512 MB"}, {2 << 30, "2 GB"}, {3 << 29, "1.5 GB"}} {
		if got := SizeWords(c.n); got != c.want {
			t.Errorf("SizeWords(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}
