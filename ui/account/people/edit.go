package people

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
	"bob/ui/picker"
)

// personHint is what a people picker says before anything is typed.
const personHint = "type a few letters of a name or title"

// roleField is the form key of a role's yes/no field.
func roleField(r model.Role) string { return "role:" + string(r) }

// saved puts the cursor on p and says what changed.
func (m *Model) saved(p model.Person, what string) tea.Msg {
	return tabkit.Wrote(m.accountID, p.ID, what)
}

// managerOptions are the labels of everyone who could be id's manager.
func (m *Model) managerOptions(id string) []string {
	var out []string
	for _, p := range m.rec.People {
		if p.ID != id {
			out = append(out, m.labels[p.ID])
		}
	}
	slices.SortFunc(out, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	return out
}

// openPersonForm shows the form to add a person (p zero) or edit every
// field of one. The name has focus; the manager is found by typing.
func (m *Model) openPersonForm(p model.Person) tea.Cmd {
	title := "New stakeholder"
	if p.ID != "" {
		title = "Edit " + p.Name
	}
	labels, options := maps.Clone(m.labels), m.managerOptions(p.ID)
	fields := personFields(p, labels, options)
	st, acc, people, byLabel, now := m.ctx.Store, m.accountID, m.rec.People, m.byLabel, m.ctx.Now
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		p := p
		p.AccountID = acc
		p.Name, p.Title, p.Department = v.String("name"), v.String("title"), v.String("department")
		p.Email, p.Phone, p.Notes = v.String("email"), v.String("phone"), v.String("notes")
		p.ReportsTo = byLabel[strings.ToLower(v.String("reports_to"))]
		p.Roles = nil
		for _, r := range model.Roles {
			if v.Bool(roleField(r)) {
				p.Roles = append(p.Roles, r)
			}
		}
		p.Influence, p.Sentiment = model.Level(v.String("influence")), model.Sentiment(v.String("sentiment"))
		p.Power, p.ADKAR = model.Power(v.String("power")), model.ADKAR(v.String("adkar"))
		was := p.Status
		p.Status = model.PersonStatus(v.String("status"))
		if p.Status == model.PersonLeft && was != model.PersonLeft {
			p.LeftOn = model.DateOf(now())
		} else if p.Status != model.PersonLeft {
			p.LeftOn = model.Date{}
		}
		if p.ID != "" {
			if loop := model.MoveLoop(people, p.ID, p.ReportsTo); loop != nil {
				msg := loopText(people, loop)
				return func() tea.Msg {
					return &model.ValidationError{Problems: []model.FieldError{{Field: "reports_to", Problem: msg}}}
				}
			}
		}
		return form.Save(func() (model.Person, error) { return st.PutPerson(p) },
			func(saved model.Person) tea.Msg { return m.saved(saved, "saved "+saved.Name) })
	})
	// Another bob may change the person while the form is open.
	return m.show(form.WatchItem(f, acc, p.ID, fmt.Sprintf("stakeholder %q", p.Name),
		func() ([]model.Person, error) { return st.People(acc) },
		func(x model.Person) string { return x.ID },
		func(cur model.Person) ([]form.Field, error) { return personFields(cur, labels, options), nil }))
}

