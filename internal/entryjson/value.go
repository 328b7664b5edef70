package entryjson

import (
	"math"
	"slices"
	"strconv"
	"time"

	"bob/model"
)

// AppendValue appends v to dst as json.Marshal writes it (compact, with
// HTML escaping), without its reflection, for the parts of a record the
// store keeps each in a key of its own: an account, a person, an
// influence edge, a plan, a commitment, a risk, a checklist, a handoff,
// and an account's entry in the due-item index (model.AccountDue), each
// as a value or a pointer. Staging a book for writing spent more time in
// encoding/json's reflection over these than in anything else once the
// timeline was encoded here. It reports false, with dst as it was, for a
// value of any other type, a nil pointer, or one json.Marshal refuses
// (a time it cannot write, a float that is not a number): the caller
// lets encoding/json write or refuse it.
func AppendValue(dst []byte, v any) ([]byte, bool) {
	e := valueEncoder{b: dst, ok: true}
	switch v := v.(type) {
	case model.Account:
		e.account(&v)
	case *model.Account:
		if v == nil {
			return dst, false
		}
		e.account(v)
	case model.Person:
		e.person(&v)
	case *model.Person:
		if v == nil {
			return dst, false
		}
		e.person(v)
	case model.InfluenceEdge:
		e.edge(&v)
	case *model.InfluenceEdge:
		if v == nil {
			return dst, false
		}
		e.edge(v)
	case model.SuccessPlan:
		e.plan(&v)
	case *model.SuccessPlan:
		if v == nil {
			return dst, false
		}
		e.plan(v)
	case model.Commitment:
		e.commitment(&v)
	case *model.Commitment:
		if v == nil {
			return dst, false
		}
		e.commitment(v)
	case model.Risk:
		e.risk(&v)
	case *model.Risk:
		if v == nil {
			return dst, false
		}
		e.risk(v)
	case model.Checklist:
		e.checklist(&v)
	case *model.Checklist:
		if v == nil {
			return dst, false
		}
		e.checklist(v)
	case model.Handoff:
		e.handoff(&v)
	case *model.Handoff:
		if v == nil {
			return dst, false
		}
		e.handoff(v)
	case model.AccountDue:
		e.due(&v)
	case *model.AccountDue:
		if v == nil {
			return dst, false
		}
		e.due(v)
	default:
		return dst, false
	}
	if !e.ok {
		return dst, false
	}
	return e.b, true
}

// valueEncoder writes one value; ok turns false at the first part of it
// json.Marshal would refuse.
type valueEncoder struct {
	b  []byte
	ok bool
	// last is the last time written, at b[lastAt:lastEnd]: a value's
	// updated time is most often its created time, the same bytes.
	last            time.Time
	lastAt, lastEnd int
}

// key writes a field's key, k being its quoted name and the colon, after
// a comma unless it is the object's first.
func (e *valueEncoder) key(k string) {
	if e.b[len(e.b)-1] != '{' {
		e.b = append(e.b, ',')
	}
	e.b = append(e.b, k...)
}

// The writers of each kind of field. The ones named ...Omit leave the
// field out where its tag's omitempty (or omitzero, for dates and times,
// by their IsZero) would.

func (e *valueEncoder) str(k, s string) {
	e.key(k)
	e.b = appendString(e.b, s, true)
}

func strOmit[T ~string](e *valueEncoder, k string, s T) {
	if s != "" {
		e.key(k)
		e.b = appendString(e.b, string(s), true)
	}
}

func strsOmit[T ~string](e *valueEncoder, k string, s []T) {
	if len(s) == 0 {
		return
	}
	e.key(k)
	e.b = append(e.b, '[')
	for i, x := range s {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendString(e.b, string(x), true)
	}
	e.b = append(e.b, ']')
}

func (e *valueEncoder) int(k string, n int64) {
	e.key(k)
	e.b = strconv.AppendInt(e.b, n, 10)
}

func (e *valueEncoder) intOmit(k string, n int) {
	if n != 0 {
		e.int(k, int64(n))
	}
}

func (e *valueEncoder) boolOmit(k string, v bool) {
	if v {
		e.key(k)
		e.b = append(e.b, "true"...)
	}
}

