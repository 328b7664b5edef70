package store

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// refreshSummary recomputes an account's summary from its records. The
// most expensive part, the last touch, is a reverse scan of the account's
// timeline that stops at the first external entry.
func refreshSummary(tx *bolt.Tx, accountID string) error {
	var a model.Account
	ok, err := getJSON(tx.Bucket(bucketAccounts), []byte(accountID), &a)
	if err != nil {
		return err
	}
	if !ok {
		return tx.Bucket(bucketSummaries).Delete([]byte(accountID))
	}
	rec := model.AccountRecord{Account: a}
	if rec.Plans, err = listTx(tx, kindPlan, accountID); err != nil {
		return err
	}
	if rec.Risks, err = listTx(tx, kindRisk, accountID); err != nil {
		return err
	}
	if rec.Checklists, err = listTx(tx, kindChecklist, accountID); err != nil {
		return err
	}
	if rec.Handoffs, err = listTx(tx, kindHandoff, accountID); err != nil {
		return err
	}
	sum := model.Summarize(rec)
	if sum.LastTouch, err = lastTouchTx(tx, accountID); err != nil {
		return err
	}
	return putJSON(tx.Bucket(bucketSummaries), []byte(accountID), sum)
}

// Summaries returns the summary of every account, handed-off ones
// included, ordered by name. It decodes only the compact summaries.
func (s *Store) Summaries() ([]model.AccountSummary, error) {
	var out []model.AccountSummary
	err := s.db.View(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketSummaries)
		return b.ForEach(func(k, v []byte) error {
			var sum model.AccountSummary
			if err := json.Unmarshal(v, &sum); err != nil {
				return fmt.Errorf("summary of account %s is damaged: %w (run bob check)", k, err)
			}
			out = append(out, sum)
			return nil
		})
	})
	if err != nil {
		return nil, s.wrap("read the account list", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := strings.ToLower(out[i].Name), strings.ToLower(out[j].Name)
		if a != b {
			return a < b
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}
