package contacts

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"bob/model"
)

// Outcome is what an import does with one card.
type Outcome string

// The outcomes of a card.
const (
	New       Outcome = "new"
	Changed   Outcome = "changed"
	Unchanged Outcome = "unchanged"
	Duplicate Outcome = "duplicate"
)

// Step is one card's part of an import: the person as they will be, and
// what changes.
type Step struct {
	Contact Contact
	Outcome Outcome
	Person  model.Person
	// Fields are the fields a changed person gets from the card.
	Fields []string
	// Note explains the outcome where it needs it ("no name: named after
	// the email", "same person as the card on line 3").
	Note string
}

// Plan is an import worked out before anything is written.
type Plan struct {
	Steps []Step
}

// Count returns how many cards have the outcome.
func (p Plan) Count(o Outcome) int {
	n := 0
	for _, s := range p.Steps {
		if s.Outcome == o {
			n++
		}
	}
	return n
}

// People returns the people to write: the new and the changed.
func (p Plan) People() []model.Person {
	var out []model.Person
	for _, s := range p.Steps {
		if s.Outcome == New || s.Outcome == Changed {
			out = append(out, s.Person)
		}
	}
	return out
}

// PlanImport matches the cards with the account's people (by bob's own
// UID, then email, then name, ignoring case) and works out who is new and
// who changes. A card never blanks a field: only what the card has is
// taken. Managers are found among the account's people and the file's
// cards. Every resulting person is validated (control characters, sizes),
// and reports-to loops are refused, so an error here names the card's line
// and nothing is written.
func PlanImport(accountID string, existing []model.Person, cards []Contact, now time.Time) (Plan, error) {
	b := newRoster(existing)
	var plan Plan
	for _, c := range cards {
		s, i, err := b.take(accountID, c, now)
		if err != nil {
			return Plan{}, err
		}
		plan.Steps = append(plan.Steps, s)
		b.at = append(b.at, i)
	}
	// Managers, once every card has its person.
	for k := range plan.Steps {
		b.link(&plan.Steps[k], b.at[k])
	}
	if err := b.settle(plan.Steps); err != nil {
		return Plan{}, err
	}
	if err := b.loops(); err != nil {
		return Plan{}, err
	}
	return plan, nil
}

// roster is the account's people as PlanImport works on them: the existing
// ones, then those the cards add, found by ID, email, name and card UID.
type roster struct {
	all []model.Person
	// Emails and names are looked up by key, not by a walk over everyone:
	// a walk per card made a 30,000-card export take minutes.
	byID            map[string]int
	byEmail, byName keyIndex
	uidTo           map[string]int
	claimed         map[int]int // index in all -> line of the card that took it
	at              []int       // per step: its person's index in all
}

func newRoster(existing []model.Person) *roster {
	b := &roster{all: append([]model.Person(nil), existing...), byID: map[string]int{},
		byEmail: keyIndex{}, byName: keyIndex{}, uidTo: map[string]int{}, claimed: map[int]int{}}
	for i, p := range b.all {
		b.byID[p.ID] = i
		b.byEmail.add(p.Email, i)
		b.byName.add(p.Name, i)
	}
	return b
}

// find returns the index of the first person under key that match
// accepts, or -1.
func (b *roster) find(idx keyIndex, key string, match func(model.Person) bool) int {
	for _, i := range idx[foldKey(key)] {
		if match(b.all[i]) {
			return i
		}
	}
	return -1
}

// match finds the card's person: by bob's own UID, then email, then name,
// ignoring case; -1 when the card is someone new.
func (b *roster) match(c Contact) int {
	if id := personOfUID(c.UID); id != "" {
		if j, ok := b.byID[id]; ok {
			return j
		}
	}
	i := -1
	if c.Email != "" {
		i = b.find(b.byEmail, c.Email, func(p model.Person) bool { return strings.EqualFold(p.Email, c.Email) })
	}
	if i < 0 && c.Name != "" {
		i = b.find(b.byName, c.Name, func(p model.Person) bool { return strings.EqualFold(strings.TrimSpace(p.Name), c.Name) })
	}
	return i
}

// take finds or adds the card's person and applies the card to them; it
// returns the step and the person's index.
func (b *roster) take(accountID string, c Contact, now time.Time) (Step, int, error) {
	s := Step{Contact: c}
	i := b.match(c)
	if line, ok := b.claimed[i]; ok && i >= 0 {
		s.Outcome, s.Person = Duplicate, b.all[i]
		s.Note = fmt.Sprintf("same person as the card on line %d: skipped", line)
		return s, i, nil
	}
	if c.Name == "" {
		return Step{}, -1, &SyntaxError{c.Line, "the card has no name and no email: give it an FN line"}
	}
	if i < 0 {
		id := model.NewIDAt(now)
		if own := personOfUID(c.UID); own != "" && model.ValidID(own) {
			id = own // a card bob wrote: keep its ID so the tree comes back
		}
		b.all = append(b.all, model.Person{ID: id, AccountID: accountID, Name: c.Name, Status: model.PersonActive})
		i = len(b.all) - 1
		b.byID[id] = i
		b.byName.add(c.Name, i)
		s.Outcome = New
	}
	b.claimed[i] = c.Line
	if c.UID != "" {
		b.uidTo[c.UID] = i
	}
	if c.NamedFromEmail {
		s.Note = "no name in the card: named after the email"
	}
	oldEmail, oldName := b.all[i].Email, b.all[i].Name
	s.Fields = apply(&b.all[i], c)
	b.byEmail.move(oldEmail, b.all[i].Email, i)
	b.byName.move(oldName, b.all[i].Name, i)
	return s, i, nil
}

