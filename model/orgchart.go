package model

import (
	"slices"
	"sort"
	"strings"
)

// OrgRow is one visible row of the org chart drawn as a tree: a person,
// how deep they sit under their top manager, and what a tree pane needs to
// draw the branch lines and the expand marker.
type OrgRow struct {
	Person Person
	// Depth is 0 for a top of the chart (no manager, or a manager who is
	// not a person of the account).
	Depth int
	// Reports is how many people report directly to this person.
	Reports int
	// Expanded says whether the reports are shown (always false without
	// reports).
	Expanded bool
	// Last says whether this person is the last of their manager's reports.
	Last bool
	// Guides has one entry per ancestor level below the top: true where the
	// ancestor at that level has siblings after it, so a "│" continues.
	Guides []bool
}

// Branch returns the tree-drawing prefix of the row: "│  ├─ " and the
// like, empty for a top of the chart.
func (r OrgRow) Branch() string {
	if r.Depth == 0 {
		return ""
	}
	var b strings.Builder
	for _, more := range r.Guides {
		if more {
			b.WriteString("│  ")
		} else {
			b.WriteString("   ")
		}
	}
	if r.Last {
		b.WriteString("└─ ")
	} else {
		b.WriteString("├─ ")
	}
	return b.String()
}

// OrgChart is the account's reports-to tree, built once and flattened into
// visible rows as nodes are expanded and collapsed.
type OrgChart struct {
	byID    map[string]Person
	roots   []string
	reports map[string][]string
}

// NewOrgChart builds the tree. People without a manager, or whose manager
// is not a person of the account, are tops of the chart; reports are in
// name order. People on a reports-to loop (which validation refuses, but a
// damaged book may hold) become tops too, so nobody is ever lost.
func NewOrgChart(people []Person) *OrgChart {
	c := &OrgChart{byID: make(map[string]Person, len(people)), reports: map[string][]string{}}
	// Sort pointers with their lower-cased names: a Person is large, and
	// moving whole ones (and lower-casing on every compare) made a chart
	// of a thousand people slow.
	type entry struct {
		p    *Person
		name string
	}
	order := make([]entry, len(people))
	for i := range people {
		order[i] = entry{&people[i], strings.ToLower(people[i].Name)}
	}
	sort.SliceStable(order, func(i, j int) bool {
		if order[i].name != order[j].name {
			return order[i].name < order[j].name
		}
		return order[i].p.ID < order[j].p.ID
	})
	sorted := make([]*Person, len(order))
	for i, e := range order {
		sorted[i] = e.p
		c.byID[e.p.ID] = *e.p
	}
	for _, p := range sorted {
		if _, ok := c.byID[p.ReportsTo]; ok && p.ReportsTo != "" && p.ReportsTo != p.ID {
			c.reports[p.ReportsTo] = append(c.reports[p.ReportsTo], p.ID)
		} else {
			c.roots = append(c.roots, p.ID)
		}
	}
	// Anyone not reachable from a top sits on a loop: make them tops.
	seen := map[string]bool{}
	var mark func(id string)
	mark = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		for _, r := range c.reports[id] {
			mark(r)
		}
	}
	for _, r := range c.roots {
		mark(r)
	}
	for _, p := range sorted {
		if !seen[p.ID] {
			c.roots = append(c.roots, p.ID)
			mark(p.ID)
		}
	}
	return c
}

// sortPeople sorts people stably by name, ignoring case, then ID,
// lowering each name once rather than at every comparison.
func sortPeople(people []Person) {
	type keyed struct {
		name string
		i    int
	}
	ks := make([]keyed, len(people))
	for i, p := range people {
		ks[i] = keyed{strings.ToLower(p.Name), i}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(people[a.i].ID, people[b.i].ID)
	})
	sorted := make([]Person, len(people))
	for j, k := range ks {
		sorted[j] = people[k.i]
	}
	copy(people, sorted)
}

// Person returns the person with the given ID.
func (c *OrgChart) Person(id string) (Person, bool) {
	p, ok := c.byID[id]
	return p, ok
}

// Reports returns the IDs of the people reporting directly to id, in name
// order.
func (c *OrgChart) Reports(id string) []string { return c.reports[id] }

// Managers returns every person who has reports: the nodes that can be
// collapsed.
func (c *OrgChart) Managers() []string {
	var out []string
	for id := range c.reports {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Rows flattens the tree into its visible rows, tops first and each
// person's reports under them; the reports of a person in collapsed are
// hidden. Every person appears once.
func (c *OrgChart) Rows(collapsed map[string]bool) []OrgRow {
	var out []OrgRow
	seen := make(map[string]bool, len(c.byID))
	var walk func(id string, depth int, last bool, guides []bool)
	walk = func(id string, depth int, last bool, guides []bool) {
		if seen[id] {
			return
		}
		seen[id] = true
		kids := c.reports[id]
		open := len(kids) > 0 && !collapsed[id]
		out = append(out, OrgRow{Person: c.byID[id], Depth: depth, Reports: len(kids), Expanded: open, Last: last,
			Guides: guides})
		if !open {
			markSeen(c, id, seen)
			return
		}
		var next []bool
		if depth > 0 {
			next = append(append([]bool(nil), guides...), !last)
		}
		for i, k := range kids {
			walk(k, depth+1, i == len(kids)-1, next)
		}
	}
	for _, r := range c.roots {
		walk(r, 0, true, nil)
	}
	return out
}

// markSeen marks a collapsed node's whole subtree as placed, so nobody
// in it is drawn again elsewhere.
func markSeen(c *OrgChart, id string, seen map[string]bool) {
	for _, k := range c.reports[id] {
		if !seen[k] {
			seen[k] = true
			markSeen(c, k, seen)
		}
	}
}

// Chain returns the managers above id, nearest first (stopping at a
// loop).
func (c *OrgChart) Chain(id string) []string {
	var out []string
	seen := map[string]bool{id: true}
	for p, ok := c.byID[id]; ok && p.ReportsTo != "" && !seen[p.ReportsTo]; p, ok = c.byID[p.ReportsTo] {
		if _, known := c.byID[p.ReportsTo]; !known {
			break
		}
		seen[p.ReportsTo] = true
		out = append(out, p.ReportsTo)
	}
	return out
}

// MoveLoop says whether moving person id (with everyone under them) to
// report to manager would make the org chart a loop. It returns the loop
// as person IDs, starting and ending with id (id → manager → … → id), or
// nil when the move is fine. Moving someone under themselves is the
// shortest loop.
func MoveLoop(people []Person, id, manager string) []string {
	if manager == "" {
		return nil
	}
	if manager == id {
		return []string{id, id}
	}
	boss := make(map[string]string, len(people))
	for _, p := range people {
		boss[p.ID] = p.ReportsTo
	}
	// Walk up from the new manager: reaching id means id would manage
	// its own manager.
	path := []string{id, manager}
	seen := map[string]bool{manager: true}
	for cur := boss[manager]; cur != ""; cur = boss[cur] {
		if cur == id {
			return append(path, id)
		}
		if seen[cur] {
			return nil // an old loop above, not made by this move
		}
		seen[cur] = true
		path = append(path, cur)
	}
	return nil
}