// float writes f as encoding/json writes a float64: like
// strconv.FormatFloat's shortest 'f' form, but with an exponent (without
// padding it to two digits) below 1e-6 and from 1e21. It refuses NaN and
// the infinities, as json.Marshal does.
func (e *valueEncoder) float(k string, f float64) {
	e.key(k)
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.ok = false
		e.b = append(e.b, '0')
		return
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	e.b = strconv.AppendFloat(e.b, f, format, -1, 64)
	if format == 'e' {
		if n := len(e.b); n >= 4 && e.b[n-4] == 'e' && e.b[n-3] == '-' && e.b[n-2] == '0' {
			e.b[n-2] = e.b[n-1]
			e.b = e.b[:n-1]
		}
	}
}

func (e *valueEncoder) time(k string, t time.Time) {
	e.key(k)
	if e.lastEnd > 0 && t == e.last {
		e.b = append(e.b, e.b[e.lastAt:e.lastEnd]...)
		return
	}
	at := len(e.b)
	var ok bool
	if e.b, ok = appendTime(e.b, t, true); ok {
		e.last, e.lastAt, e.lastEnd = t, at, len(e.b)
		return
	}
	e.ok = false
	if e.b[len(e.b)-1] == ':' {
		// Refused, and nothing written: the value is declined anyway,
		// but the next key must not read as an object's first.
		e.b = append(e.b, "null"...)
	}
}

func (e *valueEncoder) timeOmit(k string, t time.Time) {
	if !t.IsZero() {
		e.time(k, t)
	}
}

func (e *valueEncoder) date(k string, d model.Date) {
	e.key(k)
	e.b = appendDate(e.b, d)
}

func (e *valueEncoder) dateOmit(k string, d model.Date) {
	if !d.IsZero() {
		e.date(k, d)
	}
}

// appendDate appends d quoted as its MarshalText writes it: YYYY-MM-DD,
// or nothing for the zero date. A date whose parts are in range for any
// month is written here; others (which Date.Time normalizes) as that
// writes them. Either way only digits and '-', which need no escapes.
func appendDate(b []byte, d model.Date) []byte {
	b = append(b, '"')
	switch {
	case d.IsZero():
	case d.Year >= 0 && d.Year <= 9999 && d.Month >= 1 && d.Month <= 12 && d.Day >= 1 && d.Day <= 28:
		y, m := d.Year, int(d.Month)
		b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
			byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
	default:
		b = d.Time().AppendFormat(b, model.DateLayout)
	}
	return append(b, '"')
}

// strMapOmit writes m's pairs in the order encoding/json does: by key,
// byte by byte.
func (e *valueEncoder) strMapOmit(k string, m map[string]string) {
	if len(m) == 0 {
		return
	}
	e.key(k)
	var arr [16]string
	keys := arr[:0]
	for mk := range m {
		keys = append(keys, mk)
	}
	slices.Sort(keys)
	e.b = append(e.b, '{')
	for i, mk := range keys {
		if i > 0 {
			e.b = append(e.b, ',')
		}
		e.b = appendString(e.b, mk, true)
		e.b = append(e.b, ':')
		e.b = appendString(e.b, m[mk], true)
	}
	e.b = append(e.b, '}')
}

// objects starts a slice of n objects: left out when empty if
// omitEmpty, null when nil otherwise. It reports whether the caller is to
// write the objects (each after e.next(i)) and close it with a ']'. The
// callers loop themselves: a writer passed as a function value made
// every value's encoder escape to the heap.
func (e *valueEncoder) objects(k string, n int, isNil, omitEmpty bool) bool {
	if omitEmpty && n == 0 {
		return false
	}
	e.key(k)
	if isNil {
		e.b = append(e.b, "null"...)
		return false
	}
	e.b = append(e.b, '[')
	return true
}

// next writes the comma before each object of a list after its first.
func (e *valueEncoder) next(i int) {
	if i > 0 {
		e.b = append(e.b, ',')
	}
}

// The writers of the model's types, one per type: each field in the
// order of its struct, under its tag's name and options.

