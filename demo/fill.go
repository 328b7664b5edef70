package demo

import (
	"fmt"

	"bob/model"
	"bob/store"
)

// FillBatch is how many accounts Fill writes per transaction: large enough
// that a 10,000-account book takes few commits, small enough that memory
// stays flat.
const FillBatch = 200

// Fill writes a demo book into st, which must be empty: a demo mixed into
// a real book would pollute it. progress, if not nil, is called after
// each batch with the accounts written so far.
func Fill(st *store.Store, opts Options, progress func(done int)) error {
	if n, err := st.Count(); err != nil {
		return err
	} else if n > 0 {
		return fmt.Errorf("%s already holds %d accounts: the demo only fills an empty book (use --db to choose a new file)", st.Path(), n)
	}
	// Many accounts take many transactions (memory stays flat); the mark
	// makes a demo stopped half-way say so instead of passing for whole.
	if err := st.MarkPartial("bob demo"); err != nil {
		return err
	}
	batch := make([]model.AccountRecord, 0, FillBatch)
	done := 0
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		if err := st.ReplaceRecords(batch); err != nil {
			return err
		}
		done += len(batch)
		batch = batch[:0]
		if progress != nil {
			progress(done)
		}
		return nil
	}
	err := Generate(opts, func(r model.AccountRecord) error {
		batch = append(batch, r)
		if len(batch) == FillBatch {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err == nil {
		err = st.ClearPartial()
	}
	if err != nil && done > 0 {
		// Each batch is its own transaction so memory stays flat; say what
		// a failure left behind rather than leave a puzzle.
		return fmt.Errorf("%w (the first %d demo accounts were written: delete %s and run the demo again)", err, done, st.Path())
	}
	return err
}
