package store

import (
	"bytes"
	"fmt"
	"slices"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// People returns the account's stakeholders in ID order.
func (s *Store) People(accountID string) ([]model.Person, error) {
	return list(s, kindPerson, accountID)
}

// PutPerson creates or updates a stakeholder. Their manager and
// dotted-line managers must be people of the same account, and the
// reports-to lines must not form a loop.
func (s *Store) PutPerson(p model.Person) (model.Person, error) {
	return put(s, kindPerson, p, personRulesTx)
}

// UpdatePerson reads a stakeholder, lets change alter them and saves them,
// all in one transaction, so that a quick change (marked as left, moved
// under another manager, a dotted-line manager added) never overwrites an
// edit made in between. The same rules as PutPerson apply.
func (s *Store) UpdatePerson(accountID, id string, change func(p *model.Person) error) (model.Person, error) {
	var out model.Person
	now := s.now()
	err := s.update(func(tx *bolt.Tx) error {
		var p model.Person
		if err := getFound(tx.Bucket(bucketPeople), childKey(accountID, id), &p, "person", id); err != nil {
			return err
		}
		if err := change(&p); err != nil {
			return err
		}
		p.ID, p.AccountID, p.Updated = id, accountID, now
		if err := personRulesTx(tx, p); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketPeople), childKey(accountID, id), p); err != nil {
			return err
		}
		out = p
		return touchAccount(tx, accountID, now, false)
	})
	return out, s.wrap("save person", err)
}

// PutPeople creates or updates many stakeholders of one account in one
// transaction: all are saved or none (an import of contacts). The rules of
// PutPerson apply to the people as they stand after the whole change.
func (s *Store) PutPeople(accountID string, people []model.Person) ([]model.Person, error) {
	now := s.now()
	out := make([]model.Person, len(people))
	err := s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Get([]byte(accountID)) == nil {
			return fmt.Errorf("account %s: %w", accountID, ErrNotFound)
		}
		for i, p := range people {
			if p.AccountID != accountID {
				return fmt.Errorf("person %q belongs to account %s, not %s", p.Name, p.AccountID, accountID)
			}
			kindPerson.stamp(&p, model.NewIDAt(now), now)
			if err := p.Validate(); err != nil {
				return fmt.Errorf("person %q: %w", p.Name, err)
			}
			if err := putJSON(tx.Bucket(bucketPeople), childKey(accountID, p.ID), p); err != nil {
				return err
			}
			out[i] = p
		}
		for _, p := range out {
			if err := personRulesTx(tx, p); err != nil {
				return fmt.Errorf("person %q: %w", p.Name, err)
			}
		}
		return touchAccount(tx, accountID, now, false)
	})
	return out, s.wrap("save people", err)
}

// personRulesTx checks a person against the rest of their account: the
// manager and dotted-line managers are people of it, and the reports-to
// lines make no loop.
func personRulesTx(tx *bolt.Tx, p model.Person) error {
	if err := p.Validate(); err != nil {
		return err
	}
	others, err := listTx(tx, kindPerson, p.AccountID)
	if err != nil {
		return err
	}
	others = slices.DeleteFunc(others, func(o model.Person) bool { return o.ID == p.ID })
	ids := map[string]bool{}
	for _, o := range others {
		ids[o.ID] = true
	}
	if p.ReportsTo != "" && !ids[p.ReportsTo] {
		return &model.ValidationError{Problems: []model.FieldError{{Field: "reports_to", Problem: "is not a person of this account"}}}
	}
	for _, m := range p.DottedLine {
		if !ids[m] {
			return &model.ValidationError{Problems: []model.FieldError{{Field: "dotted_line", Problem: m + " is not a person of this account"}}}
		}
	}
	if model.ReportsToCycle(append(others, p)) != nil {
		return &model.ValidationError{Problems: []model.FieldError{{Field: "reports_to", Problem: "would make a loop in the org chart"}}}
	}
	return nil
}

