package demo

import (
	"math"
	"strconv"
	"time"

	"bob/model"
)

// plans makes one or two success plans: the first for the whole account or
// its main product, a second one (more common in larger accounts) for a
// department or a site.
func (g *gen) plans() {
	k := 1
	if g.r.chance(map[string]float64{"enterprise": 0.6, "mid-market": 0.4}[g.seg.name] + 0.15) {
		k = 2
	}
	g.rec.Plans = make([]model.SuccessPlan, 0, k)
	for j := 0; j < k; j++ {
		g.rec.Plans = append(g.rec.Plans, g.plan(j))
	}
}

func (g *gen) plan(j int) model.SuccessPlan {
	r, now := &g.r, g.b.now
	g.roll()
	var created time.Time
	if j == 0 {
		created = g.between(g.start, g.start.Add(60*day))
	} else {
		created = g.between(g.start, now.Add(-14*day))
	}
	if latest := now.Add(-2 * day); created.After(latest) {
		created = g.between(g.start, latest)
	}
	p := model.SuccessPlan{ID: g.id.at(created), AccountID: g.acc.ID, Created: created}
	switch {
	case j == 0 && r.chance(0.5):
		p.Scope, p.Title = model.ScopeAccount, g.acc.Name+" success plan"
	case j == 0:
		p.Scope, p.ScopeName, p.Title = model.ScopeProduct, g.v.product, g.v.product+" adoption plan"
	case r.chance(0.6):
		p.Scope, p.ScopeName, p.Title = model.ScopeDepartment, g.v.team, g.v.team+" roll-out plan"
	default:
		p.Scope, p.ScopeName, p.Title = model.ScopeLocation, g.v.site, g.v.site+" site plan"
	}
	switch {
	case g.acc.Stage == model.StageChurned:
		p.Status = model.PlanAbandoned
	case g.acc.Stage == model.StageOnboarding && r.chance(0.4):
		p.Status = model.PlanDraft
	default:
		p.Status = []model.PlanStatus{model.PlanActive, model.PlanAchieved, model.PlanDraft, model.PlanAbandoned}[r.weighted(80, 10, 5, 5)]
	}
	p.Intent = model.Intent{
		WhyBought:     g.fill(pick(r, whyBought)),
		Success:       g.fill(pick(r, successMeans)),
		Measured:      g.fill(pick(r, measuredBy)),
		AdoptionMeans: g.fill(pick(r, adoptionMeans)),
	}

	start := model.DateOf(created)
	nObj := r.between(2, 4)
	p.Objectives = make([]model.Objective, 0, nObj)
	for _, k := range r.shuffled(len(metricTemplates))[:nObj] {
		p.Objectives = append(p.Objectives, g.objective(metricTemplates[k], p.Status, start, created))
	}

	nTask := r.between(3, 6)
	p.Tasks = make([]model.Task, 0, nTask)
	for _, k := range r.shuffled(len(taskTitles))[:nTask] {
		t := model.Task{ID: g.id.at(created), Title: g.fill(taskTitles[k]), Due: g.today.AddDays(r.between(-60, 90))}
		if t.Due.Before(start) {
			t.Due = start.AddDays(r.between(7, 30))
		}
		if r.chance(0.5) {
			t.Owner = g.b.o.Owner
		} else {
			t.Owner = g.rec.People[pick(r, g.active0())].Name
		}
		if t.Due.DaysFrom(now) < 0 || p.Status == model.PlanAchieved {
			t.State = []model.StepState{model.StepDone, model.StepOpen, model.StepSkipped}[r.weighted(75, 17, 8)]
		} else {
			t.State = []model.StepState{model.StepOpen, model.StepDone}[r.weighted(85, 15)]
		}
		p.Tasks = append(p.Tasks, t)
	}

	if nAch := r.between(0, 3); nAch > 0 && now.Sub(created) > 30*day {
		for _, k := range r.shuffled(len(achievementTitles))[:nAch] {
			when := g.between(created.Add(14*day), now)
			a := model.Achievement{ID: g.id.at(when), When: model.DateOf(when), Title: g.fill(achievementTitles[k])}
			if r.chance(0.4) {
				a.Note = "Shared in the next QBR."
			}
			p.Achievements = append(p.Achievements, a)
		}
	}

	if r.chance(0.85) {
		p.Readiness = make([]model.PillarScore, len(model.Pillars))
		for i, pl := range model.Pillars {
			cur := r.between(1, 4)
			tgt := cur + r.between(0, 2)
			if tgt > 5 {
				tgt = 5
			}
			p.Readiness[i] = model.PillarScore{Pillar: pl, Current: cur, Target: tgt}
		}
	}
	// Plans are worked on: most were touched in the last quarter.
	recent := now.Add(-90 * day)
	if recent.Before(created) {
		recent = created
	}
	p.Updated = g.between(recent, now)
	return p
}

