package handoff

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"bob/internal/parallel"
	"bob/model"
	"bob/playbooks"
)

// What an import does for the successor besides merging: the sender's
// unfinished outgoing steps become history, the incoming transition
// checklist starts, and the successor is told what they now own.

// predecessorNote is the note on an outgoing step the import closed.
func predecessorNote(from string) string {
	return "left open by " + nonEmpty(from, "the previous CSM") + " at the handoff; closed by the import as history"
}

// closePredecessorSteps skips every open step of the record's outgoing
// transition checklists, as the sender's (DoneBy is the sender), on the
// day the bundle was made, so the same bundle always closes them the same
// way. It returns how many it closed. The steps were the sender's
// to-dos; a successor who needs one again reopens it.
//
// It changes r's checklists and their steps only in copies (a record
// without open outgoing steps keeps its lists), so r may share them with
// another record, the bundle as read.
func closePredecessorSteps(r *model.AccountRecord, from string, day model.Date) int {
	n := 0
	copied := false
	for i, c := range r.Checklists {
		if c.Playbook != TransitionPlaybook || c.Finished() {
			continue
		}
		if !copied {
			r.Checklists, copied = slices.Clone(r.Checklists), true
		}
		steps := slices.Clone(c.Steps)
		for j := range steps {
			if !steps[j].Open() {
				continue
			}
			note := predecessorNote(from)
			if old := strings.TrimSpace(steps[j].Note); old != "" {
				note = old + "\n" + note
			}
			if err := steps[j].Move(model.StepSkipped, note, day, from); err != nil {
				continue // skipped is always a state; never reached
			}
			n++
		}
		c.Steps = steps
		r.Checklists[i] = c
	}
	return n
}

// ClosedByImport reports whether a step was closed by an import as the
// previous CSM's unfinished work.
func ClosedByImport(s model.Step) bool {
	return s.State == model.StepSkipped && strings.Contains(s.Note, "at the handoff; closed by the import as history")
}

// StartChecklist returns an ApplyOptions.NewAccount that starts pb's
// checklist on every account new to the book, applied on now's day and
// anchored where the playbook says; an account whose anchor day is
// unknown (a renewal anchor without a renewal date) gets none.
func StartChecklist(pb playbooks.Playbook, now time.Time) func(model.AccountRecord) model.AccountRecord {
	today := model.DateOf(now)
	return func(r model.AccountRecord) model.AccountRecord {
		day, err := pb.AnchorDay(r.Account, today, model.Date{})
		if err != nil {
			return r
		}
		c := pb.ChecklistAt(r.Account.ID, today, day)
		c.Created, c.Updated = now, now
		r.Checklists = append(r.Checklists, c)
		return r
	}
}

// Owned is what the successor owns after an import, said in a few lines:
// the import screen and bob import end with it.
type Owned struct {
	// From is the sender.
	From string
	// Accounts counts the bundle's accounts; ARR is their total per
	// currency ("" when none is recorded).
	Accounts int
	ARR      string
	// Renewals are the nearest renewals (at most three), e.g. "Acme
	// Corp, 2025-04-01 (in 31 days)".
	Renewals []string
	// Gaps are the gaps to close across the accounts, e.g. "no champion
	// on 2 accounts".
	Gaps []string
	// StartWith names the (at most two) most urgent accounts and why.
	StartWith []string
	// Closed counts the sender's open outgoing steps kept as history;
	// Started the incoming checklists started.
	Closed, Started int
	// Preview: nothing is imported yet (a dry run), so Lines says what
	// the successor would own.
	Preview bool
}

