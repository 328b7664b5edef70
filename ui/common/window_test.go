package common

import "testing"

func TestScrollOffset(t *testing.T) {
	cases := []struct{ cursor, offset, n, visible, want int }{
		{0, 0, 100, 10, 0},   // top
		{9, 0, 100, 10, 0},   // last visible row: no scroll
		{10, 0, 100, 10, 1},  // one past: scroll by one
		{5, 20, 100, 10, 5},  // above: scroll up to it
		{99, 0, 100, 10, 90}, // bottom
		{3, 50, 5, 10, 0},    // fewer rows than fit
		{0, 0, 0, 10, 0},     // empty
		{4, 0, 10, 0, 4},     // no room: still shows the cursor row
	}
	for _, c := range cases {
		if got := ScrollOffset(c.cursor, c.offset, c.n, c.visible); got != c.want {
			t.Errorf("ScrollOffset(%d, %d, %d, %d) = %d, want %d", c.cursor, c.offset, c.n, c.visible, got, c.want)
		}
	}
}
