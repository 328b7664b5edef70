package model

import (
	"strings"
	"time"
)

// Account is a customer organisation in the book, with every fact a
// successor needs to pick it up (see the handoff checklist in the docs).
// Long text fields hold Markdown.
type Account struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Domain  string   `json:"domain,omitempty"`
	Segment string   `json:"segment,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Owner   string   `json:"owner,omitempty"` // the owning CSM

	Stage        Stage  `json:"stage,omitempty"`
	Health       Health `json:"health,omitempty"`
	HealthReason string `json:"health_reason,omitempty"`
	// HealthScore is an optional 0-100 score; 0 means not scored.
	HealthScore int `json:"health_score,omitempty"`

	// Contract.
	ARR           Money `json:"arr"`
	ContractStart Date  `json:"contract_start,omitzero"`
	Renewal       Date  `json:"renewal,omitzero"`
	// RenewalOutcome is where the next renewal stands (in negotiation,
	// won, lost); empty while nothing is known.
	RenewalOutcome RenewalOutcome `json:"renewal_outcome,omitempty"`
	Entitlements   string         `json:"entitlements,omitempty"`
	Expansion      string         `json:"expansion,omitempty"` // where they want to expand
	// FiscalYearStart is the month (1-12) the customer's fiscal year starts; 0 if unknown.
	FiscalYearStart int `json:"fiscal_year_start,omitempty"`

	// The customer's world.
	Goals      string   `json:"goals,omitempty"` // goals, priorities, success metrics
	Products   []string `json:"products,omitempty"`
	UseCases   string   `json:"use_cases,omitempty"` // which teams use it, how, and what next
	Challenges string   `json:"challenges,omitempty"`
	Projects   string   `json:"projects,omitempty"` // ongoing projects, roll-outs, deadlines
	TechStack  string   `json:"tech_stack,omitempty"`

	DecisionRhythm      DecisionRhythm `json:"decision_rhythm,omitempty"`
	RelationshipHistory string         `json:"relationship_history,omitempty"`
	CustomerContext     string         `json:"customer_context,omitempty"`
	// InternalContext is never shown to the customer: risk triage,
	// blockers, past escalations.
	InternalContext string `json:"internal_context,omitempty"`
	// UnwrittenKnowledge is what only the CSM knows: promises made,
	// landmines, lead times.
	UnwrittenKnowledge string `json:"unwritten_knowledge,omitempty"`

	// Team is our side of the account: who a successor asks what.
	Team AccountTeam `json:"team,omitzero"`

	// Custom holds fields bob has no place for, by name: the columns of
	// a CRM export that map to nothing, kept rather than dropped.
	Custom map[string]string `json:"custom,omitempty"`

	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// Validate checks the account's fields and names each problem.
func (a Account) Validate() error {
	var v validator
	v.id("id", a.ID)
	v.required("name", a.Name)
	v.line("name", a.Name, MaxNameLen)
	v.line("domain", a.Domain, MaxLineLen)
	v.line("segment", a.Segment, MaxLineLen)
	v.lines("tags", a.Tags, MaxLineLen)
	v.line("owner", a.Owner, MaxNameLen)
	v.line("health_reason", a.HealthReason, MaxLineLen)
	v.lines("products", a.Products, MaxLineLen)
	for _, f := range []struct{ name, value string }{
		{"entitlements", a.Entitlements}, {"expansion", a.Expansion}, {"goals", a.Goals},
		{"use_cases", a.UseCases}, {"challenges", a.Challenges}, {"projects", a.Projects},
		{"tech_stack", a.TechStack}, {"relationship_history", a.RelationshipHistory},
		{"customer_context", a.CustomerContext}, {"internal_context", a.InternalContext},
		{"unwritten_knowledge", a.UnwrittenKnowledge},
	} {
		v.text(f.name, f.value)
	}
	oneOf(&v, "stage", string(a.Stage), Stages)
	oneOf(&v, "health", string(a.Health), Healths)
	oneOf(&v, "decision_rhythm", string(a.DecisionRhythm), DecisionRhythms)
	oneOf(&v, "renewal_outcome", string(a.RenewalOutcome), RenewalOutcomes)
	v.line("team.account_executive", a.Team.AccountExecutive, MaxLineLen)
	v.line("team.solutions_architect", a.Team.SolutionsArchitect, MaxLineLen)
	v.line("team.support", a.Team.Support, MaxLineLen)
	v.line("team.partner", a.Team.Partner, MaxLineLen)
	if a.HealthScore < 0 || a.HealthScore > 100 {
		v.add("health_score", "must be between 0 and 100")
	}
	if a.FiscalYearStart < 0 || a.FiscalYearStart > 12 {
		v.add("fiscal_year_start", "must be a month from 1 to 12 (0 if unknown)")
	}
	if a.ARR.Minor < 0 {
		v.add("arr", "must not be negative")
	}
	if a.ARR.Minor > MaxMinor {
		v.add("arr", "is more than the largest amount bob records ("+Money{Minor: MaxMinor}.String()+")")
	}
	if (a.ARR.Minor != 0 || a.ARR.Currency != "") && !validCurrency(a.ARR.Currency) {
		v.add("arr", "currency must be a three-letter code such as USD")
	}
	if !a.ContractStart.IsZero() && !a.Renewal.IsZero() && a.Renewal.Before(a.ContractStart) {
		v.add("renewal", "is before the contract start")
	}
	if strings.ContainsAny(a.Domain, " /") {
		v.add("domain", "must be a bare domain such as example.com")
	}
	v.custom("custom", a.Custom)
	for _, t := range a.Tags {
		if strings.TrimSpace(t) == "" || strings.ContainsAny(t, " ,") {
			v.add("tags", "a tag must be one word without commas")
			break
		}
	}
	return v.err()
}

// AccountTeam is the account team on our side, beside the customer's
// people: whom a successor asks about the deal, the architecture, the
// tickets and the part of the service a partner runs. Each is free text,
// typically a name and an email.
type AccountTeam struct {
	AccountExecutive   string `json:"account_executive,omitempty"`
	SolutionsArchitect string `json:"solutions_architect,omitempty"`
	Support            string `json:"support,omitempty"`
	Partner            string `json:"partner,omitempty"`
}

// IsZero reports whether nobody on the account team is recorded.
func (t AccountTeam) IsZero() bool { return t == AccountTeam{} }

// Roles returns the team's roles with who holds them, in the order a
// successor reads them; roles nobody holds have an empty name.
func (t AccountTeam) Roles() [][2]string {
	return [][2]string{
		{"Account executive", t.AccountExecutive},
		{"Solutions architect", t.SolutionsArchitect},
		{"Support contact", t.Support},
		{"Partner", t.Partner},
	}
}

func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for _, r := range c {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// AccountSummary is the compact per-account record that the account list
// is drawn from, so the list loads without decoding whole accounts. The
// store keeps it current on every write that touches the account.
type AccountSummary struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Domain  string   `json:"domain,omitempty"`
	Tags    []string `json:"tags,omitempty"`
	Segment string   `json:"segment,omitempty"`
	Owner   string   `json:"owner,omitempty"`
	Stage   Stage    `json:"stage,omitempty"`
	Health  Health   `json:"health,omitempty"`
	ARR     Money    `json:"arr"`
	Renewal Date     `json:"renewal,omitzero"`
	// LastTouch is when the last external timeline entry happened; zero
	// if the customer was never touched. Internal notes are not touches.
	LastTouch time.Time `json:"last_touch,omitzero"`
	// OpenTasks counts open checklist steps and open success-plan tasks.
	OpenTasks int `json:"open_tasks,omitempty"`
	// NextDue is the earliest due date of an open checklist step, plan
	// task, commitment or objective; zero when nothing is due. The list
	// filters overdue accounts by it.
	NextDue Date `json:"next_due,omitzero"`
	// OpenRisks counts risks that are still open.
	OpenRisks int           `json:"open_risks,omitempty"`
	Handoff   HandoffStatus `json:"handoff,omitempty"`
	HandoffTo string        `json:"handoff_to,omitempty"`
	Updated   time.Time     `json:"updated"`
}

// HandedOff reports whether the account went to a successor and so leaves
// the default list.
func (s AccountSummary) HandedOff() bool { return s.Handoff == HandoffSent }

// DaysSinceTouch returns whole days since the last touch, or -1 if the
// account was never touched.
func (s AccountSummary) DaysSinceTouch(now time.Time) int {
	if s.LastTouch.IsZero() {
		return -1
	}
	return -DateOf(s.LastTouch.In(now.Location())).DaysFrom(now)
}
