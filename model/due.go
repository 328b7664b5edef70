package model

import (
	"slices"
	"strings"
	"time"
)

// DueKind is the kind of record a due item comes from.
type DueKind string

// The kinds of due items, in the order Today lists equal dates.
const (
	DueStep       DueKind = "step"       // a checklist step
	DueTask       DueKind = "task"       // a success-plan task
	DueCommitment DueKind = "commitment" // a promise to the customer
	DueObjective  DueKind = "objective"  // a success-plan objective
)

func dueKindRank(k DueKind) int {
	return slices.Index([]DueKind{DueStep, DueTask, DueCommitment, DueObjective}, k)
}

// DueItem is one open thing with a due date: a checklist step, a plan
// task, a commitment or an objective.
type DueItem struct {
	Kind DueKind `json:"kind"`
	// ID is the step's, task's, commitment's or objective's own ID.
	ID string `json:"id"`
	// ParentID is the checklist or success plan the item belongs to
	// (empty for a commitment).
	ParentID string `json:"parent_id,omitempty"`
	// Parent is that checklist's or plan's title.
	Parent string `json:"parent,omitempty"`
	Title  string `json:"title"`
	Due    Date   `json:"due"`
	State  string `json:"state"`
	// Who is the task's owner or whom the commitment was made to.
	Who string `json:"who,omitempty"`
}

// DueRisk is an open high or critical risk.
type DueRisk struct {
	ID       string   `json:"id"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
}

// KeyPerson is an active executive sponsor or champion with the last
// time an external timeline entry named them.
type KeyPerson struct {
	ID        string    `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	LastTouch time.Time `json:"last_touch,omitzero"`
}

// TransitionProgress is how far one outgoing transition checklist is.
type TransitionProgress struct {
	ChecklistID string `json:"checklist_id"`
	Title       string `json:"title"`
	Done        int    `json:"done"`
	Total       int    `json:"total"`
}

// AccountDue is one account's entry in the due-item index: what Today
// and the agenda need beyond the account summary. The store keeps it
// current on every write, so Today never loads whole accounts.
type AccountDue struct {
	AccountID string               `json:"account_id"`
	Items     []DueItem            `json:"items,omitempty"`
	Risks     []DueRisk            `json:"risks,omitempty"`
	KeyPeople []KeyPerson          `json:"key_people,omitempty"`
	Outgoing  []TransitionProgress `json:"outgoing,omitempty"`
	// ActivePlan: the account has a success plan marked active.
	ActivePlan bool `json:"active_plan,omitempty"`
	// RenewalChecklist: a renewal checklist is applied and not finished.
	RenewalChecklist bool `json:"renewal_checklist,omitempty"`
}

// EarliestDue is the earliest due date among the items, or the zero Date.
func (d AccountDue) EarliestDue() Date {
	var e Date
	for _, it := range d.Items {
		if e.IsZero() || it.Due.Before(e) {
			e = it.Due
		}
	}
	return e
}

// The playbooks whose checklists Today reads specially.
const (
	PlaybookRenewal            = "renewal"
	PlaybookTransitionOutgoing = "transition-outgoing"
)

// IndexDue builds an account's due-item index entry from its record.
// Only open items with a due date are kept; objectives count only once
// their due date is set, and Today shows them only when past due. The
// record's timeline need hold only the entries that may name a sponsor
// or champion (the store passes those it finds scanning back).
func IndexDue(r AccountRecord) AccountDue {
	d := AccountDue{AccountID: r.Account.ID}
	for _, c := range r.Checklists {
		for _, s := range c.Steps {
			if s.Open() && !s.Due.IsZero() {
				d.Items = append(d.Items, DueItem{Kind: DueStep, ID: s.ID, ParentID: c.ID, Parent: c.Title,
					Title: s.Title, Due: s.Due, State: stateOr(string(s.State), string(StepOpen))})
			}
		}
		switch c.Playbook {
		case PlaybookRenewal:
			if !c.Finished() {
				d.RenewalChecklist = true
			}
		case PlaybookTransitionOutgoing:
			d.Outgoing = append(d.Outgoing, TransitionProgress{ChecklistID: c.ID, Title: c.Title,
				Done: len(c.Steps) - c.OpenSteps(), Total: len(c.Steps)})
		}
	}
	for _, p := range r.Plans {
		if p.Status == PlanActive {
			d.ActivePlan = true
		}
		if p.Status == PlanAchieved || p.Status == PlanAbandoned {
			continue
		}
		for _, t := range p.Tasks {
			if t.Open() && !t.Due.IsZero() {
				d.Items = append(d.Items, DueItem{Kind: DueTask, ID: t.ID, ParentID: p.ID, Parent: p.Title,
					Title: t.Title, Due: t.Due, State: stateOr(string(t.State), string(StepOpen)), Who: t.Owner})
			}
		}
		for _, o := range p.Objectives {
			if (o.Status == "" || o.Status == PlanDraft || o.Status == PlanActive) && !o.Due.IsZero() {
				d.Items = append(d.Items, DueItem{Kind: DueObjective, ID: o.ID, ParentID: p.ID, Parent: p.Title,
					Title: o.Title, Due: o.Due, State: stateOr(string(o.Status), string(PlanActive))})
			}
		}
	}
	for _, c := range r.Commitments {
		if c.Open() && !c.Due.IsZero() {
			d.Items = append(d.Items, DueItem{Kind: DueCommitment, ID: c.ID, Title: c.What, Due: c.Due,
				State: stateOr(string(c.Status), string(CommitmentOpen)), Who: c.To})
		}
	}
	for _, x := range r.Risks {
		if x.Open() && (x.Severity == SeverityHigh || x.Severity == SeverityCritical) {
			d.Risks = append(d.Risks, DueRisk{ID: x.ID, Title: x.Title, Severity: x.Severity})
		}
	}
	touches := LastTouches(r.Timeline)
	for _, p := range r.People {
		if !p.Active() {
			continue
		}
		role := Role("")
		switch {
		case p.HasRole(RoleSponsor):
			role = RoleSponsor
		case p.HasRole(RoleChampion):
			role = RoleChampion
		default:
			continue
		}
		d.KeyPeople = append(d.KeyPeople, KeyPerson{ID: p.ID, Name: p.Name, Role: role, LastTouch: touches[p.ID]})
	}
	slices.SortFunc(d.Items, compareDueItems)
	return d
}

// WatchedOnToday reports whether Today watches the person's touches: an
// active sponsor or champion. The store uses it to know whose touches to
// look for.
func WatchedOnToday(p Person) bool {
	return p.Active() && (p.HasRole(RoleSponsor) || p.HasRole(RoleChampion))
}

func stateOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// compareDueItems orders items by due date, then kind, then title, then ID,
// so that equal dates always list the same way.
func compareDueItems(a, b DueItem) int {
	if c := a.Due.Time().Compare(b.Due.Time()); c != 0 {
		return c
	}
	if c := dueKindRank(a.Kind) - dueKindRank(b.Kind); c != 0 {
		return c
	}
	if c := strings.Compare(strings.ToLower(a.Title), strings.ToLower(b.Title)); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}
