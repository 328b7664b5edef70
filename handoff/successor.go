package handoff

import (
	"fmt"
	"iter"
	"slices"
	"sort"
	"strings"
	"time"

	"bob/internal/parallel"
	"bob/model"
	"bob/playbooks"
)

// The rules in this file read an account as the successor will: what is
// urgent and why, what to do in the first two weeks, and what the outgoing
// CSM left unfinished. The brief and the import summary both use them, so
// the successor reads the same judgement in the bundle and in bob.

// FirstWeeksDays is the window of the brief's "first two weeks".
const FirstWeeksDays = 14

// HighlightsMax caps the brief's timeline highlights; the full timeline
// stays in the account's record.
const HighlightsMax = 10

// Urgency says how soon an account needs its successor, and why.
type Urgency struct {
	// Score orders accounts: 0 is not urgent; higher is more urgent.
	Score int
	// Reasons say why, worst first, in the successor's words.
	Reasons []string
}

// Urgent reports whether the account needs the successor before the rest.
func (u Urgency) Urgent() bool { return u.Score > 0 }

// AccountUrgency judges an account on day now: a renewal that passed or
// comes within 90 days (unless its outcome is settled), red health, and
// open critical risks make it urgent.
func AccountUrgency(rec model.AccountRecord, now time.Time) Urgency {
	var u Urgency
	a := rec.Account
	settled := a.RenewalOutcome == model.RenewalWon || a.RenewalOutcome == model.RenewalLost
	if !a.Renewal.IsZero() && !settled {
		outcome := ""
		if a.RenewalOutcome != "" {
			outcome = ", " + string(a.RenewalOutcome)
		}
		switch d := a.Renewal.DaysFrom(now); {
		case d < 0:
			u.Score += 4
			u.Reasons = append(u.Reasons, fmt.Sprintf("renewal passed %d days ago%s", -d, outcome))
		case d <= 30:
			u.Score += 3
			u.Reasons = append(u.Reasons, "renews "+model.RenewalCountdown(a.Renewal, now)+outcome)
		case d <= model.RenewalSoonDays:
			u.Score += 2
			u.Reasons = append(u.Reasons, "renews "+model.RenewalCountdown(a.Renewal, now)+outcome)
		}
	}
	if a.Health == model.HealthRed {
		u.Score += 3
		u.Reasons = append(u.Reasons, "health is red"+colonReason(a.HealthReason))
	}
	critical := 0
	for _, r := range dedupRisks(rec.Risks) {
		if r.Open() && r.Severity == model.SeverityCritical {
			if critical == 0 {
				u.Score += 3
			}
			critical++
			u.Reasons = append(u.Reasons, "critical risk: "+r.Title)
		}
	}
	return u
}

func colonReason(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return ""
	}
	return ": " + s
}

// ByUrgency orders records for the successor: urgent accounts first (most
// urgent first, then the nearest renewal), then the rest by renewal date;
// accounts without a renewal date last, by name. It returns the order as
// indexes into recs, with each account's urgency.
func ByUrgency(recs []model.AccountRecord, now time.Time) ([]int, []Urgency) {
	us := make([]Urgency, len(recs))
	order := make([]int, len(recs))
	parallel.Each(len(recs), parallel.Workers(), func(i int) error {
		us[i] = AccountUrgency(recs[i], now)
		order[i] = i
		return nil
	})
	sort.SliceStable(order, func(x, y int) bool {
		i, j := order[x], order[y]
		if us[i].Score != us[j].Score {
			return us[i].Score > us[j].Score
		}
		ri, rj := recs[i].Account.Renewal, recs[j].Account.Renewal
		if ri.IsZero() != rj.IsZero() {
			return !ri.IsZero()
		}
		if !ri.IsZero() && ri != rj {
			return ri.Before(rj)
		}
		return strings.ToLower(recs[i].Account.Name) < strings.ToLower(recs[j].Account.Name)
	})
	return order, us
}

