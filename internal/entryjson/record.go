package entryjson

import (
	"reflect"
	"strconv"
	"sync"
	"time"

	"bob/model"
)

// DecodeRecord decodes raw, a whole account record, as a strict
// json.Decoder (DisallowUnknownFields, nothing after the value) would
// into a zero record, under the same terms as Decode: the JSON
// json.Marshal or MarshalIndent writes for a record, each key spelled as
// its tag spells it and at most once, no nulls. Beyond Decode's, it
// declines numbers other than integers for int fields (encoding/json
// refuses 1e2 or 1.0 there; it is left to say so), and dates it cannot
// read as model.Date reads them. Without the timeline, a record's
// account, people, plans and checklists were most of the rest of
// encoding/json's work in reading a bundle.
func DecodeRecord(raw []byte) (model.AccountRecord, bool) {
	p := entryParser{b: raw}
	var r model.AccountRecord
	if !p.record(&r) || !p.end() {
		return model.AccountRecord{}, false
	}
	return r, true
}

// DecodeValue decodes raw into v, a pointer to a zero value of one of the
// kinds the store keeps in a record of its own (an account, a person, an
// influence edge, a plan, a commitment, a risk, a checklist, a handoff, a
// timeline entry) or a whole record, as json.Unmarshal would, under
// DecodeRecord's terms. It reports false, leaving *v as it was, for
// anything else, a v of another type or one not zero among them:
// json.Unmarshal merges into what is there, which is left to it.
func DecodeValue(raw []byte, v any) bool {
	p := entryParser{b: raw}
	switch v := v.(type) {
	case *model.Account:
		return decodeInto(&p, v, (*entryParser).account)
	case *model.Person:
		return decodeInto(&p, v, (*entryParser).person)
	case *model.InfluenceEdge:
		return decodeInto(&p, v, (*entryParser).edge)
	case *model.SuccessPlan:
		return decodeInto(&p, v, (*entryParser).plan)
	case *model.Commitment:
		return decodeInto(&p, v, (*entryParser).commitment)
	case *model.Risk:
		return decodeInto(&p, v, (*entryParser).risk)
	case *model.Checklist:
		return decodeInto(&p, v, (*entryParser).checklist)
	case *model.Handoff:
		return decodeInto(&p, v, (*entryParser).handoff)
	case *model.TimelineEntry:
		return decodeInto(&p, v, (*entryParser).entry)
	case *model.AccountRecord:
		return decodeInto(&p, v, (*entryParser).record)
	}
	return false
}

func decodeInto[T any](p *entryParser, v *T, read func(*entryParser, *T) bool) bool {
	if v == nil || !reflect.ValueOf(v).Elem().IsZero() {
		return false
	}
	var out T
	if !read(p, &out) || !p.end() {
		return false
	}
	*v = out
	return true
}

// object reads an object from p.i (space first), handing each key to
// field with p at its value. field returns the key's bit in a set of the
// keys read (0 for a key it does not know) and whether its value read
// well: an unknown key, a key twice or a bad value declines the object.
func (p *entryParser) object(field func(key []byte) (uint64, bool)) bool {
	var seen uint64
	p.space()
	if !p.take('{') {
		return false
	}
	p.space()
	if p.take('}') {
		return true
	}
	for {
		key, ok := p.key()
		if !ok {
			return false
		}
		p.space()
		if !p.take(':') {
			return false
		}
		p.space()
		bit, ok := field(key)
		if !ok || bit == 0 || seen&bit != 0 {
			return false
		}
		seen |= bit
		p.space()
		if p.take('}') {
			return true
		}
		if !p.take(',') {
			return false
		}
		p.space()
	}
}

// list reads an array whose elements one reads, from p.i (space first):
// [] is an empty, non-nil slice, as encoding/json makes it.
func list[T any](p *entryParser, one func(*entryParser, *T) bool) ([]T, bool) {
	p.space()
	if !p.take('[') {
		return nil, false
	}
	out := []T{}
	p.space()
	if p.take(']') {
		return out, true
	}
	for {
		out = append(out, *new(T))
		if !one(p, &out[len(out)-1]) {
			return nil, false
		}
		p.space()
		if p.take(']') {
			return out, true
		}
		if !p.take(',') {
			return nil, false
		}
		p.space()
	}
}

