package store

import (
	"fmt"
	"slices"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// TrashItem is something the user deleted, kept whole so that it can be
// restored. Record holds only the deleted parts: a whole account, or one
// person with the influence lines and timeline links that went with them,
// or one entry, plan, commitment, risk or checklist.
type TrashItem struct {
	ID        string              `json:"id"`
	Kind      string              `json:"kind"`
	AccountID string              `json:"account_id"`
	Title     string              `json:"title"`
	Deleted   time.Time           `json:"deleted"`
	Record    model.AccountRecord `json:"record"`
}

func (s *Store) trashTx(tx *bolt.Tx, kind, accountID, title string, rec model.AccountRecord) (string, error) {
	now := s.now()
	item := TrashItem{ID: model.NewIDAt(now), Kind: kind, AccountID: accountID, Title: title, Deleted: now, Record: rec}
	return item.ID, putJSON(tx.Bucket(bucketTrash), []byte(item.ID), item)
}

// Trash lists deleted items, most recently deleted first.
func (s *Store) Trash() ([]TrashItem, error) {
	var out []TrashItem
	err := s.viewSpans([]span{whole(bucketTrash)}, func(tx *bolt.Tx) error {
		return tx.Bucket(bucketTrash).ForEach(func(k, v []byte) error {
			var it TrashItem
			if err := unmarshal(k, v, &it); err != nil {
				return err
			}
			out = append(out, it)
			return nil
		})
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID > out[j].ID })
	return out, s.wrap("read the trash", err)
}

// RestoreTrash puts a deleted item back where it was and removes it from
// the trash. An account comes back whole. A person comes back with their
// influence lines (where the other person still exists) and their links
// on timeline entries that still exist.
func (s *Store) RestoreTrash(id string) error {
	err := s.update(func(tx *bolt.Tx) error {
		var it TrashItem
		if err := getFound(tx.Bucket(bucketTrash), []byte(id), &it, "trash item", id); err != nil {
			return err
		}
		// What is checked here is what is written below: the item's own
		// account ID, which Validate has tied to every record in it.
		if err := it.Validate(); err != nil {
			return fmt.Errorf("%w: it cannot be restored (run bob check)", err)
		}
		accountExists := tx.Bucket(bucketAccounts).Get([]byte(it.AccountID)) != nil
		if it.Kind == "account" {
			if accountExists {
				return fmt.Errorf("account %s already exists: delete or rename it before restoring this copy", it.AccountID)
			}
			if err := writeRecordTx(tx, it.Record, nil); err != nil {
				return err
			}
		} else {
			if !accountExists {
				return fmt.Errorf("its account %s is not in the book: restore the account first", it.AccountID)
			}
			if err := restorePartsTx(tx, it); err != nil {
				return err
			}
			if err := refreshSummary(tx, it.AccountID); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketTrash).Delete([]byte(id))
	})
	return s.wrap("restore from the trash", err)
}

func restorePartsTx(tx *bolt.Tx, it TrashItem) error {
	r := it.Record
	acc := it.AccountID
	personExists := func(id string) bool { return tx.Bucket(bucketPeople).Get(childKey(acc, id)) != nil }
	if err := refuseIfBack(tx, it); err != nil {
		return err
	}
	for _, p := range r.People {
		if p.ReportsTo != "" && !personExists(p.ReportsTo) {
			p.ReportsTo = ""
		}
		p.DottedLine = slices.DeleteFunc(p.DottedLine, func(m string) bool { return !personExists(m) })
		if err := putJSON(tx.Bucket(bucketPeople), childKey(acc, p.ID), p); err != nil {
			return err
		}
	}
	for _, e := range r.Edges {
		if personExists(e.From) && personExists(e.To) {
			if err := putJSON(tx.Bucket(bucketEdges), childKey(acc, e.ID), e); err != nil {
				return err
			}
		}
	}
	for _, e := range r.Timeline {
		if it.Kind == "person" {
			// Re-link the restored person on entries that still exist.
			key := tx.Bucket(bucketTimelineIDs).Get([]byte(e.ID))
			if key == nil {
				continue
			}
			var cur model.TimelineEntry
			if _, err := getJSON(tx.Bucket(bucketTimeline), key, &cur); err != nil {
				return err
			}
			for _, p := range r.People {
				if !slices.Contains(cur.People, p.ID) && slices.Contains(e.People, p.ID) {
					cur.People = append(cur.People, p.ID)
				}
			}
			e = cur
		} else {
			e.People = slices.DeleteFunc(e.People, func(p string) bool { return !personExists(p) })
		}
		if err := putEntryTx(tx, e); err != nil {
			return err
		}
	}
	return putPlainChildren(tx, r)
}

// refuseIfBack refuses to restore a record whose ID is in the book again
// (an import brought it back, say): the copy in the trash is older, and
// writing it would silently replace the newer one.
func refuseIfBack(tx *bolt.Tx, it TrashItem) error {
	r, acc := it.Record, it.AccountID
	again := inBookAgain(tx, kindPerson, acc, r.People, nil)
	if it.Kind != "person" { // a person's entries are re-linked, not restored
		for _, e := range r.Timeline {
			if tx.Bucket(bucketTimelineIDs).Get([]byte(e.ID)) != nil {
				again = append(again, e.ID)
			}
		}
	}
	again = inBookAgain(tx, kindPlan, acc, r.Plans, again)
	again = inBookAgain(tx, kindCommitment, acc, r.Commitments, again)
	again = inBookAgain(tx, kindRisk, acc, r.Risks, again)
	again = inBookAgain(tx, kindChecklist, acc, r.Checklists, again)
	if len(again) > 0 {
		return fmt.Errorf("the %s %q is in the book again (id %s), newer than this copy: nothing was restored", it.Kind, it.Title, again[0])
	}
	return nil
}

// inBookAgain appends to again the IDs of those of vs (records of kind k
// of the account) that are in the book.
func inBookAgain[T any](tx *bolt.Tx, k kind[T], accountID string, vs []T, again []string) []string {
	b := tx.Bucket(k.bucket)
	for _, v := range vs {
		if _, id := k.ids(v); b.Get(childKey(accountID, id)) != nil {
			again = append(again, id)
		}
	}
	return again
}

func putAll[T any](tx *bolt.Tx, k kind[T], vs []T) error {
	for _, v := range vs {
		acc, id := k.ids(v)
		if err := putJSON(tx.Bucket(k.bucket), childKey(acc, id), v); err != nil {
			return err
		}
	}
	return nil
}

// PurgeTrash deletes trash items for good, in one transaction: all of
// them or none. It backs the book up first (reason "trash"), because
// nothing else can bring them back, and returns that backup.
func (s *Store) PurgeTrash(ids ...string) (string, error) {
	if len(ids) == 0 {
		return "", nil
	}
	err := s.view(func(tx *bolt.Tx) error {
		for _, id := range ids {
			if tx.Bucket(bucketTrash).Get([]byte(id)) == nil {
				return fmt.Errorf("trash item %s: %w", id, ErrNotFound)
			}
		}
		return nil
	})
	if err != nil {
		return "", s.wrap("empty the trash", err)
	}
	backup, err := s.BackupAuto("trash")
	if err != nil {
		return "", fmt.Errorf("back the book up before emptying the trash: %w (nothing was deleted)", err)
	}
	err = s.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketTrash)
		for _, id := range ids {
			if b.Get([]byte(id)) == nil {
				return fmt.Errorf("trash item %s: %w", id, ErrNotFound)
			}
			if err := b.Delete([]byte(id)); err != nil {
				return err
			}
		}
		return nil
	})
	return backup, s.wrap("empty the trash", err)
}

// del moves one record of kind k to the trash.
func del[T any](s *Store, k kind[T], accountID, id string) (string, error) {
	var trashID string
	err := s.update(func(tx *bolt.Tx) error {
		var v T
		if err := getFound(tx.Bucket(k.bucket), childKey(accountID, id), &v, k.name, id); err != nil {
			return err
		}
		if err := tx.Bucket(k.bucket).Delete(childKey(accountID, id)); err != nil {
			return err
		}
		var rec model.AccountRecord
		rec.Account.ID = accountID
		*k.inRec(&rec) = []T{v}
		var err error
		if trashID, err = s.trashTx(tx, k.name, accountID, k.title(v), rec); err != nil {
			return err
		}
		return touchAccount(tx, accountID, s.now(), k.summary)
	})
	return trashID, s.wrap("delete "+k.name, err)
}
