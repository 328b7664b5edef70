package model

import "time"

// TimelineEntry is one dated event in an account's history: a call, a
// meeting, an email, a note, a risk, a milestone, an escalation or a
// handoff. Internal entries are never shown to the customer and do not
// count as a touch.
type TimelineEntry struct {
	ID        string    `json:"id"`
	AccountID string    `json:"account_id"`
	When      time.Time `json:"when"`
	Kind      EntryKind `json:"kind"`
	Internal  bool      `json:"internal,omitempty"`
	Title     string    `json:"title"`
	Body      string    `json:"body,omitempty"`   // Markdown
	People    []string  `json:"people,omitempty"` // person IDs
	Author    string    `json:"author,omitempty"`
	// Status is where an escalation stands (open, resolved); only
	// escalations have one.
	Status  EscalationStatus `json:"status,omitempty"`
	Created time.Time        `json:"created"`
	Updated time.Time        `json:"updated"`
}

// IsTouch reports whether the entry counts as a touch of the customer:
// every external entry does, no internal one does.
func (e TimelineEntry) IsTouch() bool { return !e.Internal }

// EscalationRecentDays is how long an escalation without a recorded
// status is taken as still open; older ones are history.
const EscalationRecentDays = 90

// OpenEscalation reports whether the entry is an escalation that still
// needs attention on day now: marked open, or with no status and raised in
// the last EscalationRecentDays days. A resolved one never is.
func (e TimelineEntry) OpenEscalation(now time.Time) bool {
	if e.Kind != KindEscalation {
		return false
	}
	switch e.Status {
	case EscalationOpen:
		return true
	case EscalationResolved:
		return false
	}
	return -DateOf(e.When.In(now.Location())).DaysFrom(now) <= EscalationRecentDays
}

// EscalationWords says where an escalation stands, in the words the
// brief and the screens use.
func (e TimelineEntry) EscalationWords() string {
	if e.Status != "" {
		return string(e.Status)
	}
	return "status not recorded"
}

// Validate checks the entry's fields and names each problem.
func (e TimelineEntry) Validate() error {
	var v validator
	v.id("id", e.ID)
	v.id("account_id", e.AccountID)
	v.required("title", e.Title)
	v.line("title", e.Title, 300)
	v.text("body", e.Body)
	v.line("author", e.Author, MaxNameLen)
	v.count("people", len(e.People), MaxListLen)
	if e.Kind == "" {
		v.add("kind", "is required")
	}
	oneOf(&v, "kind", string(e.Kind), EntryKinds)
	if e.When.IsZero() {
		v.add("when", "is required")
	}
	for _, p := range e.People {
		v.id("people", p)
	}
	oneOf(&v, "status", string(e.Status), EscalationStatuses)
	if e.Status != "" && e.Kind != KindEscalation {
		v.add("status", "only an escalation has a status")
	}
	return v.err()
}