// scratch lends lists to read a long list into before it is copied out
// at its length: grown as it was read, a timeline of a hundred entries
// was allocated and copied eight times over.
type scratch[T any] struct{ pool sync.Pool }

var timelines scratch[model.TimelineEntry]

// intoVia is into, reading through a list from sc.
func intoVia[T any](p *entryParser, s *[]T, one func(*entryParser, *T) bool, sc *scratch[T]) bool {
	p.space()
	if !p.take('[') {
		return false
	}
	buf, _ := sc.pool.Get().(*[]T)
	if buf == nil {
		buf = new([]T)
	}
	defer func() {
		clear(*buf) // holds nothing of the record once lent again
		*buf = (*buf)[:0]
		sc.pool.Put(buf)
	}()
	p.space()
	if !p.take(']') {
		for {
			*buf = append(*buf, *new(T))
			if !one(p, &(*buf)[len(*buf)-1]) {
				return false
			}
			p.space()
			if p.take(']') {
				break
			}
			if !p.take(',') {
				return false
			}
			p.space()
		}
	}
	*s = append(make([]T, 0, len(*buf)), *buf...)
	return true
}

// into reads a list into *s.
func into[T any](p *entryParser, s *[]T, one func(*entryParser, *T) bool) bool {
	v, ok := list(p, one)
	*s = v
	return ok
}

func (p *entryParser) setStr(s *string) bool {
	v, ok := p.str()
	*s = v
	return ok
}

// setKind reads a string into one of the model's string kinds (a stage,
// a role, a status).
func setKind[T ~string](p *entryParser, s *T) bool {
	v, ok := p.str()
	*s = T(v)
	return ok
}

func kinds[T ~string](p *entryParser, s *[]T) bool {
	return into(p, s, setKind[T])
}

func (p *entryParser) setStrings(s *[]string) bool {
	v, ok := p.strings()
	*s = v
	return ok
}

// stringMap reads an object of strings into a new map: a key twice is
// the later value, as in encoding/json.
func (p *entryParser) stringMap(m *map[string]string) bool {
	if !p.take('{') {
		return false
	}
	out := map[string]string{}
	p.space()
	if p.take('}') {
		*m = out
		return true
	}
	for {
		k, ok := p.str()
		if !ok {
			return false
		}
		p.space()
		if !p.take(':') {
			return false
		}
		p.space()
		v, ok := p.str()
		if !ok {
			return false
		}
		out[k] = v
		p.space()
		if p.take('}') {
			*m = out
			return true
		}
		if !p.take(',') {
			return false
		}
		p.space()
	}
}

// number finds the JSON number at p.i: its bytes, and whether it is an
// integer (no fraction, no exponent). It reports false for anything not
// a number by JSON's grammar.
func (p *entryParser) number() (num []byte, integer bool, ok bool) {
	start := p.i
	p.take('-')
	switch {
	case p.take('0'):
	case p.i < len(p.b) && '1' <= p.b[p.i] && p.b[p.i] <= '9':
		p.digits()
	default:
		return nil, false, false
	}
	integer = true
	if p.take('.') {
		integer = false
		if p.digits() == 0 {
			return nil, false, false
		}
	}
	if p.take('e') || p.take('E') {
		integer = false
		if !p.take('+') {
			p.take('-')
		}
		if p.digits() == 0 {
			return nil, false, false
		}
	}
	return p.b[start:p.i], integer, true
}

func (p *entryParser) digits() int {
	start := p.i
	for p.i < len(p.b) && '0' <= p.b[p.i] && p.b[p.i] <= '9' {
		p.i++
	}
	return p.i - start
}

