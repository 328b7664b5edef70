package model

import "time"

// Checklist is a playbook applied to an account: its steps, each with a
// due date and a state.
type Checklist struct {
	ID        string    `json:"id"`
	AccountID string    `json:"account_id"`
	Playbook  string    `json:"playbook"` // the playbook's name, e.g. "transition-outgoing"
	Title     string    `json:"title"`
	Applied   Date      `json:"applied"`
	Steps     []Step    `json:"steps"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

// Step is one item of a checklist.
type Step struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Detail string    `json:"detail,omitempty"` // Markdown
	Due    Date      `json:"due,omitzero"`
	State  StepState `json:"state,omitempty"`
	Note   string    `json:"note,omitempty"`
	DoneOn Date      `json:"done_on,omitzero"`
}

// Open reports whether the step is neither done nor skipped.
func (s Step) Open() bool { return s.State == "" || s.State == StepOpen }

// OpenSteps counts the steps still open.
func (c Checklist) OpenSteps() int {
	n := 0
	for _, s := range c.Steps {
		if s.Open() {
			n++
		}
	}
	return n
}

// Finished reports whether every step is done or skipped.
func (c Checklist) Finished() bool { return c.OpenSteps() == 0 }

// Validate checks the checklist's fields and names each problem.
func (c Checklist) Validate() error {
	var v validator
	v.id("id", c.ID)
	v.id("account_id", c.AccountID)
	v.required("playbook", c.Playbook)
	v.required("title", c.Title)
	v.line("playbook", c.Playbook, MaxLineLen)
	v.line("title", c.Title, MaxLineLen)
	v.count("steps", len(c.Steps), MaxItems)
	seen := map[string]bool{}
	for _, s := range c.Steps {
		v.line("steps.title", s.Title, MaxLineLen)
		v.text("steps.detail", s.Detail)
		v.text("steps.note", s.Note)
		v.id("steps", s.ID)
		if seen[s.ID] {
			v.add("steps", "step id "+IDText(s.ID)+" is used twice")
		}
		seen[s.ID] = true
		if s.Title == "" {
			v.add("steps", "every step needs a title")
		}
		oneOf(&v, "steps.state", string(s.State), StepStates)
	}
	return v.err()
}

// Handoff records one move of an account between CSMs.
type Handoff struct {
	ID        string        `json:"id"`
	AccountID string        `json:"account_id"`
	From      string        `json:"from"`
	To        string        `json:"to"`
	When      time.Time     `json:"when"`
	Status    HandoffStatus `json:"status"`
	Note      string        `json:"note,omitempty"`
}

// Validate checks the handoff's fields and names each problem.
func (h Handoff) Validate() error {
	var v validator
	v.id("id", h.ID)
	v.id("account_id", h.AccountID)
	if h.From == "" && h.To == "" {
		v.add("to", "a handoff needs a from or a to")
	}
	if h.When.IsZero() {
		v.add("when", "is required")
	}
	if h.Status == "" {
		v.add("status", "is required")
	}
	oneOf(&v, "status", string(h.Status), HandoffStatuses)
	v.line("from", h.From, MaxNameLen)
	v.line("to", h.To, MaxNameLen)
	v.text("note", h.Note)
	return v.err()
}
