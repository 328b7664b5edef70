package accounts

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/ui/common"
)

// column is one column of the list after the name. Each has a compact
// form that fits 80 columns and a full form used when there is room.
type column struct {
	title, short  string // header when full, when compact
	full, compact int    // widths
	right         bool   // right-aligned (numbers)
	widen         int    // the order in which columns widen: lower first
}

const (
	colHealth = iota
	colARR
	colRenewal
	colStage
	colTouch
	colTasks
	colHandoff
	colCount
)

var columns = [colCount]column{
	colHealth: {title: "health", short: "health", full: 9, compact: 9, widen: 9},
	colARR:    {title: "ARR", short: "ARR", full: 13, compact: 5, right: true, widen: 2},
	// Compact, the renewal is its countdown alone: at 80 columns the date
	// cost the name column ten cells, and names cut to a dozen letters
	// ("Moorland Ana…", "Moorland Aut…") could not be told apart. The date
	// is the first thing a wider terminal gets back.
	colRenewal: {title: "renewal", short: "renewal", full: 16, compact: 7, widen: -1},
	colStage:   {title: "stage", short: "stage", full: 17, compact: 7, widen: 0},
	colTouch:   {title: "last touch", short: "touch", full: 10, compact: 5, right: true, widen: 3},
	colTasks:   {title: "open tasks", short: "tasks", full: 10, compact: 5, right: true, widen: 4},
	colHandoff: {title: "handoff", short: "handoff", full: 10, compact: 7, widen: 1},
}

// markerWidth is the marker column: "›" on the cursor row and "✓" on a
// selected one, so both read without colour or reverse video (NO_COLOR
// strips those too), then a space.
const markerWidth = 3

// minName is the narrowest the name column may get before other columns
// give up their full form; at 80 columns it is still wider than this.
const minName = 28

// layout is how wide each column is drawn at the list's width.
type layout struct {
	name  int
	full  [colCount]bool
	width [colCount]int
	// currency: the book holds more than one currency, so a compact ARR
	// names its currency too ("EUR 14.5k").
	currency bool
}

// currencyWidth is what "EUR " adds to the compact ARR column.
const currencyWidth = 4

// layoutFor fits the columns to width: every column starts compact, and
// columns widen one by one, in their upgrade order, while the name keeps
// at least minName cells. The name takes whatever is left.
func layoutFor(width int, currency bool) layout {
	l := layout{currency: currency}
	cols := columns
	if currency {
		cols[colARR].compact += currencyWidth
	}
	used := markerWidth
	for c := range cols {
		l.width[c] = cols[c].compact
		used += 1 + cols[c].compact
	}
	order := make([]int, colCount)
	for c := range order {
		order[c] = c
	}
	// a handful of columns: insertion sort by upgrade order
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && cols[order[j]].widen < cols[order[j-1]].widen; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for _, c := range order {
		extra := cols[c].full - cols[c].compact
		if width-used-extra >= minName {
			l.full[c] = true
			l.width[c] = cols[c].full
			used += extra
		}
	}
	l.name = max(width-used, 8)
	return l
}

// seg is a run of text in one style. A seg without a style is written
// as it is: plain text, or text already styled (such as Theme.Health's
// output); under the cursor its styling is stripped so the whole row can
// be drawn in reverse video. The style is a pointer because a
// lipgloss.Style is large and a screen holds hundreds of segs.
type seg struct {
	text  string
	style *lipgloss.Style
	match bool // a matched character of the filter
}

// cell pads or truncates segments to exactly w cells.
func cell(segs []seg, w int, right bool) []seg {
	total := 0
	for _, s := range segs {
		total += ansi.StringWidth(s.text)
	}
	if total > w {
		// Truncate plain text across the segments, ending with "…".
		var out []seg
		room := w - 1
		for _, s := range segs {
			sw := ansi.StringWidth(s.text)
			if sw <= room {
				out = append(out, s)
				room -= sw
				continue
			}
			if room > 0 {
				s.text = ansi.Truncate(s.text, room, "")
				room -= ansi.StringWidth(s.text)
				out = append(out, s)
			}
			break
		}
		out = append(out, seg{text: strings.Repeat(" ", room) + "…"})
		return out
	}
	pad := seg{text: strings.Repeat(" ", w-total)}
	if right {
		return append([]seg{pad}, segs...)
	}
	return append(segs, pad)
}

// nameSegs splits a name into plain runs and matched characters.
func nameSegs(name string, matched []int, t *common.Theme, base *lipgloss.Style) []seg {
	if len(matched) == 0 {
		return []seg{{text: name, style: base}}
	}
	is := make(map[int]bool, len(matched))
	for _, i := range matched {
		is[i] = true
	}
	var out []seg
	var run strings.Builder
	flush := func() {
		if run.Len() > 0 {
			out = append(out, seg{text: run.String(), style: base})
			run.Reset()
		}
	}
	for i, r := range name {
		if is[i] {
			flush()
			out = append(out, seg{text: string(r), style: &t.Match, match: true})
			continue
		}
		run.WriteRune(r)
	}
	flush()
	return out
}

// shortStage is a stage in at most seven letters, for 80 columns.
func shortStage(s model.Stage) string {
	switch s {
	case model.StageOnboarding:
		return "onboard"
	case model.StageAdoption:
		return "adopt"
	case model.StageValue:
		return "value"
	case model.StageExpansion:
		return "expand"
	}
	return string(s)
}

// shortHandoff is a handoff status in at most seven letters.
func shortHandoff(h model.HandoffStatus) string {
	switch h {
	case model.HandoffPreparing:
		return "prepare"
	case model.HandoffSent:
		return "sent"
	case model.HandoffReceived:
		return "in"
	}
	return string(h)
}

