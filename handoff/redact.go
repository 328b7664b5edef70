package handoff

import (
	"slices"

	"bob/model"
)

// The private fields of an account record are what the CSM wrote for
// themselves and their own company, and which a redacted bundle leaves
// out:
//
//   - Account.InternalContext (risk triage, blockers, past escalations),
//   - Account.UnwrittenKnowledge (promises made, landmines, lead times),
//   - Person.Notes (the CSM's private notes on a stakeholder),
//   - every timeline entry marked Internal (dropped whole).
//
// Everything else stays, risks and influence edges included: a successor
// cannot run the account without them. A redacted bundle says so in its
// manifest, and merging it never clears the receiver's own private fields
// (see NewPreview).

// Redact returns a copy of rec without its private fields. rec is not
// changed.
func Redact(rec model.AccountRecord) model.AccountRecord {
	out := cloneRecord(rec)
	out.Account.InternalContext = ""
	out.Account.UnwrittenKnowledge = ""
	for i := range out.People {
		out.People[i].Notes = ""
	}
	kept := make([]model.TimelineEntry, 0, len(out.Timeline))
	for _, e := range out.Timeline {
		if !e.Internal {
			kept = append(kept, e)
		}
	}
	out.Timeline = kept
	return out
}

// restorePrivate copies local's private fields into a record that came in
// redacted, so the merge sees them as unchanged instead of as cleared.
// Internal timeline entries need nothing: the merge keeps every local
// entry anyway.
func restorePrivate(local model.AccountRecord, incoming *model.AccountRecord) {
	incoming.Account.InternalContext = local.Account.InternalContext
	incoming.Account.UnwrittenKnowledge = local.Account.UnwrittenKnowledge
	notes := make(map[string]string, len(local.People))
	for _, p := range local.People {
		notes[p.ID] = p.Notes
	}
	for i := range incoming.People {
		incoming.People[i].Notes = notes[incoming.People[i].ID]
	}
}

// cloneRecord copies the record's top-level lists, so that sorting or
// editing the copy's lists never touches the caller's. Nested lists are
// shared: nothing in this package changes them in place.
func cloneRecord(r model.AccountRecord) model.AccountRecord {
	r.Account.Tags = cloneSlice(r.Account.Tags)
	r.Account.Products = cloneSlice(r.Account.Products)
	r.People = cloneSlice(r.People)
	r.Edges = cloneSlice(r.Edges)
	r.Timeline = cloneSlice(r.Timeline)
	r.Plans = cloneSlice(r.Plans)
	r.Commitments = cloneSlice(r.Commitments)
	r.Risks = cloneSlice(r.Risks)
	r.Checklists = cloneSlice(r.Checklists)
	r.Handoffs = cloneSlice(r.Handoffs)
	return r
}

// clipLists clips the record's lists (see slices.Clip), so that appending
// to one makes a new list rather than writing past its end into room
// another record's list may share.
func clipLists(r model.AccountRecord) model.AccountRecord {
	r.Account.Tags = slices.Clip(r.Account.Tags)
	r.Account.Products = slices.Clip(r.Account.Products)
	r.People = slices.Clip(r.People)
	r.Edges = slices.Clip(r.Edges)
	r.Timeline = slices.Clip(r.Timeline)
	r.Plans = slices.Clip(r.Plans)
	r.Commitments = slices.Clip(r.Commitments)
	r.Risks = slices.Clip(r.Risks)
	r.Checklists = slices.Clip(r.Checklists)
	r.Handoffs = slices.Clip(r.Handoffs)
	return r
}

func cloneSlice[T any](s []T) []T {
	if s == nil {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// canonical returns r in canonical order, leaving r's lists as they are:
// it shares those already in order (see model.AccountRecord.Canonical).
func canonical(r model.AccountRecord) model.AccountRecord {
	return r.Canonical()
}