// personFields are the person form's fields, filled from p; labels name
// the people a manager may be, options are the managers offered.
func personFields(p model.Person, labels map[string]string, options []string) []form.Field {
	status := string(p.Status)
	if status == "" {
		status = string(model.PersonActive)
	}
	manager := ""
	if p.ReportsTo != "" {
		manager = labels[p.ReportsTo]
	}
	fields := []form.Field{
		{Key: "name", Label: "Name", Kind: form.Text, Value: p.Name},
		{Key: "title", Label: "Title", Kind: form.Text, Value: p.Title, Placeholder: "e.g. VP Operations"},
		{Key: "department", Label: "Department", Kind: form.Text, Value: p.Department,
			Help: "the team or group; ADKAR barriers are judged per department"},
		{Key: "reports_to", Label: "Reports to", Kind: form.Pick, Options: options, Value: manager,
			Help: "type a few letters of the manager's name, tab picks; empty: top of the chart"},
		{Key: "email", Label: "Email", Kind: form.Text, Value: p.Email},
		{Key: "phone", Label: "Phone", Kind: form.Text, Value: p.Phone},
	}
	for _, r := range model.Roles {
		fields = append(fields, form.Field{Key: roleField(r), Label: string(r), Kind: form.Bool, Group: "Roles",
			Value: fmt.Sprint(p.HasRole(r)), Options: []string{"no", "yes"}})
	}
	return append(fields,
		form.Field{Key: "influence", Label: "Influence", Kind: form.Select, Options: form.Options(model.Levels, true), Value: string(p.Influence), Group: "Signals"},
		form.Field{Key: "sentiment", Label: "Sentiment", Kind: form.Select, Options: form.Options(model.Sentiments, true), Value: string(p.Sentiment), Group: "Signals"},
		form.Field{Key: "power", Label: "Power", Kind: form.Select, Options: form.Options(model.Powers, true), Value: string(p.Power), Group: "Signals",
			Help: "formal: from the org chart · informal: de facto · both"},
		form.Field{Key: "adkar", Label: "ADKAR barrier", Kind: form.Select, Options: form.Options(model.ADKARStages, true), Value: string(p.ADKAR), Group: "Signals",
			Help: "the first ADKAR stage this person has not reached"},
		form.Field{Key: "status", Label: "Status", Kind: form.Select, Options: []string{string(model.PersonActive), string(model.PersonLeft)},
			Value: status, Group: "Signals"},
		form.Field{Key: "notes", Label: "Notes", Kind: form.LongText, Value: p.Notes, Help: "private to you; a redacted bundle leaves them out"},
	)
}

func (m *Model) show(f *form.Model) tea.Cmd {
	m.form.Open(f, m.width, m.height)
	return nil
}

// loopText names the loop a move would make, in names: "Dana would
// make a loop: Dana → Lee → Priya → Dana" (each reporting to the next).
func loopText(people []model.Person, loop []string) string {
	name := func(id string) string {
		for _, p := range people {
			if p.ID == id {
				return p.Name
			}
		}
		return id
	}
	if len(loop) == 2 {
		return name(loop[0]) + " cannot report to themselves"
	}
	names := make([]string, len(loop))
	for i, id := range loop {
		names[i] = name(id)
	}
	return "a reporting loop: " + strings.Join(names, " → ")
}

// markLeft marks a person as having left the company, or back, in one
// key. They stay in the tree, dimmed.
func (m *Model) markLeft(p model.Person) tea.Cmd {
	st, acc, today := m.ctx.Store, m.accountID, model.DateOf(m.ctx.Now())
	return common.Cmd(func() (model.Person, error) {
		return st.UpdatePerson(acc, p.ID, func(x *model.Person) error {
			if x.Active() {
				x.Status, x.LeftOn = model.PersonLeft, today
			} else {
				x.Status, x.LeftOn = model.PersonActive, model.Date{}
			}
			return nil
		})
	}, func(x model.Person) tea.Msg {
		if x.Active() {
			return m.saved(x, x.Name+" is back at the customer")
		}
		return m.saved(x, x.Name+" marked as left the company (L brings them back)")
	})
}

// openMove picks a new manager for p; p's reports move with them.
func (m *Model) openMove(p model.Person) tea.Cmd {
	items := []picker.Item{{ID: "", Label: "nobody", Hint: "top of the chart"}}
	for _, o := range m.rec.People {
		if o.ID != p.ID {
			items = append(items, picker.Item{ID: o.ID, Label: m.labels[o.ID], Hint: o.Title})
		}
	}
	st, acc, people := m.ctx.Store, m.accountID, m.rec.People
	m.pick = picker.New(m.ctx, "Move "+p.Name+" (and everyone under them) to report to…", personHint, items, func(it picker.Item) tea.Cmd {
		if loop := model.MoveLoop(people, p.ID, it.ID); loop != nil {
			return common.Cannot("not moved: " + loopText(people, loop))
		}
		if it.ID == p.ReportsTo {
			return common.Info("%s already reports there", p.Name)
		}
		return common.Cmd(func() (model.Person, error) {
			return st.UpdatePerson(acc, p.ID, func(x *model.Person) error { x.ReportsTo = it.ID; return nil })
		}, func(x model.Person) tea.Msg {
			if it.ID == "" {
				return m.saved(x, "moved "+x.Name+" to the top of the chart")
			}
			return m.saved(x, "moved "+x.Name+" under "+it.Label)
		})
	})
	return nil
}

