package handoff

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"weak"

	"bob/internal/parallel"
	"bob/model"
	"bob/store"

	"github.com/oklog/ulid/v2"
)

// Importing a bundle is two steps, so the user sees what will happen
// before anything is written: Plan merges the bundle into the book in
// memory and returns a Preview; Apply does the same, backs the book up,
// and writes every changed account in one transaction.
//
// Each imported account is marked as received: it gets a handoff record
// (status "received", from the sender to the receiver, dated when the
// bundle was made) and the receiver as its owner. The handoff record's ID
// is derived from the bundle, so importing the same bundle twice adds it
// once and changes nothing the second time.

// Result is what Apply did.
type Result struct {
	// Preview is the preview that was written, without its merged
	// records.
	Preview Preview
	// Backup is the backup of the book made before writing; "" when
	// nothing needed writing.
	Backup string
	// Written counts the accounts written (new and changed).
	Written int
	// Owned is what the receiver owns now, for the closing summary.
	Owned Owned
}

// Plan previews importing opened into the book, writing nothing.
func Plan(st *store.Store, opened *Opened, policy Policy) (Preview, error) {
	if _, err := ParsePolicy(string(policy)); err != nil {
		return Preview{}, err
	}
	locals := map[string]model.AccountRecord{}
	var owners []OwnerChange
	var collisions []Collision
	owner := opened.owner()
	ids := make([]string, len(opened.Records))
	for i, r := range opened.Records {
		ids[i] = r.Account.ID
	}
	found, book, err := st.RecordsFoundAt(ids)
	if err != nil {
		return Preview{}, fmt.Errorf("read the bundle's accounts from the book: %w", err)
	}
	for _, r := range opened.Records {
		if rec, ok := found[r.Account.ID]; ok {
			// The same ID under another name is most likely not the same
			// customer: the preview says so before anything merges.
			if !strings.EqualFold(strings.TrimSpace(rec.Account.Name), strings.TrimSpace(r.Account.Name)) {
				collisions = append(collisions, Collision{AccountID: r.Account.ID, Yours: rec.Account.Name, Theirs: r.Account.Name})
			}
			// The import makes the receiver the owner (see received): the
			// preview lists that change instead of calling it a conflict.
			if owner != "" {
				if rec.Account.Owner != owner {
					owners = append(owners, OwnerChange{AccountID: r.Account.ID, Name: rec.Account.Name, From: rec.Account.Owner, To: owner})
				}
				rec.Account.Owner = owner
			}
			locals[r.Account.ID] = rec
		}
	}
	in, closed := received(opened)
	p, err := NewPreview(locals, in, policy)
	p.OwnerChanges, p.Collisions = owners, collisions
	p.PredecessorSteps = closed
	p.basis = &planBasis{opened: weak.Make(opened), policy: policy, book: book}
	return p, err
}

// OwnerChange is an account of your book whose owner the import changes.
type OwnerChange struct {
	AccountID, Name string
	From, To        string
}

// Collision is an account of the bundle whose ID is that of an account of
// your book with another name.
type Collision struct {
	AccountID     string
	Yours, Theirs string
}

// owner is who owns the accounts once imported: the receiver, or the
// manifest's To when the caller did not say who is importing.
func (o *Opened) owner() string {
	if o.Receiver.Name != "" {
		return o.Receiver.Name
	}
	return o.Manifest.To.Name
}

// Apply imports opened into the book: it plans the import, backs the book
// up (an import is a change the user may want to undo), then writes every
// new or changed account in one transaction, so either all of the bundle
// is imported or none of it. A bundle the book already holds writes
// nothing and makes no backup.
func Apply(st *store.Store, opened *Opened, policy Policy) (Result, error) {
	return ApplyWith(st, opened, policy, ApplyOptions{})
}

