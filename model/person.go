package model

import "time"

// Person is a stakeholder at the customer: a node of the people map.
type Person struct {
	ID        string `json:"id"`
	AccountID string `json:"account_id"`
	Name      string `json:"name"`
	Title     string `json:"title,omitempty"`
	Email     string `json:"email,omitempty"`
	Phone     string `json:"phone,omitempty"`
	// Department is the team or group the person belongs to; ADKAR
	// barriers are judged per department.
	Department string `json:"department,omitempty"`
	// ReportsTo is the ID of this person's manager in the same account.
	ReportsTo string `json:"reports_to,omitempty"`
	// DottedLine holds the IDs of extra (dotted-line) managers.
	DottedLine []string     `json:"dotted_line,omitempty"`
	Roles      []Role       `json:"roles,omitempty"`
	Influence  Level        `json:"influence,omitempty"`
	Sentiment  Sentiment    `json:"sentiment,omitempty"`
	Power      Power        `json:"power,omitempty"`
	ADKAR      ADKAR        `json:"adkar,omitempty"` // the barrier: first stage not yet reached
	Status     PersonStatus `json:"status,omitempty"`
	// LeftOn is the day the person was marked as left the company.
	LeftOn Date `json:"left_on,omitzero"`
	// Notes are private to the CSM; a redacted bundle leaves them out.
	Notes string `json:"notes,omitempty"`
	// Custom holds fields bob has no place for, by name (see Account.Custom).
	Custom  map[string]string `json:"custom,omitempty"`
	Created time.Time         `json:"created"`
	Updated time.Time         `json:"updated"`
}

// HasRole reports whether the person plays role r.
func (p Person) HasRole(r Role) bool {
	for _, x := range p.Roles {
		if x == r {
			return true
		}
	}
	return false
}

// RoleNames lists the person's roles as words, in their order; an empty
// list (not nil) when they have none.
func (p Person) RoleNames() []string {
	names := make([]string, len(p.Roles))
	for i, r := range p.Roles {
		names[i] = string(r)
	}
	return names
}

// Active reports whether the person is still at the customer.
func (p Person) Active() bool { return p.Status != PersonLeft }

// Validate checks the person's fields and names each problem.
func (p Person) Validate() error {
	var v validator
	v.id("id", p.ID)
	v.id("account_id", p.AccountID)
	v.required("name", p.Name)
	v.line("name", p.Name, MaxNameLen)
	v.line("title", p.Title, MaxLineLen)
	v.line("email", p.Email, MaxLineLen)
	v.line("phone", p.Phone, MaxLineLen)
	v.line("department", p.Department, MaxLineLen)
	v.text("notes", p.Notes)
	v.count("dotted_line", len(p.DottedLine), MaxListLen)
	v.count("roles", len(p.Roles), MaxListLen)
	if p.ReportsTo != "" {
		v.id("reports_to", p.ReportsTo)
		if p.ReportsTo == p.ID {
			v.add("reports_to", "a person cannot report to themselves")
		}
	}
	for _, r := range p.Roles {
		oneOf(&v, "roles", string(r), Roles)
	}
	oneOf(&v, "influence", string(p.Influence), Levels)
	oneOf(&v, "sentiment", string(p.Sentiment), Sentiments)
	oneOf(&v, "power", string(p.Power), Powers)
	oneOf(&v, "adkar", string(p.ADKAR), ADKARStages)
	oneOf(&v, "status", string(p.Status), PersonStatuses)
	v.custom("custom", p.Custom)
	if p.Email != "" && !looksLikeEmail(p.Email) {
		v.add("email", "is not an email address")
	}
	return v.err()
}

// InfluenceEdge says that one stakeholder influences another.
type InfluenceEdge struct {
	ID        string    `json:"id"`
	AccountID string    `json:"account_id"`
	From      string    `json:"from"` // person ID of the influencer
	To        string    `json:"to"`   // person ID of the influenced
	Strength  Level     `json:"strength,omitempty"`
	Sentiment Sentiment `json:"sentiment,omitempty"`
	Note      string    `json:"note,omitempty"`
	Created   time.Time `json:"created"`
	Updated   time.Time `json:"updated"`
}

// Validate checks the edge's fields and names each problem.
func (e InfluenceEdge) Validate() error {
	var v validator
	v.id("id", e.ID)
	v.id("account_id", e.AccountID)
	v.id("from", e.From)
	v.id("to", e.To)
	if e.From != "" && e.From == e.To {
		v.add("to", "a person cannot influence themselves")
	}
	oneOf(&v, "strength", string(e.Strength), Levels)
	v.text("note", e.Note)
	oneOf(&v, "sentiment", string(e.Sentiment), Sentiments)
	return v.err()
}
