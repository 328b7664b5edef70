package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/handoff"
	"bob/model"
	"bob/ui/common"
)

// Step 2: to which successor(s). A book is often split among several
// successors: the step lists the accounts with a successor column. The
// CSM picks a successor (a known colleague, or a name typed in) and
// assigns accounts to them one by one, or all the rest at once. Each
// successor gets one bundle.

// successor is someone accounts can go to.
type successor struct {
	name string
	// known is the colleague's public identity; nil for a name typed in
	// that is not a colleague (their bundle then needs a passphrase).
	known *handoff.Public
}

// label names the successor for a person.
func (s successor) label() string {
	if s.known != nil && s.known.Email != "" {
		return s.known.Name + " <" + s.known.Email + ">"
	}
	return s.name
}

// successors is the state of the step.
type successors struct {
	people  []successor // colleagues by name, then names typed in
	current int         // the successor space and a assign; -1: none yet
	assign  map[string]int
	cursor  int // the account row
	offset  int

	typing bool
	input  textinput.Model
	note   string // what the last typed name turned out to be
}

func newSuccessors() successors {
	in := textinput.New()
	in.Prompt = "Successor: "
	in.Placeholder = "their name or email"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 120
	return successors{current: -1, assign: map[string]int{}, input: in}
}

func (s *successors) setColleagues(list []handoff.Public) {
	s.people = s.people[:0]
	for i := range list {
		p := list[i]
		s.people = append(s.people, successor{name: p.Name, known: &p})
	}
	if len(s.people) > 0 {
		s.current = 0
	}
}

// setAccounts starts the step over a new set of accounts, keeping the
// assignments of accounts still in it.
func (s *successors) setAccounts(as []model.AccountSummary) {
	keep := map[string]int{}
	for _, a := range as {
		if p, ok := s.assign[a.ID]; ok {
			keep[a.ID] = p
		}
	}
	s.assign = keep
	s.cursor, s.offset = 0, 0
}

// add returns the index of the successor typed as text, as
// handoff.FindSuccessor resolves it (the command line's rule): a
// colleague by email, signing key, whole name or a unique part of it; a
// name typed before; or a new name. An ambiguous name is an error that
// lists the colleagues it could mean.
func (s *successors) add(c *handoff.Colleagues, text string) (int, error) {
	to, err := handoff.FindSuccessor(c, text)
	if err != nil {
		return -1, err
	}
	if p := to.Colleague; p != nil {
		s.note = to.Name + " is a known colleague: their bundle is encrypted to their key"
		for i, q := range s.people {
			if q.known != nil && q.known.SigningKey.Equal(p.SigningKey) {
				return i, nil
			}
		}
		s.people = append(s.people, successor{name: p.Name, known: p})
		return len(s.people) - 1, nil
	}
	for i, q := range s.people {
		if q.known == nil && strings.EqualFold(q.name, to.Name) {
			return i, nil
		}
	}
	s.people = append(s.people, successor{name: to.Name})
	s.note = to.Name + " is not among your colleagues: no key is known, you choose how their bundle is protected"
	return len(s.people) - 1, nil
}

// successor is who s stands for, as handoff's rules take it.
func (s successor) successor() handoff.Successor {
	to := handoff.Successor{Party: handoff.Party{Name: s.name}, Colleague: s.known}
	if s.known != nil {
		to.Email = s.known.Email
	}
	return to
}

// unassigned counts the accounts without a successor.
func (s *successors) unassigned(as []model.AccountSummary) int {
	n := 0
	for _, a := range as {
		if _, ok := s.assign[a.ID]; !ok {
			n++
		}
	}
	return n
}

// groups returns, for every successor with accounts, the accounts in
// list order, by successor name.
func (s *successors) groups(as []model.AccountSummary) []group {
	by := map[int][]model.AccountSummary{}
	for _, a := range as {
		if p, ok := s.assign[a.ID]; ok {
			by[p] = append(by[p], a)
		}
	}
	var out []group
	for p, accs := range by {
		out = append(out, group{to: s.people[p], accounts: accs})
	}
	slices.SortFunc(out, func(a, b group) int { return strings.Compare(strings.ToLower(a.to.name), strings.ToLower(b.to.name)) })
	return out
}

