package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"
)

// The windows the people insights look back over.
const (
	// SingleThreadDays: an account is single-threaded when at most one
	// stakeholder was touched in this many days.
	SingleThreadDays = 90
	// StaleStakeholderDays: an active stakeholder not touched for this
	// long is flagged.
	StaleStakeholderDays = 60
	// KeyPersonLeftDays: a key person who left this recently is flagged.
	KeyPersonLeftDays = 180
)

// InsightKind names one kind of people insight.
type InsightKind string

// The people insights.
const (
	InsightNoSponsor         InsightKind = "no active executive sponsor"
	InsightNoChampion        InsightKind = "no active champion"
	InsightSingleThreaded    InsightKind = "single-threaded"
	InsightDetractor         InsightKind = "detractor with high influence"
	InsightKeyPersonLeft     InsightKind = "key person left"
	InsightStaleStakeholders InsightKind = "stakeholders not touched"
)

// Insight is something the people map says about the account's
// relationships: what is wrong, how badly, and who it is about.
type Insight struct {
	Kind     InsightKind
	Severity Severity
	Text     string
	// People are the IDs of the stakeholders it is about, if any.
	People []string
}

// KeyRoles are the roles whose departure puts a renewal at risk.
var KeyRoles = []Role{RoleSponsor, RoleChampion, RoleDecisionMaker, RoleEconomicBuyer}

// LastTouches returns, per person ID, when the latest external timeline
// entry linking them happened. Internal notes are not touches.
func LastTouches(entries []TimelineEntry) map[string]time.Time {
	out := map[string]time.Time{}
	for _, e := range entries {
		if !e.IsTouch() {
			continue
		}
		for _, id := range e.People {
			if e.When.After(out[id]) {
				out[id] = e.When
			}
		}
	}
	return out
}

// DaysSince returns whole calendar days from t to now in now's zone, or
// -1 for the zero time.
func DaysSince(t, now time.Time) int {
	if t.IsZero() {
		return -1
	}
	return -DateOf(t.In(now.Location())).DaysFrom(now)
}

// PeopleInsights reads the people map and the timeline of an account and
// lists what a CSM must know about its relationships, worst first: no
// active executive sponsor or champion, single-threaded (at most one
// stakeholder touched in 90 days), a detractor with high influence, a key
// person (sponsor, champion, decision maker, economic buyer) who left in
// the last 180 days, and active stakeholders not touched in 60 days.
func PeopleInsights(rec AccountRecord, now time.Time) []Insight {
	var out []Insight
	people := append([]Person(nil), rec.People...)
	sortPeople(people)
	if !HasActiveRole(people, RoleSponsor) {
		out = append(out, Insight{Kind: InsightNoSponsor, Severity: SeverityHigh, Text: "no active executive sponsor"})
	}
	if !HasActiveRole(people, RoleChampion) {
		out = append(out, Insight{Kind: InsightNoChampion, Severity: SeverityMedium, Text: "no active champion"})
	}
	touched := LastTouches(rec.Timeline)
	var recent, stale []string
	var staleNames []string
	active := 0
	for _, p := range people {
		if !p.Active() {
			continue
		}
		active++
		d := DaysSince(touched[p.ID], now)
		if d >= 0 && d <= SingleThreadDays {
			recent = append(recent, p.ID)
		}
		if d < 0 || d > StaleStakeholderDays {
			stale = append(stale, p.ID)
			staleNames = append(staleNames, p.Name)
		}
	}
	if active > 0 && len(recent) <= 1 {
		text := fmt.Sprintf("single-threaded: no stakeholder touched in %d days", SingleThreadDays)
		if len(recent) == 1 {
			p, _ := find(people, recent[0])
			text = fmt.Sprintf("single-threaded: only %s touched in %d days", p.Name, SingleThreadDays)
		}
		out = append(out, Insight{Kind: InsightSingleThreaded, Severity: SeverityHigh, Text: text, People: recent})
	}
	for _, p := range people {
		if p.Active() && p.HasRole(RoleDetractor) && p.Influence == LevelHigh {
			out = append(out, Insight{Kind: InsightDetractor, Severity: SeverityHigh,
				Text: "detractor with high influence: " + p.Name, People: []string{p.ID}})
		}
	}
	for _, p := range people {
		if p.Active() || !hasAnyRole(p, KeyRoles) {
			continue
		}
		left := p.LeftOn
		if left.IsZero() {
			left = DateOf(p.Updated.In(now.Location()))
		}
		if d := -left.DaysFrom(now); d >= 0 && d <= KeyPersonLeftDays {
			out = append(out, Insight{Kind: InsightKeyPersonLeft, Severity: SeverityHigh,
				Text: fmt.Sprintf("%s (%s) left %s", p.Name, keyRoleNames(p), daysAgo(d)), People: []string{p.ID}})
		}
	}
	if len(stale) > 0 {
		text := fmt.Sprintf("%d stakeholders not touched in %d days: %s", len(stale), StaleStakeholderDays, strings.Join(staleNames, ", "))
		if len(stale) == 1 {
			text = fmt.Sprintf("%s not touched in %d days", staleNames[0], StaleStakeholderDays)
		}
		out = append(out, Insight{Kind: InsightStaleStakeholders, Severity: SeverityMedium, Text: text, People: stale})
	}
	sort.SliceStable(out, func(i, j int) bool { return severityRank(out[i].Severity) > severityRank(out[j].Severity) })
	return out
}