// ApplyOptions are the extra choices of ApplyWith.
type ApplyOptions struct {
	// NewAccount, if set, is called on each account that is new to the
	// book and returns the record to write instead, in the same
	// transaction as the rest of the import: the receiver can, say, apply
	// the incoming transition playbook as the accounts arrive. The record
	// it gets shares its lists with the bundle as read and with the
	// preview, which must stay as they were: it may set fields, replace a
	// list or append to one (every list is clipped, so an append makes a
	// new one), but must not change a list's elements where they are. The
	// result must stay valid, or nothing is imported (the book refuses to
	// write an invalid record, and says which). It is called on several
	// accounts at once, from one goroutine per core.
	NewAccount func(model.AccountRecord) model.AccountRecord
	// Now is the import's day for the summary (Result.Owned); zero means
	// time.Now().
	Now time.Time
	// Progress, if set, is called as the accounts are written (in the one
	// transaction), with the number written so far and the total.
	Progress func(done, total int)
	// Preview, if set, is what Plan returned for the same bundle (the
	// same *Opened) and policy, as the user saw it; it must not have been
	// changed. If the book is still as Plan read it, ApplyWith writes
	// that preview instead of planning again (for a large bundle the plan
	// is a good part of the import). If anything was written to the book
	// since, it plans again from the book as it is now.
	Preview *Preview
}