// segmentScale sizes count-like metrics to the account.
var segmentScale = map[string]float64{"enterprise": 5, "mid-market": 1.5, "smb": 0.4}

func (g *gen) objective(m metricTemplate, status model.PlanStatus, start model.Date, created time.Time) model.Objective {
	r := &g.r
	base := m.lo + r.float()*(m.hi-m.lo)
	if m.scaleSeg {
		base *= segmentScale[g.seg.name]
	}
	var target float64
	switch {
	case m.down:
		target = base * (0.35 + 0.35*r.float())
	case m.percent:
		target = math.Min(95, base+25+20*r.float())
	case base < 5:
		target = base + (10+30*r.float())*segmentScale[g.seg.name]
	default:
		target = base * (1.5 + 1.5*r.float())
	}
	var progress float64
	switch status {
	case model.PlanAchieved:
		progress = 1 + 0.1*r.float()
	case model.PlanDraft:
		progress = 0
	default:
		progress = r.float() * 1.05
	}
	current := base + progress*(target-base)
	if m.percent && current > 100 {
		current = 100
	}
	o := model.Objective{
		ID:    g.id.at(created),
		Title: g.fill(m.title),
		Metric: model.Metric{
			Name: m.name, Unit: m.unit,
			Baseline: math.Round(base), Target: math.Round(target), Current: math.Max(0, math.Round(current)),
		},
		Due: start.AddDays(r.between(90, 365)),
	}
	switch {
	case o.Metric.Progress() >= 1:
		o.Status = model.PlanAchieved
	case status == model.PlanDraft:
		o.Status = model.PlanDraft
	default:
		o.Status = model.PlanActive
	}
	return o
}

// active0 lists the active people, or everyone when nobody is active.
func (g *gen) active0() []int {
	if a := g.active(); len(a) > 0 {
		return a
	}
	out := make([]int, len(g.rec.People))
	for i := range out {
		out[i] = i
	}
	return out
}

// commitments records what was promised to the customer and whether it
// was kept; a few are missed or overdue so the flags have something to say.
func (g *gen) commitments() {
	r, now := &g.r, g.b.now
	lo, hi := 1, 3
	switch g.seg.name {
	case "enterprise":
		lo, hi = 2, 4
	case "smb":
		lo, hi = 1, 2
	}
	n := r.between(lo, hi)
	g.rec.Commitments = make([]model.Commitment, 0, n)
	missed := 8
	if g.acc.Health == model.HealthRed {
		missed = 25
	}
	for _, k := range r.shuffled(len(commitmentTemplates))[:n] {
		t := commitmentTemplates[k]
		g.roll()
		created := g.between(g.start, now.Add(-7*day))
		c := model.Commitment{
			ID: g.id.at(created), AccountID: g.acc.ID,
			What: g.fill(t.what), Measure: g.fill(t.measure), Kano: model.Kano(t.kano),
			Due:     model.DateOf(created).AddDays(r.between(30, 240)),
			Created: created,
		}
		to := g.sponsor
		if to < 0 || r.chance(0.4) {
			to = pick(r, g.active0())
		}
		c.To = g.rec.People[to].Name
		if c.Due.DaysFrom(now) < 0 {
			c.Status = []model.CommitmentStatus{model.CommitmentMet, model.CommitmentMissed, model.CommitmentOpen, model.CommitmentDropped}[r.weighted(70, missed, 12, 6)]
		} else {
			c.Status = []model.CommitmentStatus{model.CommitmentOpen, model.CommitmentMet}[r.weighted(88, 12)]
		}
		c.Updated = g.later(created, now.Sub(created))
		g.rec.Commitments = append(g.rec.Commitments, c)
	}
}

