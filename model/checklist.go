package model

import (
	"fmt"
	"time"
)

// Checklist is a playbook applied to an account: its steps, each with a
// due date and a state.
type Checklist struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
	Playbook  string `json:"playbook"` // the playbook's name, e.g. "transition-outgoing"
	Title     string `json:"title"`
	Applied   Date   `json:"applied"`
	// Anchor is the day the steps' offsets count from, and AnchorKind
	// what that day is (the day applied, the renewal date, a day asked
	// for). A checklist written before anchors existed has neither: its
	// anchor is the day it was applied.
	AnchorKind AnchorKind `json:"anchor_kind,omitempty"`
	Anchor     Date       `json:"anchor,omitzero"`
	Steps      []Step     `json:"steps"`
	Created    time.Time  `json:"created"`
	Updated    time.Time  `json:"updated"`
}

// Step is one item of a checklist.
type Step struct {
	ID     string    `json:"id"`
	Title  string    `json:"title"`
	Detail string    `json:"detail,omitempty"` // Markdown
	Due    Date      `json:"due,omitzero"`
	State  StepState `json:"state,omitempty"`
	Note   string    `json:"note,omitempty"`
	// DoneOn is the day the step was done or skipped, DoneBy who did it.
	DoneOn Date   `json:"done_on,omitzero"`
	DoneBy string `json:"done_by,omitempty"`
	// Email, when set, makes the step an email to the customer: its
	// subject and body are templates personalised before sending.
	Email *EmailTemplate `json:"email,omitempty"`
}

// EmailTemplate is the text of an email step, written with fields such as
// {{.Account.Name}} or {{.Successor.Name}} (docs/playbooks.md lists them).
type EmailTemplate struct {
	Subject string `json:"subject"`
	Body    string `json:"body"`
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

// AnchorDay returns the day the steps' offsets count from: the anchor,
// or the day applied for a checklist that has none.
func (c Checklist) AnchorDay() Date {
	if c.Anchor.IsZero() {
		return c.Applied
	}
	return c.Anchor
}

// MoveAnchor moves the checklist's anchor to day and shifts every open
// step's due date by the same number of days, so a renewal that moves
// takes its preparation with it. Done and skipped steps keep their dates:
// they are history.
func (c *Checklist) MoveAnchor(day Date) {
	from := c.AnchorDay()
	if !from.IsZero() {
		delta := DaysBetween(from, day)
		for i := range c.Steps {
			if c.Steps[i].Open() && !c.Steps[i].Due.IsZero() {
				c.Steps[i].Due = c.Steps[i].Due.AddDays(delta)
			}
		}
	}
	c.Anchor = day
}

// Step returns the index of the step with that ID, or -1.
func (c Checklist) Step(id string) int {
	for i, s := range c.Steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// Move changes the step's state to open, done or skipped on day, by whom.
// A note replaces the old one; an empty note keeps it. Reopening clears
// who and when.
func (s *Step) Move(to StepState, note string, day Date, by string) error {
	return move(&s.State, &s.Note, &s.DoneOn, &s.DoneBy, to, note, day, by)
}

// Move changes the task's state the way Step.Move does.
func (t *Task) Move(to StepState, note string, day Date, by string) error {
	return move(&t.State, &t.Note, &t.DoneOn, &t.DoneBy, to, note, day, by)
}

// move is the one rule for a step's or a task's state change.
func move(state *StepState, note *string, doneOn *Date, doneBy *string, to StepState, newNote string, day Date, by string) error {
	switch to {
	case StepDone, StepSkipped:
		*doneOn, *doneBy = day, by
	case StepOpen:
		*doneOn, *doneBy = Date{}, ""
	default:
		return fmt.Errorf("%q is not a state: use open, done or skipped", to)
	}
	*state = to
	if newNote != "" {
		*note = newNote
	}
	return nil
}

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
		v.line("steps.done_by", s.DoneBy, MaxNameLen)
		if s.Email != nil {
			v.line("steps.email.subject", s.Email.Subject, MaxLineLen)
			v.text("steps.email.body", s.Email.Body)
		}
		v.id("steps", s.ID)
		if seen[s.ID] {
			v.add("steps", "step id "+IDText(s.ID)+" is used twice")
		}
		seen[s.ID] = true
		if s.Title == "" {
			v.add("steps", "every step needs a title")
		}
		oneOf(&v, "steps.state", string(s.State), StepStates)
		if s.Email != nil && s.Email.Subject == "" {
			v.add("steps", "an email step needs a subject")
		}
	}
	oneOf(&v, "anchor_kind", string(c.AnchorKind), AnchorKinds)
	return v.err()
}

// SkippedAccount names an account that an action on many accounts (apply
// a playbook) left out, and why.
type SkippedAccount struct {
	AccountID string `json:"account_id"`
	Name      string `json:"name"`
	Reason    string `json:"reason"`
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