func find(people []Person, id string) (Person, bool) {
	for _, p := range people {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

func hasAnyRole(p Person, roles []Role) bool {
	for _, r := range roles {
		if p.HasRole(r) {
			return true
		}
	}
	return false
}

func keyRoleNames(p Person) string {
	var out []string
	for _, r := range KeyRoles {
		if p.HasRole(r) {
			out = append(out, string(r))
		}
	}
	return strings.Join(out, ", ")
}

func daysAgo(d int) string {
	switch d {
	case 0:
		return "today"
	case 1:
		return "yesterday"
	}
	return fmt.Sprintf("%d days ago", d)
}

// GroupBarrier is the ADKAR barrier of one department or group of
// stakeholders.
type GroupBarrier struct {
	// Group is the department, or "NAME's team" for people without a
	// department, grouped under their top manager NAME.
	Group string
	// Barrier is the earliest ADKAR stage that at least half of the
	// group's assessed, active members have not reached.
	Barrier ADKAR
	// Assessed is how many active members have an ADKAR assessment.
	Assessed int
	// Behind are the IDs of members whose own barrier is earlier than the
	// group's: the people to work with one by one.
	Behind []string
}

// GroupBarriers returns the ADKAR barrier per department (people without
// a department are grouped under their top manager), in group order. A
// group's barrier is the stage where at least half its assessed, active
// members are stuck, so that one person far behind (an intern at
// awareness) is listed as behind rather than setting the barrier for
// everyone. Groups with nobody assessed are left out.
func GroupBarriers(people []Person) []GroupBarrier {
	chart := NewOrgChart(people)
	groups := map[string][]Person{}
	for _, p := range people {
		if !p.Active() || adkarIndex(p.ADKAR) < 0 {
			continue
		}
		g := strings.TrimSpace(p.Department)
		if g == "" {
			top := p
			if chain := chart.Chain(p.ID); len(chain) > 0 {
				top, _ = chart.Person(chain[len(chain)-1])
			}
			g = top.Name + "'s team"
		}
		groups[g] = append(groups[g], p)
	}
	var out []GroupBarrier
	for g, members := range groups {
		idx := make([]int, len(members))
		for i, p := range members {
			idx[i] = adkarIndex(p.ADKAR)
		}
		sort.Ints(idx)
		// The lower median: at least half are at this stage or earlier.
		b := idx[(len(idx)-1)/2]
		gb := GroupBarrier{Group: g, Barrier: ADKARStages[b], Assessed: len(members)}
		sortPeople(members)
		for _, p := range members {
			if adkarIndex(p.ADKAR) < b {
				gb.Behind = append(gb.Behind, p.ID)
			}
		}
		out = append(out, gb)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Group) < strings.ToLower(out[j].Group) })
	return out
}

// RecentPerPerson is how many of a stakeholder's newest timeline entries
// the People tab shows beside them.
const RecentPerPerson = 3

// TouchEntries returns the entries of a timeline that everything the
// account view derives from it depends on, in canonical order (by time,
// then ID): the newest external entry (of those at its time, the first by
// ID); for each linked person their newest external entry and their
// RecentPerPerson newest entries, with every entry at the same time as the
// last of those. LastTouch, LastTouches, PeopleInsights and each person's
// newest entries (newest first, ties in canonical order) are the same on
// these as on the whole timeline, so the store can read only these
// (through its per-person index) when an account is opened, however long
// its history.
func TouchEntries(entries []TimelineEntry) []TimelineEntry {
	s := append([]TimelineEntry(nil), entries...)
	sort.SliceStable(s, func(i, j int) bool {
		if !s[i].When.Equal(s[j].When) {
			return s[i].When.Before(s[j].When)
		}
		return s[i].ID < s[j].ID
	})
	keep := make([]bool, len(s))
	for i := len(s) - 1; i >= 0; i-- {
		if !s[i].IsTouch() {
			continue
		}
		first := i
		for k := i - 1; k >= 0 && s[k].When.Equal(s[i].When); k-- {
			if s[k].IsTouch() {
				first = k
			}
		}
		keep[first] = true
		break
	}
	type seen struct {
		n       int
		last    time.Time
		touched bool
	}
	per := map[string]*seen{}
	for i := len(s) - 1; i >= 0; i-- {
		e := s[i]
		for j, p := range e.People {
			if slices.Contains(e.People[:j], p) {
				continue
			}
			x := per[p]
			if x == nil {
				x = &seen{}
				per[p] = x
			}
			if x.n < RecentPerPerson || e.When.Equal(x.last) {
				keep[i] = true
				x.n++
				x.last = e.When
			}
			if !x.touched && e.IsTouch() {
				keep[i], x.touched = true, true
			}
		}
	}
	out := s[:0]
	for i, e := range s {
		if keep[i] {
			out = append(out, e)
		}
	}
	return slices.Clip(out)
}
