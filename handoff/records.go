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
	accounts := make(map[string]string, len(recs))
	owner := map[string]string{}
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
		for _, id := range recordIDs(r) {
			if prev, ok := owner[id]; ok && prev != r.Account.ID {
				return newErr(ErrInvalidAccount, fileOf(i),
					fmt.Sprintf("id %s is used in two accounts (%s and %s)", id, accounts[prev], label), fix, nil)
			}
			owner[id] = r.Account.ID
		}
	}
	return nil
}

// recordIDs lists the IDs of the account and of everything stored beside
// it. (IDs inside a plan or checklist only need to be unique there.)
func recordIDs(r model.AccountRecord) []string {
	ids := []string{r.Account.ID}
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
