package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// ImportRows writes accounts and people read from a spreadsheet in one
// transaction: all of them or none. Each is created or replaced as given
// (a new one gets an ID and its Created time; every one gets Updated).
// Every account touched is validated whole with its people (references,
// org-chart loops), so an import can never leave a broken book; any
// failure leaves the file exactly as it was.
func (s *Store) ImportRows(accounts []model.Account, people []model.Person) error {
	now := s.now()
	err := s.update(func(tx *bolt.Tx) error {
		touched := map[string]bool{}
		for _, a := range accounts {
			stamp(&a.ID, &a.Created, &a.Updated, model.NewIDAt(now), now)
			if err := a.Validate(); err != nil {
				return fmt.Errorf("account %q: %w", a.Name, err)
			}
			if err := putJSON(tx.Bucket(bucketAccounts), []byte(a.ID), a); err != nil {
				return err
			}
			touched[a.ID] = true
		}
		for _, p := range people {
			kindPerson.stamp(&p, model.NewIDAt(now), now)
			if tx.Bucket(bucketAccounts).Get([]byte(p.AccountID)) == nil {
				return fmt.Errorf("person %q: account %s: %w", p.Name, p.AccountID, ErrNotFound)
			}
			if err := p.Validate(); err != nil {
				return fmt.Errorf("person %q: %w", p.Name, err)
			}
			if err := putJSON(tx.Bucket(bucketPeople), childKey(p.AccountID, p.ID), p); err != nil {
				return err
			}
			touched[p.AccountID] = true
		}
		for _, id := range sortedKeys(touched) {
			var rec model.AccountRecord
			if _, err := getJSON(tx.Bucket(bucketAccounts), []byte(id), &rec.Account); err != nil {
				return err
			}
			var err error
			if rec.People, err = listTx(tx, kindPerson, id); err != nil {
				return err
			}
			if err := rec.Validate(); err != nil {
				return fmt.Errorf("account %q: %w", rec.Account.Name, err)
			}
			if err := touchAccount(tx, id, now, true); err != nil {
				return err
			}
		}
		return nil
	})
	return s.wrap("import", err)
}