// intOf is the value of an integer number of at most 18 digits (which
// no int64 overflows).
func intOf(num []byte) (int64, bool) {
	neg := num[0] == '-'
	if neg {
		num = num[1:]
	}
	if len(num) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range num {
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

// setInt reads an integer into an int field, as encoding/json does with
// strconv.ParseInt; a fraction or an exponent (which it refuses there)
// and integers of more than 18 digits are declined.
func (p *entryParser) setInt(n *int) bool {
	num, integer, ok := p.number()
	if !ok || !integer {
		return false
	}
	v, ok := intOf(num)
	*n = int(v)
	return ok
}

func (p *entryParser) setInt64(n *int64) bool {
	num, integer, ok := p.number()
	if !ok || !integer {
		return false
	}
	v, ok := intOf(num)
	*n = v
	return ok
}

// setFloat reads a number into a float64 as encoding/json does, with
// strconv.ParseFloat (out of range declined); an integer of at most 15
// digits is exactly its float without it.
func (p *entryParser) setFloat(f *float64) bool {
	num, integer, ok := p.number()
	if !ok {
		return false
	}
	if integer && len(num) <= 15 {
		v, _ := intOf(num)
		*f = float64(v)
		if v == 0 && num[0] == '-' {
			*f = -*f // -0, as ParseFloat reads it
		}
		return true
	}
	v, err := strconv.ParseFloat(string(num), 64)
	*f = v
	return err == nil
}

// setTime reads a time as encoding/json does (time.Time's UnmarshalJSON
// on the quoted string); escapes are declined.
func (p *entryParser) setTime(t *time.Time) bool { return p.time(t) }

// setDate reads a model.Date as encoding/json does: the string, unquoted,
// handed to its UnmarshalText, whose error declines it. A plain
// YYYY-MM-DD is read here, without the time.Parse that UnmarshalText
// goes through.
func (p *entryParser) setDate(d *model.Date) bool {
	s, ok := p.str()
	if !ok {
		return false
	}
	if y, m, day, ok := plainDate(s); ok {
		*d = model.Date{Year: y, Month: m, Day: day}
		return true
	}
	return d.UnmarshalText([]byte(s)) == nil
}

// plainDate reads s if it is four, two and two digits joined by dashes
// and a real day of the Gregorian calendar: what time.Parse reads with
// model.DateLayout. Anything else (another shape, a 30th of February) is
// left to UnmarshalText, to read or refuse.
func plainDate(s string) (int, time.Month, int, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, 0, 0, false
	}
	n := 0
	for i := 0; i < 10; i++ {
		if i == 4 || i == 7 {
			continue
		}
		c := s[i]
		if c < '0' || c > '9' {
			return 0, 0, 0, false
		}
		n = n*10 + int(c-'0')
	}
	y, m, d := n/10000, n/100%100, n%100
	if m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return 0, 0, 0, false
	}
	return y, time.Month(m), d, true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// The readers of the model's records, one per type: each field's key as
// its tag spells it, each with its own bit.

func (p *entryParser) record(r *model.AccountRecord) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "account":
			return 1 << 0, p.account(&r.Account)
		case "people":
			return 1 << 1, into(p, &r.People, (*entryParser).person)
		case "edges":
			return 1 << 2, into(p, &r.Edges, (*entryParser).edge)
		case "timeline":
			return 1 << 3, intoVia(p, &r.Timeline, (*entryParser).entry, &timelines)
		case "plans":
			return 1 << 4, into(p, &r.Plans, (*entryParser).plan)
		case "commitments":
			return 1 << 5, into(p, &r.Commitments, (*entryParser).commitment)
		case "risks":
			return 1 << 6, into(p, &r.Risks, (*entryParser).risk)
		case "checklists":
			return 1 << 7, into(p, &r.Checklists, (*entryParser).checklist)
		case "handoffs":
			return 1 << 8, into(p, &r.Handoffs, (*entryParser).handoff)
		}
		return 0, false
	})
}