// group is the accounts going to one successor: one bundle.
type group struct {
	to       successor
	accounts []model.AccountSummary
}

var (
	cycleKey  = common.Hint("←/→", "successor", "left", "right")
	newKey    = common.Hint("n", "new name")
	assignKey = common.Hint("space", "assign", " ")
	restKey   = common.Hint("a", "assign rest")
)

func (m *Model) successorsKey(msg tea.KeyMsg) tea.Cmd {
	s := &m.succ
	if s.typing {
		return m.typeSuccessor(msg)
	}
	k := m.ctx.Keys
	switch {
	case m.isBack(msg):
		m.step = stepAccounts
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, len(m.chosen)-1)
	case key.Matches(msg, k.PageUp):
		s.cursor = max(s.cursor-m.succRows(), 0)
	case key.Matches(msg, k.PageDown):
		s.cursor = min(s.cursor+m.succRows(), len(m.chosen)-1)
	case key.Matches(msg, k.Left) && len(s.people) > 0:
		s.current = (s.current + len(s.people) - 1) % len(s.people)
	case key.Matches(msg, k.Right) && len(s.people) > 0:
		s.current = (s.current + 1) % len(s.people)
	case key.Matches(msg, newKey):
		s.typing = true
		s.input.SetValue("")
		return s.input.Focus()
	case key.Matches(msg, k.Select):
		if s.current < 0 {
			return common.Cannot("no successor yet: n types their name")
		}
		id := m.chosen[s.cursor].ID
		if p, ok := s.assign[id]; ok && p == s.current {
			delete(s.assign, id)
		} else {
			s.assign[id] = s.current
		}
		s.cursor = min(s.cursor+1, len(m.chosen)-1)
	case key.Matches(msg, restKey):
		if s.current < 0 {
			return common.Cannot("no successor yet: n types their name")
		}
		n := 0
		for _, a := range m.chosen {
			if _, ok := s.assign[a.ID]; !ok {
				s.assign[a.ID] = s.current
				n++
			}
		}
		if n == 0 {
			return common.Cannot("every account has a successor already: space reassigns one")
		}
	case key.Matches(msg, k.Open):
		if n := s.unassigned(m.chosen); n > 0 {
			return common.Cannot(fmt.Sprintf("%s without a successor: space assigns one, a assigns the rest", common.Plural(n, "account")))
		}
		m.step = stepCheck
		return m.runCheck()
	}
	m.scrollSucc()
	return nil
}

// typeSuccessor handles a key while a successor's name is being typed.
func (m *Model) typeSuccessor(msg tea.KeyMsg) tea.Cmd {
	s := &m.succ
	switch msg.Type {
	case tea.KeyEsc:
		s.typing = false
		s.input.Blur()
		return nil
	case tea.KeyEnter:
		text := strings.TrimSpace(s.input.Value())
		if text == "" {
			return common.Cannot("type the successor's name (or esc)")
		}
		i, err := s.add(m.colleagues, text)
		if err != nil {
			return common.Cannot(common.ErrorText(err))
		}
		s.typing = false
		s.input.Blur()
		s.current = i
		return nil
	}
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	return cmd
}

// succRows is how many account rows the step shows.
func (m *Model) succRows() int { return max(m.height-10, 3) }

func (m *Model) scrollSucc() {
	s := &m.succ
	s.offset = common.ScrollOffset(s.cursor, s.offset, len(m.chosen), m.succRows())
}

