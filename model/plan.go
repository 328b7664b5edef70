package model

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SuccessPlan records the customer's objectives, how they are measured and
// the progress made. An account may have one plan per product, department
// or location; the transition call is run from it.
type SuccessPlan struct {
	ID           string        `json:"id"`
	AccountID    string        `json:"account_id"`
	Title        string        `json:"title"`
	Scope        ScopeKind     `json:"scope,omitempty"`
	ScopeName    string        `json:"scope_name,omitempty"` // e.g. the product or department
	Status       PlanStatus    `json:"status,omitempty"`
	Intent       Intent        `json:"intent"`
	Objectives   []Objective   `json:"objectives,omitempty"`
	Tasks        []Task        `json:"tasks,omitempty"`
	Achievements []Achievement `json:"achievements,omitempty"`
	Readiness    []PillarScore `json:"readiness,omitempty"`
	Created      time.Time     `json:"created"`
	Updated      time.Time     `json:"updated"`
}

// Intent is the strategic intent behind the purchase, asked in the first
// workshop: why they bought, what success looks like, how it is measured,
// and what successful adoption means to them.
type Intent struct {
	WhyBought     string `json:"why_bought,omitempty"`
	Success       string `json:"success,omitempty"`
	Measured      string `json:"measured,omitempty"`
	AdoptionMeans string `json:"adoption_means,omitempty"`
}

// IntentAnswer is one question of the strategic intent and its answer
// ("" when none is recorded).
type IntentAnswer struct{ Question, Answer string }

// Answers lists the intent's questions, in the words and the order the
// written views of a plan (bob plans, the handover brief) ask them, with
// their answers.
func (in Intent) Answers() []IntentAnswer {
	return []IntentAnswer{
		{"Why they bought", in.WhyBought},
		{"What success looks like", in.Success},
		{"How it is measured", in.Measured},
		{"What adoption means to them", in.AdoptionMeans},
	}
}

// Facets are what a plan's heading shows after its title: its scope
// ("product: Analytics", the name made safe by clean for where it is
// shown) when it has one, then its status ("no status" when unset).
func (p SuccessPlan) Facets(clean func(string) string) []string {
	var out []string
	if p.Scope != "" {
		s := string(p.Scope)
		if p.ScopeName != "" {
			s += ": " + clean(p.ScopeName)
		}
		out = append(out, s)
	}
	status := string(p.Status)
	if status == "" {
		status = "no status"
	}
	return append(out, status)
}

// Objective is one measurable goal in a success plan.
type Objective struct {
	ID     string     `json:"id"`
	Title  string     `json:"title"`
	Metric Metric     `json:"metric"`
	Status PlanStatus `json:"status,omitempty"`
	Due    Date       `json:"due,omitzero"`
	// History is every value the current metric was updated to, with its
	// day, oldest first: the plan shows the trend from it.
	History []Reading `json:"history,omitempty"`
}

// Reading is one value of a metric on a day.
type Reading struct {
	On    Date    `json:"on"`
	Value float64 `json:"value"`
}

// Record logs a reading of the metric on day in the history, which stays
// oldest first; a second reading on the same day replaces that day's.
// The current value is the latest reading, so a reading back-dated
// before the latest one fills in the trend without changing current.
func (o *Objective) Record(value float64, day Date) {
	i := sort.Search(len(o.History), func(i int) bool { return !o.History[i].On.Before(day) })
	switch {
	case i < len(o.History) && o.History[i].On == day:
		o.History[i].Value = value
	default:
		o.History = slices.Insert(o.History, i, Reading{On: day, Value: value})
	}
	o.Metric.Current = o.History[len(o.History)-1].Value
}

// ParseNumber reads a metric value the way a user types it: 880, 12.5,
// -3, 1,200 (thousands separators) or 45% (the sign is dropped). It
// refuses anything else, and values too large to be a metric.
func ParseNumber(s string) (float64, error) {
	c := strings.TrimSuffix(strings.ReplaceAll(strings.TrimSpace(s), ",", ""), "%")
	f, err := strconv.ParseFloat(strings.TrimSpace(c), 64)
	if err != nil || f != f || f > 1e15 || f < -1e15 {
		return 0, fmt.Errorf("%s is not a number: write e.g. 880 or 12.5", Quote(s))
	}
	return f, nil
}

// Overdue reports whether the objective is past its due date and not
// achieved (nor abandoned).
func (o Objective) Overdue(now time.Time) bool {
	return !o.Due.IsZero() && o.Due.DaysFrom(now) < 0 && o.Status != PlanAchieved && o.Status != PlanAbandoned
}

// Closed reports whether the plan is achieved or abandoned: it is history,
// shown on one line.
func (p SuccessPlan) Closed() bool { return p.Status == PlanAchieved || p.Status == PlanAbandoned }

