package handoff

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"bob/atomicfile"
	"bob/internal/parallel"
	"bob/model"
	"bob/store"
)

// Exporting is what the command line and the terminal app both do to
// hand accounts over: check them, write the bundle, then mark them as
// handed off. The marks are written only once the bundle is safely on
// disk, so a failed export leaves the book exactly as it was, and they are
// written in one transaction, so either every account leaves the default
// list or none does.

// ExportOptions says what to hand over, to whom, and how to protect it.
type ExportOptions struct {
	// AccountIDs are the accounts to hand over (required, unique).
	AccountIDs []string
	// From is the sender: it signs the bundle, and From.Name and
	// From.Email go in the manifest. An identity without a signing key
	// writes an unsigned bundle, which the receiver is warned about.
	From Identity
	// To is the successor.
	To Party
	// Encryption is exactly one choice, as in WriteOptions.
	Encryption Encryption
	// Redact leaves out the private fields (see Redact).
	Redact bool
	// Note is the cover note to the successor; it opens the brief.
	Note string
	// Now is when the bundle is made and the accounts are marked; zero
	// means time.Now().
	Now time.Time
	// Progress, if set, is called as accounts are written (see
	// WriteOptions.Progress).
	Progress func(done, total int)
	// GapsAt, if set, is when the completeness check of the result's
	// Gaps is judged (in its location), as Gaps(st, AccountIDs, GapsAt)
	// judges it: a caller that lists the gaps after the export, rather
	// than before it, gets them from the export's own reading of the
	// records. Zero judges them as the bundle's brief does.
	GapsAt time.Time
	// MarkHandedOff records a "handed off" handoff on each account after
	// the file is written (the command line and the terminal app set it).
	MarkHandedOff bool
}

// ExportResult is what Export did.
type ExportResult struct {
	// Path is the bundle's file.
	Path string
	// Accounts counts the accounts in the bundle.
	Accounts int
	// Bytes is the bundle's size on disk.
	Bytes int64
	// Gaps are the completeness check's findings per account ID, as the
	// bundle's brief shows them, or as judged at GapsAt if set (accounts
	// without gaps are left out).
	Gaps map[string][]Gap
}

// Gaps runs Check on each account (the completeness check shown before
// an export) and returns the gaps per account ID; accounts without gaps
// are left out.
func Gaps(st *store.Store, accountIDs []string, now time.Time) (map[string][]Gap, error) {
	return GapsWithProgress(st, accountIDs, now, nil)
}

