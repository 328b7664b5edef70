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
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

// IsTouch reports whether the entry counts as a touch of the customer:
// every external entry does, no internal one does.
func (e TimelineEntry) IsTouch() bool { return !e.Internal }

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
	return v.err()
}
