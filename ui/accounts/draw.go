package accounts

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"bob/ui/common"
)

// The list keeps the rows it drew on its last screens, so that a screen
// draws again only the rows that changed. Typing in the filter draws the
// whole app once per message (each key, each match that comes back), and
// styling a row cell by cell was most of what a keystroke cost; a row
// drawn once is now looked up until it changes.
//
// A row's text depends on the account (the book), the layout (the width),
// the theme and the colour profile (which every row shares), and on the
// row itself: which account, under the cursor or not, selected or not,
// and which letters of its name match the filter. The first four decide
// whether the cache holds at all; the rest are each row's key. The cache
// keeps the rows of the last two screens, so it never grows past what two
// screens hold.

// drawKey is what every drawn row depends on: when it changes, nothing
// drawn before is kept.
type drawKey struct {
	book    *book
	layout  layout
	theme   *common.Theme
	profile termenv.Profile
	dark    bool
}

// rowKey is what one row's text depends on besides the drawKey.
type rowKey struct {
	i                int // the account's index in the book
	cursor, selected bool
	// The matched letters of the name: a match result is never changed
	// once made, so the slice's first element and length name it.
	match    *int
	matchLen int
}

// drawCache holds the rows and the column header drawn last.
type drawCache struct {
	key        drawKey
	rows, last map[rowKey]string // this screen's rows, the screen before's
	header     string
	// styles are the escape sequences each style a row cell is drawn in
	// puts around its text (see paint).
	styles map[*lipgloss.Style]affix
}

// begin starts a screen drawn under key: it keeps what the last screens
// drew if key is the same, and forgets it otherwise.
func (c *drawCache) begin(key drawKey) {
	if key != c.key || c.rows == nil {
		*c = drawCache{key: key, rows: map[rowKey]string{}, last: map[rowKey]string{}, styles: map[*lipgloss.Style]affix{}}
		return
	}
	// The rows of the screen before last go; last keeps this screen's.
	c.rows, c.last = c.last, c.rows
	clear(c.rows)
}

// row returns the row drawn for k, from this screen or the one before.
func (c *drawCache) row(k rowKey) (string, bool) {
	if s, ok := c.rows[k]; ok {
		return s, true
	}
	s, ok := c.last[k]
	if ok {
		c.rows[k] = s
	}
	return s, ok
}

// drawKey returns what the list's rows depend on now.
func (m *Model) drawKey() drawKey {
	return drawKey{
		book:    m.book,
		layout:  m.layout,
		theme:   m.ctx.Theme,
		profile: lipgloss.ColorProfile(),
		dark:    lipgloss.HasDarkBackground(),
	}
}

// drawRow draws row r, or returns it as drawn on one of the last screens.
func (m *Model) drawRow(r row, cursor bool) string {
	k := rowKey{i: r.i, cursor: cursor, selected: m.selected[m.book.sums[r.i].ID]}
	if n := len(r.hit.name); n > 0 {
		k.match, k.matchLen = &r.hit.name[0], n
	}
	if s, ok := m.draw.row(k); ok {
		return s
	}
	s := m.renderRow(r, cursor)
	m.draw.rows[k] = s
	return s
}

// drawHeader draws the column titles, once per drawKey.
func (m *Model) drawHeader() string {
	if m.draw.header == "" {
		m.draw.header = m.renderHeader()
	}
	return m.draw.header
}

// A screen of rows drawn afresh (the first screen, a page down, the first
// matches of a filter) styles a few hundred cells, and lipgloss works out
// every property of a style on each call: most of the time the first
// screen took to draw. A row cell is one line of plain text in a style of
// colours and attributes only, which comes out as the text between two
// escape sequences that depend on the style alone (and on the colour
// profile and background, which the drawKey holds): paint works them out
// once per style and screen key.

// affix is what a style puts before and after a cell's text. ok is false
// for a style that does more than that (padding, say), which lipgloss
// draws every time. A style that underlines styles each letter and each
// space apart, so a text of more than one letter is drawn by lipgloss
// unless words is true, and a text with a space unless spaces is.
type affix struct {
	before, after     string
	ok, words, spaces bool
}

// paint is style.Render(text) for one cell of a row.
func (c *drawCache) paint(style *lipgloss.Style, text string) string {
	if text == "" || strings.ContainsAny(text, "\n\r\t") || c.styles == nil {
		return style.Render(text)
	}
	a, seen := c.styles[style]
	if !seen {
		a = affixOf(style)
		c.styles[style] = a
	}
	switch {
	case !a.ok,
		!a.words && utf8.RuneCountInString(text) > 1,
		!a.spaces && strings.ContainsAny(text, " \u00a0"):
		return style.Render(text)
	}
	return a.before + text + a.after
}

// affixOf works out what style puts around a cell's text, and checks
// that letters, words and spaces of several alphabets and widths come
// out the same way.
func affixOf(style *lipgloss.Style) affix {
	const probe = "x"
	out := style.Render(probe)
	i := strings.Index(out, probe)
	if i < 0 {
		return affix{}
	}
	a := affix{before: out[:i], after: out[i+len(probe):]}
	same := func(texts ...string) bool {
		for _, t := range texts {
			if style.Render(t) != a.before+t+a.after {
				return false
			}
		}
		return true
	}
	a.ok = same("é", "日", "°")
	a.words = a.ok && same("probe", "日本", "N°1")
	a.spaces = a.words && same("a b", " é ", "x\u00a0y")
	return a
}
