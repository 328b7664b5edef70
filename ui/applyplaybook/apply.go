// Package applyplaybook is the screen that starts a playbook's checklist
// on one account (from its Playbooks tab) or on every account selected in
// the list: pick the playbook with a fuzzy search, see what its steps
// count from (the day applied, each account's renewal date, or a day you
// give) and every due date, change that day if need be, then apply. All
// accounts get their checklist in one transaction; an account that still
// has the playbook open, or whose anchor day is unknown, is skipped and
// named.
//
// The preview and the apply call the same functions as the command line
// (playbooks.ForAccounts, store.ApplyChecklists). Reads and writes run in
// tea.Cmds; View only draws.
package applyplaybook

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/playbooks"
	"bob/store"
	"bob/termsafe"
	"bob/ui/common"
	"bob/ui/form"
	"bob/ui/picker"
)

type loadedMsg struct {
	accounts []model.Account
}

type appliedMsg struct {
	res     store.ApplyResult
	skipped []model.SkippedAccount
}

// Model is the apply-a-playbook screen.
type Model struct {
	ctx      *common.Context
	ids      []string
	accounts []model.Account
	loaded   bool

	pick     *picker.Model
	pb       *playbooks.Playbook
	day      textinput.Model // the anchor day typed, empty for the playbook's own
	editing  bool
	applying bool

	width, height int
}

// New returns the screen for the accounts with these IDs (one, from an
// account's tab, or the list's selection).
func New(ctx *common.Context, accountIDs []string) *Model {
	in := textinput.New()
	// A still cursor: a blinking one is a timer that keeps redrawing.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Prompt = ""
	in.Placeholder = "YYYY-MM-DD, today, +30d"
	in.PlaceholderStyle = ctx.Theme.Faint
	in.CharLimit = 20
	return &Model{ctx: ctx, ids: accountIDs, day: in, width: ctx.Width, height: ctx.Height}
}

// Init loads the accounts: their renewal dates are anchors.
func (m *Model) Init() tea.Cmd {
	st, ids := m.ctx.Store, m.ids
	return common.Cmd(func() ([]model.Account, error) {
		out := make([]model.Account, 0, len(ids))
		for _, id := range ids {
			a, err := st.Account(id)
			if err != nil {
				return nil, err
			}
			out = append(out, *common.Safe(&a))
		}
		return out, nil
	}, func(accs []model.Account) tea.Msg { return loadedMsg{accounts: accs} })
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) { m.width, m.height = w, h }

// Capturing implements common.Capturer: the search and the day field
// take every key.
func (m *Model) Capturing() bool { return m.pick != nil || m.editing }

// HandlesBack implements common.BackHandler: esc goes back from the
// preview to the playbooks before it closes the screen.
func (m *Model) HandlesBack() bool { return true }

