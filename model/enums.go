package model

// The enumerations below are strings so that dumps and bundles stay
// readable by a person and survive new values being added. Each has a list
// of its values in the order the UI offers them.

// Health is the CSM's red / yellow / green judgement of how likely an
// account is to renew and grow.
type Health string

const (
	HealthUnknown Health = ""
	HealthGreen   Health = "green"
	HealthYellow  Health = "yellow"
	HealthRed     Health = "red"
)

// Healths lists the health values, best first.
var Healths = []Health{HealthGreen, HealthYellow, HealthRed}

// Rank orders health from worst (0, red) to best; unknown sorts last.
func (h Health) Rank() int {
	switch h {
	case HealthRed:
		return 0
	case HealthYellow:
		return 1
	case HealthGreen:
		return 2
	}
	return 3
}

// Stage is where an account is in its customer lifecycle.
type Stage string

const (
	StageOnboarding Stage = "onboarding"
	StageAdoption   Stage = "adoption"
	StageValue      Stage = "value realisation"
	StageRenewal    Stage = "renewal"
	StageExpansion  Stage = "expansion"
	StageAtRisk     Stage = "at risk"
	StageChurned    Stage = "churned"
)

// Stages lists the lifecycle stages in their usual order.
var Stages = []Stage{StageOnboarding, StageAdoption, StageValue, StageRenewal, StageExpansion, StageAtRisk, StageChurned}

// DecisionRhythm is how the customer makes decisions.
type DecisionRhythm string

const (
	RhythmFast       DecisionRhythm = "fast"
	RhythmCautious   DecisionRhythm = "cautious"
	RhythmConvincing DecisionRhythm = "needs convincing"
)

// DecisionRhythms lists the decision rhythms.
var DecisionRhythms = []DecisionRhythm{RhythmFast, RhythmCautious, RhythmConvincing}

// Role is a part a stakeholder plays in the account.
type Role string

const (
	RoleSponsor        Role = "executive sponsor"
	RoleEconomicBuyer  Role = "economic buyer"
	RoleDecisionMaker  Role = "decision maker"
	RoleChampion       Role = "champion"
	RoleInfluencer     Role = "influencer"
	RoleTechnicalOwner Role = "technical owner"
	RoleEndUser        Role = "end user"
	RoleDetractor      Role = "detractor"
)

// Roles lists the stakeholder roles.
var Roles = []Role{RoleSponsor, RoleEconomicBuyer, RoleDecisionMaker, RoleChampion, RoleInfluencer, RoleTechnicalOwner, RoleEndUser, RoleDetractor}

// Level is a low / medium / high rating (influence, strength, severity).
type Level string

const (
	LevelLow    Level = "low"
	LevelMedium Level = "medium"
	LevelHigh   Level = "high"
)

// Levels lists the levels, lowest first.
var Levels = []Level{LevelLow, LevelMedium, LevelHigh}

// Sentiment is how a stakeholder feels about us.
type Sentiment string

const (
	SentimentPositive Sentiment = "positive"
	SentimentNeutral  Sentiment = "neutral"
	SentimentNegative Sentiment = "negative"
)

// Sentiments lists the sentiments.
var Sentiments = []Sentiment{SentimentPositive, SentimentNeutral, SentimentNegative}

// Power says whether a stakeholder's power is formal (de jure, from the
// org chart), informal (de facto) or both.
type Power string

const (
	PowerNone     Power = ""
	PowerFormal   Power = "formal"
	PowerInformal Power = "informal"
	PowerBoth     Power = "both"
)

// Powers lists the kinds of power.
var Powers = []Power{PowerFormal, PowerInformal, PowerBoth}

// ADKAR is a stage of Prosci's ADKAR change model. On a person it names
// the barrier: the first stage not yet reached.
type ADKAR string

