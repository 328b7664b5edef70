package demo

import (
	"math"
	"slices"
	"time"

	"bob/model"
)

// entry kinds with the weights they are drawn with, for healthy and for
// troubled (red) accounts.
var (
	entryKinds    = []model.EntryKind{model.KindCall, model.KindMeeting, model.KindEmail, model.KindMilestone, model.KindEscalation, model.KindNote, model.KindRisk}
	healthyWeight = []int{24, 18, 30, 6, 3, 14, 5}
	troubleWeight = []int{22, 14, 28, 3, 9, 16, 8}
	touchKinds    = []model.EntryKind{model.KindCall, model.KindMeeting, model.KindEmail}
	internalKinds = []model.EntryKind{model.KindNote, model.KindRisk}
)

// timeline lays out the account's history within its window: mostly
// external touches up to the last touch, a few internal notes after it,
// a kick-off for accounts that started inside the window and a handoff
// entry for inherited accounts. The last touch varies from today to
// months ago, so some accounts show as untouched for 60+ days.
func (g *gen) timeline() {
	r, now := &g.r, g.b.now
	mean := float64(g.b.o.EntriesPerAccount) * g.b.entryWeight(g.created) / g.b.entryNorm
	n := int(math.Round(mean * (0.6 + 0.8*r.float())))
	if n < 1 {
		n = 1
	}

	span := now.Sub(g.start)
	var since time.Duration
	switch r.weighted(55, 25, 20) {
	case 0:
		since = time.Duration(r.between(0, 14)) * day
	case 1:
		since = time.Duration(r.between(15, 59)) * day
	default:
		since = time.Duration(r.between(60, 200)) * day
	}
	switch {
	case g.acc.Stage == model.StageChurned:
		since = time.Duration(r.between(40, 120)) * day
	case g.acc.Stage == model.StageOnboarding:
		since = time.Duration(r.between(0, 6)) * day
	}
	if since > span*2/3 {
		since = span / 3
	}
	lastTouch := g.officeHours(now.Add(-since), g.start, now)

	after := 0
	if now.Sub(lastTouch) > 2*day {
		after = r.between(0, 3)
	}
	if after > n-1 {
		after = n - 1
	}
	before := n - after

	times := make([]time.Time, 0, n)
	for k := 0; k < before-1; k++ {
		times = append(times, g.officeHours(g.between(g.start, lastTouch), g.start, lastTouch))
	}
	times = append(times, lastTouch)
	for k := 0; k < after; k++ {
		t := g.between(lastTouch.Add(time.Hour), now)
		times = append(times, g.officeHours(t, lastTouch.Add(time.Minute), now))
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })

	weights := healthyWeight
	if g.acc.Health == model.HealthRed {
		weights = troubleWeight
	}
	kickoff := g.created.After(g.b.window) && before > 1
	entries := make([]model.TimelineEntry, 0, n+1)
	for k, t := range times {
		var kind model.EntryKind
		switch {
		case t.After(lastTouch):
			kind = pick(r, internalKinds)
		case t.Equal(lastTouch):
			kind = pick(r, touchKinds)
		default:
			kind = entryKinds[r.weighted(weights...)]
		}
		internal := false
		switch kind {
		case model.KindNote, model.KindRisk:
			internal = t.After(lastTouch) || r.chance(0.85)
		case model.KindEscalation:
			internal = r.chance(0.15)
		}
		if t.Equal(lastTouch) {
			internal = false
		}
		e := g.entry(t, kind, internal)
		if k == 0 && kickoff {
			e.Kind, e.Internal = model.KindMeeting, false
			e.Title = "Kick-off with " + g.acc.Name
			e.Body = "- Introductions, goals and the onboarding plan.\n- Agreed a weekly sync during onboarding."
		}
		entries = append(entries, e)
	}
	if g.prevCSM != "" {
		entries = append(entries, g.handoffEntry())
	}
	g.rec.Timeline = entries
}

