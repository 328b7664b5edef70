package handoff

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"bob/model"
)

// Merging a received account into the local one never loses a record:
// every list (people, influence edges, timeline, success plans and their
// objectives, tasks, achievements and readiness scores, commitments,
// risks, checklists and their steps, handoffs) is the union of both sides
// by ID. A record on both sides is compared field by field. Bundles carry
// no common ancestor, so a field that differs cannot be attributed to one
// side's edit: every difference is a conflict, listed in the report and
// settled by the Policy. Updated timestamps are shown to the user, never
// used to decide.

// Policy settles conflicts: which side's value a differing field takes.
type Policy string

// The conflict policies.
const (
	// PolicyKeep keeps the local value (the safe default).
	PolicyKeep Policy = "keep"
	// PolicyTheirs takes the incoming value.
	PolicyTheirs Policy = "theirs"
)

// ParsePolicy reads a policy as the user types it.
func ParsePolicy(s string) (Policy, error) {
	switch p := Policy(strings.ToLower(strings.TrimSpace(s))); p {
	case PolicyKeep, PolicyTheirs:
		return p, nil
	}
	return "", newErr(ErrBadInput, "", fmt.Sprintf("%q is not a conflict policy", s),
		`choose "keep" (your values win) or "theirs" (the bundle's values win)`, nil)
}

// Side is one side of a merge.
type Side string

// The sides of a merge.
const (
	SideLocal    Side = "local"
	SideIncoming Side = "incoming"
)

// Conflict is one field that differs between the local and the incoming
// version of the same record.
type Conflict struct {
	// Kind is the record's kind in the user's words: "account",
	// "stakeholder", "timeline entry", "objective", "step"...
	Kind string
	// ID is the record's ID (for a readiness score, its pillar).
	ID string
	// Label is the record's name or title, to show the user.
	Label string
	// Field is the JSON name of the field, dotted inside nested values
	// ("health", "metric.current", "intent.why_bought").
	Field string
	// Local and Incoming are the two values, written for people.
	Local, Incoming string
	// Winner is the side whose value the merged record has.
	Winner Side
	// LocalUpdated and IncomingUpdated are when each side last changed
	// the record (for a nested record, its parent), for display only.
	LocalUpdated, IncomingUpdated time.Time
}

// MergeStatus says what importing an account does.
type MergeStatus string

// What importing an account can do.
const (
	// StatusNew: the account is not in the local book; it is added.
	StatusNew MergeStatus = "new"
	// StatusExisting: the account is in the book and the bundle adds
	// records or differs in some fields.
	StatusExisting MergeStatus = "existing"
	// StatusUnchanged: the local account already holds everything the
	// bundle has, with the same values.
	StatusUnchanged MergeStatus = "unchanged"
)

// AccountMerge reports what merging one account did.
type AccountMerge struct {
	AccountID string
	Name      string
	Status    MergeStatus
	// Changed is true when the merged record differs from the local one,
	// that is when an import must write it. (With PolicyKeep, an account
	// whose only differences are conflicts is not changed.)
	Changed bool
	// Added counts the records the bundle adds, by kind ("stakeholder",
	// "timeline entry", "objective"...).
	Added map[string]int
	// Conflicts lists every field that differs, in record order. They are
	// also the field-level differences: with no common ancestor, every
	// difference is a conflict.
	Conflicts []Conflict
}

// AddedTotal counts every record the bundle adds to the account.
func (m AccountMerge) AddedTotal() int {
	n := 0
	for _, c := range m.Added {
		n += c
	}
	return n
}

// AddedWords describes the additions, e.g. "2 stakeholders, 1 timeline
// entry", or "" when there are none.
func (m AccountMerge) AddedWords() string {
	var parts []string
	for _, k := range kindOrder {
		if n := m.Added[k]; n > 0 {
			parts = append(parts, model.Plural(n, k))
		}
	}
	return strings.Join(parts, ", ")
}

// entity describes a record kind the merge matches by key.
type entity struct {
	kind string
	key  string // the name of the field that identifies it
}

var (
	timeType  = reflect.TypeOf(time.Time{})
	dateType  = reflect.TypeOf(model.Date{})
	moneyType = reflect.TypeOf(model.Money{})

	entities = map[reflect.Type]entity{
		reflect.TypeOf(model.Account{}):       {"account", "ID"},
		reflect.TypeOf(model.Person{}):        {"stakeholder", "ID"},
		reflect.TypeOf(model.InfluenceEdge{}): {"influence edge", "ID"},
		reflect.TypeOf(model.TimelineEntry{}): {"timeline entry", "ID"},
		reflect.TypeOf(model.SuccessPlan{}):   {"success plan", "ID"},
		reflect.TypeOf(model.Objective{}):     {"objective", "ID"},
		reflect.TypeOf(model.Task{}):          {"task", "ID"},
		reflect.TypeOf(model.Achievement{}):   {"achievement", "ID"},
		reflect.TypeOf(model.PillarScore{}):   {"readiness score", "Pillar"},
		reflect.TypeOf(model.Commitment{}):    {"commitment", "ID"},
		reflect.TypeOf(model.Risk{}):          {"risk", "ID"},
		reflect.TypeOf(model.Checklist{}):     {"checklist", "ID"},
		reflect.TypeOf(model.Step{}):          {"step", "ID"},
		reflect.TypeOf(model.Handoff{}):       {"handoff", "ID"},
	}
	// kindOrder is the order kinds are reported in.
	kindOrder = []string{"account", "stakeholder", "influence edge", "timeline entry", "success plan",
		"objective", "task", "achievement", "readiness score", "commitment", "risk", "checklist", "step", "handoff"}
)