func (m *Model) openPicker() {
	items := make([]picker.Item, 0, len(m.ctx.Playbooks))
	for _, pb := range m.ctx.Playbooks {
		items = append(items, picker.Item{ID: pb.Name, Label: pb.Title, Hint: pb.Name + " · counts from the " + playbooks.AnchorWords(pb.Anchor)})
	}
	who := "the account"
	if len(m.accounts) == 1 {
		who = m.accounts[0].Name
	} else if len(m.accounts) > 1 {
		who = fmt.Sprintf("%d accounts", len(m.accounts))
	}
	m.pick = picker.New(m.ctx, "Apply which playbook to "+who+"?", "type a few letters of a playbook", items, func(it picker.Item) tea.Cmd {
		for i := range m.ctx.Playbooks {
			if m.ctx.Playbooks[i].Name == it.ID {
				pb := m.ctx.Playbooks[i]
				m.pb = &pb
				m.day.SetValue("")
				if pb.Anchor == model.AnchorAsked {
					m.editing = true
					m.day.Focus()
				}
			}
		}
		return nil
	})
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		m.accounts, m.loaded = msg.accounts, true
		if len(m.ctx.Playbooks) == 0 {
			return m, common.Cannot("no playbook is loaded: bob playbooks check says why")
		}
		m.openPicker()
		return m, nil
	case common.StatusMsg:
		if msg.Error && m.applying {
			m.applying = false
		}
		return m, nil
	case appliedMsg:
		m.applying = false
		return m, tea.Batch(m.done(msg), func() tea.Msg { return common.BackMsg{} })
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.pick != nil {
		cmd, done := m.pick.Update(m.ctx, msg)
		if done {
			m.pick = nil
			if m.pb == nil {
				return tea.Batch(cmd, func() tea.Msg { return common.BackMsg{} })
			}
		}
		return cmd
	}
	if !m.loaded {
		if key.Matches(msg, k.Back) || key.Matches(msg, k.Quit) {
			return func() tea.Msg { return common.BackMsg{} }
		}
		return common.Cannot("the accounts are still loading")
	}
	if m.applying {
		return common.Cannot("applying the playbook: wait a moment")
	}
	if m.pb == nil {
		// no playbook loaded, so no picker: y had nothing to apply
		if key.Matches(msg, k.Back) || key.Matches(msg, k.Quit) {
			return func() tea.Msg { return common.BackMsg{} }
		}
		return common.Cannot("no playbook is loaded: bob playbooks check says why; esc goes back")
	}
	if m.editing {
		switch msg.String() {
		case "enter", "esc", "tab":
			m.editing = false
			m.day.Blur()
			if _, err := m.asked(); err != nil {
				return common.Fail(err)
			}
			return nil
		}
		var cmd tea.Cmd
		m.day, cmd = m.day.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Back), key.Matches(msg, k.Quit):
		m.pb = nil
		m.openPicker()
		return nil
	case key.Matches(msg, k.Edit):
		m.editing = true
		m.day.Focus()
		return nil
	case key.Matches(msg, k.Confirm):
		return m.apply()
	}
	return common.Cannot(fmt.Sprintf("%s applies, %s changes the day it counts from, %s goes back to the playbooks",
		k.Confirm.Help().Key, k.Edit.Help().Key, k.Back.Help().Key))
}

// asked is the day typed, or zero for the playbook's own anchor.
func (m *Model) asked() (model.Date, error) {
	s := strings.TrimSpace(m.day.Value())
	if s == "" {
		return model.Date{}, nil
	}
	return form.ParseDate(s, m.ctx.Now())
}

// plan is what applying would start and skip, from the same function the
// command line uses.
func (m *Model) plan() ([]model.Checklist, []model.SkippedAccount, error) {
	asked, err := m.asked()
	if err != nil {
		return nil, nil, err
	}
	cs, skipped := m.pb.ForAccounts(m.accounts, model.DateOf(m.ctx.Now()), asked)
	return cs, skipped, nil
}

func (m *Model) apply() tea.Cmd {
	cs, skipped, err := m.plan()
	if err != nil {
		return common.Fail(err)
	}
	if len(cs) == 0 {
		return common.Cannot("no account can take it: " + skipped[0].Reason)
	}
	m.applying = true
	st := m.ctx.Store
	return common.Cmd(func() (store.ApplyResult, error) { return st.ApplyChecklists(cs) },
		func(res store.ApplyResult) tea.Msg { return appliedMsg{res: res, skipped: skipped} })
}

