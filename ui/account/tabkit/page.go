package tabkit

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/ui/common"
)

// Page is a read-only tab: a scrollable rendering of the account record.
// The People, Plans and Playbooks tabs are Pages that differ only in
// their name and their pure render function.
type Page struct {
	ctx    *common.Context
	name   string
	draw   func(rec model.AccountRecord, width int) string
	rec    model.AccountRecord
	loaded bool
	scroll *Scroller
	width  int
	// locate finds a record on the page: the texts of the lines that lead
	// to it, in order (say, a checklist's title, then the step's).
	locate func(rec model.AccountRecord, id string) []string
	focus  string
}

// Locate lets the page bring a record into view (common.Focuser): locate
// returns the texts of the lines that lead to the record with that ID,
// in order, or nil if the record is not on the page.
func (p *Page) Locate(locate func(rec model.AccountRecord, id string) []string) *Page {
	p.locate = locate
	return p
}

// Focus implements common.Focuser: it scrolls the record with that ID to
// the top of the page (with the line above it, for context).
func (p *Page) Focus(id string) {
	if p.locate == nil {
		return
	}
	p.focus = id
	p.Render()
}

// NewPage returns a read-only tab named name that shows draw(record, width).
func NewPage(ctx *common.Context, name string, draw func(rec model.AccountRecord, width int) string) *Page {
	return &Page{ctx: ctx, name: name, draw: draw, scroll: NewScroller(ctx)}
}

// TabName implements common.TabComponent.
func (p *Page) TabName() string { return p.name }

// Record returns the record the page shows, and whether it has one yet.
func (p *Page) Record() (model.AccountRecord, bool) { return p.rec, p.loaded }

// SetRecord implements RecordTab.
func (p *Page) SetRecord(rec model.AccountRecord) {
	p.rec, p.loaded = rec, true
	p.Render()
}

// SetSize implements common.Component.
func (p *Page) SetSize(w, h int) {
	p.width = w
	p.scroll.SetSize(w, h)
	p.Render()
}

// Render redraws the page's content, e.g. after the clock or record changed.
func (p *Page) Render() {
	if !p.loaded {
		p.scroll.SetContent(Loading(p.ctx.Theme))
		return
	}
	text := p.draw(p.rec, p.width)
	p.scroll.SetContent(text)
	if p.focus != "" {
		if n := findPath(text, p.locate(p.rec, p.focus)); n >= 0 {
			p.scroll.ScrollTo(max(n-1, 0))
		}
		p.focus = ""
	}
}

// findPath returns the line that holds the last of path's texts, each
// found after the one before, or -1.
func findPath(text string, path []string) int {
	if len(path) == 0 {
		return -1
	}
	lines := strings.Split(text, "\n")
	at := 0
	for _, want := range path {
		found := -1
		for i := at; i < len(lines); i++ {
			if strings.Contains(ansi.Strip(lines[i]), want) {
				found = i
				break
			}
		}
		if found < 0 {
			return -1
		}
		at = found
	}
	return at
}

// Init implements tea.Model.
func (p *Page) Init() tea.Cmd { return nil }

// Update implements tea.Model: the keys scroll.
func (p *Page) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		p.scroll.Update(km)
	}
	return p, nil
}

// View implements tea.Model.
func (p *Page) View() string { return p.scroll.View() }

// ScrollHelp is the help entry for scrolling a page.
var ScrollHelp = key.NewBinding(key.WithKeys("down"), key.WithHelp("↑/↓ pgup/pgdn", "scroll"))

// ShortHelp implements help.KeyMap.
func (p *Page) ShortHelp() []key.Binding { return []key.Binding{ScrollHelp} }

// FullHelp implements help.KeyMap.
func (p *Page) FullHelp() [][]key.Binding { return [][]key.Binding{p.scroll.Bindings()} }
