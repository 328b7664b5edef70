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
// successor gets one bundle. A colleague's `bob id show` line pasted as
// the name adds them as a colleague; i shows (and copies) the CSM's own
// line. The colleagues file is read again on the way into the step and
// whenever a name is resolved, so a colleague added from the shell
// meanwhile is offered without reopening the wizard.

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

	typing    bool
	input     textinput.Model
	note      string // what the last typed name turned out to be
	resolving bool   // a typed name or pasted id is being looked up
	showID    bool   // the CSM's own public id is shown
}

func newSuccessors() successors {
	in := textinput.New()
	in.Prompt = "Successor: "
	in.Placeholder = "their name or email, or paste their bob id show line"
	in.Cursor.SetMode(cursor.CursorStatic)
	in.CharLimit = 4096 // a pasted public id is a long line
	return successors{current: -1, assign: map[string]int{}, input: in}
}

// setColleagues offers the colleagues, by name, then the names typed in
// that are not colleagues. It keeps who is current and every account's
// successor; a typed name that is now a colleague's (added from the shell
// meanwhile) becomes that colleague.
func (s *successors) setColleagues(list []handoff.Public) {
	old, oldCurrent := s.people, s.current
	people := make([]successor, 0, len(list)+len(old))
	for i := range list {
		p := list[i]
		people = append(people, successor{name: p.Name, known: &p})
	}
	// where says which new entry an old one became.
	where := make([]int, len(old))
	for i, q := range old {
		where[i] = -1
		for j, p := range people {
			switch {
			case q.known != nil && p.known != nil && q.known.SigningKey.Equal(p.known.SigningKey),
				q.known == nil && p.known != nil && strings.EqualFold(q.name, p.name):
				where[i] = j
			}
			if where[i] >= 0 {
				break
			}
		}
		if where[i] < 0 {
			if q.known != nil {
				q = successor{name: q.name} // removed from the colleagues meanwhile
			}
			where[i] = len(people)
			people = append(people, q)
		}
	}
	s.people = people
	for id, p := range s.assign {
		s.assign[id] = where[p]
	}
	switch {
	case oldCurrent >= 0 && oldCurrent < len(where):
		s.current = where[oldCurrent]
	case len(people) > 0:
		s.current = 0
	default:
		s.current = -1
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
// lists the colleagues it could mean. The colleagues are offered first
// (setColleagues), so a colleague found is always among the people.
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
	// Without the name (it is on the line above) so it fits in 80 columns.
	s.note = "Not a colleague: no key is known, so you choose how the bundle is protected"
	return len(s.people) - 1, nil
}

// colleaguesMsg is the colleagues file read again (in a tea.Cmd), to
// resolve a typed name, after a pasted public id was added, or on the
// way into the step.
type colleaguesMsg struct {
	c   *handoff.Colleagues
	err error
	// typed is a name to resolve once the colleagues are read.
	typed string
	// added is the colleague a pasted line added; addErr why it was not.
	added  *handoff.Public
	addErr error
	// outside: the file changed outside the wizard; the colleagues new
	// since the last read are named in the status line.
	outside bool
}

// readColleagues reads the colleagues file again; typed, if not empty,
// is resolved once it is read.
func (m *Model) readColleagues(typed string) tea.Cmd {
	dir := m.ctx.ConfigDir
	return func() tea.Msg {
		c, err := handoff.LoadColleagues(dir)
		return colleaguesMsg{c: c, err: err, typed: typed}
	}
}

// colleaguesChanged reads the colleagues again after the file changed
// outside the wizard (bob colleagues add in a shell).
func (m *Model) colleaguesChanged() tea.Cmd {
	dir := m.ctx.ConfigDir
	return func() tea.Msg {
		c, err := handoff.LoadColleagues(dir)
		return colleaguesMsg{c: c, err: err, outside: true}
	}
}

// addColleague stores the public id pasted as a successor's name, as
// `bob colleagues add` does.
func (m *Model) addColleague(line string) tea.Cmd {
	dir := m.ctx.ConfigDir
	return func() tea.Msg {
		c, err := handoff.LoadColleagues(dir)
		if err != nil {
			return colleaguesMsg{err: err, addErr: err}
		}
		p, err := c.Add(line)
		if err != nil {
			return colleaguesMsg{c: c, addErr: err}
		}
		return colleaguesMsg{c: c, added: &p}
	}
}

// colleaguesRead takes the colleagues read again, then settles what was
// waiting on them: a typed name, or a pasted public id.
func (m *Model) colleaguesRead(msg colleaguesMsg) tea.Cmd {
	s := &m.succ
	if msg.outside {
		return m.colleaguesFromOutside(msg)
	}
	s.resolving = false
	if msg.c != nil {
		m.colleagues, m.colErr = msg.c, nil
		s.setColleagues(m.colleagues.List())
		m.refreshKeys()
	} else if msg.err != nil {
		m.colErr = msg.err
	}
	switch {
	case msg.addErr != nil:
		return common.Cannot("not added: " + common.ErrorText(msg.addErr))
	case msg.added != nil:
		p := msg.added
		for i, q := range s.people {
			if q.known != nil && q.known.SigningKey.Equal(p.SigningKey) {
				s.current = i
			}
		}
		s.typing = false
		s.input.Blur()
		s.note = p.Name + " <" + p.Email + "> is now a colleague: their bundle is encrypted to their key"
		return common.Info("added %s <%s> to your colleagues", p.Name, p.Email)
	case msg.typed != "":
		i, err := s.add(m.colleagues, msg.typed)
		if err != nil {
			return common.Cannot(common.ErrorText(err))
		}
		s.typing = false
		s.input.Blur()
		s.current = i
	}
	return nil
}

// colleaguesFromOutside offers the colleagues read after the file
// changed outside the wizard, and names the new ones.
func (m *Model) colleaguesFromOutside(msg colleaguesMsg) tea.Cmd {
	if msg.c == nil {
		return nil // the next change, or a typed name, reads them again
	}
	var added []string
	for _, p := range msg.c.List() {
		if m.colleagues == nil || !slices.ContainsFunc(m.colleagues.List(), func(q handoff.Public) bool { return q.SigningKey.Equal(p.SigningKey) }) {
			added = append(added, p.Name+" <"+p.Email+">")
		}
	}
	m.colleagues, m.colErr = msg.c, nil
	m.succ.setColleagues(m.colleagues.List())
	m.refreshKeys()
	if len(added) == 0 {
		return nil
	}
	return common.Info("now among your colleagues: %s (←/→ offers them as successors)", strings.Join(added, ", "))
}

// ownID shows the CSM's public id under the successors and copies it.
func (m *Model) ownID() tea.Cmd {
	if m.me.SigningKey == nil {
		return common.Cannot("you have no identity yet to show")
	}
	m.succ.showID = true
	return common.Copy(m.me.Public().String(), "your public id is copied: paste it to a colleague, who adds it with bob colleagues add")
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
	assignKey = common.Hint("space", "assign", " ")
)

func (m *Model) successorsKey(msg tea.KeyMsg) tea.Cmd {
	s := &m.succ
	if s.typing {
		return m.typeSuccessor(msg)
	}
	k := m.ctx.Keys
	if k.MoveCursor(msg, &s.cursor, len(m.chosen), m.succRows()) {
		m.scrollSucc()
		return nil
	}
	switch {
	case m.isBack(msg):
		m.step = stepAccounts
	case key.Matches(msg, k.Left) && len(s.people) > 0:
		s.current = (s.current + len(s.people) - 1) % len(s.people)
	case key.Matches(msg, k.Right) && len(s.people) > 0:
		s.current = (s.current + 1) % len(s.people)
	case key.Matches(msg, k.New):
		s.typing = true
		s.input.SetValue("")
		return s.input.Focus()
	case key.Matches(msg, k.OwnID):
		if s.showID {
			s.showID = false
			return nil
		}
		return m.ownID()
	case key.Matches(msg, k.Select):
		if s.current < 0 {
			return common.Cannot("no successor yet: " + k.New.Help().Key + " types their name")
		}
		id := m.chosen[s.cursor].ID
		if p, ok := s.assign[id]; ok && p == s.current {
			delete(s.assign, id)
		} else {
			s.assign[id] = s.current
		}
		s.cursor = min(s.cursor+1, len(m.chosen)-1)
	case key.Matches(msg, k.AssignRest):
		if s.current < 0 {
			return common.Cannot("no successor yet: " + k.New.Help().Key + " types their name")
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
			return common.Cannot(fmt.Sprintf("%s without a successor: space assigns one, %s assigns the rest", common.Plural(n, "account"), k.AssignRest.Help().Key))
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
		switch {
		case text == "":
			return common.Cannot("type the successor's name (or esc)")
		case s.resolving:
			return common.Cannot("reading your colleagues… wait a moment")
		}
		s.resolving = true
		if strings.Contains(text, "bob-id") {
			return m.addColleague(text)
		}
		return m.readColleagues(text)
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
		b.WriteString(t.Warn.Render("No successor yet: "+m.ctx.Keys.New.Help().Key+" types their name.") + "\n")
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
	// The ARR names its currency when the book holds several, as the
	// account list's does.
	named, arrW := model.SeveralCurrencies(m.sums), 8
	if named {
		arrW = 12
	}
	nameW := max(min(m.width-2-arrW-1-13-28, 40), 12)
	b.WriteString(t.Header.Render(fmt.Sprintf("  %-*s %*s  %-12s %s", nameW, "account", arrW, "ARR", "renewal", "successor")) + "\n")
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
			arr = a.ARR.ShortNamed(named)
		}
		name := ansi.Truncate(a.Name, nameW, "…")
		line := fmt.Sprintf("%-*s %*s  %-12s ", nameW, name, arrW, arr, renewal)
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
	if s.showID {
		b.WriteString(t.Bold.Render("Your public id") + t.Faint.Render(" (copied; a colleague adds it with bob colleagues add):") + "\n")
		b.WriteString(ansi.Hardwrap(m.me.Public().String(), max(m.width, 20), false) + "\n")
	}
	b.WriteString(t.Faint.Render("←/→ successor · " + m.ctx.Keys.New.Help().Key + " name or pasted id · space assign · " +
		m.ctx.Keys.AssignRest.Help().Key + " the rest · " + m.ctx.Keys.OwnID.Help().Key + " your id"))
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
	return []key.Binding{assignKey, m.ctx.Keys.AssignRest, cycleKey, common.Labeled(m.ctx.Keys.New, "new name or pasted id"), m.ctx.Keys.OwnID, m.nextKey("check")}
}

func (m *Model) successorsHelp() []key.Binding {
	if m.succ.typing {
		return []key.Binding{common.Hint("enter", "use this name")}
	}
	// ←/→ and n are on the screen's own key line; the bar has room for
	// the rest.
	return []key.Binding{assignKey, m.ctx.Keys.AssignRest, m.nextKey("check")}
}
