package csvbook

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"bob/model"
	"bob/store"
)

// Options are the choices of one import.
type Options struct {
	Kind Kind
	// Map overrides the automatic mapping: column header -> field name
	// (or CustomField, SkipField).
	Map map[string]string
	// Update lets rows that match a record in the book update it; without
	// it such a row is bad, so that an import never duplicates.
	Update bool
	// Currency is used for amounts that name none.
	Currency string
	// DateOrder reads dates like 03/04/2027 when the file does not settle it.
	DateOrder DateOrder
}

// Action is what an import does with a good row.
type Action string

// The actions.
const (
	ActionNew       Action = "new"
	ActionUpdate    Action = "update"
	ActionUnchanged Action = "unchanged"
)

// AccountRow is an account as the import will store it.
type AccountRow struct {
	Line    int
	Action  Action
	Account model.Account
}

// PersonRow is a person as the import will store it, with the names the
// preview shows.
type PersonRow struct {
	Line        int
	Action      Action
	Person      model.Person
	AccountName string
	ManagerName string
}

// BadRow is a row that cannot be imported, and why.
type BadRow struct {
	Line   int
	Fields []string
	Reason string
}

// Plan is everything an import would do, worked out without writing: the
// mapping, the rows as they would be stored, the bad rows and warnings.
// The preview shows it; Apply carries it out.
type Plan struct {
	Options  Options
	Table    *Table
	Columns  []Column
	Accounts []AccountRow
	People   []PersonRow
	Bad      []BadRow
	Warnings []string
	// DateOrder is the order numeric dates were read in.
	DateOrder DateOrder
	// AmbiguousDate is a date the file leaves ambiguous, when no order was
	// chosen: the import must ask (--date-order) before it can go on.
	AmbiguousDate string
}

// Counts returns how many rows are new, updated, unchanged and bad.
func (p *Plan) Counts() (created, updated, unchanged, bad int) {
	count := func(a Action) {
		switch a {
		case ActionNew:
			created++
		case ActionUpdate:
			updated++
		case ActionUnchanged:
			unchanged++
		}
	}
	for _, r := range p.Accounts {
		count(r.Action)
	}
	for _, r := range p.People {
		count(r.Action)
	}
	return created, updated, unchanged, len(p.Bad)
}

// Book is what planning reads from the book; *store.Store has it.
type Book interface {
	Summaries() ([]model.AccountSummary, error)
	Account(id string) (model.Account, error)
	People(accountID string) ([]model.Person, error)
}

var _ Book = (*store.Store)(nil)

// Prepare works out an import of t into the book: maps the columns,
// settles the date order, reads every row, matches it to the book and
// (for people) builds the org chart. It writes nothing.
func Prepare(book Book, t *Table, opts Options) (*Plan, error) {
	cols, err := MapColumns(opts.Kind, t.Header, opts.Map)
	if err != nil {
		return nil, err
	}
	p := &Plan{Options: opts, Table: t, Columns: cols}
	p.markEmptyColumns()
	p.keepForeignIDs()
	p.settleDateOrder()
	sums, err := book.Summaries()
	if err != nil {
		return nil, fmt.Errorf("read the book: %w", err)
	}
	pr := parser{currency: opts.Currency, order: p.DateOrder}
	if opts.Kind == People {
		err = p.preparePeople(book, sums, pr)
	} else {
		err = p.prepareAccounts(book, sums, pr)
	}
	if err != nil {
		return nil, err
	}
	sort.SliceStable(p.Bad, func(i, j int) bool { return p.Bad[i].Line < p.Bad[j].Line })
	return p, nil
}

func (p *Plan) markEmptyColumns() {
	for i, c := range p.Columns {
		empty := true
		for _, r := range p.Table.Rows {
			if c.Index < len(r.Fields) && strings.TrimSpace(r.Fields[c.Index]) != "" {
				empty = false
				break
			}
		}
		if empty && !c.Skipped {
			p.Columns[i].Why = "empty in every row"
		}
	}
}