// GapsWithProgress is Gaps calling progress, if set, with the number of
// accounts checked so far and the total: once with done=0 first, then
// after each, one call at a time.
func GapsWithProgress(st *store.Store, accountIDs []string, now time.Time, progress func(done, total int)) (map[string][]Gap, error) {
	if now.IsZero() {
		now = time.Now()
	}
	out := map[string][]Gap{}
	var mu sync.Mutex
	done := 0
	if progress != nil {
		progress(0, len(accountIDs))
	}
	// Check judges the timeline by each person's last touch: the records
	// are read with only the entries touches depend on (a whole book's
	// timelines are most of its bytes), over every core.
	err := st.EachAccountViewConcurrently(accountIDs, parallel.Workers(), func(_ int, rec model.AccountRecord) error {
		g := Check(rec, now)
		mu.Lock()
		defer mu.Unlock()
		if len(g) > 0 {
			out[rec.Account.ID] = g
		}
		if done++; progress != nil {
			progress(done, len(accountIDs))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check the accounts: %w", err)
	}
	return out, nil
}

// Export reads the accounts, writes the bundle to path atomically (a
// private 0600 file that appears whole or not at all) and, with
// MarkHandedOff, only after the file is safely in place marks each account
// as handed off to opts.To, all marks in one transaction. If anything
// fails before the marks, nothing in the book changes; if the marks fail,
// the bundle stays on disk and the error says so.
func Export(st *store.Store, path string, opts ExportOptions) (ExportResult, error) {
	if strings.TrimSpace(path) == "" {
		return ExportResult{}, newErr(ErrBadInput, "", "no file to write the bundle to was given", "choose a file name for the bundle", nil)
	}
	if len(opts.AccountIDs) == 0 {
		return ExportResult{}, newErr(ErrBadInput, "", "there are no accounts to hand over", "choose at least one account", nil)
	}
	seen := map[string]bool{}
	for _, id := range opts.AccountIDs {
		if seen[id] {
			return ExportResult{}, newErr(ErrBadInput, "", "account "+id+" was chosen twice", "choose each account once", nil)
		}
		seen[id] = true
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	// The bundle's manifest keeps whole seconds; the marks use the same
	// time, so the receiver's history and the sender's line up.
	now = now.UTC().Truncate(time.Second)

	// The bundle lists the accounts by name: their names are read first,
	// then the records in that order, as they are written (see
	// writeBundle), all in one consistent picture of the book.
	accounts, err := st.AccountNames(opts.AccountIDs)
	if err != nil {
		return ExportResult{}, exportReadErr(st, opts.AccountIDs, err)
	}
	sortAccounts(accounts)
	ids := make([]string, len(accounts))
	for i, a := range accounts {
		ids[i] = a.ID
	}
	b := Bundle{
		From:      Party{Name: opts.From.Name, Email: opts.From.Email},
		To:        opts.To,
		CreatedAt: now,
		Note:      opts.Note,
	}
	wopts := WriteOptions{Encryption: opts.Encryption, Redact: opts.Redact, Progress: opts.Progress, gapsAt: opts.GapsAt}
	if len(opts.From.SigningKey) > 0 {
		wopts.Signer = opts.From.SigningKey
	}
	src := func(pack func(i int, rec model.AccountRecord) error) error {
		err := st.EachRecordConcurrently(ids, parallel.Workers(), pack)
		if err != nil && !errors.Is(err, errPackStopped) {
			err = exportReadErr(st, ids, err)
		}
		return err
	}
	var gaps map[string][]Gap
	err = atomicfile.Write(path, func(f *os.File) error {
		var err error
		gaps, err = writeBundle(f, b, accounts, src, opts.Redact, wopts)
		return err
	})
	if err != nil {
		return ExportResult{}, err
	}
	res := ExportResult{Path: path, Accounts: len(accounts), Gaps: gaps}
	if fi, err := os.Stat(path); err == nil {
		res.Bytes = fi.Size()
	}
	if !opts.MarkHandedOff {
		return res, nil
	}
	if err := markHandedOff(st, opts.AccountIDs, opts.From.Name, opts.To.Name, path, now); err != nil {
		return res, fmt.Errorf("the bundle was written to %s, but the accounts could not be marked as handed off: %w; "+
			"send the bundle anyway and archive the accounts by hand, or export again", path, err)
	}
	return res, nil
}

// exportReadErr explains a failure to read the accounts to export: one
// that is not in the book is named.
func exportReadErr(st *store.Store, ids []string, err error) error {
	if errors.Is(err, store.ErrNotFound) {
		for _, id := range ids {
			if _, aerr := st.Account(id); errors.Is(aerr, store.ErrNotFound) {
				return newErr(ErrBadInput, "", "account "+id+" is not in the book", "choose the accounts again (bob list shows them)", err)
			}
		}
	}
	return fmt.Errorf("read the accounts: %w", err)
}

// sortAccounts puts accounts in the bundle's order: by name, whatever
// its case, then by ID.
func sortAccounts(accounts []model.Account) {
	slices.SortStableFunc(accounts, func(a, b model.Account) int {
		if c := strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name)); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// markHandedOff records a "handed off" handoff on each account, all in
// one transaction. Only the handoff histories change, so edits made while
// the bundle was being written are kept.
func markHandedOff(st *store.Store, ids []string, from, to, path string, when time.Time) error {
	hs := make([]model.Handoff, 0, len(ids))
	prevs, err := st.HandoffsOf(ids)
	if err != nil {
		return err
	}
	for _, id := range ids {
		prev := prevs[id]
		hs = append(hs, model.Handoff{
			ID:        model.NewIDAt(when),
			AccountID: id,
			From:      from,
			To:        to,
			When:      after(prev, when),
			Status:    model.HandoffSent,
			Note:      "handed off in the bundle " + filepath.Base(path),
		})
	}
	return st.AddHandoffs(hs)
}

// after returns when, or a second after the latest handoff if that is not
// before when (a clock set back), so the new record is the latest one.
func after(hs []model.Handoff, when time.Time) time.Time {
	if last, ok := model.LatestHandoff(hs); ok && !last.When.Before(when) {
		return last.When.Add(time.Second)
	}
	return when
}

// TakeBack records a "taken back" handoff on a handed-off account, so it
// rejoins the default list; nothing else about the account changes. by is
// the CSM taking it back. An account that is not handed off is refused.
func TakeBack(st *store.Store, accountID string, by string, now time.Time) error {
	if now.IsZero() {
		now = time.Now()
	}
	now = now.UTC().Truncate(time.Second)
	rec, err := st.Record(accountID)
	if err != nil {
		return err
	}
	last, ok := model.LatestHandoff(rec.Handoffs)
	if !ok || last.Status != model.HandoffSent {
		return newErr(ErrBadInput, "", fmt.Sprintf("%s is not handed off", accountLabel(rec.Account)),
			"only an account handed off to a successor can be taken back", nil)
	}
	if strings.TrimSpace(by) == "" {
		by = last.From
	}
	// Taking an account back changes who holds it, not its content: only
	// its handoff history grows.
	return st.AddHandoffs([]model.Handoff{{
		ID:        model.NewIDAt(now),
		AccountID: accountID,
		From:      last.To,
		To:        by,
		When:      after(rec.Handoffs, now),
		Status:    model.HandoffTakenBack,
		Note:      "taken back from " + last.To,
	}})
}