func (m *Model) successorsView() string {
	t := m.ctx.Theme
	s := &m.succ
	var b strings.Builder
	b.WriteString(t.Bold.Render("Who takes them over?") + "  " +
		t.Faint.Render("one bundle per successor; a book can be split") + "\n")
	switch {
	case s.typing:
		b.WriteString(s.input.View() + "\n")
	case s.current < 0:
		b.WriteString(t.Warn.Render("No successor yet: n types their name.") + "\n")
	default:
		p := s.people[s.current]
		kind := t.OK.Render("known colleague")
		if p.known == nil {
			kind = t.Warn.Render("not a colleague: passphrase")
		}
		pos := ""
		if len(s.people) > 1 {
			pos = t.Faint.Render(fmt.Sprintf("  %d of %d, ←/→ changes", s.current+1, len(s.people)))
		}
		b.WriteString("Successor: " + t.Selected.Render("‹ "+p.label()+" ›") + " " + kind + pos + "\n")
	}
	if m.colErr != nil {
		b.WriteString(t.Warn.Render("Your colleagues could not be read: "+common.ErrorText(m.colErr)) + "\n")
	} else if s.note != "" {
		b.WriteString(t.Faint.Render(s.note) + "\n")
	} else {
		b.WriteString("\n")
	}
	nameW := max(min(m.width-2-9-13-28, 40), 12)
	b.WriteString(t.Header.Render(fmt.Sprintf("  %-*s %8s  %-12s %s", nameW, "account", "ARR", "renewal", "successor")) + "\n")
	end := min(s.offset+m.succRows(), len(m.chosen))
	for i := s.offset; i < end; i++ {
		a := m.chosen[i]
		who := t.Faint.Render("—")
		if p, ok := s.assign[a.ID]; ok {
			who = s.people[p].name
		}
		renewal := "—"
		if !a.Renewal.IsZero() {
			renewal = a.Renewal.String()
		}
		arr := "—"
		if !a.ARR.IsZero() {
			arr = a.ARR.Short()
		}
		name := ansi.Truncate(a.Name, nameW, "…")
		line := fmt.Sprintf("%-*s %8s  %-12s ", nameW, name, arr, renewal)
		if i == s.cursor {
			b.WriteString(t.Cursor.Render("› "+line) + who + "\n")
		} else {
			b.WriteString("  " + line + who + "\n")
		}
	}
	if len(m.chosen) > end {
		b.WriteString(t.Faint.Render(fmt.Sprintf("  … %d more (pgdown)", len(m.chosen)-end)) + "\n")
	}
	b.WriteString("\n" + m.assignSummary() + "\n")
	b.WriteString(t.Faint.Render("←/→ other successor · n new name · space assign the account at › · a the rest"))
	return b.String()
}

// assignSummary says how far the split is: how many accounts still need
// a successor, and the bundles so far.
func (m *Model) assignSummary() string {
	t := m.ctx.Theme
	s := &m.succ
	var parts []string
	for _, g := range s.groups(m.chosen) {
		parts = append(parts, fmt.Sprintf("%s (%d)", g.to.name, len(g.accounts)))
	}
	line := ""
	if n := s.unassigned(m.chosen); n > 0 {
		line = t.Warn.Render(fmt.Sprintf("%d of %d without a successor", n, len(m.chosen)))
	} else {
		line = t.OK.Render(fmt.Sprintf("all %d assigned", len(m.chosen)))
	}
	if len(parts) > 0 {
		line += t.Subtle.Render(" · " + common.Plural(len(parts), "bundle") + ": " + strings.Join(parts, ", "))
	}
	return line
}

// successorsFull lists every key of the step for the full help.
func (m *Model) successorsFull() []key.Binding {
	return []key.Binding{assignKey, restKey, cycleKey, newKey, m.nextKey("check")}
}

func (m *Model) successorsHelp() []key.Binding {
	if m.succ.typing {
		return []key.Binding{common.Hint("enter", "use this name")}
	}
	// ←/→ and n are on the screen's own key line; the bar has room for
	// the rest.
	return []key.Binding{assignKey, restKey, m.nextKey("check")}
}