// risks names the threats to the renewal: more and worse for accounts in
// poor health, and "no active executive sponsor" wherever that is true.
func (g *gen) risks() {
	r, now := &g.r, g.b.now
	var n int
	var sev []int // weights of low, medium, high, critical
	var status []int
	switch g.acc.Health {
	case model.HealthGreen:
		n, sev, status = r.between(0, 1), []int{60, 40, 0, 0}, []int{30, 40, 30}
	case model.HealthYellow:
		n, sev, status = r.between(1, 2), []int{15, 50, 35, 0}, []int{70, 20, 10}
	default:
		n, sev, status = r.between(2, 3), []int{0, 20, 50, 30}, []int{75, 15, 10}
	}
	noSponsor := !model.HasActiveRole(g.rec.People, model.RoleSponsor)
	picks := make([]int, 0, n+1)
	if noSponsor {
		picks = append(picks, 0)
	}
	want := max(n, len(picks))
	for _, k := range r.shuffled(len(riskTemplates)) {
		if len(picks) >= want {
			break
		}
		if k == 0 || (k == 4 && g.champion < 0) {
			continue // the sponsor risk is added above; no champion, no champion leaving
		}
		picks = append(picks, k)
	}
	from := now.Add(-300 * day)
	if from.Before(g.start) {
		from = g.start
	}
	g.rec.Risks = make([]model.Risk, 0, len(picks))
	for j, k := range picks {
		t := riskTemplates[k]
		g.roll()
		if k == 4 {
			g.v.person = g.first[g.champion]
		}
		created := g.between(from, now.Add(-day))
		x := model.Risk{
			ID: g.id.at(created), AccountID: g.acc.ID,
			Title: g.fill(t.title), Description: g.fill(t.description), Mitigation: g.fill(t.mitigation),
			Severity: model.Severities[r.weighted(sev...)],
			Status:   model.RiskStatuses[r.weighted(status...)],
			Created:  created,
		}
		if j == 0 && noSponsor {
			x.Severity, x.Status = model.SeverityHigh, model.RiskOpen
		}
		x.Updated = g.later(created, now.Sub(created))
		g.rec.Risks = append(g.rec.Risks, x)
	}
}

// checklists applies one or two playbooks: onboarding for young accounts,
// renewal when the renewal is near, an adoption review otherwise.
func (g *gen) checklists() {
	r := &g.r
	var cs []model.Checklist
	if g.age() < 400*day {
		cs = append(cs, g.checklist(onboardingChecklist, "Onboarding", model.DateOf(g.created).AddDays(1)))
	}
	if g.acc.Renewal.DaysFrom(g.b.now) <= 130 {
		title := "Renewal " + strconv.Itoa(g.acc.Renewal.Year)
		c := g.checklist(renewalChecklist, title, g.acc.Renewal.AddDays(-120))
		// Counted from the renewal date, so moving the renewal moves it.
		c.AnchorKind, c.Anchor = model.AnchorRenewal, g.acc.Renewal
		cs = append(cs, c)
	}
	if len(cs) == 0 || (len(cs) == 1 && r.chance(0.25)) {
		cs = append(cs, g.checklist(adoptionChecklist, "Adoption review", g.today.AddDays(-r.between(10, 150))))
	}
	g.rec.Checklists = cs
}

func (g *gen) checklist(t checklistTemplate, title string, applied model.Date) model.Checklist {
	r, now := &g.r, g.b.now
	created := applied.Time().Add(9*time.Hour + g.r.duration(8*time.Hour)).Truncate(time.Second)
	if created.After(now) {
		created = now
	}
	c := model.Checklist{
		ID: g.id.at(created), AccountID: g.acc.ID,
		Playbook: t.playbook, Title: title, Applied: applied,
		Created: created, Updated: created,
	}
	c.Steps = make([]model.Step, len(t.steps))
	for i, st := range t.steps {
		s := model.Step{ID: g.id.at(created), Title: st.title, Detail: st.detail, Due: applied.AddDays(st.due)}
		// Steps get done roughly in order: past-due ones mostly done, a
		// future one only now and then, and only right after a done one.
		switch {
		case s.Due.DaysFrom(now) < 0:
			s.State = []model.StepState{model.StepDone, model.StepOpen, model.StepSkipped}[r.weighted(82, 12, 6)]
		case i > 0 && c.Steps[i-1].State == model.StepDone && r.chance(0.2):
			s.State = model.StepDone
		default:
			s.State = model.StepOpen
		}
		if s.State == model.StepDone {
			s.DoneOn = s.Due.AddDays(r.between(-5, 3))
			if g.today.Before(s.DoneOn) {
				s.DoneOn = g.today
			}
			if s.DoneOn.Before(applied) {
				s.DoneOn = applied
			}
			if done := s.DoneOn.Time().Add(17 * time.Hour); done.After(c.Updated) {
				c.Updated = done
			}
			if r.chance(0.25) {
				s.Note = pick(r, stepNotes)
			}
		}
		c.Steps[i] = s
	}
	if c.Updated.After(now) {
		c.Updated = now
	}
	return c
}
