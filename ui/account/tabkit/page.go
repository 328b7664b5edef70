package tabkit

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

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
		p.scroll.SetContent(p.ctx.Theme.Faint.Render("loading…"))
		return
	}
	p.scroll.SetContent(p.draw(p.rec, p.width))
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
