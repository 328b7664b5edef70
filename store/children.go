package store

import (
	"bytes"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// kind describes one type of record that belongs to an account and lives
// under "<account id>/<id>" in its own bucket. One set of generic
// functions serves people, edges, plans, commitments, risks, checklists
// and handoffs alike.
type kind[T any] struct {
	name    string // in the user's words, for errors and the trash
	bucket  []byte
	ids     func(T) (accountID, id string)
	stamp   func(t *T, id string, now time.Time) // set ID if empty, Created if zero, Updated
	title   func(T) string
	inRec   func(r *model.AccountRecord) *[]T
	summary bool // whether the account summary or the due-item index depends on this kind
}

func stamp(id *string, created, updated *time.Time, newID string, now time.Time) {
	if *id == "" {
		*id = newID
	}
	if created != nil && created.IsZero() {
		*created = now
	}
	if updated != nil {
		*updated = now
	}
}

var (
	kindPerson = kind[model.Person]{
		name: "person", bucket: bucketPeople, summary: true,
		ids: func(v model.Person) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.Person, id string, now time.Time) {
			stamp(&v.ID, &v.Created, &v.Updated, id, now)
		},
		title: func(v model.Person) string { return v.Name },
		inRec: func(r *model.AccountRecord) *[]model.Person { return &r.People },
	}
	kindEdge = kind[model.InfluenceEdge]{
		name: "influence", bucket: bucketEdges,
		ids: func(v model.InfluenceEdge) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.InfluenceEdge, id string, now time.Time) {
			stamp(&v.ID, &v.Created, &v.Updated, id, now)
		},
		title: func(v model.InfluenceEdge) string { return "influence " + v.From + " -> " + v.To },
		inRec: func(r *model.AccountRecord) *[]model.InfluenceEdge { return &r.Edges },
	}
	kindPlan = kind[model.SuccessPlan]{
		name: "success plan", bucket: bucketPlans, summary: true,
		ids: func(v model.SuccessPlan) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.SuccessPlan, id string, now time.Time) {
			stamp(&v.ID, &v.Created, &v.Updated, id, now)
		},
		title: func(v model.SuccessPlan) string { return v.Title },
		inRec: func(r *model.AccountRecord) *[]model.SuccessPlan { return &r.Plans },
	}
	kindCommitment = kind[model.Commitment]{
		name: "commitment", bucket: bucketCommitments, summary: true,
		ids: func(v model.Commitment) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.Commitment, id string, now time.Time) {
			stamp(&v.ID, &v.Created, &v.Updated, id, now)
		},
		title: func(v model.Commitment) string { return v.What },
		inRec: func(r *model.AccountRecord) *[]model.Commitment { return &r.Commitments },
	}
	kindRisk = kind[model.Risk]{
		name: "risk", bucket: bucketRisks, summary: true,
		ids: func(v model.Risk) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.Risk, id string, now time.Time) {
			stamp(&v.ID, &v.Created, &v.Updated, id, now)
		},
		title: func(v model.Risk) string { return v.Title },
		inRec: func(r *model.AccountRecord) *[]model.Risk { return &r.Risks },
	}
	kindChecklist = kind[model.Checklist]{
		name: "checklist", bucket: bucketChecklists, summary: true,
		ids: func(v model.Checklist) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.Checklist, id string, now time.Time) {
			stamp(&v.ID, &v.Created, &v.Updated, id, now)
		},
		title: func(v model.Checklist) string { return v.Title },
		inRec: func(r *model.AccountRecord) *[]model.Checklist { return &r.Checklists },
	}
	kindHandoff = kind[model.Handoff]{
		name: "handoff", bucket: bucketHandoffs, summary: true,
		ids: func(v model.Handoff) (string, string) { return v.AccountID, v.ID },
		stamp: func(v *model.Handoff, id string, now time.Time) {
			stamp(&v.ID, nil, nil, id, now)
			if v.When.IsZero() {
				v.When = now
			}
		},
		title: func(v model.Handoff) string { return "handoff to " + v.To },
		inRec: func(r *model.AccountRecord) *[]model.Handoff { return &r.Handoffs },
	}
)

