package handoff

import (
	"fmt"

	"bob/internal/parallel"
	"bob/model"
)

// checkRecords validates every record and checks that no account appears
// twice and that no ID is used by two accounts (which would make one
// overwrite the other in the receiver's book). fileOf names the bundle
// file of record i for the error ("" when writing); fix says what to do.
func checkRecords(recs []model.AccountRecord, fileOf func(i int) string, fix string) error {
	// Each record is validated on its own, on every core; the findings
	// are then read in order with the checks across records, so the
	// error is the one a check of one record after another meets first.
	invalid := make([]error, len(recs))
	parallel.Each(len(recs), parallel.Workers(), func(i int) error {
		invalid[i] = recs[i].Validate()
		return nil
	})
	return checkValidated(recs, invalid, fileOf, fix)
}

// checkValidated is checkRecords for records each already validated:
// invalid holds what each one's Validate returned.
func checkValidated(recs []model.AccountRecord, invalid []error, fileOf func(i int) string, fix string) error {
	accounts := make(map[string]string, len(recs))
	labels := make([]string, len(recs))
	// Sized for every ID first: grown as it filled, the map of a
	// million IDs was rehashed a dozen times.
	n := 0
	for i := range recs {
		n += idCount(&recs[i])
	}
	owners := idOwners{ulids: make(map[[ulidLen]byte]int32, n)}
	for i, r := range recs {
		label := accountLabel(r.Account)
		if err := invalid[i]; err != nil {
			return newErr(ErrInvalidAccount, fileOf(i), fmt.Sprintf("%s: %v", label, err), fix, err)
		}
		if prev, ok := accounts[r.Account.ID]; ok {
			return newErr(ErrInvalidAccount, fileOf(i),
				fmt.Sprintf("account %s appears twice (the first time as %s)", label, prev), fix, nil)
		}
		accounts[r.Account.ID] = label
		labels[i] = label
		for _, id := range recordIDs(r) {
			if prev, taken := owners.claim(id, i); taken {
				return newErr(ErrInvalidAccount, fileOf(i),
					fmt.Sprintf("id %s is used in two accounts (%s and %s)", id, labels[prev], label), fix, nil)
			}
		}
	}
	return nil
}

// idOwners remembers which account of a bundle uses each ID: about a
// hundred IDs per account, a million for a book of 10,000. An ID of the
// length NewID makes is kept as an array rather than a string, so the map
// holds no pointers for the garbage collector to follow on every cycle
// of a long export.
type idOwners struct {
	ulids map[[ulidLen]byte]int32
	other map[string]int32
}

// ulidLen is the length of an ID made by model.NewID.
const ulidLen = 26

// claim records id as used by account i and reports the account that
// used it before, if that is another one.
func (o *idOwners) claim(id string, i int) (prev int, taken bool) {
	if len(id) == ulidLen {
		if o.ulids == nil {
			o.ulids = map[[ulidLen]byte]int32{}
		}
		var k [ulidLen]byte
		copy(k[:], id)
		if p, ok := o.ulids[k]; ok && int(p) != i {
			return int(p), true
		}
		o.ulids[k] = int32(i)
		return 0, false
	}
	if o.other == nil {
		o.other = map[string]int32{}
	}
	if p, ok := o.other[id]; ok && int(p) != i {
		return int(p), true
	}
	o.other[id] = int32(i)
	return 0, false
}

// idCount is how many IDs recordIDs lists for r.
func idCount(r *model.AccountRecord) int {
	return 1 + len(r.People) + len(r.Edges) + len(r.Timeline) + len(r.Plans) + len(r.Commitments) +
		len(r.Risks) + len(r.Checklists) + len(r.Handoffs)
}

// recordIDs lists the IDs of the account and of everything stored beside
// it. (IDs inside a plan or checklist only need to be unique there.)
func recordIDs(r model.AccountRecord) []string {
	ids := make([]string, 1, idCount(&r))
	ids[0] = r.Account.ID
	ids = appendIDs(ids, r.People, func(x model.Person) string { return x.ID })
	ids = appendIDs(ids, r.Edges, func(x model.InfluenceEdge) string { return x.ID })
	ids = appendIDs(ids, r.Timeline, func(x model.TimelineEntry) string { return x.ID })
	ids = appendIDs(ids, r.Plans, func(x model.SuccessPlan) string { return x.ID })
	ids = appendIDs(ids, r.Commitments, func(x model.Commitment) string { return x.ID })
	ids = appendIDs(ids, r.Risks, func(x model.Risk) string { return x.ID })
	ids = appendIDs(ids, r.Checklists, func(x model.Checklist) string { return x.ID })
	return appendIDs(ids, r.Handoffs, func(x model.Handoff) string { return x.ID })
}

func appendIDs[T any](ids []string, xs []T, id func(T) string) []string {
	for _, x := range xs {
		ids = append(ids, id(x))
	}
	return ids
}

// accountLabel names an account in messages: its name and ID.
func accountLabel(a model.Account) string {
	if a.Name == "" {
		return "account " + a.ID
	}
	return fmt.Sprintf("%q (%s)", a.Name, a.ID)
}
