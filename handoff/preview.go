package handoff

import (
	"fmt"
	"slices"
	"weak"

	"bob/internal/parallel"
	"bob/model"
	"bob/store"
)

// Preview is what importing a bundle would do, account by account, before
// anything is written: which accounts are new, which exist (and what the
// bundle adds to them and where they differ), which are unchanged.
type Preview struct {
	Policy Policy
	// Redacted is true when the bundle left out private fields; the
	// receiver's own private fields are then kept, never cleared.
	Redacted bool
	// Accounts reports on each account, in the bundle's order.
	Accounts []AccountMerge
	// Records are the merged records, one per account, in the same order.
	// They share lists with the bundle as read and with the book's
	// records (see Merge): to change one, change a copy of the list.
	Records []model.AccountRecord
	// OwnerChanges lists your accounts whose owner the import changes.
	OwnerChanges []OwnerChange
	// Collisions lists the bundle's accounts whose ID is that of one of
	// yours with another name: most likely another customer.
	Collisions []Collision
	// PredecessorSteps counts the sender's open outgoing transition steps
	// the import closes as their history.
	PredecessorSteps int
	// basis is what Plan made the preview from, so that ApplyWith can
	// write it instead of planning again (nil for a preview not made by
	// Plan).
	basis *planBasis
}

// planBasis is what a preview was planned from: the bundle, the policy
// and the version of the book it was merged into.
type planBasis struct {
	// opened is weak: a preview kept for the write must not keep the
	// bundle as read alive (see ApplyWith).
	opened weak.Pointer[Opened]
	policy Policy
	book   store.Version
}

// NewPreview merges every account of an opened bundle into the local
// book, given the local versions of the bundle's accounts (keyed by
// account ID; an account missing from locals is new). It is pure: it
// reads nothing and writes nothing.
func NewPreview(locals map[string]model.AccountRecord, opened *Opened, policy Policy) (Preview, error) {
	if _, err := ParsePolicy(string(policy)); err != nil {
		return Preview{}, err
	}
	p := Preview{Policy: policy, Redacted: opened.Manifest.Redacted}
	if len(opened.Records) == 0 {
		return p, nil
	}
	p.Accounts = make([]AccountMerge, len(opened.Records))
	p.Records = make([]model.AccountRecord, len(opened.Records))
	// Each account merges on its own (Merge is pure): on every core. Of
	// several accounts a merge would break, the first is named.
	err := parallel.EachInOrder(len(opened.Records), parallel.Workers(), func(i int) error {
		in := opened.Records[i]
		var local *model.AccountRecord
		if l, ok := locals[in.Account.ID]; ok {
			local = &l
			if p.Redacted {
				// The people's notes are put back in a copy of the list:
				// the bundle's stays as it was read.
				in.People = slices.Clone(in.People)
				restorePrivate(l, &in)
			}
		}
		merged, rep := Merge(local, in, policy)
		// A merge is checked here, so the preview can say which account
		// would break and what to do. A new account is the bundle's
		// record (checked as it was read) as received, which changes
		// its owner, handoffs and checklists, not its timeline: it is
		// checked without it (checking every timeline of a whole
		// book's import again was a third pass over them; the book
		// checks each record as it writes it).
		if rep.Changed {
			check := merged
			if local == nil {
				check.Timeline = nil
			}
			if err := check.Validate(); err != nil {
				return newErr(ErrInvalidAccount, AccountPath(in.Account.ID),
					fmt.Sprintf("merging %s would make it invalid: %v", accountLabel(in.Account), err),
					"import it with the other conflict policy, or fix the local account first", err)
			}
		}
		p.Accounts[i], p.Records[i] = rep, merged
		return nil
	})
	if err != nil {
		return Preview{}, err
	}
	return p, nil
}

// Count returns how many accounts have the given status.
func (p Preview) Count(s MergeStatus) int {
	n := 0
	for _, a := range p.Accounts {
		if a.Status == s {
			n++
		}
	}
	return n
}

// Conflicts counts the conflicting fields over all accounts.
func (p Preview) Conflicts() int {
	n := 0
	for _, a := range p.Accounts {
		n += len(a.Conflicts)
	}
	return n
}

// Changed returns the merged records an import must write: the new
// accounts and the existing ones that change.
func (p Preview) Changed() []model.AccountRecord {
	var out []model.AccountRecord
	for i, a := range p.Accounts {
		if a.Changed {
			out = append(out, p.Records[i])
		}
	}
	return out
}

// Summary says in one line what the import would do, e.g. "2 new, 1
// updated, 3 unchanged; 4 conflicts (kept yours)".
func (p Preview) Summary() string {
	updated := 0
	for _, a := range p.Accounts {
		if a.Status == StatusExisting && a.Changed {
			updated++
		}
	}
	s := fmt.Sprintf("%d new, %d updated, %d unchanged", p.Count(StatusNew), updated, len(p.Accounts)-p.Count(StatusNew)-updated)
	if n := p.Conflicts(); n > 0 {
		won := "kept yours"
		if p.Policy == PolicyTheirs {
			won = "took theirs"
		}
		s += fmt.Sprintf("; %s (%s)", model.Plural(n, "conflict"), won)
	}
	return s
}
