package model

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// AgendaOptions sets the windows of an agenda. Zero fields take the
// defaults a CSM's day starts with.
type AgendaOptions struct {
	// Days is how far ahead due items are listed after today (default 7).
	Days int
	// RenewalDays is how far ahead renewals are listed (default 120).
	RenewalDays int
	// UntouchedDays: accounts with no external touch for this many days
	// are listed (default 30).
	UntouchedDays int
	// KeyPersonDays: sponsors and champions not touched for this many
	// days are listed (default 60).
	KeyPersonDays int
}

// The agenda's default windows.
const (
	AgendaDays          = 7
	AgendaRenewalDays   = 120
	AgendaUntouchedDays = 30
	AgendaKeyPersonDays = 60
)

func (o AgendaOptions) withDefaults() AgendaOptions {
	if o.Days <= 0 {
		o.Days = AgendaDays
	}
	if o.RenewalDays <= 0 {
		o.RenewalDays = AgendaRenewalDays
	}
	if o.UntouchedDays <= 0 {
		o.UntouchedDays = AgendaUntouchedDays
	}
	if o.KeyPersonDays <= 0 {
		o.KeyPersonDays = AgendaKeyPersonDays
	}
	return o
}

// AgendaDue is a due item with its account.
type AgendaDue struct {
	AccountID string `json:"account_id"`
	Account   string `json:"account"`
	DueItem
	// Days is how many days from today the item is due: negative when
	// overdue.
	Days int `json:"days"`
}

// AgendaRenewal is an account renewing soon.
type AgendaRenewal struct {
	AccountID        string `json:"account_id"`
	Account          string `json:"account"`
	Renewal          Date   `json:"renewal"`
	Days             int    `json:"days"`
	Health           Health `json:"health,omitempty"`
	ARR              Money  `json:"arr"`
	ActivePlan       bool   `json:"active_plan"`
	RenewalChecklist bool   `json:"renewal_checklist"`
}

// AgendaUntouched is an account nobody outside talked to lately.
type AgendaUntouched struct {
	AccountID string    `json:"account_id"`
	Account   string    `json:"account"`
	LastTouch time.Time `json:"last_touch,omitzero"`
	// Days since the last touch; -1 when never touched.
	Days int `json:"days"`
}

// AgendaPerson is a sponsor or champion not touched lately.
type AgendaPerson struct {
	AccountID string `json:"account_id"`
	Account   string `json:"account"`
	KeyPerson
	// Days since the last touch; -1 when never touched.
	Days int `json:"days"`
}

// AgendaRisk is an open high or critical risk with its account.
type AgendaRisk struct {
	AccountID string `json:"account_id"`
	Account   string `json:"account"`
	DueRisk
}

// AgendaTransition is one account in transition with its outgoing
// checklists' progress.
type AgendaTransition struct {
	AccountID  string               `json:"account_id"`
	Account    string               `json:"account"`
	Status     HandoffStatus        `json:"status,omitempty"`
	Checklists []TransitionProgress `json:"checklists,omitempty"`
}

// AgendaSuccessor groups the accounts in transition to one successor.
type AgendaSuccessor struct {
	// Successor is empty when no successor is named yet.
	Successor string             `json:"successor"`
	Accounts  []AgendaTransition `json:"accounts"`
}

// Agenda is what is due across the book on one day: the Today view, bob
// agenda and the calendar export all read it.
type Agenda struct {
	Today       Date              `json:"today"`
	Options     AgendaOptions     `json:"options"`
	Overdue     []AgendaDue       `json:"overdue"`
	DueToday    []AgendaDue       `json:"due_today"`
	Coming      []AgendaDue       `json:"coming"`
	Objectives  []AgendaDue       `json:"objectives_past_due"`
	Renewals    []AgendaRenewal   `json:"renewals"`
	Untouched   []AgendaUntouched `json:"untouched"`
	KeyPeople   []AgendaPerson    `json:"key_people"`
	Risks       []AgendaRisk      `json:"risks"`
	Transitions []AgendaSuccessor `json:"transitions"`
}

// Due returns the dated items of section s (overdue, due today, coming,
// objectives past due), and false for a section of another kind.
func (a Agenda) Due(s AgendaSection) ([]AgendaDue, bool) {
	switch s {
	case SectionOverdue:
		return a.Overdue, true
	case SectionToday:
		return a.DueToday, true
	case SectionComing:
		return a.Coming, true
	case SectionObjectives:
		return a.Objectives, true
	}
	return nil, false
}

