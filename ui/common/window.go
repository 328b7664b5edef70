package common

// ScrollOffset returns the first row to draw of n rows of which visible
// fit on screen, so that the cursor stays on screen: it scrolls as little
// as possible from offset, and never past the last full page. Every list
// in the UI draws only rows [offset, offset+visible), which is what keeps
// 10,000 accounts or a long timeline as fast as ten.
func ScrollOffset(cursor, offset, n, visible int) int {
	visible = max(visible, 1)
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+visible {
		offset = cursor - visible + 1
	}
	return max(min(offset, n-visible), 0)
}

// ScrollBlock is ScrollOffset for a block of lines [start, end) that
// should be in sight as a whole (a field with its help and error, a
// check with its gaps) in a window of visible lines of n: its end is
// brought into view, then its start, which wins when it does not fit.
func ScrollBlock(start, end, offset, n, visible int) int {
	if start < offset {
		offset = start
	}
	if end > offset+visible {
		offset = min(start, end-visible)
	}
	return max(0, min(offset, max(n-visible, 0)))
}