func (p *entryParser) account(a *model.Account) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&a.ID)
		case "name":
			return 1 << 1, p.setStr(&a.Name)
		case "domain":
			return 1 << 2, p.setStr(&a.Domain)
		case "segment":
			return 1 << 3, p.setStr(&a.Segment)
		case "tags":
			return 1 << 4, p.setStrings(&a.Tags)
		case "owner":
			return 1 << 5, p.setStr(&a.Owner)
		case "stage":
			return 1 << 6, setKind(p, &a.Stage)
		case "health":
			return 1 << 7, setKind(p, &a.Health)
		case "health_reason":
			return 1 << 8, p.setStr(&a.HealthReason)
		case "health_score":
			return 1 << 9, p.setInt(&a.HealthScore)
		case "arr":
			return 1 << 10, p.money(&a.ARR)
		case "contract_start":
			return 1 << 11, p.setDate(&a.ContractStart)
		case "renewal":
			return 1 << 12, p.setDate(&a.Renewal)
		case "renewal_outcome":
			return 1 << 13, setKind(p, &a.RenewalOutcome)
		case "entitlements":
			return 1 << 14, p.setStr(&a.Entitlements)
		case "expansion":
			return 1 << 15, p.setStr(&a.Expansion)
		case "fiscal_year_start":
			return 1 << 16, p.setInt(&a.FiscalYearStart)
		case "goals":
			return 1 << 17, p.setStr(&a.Goals)
		case "products":
			return 1 << 18, p.setStrings(&a.Products)
		case "use_cases":
			return 1 << 19, p.setStr(&a.UseCases)
		case "challenges":
			return 1 << 20, p.setStr(&a.Challenges)
		case "projects":
			return 1 << 21, p.setStr(&a.Projects)
		case "tech_stack":
			return 1 << 22, p.setStr(&a.TechStack)
		case "decision_rhythm":
			return 1 << 23, setKind(p, &a.DecisionRhythm)
		case "relationship_history":
			return 1 << 24, p.setStr(&a.RelationshipHistory)
		case "customer_context":
			return 1 << 25, p.setStr(&a.CustomerContext)
		case "internal_context":
			return 1 << 26, p.setStr(&a.InternalContext)
		case "unwritten_knowledge":
			return 1 << 27, p.setStr(&a.UnwrittenKnowledge)
		case "team":
			return 1 << 28, p.team(&a.Team)
		case "custom":
			return 1 << 29, p.stringMap(&a.Custom)
		case "created":
			return 1 << 30, p.setTime(&a.Created)
		case "updated":
			return 1 << 31, p.setTime(&a.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) money(m *model.Money) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "minor":
			return 1 << 0, p.setInt64(&m.Minor)
		case "currency":
			return 1 << 1, p.setStr(&m.Currency)
		}
		return 0, false
	})
}

func (p *entryParser) team(t *model.AccountTeam) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "account_executive":
			return 1 << 0, p.setStr(&t.AccountExecutive)
		case "solutions_architect":
			return 1 << 1, p.setStr(&t.SolutionsArchitect)
		case "support":
			return 1 << 2, p.setStr(&t.Support)
		case "partner":
			return 1 << 3, p.setStr(&t.Partner)
		}
		return 0, false
	})
}