// keepForeignIDs turns an ID column that holds another system's IDs (a
// Salesforce or HubSpot record ID) into a custom field: they cannot match
// bob's records, and they are worth keeping to find the record there.
func (p *Plan) keepForeignIDs() {
	for i, c := range p.Columns {
		if c.ByUser || (c.Field != "id" && c.Field != "account_id") {
			continue
		}
		foreign := false
		for _, r := range p.Table.Rows {
			if c.Index < len(r.Fields) {
				if v := strings.TrimSpace(r.Fields[c.Index]); v != "" && !model.ValidID(v) {
					foreign = true
					break
				}
			}
		}
		if foreign {
			p.Columns[i].Field = ""
			p.Columns[i].Why = "not bob IDs"
		}
	}
}

// settleDateOrder reads the order from the file's own dates, then from
// the options; a date left ambiguous is recorded for the caller to ask.
func (p *Plan) settleDateOrder() {
	var values []string
	for _, c := range p.Columns {
		if c.Field != "renewal" && c.Field != "contract_start" {
			continue
		}
		for _, r := range p.Table.Rows {
			if c.Index < len(r.Fields) {
				values = append(values, r.Fields[c.Index])
			}
		}
	}
	order, err := DateOrderOf(values)
	if err != nil {
		p.Warnings = append(p.Warnings, err.Error())
	}
	if p.Options.DateOrder != OrderUnknown {
		order = p.Options.DateOrder
	}
	p.DateOrder = order
	if order == OrderUnknown {
		for _, v := range values {
			var amb *AmbiguousDateError
			if _, err := ParseDate(v, OrderUnknown); errors.As(err, &amb) {
				p.AmbiguousDate = strings.TrimSpace(v)
				return
			}
		}
	}
}

func (p *Plan) bad(r Row, format string, args ...any) {
	p.Bad = append(p.Bad, BadRow{Line: r.Line, Fields: r.Fields, Reason: fmt.Sprintf(format, args...)})
}

func (p *Plan) warner(line int) func(string) {
	return func(s string) { p.Warnings = append(p.Warnings, fmt.Sprintf("line %d: %s", line, s)) }
}

// refuseExtra refuses a row with more values than the header has
// columns, and reports whether it did.
func (p *Plan) refuseExtra(r Row) bool {
	n := len(p.Table.Header)
	for _, f := range r.Fields[min(n, len(r.Fields)):] {
		if strings.TrimSpace(f) != "" {
			p.bad(r, "has %d values but the header has %d columns (a separator inside an unquoted value?)", len(r.Fields), n)
			return true
		}
	}
	return false
}

// indexBook finds the book's accounts by ID, by name (any case) and by
// domain (without "www."); a name or domain may be shared.
func indexBook(sums []model.AccountSummary) (byID map[string]model.AccountSummary, byName, byDomain map[string][]model.AccountSummary) {
	byID = map[string]model.AccountSummary{}
	byName = map[string][]model.AccountSummary{}
	byDomain = map[string][]model.AccountSummary{}
	for _, s := range sums {
		byID[s.ID] = s
		byName[strings.ToLower(s.Name)] = append(byName[strings.ToLower(s.Name)], s)
		if s.Domain != "" {
			byDomain[matchDomain(s.Domain)] = append(byDomain[matchDomain(s.Domain)], s)
		}
	}
	return byID, byName, byDomain
}

func (p *Plan) prepareAccounts(book Book, sums []model.AccountSummary, pr parser) error {
	byID, byName, byDomain := indexBook(sums)
	seen := map[string]int{} // matched ID, domain or name -> line
	for _, r := range p.Table.Rows {
		if p.refuseExtra(r) {
			continue
		}
		rv := valuesOf(p.Columns, r.Fields)
		name := rv.fields["name"]
		var match *model.AccountSummary
		how := ""
		if id := rv.fields["id"]; id != "" {
			if s, ok := byID[id]; ok {
				match, how = &s, "ID"
			}
		}
		if d := matchDomain(bareDomain(rv.fields["domain"])); match == nil && d != "" && len(byDomain[d]) == 1 {
			match, how = &byDomain[d][0], "domain"
		}
		if ms := byName[strings.ToLower(name)]; match == nil && name != "" && len(ms) == 1 {
			match, how = &ms[0], "name"
		} else if match == nil && len(ms) > 1 {
			p.bad(r, "%d accounts in the book are called %q: add an ID or domain column to say which", len(ms), name)
			continue
		}
		var a model.Account
		action := ActionNew
		if match != nil {
			if !p.Options.Update {
				p.bad(r, "%q is already in the book (same %s): import with --update to update it", match.Name, how)
				continue
			}
			var err error
			if a, err = book.Account(match.ID); err != nil {
				return fmt.Errorf("read account %s: %w", match.ID, err)
			}
			action = ActionUpdate
		} else if id := rv.fields["id"]; model.ValidID(id) {
			a.ID = id
		}
		before := cloneAccount(a)
		if err := pr.applyAccount(&a, rv, p.warner(r.Line)); err != nil {
			p.bad(r, "%v", err)
			continue
		}
		if strings.TrimSpace(a.Name) == "" {
			p.bad(r, "has no account name (map the name column with --map \"Column=name\")")
			continue
		}
		key := strings.ToLower(a.Name)
		if a.ID != "" {
			key = a.ID
		}
		if prev, ok := seen[key]; ok {
			p.bad(r, "is the same account as line %d", prev)
			continue
		}
		seen[key] = r.Line
		if a.ID == "" {
			a.ID = model.NewID()
		}
		if err := a.Validate(); err != nil {
			p.bad(r, "%v", err)
			continue
		}
		if action == ActionUpdate && reflect.DeepEqual(before, a) {
			action = ActionUnchanged
		}
		p.Accounts = append(p.Accounts, AccountRow{Line: r.Line, Action: action, Account: a})
	}
	return nil
}