// entry makes one timeline entry of the given kind at t.
func (g *gen) entry(t time.Time, kind model.EntryKind, internal bool) model.TimelineEntry {
	r := &g.r
	e := model.TimelineEntry{
		AccountID: g.acc.ID,
		When:      t,
		Kind:      kind,
		Internal:  internal,
		Author:    g.b.o.Owner,
	}
	if g.prevCSM != "" && t.Before(g.inherited) {
		e.Author = g.prevCSM
	}
	var lo, hi int
	switch kind {
	case model.KindCall, model.KindMeeting:
		lo, hi = 1, 3
	case model.KindEmail, model.KindEscalation:
		lo, hi = 1, 2
	case model.KindMilestone:
		lo, hi = 0, 2
	default:
		lo, hi = 0, 1
	}
	if k := r.between(lo, hi); k > 0 {
		e.People = make([]string, 0, k)
		for j := 0; j < k; j++ {
			id := g.rec.People[r.intn(len(g.rec.People))].ID
			if !contains(e.People, id) {
				e.People = append(e.People, id)
			}
		}
	}

	g.roll()
	if len(e.People) > 0 {
		g.v.person = g.firstOf(e.People[0])
	}
	g.v.month = t.AddDate(0, r.between(0, 3), 0).Month()
	e.Title = g.fill(pick(r, entryTitles[string(kind)]))
	// Bodies are short: a million of them must stay a reasonable size.
	if r.chance(0.75) {
		e.Body = g.lines(entryBodies[string(kind)], []int{1, 2, 3}[r.weighted(45, 40, 15)])
	}

	e.Created = t
	if kind == model.KindNote || kind == model.KindEmail {
		e.Created = g.later(t, 20*time.Minute)
	}
	e.Updated = e.Created
	if r.chance(0.1) {
		e.Updated = g.later(e.Created, 2*day)
	}
	e.ID = g.id.at(t)
	return e
}

// handoffEntry records, on the timeline, the day the account came over
// from its previous CSM.
func (g *gen) handoffEntry() model.TimelineEntry {
	t := g.officeHours(g.inherited, g.start, g.b.now)
	e := model.TimelineEntry{
		ID:        g.id.at(t),
		AccountID: g.acc.ID,
		When:      t,
		Kind:      model.KindHandoff,
		Internal:  true,
		Title:     "Account received from " + g.prevCSM,
		Body:      "- Transition call held; success plan and open risks reviewed.\n- Customer told of the change by email beforehand.",
		Author:    g.b.o.Owner,
		Created:   t,
		Updated:   t,
	}
	g.rec.Handoffs = append(g.rec.Handoffs, model.Handoff{
		ID:        g.id.at(t),
		AccountID: g.acc.ID,
		From:      g.prevCSM,
		To:        g.b.o.Owner,
		When:      t,
		Status:    model.HandoffReceived,
		Note:      "Part of a book split when " + g.prevCSM + " changed roles.",
	})
	return e
}

func (g *gen) firstOf(id string) string {
	for i, p := range g.rec.People {
		if p.ID == id {
			return g.first[i]
		}
	}
	return ""
}

// officeHours moves t to a weekday between 08:00 and 18:00 UTC on (about)
// the same day, so the demo does not show calls at 3 a.m. on a Sunday, and
// keeps the result within [lo, hi].
func (g *gen) officeHours(t, lo, hi time.Time) time.Time {
	d := t.Truncate(day)
	switch d.Weekday() {
	case time.Saturday:
		d = d.Add(-day)
	case time.Sunday:
		d = d.Add(day)
	}
	u := d.Add(8*time.Hour + time.Duration(g.r.intn(600))*time.Minute)
	if u.After(hi) {
		// Snapping moved it past the bound (today's office hours are not
		// over yet): take a moment shortly before the bound instead.
		u = hi.Add(-g.r.duration(min(hi.Sub(lo), 3*time.Hour))).Truncate(time.Minute)
	}
	if u.Before(lo) {
		u = lo
	}
	return u
}
