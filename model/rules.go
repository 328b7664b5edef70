package model

import (
	"fmt"
	"time"
)

// Barrier returns the ADKAR barrier of a group: the earliest stage that
// any active member has not reached. People with no assessment are
// skipped; ADKARUnknown means nobody was assessed.
func Barrier(people []Person) ADKAR {
	best := -1
	for _, p := range people {
		if !p.Active() || p.ADKAR == ADKARUnknown {
			continue
		}
		i := adkarIndex(p.ADKAR)
		if i >= 0 && (best < 0 || i < best) {
			best = i
		}
	}
	if best < 0 {
		return ADKARUnknown
	}
	return ADKARStages[best]
}

func adkarIndex(a ADKAR) int {
	for i, s := range ADKARStages {
		if s == a {
			return i
		}
	}
	return -1
}

// Flag is a warning about an account that a CSM should see at a glance.
type Flag struct {
	Severity Severity
	Text     string
}

// RenewalSoonDays is how close a renewal must be to be flagged.
const RenewalSoonDays = 90

// Flags lists what deserves attention on an account, worst first: health,
// a close or past renewal, open high risks, the people insights (see
// PeopleInsights), a detractor, missed commitments and overdue steps.
func Flags(r AccountRecord, now time.Time) []Flag {
	var fs []Flag
	a := r.Account
	switch a.Health {
	case HealthRed:
		fs = append(fs, Flag{SeverityCritical, "health is red" + reason(a.HealthReason)})
	case HealthYellow:
		fs = append(fs, Flag{SeverityMedium, "health is yellow" + reason(a.HealthReason)})
	}
	if !a.Renewal.IsZero() {
		switch d := a.Renewal.DaysFrom(now); {
		case d < 0:
			fs = append(fs, Flag{SeverityCritical, fmt.Sprintf("renewal date passed %d days ago", -d)})
		case d <= RenewalSoonDays:
			sev := SeverityMedium
			if d <= 30 {
				sev = SeverityHigh
			}
			fs = append(fs, Flag{sev, fmt.Sprintf("renews in %d days", d)})
		}
	}
	for _, x := range r.Risks {
		if x.Open() && (x.Severity == SeverityHigh || x.Severity == SeverityCritical) {
			fs = append(fs, Flag{x.Severity, "risk: " + x.Title})
		}
	}
	for _, in := range PeopleInsights(r, now) {
		fs = append(fs, Flag{in.Severity, in.Text})
	}
	for _, p := range r.People {
		if p.Active() && p.HasRole(RoleDetractor) && p.Influence != LevelHigh {
			fs = append(fs, Flag{SeverityMedium, "detractor: " + p.Name})
		}
	}
	for _, c := range r.Commitments {
		if c.Status == CommitmentMissed || (c.Open() && !c.Due.IsZero() && c.Due.DaysFrom(now) < 0) {
			fs = append(fs, Flag{SeverityHigh, "commitment overdue or missed: " + c.What})
		}
	}
	overdue := 0
	for _, c := range r.Checklists {
		for _, s := range c.Steps {
			if s.Open() && !s.Due.IsZero() && s.Due.DaysFrom(now) < 0 {
				overdue++
			}
		}
	}
	if overdue > 0 {
		fs = append(fs, Flag{SeverityMedium, fmt.Sprintf("%d checklist steps overdue", overdue)})
	}
	sortFlags(fs)
	return fs
}

func reason(r string) string {
	if r == "" {
		return ""
	}
	return ": " + r
}

// HasActiveRole reports whether any active stakeholder plays role.
func HasActiveRole(people []Person, role Role) bool {
	for _, p := range people {
		if p.Active() && p.HasRole(role) {
			return true
		}
	}
	return false
}

func severityRank(s Severity) int {
	for i, x := range Severities {
		if x == s {
			return i
		}
	}
	return -1
}

func sortFlags(fs []Flag) {
	// insertion sort: flags are few, and it keeps equal flags in order.
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && severityRank(fs[j].Severity) > severityRank(fs[j-1].Severity); j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

// RenewalCountdown describes the time to renewal in words: "in 42 days",
// "today", "12 days ago", or "" when no renewal date is set.
func RenewalCountdown(d Date, now time.Time) string {
	if d.IsZero() {
		return ""
	}
	switch n := d.DaysFrom(now); {
	case n == 0:
		return "today"
	case n == 1:
		return "tomorrow"
	case n > 0:
		return fmt.Sprintf("in %d days", n)
	default:
		return fmt.Sprintf("%d days ago", -n)
	}
}
