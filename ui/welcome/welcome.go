// Package welcome is the screen shown when the book is empty: a short
// menu of ways to start (load the demo book, add the first account,
// import a handoff bundle a colleague sent, import a CRM or spreadsheet
// CSV export).
// Once the book has accounts the root replaces it with the account list.
//
// It must never write the book outside a tea.Cmd, and never fill a book
// that already has accounts (demo.Fill refuses that too).
package welcome

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"bob/demo"
	"bob/ui/accountform"
	"bob/ui/common"
	"bob/ui/csvimport"
	"bob/ui/importer"
)

// DemoAccounts is how many accounts "load the demo book" makes.
const DemoAccounts = 40

// item is one way to start. run returns the command that does it; busy,
// when set, is shown while that command runs.
type item struct {
	title, desc, busy string
	run               func(ctx *common.Context) tea.Cmd
	// key is the list's key for the same start (n new, I import, C
	// import CSV), so it acts here too; nil for none.
	key func(k *common.KeyMap) key.Binding
}

// menu is the welcome menu, in the order shown. Adding a way to start is
// adding one line here.
var menu = []item{
	{"Load the demo book", fmt.Sprintf("%d made-up accounts with people, timelines and plans, to try bob out", DemoAccounts), "Loading the demo book…", loadDemo, nil},
	{"Add the first account", "open the account form and type in a customer", "", addAccount, func(k *common.KeyMap) key.Binding { return k.New }},
	{"Import a handoff bundle", "take over accounts a colleague handed to you (.bob.zip or .bob.zip.age)", "", importBundle, func(k *common.KeyMap) key.Binding { return k.Import }},
	{"Import from a CRM or spreadsheet", "accounts and people from a CSV export of Salesforce, HubSpot or Excel", "", importCSV, func(k *common.KeyMap) key.Binding { return k.ImportCSV }},
}

func loadDemo(ctx *common.Context) tea.Cmd {
	st, now := ctx.Store, ctx.Now()
	return func() tea.Msg {
		if err := demo.Fill(st, demo.Options{Accounts: DemoAccounts, Seed: 1, Now: now}, nil); err != nil {
			return common.StatusMsg{Text: "load the demo book: " + common.ErrorText(err), Error: true}
		}
		return tea.BatchMsg{
			func() tea.Msg { return common.BookChangedMsg{What: "loaded the demo book"} },
			common.Info("loaded %d demo accounts", DemoAccounts),
		}
	}
}

func addAccount(ctx *common.Context) tea.Cmd {
	form := accountform.New(ctx, "")
	return func() tea.Msg { return common.PushMsg{Screen: form} }
}

func importBundle(ctx *common.Context) tea.Cmd {
	screen := importer.New(ctx)
	return func() tea.Msg { return common.PushMsg{Screen: screen} }
}

func importCSV(ctx *common.Context) tea.Cmd {
	screen := csvimport.New(ctx)
	return func() tea.Msg { return common.PushMsg{Screen: screen} }
}

// Model is the welcome screen.
type Model struct {
	ctx           *common.Context
	width, height int
	cursor        int
	busy          string // what is running, "" when idle
}

// New returns the welcome screen.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, width: ctx.Width, height: ctx.Height}
}

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) { m.width, m.height = width, height }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	k := m.ctx.Keys
	switch msg := msg.(type) {
	case common.StatusMsg:
		if msg.Error {
			m.busy = ""
		}
	case common.BookChangedMsg:
		m.busy = ""
	case tea.KeyMsg:
		if m.busy != "" {
			return m, common.Cannot(m.busy + " wait a moment")
		}
		switch {
		case key.Matches(msg, k.Up):
			m.cursor = max(m.cursor-1, 0)
		case key.Matches(msg, k.Down):
			m.cursor = min(m.cursor+1, len(menu)-1)
		case key.Matches(msg, k.Open):
			return m, m.choose(m.cursor)
		default:
			if s := msg.String(); len(s) == 1 && s[0] >= '1' && int(s[0]-'1') < len(menu) {
				m.cursor = int(s[0] - '1')
				return m, m.choose(m.cursor)
			}
			for i, it := range menu {
				if it.key != nil && key.Matches(msg, it.key(k)) {
					m.cursor = i
					return m, m.choose(i)
				}
			}
		}
	}
	return m, nil
}

func (m *Model) choose(i int) tea.Cmd {
	it := menu[i]
	m.busy = it.busy
	return it.run(m.ctx)
}

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	var b strings.Builder
	b.WriteString(t.Title.Render("bob") + t.Subtle.Render(" · your book of business") + "\n\n")
	b.WriteString("Your book is empty. Every account you own will live here, with its\n")
	b.WriteString("people, timeline, success plans and playbooks, in one file on this laptop.\n\n")
	b.WriteString(t.Bold.Render("Start with:") + "\n\n")
	for i, it := range menu {
		line := fmt.Sprintf("%d  %s", i+1, it.title)
		if i == m.cursor {
			b.WriteString(t.Cursor.Render("› "+line+" ") + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
		b.WriteString("     " + t.Faint.Render(it.desc) + "\n\n")
	}
	if m.busy != "" {
		b.WriteString(t.Info.Render(m.busy))
	}
	box := lipgloss.NewStyle().Padding(1, 2).Render(strings.TrimRight(b.String(), "\n"))
	return lipgloss.Place(m.width, m.height, lipgloss.Center, lipgloss.Center, box)
}

var number = key.NewBinding(key.WithKeys("1", "2", "3", "4", "5", "6", "7", "8", "9"), key.WithHelp("1-9", "choose by number"))

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	move := k.UpDown("move")
	choose := common.Labeled(k.Open, "choose")
	return []key.Binding{move, choose, number}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	choose := common.Labeled(k.Open, "choose")
	starts := []key.Binding{choose, number}
	for _, it := range menu {
		if it.key != nil {
			starts = append(starts, common.Labeled(it.key(k), strings.ToLower(it.title[:1])+it.title[1:]))
		}
	}
	return [][]key.Binding{{k.Up, k.Down}, starts}
}