// recordPart is one kind of record an account holds, whatever its Go
// type: reading a whole account, writing one and refreshing its summary
// walk the same list of kinds rather than name each one again.
type recordPart interface {
	// readInto sets the kind's list in r to the account's records of it.
	readInto(tx *bolt.Tx, accountID string, r *model.AccountRecord) error
	// writeFrom writes the kind's records in r as they are.
	writeFrom(tx *bolt.Tx, r model.AccountRecord) error
	// stageFrom appends what writeFrom puts to puts (see stageRecord).
	stageFrom(r model.AccountRecord, puts []stagedPut) ([]stagedPut, error)
	// feedsSummary says whether the summary or the due-item index
	// depends on the kind.
	feedsSummary() bool
	// bucketName is the bucket that holds the kind.
	bucketName() []byte
}

func (k kind[T]) readInto(tx *bolt.Tx, accountID string, r *model.AccountRecord) (err error) {
	*k.inRec(r), err = listTx(tx, k, accountID)
	return err
}

func (k kind[T]) writeFrom(tx *bolt.Tx, r model.AccountRecord) error {
	return putAll(tx, k, *k.inRec(&r))
}

func (k kind[T]) stageFrom(r model.AccountRecord, puts []stagedPut) ([]stagedPut, error) {
	for _, v := range *k.inRec(&r) {
		acc, id := k.ids(v)
		raw, err := marshalPart(v)
		if err != nil {
			return puts, err
		}
		puts = append(puts, stagedPut{k.bucket, childKey(acc, id), raw})
	}
	return puts, nil
}

func (k kind[T]) feedsSummary() bool { return k.summary }

func (k kind[T]) bucketName() []byte { return k.bucket }

var (
	// plainParts are the kinds that refer to nothing but their account.
	plainParts = []recordPart{kindPlan, kindCommitment, kindRisk, kindChecklist, kindHandoff}
	// recordParts are all the kinds an account record holds besides the
	// account and its timeline: people and influence edges first, as
	// the others may name them.
	recordParts = append([]recordPart{kindPerson, kindEdge}, plainParts...)
)

// readPartsTx reads into r the account's records of every kind in
// recordParts, or only of those the summary depends on.
func readPartsTx(tx *bolt.Tx, accountID string, r *model.AccountRecord, summaryOnly bool) error {
	for _, p := range recordParts {
		if summaryOnly && !p.feedsSummary() {
			continue
		}
		if err := p.readInto(tx, accountID, r); err != nil {
			return err
		}
	}
	return nil
}

// listTx returns every record of kind k in the account, in ID order.
func listTx[T any](tx *bolt.Tx, k kind[T], accountID string) ([]T, error) {
	var out []T
	prefix := accountPrefix(accountID)
	c := tx.Bucket(k.bucket).Cursor()
	// The cursor holds each value already: decode it, rather than look
	// the key up again.
	for key, raw := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, raw = c.Next() {
		var v T
		if err := unmarshal(key, raw, &v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

func list[T any](s *Store, k kind[T], accountID string) ([]T, error) {
	var out []T
	err := s.viewSpans([]span{keysOf(k.bucket, accountID)}, func(tx *bolt.Tx) (err error) {
		out, err = listTx(tx, k, accountID)
		return err
	})
	return out, s.wrap("read "+k.name+"s of account "+accountID, err)
}

// put creates or replaces one record after validating it. validate is the
// record's own Validate plus any rule that needs the transaction.
func put[T any](s *Store, k kind[T], v T, validate func(tx *bolt.Tx, v T) error) (T, error) {
	now := s.now()
	k.stamp(&v, model.NewIDAt(now), now)
	accountID, id := k.ids(v)
	err := s.update(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketAccounts).Get([]byte(accountID)) == nil {
			return fmt.Errorf("account %s: %w", accountID, ErrNotFound)
		}
		if err := validate(tx, v); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(k.bucket), childKey(accountID, id), v); err != nil {
			return err
		}
		return touchAccount(tx, accountID, now, k.summary)
	})
	return v, s.wrap("save "+k.name, err)
}

// touchAccount records that the account changed now, and refreshes its
// summary when the change can move one of the summary's numbers.
func touchAccount(tx *bolt.Tx, accountID string, now time.Time, refresh bool) error {
	var a model.Account
	ok, err := getJSON(tx.Bucket(bucketAccounts), []byte(accountID), &a)
	if err != nil || !ok {
		return err
	}
	a.Updated = now
	if err := putJSON(tx.Bucket(bucketAccounts), []byte(accountID), a); err != nil {
		return err
	}
	if !refresh {
		sum, _, err := getSummary(tx, accountID)
		if err != nil {
			return err
		}
		sum.Updated = now
		return putSummary(tx, accountID, sum)
	}
	return refreshSummary(tx, accountID)
}

func validateSelf[T interface{ Validate() error }](_ *bolt.Tx, v T) error { return v.Validate() }