// openDottedLine adds a dotted-line manager, or removes one already there.
func (m *Model) openDottedLine(p model.Person) tea.Cmd {
	var items []picker.Item
	for _, o := range m.rec.People {
		if o.ID == p.ID {
			continue
		}
		hint := o.Title
		if slices.Contains(p.DottedLine, o.ID) {
			hint = "dotted line now: picking removes it"
		}
		items = append(items, picker.Item{ID: o.ID, Label: m.labels[o.ID], Hint: hint})
	}
	st, acc := m.ctx.Store, m.accountID
	m.pick = picker.New(m.ctx, "Dotted-line manager of "+p.Name+" (add, or pick one to remove)", personHint, items, func(it picker.Item) tea.Cmd {
		removing := slices.Contains(p.DottedLine, it.ID)
		return common.Cmd(func() (model.Person, error) {
			return st.UpdatePerson(acc, p.ID, func(x *model.Person) error {
				if removing {
					x.DottedLine = slices.DeleteFunc(slices.Clone(x.DottedLine), func(s string) bool { return s == it.ID })
				} else if !slices.Contains(x.DottedLine, it.ID) {
					x.DottedLine = append(x.DottedLine, it.ID)
				}
				return nil
			})
		}, func(x model.Person) tea.Msg {
			if removing {
				return m.saved(x, "removed the dotted line from "+x.Name+" to "+it.Label)
			}
			return m.saved(x, "added a dotted line from "+x.Name+" to "+it.Label)
		})
	})
	return nil
}

// openEdgeForm adds an influence line from p (or edits e).
func (m *Model) openEdgeForm(p model.Person, e model.InfluenceEdge) tea.Cmd {
	if len(m.rec.People) < 2 {
		return common.Cannot("an influence line needs two people: press n to add another")
	}
	var all []string
	for _, o := range m.rec.People {
		all = append(all, m.labels[o.ID])
	}
	slices.SortFunc(all, func(a, b string) int { return strings.Compare(strings.ToLower(a), strings.ToLower(b)) })
	labels := m.labels
	fields := edgeFields(p, e, labels, all)
	st, acc, byLabel, edges := m.ctx.Store, m.accountID, m.byLabel, m.rec.Edges
	f := form.New(m.ctx, "Influence line", fields, func(v form.Values) tea.Cmd {
		e := e
		e.AccountID = acc
		e.From, e.To = byLabel[strings.ToLower(v.String("from"))], byLabel[strings.ToLower(v.String("to"))]
		var probs []model.FieldError
		if e.From == "" {
			probs = append(probs, model.FieldError{Field: "from", Problem: "is required"})
		}
		if e.To == "" {
			probs = append(probs, model.FieldError{Field: "to", Problem: "is required"})
		}
		if len(probs) > 0 {
			return func() tea.Msg { return &model.ValidationError{Problems: probs} }
		}
		if e.ID == "" {
			// One line per pair and direction: saving again changes it.
			for _, x := range edges {
				if x.From == e.From && x.To == e.To {
					e.ID, e.Created = x.ID, x.Created
				}
			}
		}
		e.Strength, e.Sentiment, e.Note = model.Level(v.String("strength")), model.Sentiment(v.String("sentiment")), v.String("note")
		what := fmt.Sprintf("saved influence %s → %s", v.String("from"), v.String("to"))
		return form.Save(func() (model.InfluenceEdge, error) { return st.PutEdge(e) },
			func(saved model.InfluenceEdge) tea.Msg { return m.saved(model.Person{ID: saved.From}, what) })
	})
	// Another bob may change the line while the form is open.
	return m.show(form.WatchItem(f, acc, e.ID, "influence line",
		func() ([]model.InfluenceEdge, error) { return st.Edges(acc) },
		func(x model.InfluenceEdge) string { return x.ID },
		func(cur model.InfluenceEdge) ([]form.Field, error) { return edgeFields(p, cur, labels, all), nil }))
}