const (
	ADKARUnknown       ADKAR = ""
	ADKARAwareness     ADKAR = "awareness"
	ADKARDesire        ADKAR = "desire"
	ADKARKnowledge     ADKAR = "knowledge"
	ADKARAbility       ADKAR = "ability"
	ADKARReinforcement ADKAR = "reinforcement"
	// ADKARAdopted means every stage is reached: there is no barrier.
	ADKARAdopted ADKAR = "adopted"
)

// ADKARStages lists the ADKAR stages in order, ending with "adopted".
var ADKARStages = []ADKAR{ADKARAwareness, ADKARDesire, ADKARKnowledge, ADKARAbility, ADKARReinforcement, ADKARAdopted}

// PersonStatus says whether a stakeholder is still at the customer.
type PersonStatus string

const (
	PersonActive PersonStatus = "active"
	PersonLeft   PersonStatus = "left"
)

// PersonStatuses lists the person statuses.
var PersonStatuses = []PersonStatus{PersonActive, PersonLeft}

// EntryKind is the kind of a timeline entry.
type EntryKind string

const (
	KindNote       EntryKind = "note"
	KindCall       EntryKind = "call"
	KindMeeting    EntryKind = "meeting"
	KindEmail      EntryKind = "email"
	KindRisk       EntryKind = "risk"
	KindMilestone  EntryKind = "milestone"
	KindEscalation EntryKind = "escalation"
	KindHandoff    EntryKind = "handoff"
)

// EntryKinds lists the timeline entry kinds.
var EntryKinds = []EntryKind{KindNote, KindCall, KindMeeting, KindEmail, KindRisk, KindMilestone, KindEscalation, KindHandoff}

// PlanStatus is the state of a success plan or one of its objectives.
type PlanStatus string

const (
	PlanDraft     PlanStatus = "draft"
	PlanActive    PlanStatus = "active"
	PlanAchieved  PlanStatus = "achieved"
	PlanAbandoned PlanStatus = "abandoned"
)

// PlanStatuses lists the plan statuses.
var PlanStatuses = []PlanStatus{PlanDraft, PlanActive, PlanAchieved, PlanAbandoned}

// ScopeKind is what one success plan covers.
type ScopeKind string

const (
	ScopeAccount    ScopeKind = "account"
	ScopeProduct    ScopeKind = "product"
	ScopeDepartment ScopeKind = "department"
	ScopeLocation   ScopeKind = "location"
)

// ScopeKinds lists the plan scopes.
var ScopeKinds = []ScopeKind{ScopeAccount, ScopeProduct, ScopeDepartment, ScopeLocation}

// Pillar is one of the five pillars of customer maturity.
type Pillar string

const (
	PillarVision     Pillar = "vision and strategy"
	PillarChange     Pillar = "change management"
	PillarProcess    Pillar = "business process"
	PillarTechnology Pillar = "technology"
	PillarGovernance Pillar = "governance"
)

// Pillars lists the five readiness pillars in their canonical order.
var Pillars = []Pillar{PillarVision, PillarChange, PillarProcess, PillarTechnology, PillarGovernance}

// CommitmentStatus is whether a promise or service level is being kept.
type CommitmentStatus string

const (
	CommitmentOpen    CommitmentStatus = "open"
	CommitmentMet     CommitmentStatus = "met"
	CommitmentMissed  CommitmentStatus = "missed"
	CommitmentDropped CommitmentStatus = "dropped"
)

// CommitmentStatuses lists the commitment statuses.
var CommitmentStatuses = []CommitmentStatus{CommitmentOpen, CommitmentMet, CommitmentMissed, CommitmentDropped}

// Kano sorts a commitment's quality by the Kano model.
type Kano string

const (
	KanoBasic       Kano = "basic"
	KanoPerformance Kano = "performance"
	KanoDelighter   Kano = "delighter"
)

// Kanos lists the Kano categories.
var Kanos = []Kano{KanoBasic, KanoPerformance, KanoDelighter}

// Severity is how badly a risk threatens the renewal.
type Severity string

const (
	SeverityLow      Severity = "low"
	SeverityMedium   Severity = "medium"
	SeverityHigh     Severity = "high"
	SeverityCritical Severity = "critical"
)