// ApplyWith is Apply with extra choices (see ApplyOptions).
func ApplyWith(st *store.Store, opened *Opened, policy Policy, opts ApplyOptions) (Result, error) {
	planned := opts.Preview
	opts.Preview = nil
	var p Preview
	if b := basisOf(planned); b != nil && b.opened.Value() == opened && b.policy == policy && st.Unchanged(b.book) {
		p = *planned
	} else {
		var err error
		if p, err = Plan(st, opened, policy); err != nil {
			return Result{}, err
		}
	}
	if opts.NewAccount != nil {
		// The preview's records stay as the user saw them: the new ones
		// go in a list of their own. Their lists are the bundle's (see
		// Merge): NewAccount gets them clipped, not copied (a whole
		// book's timelines, to add a checklist), and Canonical sorts in
		// a copy. They are not checked here: the book checks every record
		// it writes before writing any, and refuses an invalid one by its
		// name (checking them here too was a second pass over every
		// timeline).
		p.Records = slices.Clone(p.Records)
		_ = parallel.Each(len(p.Accounts), parallel.Workers(), func(i int) error {
			if p.Accounts[i].Status == StatusNew {
				p.Records[i] = opts.NewAccount(clipLists(p.Records[i])).Canonical()
			}
			return nil
		})
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	res := Result{Preview: p}
	res.Owned = Summarize(opened.Manifest.From.Name, p.Records, now)
	// Neither the bundle as read (opened) nor the preview given is used
	// past this point, and the preview does not hold the bundle (see
	// planBasis): during the write, which holds the merged records, their
	// encoding and the commit's pages, the garbage collector may free the
	// bundle (for a whole book, hundreds of MB). So a write another bob
	// slips in after the plan refuses the import rather than planning
	// again.
	res.Owned.Closed = p.PredecessorSteps
	if opts.NewAccount != nil {
		res.Owned.Started = p.Count(StatusNew)
	}
	changed := p.Changed()
	written := len(changed)
	// The result's preview does not keep the merged records: the book
	// lets each go once it is written (a whole book's import held them
	// all, about a gigabyte, to the end of the write).
	p.Records, res.Preview.Records = nil, nil
	if written == 0 {
		return res, nil
	}
	// The older backups are let go only once the import is written: a
	// refused one leaves them as they were.
	backup, err := st.BackupPending("import")
	if err != nil {
		return Result{}, fmt.Errorf("back up the book before importing: %w (nothing was imported)", err)
	}
	if err := st.ReplaceRecordsSince(changed, opts.Progress, p.basis.book); err != nil {
		backup.Discard()
		if errors.Is(err, store.ErrChanged) {
			return Result{}, fmt.Errorf("import: another bob wrote to your book while the import was being written, so nothing was imported (your book keeps that change); run the import again: %w", err)
		}
		return Result{}, fmt.Errorf("import: %w (nothing was imported; your book is unchanged)", err)
	}
	backup.Keep()
	res.Backup, res.Written = backup.Path, written
	return res, nil
}

func basisOf(p *Preview) *planBasis {
	if p == nil {
		return nil
	}
	return p.basis
}

// received returns a copy of the opened bundle whose records are marked as
// received: owned by the receiver, with a handoff record, and the sender's
// open outgoing transition steps closed as their history. It returns how
// many steps it closed.
//
// The copy's records share every list they do not change with o's, which
// stay as they were (the app's import screen may plan the same bundle
// again): only the handoffs, to which one is added, and the checklists
// whose steps close are new lists. Copying every list, the timeline
// above all, was a good part of an import's work and garbage.
func received(o *Opened) (*Opened, int) {
	out := *o
	out.Records = make([]model.AccountRecord, len(o.Records))
	m := o.Manifest
	files := filesDigest(m)
	owner := o.owner()
	day := model.DateOf(m.CreatedAt.UTC())
	closed := 0
	for i, r := range o.Records {
		if owner != "" {
			r.Account.Owner = owner
		}
		// Clipped, so the append makes a new list even where the bundle's
		// has room at its end: appending there would overwrite what an
		// earlier plan of the same bundle appended.
		r.Handoffs = append(slices.Clip(r.Handoffs), receivedHandoff(m, files, r))
		closed += closePredecessorSteps(&r, m.From.Name, day)
		out.Records[i] = r
	}
	return &out, closed
}

// receivedHandoff is the handoff record an import adds. Everything in it
// comes from the bundle, so the same bundle always yields the same record.
func receivedHandoff(m Manifest, files [sha256.Size]byte, r model.AccountRecord) model.Handoff {
	when := m.CreatedAt.UTC()
	// Dated after any handoff the bundle carries (the sender's own "handed
	// off" record), so the account shows as received, not as handed off.
	for _, h := range r.Handoffs {
		if !h.When.Before(when) {
			when = h.When.UTC().Add(time.Second)
		}
	}
	note := "imported from an unsigned bundle"
	if m.From.SigningKey != "" {
		note = "imported from a bundle signed by " + m.From.SigningKey
	}
	return model.Handoff{
		ID:        bundleID(m, files, r.Account.ID, when),
		AccountID: r.Account.ID,
		From:      m.From.Name,
		To:        m.To.Name,
		When:      when,
		Status:    model.HandoffReceived,
		Note:      note,
	}
}

// filesDigest hashes the manifest's list of files (paths and hashes): the
// bundle's content, the same for every account in it.
func filesDigest(m Manifest) [sha256.Size]byte {
	h := sha256.New()
	for _, f := range m.Files {
		fmt.Fprintf(h, "%s\x00%s\x00", f.Path, f.SHA256)
	}
	var d [sha256.Size]byte
	h.Sum(d[:0])
	return d
}

// bundleID derives a ULID from the bundle's content (files, its
// filesDigest, hashed once per bundle: hashing the whole file list again
// for each account made an import's cost grow with the square of its
// accounts) and an account.
func bundleID(m Manifest, files [sha256.Size]byte, accountID string, when time.Time) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00", m.CreatedAt.UTC().Format(time.RFC3339Nano), m.From.SigningKey, m.To.Name, accountID)
	h.Write(files[:])
	ms := when.UnixMilli()
	if ms < 0 {
		ms = 0
	}
	id, err := ulid.New(uint64(ms), bytes.NewReader(h.Sum(nil)))
	if err != nil {
		// Only a time past the year 10889 fails; fall back to a random ID.
		return model.NewIDAt(when)
	}
	return id.String()
}