// days writes a day count compactly: "98d", "-12d", and years beyond
// 999 days so the column stays narrow.
func days(n int) string {
	if n >= 1000 || n <= -1000 {
		return strconv.FormatFloat(float64(n)/365, 'f', 1, 64) + "y"
	}
	return strconv.Itoa(n) + "d"
}

// renderRow draws one account as a line exactly width cells wide: the
// marker, the name with its matches, each column's cell, then painted
// for the cursor or not.
func (m *Model) renderRow(r row, cursor bool) string {
	t := m.ctx.Theme
	s := m.book.sums[r.i]
	l := m.layout
	selected := m.selected[s.ID]

	var line [][]seg
	marker := " "
	if cursor {
		marker = "›"
	}
	if selected {
		marker += "✓ "
	} else {
		marker += "  "
	}
	line = append(line, []seg{{text: marker, style: &t.Selected}})
	var nameStyle *lipgloss.Style
	if selected {
		nameStyle = &t.Selected
	}
	line = append(line, cell(nameSegs(s.Name, r.hit.name, t, nameStyle), l.name, false))
	for c := range columns {
		line = append(line, []seg{{text: " "}}, cell(m.columnSegs(c, s), l.width[c], columns[c].right))
	}
	return m.paint(line, cursor)
}

// columnSegs is what column c shows of the account, styled, at the
// layout's width (a full or a compact form).
func (m *Model) columnSegs(c int, s model.AccountSummary) []seg {
	t := m.ctx.Theme
	l := m.layout
	now := m.book.now
	switch c {
	case colHealth:
		return []seg{{text: t.Health(s.Health)}}
	case colARR:
		text := s.ARR.ShortNamed(l.currency)
		if l.full[c] {
			text = s.ARR.String()
		}
		if s.ARR.IsZero() {
			text = "–"
		}
		return []seg{{text: text}}
	case colRenewal:
		return m.renewalSegs(s)
	case colStage:
		text := string(s.Stage)
		if !l.full[c] {
			text = shortStage(s.Stage)
		}
		return []seg{{text: text}}
	case colTouch:
		switch d := s.DaysSinceTouch(now); {
		case d < 0:
			return []seg{{text: "never", style: &t.Warn}}
		case d > 60:
			return []seg{{text: days(d), style: &t.Warn}}
		default:
			return []seg{{text: days(d)}}
		}
	case colTasks:
		var st *lipgloss.Style
		if s.OpenTasks == 0 {
			st = &t.Faint
		}
		return []seg{{text: strconv.Itoa(s.OpenTasks), style: st}}
	case colHandoff:
		text := string(s.Handoff)
		if !l.full[c] {
			text = shortHandoff(s.Handoff)
		}
		var st *lipgloss.Style
		switch s.Handoff {
		case model.HandoffPreparing:
			st = &t.Warn
		case model.HandoffSent:
			st = &t.Faint
		}
		return []seg{{text: text, style: st}}
	}
	return nil
}

// renewalSegs is the renewal column: the date and a countdown (or the
// countdown alone, when narrow), late in red and near in yellow.
func (m *Model) renewalSegs(s model.AccountSummary) []seg {
	t := m.ctx.Theme
	l := m.layout
	c := colRenewal
	if s.Renewal.IsZero() {
		text := "–"
		if !l.full[c] {
			text = fmt.Sprintf("%*s", l.width[c], text) // under the countdowns
		}
		return []seg{{text: text, style: &t.Faint}}
	}
	d := s.Renewal.DaysFrom(m.book.now)
	var st *lipgloss.Style
	switch {
	case d < 0:
		st = &t.Error
	case d <= 30:
		st = &t.Warn
	}
	if !l.full[c] {
		return []seg{{text: fmt.Sprintf("%*s", l.width[c], days(d)), style: st}}
	}
	dw := l.width[c] - 11
	return []seg{{text: s.Renewal.String() + " "}, {text: fmt.Sprintf("%*s", dw, days(d)), style: st}}
}

// paint writes a row's segments: in the cursor's style (matches kept
// visible) on the cursor's row, else each in its own.
func (m *Model) paint(line [][]seg, cursor bool) string {
	t := m.ctx.Theme
	var b strings.Builder
	for _, segs := range line {
		for _, sg := range segs {
			switch {
			case cursor && sg.match:
				b.WriteString(m.draw.paint(&m.cursorMatch, sg.text))
			case cursor:
				b.WriteString(m.draw.paint(&t.Cursor, ansi.Strip(sg.text)))
			case sg.style == nil:
				b.WriteString(sg.text)
			default:
				b.WriteString(m.draw.paint(sg.style, sg.text))
			}
		}
	}
	return b.String()
}

// renderHeader draws the column titles.
func (m *Model) renderHeader() string {
	t := m.ctx.Theme
	l := m.layout
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markerWidth))
	b.WriteString(t.Header.Render(ansi.Truncate("name", l.name, "")))
	b.WriteString(strings.Repeat(" ", max(l.name-4, 0)))
	for c, col := range columns {
		title := col.short
		if l.full[c] {
			title = col.title
		}
		title = ansi.Truncate(title, l.width[c], "")
		pad := strings.Repeat(" ", l.width[c]-ansi.StringWidth(title))
		b.WriteString(" ")
		if col.right {
			b.WriteString(pad + t.Header.Render(title))
		} else {
			b.WriteString(t.Header.Render(title) + pad)
		}
	}
	return b.String()
}