func cloneAccount(a model.Account) model.Account {
	b := a
	b.Tags = append([]string(nil), a.Tags...)
	b.Products = append([]string(nil), a.Products...)
	b.Custom = mergeCustom(nil, a.Custom)
	if len(a.Tags) == 0 {
		b.Tags = a.Tags
	}
	if len(a.Products) == 0 {
		b.Products = a.Products
	}
	if len(a.Custom) == 0 {
		b.Custom = a.Custom
	}
	return b
}

// samePerson compares people as stored, ignoring nil against empty.
func samePerson(a, b model.Person) bool {
	norm := func(p model.Person) model.Person {
		if len(p.Roles) == 0 {
			p.Roles = nil
		}
		if len(p.DottedLine) == 0 {
			p.DottedLine = nil
		}
		if len(p.Custom) == 0 {
			p.Custom = nil
		}
		return p
	}
	return reflect.DeepEqual(norm(a), norm(b))
}

// pending is a person row being prepared, with its manager to resolve.
type pending struct {
	row     Row
	action  Action
	before  model.Person
	person  model.Person
	manager string // the Reports To value
	account model.AccountSummary
	header  string // the Reports To column
}

func (p *Plan) preparePeople(book Book, sums []model.AccountSummary, pr parser) error {
	accounts := newAccountIndex(sums, p.Columns)
	existing := map[string][]model.Person{}
	peopleOf := func(id string) ([]model.Person, error) {
		if ps, ok := existing[id]; ok {
			return ps, nil
		}
		ps, err := book.People(id)
		if err != nil {
			return nil, fmt.Errorf("read the people of account %s: %w", id, err)
		}
		existing[id] = ps
		return ps, nil
	}
	var rows []*pending
	seen := map[string]int{}
	for _, r := range p.Table.Rows {
		if p.refuseExtra(r) {
			continue
		}
		rv := valuesOf(p.Columns, r.Fields)
		acc, ok := p.accountOf(r, rv, accounts)
		if !ok {
			continue
		}
		people, err := peopleOf(acc.ID)
		if err != nil {
			return err
		}
		pe, ok := p.personOf(r, rv, acc, people, pr)
		if !ok {
			continue
		}
		key := pe.person.AccountID + "/" + pe.person.ID
		if prev, ok := seen[key]; ok {
			p.bad(r, "is the same person as line %d", prev)
			continue
		}
		seen[key] = r.Line
		rows = append(rows, pe)
	}
	p.settlePeople(rows, existing)
	return nil
}

// accountIndex finds the account a person row belongs to.
type accountIndex struct {
	byID             map[string]model.AccountSummary
	byName, byDomain map[string][]model.AccountSummary
	// hasColumn: the file has an Account or Account ID column.
	hasColumn bool
}

func newAccountIndex(sums []model.AccountSummary, cols []Column) accountIndex {
	var x accountIndex
	x.byID, x.byName, x.byDomain = indexBook(sums)
	for _, c := range cols {
		if c.Field == "account" || c.Field == "account_id" {
			x.hasColumn = true
		}
	}
	return x
}

