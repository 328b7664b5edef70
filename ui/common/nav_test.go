package common_test

import (
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
)

func TestMoveCursorKeepsTheCursorOnARow(t *testing.T) {
	k := common.DefaultKeyMap()
	for _, c := range []struct {
		key           string
		from, n, want int
		moved         bool
	}{
		{"down", 0, 3, 1, true},
		{"up", 0, 3, 0, true},
		{"G", 1, 3, 2, true},
		{"pgdown", 0, 30, 10, true},
		{"down", 0, 0, 0, true},
		{"x", 1, 3, 1, false},
	} {
		cur := c.from
		msg := tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(c.key)}
		switch c.key {
		case "down":
			msg = tea.KeyMsg{Type: tea.KeyDown}
		case "up":
			msg = tea.KeyMsg{Type: tea.KeyUp}
		case "pgdown":
			msg = tea.KeyMsg{Type: tea.KeyPgDown}
		}
		if moved := k.MoveCursor(msg, &cur, c.n, 10); moved != c.moved || cur != c.want {
			t.Errorf("%s from %d of %d: at %d (moved %v), want %d (%v)", c.key, c.from, c.n, cur, moved, c.want, c.moved)
		}
	}
}

func TestLandPassesOverRowsTheCursorCannotRestOn(t *testing.T) {
	// rows: heading, item, item, heading, item
	item := []bool{false, true, true, false, true}
	ok := func(i int) bool { return item[i] }
	for _, c := range []struct{ from, dir, want int }{
		{3, 1, 4},  // down onto a heading: the item after it
		{3, -1, 2}, // up onto a heading: the item before it
		{0, -1, 1}, // up onto the first heading: nothing above, so the item below
		{0, 0, 1},
		{2, 1, 2},
	} {
		if got := common.Land(c.from, len(item), c.dir, ok); got != c.want {
			t.Errorf("from %d dir %d: %d, want %d", c.from, c.dir, got, c.want)
		}
	}
	if got := common.Land(1, 2, 1, func(int) bool { return false }); got != 1 {
		t.Errorf("with nowhere to land: %d, want 1", got)
	}
}

func TestUpDownShowsTheBoundKeys(t *testing.T) {
	k := common.DefaultKeyMap()
	k.Up.SetKeys("w")
	k.Up.SetHelp("w", "up")
	b := k.UpDown("move")
	want := append([]string{"w"}, k.Down.Keys()...)
	if got := b.Keys(); !slices.Equal(got, want) {
		t.Errorf("keys %q, want %q", got, want)
	}
	if h := b.Help(); h.Key != "w/"+k.Down.Help().Key || h.Desc != "move" {
		t.Errorf("help %+v", h)
	}
	if got := k.Up.Keys(); !slices.Equal(got, []string{"w"}) {
		t.Errorf("the up key itself changed: %q", got)
	}
}
