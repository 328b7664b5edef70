package store

import (
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// Account returns one account by ID.
func (s *Store) Account(id string) (model.Account, error) {
	var a model.Account
	err := s.viewSpans([]span{keyOf(bucketAccounts, id)}, func(tx *bolt.Tx) error {
		return getFound(tx.Bucket(bucketAccounts), []byte(id), &a, "account", id)
	})
	return a, err
}

// FindAccount looks an account up the way a user names it: by ID, by its
// whole name (any case), or by a part of its name that only one account
// has. Handed-off accounts are found too.
func (s *Store) FindAccount(query string) (model.Account, error) {
	q := strings.TrimSpace(query)
	if a, err := s.Account(q); err == nil {
		return a, nil
	} else if !errors.Is(err, ErrNotFound) {
		return a, err
	}
	sums, err := s.Summaries()
	if err != nil {
		return model.Account{}, err
	}
	lq := strings.ToLower(q)
	var exact, partial []model.AccountSummary
	for _, sum := range sums {
		name := strings.ToLower(sum.Name)
		switch {
		case name == lq:
			exact = append(exact, sum)
		case strings.Contains(name, lq):
			partial = append(partial, sum)
		}
	}
	matches := exact
	if len(matches) == 0 {
		matches = partial
	}
	switch len(matches) {
	case 0:
		return model.Account{}, fmt.Errorf("no account is called %q: %w (bob list shows them all)", q, ErrNotFound)
	case 1:
		return s.Account(matches[0].ID)
	}
	names := make([]string, 0, 5)
	for i, m := range matches {
		if i == 5 {
			names = append(names, fmt.Sprintf("and %d more", len(matches)-5))
			break
		}
		names = append(names, fmt.Sprintf("%s (%s)", m.Name, m.ID))
	}
	return model.Account{}, fmt.Errorf("%q: %w: %s; use more of the name or the ID", q, ErrAmbiguous, strings.Join(names, ", "))
}

// PutAccount creates or updates an account. A new account gets an ID and
// its Created time; every save sets Updated. Invalid accounts are refused
// with a *model.ValidationError naming each problem.
func (s *Store) PutAccount(a model.Account) (model.Account, error) {
	now := s.now()
	stamp(&a.ID, &a.Created, &a.Updated, model.NewIDAt(now), now)
	if err := a.Validate(); err != nil {
		return a, err
	}
	err := s.update(func(tx *bolt.Tx) error {
		if err := putJSON(tx.Bucket(bucketAccounts), []byte(a.ID), a); err != nil {
			return err
		}
		return refreshSummary(tx, a.ID)
	})
	return a, s.wrap("save account "+a.Name, err)
}

// UpdateAccount changes an account in one transaction: change gets the
// current account and edits it in place; the result is validated and
// saved. A quick edit (say, the renewal date) thus never overwrites
// another write that landed since the screen read the account.
func (s *Store) UpdateAccount(id string, change func(a *model.Account) error) (model.Account, error) {
	var a model.Account
	err := s.update(func(tx *bolt.Tx) error {
		if err := getFound(tx.Bucket(bucketAccounts), []byte(id), &a, "account", id); err != nil {
			return err
		}
		if err := change(&a); err != nil {
			return err
		}
		a.ID, a.Updated = id, s.now()
		if err := a.Validate(); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketAccounts), []byte(id), a); err != nil {
			return err
		}
		return refreshSummary(tx, id)
	})
	return a, s.wrap("save account "+id, err)
}

// DeleteAccount moves an account and everything that belongs to it to the
// trash, and returns the trash item's ID (RestoreTrash brings it back).
func (s *Store) DeleteAccount(id string) (string, error) {
	var trashID string
	err := s.update(func(tx *bolt.Tx) error {
		rec, err := recordTx(tx, id)
		if err != nil {
			return err
		}
		if err := deleteAccountTx(tx, id); err != nil {
			return err
		}
		trashID, err = s.trashTx(tx, "account", id, rec.Account.Name, rec)
		return err
	})
	return trashID, s.wrap("delete account "+id, err)
}

// deleteAccountTx removes every key of the account from every bucket.
func deleteAccountTx(tx *bolt.Tx, id string) error {
	touch(tx, id)
	prefix := accountPrefix(id)
	for _, p := range recordParts {
		if err := deletePrefix(tx.Bucket(p.bucketName()), prefix); err != nil {
			return err
		}
	}
	var entryIDs [][]byte
	tl := tx.Bucket(bucketTimeline)
	c := tl.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Next() {
		entryIDs = append(entryIDs, append([]byte(nil), k[len(k)-26:]...))
	}
	if err := deletePrefix(tl, prefix); err != nil {
		return err
	}
	if b := tx.Bucket(bucketTimelinePeople); b != nil {
		if err := deletePrefix(b, prefix); err != nil {
			return err
		}
	}
	if err := putCounts(tx, id, nil); err != nil {
		return err
	}
	for _, e := range entryIDs {
		if err := tx.Bucket(bucketTimelineIDs).Delete(e); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketAccounts).Delete([]byte(id)); err != nil {
		return err
	}
	if err := deleteDue(tx, id); err != nil {
		return err
	}
	return deleteSummary(tx, id)
}

func deletePrefix(b *bolt.Bucket, prefix []byte) error {
	c := b.Cursor()
	for k, _ := c.Seek(prefix); k != nil && hasPrefix(k, prefix); k, _ = c.Seek(prefix) {
		if err := c.Delete(); err != nil {
			return err
		}
	}
	return nil
}

func hasPrefix(k, p []byte) bool { return len(k) >= len(p) && string(k[:len(p)]) == string(p) }
