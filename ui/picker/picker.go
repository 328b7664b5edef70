// Package picker is the one fuzzy chooser of the app: a one-line search
// over a list where typing narrows it, up/down move, enter picks and esc
// cancels. Screens use it to jump to a person, to choose a manager, a
// playbook or a recipient.
//
// It draws and filters in memory only; what a pick does is the caller's
// tea.Cmd.
package picker

import (
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"

	"bob/termsafe"
	"bob/ui/common"
)

// Item is one choice: a label (a person, a playbook), with a hint such as
// a title that the search also reads, and the ID the caller gets back.
type Item struct {
	ID, Label, Hint string
}

// Model is a one-line fuzzy search over a list: typing narrows it,
// up/down move, enter picks, esc cancels.
type Model struct {
	title  string
	input  textinput.Model
	items  []Item
	shown  []int
	cursor int
	onPick func(Item) tea.Cmd
}

// New returns a picker titled title over items; onPick runs on enter.
// placeholder is the faint text shown before anything is typed.
func New(ctx *common.Context, title, placeholder string, items []Item, onPick func(Item) tea.Cmd) *Model {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = placeholder
	in.PlaceholderStyle = ctx.Theme.Faint
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Focus()
	p := &Model{title: title, input: in, items: items, onPick: onPick}
	p.filter()
	return p
}

type searchSource []Item

func (s searchSource) String(i int) string { return s[i].Label + " " + s[i].Hint }
func (s searchSource) Len() int            { return len(s) }

func (p *Model) filter() {
	q := strings.TrimSpace(p.input.Value())
	p.shown = p.shown[:0]
	if q == "" {
		for i := range p.items {
			p.shown = append(p.shown, i)
		}
	} else {
		// Names that contain what was typed come first, then the fuzzy
		// matches, each in fuzzy order: "ola" finds Ola before M-o-…-l-a.
		var rest []int
		lq := strings.ToLower(q)
		for _, m := range fuzzy.FindFrom(q, searchSource(p.items)) {
			if strings.Contains(strings.ToLower(p.items[m.Index].Label), lq) {
				p.shown = append(p.shown, m.Index)
			} else {
				rest = append(rest, m.Index)
			}
		}
		p.shown = append(p.shown, rest...)
	}
	p.cursor = max(0, min(p.cursor, len(p.shown)-1))
}

// Update handles a key; done reports that the picker closed.
func (p *Model) Update(ctx *common.Context, msg tea.KeyMsg) (cmd tea.Cmd, done bool) {
	switch msg.String() {
	case "esc":
		return common.Info("cancelled"), true
	case "enter":
		if len(p.shown) == 0 {
			return common.Cannot("nothing matches: change the search, or esc to cancel"), false
		}
		return p.onPick(p.items[p.shown[p.cursor]]), true
	case "up", "ctrl+p":
		p.cursor = max(p.cursor-1, 0)
		return nil, false
	case "down", "ctrl+n":
		p.cursor = min(p.cursor+1, max(len(p.shown)-1, 0))
		return nil, false
	}
	if key.Matches(msg, ctx.Keys.PageDown) || key.Matches(msg, ctx.Keys.PageUp) {
		return nil, false
	}
	p.input, cmd = p.input.Update(msg)
	p.filter()
	return cmd, false
}

// View draws the picker in h lines of width w.
func (p *Model) View(t *common.Theme, w, h int) []string {
	lines := []string{t.Header.Render(ansi.Truncate(termsafe.Line(p.title), w, "…")), p.input.View()}
	room := max(h-len(lines)-1, 1)
	top := common.ScrollOffset(p.cursor, 0, len(p.shown), room)
	for i := top; i < len(p.shown) && i < top+room; i++ {
		it := p.items[p.shown[i]]
		s := termsafe.Line(it.Label)
		if it.Hint != "" {
			s += t.Subtle.Render(" · " + termsafe.Line(it.Hint))
		}
		if i == p.cursor {
			lines = append(lines, t.Cursor.Render("› ")+s)
		} else {
			lines = append(lines, "  "+s)
		}
	}
	if len(p.shown) == 0 {
		lines = append(lines, t.Faint.Render("  nothing matches"))
	}
	lines = append(lines, t.Faint.Render("enter picks · ↑/↓ move · esc cancels"))
	for i := range lines {
		lines[i] = ansi.Truncate(lines[i], w, "…")
	}
	return lines
}