// BuildAgenda draws the agenda from the account summaries and the
// due-item index (keyed by account ID) as of now, in now's time zone:
// "today" is the calendar day of now where the CSM is. Handed-off
// accounts are left out.
func BuildAgenda(sums []AccountSummary, due map[string]AccountDue, now time.Time, opts AgendaOptions) Agenda {
	o := opts.withDefaults()
	ag := Agenda{Today: DateOf(now), Options: o}
	// Rank the accounts by name once: sorting tens of thousands of rows
	// by comparing lower-cased names would redo that work every time.
	order := make([]int, len(sums))
	lower := make([]string, len(sums))
	for i, s := range sums {
		order[i], lower[i] = i, strings.ToLower(s.Name)
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := strings.Compare(lower[a], lower[b]); c != 0 {
			return c
		}
		return strings.Compare(sums[a].ID, sums[b].ID)
	})
	rank := make(map[string]int, len(sums))
	for r, i := range order {
		rank[sums[i].ID] = r
	}
	for _, s := range sums {
		if s.HandedOff() {
			continue
		}
		d := due[s.ID]
		for _, it := range d.Items {
			n := it.Due.DaysFrom(now)
			row := AgendaDue{AccountID: s.ID, Account: s.Name, DueItem: it, Days: n}
			switch {
			case it.Kind == DueObjective:
				// Objectives are long-running goals: only a missed one is
				// news, and it gets its own section so it never buries the
				// day's steps and tasks.
				if n < 0 {
					ag.Objectives = append(ag.Objectives, row)
				}
			case n < 0:
				ag.Overdue = append(ag.Overdue, row)
			case n == 0:
				ag.DueToday = append(ag.DueToday, row)
			case n <= o.Days:
				ag.Coming = append(ag.Coming, row)
			}
		}
		if !s.Renewal.IsZero() {
			if n := s.Renewal.DaysFrom(now); n >= 0 && n <= o.RenewalDays {
				ag.Renewals = append(ag.Renewals, AgendaRenewal{AccountID: s.ID, Account: s.Name, Renewal: s.Renewal,
					Days: n, Health: s.Health, ARR: s.ARR, ActivePlan: d.ActivePlan, RenewalChecklist: d.RenewalChecklist})
			}
		}
		if n := s.DaysSinceTouch(now); n < 0 || n >= o.UntouchedDays {
			ag.Untouched = append(ag.Untouched, AgendaUntouched{AccountID: s.ID, Account: s.Name, LastTouch: s.LastTouch, Days: n})
		}
		for _, p := range d.KeyPeople {
			if n := daysSince(p.LastTouch, now); n < 0 || n >= o.KeyPersonDays {
				ag.KeyPeople = append(ag.KeyPeople, AgendaPerson{AccountID: s.ID, Account: s.Name, KeyPerson: p, Days: n})
			}
		}
		for _, r := range d.Risks {
			ag.Risks = append(ag.Risks, AgendaRisk{AccountID: s.ID, Account: s.Name, DueRisk: r})
		}
		ag.addTransition(s, d)
	}
	ag.sort(rank)
	return ag
}

// addTransition lists the account under its successor if it is in
// transition: a handoff is being prepared, or an outgoing transition
// checklist is still open.
func (ag *Agenda) addTransition(s AccountSummary, d AccountDue) {
	open := false
	for _, c := range d.Outgoing {
		if c.Done < c.Total {
			open = true
		}
	}
	if s.Handoff != HandoffPreparing && !open {
		return
	}
	successor := ""
	if s.Handoff == HandoffPreparing {
		successor = s.HandoffTo
	}
	t := AgendaTransition{AccountID: s.ID, Account: s.Name, Status: s.Handoff, Checklists: d.Outgoing}
	for i := range ag.Transitions {
		if ag.Transitions[i].Successor == successor {
			ag.Transitions[i].Accounts = append(ag.Transitions[i].Accounts, t)
			return
		}
	}
	ag.Transitions = append(ag.Transitions, AgendaSuccessor{Successor: successor, Accounts: []AgendaTransition{t}})
}