// DeletePerson moves a stakeholder to the trash with their influence lines
// and their links on timeline entries. Someone who still has people
// reporting to them (directly or dotted-line) cannot be deleted until
// those people report elsewhere; marking them as left the company keeps
// the org chart intact instead.
func (s *Store) DeletePerson(accountID, id string) (string, error) {
	var trashID string
	err := s.update(func(tx *bolt.Tx) error {
		people, err := listTx(tx, kindPerson, accountID)
		if err != nil {
			return err
		}
		var p *model.Person
		reports := 0
		for i := range people {
			if people[i].ID == id {
				p = &people[i]
			}
			if people[i].ReportsTo == id || slices.Contains(people[i].DottedLine, id) {
				reports++
			}
		}
		if p == nil {
			return fmt.Errorf("person %s: %w", id, ErrNotFound)
		}
		if reports > 0 {
			return fmt.Errorf("%s has %d people reporting to them: move those first, or mark %s as left the company", p.Name, reports, p.Name)
		}
		rec := model.AccountRecord{People: []model.Person{*p}}
		rec.Account.ID = accountID
		edges, err := listTx(tx, kindEdge, accountID)
		if err != nil {
			return err
		}
		for _, e := range edges {
			if e.From == id || e.To == id {
				rec.Edges = append(rec.Edges, e)
				if err := tx.Bucket(bucketEdges).Delete(childKey(accountID, e.ID)); err != nil {
					return err
				}
			}
		}
		linked, err := linkedEntriesTx(tx, accountID, id)
		if err != nil {
			return err
		}
		for _, e := range linked {
			rec.Timeline = append(rec.Timeline, e)
			e.People = slices.DeleteFunc(slices.Clone(e.People), func(x string) bool { return x == id })
			if err := putEntryTx(tx, e); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketPeople).Delete(childKey(accountID, id)); err != nil {
			return err
		}
		if trashID, err = s.trashTx(tx, "person", accountID, p.Name, rec); err != nil {
			return err
		}
		// A sponsor or champion leaves the due-item index with them.
		return touchAccount(tx, accountID, s.now(), true)
	})
	return trashID, s.wrap("delete person", err)
}

// Edges returns the account's influence lines.
func (s *Store) Edges(accountID string) ([]model.InfluenceEdge, error) {
	return list(s, kindEdge, accountID)
}

// PutEdge creates or updates an influence line between two stakeholders
// of the same account.
func (s *Store) PutEdge(e model.InfluenceEdge) (model.InfluenceEdge, error) {
	return put(s, kindEdge, e, func(tx *bolt.Tx, e model.InfluenceEdge) error {
		if err := e.Validate(); err != nil {
			return err
		}
		for _, end := range []string{e.From, e.To} {
			if tx.Bucket(bucketPeople).Get(childKey(e.AccountID, end)) == nil {
				return fmt.Errorf("%s is not a person of this account", end)
			}
		}
		return nil
	})
}

// DeleteEdge moves an influence line to the trash.
func (s *Store) DeleteEdge(accountID, id string) (string, error) {
	return del(s, kindEdge, accountID, id)
}

// DeleteEntry moves a timeline entry to the trash.
func (s *Store) DeleteEntry(id string) (string, error) {
	var trashID string
	err := s.update(func(tx *bolt.Tx) error {
		e, err := deleteEntryTx(tx, id)
		if err != nil {
			return err
		}
		rec := model.AccountRecord{Timeline: []model.TimelineEntry{e}}
		rec.Account.ID = e.AccountID
		if trashID, err = s.trashTx(tx, "timeline entry", e.AccountID, e.Title, rec); err != nil {
			return err
		}
		return touchAccount(tx, e.AccountID, s.now(), true)
	})
	return trashID, s.wrap("delete timeline entry", err)
}

// Plans returns the account's success plans.
func (s *Store) Plans(accountID string) ([]model.SuccessPlan, error) {
	return list(s, kindPlan, accountID)
}

// PutPlan creates or updates a success plan.
func (s *Store) PutPlan(p model.SuccessPlan) (model.SuccessPlan, error) {
	return put(s, kindPlan, p, validateSelf)
}

// DeletePlan moves a success plan to the trash.
func (s *Store) DeletePlan(accountID, id string) (string, error) {
	return del(s, kindPlan, accountID, id)
}

// Commitments returns the account's commitments.
func (s *Store) Commitments(accountID string) ([]model.Commitment, error) {
	return list(s, kindCommitment, accountID)
}

