package model

import (
	"sort"
	"time"
)

// Commitment is a promise or service level agreed with the customer: what
// was promised, to whom, by when, and how it is measured.
type Commitment struct {
	ID        string           `json:"id"`
	AccountID string           `json:"account_id"`
	What      string           `json:"what"`
	To        string           `json:"to,omitempty"` // who it was promised to
	Due       Date             `json:"due,omitzero"`
	Measure   string           `json:"measure,omitempty"`
	Kano      Kano             `json:"kano,omitempty"`
	Status    CommitmentStatus `json:"status,omitempty"`
	Created   time.Time        `json:"created"`
	Updated   time.Time        `json:"updated"`
}

// Open reports whether the commitment is still to be kept.
func (c Commitment) Open() bool { return c.Status == "" || c.Status == CommitmentOpen }

// Validate checks the commitment's fields and names each problem.
func (c Commitment) Validate() error {
	var v validator
	v.id("id", c.ID)
	v.id("account_id", c.AccountID)
	v.required("what", c.What)
	v.line("what", c.What, MaxLineLen)
	v.line("to", c.To, MaxLineLen)
	v.line("measure", c.Measure, MaxLineLen)
	oneOf(&v, "kano", string(c.Kano), Kanos)
	oneOf(&v, "status", string(c.Status), CommitmentStatuses)
	return v.err()
}

// Risk is a named threat to the renewal.
type Risk struct {
	ID          string     `json:"id"`
	AccountID   string     `json:"account_id"`
	Title       string     `json:"title"`
	Severity    Severity   `json:"severity"`
	Description string     `json:"description,omitempty"`
	Mitigation  string     `json:"mitigation,omitempty"`
	Status      RiskStatus `json:"status,omitempty"`
	Created     time.Time  `json:"created"`
	Updated     time.Time  `json:"updated"`
}

// Open reports whether the risk still threatens the account.
func (r Risk) Open() bool { return r.Status == "" || r.Status == RiskOpen }

// OpenRisks returns the risks still open, the worst first; risks of the
// same severity keep their order.
func OpenRisks(risks []Risk) []Risk {
	var out []Risk
	for _, r := range risks {
		if r.Open() {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return severityRank(out[i].Severity) > severityRank(out[j].Severity) })
	return out
}

// Validate checks the risk's fields and names each problem.
func (r Risk) Validate() error {
	var v validator
	v.id("id", r.ID)
	v.id("account_id", r.AccountID)
	v.required("title", r.Title)
	v.line("title", r.Title, MaxLineLen)
	v.text("description", r.Description)
	v.text("mitigation", r.Mitigation)
	if r.Severity == "" {
		v.add("severity", "is required")
	}
	oneOf(&v, "severity", string(r.Severity), Severities)
	oneOf(&v, "status", string(r.Status), RiskStatuses)
	return v.err()
}
