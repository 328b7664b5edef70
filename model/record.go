package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// AccountRecord is one account with everything that belongs to it. It is
// the unit that dumps, restores and handoff bundles carry.
type AccountRecord struct {
	Account     Account         `json:"account"`
	People      []Person        `json:"people"`
	Edges       []InfluenceEdge `json:"edges"`
	Timeline    []TimelineEntry `json:"timeline"`
	Plans       []SuccessPlan   `json:"plans"`
	Commitments []Commitment    `json:"commitments"`
	Risks       []Risk          `json:"risks"`
	Checklists  []Checklist     `json:"checklists"`
	Handoffs    []Handoff       `json:"handoffs"`
}

// Canonicalize puts every list in a stable order (by ID; the timeline by
// time, then ID) and replaces nil lists with empty ones, so that the same
// record always encodes to the same bytes.
//
// Records are read, written and checked in canonical order, so most lists
// are already sorted: a look that finds them so is all it costs. A list
// that is not is sorted by a typed comparison (sorting through reflection
// cost seconds on a whole book).
func (r *AccountRecord) Canonicalize() { r.canonicalize(false) }

// Canonical returns r in canonical order (see Canonicalize) without
// changing r's lists: a list already in order is shared with r, one that
// is not is sorted in a copy. A record read from a book or a bundle is
// canonical already, so this copies nothing of it: an import no longer
// copies every timeline of the bundle only to find it in order.
func (r AccountRecord) Canonical() AccountRecord {
	r.canonicalize(true)
	return r
}

// canonicalize is Canonicalize; inCopy sorts a list that is out of order
// in a copy instead of where it is.
func (r *AccountRecord) canonicalize(inCopy bool) {
	byID(&r.People, func(p *Person) string { return p.ID }, inCopy)
	byID(&r.Edges, func(e *InfluenceEdge) string { return e.ID }, inCopy)
	byID(&r.Plans, func(p *SuccessPlan) string { return p.ID }, inCopy)
	byID(&r.Commitments, func(c *Commitment) string { return c.ID }, inCopy)
	byID(&r.Risks, func(x *Risk) string { return x.ID }, inCopy)
	byID(&r.Checklists, func(c *Checklist) string { return c.ID }, inCopy)
	byID(&r.Handoffs, func(h *Handoff) string { return h.ID }, inCopy)
	if r.Timeline == nil {
		r.Timeline = []TimelineEntry{}
	}
	sortStable(&r.Timeline, CompareEntries, inCopy)
}