func (e *valueEncoder) account(a *model.Account) {
	e.b = append(e.b, '{')
	e.str(`"id":`, a.ID)
	e.str(`"name":`, a.Name)
	strOmit(e, `"domain":`, a.Domain)
	strOmit(e, `"segment":`, a.Segment)
	strsOmit(e, `"tags":`, a.Tags)
	strOmit(e, `"owner":`, a.Owner)
	strOmit(e, `"stage":`, a.Stage)
	strOmit(e, `"health":`, a.Health)
	strOmit(e, `"health_reason":`, a.HealthReason)
	e.intOmit(`"health_score":`, a.HealthScore)
	e.key(`"arr":`)
	e.money(&a.ARR)
	e.dateOmit(`"contract_start":`, a.ContractStart)
	e.dateOmit(`"renewal":`, a.Renewal)
	strOmit(e, `"renewal_outcome":`, a.RenewalOutcome)
	strOmit(e, `"entitlements":`, a.Entitlements)
	strOmit(e, `"expansion":`, a.Expansion)
	e.intOmit(`"fiscal_year_start":`, a.FiscalYearStart)
	strOmit(e, `"goals":`, a.Goals)
	strsOmit(e, `"products":`, a.Products)
	strOmit(e, `"use_cases":`, a.UseCases)
	strOmit(e, `"challenges":`, a.Challenges)
	strOmit(e, `"projects":`, a.Projects)
	strOmit(e, `"tech_stack":`, a.TechStack)
	strOmit(e, `"decision_rhythm":`, a.DecisionRhythm)
	strOmit(e, `"relationship_history":`, a.RelationshipHistory)
	strOmit(e, `"customer_context":`, a.CustomerContext)
	strOmit(e, `"internal_context":`, a.InternalContext)
	strOmit(e, `"unwritten_knowledge":`, a.UnwrittenKnowledge)
	if !a.Team.IsZero() {
		e.key(`"team":`)
		e.b = append(e.b, '{')
		strOmit(e, `"account_executive":`, a.Team.AccountExecutive)
		strOmit(e, `"solutions_architect":`, a.Team.SolutionsArchitect)
		strOmit(e, `"support":`, a.Team.Support)
		strOmit(e, `"partner":`, a.Team.Partner)
		e.b = append(e.b, '}')
	}
	e.strMapOmit(`"custom":`, a.Custom)
	e.time(`"created":`, a.Created)
	e.time(`"updated":`, a.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) money(m *model.Money) {
	e.b = append(e.b, '{')
	e.int(`"minor":`, m.Minor)
	e.str(`"currency":`, m.Currency)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) person(p *model.Person) {
	e.b = append(e.b, '{')
	e.str(`"id":`, p.ID)
	e.str(`"account_id":`, p.AccountID)
	e.str(`"name":`, p.Name)
	strOmit(e, `"title":`, p.Title)
	strOmit(e, `"email":`, p.Email)
	strOmit(e, `"phone":`, p.Phone)
	strOmit(e, `"department":`, p.Department)
	strOmit(e, `"reports_to":`, p.ReportsTo)
	strsOmit(e, `"dotted_line":`, p.DottedLine)
	strsOmit(e, `"roles":`, p.Roles)
	strOmit(e, `"influence":`, p.Influence)
	strOmit(e, `"sentiment":`, p.Sentiment)
	strOmit(e, `"power":`, p.Power)
	strOmit(e, `"adkar":`, p.ADKAR)
	strOmit(e, `"status":`, p.Status)
	e.dateOmit(`"left_on":`, p.LeftOn)
	strOmit(e, `"notes":`, p.Notes)
	e.strMapOmit(`"custom":`, p.Custom)
	e.time(`"created":`, p.Created)
	e.time(`"updated":`, p.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) edge(x *model.InfluenceEdge) {
	e.b = append(e.b, '{')
	e.str(`"id":`, x.ID)
	e.str(`"account_id":`, x.AccountID)
	e.str(`"from":`, x.From)
	e.str(`"to":`, x.To)
	strOmit(e, `"strength":`, x.Strength)
	strOmit(e, `"sentiment":`, x.Sentiment)
	strOmit(e, `"note":`, x.Note)
	e.time(`"created":`, x.Created)
	e.time(`"updated":`, x.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) plan(p *model.SuccessPlan) {
	e.b = append(e.b, '{')
	e.str(`"id":`, p.ID)
	e.str(`"account_id":`, p.AccountID)
	e.str(`"title":`, p.Title)
	strOmit(e, `"scope":`, p.Scope)
	strOmit(e, `"scope_name":`, p.ScopeName)
	strOmit(e, `"status":`, p.Status)
	e.key(`"intent":`)
	e.b = append(e.b, '{')
	strOmit(e, `"why_bought":`, p.Intent.WhyBought)
	strOmit(e, `"success":`, p.Intent.Success)
	strOmit(e, `"measured":`, p.Intent.Measured)
	strOmit(e, `"adoption_means":`, p.Intent.AdoptionMeans)
	e.b = append(e.b, '}')
	if e.objects(`"objectives":`, len(p.Objectives), p.Objectives == nil, true) {
		for i := range p.Objectives {
			e.next(i)
			e.objective(&p.Objectives[i])
		}
		e.b = append(e.b, ']')
	}
	if e.objects(`"tasks":`, len(p.Tasks), p.Tasks == nil, true) {
		for i := range p.Tasks {
			e.next(i)
			e.task(&p.Tasks[i])
		}
		e.b = append(e.b, ']')
	}
	if e.objects(`"achievements":`, len(p.Achievements), p.Achievements == nil, true) {
		for i := range p.Achievements {
			e.next(i)
			e.achievement(&p.Achievements[i])
		}
		e.b = append(e.b, ']')
	}
	if e.objects(`"readiness":`, len(p.Readiness), p.Readiness == nil, true) {
		for i := range p.Readiness {
			e.next(i)
			e.pillarScore(&p.Readiness[i])
		}
		e.b = append(e.b, ']')
	}
	e.time(`"created":`, p.Created)
	e.time(`"updated":`, p.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) objective(o *model.Objective) {
	e.b = append(e.b, '{')
	e.str(`"id":`, o.ID)
	e.str(`"title":`, o.Title)
	e.key(`"metric":`)
	e.b = append(e.b, '{')
	strOmit(e, `"name":`, o.Metric.Name)
	strOmit(e, `"unit":`, o.Metric.Unit)
	e.float(`"baseline":`, o.Metric.Baseline)
	e.float(`"target":`, o.Metric.Target)
	e.float(`"current":`, o.Metric.Current)
	e.b = append(e.b, '}')
	strOmit(e, `"status":`, o.Status)
	e.dateOmit(`"due":`, o.Due)
	if e.objects(`"history":`, len(o.History), o.History == nil, true) {
		for i := range o.History {
			e.next(i)
			e.reading(&o.History[i])
		}
		e.b = append(e.b, ']')
	}
	e.b = append(e.b, '}')
}

func (e *valueEncoder) reading(r *model.Reading) {
	e.b = append(e.b, '{')
	e.date(`"on":`, r.On)
	e.float(`"value":`, r.Value)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) task(t *model.Task) {
	e.b = append(e.b, '{')
	e.str(`"id":`, t.ID)
	e.str(`"title":`, t.Title)
	strOmit(e, `"owner":`, t.Owner)
	e.dateOmit(`"due":`, t.Due)
	strOmit(e, `"state":`, t.State)
	strOmit(e, `"note":`, t.Note)
	e.dateOmit(`"done_on":`, t.DoneOn)
	strOmit(e, `"done_by":`, t.DoneBy)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) achievement(a *model.Achievement) {
	e.b = append(e.b, '{')
	e.str(`"id":`, a.ID)
	e.date(`"when":`, a.When)
	e.str(`"title":`, a.Title)
	strOmit(e, `"note":`, a.Note)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) pillarScore(s *model.PillarScore) {
	e.b = append(e.b, '{')
	e.str(`"pillar":`, string(s.Pillar))
	e.int(`"current":`, int64(s.Current))
	e.int(`"target":`, int64(s.Target))
	e.b = append(e.b, '}')
}

func (e *valueEncoder) commitment(c *model.Commitment) {
	e.b = append(e.b, '{')
	e.str(`"id":`, c.ID)
	e.str(`"account_id":`, c.AccountID)
	e.str(`"what":`, c.What)
	strOmit(e, `"to":`, c.To)
	e.dateOmit(`"due":`, c.Due)
	strOmit(e, `"measure":`, c.Measure)
	strOmit(e, `"kano":`, c.Kano)
	strOmit(e, `"status":`, c.Status)
	e.time(`"created":`, c.Created)
	e.time(`"updated":`, c.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) risk(r *model.Risk) {
	e.b = append(e.b, '{')
	e.str(`"id":`, r.ID)
	e.str(`"account_id":`, r.AccountID)
	e.str(`"title":`, r.Title)
	e.str(`"severity":`, string(r.Severity))
	strOmit(e, `"description":`, r.Description)
	strOmit(e, `"mitigation":`, r.Mitigation)
	strOmit(e, `"status":`, r.Status)
	e.time(`"created":`, r.Created)
	e.time(`"updated":`, r.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) checklist(c *model.Checklist) {
	e.b = append(e.b, '{')
	e.str(`"id":`, c.ID)
	e.str(`"account_id":`, c.AccountID)
	e.str(`"playbook":`, c.Playbook)
	e.str(`"title":`, c.Title)
	e.date(`"applied":`, c.Applied)
	strOmit(e, `"anchor_kind":`, c.AnchorKind)
	e.dateOmit(`"anchor":`, c.Anchor)
	if e.objects(`"steps":`, len(c.Steps), c.Steps == nil, false) {
		for i := range c.Steps {
			e.next(i)
			e.step(&c.Steps[i])
		}
		e.b = append(e.b, ']')
	}
	e.time(`"created":`, c.Created)
	e.time(`"updated":`, c.Updated)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) step(s *model.Step) {
	e.b = append(e.b, '{')
	e.str(`"id":`, s.ID)
	e.str(`"title":`, s.Title)
	strOmit(e, `"detail":`, s.Detail)
	e.dateOmit(`"due":`, s.Due)
	strOmit(e, `"state":`, s.State)
	strOmit(e, `"note":`, s.Note)
	e.dateOmit(`"done_on":`, s.DoneOn)
	strOmit(e, `"done_by":`, s.DoneBy)
	if s.Email != nil {
		e.key(`"email":`)
		e.b = append(e.b, '{')
		e.str(`"subject":`, s.Email.Subject)
		e.str(`"body":`, s.Email.Body)
		e.b = append(e.b, '}')
	}
	e.b = append(e.b, '}')
}

func (e *valueEncoder) handoff(h *model.Handoff) {
	e.b = append(e.b, '{')
	e.str(`"id":`, h.ID)
	e.str(`"account_id":`, h.AccountID)
	e.str(`"from":`, h.From)
	e.str(`"to":`, h.To)
	e.time(`"when":`, h.When)
	e.str(`"status":`, string(h.Status))
	strOmit(e, `"note":`, h.Note)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) due(d *model.AccountDue) {
	e.b = append(e.b, '{')
	e.str(`"account_id":`, d.AccountID)
	if e.objects(`"items":`, len(d.Items), d.Items == nil, true) {
		for i := range d.Items {
			e.next(i)
			e.dueItem(&d.Items[i])
		}
		e.b = append(e.b, ']')
	}
	if e.objects(`"risks":`, len(d.Risks), d.Risks == nil, true) {
		for i := range d.Risks {
			e.next(i)
			e.dueRisk(&d.Risks[i])
		}
		e.b = append(e.b, ']')
	}
	if e.objects(`"key_people":`, len(d.KeyPeople), d.KeyPeople == nil, true) {
		for i := range d.KeyPeople {
			e.next(i)
			e.keyPerson(&d.KeyPeople[i])
		}
		e.b = append(e.b, ']')
	}
	if e.objects(`"outgoing":`, len(d.Outgoing), d.Outgoing == nil, true) {
		for i := range d.Outgoing {
			e.next(i)
			e.transition(&d.Outgoing[i])
		}
		e.b = append(e.b, ']')
	}
	e.boolOmit(`"active_plan":`, d.ActivePlan)
	e.boolOmit(`"renewal_checklist":`, d.RenewalChecklist)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) dueItem(it *model.DueItem) {
	e.b = append(e.b, '{')
	e.str(`"kind":`, string(it.Kind))
	e.str(`"id":`, it.ID)
	strOmit(e, `"parent_id":`, it.ParentID)
	strOmit(e, `"parent":`, it.Parent)
	e.str(`"title":`, it.Title)
	e.date(`"due":`, it.Due)
	e.str(`"state":`, it.State)
	strOmit(e, `"who":`, it.Who)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) dueRisk(r *model.DueRisk) {
	e.b = append(e.b, '{')
	e.str(`"id":`, r.ID)
	e.str(`"title":`, r.Title)
	e.str(`"severity":`, string(r.Severity))
	e.b = append(e.b, '}')
}

func (e *valueEncoder) keyPerson(p *model.KeyPerson) {
	e.b = append(e.b, '{')
	e.str(`"id":`, p.ID)
	e.str(`"name":`, p.Name)
	e.str(`"role":`, string(p.Role))
	e.timeOmit(`"last_touch":`, p.LastTouch)
	e.b = append(e.b, '}')
}

func (e *valueEncoder) transition(t *model.TransitionProgress) {
	e.b = append(e.b, '{')
	e.str(`"checklist_id":`, t.ChecklistID)
	e.str(`"title":`, t.Title)
	e.int(`"done":`, int64(t.Done))
	e.int(`"total":`, int64(t.Total))
	e.b = append(e.b, '}')
}