// PutCommitment creates or updates a commitment.
func (s *Store) PutCommitment(c model.Commitment) (model.Commitment, error) {
	return put(s, kindCommitment, c, validateSelf)
}

// DeleteCommitment moves a commitment to the trash.
func (s *Store) DeleteCommitment(accountID, id string) (string, error) {
	return del(s, kindCommitment, accountID, id)
}

// Risks returns the account's risks.
func (s *Store) Risks(accountID string) ([]model.Risk, error) {
	return list(s, kindRisk, accountID)
}

// PutRisk creates or updates a risk.
func (s *Store) PutRisk(r model.Risk) (model.Risk, error) {
	return put(s, kindRisk, r, validateSelf)
}

// DeleteRisk moves a risk to the trash.
func (s *Store) DeleteRisk(accountID, id string) (string, error) {
	return del(s, kindRisk, accountID, id)
}

// Checklists returns the playbooks applied to the account.
func (s *Store) Checklists(accountID string) ([]model.Checklist, error) {
	return list(s, kindChecklist, accountID)
}

// PutChecklist creates or updates a checklist.
func (s *Store) PutChecklist(c model.Checklist) (model.Checklist, error) {
	return put(s, kindChecklist, c, validateSelf)
}

// DeleteChecklist moves a checklist to the trash.
func (s *Store) DeleteChecklist(accountID, id string) (string, error) {
	return del(s, kindChecklist, accountID, id)
}

// Handoffs returns the account's handoff history.
func (s *Store) Handoffs(accountID string) ([]model.Handoff, error) {
	return list(s, kindHandoff, accountID)
}

// HandoffsOf returns the handoff histories of the given accounts, keyed by
// account ID, read in one transaction.
func (s *Store) HandoffsOf(accountIDs []string) (map[string][]model.Handoff, error) {
	out := make(map[string][]model.Handoff, len(accountIDs))
	err := s.view(func(tx *bolt.Tx) error {
		for _, id := range accountIDs {
			hs, err := listTx(tx, kindHandoff, id)
			if err != nil {
				return err
			}
			out[id] = hs
		}
		return nil
	})
	return out, err
}

// DeleteHandoff moves one record of the account's handoff history to the
// trash, in one transaction, and refreshes the account's summary so the
// list's handoff column follows.
func (s *Store) DeleteHandoff(accountID, id string) (string, error) {
	return del(s, kindHandoff, accountID, id)
}

// Handoff finds one handoff record by its ID alone, for commands that are
// given only that; the history is small, so a scan of it is cheap.
func (s *Store) Handoff(id string) (model.Handoff, error) {
	var out model.Handoff
	suffix := []byte("/" + id)
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketHandoffs).Cursor()
		for k, raw := c.First(); k != nil; k, raw = c.Next() {
			if !bytes.HasSuffix(k, suffix) {
				continue
			}
			return unmarshal(k, raw, &out)
		}
		return fmt.Errorf("handoff %s: %w", id, ErrNotFound)
	})
	return out, s.wrap("read handoff "+id, err)
}

// PutHandoff records a handoff of the account.
func (s *Store) PutHandoff(h model.Handoff) (model.Handoff, error) {
	return put(s, kindHandoff, h, validateSelf)
}

// AddHandoffs records handoffs on their accounts in one transaction: all
// are added or none. Only the handoff histories and the account list's
// summaries change; the accounts themselves (and their Updated times) are
// left alone, so an edit made in the meantime is never overwritten.
func (s *Store) AddHandoffs(hs []model.Handoff) error {
	now := s.now()
	err := s.update(func(tx *bolt.Tx) error {
		touched := map[string]bool{}
		for _, h := range hs {
			kindHandoff.stamp(&h, model.NewIDAt(now), now)
			if tx.Bucket(bucketAccounts).Get([]byte(h.AccountID)) == nil {
				return fmt.Errorf("account %s: %w", h.AccountID, ErrNotFound)
			}
			if err := h.Validate(); err != nil {
				return err
			}
			if err := putJSON(tx.Bucket(bucketHandoffs), childKey(h.AccountID, h.ID), h); err != nil {
				return err
			}
			touched[h.AccountID] = true
		}
		for _, id := range sortedKeys(touched) {
			if err := refreshSummary(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	return s.wrap("record handoffs", err)
}