// dedupRisks returns the risks with one entry per title (the open one, or
// the latest): the same risk recorded twice is one risk to the successor.
func dedupRisks(risks []model.Risk) []model.Risk {
	idx := map[string]int{}
	var out []model.Risk
	for _, r := range risks {
		k := strings.ToLower(inline(r.Title))
		i, ok := idx[k]
		switch {
		case !ok:
			idx[k] = len(out)
			out = append(out, r)
		case r.Open() && !out[i].Open(),
			r.Open() == out[i].Open() && r.Updated.After(out[i].Updated):
			out[i] = r
		}
	}
	return out
}

// FirstWeeks lists what the successor should do in their first two weeks
// with the account, from its data: the renewal if it is near, overdue
// commitments to the customer, open escalations, the stakeholders to meet
// first, the transition call to book, and the steps of the incoming
// checklist due in that time. from is the outgoing CSM.
func FirstWeeks(rec model.AccountRecord, from string, now time.Time) []string {
	var out []string
	a := rec.Account
	from = nonEmpty(inline(from), "the previous CSM")
	if !a.Renewal.IsZero() {
		if d := a.Renewal.DaysFrom(now); d <= model.RenewalSoonDays {
			s := "**Renewal " + a.Renewal.String() + "** (" + model.RenewalCountdown(a.Renewal, now)
			if !a.ARR.IsZero() {
				s += ", " + a.ARR.String()
			}
			s += "): "
			switch a.RenewalOutcome {
			case "":
				s += "no outcome recorded; ask " + from + " where the renewal conversation stands"
				if ae := a.Team.AccountExecutive; ae != "" {
					s += " and align with the account executive, " + inline(ae)
				}
			case model.RenewalNegotiating:
				s += "in negotiation; get the latest from " + nonEmpty(inline(a.Team.AccountExecutive), from)
			default:
				s += string(a.RenewalOutcome)
			}
			out = append(out, s+".")
		}
	}
	for _, c := range rec.Commitments {
		if c.Status == model.CommitmentMissed || (c.Open() && !c.Due.IsZero() && c.Due.DaysFrom(now) < 0) {
			s := "**Overdue commitment:** " + inline(c.What)
			if c.To != "" {
				s += ", promised to " + inline(c.To)
			}
			if !c.Due.IsZero() {
				s += ", due " + c.Due.String()
			}
			out = append(out, s+": tell them where it stands.")
		}
	}
	for e := range newestFirst(rec.Timeline) {
		if e.OpenEscalation(now) {
			s := "**Open escalation:** " + inline(e.Title) + ", raised " + e.When.UTC().Format("2006-01-02")
			if e.Status == "" {
				s += " (status not recorded)"
			}
			if e.Internal {
				s += " **(INTERNAL)**"
			}
			out = append(out, s+": find out who owns it and what the customer was told.")
		}
	}
	if meet := meetFirst(rec.People); len(meet) > 0 {
		out = append(out, "**Meet first:** "+strings.Join(meet, "; ")+".")
	}
	if call := transitionCall(rec, from); call != "" {
		out = append(out, call)
	}
	if steps := incomingDue(rec, now); len(steps) > 0 {
		out = append(out, "**Incoming checklist, due in your first two weeks:** "+strings.Join(steps, "; ")+".")
	}
	return out
}

// meetFirst names the active sponsors, champions and decision makers, the
// most influential first.
func meetFirst(people []model.Person) []string {
	roles := []model.Role{model.RoleSponsor, model.RoleChampion, model.RoleDecisionMaker}
	rank := func(p model.Person) int {
		for i, r := range roles {
			if p.HasRole(r) {
				return i
			}
		}
		return len(roles)
	}
	influence := func(p model.Person) int {
		for i, l := range model.Levels {
			if l == p.Influence {
				return i + 1
			}
		}
		return 0
	}
	var key []model.Person
	for _, p := range sortedPeople(people) {
		if p.Active() && rank(p) < len(roles) {
			key = append(key, p)
		}
	}
	sort.SliceStable(key, func(i, j int) bool {
		if a, b := influence(key[i]), influence(key[j]); a != b {
			return a > b
		}
		return rank(key[i]) < rank(key[j])
	})
	var out []string
	for _, p := range key {
		var q []string
		for _, r := range roles {
			if p.HasRole(r) {
				q = append(q, string(r))
			}
		}
		if p.Influence != "" {
			q = append(q, string(p.Influence)+" influence")
		}
		s := inline(p.Name)
		if p.Title != "" {
			s += ", " + inline(p.Title)
		}
		out = append(out, s+" ("+strings.Join(q, ", ")+")")
	}
	return out
}