// edgeFields are the influence-line form's fields, filled from e (a new
// line from p when e has no ID); labels name the people, options are
// the people offered.
func edgeFields(p model.Person, e model.InfluenceEdge, labels map[string]string, options []string) []form.Field {
	from, to := labels[p.ID], ""
	if e.ID != "" {
		from, to = labels[e.From], labels[e.To]
	}
	return []form.Field{
		{Key: "to", Label: "Influences", Kind: form.Pick, Options: options, Value: to,
			Help: "whom " + p.Name + " influences: type a few letters, tab picks"},
		{Key: "from", Label: "Influencer", Kind: form.Pick, Options: options, Value: from},
		{Key: "strength", Label: "Strength", Kind: form.Select, Options: form.Options(model.Levels, true), Value: string(e.Strength)},
		{Key: "sentiment", Label: "Sentiment", Kind: form.Select, Options: form.Options(model.Sentiments, true), Value: string(e.Sentiment)},
		{Key: "note", Label: "Note", Kind: form.Text, Value: e.Note, Placeholder: "e.g. weekly 1:1, old colleagues"},
	}
}

// openInfluence adds an influence line from p or, when p has lines
// already, first asks which one to change, a new one first: a line's
// strength, sentiment and note are changed on the line itself, not
// retyped from nothing (saving a pair again replaces the whole line).
func (m *Model) openInfluence(p model.Person) tea.Cmd {
	lines, byID := m.influenceItems(p)
	items := append([]picker.Item{{Label: "new influence line", Hint: "from " + p.Name}}, lines...)
	if len(items) == 1 {
		return m.openEdgeForm(p, model.InfluenceEdge{})
	}
	m.pick = picker.New(m.ctx, "Change which influence line of "+p.Name+"?", personHint, items, func(it picker.Item) tea.Cmd {
		return m.openEdgeForm(p, byID[it.ID])
	})
	return nil
}

// influenceItems lists p's influence lines for a picker, with the lines
// by ID for the pick.
func (m *Model) influenceItems(p model.Person) ([]picker.Item, map[string]model.InfluenceEdge) {
	var items []picker.Item
	byID := map[string]model.InfluenceEdge{}
	for _, e := range m.rec.Edges {
		if e.From != p.ID && e.To != p.ID {
			continue
		}
		byID[e.ID] = e
		items = append(items, picker.Item{ID: e.ID, Label: m.name(e.From) + " → " + m.name(e.To), Hint: edgeAttrs(e)})
	}
	return items, byID
}

// openUnlink picks one of p's influence lines to remove (after a y/n).
func (m *Model) openUnlink(p model.Person) tea.Cmd {
	items, byID := m.influenceItems(p)
	if len(items) == 0 {
		return common.Cannot(p.Name + " has no influence lines: w adds one")
	}
	m.pick = picker.New(m.ctx, "Remove which influence line of "+p.Name+"?", personHint, items, func(it picker.Item) tea.Cmd {
		m.edge = byID[it.ID]
		m.asking = "unlink"
		return nil
	})
	return nil
}

func edgeAttrs(e model.InfluenceEdge) string {
	var a []string
	for _, s := range []string{string(e.Strength), string(e.Sentiment), e.Note} {
		if s != "" {
			a = append(a, s)
		}
	}
	return strings.Join(a, ", ")
}

func (m *Model) deletePerson() tea.Cmd {
	p, ok := m.current()
	if !ok {
		return nil
	}
	st, acc := m.ctx.Store, m.accountID
	return tabkit.Delete(p.Name, p.ID, func() (string, error) { return st.DeletePerson(acc, p.ID) })
}

func (m *Model) deleteEdge(e model.InfluenceEdge) tea.Cmd {
	st, acc := m.ctx.Store, m.accountID
	what := "influence " + m.name(e.From) + " → " + m.name(e.To)
	return tabkit.Delete(what, e.ID, func() (string, error) { return st.DeleteEdge(acc, e.ID) })
}

// openJump finds a person by a few letters of their name or title.
func (m *Model) openJump() tea.Cmd {
	if len(m.rec.People) == 0 {
		return common.Cannot("no stakeholders yet: press n to add the first")
	}
	var items []picker.Item
	for _, p := range m.rec.People {
		items = append(items, picker.Item{ID: p.ID, Label: m.labels[p.ID], Hint: p.Title})
	}
	slices.SortFunc(items, func(a, b picker.Item) int { return strings.Compare(strings.ToLower(a.Label), strings.ToLower(b.Label)) })
	m.pick = picker.New(m.ctx, "Jump to…", personHint, items, func(it picker.Item) tea.Cmd {
		m.Select(it.ID)
		return nil
	})
	return nil
}