// accountOf finds the row's account: by its ID, else its name, else (with
// no account named) the domain of the person's email. A row without one
// is a bad row, and ok is false.
func (p *Plan) accountOf(r Row, rv rowValues, x accountIndex) (acc model.AccountSummary, ok bool) {
	if id := rv.fields["account_id"]; id != "" {
		acc, ok = x.byID[id]
	}
	accName := rv.fields["account"]
	if !ok && accName != "" {
		switch ms := x.byName[strings.ToLower(accName)]; len(ms) {
		case 1:
			acc, ok = ms[0], true
		case 0:
		default:
			p.bad(r, "%d accounts in the book are called %q: add an Account ID column to say which", len(ms), accName)
			return model.AccountSummary{}, false
		}
	}
	if email := rv.fields["email"]; !ok && accName == "" && strings.Contains(email, "@") {
		if ms := x.byDomain[matchDomain(email[strings.LastIndex(email, "@")+1:])]; len(ms) == 1 {
			acc, ok = ms[0], true
		}
	}
	if !ok {
		switch {
		case accName != "":
			p.bad(r, "account %q is not in the book: import the accounts first (bob import-csv accounts)", accName)
		case !x.hasColumn:
			p.bad(r, "says nothing about its account: the file needs an Account or Company column (or --map \"Column=account\")")
		default:
			p.bad(r, "has no account")
		}
	}
	return acc, ok
}

// personOf makes the row's person: a new one, or (with --update) the
// account's person it matches, with the row's values applied. A row
// without a name, or matching someone without --update, is a bad row.
func (p *Plan) personOf(r Row, rv rowValues, acc model.AccountSummary, people []model.Person, pr parser) (*pending, bool) {
	var x model.Person
	incoming := model.Person{}
	pr.applyPerson(&incoming, rv, func(string) {})
	if strings.TrimSpace(incoming.Name) == "" && rv.fields["name"] == "" && rv.fields["first_name"] == "" && rv.fields["last_name"] == "" {
		p.bad(r, "has no name (map the name columns with --map \"Column=name\")")
		return nil, false
	}
	match := matchPerson(people, rv.fields["id"], rv.fields["email"], incoming.Name)
	action := ActionNew
	if match != nil {
		if !p.Options.Update {
			p.bad(r, "%s is already in %s: import with --update to update them", match.Name, acc.Name)
			return nil, false
		}
		x, action = *match, ActionUpdate
	} else {
		x.AccountID = acc.ID
		if id := rv.fields["id"]; model.ValidID(id) {
			x.ID = id
		} else {
			x.ID = model.NewID()
		}
	}
	before := x
	pr.applyPerson(&x, rv, p.warner(r.Line))
	x.Custom = mergeCustom(x.Custom, rv.custom)
	return &pending{row: r, action: action, before: before, person: x,
		manager: rv.fields["reports_to"], account: acc, header: rv.header["reports_to"]}, true
}

// settlePeople validates the rows, builds the org chart from the good
// ones and adds them to the plan.
func (p *Plan) settlePeople(rows []*pending, existing map[string][]model.Person) {
	// Validate before the org chart, so that a bad row is nobody's manager.
	good := rows[:0]
	for _, pe := range rows {
		if err := pe.person.Validate(); err != nil {
			p.bad(pe.row, "%v", err)
			continue
		}
		good = append(good, pe)
	}
	p.buildOrgChart(good, existing)
	for _, pe := range good {
		action := pe.action
		if action == ActionUpdate && samePerson(pe.before, pe.person) {
			action = ActionUnchanged
		}
		p.People = append(p.People, PersonRow{Line: pe.row.Line, Action: action, Person: pe.person,
			AccountName: pe.account.Name, ManagerName: pe.managerName(good, existing)})
	}
}

func matchPerson(people []model.Person, id, email, name string) *model.Person {
	for i := range people {
		if id != "" && people[i].ID == id {
			return &people[i]
		}
	}
	for i := range people {
		if email != "" && strings.EqualFold(people[i].Email, email) {
			return &people[i]
		}
	}
	for i := range people {
		if name != "" && strings.EqualFold(strings.TrimSpace(people[i].Name), strings.TrimSpace(name)) {
			return &people[i]
		}
	}
	return nil
}