// Severities lists the risk severities, lowest first.
var Severities = []Severity{SeverityLow, SeverityMedium, SeverityHigh, SeverityCritical}

// RiskStatus is the state of a risk.
type RiskStatus string

const (
	RiskOpen      RiskStatus = "open"
	RiskMitigated RiskStatus = "mitigated"
	RiskClosed    RiskStatus = "closed"
)

// RiskStatuses lists the risk statuses.
var RiskStatuses = []RiskStatus{RiskOpen, RiskMitigated, RiskClosed}

// StepState is the state of a checklist step or plan task.
type StepState string

const (
	StepOpen    StepState = "open"
	StepDone    StepState = "done"
	StepSkipped StepState = "skipped"
)

// StepStates lists the step states.
var StepStates = []StepState{StepOpen, StepDone, StepSkipped}

// Noted is the state after a note is written on a step or task: an open
// one is reported done (the note says what happened); a done or skipped
// one keeps its state.
func (s StepState) Noted() StepState {
	if s == "" || s == StepOpen {
		return StepDone
	}
	return s
}

// Box is the state as a check box that reads without colour: "[x]" done,
// "[-]" skipped, "[ ]" still to do.
func (s StepState) Box() string {
	switch s {
	case StepDone:
		return "[x]"
	case StepSkipped:
		return "[-]"
	}
	return "[ ]"
}

// AnchorKind is the day a playbook's step offsets count from.
type AnchorKind string

const (
	// AnchorApplied: the day the playbook is applied (the default).
	AnchorApplied AnchorKind = "applied"
	// AnchorRenewal: the account's renewal date; offsets are usually
	// negative (-90d is three months before the renewal).
	AnchorRenewal AnchorKind = "renewal"
	// AnchorAsked: a day the user gives when applying (a go-live, a QBR).
	AnchorAsked AnchorKind = "asked"
)

// AnchorKinds lists the anchors a playbook can declare.
var AnchorKinds = []AnchorKind{AnchorApplied, AnchorRenewal, AnchorAsked}

// HandoffStatus is where an account's handoff stands.
type HandoffStatus string

const (
	// HandoffNone: the account is in its owner's book as usual.
	HandoffNone HandoffStatus = ""
	// HandoffPreparing: a transition is under way but no bundle has gone out.
	HandoffPreparing HandoffStatus = "preparing"
	// HandoffSent: a bundle went to the successor; the account leaves the
	// default list but stays readable and restorable.
	HandoffSent HandoffStatus = "handed off"
	// HandoffReceived: the account came in from a colleague's bundle.
	HandoffReceived HandoffStatus = "received"
	// HandoffTakenBack: a handed-off account was taken back into the
	// book (the handoff was undone); it rejoins the default list.
	HandoffTakenBack HandoffStatus = "taken back"
)

// HandoffStatuses lists the handoff statuses that can be recorded.
var HandoffStatuses = []HandoffStatus{HandoffPreparing, HandoffSent, HandoffReceived, HandoffTakenBack}

// RenewalOutcome is where the account's next renewal stands, once the
// renewal conversation has started; empty while nothing is known.
type RenewalOutcome string

const (
	RenewalNegotiating RenewalOutcome = "in negotiation"
	RenewalWon         RenewalOutcome = "won"
	RenewalLost        RenewalOutcome = "lost"
)

// RenewalOutcomes lists the renewal outcomes.
var RenewalOutcomes = []RenewalOutcome{RenewalNegotiating, RenewalWon, RenewalLost}

// EscalationStatus is where an escalation stands. Only timeline entries
// of kind escalation carry one.
type EscalationStatus string

const (
	EscalationOpen     EscalationStatus = "open"
	EscalationResolved EscalationStatus = "resolved"
)

// EscalationStatuses lists the escalation statuses.
var EscalationStatuses = []EscalationStatus{EscalationOpen, EscalationResolved}
