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

func TestScrollBlock(t *testing.T) {
	for _, tt := range []struct{ start, end, offset, n, visible, want int }{
		{0, 2, 0, 20, 5, 0},    // in sight: stays
		{6, 8, 0, 20, 5, 3},    // below: its end comes into view
		{2, 4, 10, 20, 5, 2},   // above: its start comes into view
		{6, 16, 0, 20, 5, 6},   // taller than the window: its start wins
		{18, 20, 0, 20, 5, 15}, // never past the last full page
		{0, 1, 7, 3, 5, 0},     // fewer lines than the window
	} {
		if got := ScrollBlock(tt.start, tt.end, tt.offset, tt.n, tt.visible); got != tt.want {
			t.Errorf("ScrollBlock(%d, %d, %d, %d, %d) = %d, want %d", tt.start, tt.end, tt.offset, tt.n, tt.visible, got, tt.want)
		}
	}
}