// Merge merges incoming into local (nil when the account is new to the
// local book) and reports what it did. It is pure and idempotent: merging
// the same incoming record into the result again yields an identical
// record, and with PolicyTheirs no conflicts (with PolicyKeep the same
// conflicts are reported again, and again settled for the local side).
// Records keep their authors and timestamps; a merged record that differs
// from the local one gets the later of the two Updated times.
//
// Merge changes no list of local's or incoming's, and the merged record
// shares with them the lists it takes whole (for a new account, all of
// incoming's that are in canonical order): copy a list of it before
// changing it in place.
func Merge(local *model.AccountRecord, incoming model.AccountRecord, policy Policy) (model.AccountRecord, AccountMerge) {
	in := canonical(incoming)
	rep := AccountMerge{AccountID: in.Account.ID, Name: in.Account.Name, Added: map[string]int{}}
	if local == nil {
		rep.Status, rep.Changed = StatusNew, true
		countRecords(in, rep.Added)
		return in, rep
	}
	if policy != PolicyTheirs {
		policy = PolicyKeep
	}
	l := canonical(*local)
	m := &merger{policy: policy, rep: &rep}
	lv, iv := reflect.ValueOf(l), reflect.ValueOf(in)
	out := reflect.New(lv.Type()).Elem()
	out.Set(lv)
	m.fields(scope{}, "", out, lv, iv, "")
	merged := out.Interface().(model.AccountRecord).Canonical()
	rep.Name = merged.Account.Name
	rep.Changed = !equalValues(reflect.ValueOf(merged), lv)
	rep.Status = StatusExisting
	if len(rep.Conflicts) == 0 && rep.AddedTotal() == 0 {
		rep.Status = StatusUnchanged
	}
	return merged, rep
}

// countRecords counts everything a new account brings.
func countRecords(r model.AccountRecord, added map[string]int) {
	add := func(kind string, n int) {
		if n > 0 {
			added[kind] += n
		}
	}
	add("stakeholder", len(r.People))
	add("influence edge", len(r.Edges))
	add("timeline entry", len(r.Timeline))
	add("success plan", len(r.Plans))
	add("commitment", len(r.Commitments))
	add("risk", len(r.Risks))
	add("checklist", len(r.Checklists))
	add("handoff", len(r.Handoffs))
}

type merger struct {
	policy Policy
	rep    *AccountMerge
	// stack holds the records being merged, outermost first, so that a
	// nested record can show its parent's times.
	stack []scope
}

// scope is the record a conflict is reported against.
type scope struct {
	kind, id, label string
	lu, iu          time.Time
}

// entity merges two versions of one record.
func (m *merger) entity(t reflect.Type, l, in reflect.Value) reflect.Value {
	info := entities[t]
	out := reflect.New(t).Elem()
	out.Set(l)
	sc := scope{kind: info.kind, id: keyOf(l, info.key), label: labelOf(l)}
	sc.lu, sc.iu = updatedOf(l), updatedOf(in)
	if sc.lu.IsZero() && sc.iu.IsZero() {
		// A nested record (an objective, a step) shows its parent's times.
		sc.lu, sc.iu = m.parentTimes()
	}
	m.push(sc)
	m.fields(sc, "", out, l, in, info.key)
	m.pop()
	if upd := out.FieldByName("Updated"); upd.IsValid() && !equalValues(out, l) && updatedOf(in).After(updatedOf(l)) {
		upd.Set(in.FieldByName("Updated"))
	}
	return out
}

func (m *merger) push(sc scope) { m.stack = append(m.stack, sc) }
func (m *merger) pop()          { m.stack = m.stack[:len(m.stack)-1] }
func (m *merger) parentTimes() (time.Time, time.Time) {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if !m.stack[i].lu.IsZero() || !m.stack[i].iu.IsZero() {
			return m.stack[i].lu, m.stack[i].iu
		}
	}
	return time.Time{}, time.Time{}
}