func daysSince(t, now time.Time) int {
	if t.IsZero() {
		return -1
	}
	return -DateOf(t.In(now.Location())).DaysFrom(now)
}

func byName(a, b, aID, bID string) int {
	if c := strings.Compare(strings.ToLower(a), strings.ToLower(b)); c != 0 {
		return c
	}
	return strings.Compare(aID, bID)
}

// sort puts every section in its reading order: the most urgent first,
// ties by account name (rank holds each account's place by name) so the
// order never jumps between runs.
func (ag *Agenda) sort(rank map[string]int) {
	byAccount := func(aID, bID string) int { return cmp.Compare(rank[aID], rank[bID]) }
	// thenAccount breaks a tie of c (a section's own order) by account.
	thenAccount := func(c int, aID, bID string) int {
		if c != 0 {
			return c
		}
		return byAccount(aID, bID)
	}
	dueOrder := func(a, b AgendaDue) int {
		if c := thenAccount(cmp.Compare(a.Days, b.Days), a.AccountID, b.AccountID); c != 0 {
			return c
		}
		return compareDueItems(a.DueItem, b.DueItem)
	}
	slices.SortFunc(ag.Overdue, dueOrder)
	slices.SortFunc(ag.DueToday, dueOrder)
	slices.SortFunc(ag.Coming, dueOrder)
	slices.SortFunc(ag.Objectives, dueOrder)
	slices.SortFunc(ag.Renewals, func(a, b AgendaRenewal) int {
		return thenAccount(cmp.Compare(a.Days, b.Days), a.AccountID, b.AccountID)
	})
	// The longest untouched first; never touched is the longest ago of all.
	staler := func(a, b int) int {
		if a < 0 {
			a = int(^uint(0) >> 1)
		}
		if b < 0 {
			b = int(^uint(0) >> 1)
		}
		return cmp.Compare(b, a)
	}
	slices.SortFunc(ag.Untouched, func(a, b AgendaUntouched) int {
		return thenAccount(staler(a.Days, b.Days), a.AccountID, b.AccountID)
	})
	slices.SortFunc(ag.KeyPeople, func(a, b AgendaPerson) int {
		if c := thenAccount(staler(a.Days, b.Days), a.AccountID, b.AccountID); c != 0 {
			return c
		}
		return byName(a.Name, b.Name, a.ID, b.ID)
	})
	slices.SortFunc(ag.Risks, func(a, b AgendaRisk) int {
		if c := thenAccount(cmp.Compare(severityRank(b.Severity), severityRank(a.Severity)), a.AccountID, b.AccountID); c != 0 {
			return c
		}
		return byName(a.Title, b.Title, a.ID, b.ID)
	})
	// Named successors by name; the accounts with no successor yet last.
	slices.SortFunc(ag.Transitions, func(a, b AgendaSuccessor) int {
		switch {
		case a.Successor == "" && b.Successor != "":
			return 1
		case b.Successor == "" && a.Successor != "":
			return -1
		}
		return strings.Compare(strings.ToLower(a.Successor), strings.ToLower(b.Successor))
	})
	for _, g := range ag.Transitions {
		slices.SortFunc(g.Accounts, func(a, b AgendaTransition) int {
			return byAccount(a.AccountID, b.AccountID)
		})
	}
}

// AgendaSection names one section of the agenda, as every front end
// titles it.
type AgendaSection int

// The sections, in the order they are shown.
const (
	SectionOverdue AgendaSection = iota
	SectionToday
	SectionComing
	SectionObjectives
	SectionRenewals
	SectionUntouched
	SectionKeyPeople
	SectionRisks
	SectionTransitions
	SectionCount
)

// Title is the section's heading for the agenda's windows.
func (ag Agenda) Title(s AgendaSection) string {
	title, _ := ag.words(s)
	return title
}

// Empty is the one line a section shows when it has nothing.
func (ag Agenda) Empty(s AgendaSection) string {
	_, empty := ag.words(s)
	return empty
}