// done announces what was applied and skipped.
func (m *Model) done(msg appliedMsg) tea.Cmd {
	skipped := append(msg.skipped, msg.res.Skipped...)
	var s string
	switch n := len(msg.res.Applied); {
	case n == 0:
		s = "started on no account"
	case n == 1 && len(m.accounts) == 1:
		s = fmt.Sprintf("started %s: %d steps, the first due %s", m.pb.Title, len(msg.res.Applied[0].Steps), msg.res.Applied[0].Steps[0].Due)
	default:
		s = fmt.Sprintf("started %s on %d accounts", m.pb.Title, n)
	}
	if len(skipped) > 0 {
		names := make([]string, len(skipped))
		for i, x := range skipped {
			names[i] = x.Name
		}
		s += fmt.Sprintf("; skipped %s (%s)", strings.Join(names, ", "), skipped[0].Reason)
	}
	changed := common.Changed("", "", "applied "+m.pb.Title)
	if len(m.accounts) == 1 {
		changed = common.Changed(m.accounts[0].ID, "", "applied "+m.pb.Title)
	}
	status := common.Info("%s", s)
	if len(msg.res.Applied) == 0 {
		status = common.Fail(fmt.Errorf("%s", s))
	}
	if len(m.accounts) == 1 && len(msg.res.Applied) == 1 {
		c := msg.res.Applied[0]
		// the account's Playbooks tab puts its cursor on the first step
		focus := func() tea.Msg { return common.FocusMsg{AccountID: c.AccountID, Item: c.Steps[0].ID} }
		return tea.Batch(focus, changed, status)
	}
	return tea.Batch(changed, status)
}

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	w, h := max(m.width, 40), max(m.height-2, 6)
	if !m.loaded {
		return t.Faint.Render("loading the accounts…")
	}
	if m.pick != nil {
		return strings.Join(m.pick.View(t, w, h), "\n")
	}
	if m.pb == nil {
		return ""
	}
	var lines []string
	who := termsafe.Line(m.accounts[0].Name)
	if len(m.accounts) > 1 {
		who = fmt.Sprintf("%d accounts", len(m.accounts))
	}
	lines = append(lines, t.Title.Render(ansi.Truncate("Apply "+termsafe.Line(m.pb.Title)+" to "+who, w, "…")))
	dayLine := "Counts from: "
	switch {
	case m.editing:
		dayLine += m.day.View()
	case strings.TrimSpace(m.day.Value()) != "":
		dayLine += termsafe.Line(m.day.Value())
	case m.pb.Anchor == model.AnchorRenewal:
		dayLine += "each account's renewal date"
	case m.pb.Anchor == model.AnchorAsked:
		dayLine += "a day you choose (e to give it)"
	default:
		dayLine += "today, " + model.DateOf(m.ctx.Now()).String()
	}
	lines = append(lines, dayLine)
	cs, skipped, err := m.plan()
	if err != nil {
		lines = append(lines, t.Error.Render(ansi.Truncate("✗ "+common.ErrorText(err), w, "…")))
	}
	lines = append(lines, "")
	if len(m.accounts) == 1 && len(cs) == 1 {
		for i, s := range cs[0].Steps {
			lines = append(lines, ansi.Truncate(fmt.Sprintf("  %s  %s%s", s.Due, offset(m.pb.Steps[i].DueDays), termsafe.Line(s.Title)), w, "…"))
		}
	} else {
		names := map[string]string{}
		for _, a := range m.accounts {
			names[a.ID] = a.Name
		}
		lines = append(lines, t.Subtle.Render(fmt.Sprintf("  %-30s %-11s %-11s %s", "ACCOUNT", "COUNTS FROM", "FIRST DUE", "LAST DUE")))
		for _, c := range cs {
			lines = append(lines, ansi.Truncate(fmt.Sprintf("  %-30s %-11s %-11s %s", ansi.Truncate(termsafe.Line(names[c.AccountID]), 30, "…"),
				c.Anchor, c.Steps[0].Due, c.Steps[len(c.Steps)-1].Due), w, "…"))
		}
	}
	for _, s := range skipped {
		lines = append(lines, t.Warn.Render(ansi.Truncate("  skipped "+termsafe.Line(s.Name)+": "+termsafe.Line(s.Reason), w, "…")))
	}
	lines = append(lines, "", t.Faint.Render("An account that still has this playbook open is skipped and named."))
	if len(lines) > h {
		more := len(lines) - h + 1
		lines = append(lines[:h-1], t.Faint.Render(fmt.Sprintf("  … and %d more lines", more)))
	}
	return strings.Join(lines, "\n")
}

func offset(days int) string {
	if days == 0 {
		return fmt.Sprintf("%-7s ", "(day)")
	}
	return fmt.Sprintf("%-7s ", fmt.Sprintf("(%+dd)", days))
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	k := m.ctx.Keys
	if m.pick != nil {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	if m.editing {
		return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "done"))}
	}
	apply := common.Labeled(k.Confirm, "apply")
	edit := common.Labeled(k.Edit, "change the day")
	back := common.Labeled(k.Back, "other playbook")
	return []key.Binding{apply, edit, back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
