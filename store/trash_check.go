package store

import (
	"fmt"

	"bob/model"
)

// Validate checks a trash item before it is stored (restore of a dump) or
// put back (RestoreTrash): a known kind, valid IDs, and a record that is
// exactly what that kind holds. An account comes whole and valid; any
// other kind holds records of its own account only, each valid, and one
// record of its kind (a person may bring the influence lines and
// timeline links that went with them). The record checked here is the
// record written: nothing else in the item is trusted.
func (it TrashItem) Validate() error {
	if !model.ValidID(it.ID) {
		return fmt.Errorf("trash item %s has no valid id", model.IDText(it.ID))
	}
	where := "trash item " + it.ID
	if !model.ValidID(it.AccountID) {
		return fmt.Errorf("%s: its account id %s is not valid", where, model.IDText(it.AccountID))
	}
	r := it.Record
	if r.Account.ID != it.AccountID {
		return fmt.Errorf("%s: it holds account %s, not its own %s", where, model.IDText(r.Account.ID), it.AccountID)
	}
	if it.Kind == "account" {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("%s (account %q): %w", where, it.Title, err)
		}
		return nil
	}
	counts := map[string]int{
		kindPerson.name: len(r.People), kindEdge.name: len(r.Edges), "timeline entry": len(r.Timeline),
		kindPlan.name: len(r.Plans), kindCommitment.name: len(r.Commitments), kindRisk.name: len(r.Risks),
		kindChecklist.name: len(r.Checklists), kindHandoff.name: len(r.Handoffs),
	}
	if _, known := counts[it.Kind]; !known {
		return fmt.Errorf("%s: %q is not a kind of record bob deletes", where, it.Kind)
	}
	if counts[it.Kind] != 1 {
		return fmt.Errorf("%s: a deleted %s holds %d of them, want 1", where, it.Kind, counts[it.Kind])
	}
	for k, n := range counts {
		extra := k != it.Kind && n > 0
		if it.Kind == kindPerson.name && (k == kindEdge.name || k == "timeline entry") {
			extra = false // a person goes to the trash with their lines and links
		}
		if extra {
			return fmt.Errorf("%s: a deleted %s also holds %d %s records", where, it.Kind, n, k)
		}
	}
	if r.Account.Name != "" || !r.Account.Created.IsZero() {
		return fmt.Errorf("%s: a deleted %s carries account data", where, it.Kind)
	}
	for _, err := range []error{
		partsValid(kindPerson, r.People, it.AccountID),
		partsValid(kindEdge, r.Edges, it.AccountID),
		entriesValid(r.Timeline, it.AccountID),
		partsValid(kindPlan, r.Plans, it.AccountID),
		partsValid(kindCommitment, r.Commitments, it.AccountID),
		partsValid(kindRisk, r.Risks, it.AccountID),
		partsValid(kindChecklist, r.Checklists, it.AccountID),
		partsValid(kindHandoff, r.Handoffs, it.AccountID),
	} {
		if err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	return nil
}

func partsValid[T interface{ Validate() error }](k kind[T], vs []T, accountID string) error {
	for _, v := range vs {
		acc, id := k.ids(v)
		if !model.ValidID(id) {
			return fmt.Errorf("a %s has no valid id", k.name)
		}
		if acc != accountID {
			return fmt.Errorf("%s %s belongs to account %s", k.name, id, model.IDText(acc))
		}
		if err := v.Validate(); err != nil {
			return fmt.Errorf("%s %s: %w", k.name, id, err)
		}
	}
	return nil
}

func entriesValid(es []model.TimelineEntry, accountID string) error {
	for _, e := range es {
		if !model.ValidID(e.ID) {
			return fmt.Errorf("a timeline entry has no valid id")
		}
		if e.AccountID != accountID {
			return fmt.Errorf("timeline entry %s belongs to account %s", e.ID, model.IDText(e.AccountID))
		}
		if err := e.Validate(); err != nil {
			return fmt.Errorf("timeline entry %s: %w", e.ID, err)
		}
	}
	return nil
}