// CompareEntries orders timeline entries as a canonical record holds
// them: by time, then by ID.
func CompareEntries(a, b *TimelineEntry) int {
	if c := a.When.Compare(b.When); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

func byID[T any](s *[]T, id func(*T) string, inCopy bool) {
	if *s == nil {
		*s = []T{}
	}
	sortStable(s, func(a, b *T) int { return strings.Compare(id(a), id(b)) }, inCopy)
}

// sortStable sorts *s stably by cmp, looking first whether it already
// is; inCopy sorts a copy, leaving the list *s was untouched. It compares
// through pointers: the records are large structs.
func sortStable[T any](s *[]T, cmp func(a, b *T) int, inCopy bool) {
	l := *s
	sorted := true
	for i := 1; i < len(l); i++ {
		if cmp(&l[i-1], &l[i]) > 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return
	}
	if inCopy {
		l = slices.Clone(l)
		*s = l
	}
	slices.SortStableFunc(l, func(a, b T) int { return cmp(&a, &b) })
}

// Validate checks every record in the account and the rules that tie them
// together: everything belongs to this account, references point at
// people who exist here, reports-to has no cycles, and no ID is used twice.
func (r AccountRecord) Validate() error {
	var v validator
	if err := r.Account.Validate(); err != nil {
		v.problems = append(v.problems, prefixed("account", err)...)
	}
	acc := r.Account.ID
	// Sized for every ID the record claims (growing the map was a
	// good part of validating a record with a long timeline).
	ids := make(map[string]string, 1+len(r.People)+len(r.Edges)+len(r.Timeline)+len(r.Plans)+
		len(r.Commitments)+len(r.Risks)+len(r.Checklists)+len(r.Handoffs))
	ids[acc] = "account"
	claim := func(kind, id string) {
		if prev, ok := ids[id]; ok && id != "" {
			v.add(kind, fmt.Sprintf("id %s is used twice (also by a %s)", IDText(id), prev))
		}
		ids[id] = kind
	}
	belongs := func(kind, id, accountID string, err error) {
		claim(kind, id)
		if err != nil {
			v.problems = append(v.problems, prefixed(kind+" "+IDText(id), err)...)
		}
		if accountID != acc {
			v.add(kind+" "+IDText(id), "belongs to account "+IDText(accountID)+", not "+IDText(acc))
		}
	}
	for _, c := range []struct {
		kind string
		n    int
	}{
		{"people", len(r.People)}, {"edges", len(r.Edges)}, {"timeline", len(r.Timeline)},
		{"plans", len(r.Plans)}, {"commitments", len(r.Commitments)}, {"risks", len(r.Risks)},
		{"checklists", len(r.Checklists)}, {"handoffs", len(r.Handoffs)},
	} {
		v.count(c.kind, c.n, MaxChildren)
	}
	people := make(map[string]Person, len(r.People))
	for _, p := range r.People {
		belongs("person", p.ID, p.AccountID, p.Validate())
		people[p.ID] = p
	}
	for _, p := range r.People {
		if p.ReportsTo != "" {
			if _, ok := people[p.ReportsTo]; !ok {
				v.add("person "+IDText(p.ID), "reports to "+IDText(p.ReportsTo)+", who is not a person in this account")
			}
		}
		for _, m := range p.DottedLine {
			if _, ok := people[m]; !ok {
				v.add("person "+IDText(p.ID), "has dotted-line manager "+IDText(m)+", who is not a person in this account")
			}
		}
	}
	if cyc := ReportsToCycle(r.People); len(cyc) > 0 {
		v.add("people", fmt.Sprintf("reports-to forms a cycle through %v", cyc))
	}
	for _, e := range r.Edges {
		belongs("edge", e.ID, e.AccountID, e.Validate())
		for _, end := range []string{e.From, e.To} {
			if _, ok := people[end]; !ok && end != "" {
				v.add("edge "+IDText(e.ID), "points at "+IDText(end)+", who is not a person in this account")
			}
		}
	}
	for _, e := range r.Timeline {
		belongs("timeline entry", e.ID, e.AccountID, e.Validate())
		for _, p := range e.People {
			if _, ok := people[p]; !ok {
				v.add("timeline entry "+IDText(e.ID), "links "+IDText(p)+", who is not a person in this account")
			}
		}
	}
	for _, p := range r.Plans {
		belongs("success plan", p.ID, p.AccountID, p.Validate())
	}
	for _, c := range r.Commitments {
		belongs("commitment", c.ID, c.AccountID, c.Validate())
	}
	for _, x := range r.Risks {
		belongs("risk", x.ID, x.AccountID, x.Validate())
	}
	for _, c := range r.Checklists {
		belongs("checklist", c.ID, c.AccountID, c.Validate())
	}
	for _, h := range r.Handoffs {
		belongs("handoff", h.ID, h.AccountID, h.Validate())
	}
	return v.err()
}

func prefixed(prefix string, err error) []FieldError {
	ve, ok := err.(*ValidationError)
	if !ok {
		return []FieldError{{prefix, err.Error()}}
	}
	out := make([]FieldError, len(ve.Problems))
	for i, p := range ve.Problems {
		out[i] = FieldError{prefix + "." + p.Field, p.Problem}
	}
	return out
}

// ReportsToCycle returns the IDs of people on a reports-to cycle, or nil.
// A cycle would make the org chart a loop instead of a tree.
func ReportsToCycle(people []Person) []string {
	boss := make(map[string]string, len(people))
	for _, p := range people {
		boss[p.ID] = p.ReportsTo
	}
	const (
		unseen = iota
		onPath
		done
	)
	state := make(map[string]int, len(people))
	for _, p := range people {
		var path []string
		id := p.ID
		for id != "" && state[id] == unseen {
			state[id] = onPath
			path = append(path, id)
			id = boss[id]
		}
		if id != "" && state[id] == onPath {
			// id is on the current path: the cycle starts there.
			for i, x := range path {
				if x == id {
					cyc := append([]string(nil), path[i:]...)
					sort.Strings(cyc)
					return cyc
				}
			}
		}
		for _, x := range path {
			state[x] = done
		}
	}
	return nil
}

// Summarize computes the account list's summary of a record.
func Summarize(r AccountRecord) AccountSummary {
	a := r.Account
	s := AccountSummary{
		ID: a.ID, Name: a.Name, Domain: a.Domain, Tags: a.Tags, Segment: a.Segment,
		Owner: a.Owner, Stage: a.Stage, Health: a.Health, ARR: a.ARR, Renewal: a.Renewal,
		Updated: a.Updated,
	}
	s.LastTouch = LastTouch(r.Timeline)
	s.OpenTasks = OpenTasks(r.Checklists, r.Plans)
	s.NextDue = IndexDue(r).EarliestDue()
	for _, x := range r.Risks {
		if x.Open() {
			s.OpenRisks++
		}
	}
	if h, ok := LatestHandoff(r.Handoffs); ok {
		s.Handoff, s.HandoffTo = h.Status, h.To
	}
	return s
}

// LastTouch returns when the latest external entry happened, or zero.
func LastTouch(entries []TimelineEntry) time.Time {
	var t time.Time
	for _, e := range entries {
		if e.IsTouch() && e.When.After(t) {
			t = e.When
		}
	}
	return t
}

// OpenTasks counts open checklist steps and open success-plan tasks.
func OpenTasks(checklists []Checklist, plans []SuccessPlan) int {
	n := 0
	for _, c := range checklists {
		n += c.OpenSteps()
	}
	for _, p := range plans {
		for _, t := range p.Tasks {
			if t.Open() {
				n++
			}
		}
	}
	return n
}

// LatestHandoff returns the most recent handoff record.
func LatestHandoff(hs []Handoff) (Handoff, bool) {
	var best Handoff
	found := false
	for _, h := range hs {
		if !found || h.When.After(best.When) || (h.When.Equal(best.When) && h.ID > best.ID) {
			best, found = h, true
		}
	}
	return best, found
}