// buildOrgChart resolves each Reports To value (an email or a name) to a
// person of the same account, from the file or the book, and breaks any
// reports-to loop with a warning that names the people on it.
func (p *Plan) buildOrgChart(rows []*pending, existing map[string][]model.Person) {
	byAccount := map[string][]model.Person{}
	for acc, ps := range existing {
		byAccount[acc] = append(byAccount[acc], ps...)
	}
	inFile := map[string]*pending{}
	for _, pe := range rows {
		inFile[pe.person.ID] = pe
		ps := byAccount[pe.person.AccountID]
		replaced := false
		for i := range ps {
			if ps[i].ID == pe.person.ID {
				ps[i], replaced = pe.person, true
			}
		}
		if !replaced {
			ps = append(ps, pe.person)
		}
		byAccount[pe.person.AccountID] = ps
	}
	for _, pe := range rows {
		if pe.manager != "" {
			p.resolveManager(pe, byAccount[pe.person.AccountID])
		}
	}
	p.breakLoops(rows, existing, inFile)
}

// resolveManager sets pe's manager to the one person among ps its Reports
// To names; a name that finds no one, several, or the person themselves
// is kept as a custom field, with a warning.
func (p *Plan) resolveManager(pe *pending, ps []model.Person) {
	warn := p.warner(pe.row.Line)
	var hits []model.Person
	for _, o := range ps {
		if strings.EqualFold(o.Email, pe.manager) && o.Email != "" {
			hits = []model.Person{o}
			break
		}
		if strings.EqualFold(strings.TrimSpace(o.Name), pe.manager) {
			hits = append(hits, o)
		}
	}
	keep := func(why string) {
		if pe.person.Custom == nil || pe.person.Custom[pe.header] != pe.manager {
			pe.person.Custom = mergeCustom(pe.person.Custom, map[string]string{pe.header: pe.manager})
		}
		warn(fmt.Sprintf("%s %q %s; kept as custom field %q", pe.header, pe.manager, why, pe.header))
	}
	switch {
	case len(hits) == 0:
		keep("is not a person of " + pe.account.Name)
	case len(hits) > 1:
		keep(fmt.Sprintf("matches %d people of %s", len(hits), pe.account.Name))
	case hits[0].ID == pe.person.ID:
		keep("is the person themselves")
	default:
		pe.person.ReportsTo = hits[0].ID
	}
}

// breakLoops breaks each reports-to loop at a person of the file, the
// last one on it in file order, with a warning. Only accounts the file
// touches can have a new loop.
func (p *Plan) breakLoops(rows []*pending, existing map[string][]model.Person, inFile map[string]*pending) {
	rowsOf := map[string][]*pending{}
	for _, pe := range rows {
		rowsOf[pe.person.AccountID] = append(rowsOf[pe.person.AccountID], pe)
	}
	for acc, accRows := range rowsOf {
		inBook := map[string]bool{}
		for _, o := range existing[acc] {
			inBook[o.ID] = true
		}
		for range len(accRows) {
			ps := make([]model.Person, 0, len(existing[acc])+len(accRows))
			for _, o := range existing[acc] {
				if pe, ok := inFile[o.ID]; ok {
					ps = append(ps, pe.person)
				} else {
					ps = append(ps, o)
				}
			}
			for _, pe := range accRows {
				if !inBook[pe.person.ID] {
					ps = append(ps, pe.person)
				}
			}
			cyc := model.ReportsToCycle(ps)
			if cyc == nil {
				break
			}
			var breakAt *pending
			names := make([]string, 0, len(cyc))
			for _, id := range cyc {
				for _, o := range ps {
					if o.ID == id {
						names = append(names, o.Name)
					}
				}
				if pe, ok := inFile[id]; ok && (breakAt == nil || pe.row.Line > breakAt.row.Line) {
					breakAt = pe
				}
			}
			if breakAt == nil { // a loop already in the book; not this import's to mend
				break
			}
			p.Warnings = append(p.Warnings, fmt.Sprintf("line %d: reports-to makes a loop through %s: %s's manager is left empty",
				breakAt.row.Line, strings.Join(names, ", "), breakAt.person.Name))
			breakAt.person.ReportsTo = ""
		}
	}
}

func (pe *pending) managerName(rows []*pending, existing map[string][]model.Person) string {
	id := pe.person.ReportsTo
	if id == "" {
		return ""
	}
	for _, o := range rows {
		if o.person.ID == id {
			return o.person.Name
		}
	}
	for _, o := range existing[pe.person.AccountID] {
		if o.ID == id {
			return o.Name
		}
	}
	return ""
}