// link sets the manager and the dotted lines the step's card names, found
// among the account's people and the file's cards.
func (b *roster) link(s *Step, i int) {
	if s.Outcome == Duplicate {
		return
	}
	p := &b.all[i]
	boss := -1
	if j, ok := b.uidTo[s.Contact.ManagerUID]; ok && s.Contact.ManagerUID != "" {
		boss = j
	} else if j, ok := b.byID[personOfUID(s.Contact.ManagerUID)]; ok {
		boss = j
	} else if n := s.Contact.ManagerName; n != "" {
		boss = b.find(b.byName, n, func(x model.Person) bool { return strings.EqualFold(x.Name, n) })
	}
	if boss >= 0 && boss != i && b.all[boss].ID != p.ReportsTo {
		p.ReportsTo = b.all[boss].ID
		s.Fields = append(s.Fields, "reports to")
	}
	for _, uid := range s.Contact.DottedLineUIDs {
		j, ok := b.uidTo[uid]
		if !ok {
			j, ok = b.byID[personOfUID(uid)]
		}
		if ok && j != i && !slices.Contains(p.DottedLine, b.all[j].ID) {
			p.DottedLine = append(p.DottedLine, b.all[j].ID)
			s.Fields = append(s.Fields, "dotted line")
		}
	}
}

// settle gives each step its person as the cards left them, says whether
// they changed, and validates them.
func (b *roster) settle(steps []Step) error {
	for k := range steps {
		s := &steps[k]
		if s.Outcome == Duplicate {
			continue
		}
		s.Person = b.all[b.at[k]]
		switch {
		case s.Outcome == New:
		case len(s.Fields) > 0:
			s.Outcome = Changed
		default:
			s.Outcome = Unchanged
		}
		if err := s.Person.Validate(); err != nil {
			return &SyntaxError{s.Contact.Line, fmt.Sprintf("the card of %q cannot be taken: %v", s.Contact.Name, err)}
		}
	}
	return nil
}

// loops refuses managers that make a reports-to loop.
func (b *roster) loops() error {
	if cyc := model.ReportsToCycle(b.all); cyc != nil {
		names := make([]string, len(cyc))
		for i, id := range cyc {
			names[i] = b.all[b.byID[id]].Name
		}
		return fmt.Errorf("the file's managers make a loop through %s: fix the manager lines of those cards", strings.Join(names, ", "))
	}
	return nil
}

// apply copies what the card has onto p and names each field it changed.
func apply(p *model.Person, c Contact) []string {
	var changed []string
	set := func(field string, dst *string, v string) {
		v = strings.TrimSpace(v)
		if v != "" && v != *dst {
			*dst = v
			changed = append(changed, field)
		}
	}
	if p.Name != c.Name && !c.NamedFromEmail {
		set("name", &p.Name, c.Name)
	}
	set("title", &p.Title, c.Title)
	set("department", &p.Department, c.Department)
	if !strings.EqualFold(p.Email, c.Email) {
		set("email", &p.Email, c.Email)
	}
	set("phone", &p.Phone, c.Phone)
	set("notes", &p.Notes, c.Note)
	for _, r := range c.Roles {
		role := model.Role(r)
		if slices.Contains(model.Roles, role) && !p.HasRole(role) {
			p.Roles = append(p.Roles, role)
			if !slices.Contains(changed, "roles") {
				changed = append(changed, "roles")
			}
		}
	}
	return changed
}

// keyIndex finds people by email or name: the folded key to the indexes
// in the people list of those who have it, in order, so the first match
// is the one a walk over the list would find.
type keyIndex map[string][]int

// foldKey is the key of an email or a name: matching ignores case and
// outer spaces (the match functions make the exact comparison).
func foldKey(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func (x keyIndex) add(key string, i int) {
	k := foldKey(key)
	if k == "" {
		return
	}
	list := x[k]
	at, _ := slices.BinarySearch(list, i)
	if at < len(list) && list[at] == i {
		return
	}
	x[k] = slices.Insert(list, at, i)
}

// move re-files person i whose key changed from old to new.
func (x keyIndex) move(old, new string, i int) {
	if foldKey(old) == foldKey(new) {
		return
	}
	if k := foldKey(old); k != "" {
		x[k] = slices.DeleteFunc(x[k], func(j int) bool { return j == i })
	}
	x.add(new, i)
}