// fields merges the fields of a struct into out (a settable copy of l).
// At the top of a record (prefix ""), its key and timestamps are skipped:
// the key matched it, and timestamps are not content.
func (m *merger) fields(sc scope, prefix string, out, l, in reflect.Value, key string) {
	t := out.Type()
	for k := 0; k < t.NumField(); k++ {
		f := t.Field(k)
		if !f.IsExported() {
			continue
		}
		if prefix == "" && (f.Name == key || f.Name == "Created" || f.Name == "Updated") {
			continue
		}
		name := prefix + jsonName(f)
		lf, inf, of := l.Field(k), in.Field(k), out.Field(k)
		ft := f.Type
		switch {
		case ft.Kind() == reflect.Slice && isEntity(ft.Elem()):
			of.Set(m.list(ft, lf, inf))
		case ft.Kind() == reflect.Struct && isEntity(ft):
			of.Set(m.entity(ft, lf, inf))
		case ft.Kind() == reflect.Struct && !isLeaf(ft):
			m.fields(sc, name+".", of, lf, inf, "")
		default:
			if equalValues(lf, inf) {
				continue
			}
			c := Conflict{Kind: sc.kind, ID: sc.id, Label: sc.label, Field: name,
				Local: display(lf), Incoming: display(inf), Winner: SideLocal,
				LocalUpdated: sc.lu, IncomingUpdated: sc.iu}
			if m.policy == PolicyTheirs {
				c.Winner = SideIncoming
				of.Set(inf)
			}
			m.rep.Conflicts = append(m.rep.Conflicts, c)
		}
	}
}

// list merges two lists of records by key: local records in their order
// (merged with their incoming version), then the incoming ones that are
// new, in theirs.
func (m *merger) list(t reflect.Type, l, in reflect.Value) reflect.Value {
	if in.Len() == 0 {
		return l
	}
	info := entities[t.Elem()]
	incoming := make(map[string]int, in.Len())
	for i := in.Len() - 1; i >= 0; i-- { // the first of duplicates wins
		incoming[keyOf(in.Index(i), info.key)] = i
	}
	out := reflect.MakeSlice(t, 0, l.Len()+in.Len())
	have := make(map[string]bool, l.Len())
	for i := 0; i < l.Len(); i++ {
		le := l.Index(i)
		k := keyOf(le, info.key)
		j, ok := incoming[k]
		if ok && !have[k] {
			le = m.entity(t.Elem(), le, in.Index(j))
		}
		have[k] = true
		out = reflect.Append(out, le)
	}
	for i := 0; i < in.Len(); i++ {
		ie := in.Index(i)
		k := keyOf(ie, info.key)
		if have[k] {
			continue
		}
		have[k] = true
		out = reflect.Append(out, ie)
		m.rep.Added[info.kind]++
	}
	return out
}

func isEntity(t reflect.Type) bool { _, ok := entities[t]; return ok }

// isLeaf reports whether a struct type is one value, compared whole.
func isLeaf(t reflect.Type) bool { return t == timeType || t == dateType || t == moneyType }

func keyOf(v reflect.Value, key string) string { return v.FieldByName(key).String() }

func labelOf(v reflect.Value) string {
	for _, f := range []string{"Name", "Title", "What", "Pillar"} {
		if x := v.FieldByName(f); x.IsValid() && x.Kind() == reflect.String && x.String() != "" {
			return x.String()
		}
	}
	return ""
}

func updatedOf(v reflect.Value) time.Time {
	if u := v.FieldByName("Updated"); u.IsValid() && u.Type() == timeType {
		return u.Interface().(time.Time)
	}
	return time.Time{}
}

func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" || name == "-" {
		return f.Name
	}
	return name
}

// equalValues compares two values of the same type as the user sees
// them: times by instant (not by zone), nil and empty lists alike.
func equalValues(a, b reflect.Value) bool {
	if a.Type() == timeType {
		return a.Interface().(time.Time).Equal(b.Interface().(time.Time))
	}
	switch a.Kind() {
	case reflect.Slice:
		if a.Len() != b.Len() {
			return false
		}
		for i := 0; i < a.Len(); i++ {
			if !equalValues(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Struct:
		for i := 0; i < a.NumField(); i++ {
			if !equalValues(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	case reflect.String:
		return a.String() == b.String()
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	}
	if a.CanInterface() && b.CanInterface() {
		return reflect.DeepEqual(a.Interface(), b.Interface())
	}
	return false
}

// display writes a field's value for people.
func display(v reflect.Value) string {
	switch v.Type() {
	case timeType:
		t := v.Interface().(time.Time)
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	case dateType:
		return v.Interface().(model.Date).String()
	case moneyType:
		return v.Interface().(model.Money).String()
	}
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		if v.Bool() {
			return "yes"
		}
		return "no"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return num(v.Float())
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			parts := make([]string, v.Len())
			for i := range parts {
				parts[i] = v.Index(i).String()
			}
			return strings.Join(parts, ", ")
		}
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return fmt.Sprint(v.Interface())
	}
	return string(b)
}
