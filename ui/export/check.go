package export

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/handoff"
	"bob/ui/common"
)

// Step 3: the completeness check. Every account is checked for what a
// successor would miss (no executive sponsor, no champion, a renewal
// within 90 days without a plan, stakeholders not touched in 60 days, an
// unfinished outgoing transition checklist). The CSM opens an account to
// fix it (the check runs again when the book changes) or goes on
// knowingly, with a key of its own.

type checkState struct {
	running bool
	// asked: the CSM ran this check again (r), so its result is said in
	// the status line even when the screen stays the same.
	asked  bool
	seq    int
	gaps   map[string][]handoff.Gap
	err    error
	cursor int
	offset int // first line shown
}

// gapsMsg is the check's result.
type gapsMsg struct {
	seq  int
	gaps map[string][]handoff.Gap
	err  error
}

var ()

// runCheck checks the chosen accounts in a tea.Cmd. A newer run makes an
// older result stale.
func (m *Model) runCheck() tea.Cmd {
	m.check.seq++
	m.check.running = true
	seq, st, now := m.check.seq, m.ctx.Store, m.ctx.Now()
	ids := make([]string, len(m.chosen))
	for i, a := range m.chosen {
		ids[i] = a.ID
	}
	return func() tea.Msg {
		gaps, err := handoff.Gaps(st, ids, now)
		return gapsMsg{seq: seq, gaps: gaps, err: err}
	}
}

func (m *Model) gapsDone(msg gapsMsg) tea.Cmd {
	if msg.seq != m.check.seq {
		return nil
	}
	c := &m.check
	c.running = false
	c.gaps, c.err = msg.gaps, msg.err
	if !c.asked || c.err != nil {
		return nil
	}
	c.asked = false
	if n := m.withGaps(); n > 0 {
		verb := "have"
		if n == 1 {
			verb = "has"
		}
		return common.Info("checked again: %d of %s still %s gaps", n, common.Plural(len(m.chosen), "account"), verb)
	}
	return common.Info("checked again: no gaps left")
}

// withGaps counts the chosen accounts that have gaps.
func (m *Model) withGaps() int {
	n := 0
	for _, a := range m.chosen {
		if len(m.check.gaps[a.ID]) > 0 {
			n++
		}
	}
	return n
}

func (m *Model) checkKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	c := &m.check
	switch {
	case m.isBack(msg):
		m.step = stepSuccessors
	case key.Matches(msg, k.Up):
		c.cursor = max(c.cursor-1, 0)
	case key.Matches(msg, k.Down):
		c.cursor = min(c.cursor+1, len(m.chosen)-1)
	case key.Matches(msg, k.FixGap):
		id := m.chosen[c.cursor].ID
		open := common.OpenAccountMsg{ID: id}
		// A gap about people opens the people map, on the person when the
		// gap names one, since that is where it is fixed.
		for _, g := range c.gaps[id] {
			switch g.Kind {
			case handoff.GapNoSponsor, handoff.GapNoChampion, handoff.GapStaleStakeholder:
				if open.Tab == "" || (open.Item == "" && g.PersonID != "") {
					open.Tab, open.Item = "People", g.PersonID
				}
			}
		}
		return func() tea.Msg { return open }
	case key.Matches(msg, k.CheckAgain):
		c.asked = true
		return m.runCheck()
	case key.Matches(msg, k.Open), key.Matches(msg, k.GoOnAnyway):
		switch {
		case c.running:
			return common.Cannot("the check is still running: wait a moment")
		case c.err != nil:
			return common.Cannot("the check failed: r runs it again")
		}
		if n := m.withGaps(); n > 0 && !key.Matches(msg, k.GoOnAnyway) {
			return common.Cannot(fmt.Sprintf("%s with gaps: %s opens one to fix it, %s hands over as is", common.Plural(n, "account"), k.FixGap.Help().Key, k.GoOnAnyway.Help().Key))
		}
		m.openOptions()
	}
	return nil
}

func (m *Model) checkView() string {
	t := m.ctx.Theme
	c := &m.check
	var b strings.Builder
	b.WriteString(t.Bold.Render("What would your successors miss?") + "\n")
	switch {
	case c.err != nil:
		b.WriteString(t.Error.Render("The check failed: "+common.ErrorText(c.err)) + "\n" + t.Faint.Render("r runs it again."))
		return b.String()
	case c.gaps == nil:
		b.WriteString(t.Faint.Render("Checking…"))
		return b.String()
	}
	n := m.withGaps()
	if n == 0 {
		b.WriteString(t.OK.Render(fmt.Sprintf("All %s are ready to hand over.", common.Plural(len(m.chosen), "account"))) + "\n\n")
	} else {
		b.WriteString(t.Warn.Render(fmt.Sprintf("%d of %s have gaps.", n, common.Plural(len(m.chosen), "account"))) +
			t.Faint.Render(" "+m.ctx.Keys.FixGap.Help().Key+" opens one to fix it; "+m.ctx.Keys.GoOnAnyway.Help().Key+" hands over as is.") + "\n\n")
	}
	// Every account, with its gaps under it; the cursor's account stays
	// in view.
	var lines []string
	start, end := 0, 0
	for i, a := range m.chosen {
		gaps := c.gaps[a.ID]
		mark, what := t.OK.Render("✓"), t.Faint.Render("ready")
		if len(gaps) > 0 {
			mark, what = t.Warn.Render("!"), t.Warn.Render(common.Plural(len(gaps), "gap"))
		}
		row := a.Name
		if i == c.cursor {
			start = len(lines)
			row = t.Cursor.Render("› " + row)
		} else {
			row = "  " + row
		}
		lines = append(lines, row+" "+mark+" "+what)
		for _, g := range gaps {
			// The text says what to do: wrap it rather than cut it.
			for j, l := range strings.Split(ansi.Wordwrap(g.Text, max(m.width-8, 20), ""), "\n") {
				lead := "     · "
				if j > 0 {
					lead = "       "
				}
				lines = append(lines, t.Subtle.Render(lead+l))
			}
		}
		if i == c.cursor {
			end = len(lines)
		}
	}
	room := max(m.height-6, 3)
	c.offset = common.ScrollBlock(start, end, c.offset, len(lines), room)
	shown := lines[c.offset:min(len(lines), c.offset+room)]
	b.WriteString(strings.Join(shown, "\n"))
	if c.offset+room < len(lines) {
		b.WriteString("\n" + t.Faint.Render("  more ↓"))
	}
	if c.running {
		b.WriteString("\n" + t.Faint.Render("Checking again…"))
	}
	return b.String()
}

func (m *Model) checkHelp() []key.Binding {
	k := m.ctx.Keys
	if m.withGaps() > 0 {
		return []key.Binding{k.FixGap, k.GoOnAnyway, k.CheckAgain}
	}
	return []key.Binding{m.nextKey("go on"), k.FixGap, k.CheckAgain}
}