// Gaps returns the assessed pillars with a gap, largest first (the
// priorities), ties in the pillars' canonical order.
func (p SuccessPlan) Gaps() []PillarScore {
	var out []PillarScore
	for _, pl := range Pillars {
		for _, r := range p.Readiness {
			if r.Pillar == pl && r.Gap() > 0 {
				out = append(out, r)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Gap() > out[j].Gap() })
	return out
}

// Metric measures an objective from a baseline towards a target.
type Metric struct {
	Name     string  `json:"name,omitempty"`
	Unit     string  `json:"unit,omitempty"`
	Baseline float64 `json:"baseline"`
	Target   float64 `json:"target"`
	Current  float64 `json:"current"`
}

// Format writes a value of the metric with its unit: "28 days", but
// "47%"; no trailing zeros.
func (m Metric) Format(v float64) string {
	unit := m.Unit
	if unit != "" && unit != "%" && !strings.HasPrefix(unit, " ") {
		unit = " " + unit
	}
	return strconv.FormatFloat(v, 'f', -1, 64) + unit
}

// Progress returns how far current has moved from baseline to target,
// clamped to 0..1. A metric whose target equals its baseline is complete
// when current reaches it.
func (m Metric) Progress() float64 {
	span := m.Target - m.Baseline
	if span == 0 {
		if m.Current == m.Target {
			return 1
		}
		return 0
	}
	p := (m.Current - m.Baseline) / span
	switch {
	case p < 0:
		return 0
	case p > 1:
		return 1
	}
	return p
}

// Task is a piece of work in a success plan.
type Task struct {
	ID    string    `json:"id"`
	Title string    `json:"title"`
	Owner string    `json:"owner,omitempty"`
	Due   Date      `json:"due,omitzero"`
	State StepState `json:"state,omitempty"`
	Note  string    `json:"note,omitempty"`
	// DoneOn is the day the task was done or skipped, DoneBy who did it.
	DoneOn Date   `json:"done_on,omitzero"`
	DoneBy string `json:"done_by,omitempty"`
}

// Open reports whether the task still needs doing.
func (t Task) Open() bool { return t.State == "" || t.State == StepOpen }

// Overdue reports whether the task still needs doing and its due day has
// passed.
func (t Task) Overdue(now time.Time) bool {
	return t.Open() && !t.Due.IsZero() && t.Due.DaysFrom(now) < 0
}

// Achievement is a dated win recorded along the way.
type Achievement struct {
	ID    string `json:"id"`
	When  Date   `json:"when"`
	Title string `json:"title"`
	Note  string `json:"note,omitempty"`
}

// PillarScore is the readiness of one pillar: current and target maturity
// from 1 to 5 (0 when not assessed). The gap is the priority.
type PillarScore struct {
	Pillar  Pillar `json:"pillar"`
	Current int    `json:"current"`
	Target  int    `json:"target"`
}

// Gap returns target minus current maturity, never negative.
func (p PillarScore) Gap() int {
	if p.Target > p.Current {
		return p.Target - p.Current
	}
	return 0
}

// Validate checks the plan's fields and names each problem.
func (p SuccessPlan) Validate() error {
	var v validator
	v.id("id", p.ID)
	v.id("account_id", p.AccountID)
	v.required("title", p.Title)
	v.line("title", p.Title, MaxLineLen)
	v.line("scope_name", p.ScopeName, MaxLineLen)
	v.text("intent.why_bought", p.Intent.WhyBought)
	v.text("intent.success", p.Intent.Success)
	v.text("intent.measured", p.Intent.Measured)
	v.text("intent.adoption_means", p.Intent.AdoptionMeans)
	v.count("objectives", len(p.Objectives), MaxItems)
	v.count("tasks", len(p.Tasks), MaxItems)
	v.count("achievements", len(p.Achievements), MaxItems)
	v.count("readiness", len(p.Readiness), MaxListLen)
	oneOf(&v, "scope", string(p.Scope), ScopeKinds)
	oneOf(&v, "status", string(p.Status), PlanStatuses)
	ids := map[string]bool{}
	unique := func(field, id string) {
		v.id(field, id)
		if ids[id] {
			v.add(field, "id "+IDText(id)+" is used twice")
		}
		ids[id] = true
	}
	for _, o := range p.Objectives {
		unique("objectives", o.ID)
		if o.Title == "" {
			v.add("objectives", "every objective needs a title")
		}
		v.line("objectives.title", o.Title, MaxLineLen)
		v.line("objectives.metric", o.Metric.Name, MaxLineLen)
		v.line("objectives.metric", o.Metric.Unit, MaxLineLen)
		oneOf(&v, "objectives.status", string(o.Status), PlanStatuses)
		v.count("objectives.history", len(o.History), MaxItems)
	}
	for _, t := range p.Tasks {
		unique("tasks", t.ID)
		if t.Title == "" {
			v.add("tasks", "every task needs a title")
		}
		v.line("tasks.title", t.Title, MaxLineLen)
		v.line("tasks.owner", t.Owner, MaxNameLen)
		v.text("tasks.note", t.Note)
		v.line("tasks.done_by", t.DoneBy, MaxNameLen)
		oneOf(&v, "tasks.state", string(t.State), StepStates)
	}
	for _, a := range p.Achievements {
		unique("achievements", a.ID)
		if a.Title == "" {
			v.add("achievements", "every achievement needs a title")
		}
		v.line("achievements.title", a.Title, MaxLineLen)
		v.text("achievements.note", a.Note)
	}
	seen := map[Pillar]bool{}
	for _, r := range p.Readiness {
		oneOf(&v, "readiness", string(r.Pillar), Pillars)
		if seen[r.Pillar] {
			v.add("readiness", string(r.Pillar)+" is assessed twice")
		}
		seen[r.Pillar] = true
		if r.Current < 0 || r.Current > 5 || r.Target < 0 || r.Target > 5 {
			v.add("readiness", string(r.Pillar)+": maturity must be from 1 to 5 (0 if not assessed)")
		}
	}
	return v.err()
}
