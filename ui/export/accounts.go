package export

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/model"
	"bob/ui/common"
)

// Step 1: which accounts. The CSM hands over the accounts selected in the
// list, the accounts with a tag, or every account not handed off yet.
// Which accounts each covers is handoff.Select's rule, the same as the
// command line's: a tag or "every account" leaves accounts already handed
// off out; an account selected by itself goes out again, with a note.

// sourceKind is one way to choose the accounts.
type sourceKind int

const (
	fromSelection sourceKind = iota
	fromTag
	fromAll
)

// sources are the ways to choose offered for this book, with the cursor.
type sources struct {
	kinds  []sourceKind
	cursor int

	sums  []model.AccountSummary
	byID  map[string]model.AccountSummary
	sel   []model.AccountSummary // the selection
	again int                    // selected accounts handed off already: they go out again
	tags  []string
	tag   int // the tag shown on the tag row
	all   []model.AccountSummary
	// byTag caches the accounts of each tag, worked out when first shown.
	byTag map[string][]model.AccountSummary
}

func newSources(sums []model.AccountSummary, selected []string) sources {
	s := sources{sums: sums, byID: make(map[string]model.AccountSummary, len(sums)), byTag: map[string][]model.AccountSummary{}}
	tags := map[string]bool{}
	for _, a := range sums {
		s.byID[a.ID] = a
		if a.HandedOff() {
			continue
		}
		for _, t := range a.Tags {
			tags[t] = true
		}
	}
	if got, err := handoff.Select(sums, handoff.Selection{IDs: selected}); err == nil {
		s.sel, s.again = s.summaries(got.IDs), len(got.Again)
	}
	if got, err := handoff.Select(sums, handoff.Selection{All: true}); err == nil {
		s.all = s.summaries(got.IDs)
	}
	for t := range tags {
		s.tags = append(s.tags, t)
	}
	slices.Sort(s.tags)
	if len(s.sel) > 0 {
		s.kinds = append(s.kinds, fromSelection)
	}
	if len(s.tags) > 0 {
		s.kinds = append(s.kinds, fromTag)
	}
	s.kinds = append(s.kinds, fromAll)
	return s
}

func (s *sources) summaries(ids []string) []model.AccountSummary {
	out := make([]model.AccountSummary, 0, len(ids))
	for _, id := range ids {
		out = append(out, s.byID[id])
	}
	return out
}

// accounts returns the accounts a way of choosing gives.
func (s *sources) accounts(k sourceKind) []model.AccountSummary {
	switch k {
	case fromSelection:
		return s.sel
	case fromTag:
		if len(s.tags) == 0 {
			return nil
		}
		t := s.tags[s.tag]
		as, ok := s.byTag[t]
		if !ok {
			if got, err := handoff.Select(s.sums, handoff.Selection{Tags: []string{t}}); err == nil {
				as = s.summaries(got.IDs)
			}
			s.byTag[t] = as
		}
		return as
	}
	return s.all
}

// byName sorts accounts the way every step lists them.
func byName(as []model.AccountSummary) []model.AccountSummary {
	out := slices.Clone(as)
	slices.SortStableFunc(out, func(a, b model.AccountSummary) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
	return out
}

var tagKeys = common.Hint("←/→", "other tag", "left", "right")

func (m *Model) accountsKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	s := &m.src
	switch {
	case m.isBack(msg):
		return back
	case key.Matches(msg, k.Up):
		s.cursor = max(s.cursor-1, 0)
	case key.Matches(msg, k.Down):
		s.cursor = min(s.cursor+1, len(s.kinds)-1)
	case key.Matches(msg, k.Left) && s.kinds[s.cursor] == fromTag:
		s.tag = (s.tag + len(s.tags) - 1) % len(s.tags)
	case key.Matches(msg, k.Right) && s.kinds[s.cursor] == fromTag:
		s.tag = (s.tag + 1) % len(s.tags)
	case key.Matches(msg, k.Open):
		chosen := s.accounts(s.kinds[s.cursor])
		if len(chosen) == 0 {
			return common.Cannot("no account to hand over here: choose another line")
		}
		m.chosen = byName(chosen)
		m.succ.setAccounts(m.chosen)
		m.step = stepSuccessors
		return m.readColleagues("")
	}
	return nil
}

func (m *Model) accountsView() string {
	t := m.ctx.Theme
	s := &m.src
	var b strings.Builder
	b.WriteString(t.Bold.Render("Which accounts do you hand over?") + "\n\n")
	for i, k := range s.kinds {
		n := len(s.accounts(k))
		var label, note string
		switch k {
		case fromSelection:
			label = "The accounts selected in the list"
			if s.again > 0 {
				note = fmt.Sprintf(" (%d handed off: sent again)", s.again)
			}
		case fromTag:
			label = "The accounts tagged ‹" + s.tags[s.tag] + "›"
			note = fmt.Sprintf("  ←/→ other tag (%d of %d)", s.tag+1, len(s.tags))
		case fromAll:
			label = "Every account not handed off yet"
		}
		line := fmt.Sprintf("%-36s %s", label, common.Plural(n, "account"))
		if i == s.cursor {
			b.WriteString(t.Cursor.Render("› "+line) + t.Faint.Render(note) + "\n")
		} else {
			b.WriteString("  " + line + t.Faint.Render(note) + "\n")
		}
	}
	b.WriteString("\n")
	chosen := byName(s.accounts(s.kinds[s.cursor]))
	if len(chosen) > 0 {
		room := max(m.height-len(s.kinds)-8, 1)
		names := make([]string, 0, room)
		for i, a := range chosen {
			if i == room-1 && len(chosen) > room {
				names = append(names, fmt.Sprintf("… and %d more", len(chosen)-i))
				break
			}
			names = append(names, a.Name)
		}
		for _, n := range names {
			b.WriteString("  " + t.Subtle.Render(n) + "\n")
		}
	}
	if n := m.handedOffCount(); n > 0 {
		b.WriteString("\n" + t.Faint.Render(fmt.Sprintf("%s handed off already: sent again only when selected in the list.", common.Plural(n, "account"))))
	}
	return strings.TrimRight(b.String(), "\n")
}

func (m *Model) handedOffCount() int {
	n := 0
	for _, a := range m.sums {
		if a.HandedOff() {
			n++
		}
	}
	return n
}

func (m *Model) accountsHelp() []key.Binding {
	h := []key.Binding{m.nextKey("choose")}
	if m.src.kinds[m.src.cursor] == fromTag {
		h = append(h, tagKeys)
	}
	return h
}