func (p *entryParser) person(x *model.Person) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&x.ID)
		case "account_id":
			return 1 << 1, p.setStr(&x.AccountID)
		case "name":
			return 1 << 2, p.setStr(&x.Name)
		case "title":
			return 1 << 3, p.setStr(&x.Title)
		case "email":
			return 1 << 4, p.setStr(&x.Email)
		case "phone":
			return 1 << 5, p.setStr(&x.Phone)
		case "department":
			return 1 << 6, p.setStr(&x.Department)
		case "reports_to":
			return 1 << 7, p.setStr(&x.ReportsTo)
		case "dotted_line":
			return 1 << 8, p.setStrings(&x.DottedLine)
		case "roles":
			return 1 << 9, kinds(p, &x.Roles)
		case "influence":
			return 1 << 10, setKind(p, &x.Influence)
		case "sentiment":
			return 1 << 11, setKind(p, &x.Sentiment)
		case "power":
			return 1 << 12, setKind(p, &x.Power)
		case "adkar":
			return 1 << 13, setKind(p, &x.ADKAR)
		case "status":
			return 1 << 14, setKind(p, &x.Status)
		case "left_on":
			return 1 << 15, p.setDate(&x.LeftOn)
		case "notes":
			return 1 << 16, p.setStr(&x.Notes)
		case "custom":
			return 1 << 17, p.stringMap(&x.Custom)
		case "created":
			return 1 << 18, p.setTime(&x.Created)
		case "updated":
			return 1 << 19, p.setTime(&x.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) edge(e *model.InfluenceEdge) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&e.ID)
		case "account_id":
			return 1 << 1, p.setStr(&e.AccountID)
		case "from":
			return 1 << 2, p.setStr(&e.From)
		case "to":
			return 1 << 3, p.setStr(&e.To)
		case "strength":
			return 1 << 4, setKind(p, &e.Strength)
		case "sentiment":
			return 1 << 5, setKind(p, &e.Sentiment)
		case "note":
			return 1 << 6, p.setStr(&e.Note)
		case "created":
			return 1 << 7, p.setTime(&e.Created)
		case "updated":
			return 1 << 8, p.setTime(&e.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) plan(x *model.SuccessPlan) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&x.ID)
		case "account_id":
			return 1 << 1, p.setStr(&x.AccountID)
		case "title":
			return 1 << 2, p.setStr(&x.Title)
		case "scope":
			return 1 << 3, setKind(p, &x.Scope)
		case "scope_name":
			return 1 << 4, p.setStr(&x.ScopeName)
		case "status":
			return 1 << 5, setKind(p, &x.Status)
		case "intent":
			return 1 << 6, p.intent(&x.Intent)
		case "objectives":
			return 1 << 7, into(p, &x.Objectives, (*entryParser).objective)
		case "tasks":
			return 1 << 8, into(p, &x.Tasks, (*entryParser).task)
		case "achievements":
			return 1 << 9, into(p, &x.Achievements, (*entryParser).achievement)
		case "readiness":
			return 1 << 10, into(p, &x.Readiness, (*entryParser).pillarScore)
		case "created":
			return 1 << 11, p.setTime(&x.Created)
		case "updated":
			return 1 << 12, p.setTime(&x.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) intent(in *model.Intent) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "why_bought":
			return 1 << 0, p.setStr(&in.WhyBought)
		case "success":
			return 1 << 1, p.setStr(&in.Success)
		case "measured":
			return 1 << 2, p.setStr(&in.Measured)
		case "adoption_means":
			return 1 << 3, p.setStr(&in.AdoptionMeans)
		}
		return 0, false
	})
}

func (p *entryParser) objective(o *model.Objective) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&o.ID)
		case "title":
			return 1 << 1, p.setStr(&o.Title)
		case "metric":
			return 1 << 2, p.metric(&o.Metric)
		case "status":
			return 1 << 3, setKind(p, &o.Status)
		case "due":
			return 1 << 4, p.setDate(&o.Due)
		case "history":
			return 1 << 5, into(p, &o.History, (*entryParser).reading)
		}
		return 0, false
	})
}

func (p *entryParser) reading(r *model.Reading) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "on":
			return 1 << 0, p.setDate(&r.On)
		case "value":
			return 1 << 1, p.setFloat(&r.Value)
		}
		return 0, false
	})
}

func (p *entryParser) metric(m *model.Metric) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "name":
			return 1 << 0, p.setStr(&m.Name)
		case "unit":
			return 1 << 1, p.setStr(&m.Unit)
		case "baseline":
			return 1 << 2, p.setFloat(&m.Baseline)
		case "target":
			return 1 << 3, p.setFloat(&m.Target)
		case "current":
			return 1 << 4, p.setFloat(&m.Current)
		}
		return 0, false
	})
}

func (p *entryParser) task(t *model.Task) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&t.ID)
		case "title":
			return 1 << 1, p.setStr(&t.Title)
		case "owner":
			return 1 << 2, p.setStr(&t.Owner)
		case "due":
			return 1 << 3, p.setDate(&t.Due)
		case "state":
			return 1 << 4, setKind(p, &t.State)
		case "note":
			return 1 << 5, p.setStr(&t.Note)
		case "done_on":
			return 1 << 6, p.setDate(&t.DoneOn)
		case "done_by":
			return 1 << 7, p.setStr(&t.DoneBy)
		}
		return 0, false
	})
}

func (p *entryParser) achievement(a *model.Achievement) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&a.ID)
		case "when":
			return 1 << 1, p.setDate(&a.When)
		case "title":
			return 1 << 2, p.setStr(&a.Title)
		case "note":
			return 1 << 3, p.setStr(&a.Note)
		}
		return 0, false
	})
}

