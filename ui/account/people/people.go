// Package people is the People tab of the account 360 view, read-only for
// now: the org chart as a tree indented by reports-to, each stakeholder
// with roles, title, sentiment, influence, power and ADKAR barrier (and
// those who left marked), followed by who influences whom.
//
// It only renders the record it is given; it never reads or writes the
// book.
package people

import (
	"fmt"
	"sort"
	"strings"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
)

// New returns the People tab: a read-only page drawn by Render.
func New(ctx *common.Context) *tabkit.Page {
	return tabkit.NewPage(ctx, "People", func(rec model.AccountRecord, width int) string {
		return Render(ctx.Theme, rec.People, rec.Edges, width)
	})
}

// Render draws the org chart and the influence lines. It is pure.
func Render(t *common.Theme, people []model.Person, edges []model.InfluenceEdge, width int) string {
	d := tabkit.NewDoc(t, width, 0)
	if len(people) == 0 {
		d.Line(t.Faint.Render("No stakeholders recorded yet."))
		return d.String()
	}
	byID := map[string]model.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	kids := map[string][]model.Person{}
	var roots []model.Person
	for _, p := range people {
		if _, ok := byID[p.ReportsTo]; ok && p.ReportsTo != "" {
			kids[p.ReportsTo] = append(kids[p.ReportsTo], p)
		} else {
			roots = append(roots, p)
		}
	}
	byName := func(ps []model.Person) {
		sort.SliceStable(ps, func(i, j int) bool { return strings.ToLower(ps[i].Name) < strings.ToLower(ps[j].Name) })
	}
	byName(roots)

	d.Section(fmt.Sprintf("Org chart (%d people)", len(people)))
	b := model.Barrier(people)
	if b == model.ADKARUnknown {
		d.Line(t.Subtle.Render("Group ADKAR barrier: not assessed"))
	} else {
		d.Line(t.Subtle.Render("Group ADKAR barrier: " + string(b)))
	}
	seen := map[string]bool{}
	var walk func(p model.Person, prefix, branch string)
	walk = func(p model.Person, prefix, branch string) {
		if seen[p.ID] {
			return
		}
		seen[p.ID] = true
		ks := kids[p.ID]
		byName(ks)
		next := prefix
		switch branch {
		case "├─ ":
			next += "│  "
		case "└─ ":
			next += "   "
		}
		head, attrs := personLines(t, p)
		d.Line(prefix + branch + head)
		if attrs != "" {
			cont := next + "   "
			if len(ks) > 0 {
				cont = next + "│  "
			}
			d.Line(cont + t.Subtle.Render(attrs))
		}
		for i, k := range ks {
			br := "├─ "
			if i == len(ks)-1 {
				br = "└─ "
			}
			walk(k, next, br)
		}
	}
	for _, r := range roots {
		walk(r, "", "")
	}

	d.Section("Influence")
	if len(edges) == 0 {
		d.Line(t.Faint.Render("No influence lines recorded."))
	}
	name := func(id string) string {
		if p, ok := byID[id]; ok {
			return p.Name
		}
		return "(unknown)"
	}
	for _, e := range edges {
		var attrs []string
		if e.Strength != "" {
			attrs = append(attrs, string(e.Strength))
		}
		if e.Sentiment != "" {
			attrs = append(attrs, string(e.Sentiment))
		}
		s := name(e.From) + " → " + name(e.To)
		if len(attrs) > 0 {
			s += " (" + strings.Join(attrs, ", ") + ")"
		}
		if e.Note != "" {
			s += ": " + e.Note
		}
		d.Line(s)
	}
	return d.String()
}

// personLines is one node: name, title and roles, then the ratings a
// successor needs (sentiment, influence, power, ADKAR), with "left" in
// words.
func personLines(t *common.Theme, p model.Person) (string, string) {
	s := t.Bold.Render(p.Name)
	if !p.Active() {
		s = t.Faint.Render(p.Name + " [LEFT]")
	}
	if p.Title != "" {
		s += ", " + p.Title
	}
	if len(p.Roles) > 0 {
		rs := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			rs[i] = string(r)
		}
		s += " [" + strings.Join(rs, ", ") + "]"
	}
	var attrs []string
	if p.Sentiment != "" {
		attrs = append(attrs, sentiment(p.Sentiment))
	}
	if p.Influence != "" {
		attrs = append(attrs, "influence "+string(p.Influence))
	}
	if p.Power != "" {
		attrs = append(attrs, "power "+string(p.Power))
	}
	if p.ADKAR != "" {
		attrs = append(attrs, "ADKAR "+string(p.ADKAR))
	}
	return s, strings.Join(attrs, " · ")
}

func sentiment(s model.Sentiment) string {
	switch s {
	case model.SentimentPositive:
		return "+ positive"
	case model.SentimentNegative:
		return "- negative"
	}
	return "= " + string(s)
}
