package csvbook

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"

	"bob/model"
	"bob/store"
)

// Result is what an import did.
type Result struct {
	Created, Updated, Unchanged, Skipped int
	// Backup is the backup taken before writing ("" when nothing changed).
	Backup string
}

// ErrBadRows is returned by Apply when some rows are bad and the caller
// did not choose to skip them.
var ErrBadRows = errors.New("some rows are bad")

// Writer is what Apply writes with; *store.Store has it.
type Writer interface {
	BackupAuto(reason string) (string, error)
	ImportRows(accounts []model.Account, people []model.Person) error
}

var _ Writer = (*store.Store)(nil)

// Apply carries out a plan: nothing unless every row is good (or
// skipBad, when the bad rows are left out), then a backup, then every new
// and updated row in one transaction. An ambiguous date stops it until
// an order is chosen.
func Apply(w Writer, p *Plan, skipBad bool) (Result, error) {
	created, updated, unchanged, bad := p.Counts()
	res := Result{Created: created, Updated: updated, Unchanged: unchanged, Skipped: bad}
	if p.AmbiguousDate != "" {
		return Result{}, &AmbiguousDateError{Value: p.AmbiguousDate}
	}
	if bad > 0 && !skipBad {
		return Result{}, fmt.Errorf("%w: %d of %d rows (the first, line %d: %s); nothing was imported: fix the file, or import the rest with --skip-bad FILE",
			ErrBadRows, bad, len(p.Table.Rows), p.Bad[0].Line, p.Bad[0].Reason)
	}
	var accounts []model.Account
	for _, r := range p.Accounts {
		if r.Action != ActionUnchanged {
			accounts = append(accounts, r.Account)
		}
	}
	var people []model.Person
	for _, r := range p.People {
		if r.Action != ActionUnchanged {
			people = append(people, r.Person)
		}
	}
	if len(accounts)+len(people) == 0 {
		return res, nil
	}
	backup, err := w.BackupAuto("csvimport")
	if err != nil {
		return Result{}, fmt.Errorf("back up the book before importing: %w (nothing was imported)", err)
	}
	res.Backup = backup
	if err := w.ImportRows(accounts, people); err != nil {
		return Result{}, fmt.Errorf("%w (nothing was imported)", err)
	}
	return res, nil
}

// WriteBad writes the bad rows with the file's header as UTF-8 CSV, for
// the user to fix and import again.
func WriteBad(w io.Writer, p *Plan) error {
	cw := csv.NewWriter(w)
	if err := writeText(cw, p.Table.Header); err != nil {
		return err
	}
	for _, b := range p.Bad {
		if err := writeText(cw, b.Fields); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