func (p *entryParser) pillarScore(s *model.PillarScore) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "pillar":
			return 1 << 0, setKind(p, &s.Pillar)
		case "current":
			return 1 << 1, p.setInt(&s.Current)
		case "target":
			return 1 << 2, p.setInt(&s.Target)
		}
		return 0, false
	})
}

func (p *entryParser) commitment(c *model.Commitment) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&c.ID)
		case "account_id":
			return 1 << 1, p.setStr(&c.AccountID)
		case "what":
			return 1 << 2, p.setStr(&c.What)
		case "to":
			return 1 << 3, p.setStr(&c.To)
		case "due":
			return 1 << 4, p.setDate(&c.Due)
		case "measure":
			return 1 << 5, p.setStr(&c.Measure)
		case "kano":
			return 1 << 6, setKind(p, &c.Kano)
		case "status":
			return 1 << 7, setKind(p, &c.Status)
		case "created":
			return 1 << 8, p.setTime(&c.Created)
		case "updated":
			return 1 << 9, p.setTime(&c.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) risk(r *model.Risk) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&r.ID)
		case "account_id":
			return 1 << 1, p.setStr(&r.AccountID)
		case "title":
			return 1 << 2, p.setStr(&r.Title)
		case "severity":
			return 1 << 3, setKind(p, &r.Severity)
		case "description":
			return 1 << 4, p.setStr(&r.Description)
		case "mitigation":
			return 1 << 5, p.setStr(&r.Mitigation)
		case "status":
			return 1 << 6, setKind(p, &r.Status)
		case "created":
			return 1 << 7, p.setTime(&r.Created)
		case "updated":
			return 1 << 8, p.setTime(&r.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) checklist(c *model.Checklist) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&c.ID)
		case "account_id":
			return 1 << 1, p.setStr(&c.AccountID)
		case "playbook":
			return 1 << 2, p.setStr(&c.Playbook)
		case "title":
			return 1 << 3, p.setStr(&c.Title)
		case "applied":
			return 1 << 4, p.setDate(&c.Applied)
		case "anchor_kind":
			return 1 << 5, setKind(p, &c.AnchorKind)
		case "anchor":
			return 1 << 6, p.setDate(&c.Anchor)
		case "steps":
			return 1 << 7, into(p, &c.Steps, (*entryParser).step)
		case "created":
			return 1 << 8, p.setTime(&c.Created)
		case "updated":
			return 1 << 9, p.setTime(&c.Updated)
		}
		return 0, false
	})
}

func (p *entryParser) step(s *model.Step) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&s.ID)
		case "title":
			return 1 << 1, p.setStr(&s.Title)
		case "detail":
			return 1 << 2, p.setStr(&s.Detail)
		case "due":
			return 1 << 3, p.setDate(&s.Due)
		case "state":
			return 1 << 4, setKind(p, &s.State)
		case "note":
			return 1 << 5, p.setStr(&s.Note)
		case "done_on":
			return 1 << 6, p.setDate(&s.DoneOn)
		case "done_by":
			return 1 << 7, p.setStr(&s.DoneBy)
		case "email":
			// A pointer: encoding/json makes a new template for the
			// object (null, which sets it nil, is declined).
			s.Email = new(model.EmailTemplate)
			return 1 << 8, p.email(s.Email)
		}
		return 0, false
	})
}

func (p *entryParser) email(e *model.EmailTemplate) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "subject":
			return 1 << 0, p.setStr(&e.Subject)
		case "body":
			return 1 << 1, p.setStr(&e.Body)
		}
		return 0, false
	})
}

func (p *entryParser) handoff(h *model.Handoff) bool {
	return p.object(func(key []byte) (uint64, bool) {
		switch string(key) {
		case "id":
			return 1 << 0, p.setStr(&h.ID)
		case "account_id":
			return 1 << 1, p.setStr(&h.AccountID)
		case "from":
			return 1 << 2, p.setStr(&h.From)
		case "to":
			return 1 << 3, p.setStr(&h.To)
		case "when":
			return 1 << 4, p.setTime(&h.When)
		case "status":
			return 1 << 5, setKind(p, &h.Status)
		case "note":
			return 1 << 6, p.setStr(&h.Note)
		}
		return 0, false
	})
}
