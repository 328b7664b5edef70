package timeline

import (
	"fmt"
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
)

// KindShortcuts are the letters that pick an entry's kind in quick
// capture.
var KindShortcuts = map[string]string{
	"c": string(model.KindCall), "m": string(model.KindMeeting), "e": string(model.KindEmail),
	"n": string(model.KindNote), "r": string(model.KindRisk), "s": string(model.KindMilestone),
	"x": string(model.KindEscalation),
}

// kindOptions is the order the kind select cycles in.
var kindOptions = []string{
	string(model.KindCall), string(model.KindMeeting), string(model.KindEmail), string(model.KindNote),
	string(model.KindRisk), string(model.KindMilestone), string(model.KindEscalation), string(model.KindHandoff),
}

// openForm shows quick capture (orig nil) or the edit form of an entry.
// Quick capture starts on the kind: a letter picks it and jumps to the
// title, i flips internal/external, so "n c <title> ctrl+s" logs a call.
func (m *Model) openForm(orig *model.TimelineEntry) tea.Cmd {
	title := "New timeline entry"
	e := model.TimelineEntry{AccountID: m.accountID, Kind: model.KindCall, Author: m.ctx.Author}
	if orig != nil {
		title = "Edit timeline entry"
		e = *orig
	}
	fields := entryFields(e, orig != nil, m.ctx.Now().Location(), m.people, m.mentions)
	when := fields[2].Value
	if orig == nil {
		m.editing = ""
	} else {
		m.editing = orig.ID
	}
	st, now := m.ctx.Store, m.ctx.Now
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		// Called in Update: the names are the current ones, so a person
		// added for an unknown @name on the way is linked.
		if m.checkMentions(v) {
			q := m.mention
			return func() tea.Msg {
				return common.StatusMsg{Text: "@" + q.name + " matches nobody in the people map: choose below", Error: true}
			}
		}
		names, byName := m.mentions, m.idsByName()
		e := e
		e.Kind = model.EntryKind(v.String("kind"))
		e.Internal = v.Bool("internal")
		e.Title, e.Body = v.String("title"), v.String("body")
		e.Status = ""
		if e.Kind == model.KindEscalation {
			e.Status = model.EscalationStatus(v.String("status"))
		}
		switch t := v.Time("when", now().Location()); {
		case orig != nil && v.String("when") == when:
			// unchanged: keep the exact original time
		case t.IsZero() && orig == nil:
			e.When = now()
		case !t.IsZero():
			e.When = t
		}
		e.People = nil
		for _, n := range v.Mentions(names, "title", "people", "body") {
			e.People = append(e.People, byName[strings.ToLower(n)])
		}
		return func() tea.Msg {
			saved, err := st.PutEntry(e)
			if err != nil {
				return err
			}
			what := string(saved.Kind)
			if saved.Internal {
				what = "internal " + what
			}
			return tabkit.Wrote(saved.AccountID, saved.ID, fmt.Sprintf("saved %s %q", what, saved.Title))
		}
	})
	tabkit.Embed(f, m.width, m.height)
	if orig != nil {
		f.Focus("title")
		// Another bob may change the entry while the form is open; the
		// people map as it is now names its people.
		id, loc, people, mentions := orig.ID, m.ctx.Now().Location(), slices.Clone(m.people), slices.Clone(m.mentions)
		f.Watch(m.accountID, func() ([]form.Field, error) {
			cur, err := st.Entry(id)
			if err != nil {
				return nil, err
			}
			return entryFields(*common.Safe(&cur), true, loc, people, mentions), nil
		})
	}
	m.form = f
	return nil
}

// idsByName maps lower-cased names to person IDs (the first person of a
// name wins).
func (m *Model) idsByName() map[string]string {
	out := map[string]string{}
	for _, p := range m.people {
		k := strings.ToLower(p.Name)
		if _, ok := out[k]; !ok {
			out[k] = p.ID
		}
	}
	return out
}

// Form returns the open quick-capture or edit form, or nil.
func (m *Model) Form() *form.Model { return m.form }

// entryFields are the entry form's fields, filled from e (editing: an
// existing entry, whose time and people are shown as they are).
func entryFields(e model.TimelineEntry, editing bool, loc *time.Location, people []model.Person, mentions []string) []form.Field {
	when, names := "", ""
	if editing {
		when = form.FormatDateTime(e.When.In(loc))
		for _, id := range e.People {
			for _, p := range people {
				if p.ID == id {
					names += "@" + p.Name + " "
				}
			}
		}
	}
	internal := "false"
	if e.Internal {
		internal = "true"
	}
	fields := []form.Field{
		{Key: "kind", Label: "Kind", Kind: form.Select, Options: kindOptions, Value: string(e.Kind),
			Shortcuts: KindShortcuts, Next: "title", Help: "press a letter to pick the kind and go to the title"},
		{Key: "internal", Label: "Visibility", Kind: form.Bool, Hotkey: "i", Value: internal,
			Options: []string{"[ext] external: counts as a touch of the customer", "[int] INTERNAL: never shown to the customer, not a touch"}},
		{Key: "when", Label: "When", Kind: form.DateTime, Value: when, Placeholder: "now",
			Help: "now, yesterday, -3d, 2026-11-02 or 2026-11-02 14:30"},
		{Key: "title", Label: "Title", Kind: form.Text, Value: e.Title, Mentions: mentions,
			Help: "@name links a stakeholder"},
		{Key: "people", Label: "People", Kind: form.Text, Value: names, Mentions: mentions,
			Placeholder: "@name @name", Help: "the stakeholders this entry is about: @name, tab to complete"},
		{Key: "body", Label: "Body", Kind: form.LongText, Value: e.Body, Mentions: mentions,
			Placeholder: "Markdown notes; @name links a stakeholder", Help: "ctrl+e opens $EDITOR"},
		{Key: "status", Label: "Status", Kind: form.Select, Value: string(e.Status),
			Options: []string{"", string(model.EscalationOpen), string(model.EscalationResolved)},
			Help:    "open or resolved (empty: not recorded)",
			OnlyIf:  form.Condition{Key: "kind", Values: []string{string(model.KindEscalation)}}},
	}
	if editing {
		fields[0].Next = "" // editing: a letter picks the kind and moves on, nothing more
	}
	return fields
}
