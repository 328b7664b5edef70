package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// Movement says how far a navigation key (up, down, top, bottom, page up,
// page down) moves a cursor over n rows with page rows on screen, and
// whether msg is one of those keys at all. Lists share it so that the same
// keys move the same way everywhere.
func (k *KeyMap) Movement(msg tea.KeyMsg, n, page int) (int, bool) {
	switch {
	case key.Matches(msg, k.Up):
		return -1, true
	case key.Matches(msg, k.Down):
		return 1, true
	case key.Matches(msg, k.Top):
		return -n, true
	case key.Matches(msg, k.Bottom):
		return n, true
	case key.Matches(msg, k.PageUp):
		return -max(page, 1), true
	case key.Matches(msg, k.PageDown):
		return max(page, 1), true
	}
	return 0, false
}

// MovementKeys are the keys Movement moves a cursor on, as a row of a
// list's full help.
func (k *KeyMap) MovementKeys() []key.Binding {
	return []key.Binding{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown}
}

// MoveCursor moves *cursor over n rows on a navigation key (see
// Movement), keeping it on a row, and reports whether msg was one.
func (k *KeyMap) MoveCursor(msg tea.KeyMsg, cursor *int, n, page int) bool {
	d, ok := k.Movement(msg, n, page)
	if ok {
		*cursor = Clamp(*cursor+d, n)
	}
	return ok
}

// Clamp keeps a cursor on one of n rows (on 0 when there are none).
func Clamp(cursor, n int) int { return max(min(cursor, n-1), 0) }

// Land returns the row nearest to cursor (of n) that the cursor may rest
// on (ok), looking first the way it moved (down when dir ≥ 0, up when
// dir < 0) and then the other way, or cursor when there is none: a list
// with rows the cursor passes over, such as headings, lands it with this
// after every move.
func Land(cursor, n, dir int, ok func(i int) bool) int {
	if dir >= 0 {
		dir = 1
	} else {
		dir = -1
	}
	for _, d := range []int{dir, -dir} {
		for i := cursor; i >= 0 && i < n; i += d {
			if ok(i) {
				return i
			}
		}
	}
	return cursor
}

// ScrollViewport scrolls vp on the navigation keys (space pages down, as
// in a pager) and reports whether msg was one of them.
func (k *KeyMap) ScrollViewport(vp *viewport.Model, msg tea.KeyMsg) bool {
	switch {
	case key.Matches(msg, k.Up):
		vp.ScrollUp(1)
	case key.Matches(msg, k.Down):
		vp.ScrollDown(1)
	case key.Matches(msg, k.PageUp):
		vp.PageUp()
	case key.Matches(msg, k.PageDown), msg.String() == " ":
		vp.PageDown()
	case key.Matches(msg, k.Top):
		vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		vp.GotoBottom()
	default:
		return false
	}
	return true
}

// Breadcrumb draws the steps of a wizard: the current one highlighted,
// the ones done subdued, the ones to come faint.
func (t *Theme) Breadcrumb(steps []string, current int) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		switch {
		case i == current:
			parts[i] = t.TabActive.Render(s)
		case i < current:
			parts[i] = t.Subtle.Render(s)
		default:
			parts[i] = t.Faint.Render(s)
		}
	}
	return strings.Join(parts, t.Faint.Render(" › "))
}