// transitionCall says whether the transition call was held (a done step of
// the outgoing checklist says so) or is still to book, with whom, and
// which success plan to run it from.
func transitionCall(rec model.AccountRecord, from string) string {
	for _, c := range rec.Checklists {
		if c.Playbook != TransitionPlaybook {
			continue
		}
		for _, s := range c.Steps {
			if strings.Contains(strings.ToLower(s.Title), "transition call") && s.State == model.StepDone {
				return "" // held: nothing to book
			}
		}
	}
	with := []string{from}
	for _, p := range sortedPeople(rec.People) {
		if p.Active() && p.HasRole(model.RoleSponsor) {
			with = append(with, inline(p.Name))
			break
		}
	}
	s := "**Book the transition call** with " + strings.Join(with, " and ")
	for _, p := range rec.Plans {
		if p.Status == model.PlanActive {
			s += ", run from the success plan \"" + inline(p.Title) + "\""
			break
		}
	}
	return s + "."
}

// incomingDue lists the incoming transition checklist's steps due in the
// first two weeks: the account's own checklist if it has one, else the
// built-in playbook as the import will apply it (days counted from the
// import).
func incomingDue(rec model.AccountRecord, now time.Time) []string {
	var out []string
	for _, c := range rec.Checklists {
		if c.Playbook != playbooks.TransitionIncoming || c.Finished() {
			continue
		}
		for _, s := range c.Steps {
			if s.Open() && !s.Due.IsZero() && s.Due.DaysFrom(now) <= FirstWeeksDays {
				out = append(out, inline(s.Title)+" (due "+s.Due.String()+")")
			}
		}
		return out
	}
	pb, ok := playbooks.Builtin(playbooks.TransitionIncoming)
	if !ok {
		return nil
	}
	for _, s := range pb.Steps {
		if s.DueDays <= FirstWeeksDays {
			out = append(out, fmt.Sprintf("day %d: %s", s.DueDays, inline(s.Title)))
		}
	}
	return out
}

// successorAttention is "Needs attention" addressed to the successor: the
// model's flags, with the people gaps said as what the successor can do,
// and the completeness check's gaps that remain for them.
func successorAttention(rec model.AccountRecord, from string, now time.Time) []string {
	from = nonEmpty(inline(from), "the previous CSM")
	reworded := map[string]string{}
	for _, in := range model.PeopleInsights(rec, now) {
		switch in.Kind {
		case model.InsightNoSponsor:
			reworded[in.Text] = "no active executive sponsor is recorded: ask " + from + " who sponsors the account, meet them in your first weeks, and record them in the people map"
		case model.InsightNoChampion:
			reworded[in.Text] = "no active champion is recorded: ask " + from + " who could become one, and look for them in your first calls"
		case model.InsightStaleStakeholders:
			reworded[in.Text] = in.Text + ": introduce yourself to them early"
		}
	}
	// The outgoing checklist's overdue steps are the previous CSM's,
	// listed apart as history: they are no flag for the successor.
	// A risk recorded twice is one flag.
	mine := rec
	mine.Risks = dedupRisks(rec.Risks)
	mine.Checklists = nil
	for _, c := range rec.Checklists {
		if c.Playbook != TransitionPlaybook {
			mine.Checklists = append(mine.Checklists, c)
		}
	}
	var out []string
	for _, f := range model.Flags(mine, now) {
		text := f.Text
		if r, ok := reworded[text]; ok {
			text = r
		}
		out = append(out, "**"+string(f.Severity)+":** "+inline(text))
	}
	if renewalWithoutPlan(rec, now) {
		out = append(out, fmt.Sprintf("renewal %s and no active success plan: agree one with the customer before the renewal conversation",
			model.RenewalCountdown(rec.Account.Renewal, now)))
	}
	return out
}

