// Package tabkit is what the tabs of the account 360 view share: a
// read-only scrolling text pane, label/value layout with word wrap, and
// the interfaces the account view uses to hand tabs their data.
//
// It renders strings only: it never reads the book, and nothing here does
// I/O.
package tabkit

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/ui/common"
)

// RecordTab is a tab that shows part of the account record. The account
// view calls SetRecord whenever the record is (re)loaded.
type RecordTab interface {
	SetRecord(model.AccountRecord)
}

// Modal is a tab that sometimes takes every key (an open form, a y/n
// question, an entry reader): while Modal reports true the account view
// passes all keys to it, tab switching included.
type Modal interface {
	Modal() bool
}

// Scroller is a read-only, scrollable block of text: a viewport whose keys
// come from the shared key map instead of the viewport's own.
type Scroller struct {
	ctx *common.Context
	vp  viewport.Model
}

// NewScroller returns an empty scroller.
func NewScroller(ctx *common.Context) *Scroller {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{}
	return &Scroller{ctx: ctx, vp: vp}
}

// SetSize sets the visible area.
func (s *Scroller) SetSize(w, h int) {
	s.vp.Width, s.vp.Height = w, max(h, 1)
	s.vp.SetYOffset(s.vp.YOffset) // re-clamp
}

// SetContent replaces the text, keeping the scroll position where it can.
func (s *Scroller) SetContent(text string) { s.vp.SetContent(text) }

// ScrollTo puts line n (from 0) at the top, as far as the text allows.
func (s *Scroller) ScrollTo(n int) { s.vp.SetYOffset(n) }

// Update scrolls on the navigation keys and reports whether it used msg.
func (s *Scroller) Update(msg tea.KeyMsg) bool { return s.ctx.Keys.ScrollViewport(&s.vp, msg) }

// View renders the visible lines, padded to the full height.
func (s *Scroller) View() string {
	v := s.vp.View()
	return v
}

// Position describes the scroll position for a help line, e.g. "42%",
// or "" when everything fits.
func (s *Scroller) Position() string {
	if s.vp.TotalLineCount() <= s.vp.Height {
		return ""
	}
	return fmt.Sprintf("%d%%", int(s.vp.ScrollPercent()*100))
}

// Bindings are the scroller's keys, for help.
func (s *Scroller) Bindings() []key.Binding {
	k := s.ctx.Keys
	return []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
}

// Doc builds a page of labelled values with word wrap.
type Doc struct {
	t      *common.Theme
	width  int
	labelW int
	lines  []string
}

// NewDoc starts a page width columns wide whose labels take labelW.
func NewDoc(t *common.Theme, width, labelW int) *Doc {
	return &Doc{t: t, width: max(width, 20), labelW: labelW}
}

// Section starts a section with a heading (and a blank line before it,
// except at the top).
func (d *Doc) Section(title string) {
	if len(d.lines) > 0 {
		d.lines = append(d.lines, "")
	}
	d.lines = append(d.lines, d.t.Header.Render(title))
}

// Styled adds a heading in a given style (e.g. the internal marker).
func (d *Doc) Styled(style lipgloss.Style, text string) {
	if len(d.lines) > 0 {
		d.lines = append(d.lines, "")
	}
	d.lines = append(d.lines, style.Render(ansi.Truncate(text, d.width, "…")))
}

// Field adds a label and a value; a long or multi-line value wraps under
// itself. An empty value shows a faint "—" so that a gap in the handoff
// facts is visible.
func (d *Doc) Field(label, value string) { d.FieldPrefix("", label, value) }

// FieldPrefix is Field with a marker before the label (e.g. "[int] ").
func (d *Doc) FieldPrefix(prefix, label, value string) {
	lw := d.labelW
	vw := max(d.width-lw-2-lipgloss.Width(prefix), 10)
	head := prefix + d.t.Label.Render(pad(ansi.Truncate(label, lw, "…"), lw)) + "  "
	indent := strings.Repeat(" ", lipgloss.Width(prefix)+lw+2)
	value = strings.TrimRight(value, "\n ")
	if value == "" {
		d.lines = append(d.lines, head+d.t.Faint.Render("—"))
		return
	}
	first := true
	for _, l := range Wrap(value, vw) {
		if first {
			d.lines = append(d.lines, head+l)
			first = false
			continue
		}
		d.lines = append(d.lines, indent+l)
	}
}

// Line adds a line as is (truncated to the width).
func (d *Doc) Line(s string) { d.lines = append(d.lines, ansi.Truncate(s, d.width, "…")) }

// Para adds wrapped text indented by n spaces.
func (d *Doc) Para(n int, s string) {
	for _, l := range Wrap(s, d.width-n) {
		d.lines = append(d.lines, strings.Repeat(" ", n)+l)
	}
}

// Blank adds an empty line.
func (d *Doc) Blank() { d.lines = append(d.lines, "") }

// String returns the page.
func (d *Doc) String() string { return strings.Join(d.lines, "\n") }

// Wrap word-wraps s to width w, hard-breaking words longer than w.
func Wrap(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	var out []string
	for _, para := range strings.Split(s, "\n") {
		out = append(out, strings.Split(ansi.Wrap(para, w, ""), "\n")...)
	}
	return out
}

func pad(s string, w int) string {
	if n := lipgloss.Width(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// Pad pads s with spaces to w columns (it never truncates).
func Pad(s string, w int) string { return pad(s, w) }

// Cell truncates or pads s to exactly w columns.
func Cell(s string, w int) string {
	if w <= 0 {
		return ""
	}
	return pad(ansi.Truncate(s, w, "…"), w)
}

// Fit pads or cuts a block of text to exactly h lines of at most w
// columns, so that panes stack without jumping.
func Fit(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, w, "")
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// Detail fits the lines of a detail pane under a list to exactly h lines
// of width w: a longer text is cut, its last line ending in "…" to show
// that there is more; a shorter one is padded with empty lines, so the
// pane keeps its place.
func Detail(lines []string, w, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
		lines[h-1] = ansi.Truncate(lines[h-1], w-1, "") + "…"
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// Names returns the display names of people by ID, marking those who
// left the company.
func Names(people []model.Person) map[string]string {
	out := make(map[string]string, len(people))
	for _, p := range people {
		n := p.Name
		if !p.Active() {
			n += " (left)"
		}
		out[p.ID] = n
	}
	return out
}

// Pack lays items out three spaces apart on at most maxLines lines of
// width w, each in its severity's style, ending with "+N more" when they
// do not all fit: the account's flags and the people map's warnings.
func Pack(t *common.Theme, items []string, sevs []model.Severity, w, maxLines int) []string {
	var out []string
	line, lineW := "", 0
	for i, it := range items {
		tw := lipgloss.Width(it)
		sep := 0
		if lineW > 0 {
			sep = 3
		}
		reserve := 0
		if len(out) == maxLines-1 && i < len(items)-1 {
			reserve = len(fmt.Sprintf("   +%d more", len(items)-i))
		}
		if lineW > 0 && lineW+sep+tw+reserve > w {
			if len(out) == maxLines-1 {
				line += t.Faint.Render(fmt.Sprintf("   +%d more", len(items)-i))
				break
			}
			out = append(out, line)
			line, lineW, sep = "", 0, 0
		}
		if sep > 0 {
			line += "   "
		}
		line += t.Severity(sevs[i]).Render(ansi.Truncate(it, w, "…"))
		lineW += sep + min(tw, w)
	}
	if line != "" {
		out = append(out, line)
	}
	for i := range out {
		out[i] = ansi.Truncate(out[i], w, "…")
	}
	return out
}