// Summarize says what the successor owns once recs (the bundle's accounts
// as merged) are in their book, on day now.
func Summarize(from string, recs []model.AccountRecord, now time.Time) Owned {
	o := Owned{From: from, Accounts: len(recs), ARR: totalARR(recs), Gaps: gapWords(recs, now)}
	byDate := make([]model.AccountRecord, 0, len(recs))
	for _, r := range recs {
		if !r.Account.Renewal.IsZero() {
			byDate = append(byDate, r)
		}
	}
	sort.SliceStable(byDate, func(i, j int) bool { return byDate[i].Account.Renewal.Before(byDate[j].Account.Renewal) })
	// The nearest renewals are the ones still ahead; passed ones show in
	// StartWith, where they are urgent.
	for _, r := range byDate {
		if len(o.Renewals) == 3 {
			break
		}
		if a := r.Account; a.Renewal.DaysFrom(now) >= 0 {
			o.Renewals = append(o.Renewals, a.Name+", "+a.Renewal.String()+" ("+model.RenewalCountdown(a.Renewal, now)+")")
		}
	}
	order, us := ByUrgency(recs, now)
	for _, i := range order {
		if len(o.StartWith) == 2 || !us[i].Urgent() {
			break
		}
		o.StartWith = append(o.StartWith, recs[i].Account.Name+" ("+strings.Join(us[i].Reasons, "; ")+")")
	}
	return o
}

// Lines says the summary in short lines, ending with where to start:
// where names the screen or command that lists what is due (the app's
// Today view, bob agenda).
func (o Owned) Lines(where string) []string {
	own := "You now own"
	if o.Preview {
		own = "You would own"
	}
	out := []string{fmt.Sprintf("%s %s from %s, ARR %s.", own, model.Plural(o.Accounts, "account"),
		nonEmpty(o.From, "the sender"), nonEmpty(o.ARR, "not recorded"))}
	if len(o.Renewals) > 0 {
		out = append(out, "Nearest renewals: "+strings.Join(o.Renewals, "; ")+".")
	}
	if len(o.Gaps) > 0 {
		out = append(out, "Gaps to close: "+strings.Join(o.Gaps, "; ")+".")
	}
	if o.Closed > 0 {
		out = append(out, fmt.Sprintf("%s's %s were kept as history (closed): they are not your to-dos.",
			nonEmpty(o.From, "The sender"), model.Plural(o.Closed, "open outgoing step")))
	}
	if o.Started > 0 {
		out = append(out, fmt.Sprintf("Your incoming transition checklist started on %s, due dates from today.", model.Plural(o.Started, "new account")))
	}
	if len(o.StartWith) > 0 {
		out = append(out, "Most urgent: "+strings.Join(o.StartWith, "; then ")+".")
	}
	if where != "" {
		out = append(out, "Where to start: "+where+".")
	}
	return out
}

// gapWords counts the completeness check's gaps a successor closes (not
// the outgoing checklist: that was the sender's) across the accounts.
func gapWords(recs []model.AccountRecord, now time.Time) []string {
	// Each account is checked on its own, on every core (a whole book's
	// import checked a million timeline entries on one).
	checks := make([][]Gap, len(recs))
	parallel.Each(len(recs), parallel.Workers(), func(i int) error {
		checks[i] = Check(recs[i], now)
		return nil
	})
	return gapWordsOf(checks)
}

// gapWordsOf is gapWords from each account's gaps, found beforehand.
func gapWordsOf(checks [][]Gap) []string {
	gaps := map[GapKind]int{}
	for _, found := range checks {
		seen := map[GapKind]bool{}
		for _, g := range found {
			if !seen[g.Kind] {
				seen[g.Kind] = true
				gaps[g.Kind]++
			}
		}
	}
	var out []string
	for _, k := range []struct {
		kind  GapKind
		words string
	}{
		{GapNoSponsor, "no executive sponsor"}, {GapNoChampion, "no champion"},
		{GapRenewalWithoutPlan, "a near renewal without a success plan"},
		{GapStaleStakeholder, "stakeholders not touched in 60 days"},
	} {
		if n := gaps[k.kind]; n > 0 {
			out = append(out, fmt.Sprintf("%s on %s", k.words, model.Plural(n, "account")))
		}
	}
	return out
}