// words holds, section by section, the heading and the line shown in
// place of an empty list, so the two always speak of the same window.
func (ag Agenda) words(s AgendaSection) (title, empty string) {
	o := ag.Options.withDefaults()
	switch s {
	case SectionOverdue:
		return "Overdue", "Nothing overdue."
	case SectionToday:
		return "Due today", "Nothing due today."
	case SectionComing:
		days := Plural(o.Days, "day")
		return "Due in the next " + days, "Nothing due in the next " + days + "."
	case SectionObjectives:
		return "Objectives past due", "No objective is past its date."
	case SectionRenewals:
		return "Renewals in the next " + Plural(o.RenewalDays, "day"), "No renewal coming up."
	case SectionUntouched:
		return "No external touch in " + Plural(o.UntouchedDays, "day"), "Every account was touched lately."
	case SectionKeyPeople:
		return "Sponsors and champions not touched in " + Plural(o.KeyPersonDays, "day"), "Every sponsor and champion was touched lately."
	case SectionRisks:
		return "Open high and critical risks", "No open high or critical risk."
	case SectionTransitions:
		return "Accounts in transition", "No account is in transition."
	}
	return "", ""
}

// Count is how many rows the section lists (for transitions: accounts).
func (ag Agenda) Count(s AgendaSection) int {
	if items, ok := ag.Due(s); ok {
		return len(items)
	}
	switch s {
	case SectionRenewals:
		return len(ag.Renewals)
	case SectionUntouched:
		return len(ag.Untouched)
	case SectionKeyPeople:
		return len(ag.KeyPeople)
	case SectionRisks:
		return len(ag.Risks)
	case SectionTransitions:
		n := 0
		for _, g := range ag.Transitions {
			n += len(g.Accounts)
		}
		return n
	}
	return 0
}

// DueFilterKind is what a due filter on the account list looks for.
type DueFilterKind string

// The due filters: the account-level questions Today answers.
const (
	FilterNone      DueFilterKind = ""
	FilterOverdue   DueFilterKind = "overdue"   // an open step, task, commitment or objective is past its date
	FilterRenewal   DueFilterKind = "renewal"   // renews within Days days (not already past)
	FilterUntouched DueFilterKind = "untouched" // no external touch for Days days, or never
)

// DueFilter narrows the account list to what Today shows. The list and
// bob list both apply it.
type DueFilter struct {
	Kind DueFilterKind
	Days int
}

// ParseDueFilter reads a filter written as String writes it: "overdue",
// "renewal:90", "untouched:30"; "" is no filter.
func ParseDueFilter(s string) (DueFilter, error) {
	name, days, hasDays := strings.Cut(s, ":")
	f := DueFilter{Kind: DueFilterKind(name)}
	switch f.Kind {
	case FilterNone, FilterOverdue:
		if hasDays {
			return DueFilter{}, fmt.Errorf("%q takes no number of days", name)
		}
		return f, nil
	case FilterRenewal, FilterUntouched:
		n, err := strconv.Atoi(days)
		if err != nil || n < 0 {
			return DueFilter{}, fmt.Errorf("write %s:DAYS with a number of days, e.g. %s:30", name, name)
		}
		f.Days = n
		return f, nil
	}
	return DueFilter{}, fmt.Errorf("unknown filter %q: use overdue, renewal:DAYS or untouched:DAYS", s)
}

// String writes the filter as ParseDueFilter reads it.
func (f DueFilter) String() string {
	switch f.Kind {
	case FilterRenewal, FilterUntouched:
		return string(f.Kind) + ":" + strconv.Itoa(f.Days)
	}
	return string(f.Kind)
}

// Label says what the filter shows, for a screen's header.
func (f DueFilter) Label() string {
	switch f.Kind {
	case FilterOverdue:
		return "overdue items"
	case FilterRenewal:
		return "renewal within " + Plural(f.Days, "day")
	case FilterUntouched:
		return "untouched for " + Plural(f.Days, "day")
	}
	return "anything"
}

// Match reports whether the account passes the filter as of now, in now's
// time zone.
func (f DueFilter) Match(s AccountSummary, now time.Time) bool {
	switch f.Kind {
	case FilterOverdue:
		return !s.NextDue.IsZero() && s.NextDue.DaysFrom(now) < 0
	case FilterRenewal:
		if s.Renewal.IsZero() {
			return false
		}
		n := s.Renewal.DaysFrom(now)
		return n >= 0 && n <= f.Days
	case FilterUntouched:
		n := s.DaysSinceTouch(now)
		return n < 0 || n >= f.Days
	}
	return true
}