// Unfinished lists what the outgoing CSM left open on their transition
// checklists: history for the successor, not their to-dos.
func Unfinished(rec model.AccountRecord, now time.Time) []string {
	var out []string
	for _, c := range rec.Checklists {
		if c.Playbook != TransitionPlaybook {
			continue
		}
		for _, s := range c.Steps {
			if s.Open() {
				out = append(out, inline(s.Title)+dueWords(s.Due, now))
			}
		}
	}
	return out
}

// newestFirst yields the entries newest first. A canonical timeline
// (oldest first, as every record bob reads or writes holds it) is read
// backwards where it is, not copied: a brief reads the timeline so three
// times, for every account of a bundle. Any other is sorted in a copy.
// The entries are the caller's (or the copy's), to read only.
func newestFirst(entries []model.TimelineEntry) iter.Seq[*model.TimelineEntry] {
	ascending := true // strictly: two equal keys would swap
	for i := 1; i < len(entries) && ascending; i++ {
		ascending = model.CompareEntries(&entries[i-1], &entries[i]) < 0
	}
	if !ascending {
		entries = slices.Clone(entries)
		slices.SortStableFunc(entries, func(a, b model.TimelineEntry) int { return model.CompareEntries(&b, &a) })
		slices.Reverse(entries) // read backwards below, as a canonical one
	}
	return func(yield func(*model.TimelineEntry) bool) {
		for i := len(entries) - 1; i >= 0; i-- {
			if !yield(&entries[i]) {
				return
			}
		}
	}
}

// highlights picks at most HighlightsMax timeline entries a successor
// should read first, each once: open escalations, then the latest entry of
// each risk still open (the same risk logged four times is one line),
// then the latest external touches; shown newest first.
func highlights(rec model.AccountRecord, now time.Time) []model.TimelineEntry {
	sorted := newestFirst(rec.Timeline)
	closed := map[string]bool{}
	for _, r := range dedupRisks(rec.Risks) {
		if !r.Open() {
			closed[strings.ToLower(inline(r.Title))] = true
		}
	}
	picked := map[string]bool{}
	var out []model.TimelineEntry
	take := func(e *model.TimelineEntry) {
		if len(out) < HighlightsMax && !picked[e.ID] {
			picked[e.ID] = true
			out = append(out, *e)
		}
	}
	for e := range sorted {
		if e.OpenEscalation(now) {
			take(e)
		}
	}
	seenRisk := map[string]bool{}
	for e := range sorted {
		if e.Kind != model.KindRisk {
			continue
		}
		k := strings.ToLower(inline(strings.TrimPrefix(e.Title, "Risk: ")))
		if seenRisk[k] || closed[k] || closed[strings.ToLower(inline(e.Title))] {
			continue
		}
		seenRisk[k] = true
		take(e)
	}
	for e := range sorted {
		if e.IsTouch() && e.Kind != model.KindRisk {
			take(e)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].When.Equal(out[j].When) {
			return out[i].When.After(out[j].When)
		}
		return out[i].ID > out[j].ID
	})
	return out
}

// planLine is a finished plan (achieved or abandoned) in one line: the
// successor needs to know it existed, not its details.
func planLine(p model.SuccessPlan) string {
	s := "**" + inline(p.Title) + "**"
	if p.Scope != "" {
		s += " (" + string(p.Scope)
		if p.ScopeName != "" {
			s += ": " + inline(p.ScopeName)
		}
		s += ")"
	}
	s += ": " + string(p.Status)
	var q []string
	if n := len(p.Objectives); n > 0 {
		q = append(q, model.Plural(n, "objective"))
	}
	if n := len(p.Achievements); n > 0 {
		q = append(q, model.Plural(n, "achievement"))
	}
	if len(q) > 0 {
		s += ", " + strings.Join(q, ", ")
	}
	return s + "."
}
