package handoff

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"bob/model"
)

// GapKind names a kind of gap in an account that is about to be handed
// over.
type GapKind string

// The gaps Check looks for.
const (
	GapNoSponsor          GapKind = "no executive sponsor"
	GapNoChampion         GapKind = "no champion"
	GapRenewalWithoutPlan GapKind = "renewal without a success plan"
	GapStaleStakeholder   GapKind = "stakeholder not touched"
	GapTransition         GapKind = "transition checklist"
)

// TransitionPlaybook is the playbook whose checklist the outgoing CSM
// works through before handing an account over.
const TransitionPlaybook = "transition-outgoing"

// StaleAfterDays is how long an active stakeholder may go without an
// external timeline entry linking them before Check reports it.
const StaleAfterDays = 60

// Gap is something a successor would miss: what is missing, and what to do
// about it before the bundle goes out.
type Gap struct {
	Kind GapKind
	// PersonID is set for a stakeholder gap.
	PersonID string
	// Text says what is missing and what to do, in the user's words.
	Text string
}

// Check lists what an account lacks before it can be handed over well:
// an active executive sponsor and champion, an active success plan when
// the renewal is 90 days away or less, a recent touch of every active
// stakeholder (an external timeline entry linking them in the last 60
// days), and a finished outgoing transition checklist. now is the day the
// check runs; Check is pure.
func Check(rec model.AccountRecord, now time.Time) []Gap {
	var gaps []Gap
	if !model.HasActiveRole(rec.People, model.RoleSponsor) {
		gaps = append(gaps, Gap{Kind: GapNoSponsor,
			Text: "no active executive sponsor: name one in the people map, or record the missing sponsor as a risk"})
	}
	if !model.HasActiveRole(rec.People, model.RoleChampion) {
		gaps = append(gaps, Gap{Kind: GapNoChampion,
			Text: "no active champion: name one in the people map, or say in the internal context who could become one"})
	}
	if renewalWithoutPlan(rec, now) {
		gaps = append(gaps, Gap{Kind: GapRenewalWithoutPlan,
			Text: fmt.Sprintf("renewal %s and no active success plan: activate or write the plan the transition call will run from",
				model.RenewalCountdown(rec.Account.Renewal, now))})
	}
	gaps = append(gaps, staleStakeholders(rec, now)...)
	if g, ok := transitionGap(rec.Checklists); ok {
		gaps = append(gaps, g)
	}
	return gaps
}

// renewalWithoutPlan reports the gap GapRenewalWithoutPlan: a renewal
// within model.RenewalSoonDays and no active success plan.
func renewalWithoutPlan(rec model.AccountRecord, now time.Time) bool {
	r := rec.Account.Renewal
	if r.IsZero() {
		return false
	}
	d := r.DaysFrom(now)
	return d >= 0 && d <= model.RenewalSoonDays && !hasActivePlan(rec.Plans)
}

func hasActivePlan(plans []model.SuccessPlan) bool {
	for _, p := range plans {
		if p.Status == model.PlanActive {
			return true
		}
	}
	return false
}

// staleStakeholders reports every active person without an external
// timeline entry linking them in the last StaleAfterDays days, in name
// order.
func staleStakeholders(rec model.AccountRecord, now time.Time) []Gap {
	last := map[string]time.Time{}
	for _, e := range rec.Timeline {
		if !e.IsTouch() {
			continue
		}
		for _, id := range e.People {
			if e.When.After(last[id]) {
				last[id] = e.When
			}
		}
	}
	people := append([]model.Person(nil), rec.People...)
	slices.SortStableFunc(people, func(a, b model.Person) int { return strings.Compare(a.Name, b.Name) })
	var gaps []Gap
	for _, p := range people {
		if !p.Active() {
			continue
		}
		t, ok := last[p.ID]
		switch {
		case !ok:
			gaps = append(gaps, Gap{Kind: GapStaleStakeholder, PersonID: p.ID,
				Text: p.Name + " was never touched: log a call, meeting or email with them, or mark them as left"})
		case -model.DateOf(t.In(now.Location())).DaysFrom(now) > StaleAfterDays:
			days := -model.DateOf(t.In(now.Location())).DaysFrom(now)
			gaps = append(gaps, Gap{Kind: GapStaleStakeholder, PersonID: p.ID,
				Text: fmt.Sprintf("%s was last touched %d days ago: reach out before the handoff, or mark them as left", p.Name, days)})
		}
	}
	return gaps
}

// transitionGap reports a missing or unfinished outgoing transition
// checklist. With several, one finished checklist is enough.
func transitionGap(checklists []model.Checklist) (Gap, bool) {
	var latest *model.Checklist
	for i := range checklists {
		c := &checklists[i]
		if c.Playbook != TransitionPlaybook {
			continue
		}
		if c.Finished() {
			return Gap{}, false
		}
		if latest == nil || latest.Applied.Before(c.Applied) || (latest.Applied == c.Applied && latest.ID < c.ID) {
			latest = c
		}
	}
	if latest == nil {
		return Gap{Kind: GapTransition,
			Text: "no outgoing transition checklist: apply the " + TransitionPlaybook + " playbook and work through it"}, true
	}
	return Gap{Kind: GapTransition,
		Text: fmt.Sprintf("the outgoing transition checklist has %d open steps: finish or skip them", latest.OpenSteps())}, true
}
