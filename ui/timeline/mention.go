package timeline

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/sahilm/fuzzy"

	"bob/model"
	"bob/termsafe"
	"bob/ui/common"
	"bob/ui/form"
)

// An "@name" in an entry that matches nobody is never saved silently as
// plain text: the save stops and asks whether to add that person to the
// people map (name prefilled), to link one of the closest names instead,
// or to keep the text as it is.

// The keys of the question.
var (
	addPersonKey = common.Hint("a", "add to the people map")
	plainKey     = common.Hint("t", "keep as plain text")
)

// personAddedMsg says the person for an unknown @name was saved.
type personAddedMsg struct {
	person model.Person
}

type personFormClosedMsg struct {
	saved bool
}

// mentionState is the open question about an unknown @name.
type mentionState struct {
	name    string
	similar []string // the closest names of the people map, for 1-3
	parked  *form.Model
}

// checkMentions is called by the entry form's submit: it reports whether
// the save must stop to ask about an unknown @name.
func (m *Model) checkMentions(v form.Values) bool {
	text := v.String("title") + "\n" + v.String("people") + "\n" + v.String("body")
	for _, n := range form.UnknownMentions(text, m.mentions) {
		if m.plain[strings.ToLower(n)] {
			continue
		}
		q := &mentionState{name: n}
		for _, match := range fuzzy.Find(n, m.mentions) {
			q.similar = append(q.similar, match.Str)
		}
		if len(q.similar) == 0 {
			q.similar = append(q.similar, m.mentions...)
		}
		if len(q.similar) > 3 {
			q.similar = q.similar[:3]
		}
		m.mention = q
		return true
	}
	return false
}

// mentionKey answers the question.
func (m *Model) mentionKey(msg tea.KeyMsg) tea.Cmd {
	q := m.mention
	s := msg.String()
	switch {
	case key.Matches(msg, m.ctx.Keys.Back):
		m.mention = nil
		return common.Info("not saved: change the @name, or save again")
	case key.Matches(msg, addPersonKey):
		m.mention = nil
		return m.openPersonForm(q.name)
	case key.Matches(msg, plainKey):
		m.mention = nil
		m.plain[strings.ToLower(q.name)] = true
		return m.form.Submit()
	case len(s) == 1 && s[0] >= '1' && s[0] <= '9':
		i := int(s[0] - '1')
		if i >= len(q.similar) {
			return common.Cannot(fmt.Sprintf("there are only %d names to pick", len(q.similar)))
		}
		m.mention = nil
		m.form.ReplaceText("@"+q.name, "@"+q.similar[i])
		return m.form.Submit()
	}
	return common.Cannot("a adds " + q.name + " to the people map, 1-" + fmt.Sprint(len(q.similar)) + " links another, t keeps the text, esc goes back")
}

// mentionPrompt is the question line.
func (m *Model) mentionPrompt() string {
	q := m.mention
	parts := []string{"a add to the people map"}
	for i, n := range q.similar {
		parts = append(parts, fmt.Sprintf("%d %s", i+1, n))
	}
	parts = append(parts, "t keep as text", "esc back")
	line := "@" + q.name + " matches nobody: " + strings.Join(parts, " · ")
	return m.ctx.Theme.Warn.Render(ansi.Truncate(termsafe.Line(line), max(m.width, 20), "…"))
}

// openPersonForm adds the person an unknown @name means, with the name
// prefilled; on save the entry is saved with them linked.
func (m *Model) openPersonForm(name string) tea.Cmd {
	var managers []string
	byName := m.idsByName()
	managers = append(managers, m.mentions...)
	st, acc := m.ctx.Store, m.accountID
	f := form.New(m.ctx, "Add to the people map", []form.Field{
		{Key: "name", Label: "Name", Kind: form.Text, Value: name},
		{Key: "title", Label: "Title", Kind: form.Text},
		{Key: "reports_to", Label: "Reports to", Kind: form.Pick, Options: managers,
			Help: "type a few letters of the manager's name, tab picks; empty: top of the chart"},
		{Key: "email", Label: "Email", Kind: form.Text},
	}, func(v form.Values) tea.Cmd {
		p := model.Person{AccountID: acc, Name: v.String("name"), Title: v.String("title"), Email: v.String("email"),
			ReportsTo: byName[strings.ToLower(v.String("reports_to"))], Status: model.PersonActive}
		return func() tea.Msg {
			saved, err := st.PutPerson(p)
			if err != nil {
				return err
			}
			return tea.BatchMsg{
				func() tea.Msg { return personAddedMsg{person: saved} },
				common.Changed(acc, "", "added "+saved.Name+" to the people map"),
			}
		}
	})
	f.OnClose(func(saved bool) tea.Msg { return personFormClosedMsg{saved: saved} })
	f.WithHelpLine(false)
	f.SetSize(m.width, m.height)
	m.parked, m.form = m.form, f
	m.renameFrom = name
	return nil
}

// personAdded links the new person and saves the entry.
func (m *Model) personAdded(p model.Person) tea.Cmd {
	m.people = append(m.people, p)
	m.names[p.ID] = p.Name
	m.mentions = append(m.mentions, p.Name)
	if m.parked == nil {
		return nil
	}
	m.form, m.parked = m.parked, nil
	if m.renameFrom != "" && !strings.EqualFold(m.renameFrom, p.Name) {
		m.form.ReplaceText("@"+m.renameFrom, "@"+p.Name)
	}
	return tea.Batch(common.Info("added %s to the people map", p.Name), m.form.Submit())
}
