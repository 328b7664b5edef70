package handoff

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"filippo.io/age"

	"bob/model"
)

// The rules of a handoff that both front ends follow: who a name typed for
// a successor means, how a bundle is protected when no choice was made,
// which accounts a selection covers, and what opening a bundle needs. The
// command line and the export wizard and import screen each call these,
// so the two never answer the same question differently.

// ErrNoKey: no age key is known for the successor, so a bundle cannot be
// encrypted to them without a choice by the CSM.
var ErrNoKey = errors.New("no key is known for the successor")

// Successor is who a name typed for a successor means.
type Successor struct {
	// Party is the name (and, for a colleague, the email) the bundle is
	// addressed to.
	Party
	// Colleague is the colleague the name found; nil when the name is
	// not a colleague's and is taken as typed.
	Colleague *Public
}

// FindSuccessor says who name means: a colleague found by email, signing
// key or whole name (ignoring case); else the one colleague whose name
// contains it; else a person who is not a colleague, by the name as
// typed. A whole name two colleagues share, or a part of several
// colleagues' names, is an error that lists them: guessing would send
// customer data to the wrong person.
func FindSuccessor(c *Colleagues, name string) (Successor, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Successor{}, newErr(ErrBadInput, "", "no successor was named", "type the successor's name or email", nil)
	}
	if c == nil {
		return Successor{Party: Party{Name: name}}, nil
	}
	p, err := c.Lookup(name)
	if err == nil {
		return known(p), nil
	}
	var same, partial []Public
	lower := strings.ToLower(name)
	for _, q := range c.List() {
		switch {
		case strings.EqualFold(q.Name, name):
			same = append(same, q)
		case strings.Contains(strings.ToLower(q.Name), lower):
			partial = append(partial, q)
		}
	}
	switch {
	case len(same) > 1:
		return Successor{}, err // Lookup's error lists their emails
	case len(partial) == 1:
		return known(partial[0]), nil
	case len(partial) > 1:
		names := make([]string, len(partial))
		for i, q := range partial {
			names[i] = q.Name + " <" + q.Email + ">"
		}
		return Successor{}, newErr(ErrBadInput, "", fmt.Sprintf("%d colleagues' names contain %q: %s", len(partial), name, strings.Join(names, ", ")),
			"type more of the name, or the email", nil)
	}
	return Successor{Party: Party{Name: name}}, nil
}

func known(p Public) Successor {
	return Successor{Party: Party{Name: p.Name, Email: p.Email}, Colleague: &p}
}

// KeyEncryption is how a bundle to the successor is protected when the
// CSM chose nothing: encrypted to the successor's key and the sender's own
// (so the sender can open it again). With no key known for the successor
// there is no default: the error (ErrNoKey) says so and names the
// colleagues, and the front end refuses or asks the CSM to choose a
// passphrase or no encryption. It never picks one for them.
func KeyEncryption(c *Colleagues, me Identity, to Successor) (Encryption, error) {
	if to.Colleague != nil && to.Colleague.AgeRecipient != nil {
		return Encryption{Recipients: withOwnKey(me, to.Colleague.AgeRecipient)}, nil
	}
	known := ""
	if c != nil {
		if list := c.List(); len(list) > 0 {
			names := make([]string, len(list))
			for i, p := range list {
				names[i] = p.Name
			}
			known = " (your colleagues: " + strings.Join(names, ", ") + ")"
		}
	}
	return Encryption{}, newErr(ErrNoKey, "", fmt.Sprintf("%s is not one of your colleagues%s, so bob cannot encrypt the bundle to them", to.Name, known),
		"choose a passphrase (tell it to them by another channel) or no encryption (a plain zip; it holds customer data), or add them as a colleague first", nil)
}

// RecipientEncryption encrypts to a key the CSM gave: an age1... key, or
// a colleague's name or email (see FindSuccessor) whose key bob knows.
// The sender's own key is added, so they can open the bundle again.
// words name the key for a report.
func RecipientEncryption(c *Colleagues, me Identity, keyOrName string) (enc Encryption, words string, err error) {
	key := strings.TrimSpace(keyOrName)
	if strings.HasPrefix(strings.ToLower(key), "age1") {
		r, err := age.ParseX25519Recipient(key)
		if err != nil {
			return Encryption{}, "", newErr(ErrBadInput, "", fmt.Sprintf("%s is not a valid age key (%v)", key, err), "copy the whole age1... key again", err)
		}
		return Encryption{Recipients: withOwnKey(me, r)}, "the key " + shortKey(key), nil
	}
	to, err := FindSuccessor(c, key)
	if err != nil {
		return Encryption{}, "", err
	}
	enc, err = KeyEncryption(c, me, to)
	if err != nil {
		return Encryption{}, "", err
	}
	return enc, to.Name + "'s key", nil
}

// withOwnKey returns r and the sender's own key, unless they are the same.
func withOwnKey(me Identity, r *age.X25519Recipient) []age.Recipient {
	recips := []age.Recipient{r}
	if me.AgeIdentity != nil {
		if mine := me.AgeIdentity.Recipient(); mine.String() != r.String() {
			recips = append(recips, mine)
		}
	}
	return recips
}

func shortKey(k string) string {
	if len(k) > 16 {
		return k[:12] + "..." + k[len(k)-4:]
	}
	return k
}

// The causes of Select's errors (both also ErrBadInput), for a front end
// that words its own advice: a tag no account in the list has, and a
// selection that covers no account.
var (
	ErrNoSuchTag         = errors.New("no account has the tag")
	ErrNothingToHandOver = errors.New("no account to hand over")
)

// Selection is a choice of accounts to hand over: accounts chosen one by
// one (named on the command line, or selected in the list), the accounts
// with any of some tags, or every account.
type Selection struct {
	// IDs are accounts chosen one by one. An account already handed off
	// is covered too: choosing it by itself means sending it again.
	IDs []string
	// Tags cover the accounts not handed off with any of these tags
	// (ignoring case). A tag no such account has is an error.
	Tags []string
	// All covers every account not handed off.
	All bool
}

// Selected is what a selection covers.
type Selected struct {
	// IDs are the accounts, each once, in the order chosen: the IDs first,
	// then by tag, then the rest, each in the order of the summaries.
	IDs []string
	// Again are the accounts chosen one by one that were handed off
	// already: they go out again (a front end says so).
	Again []model.AccountSummary
}

// Select says which accounts a selection covers, from the book's
// summaries. An ID not in the book is ignored (the front end resolved it
// from a name, or it was removed meanwhile). Covering no account is an
// error: there is nothing to hand over.
func Select(sums []model.AccountSummary, s Selection) (Selected, error) {
	var out Selected
	seen := map[string]bool{}
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			out.IDs = append(out.IDs, id)
		}
	}
	byID := make(map[string]model.AccountSummary, len(sums))
	for _, a := range sums {
		byID[a.ID] = a
	}
	for _, id := range s.IDs {
		a, ok := byID[id]
		if !ok || seen[id] {
			continue
		}
		if a.HandedOff() {
			out.Again = append(out.Again, a)
		}
		add(id)
	}
	for _, tag := range s.Tags {
		found := false
		for _, a := range sums {
			if !a.HandedOff() && slices.ContainsFunc(a.Tags, func(t string) bool { return strings.EqualFold(t, tag) }) {
				add(a.ID)
				found = true
			}
		}
		if !found {
			return Selected{}, newErr(ErrBadInput, "", fmt.Sprintf("no account in your list has the tag %q", tag), "check the spelling of the tag", ErrNoSuchTag)
		}
	}
	if s.All {
		for _, a := range sums {
			if !a.HandedOff() {
				add(a.ID)
			}
		}
	}
	if len(out.IDs) == 0 {
		return Selected{}, newErr(ErrBadInput, "", "there are no accounts to hand over", "every account chosen is already handed off (take one back first) or none was chosen", ErrNothingToHandOver)
	}
	return out, nil
}

// HistoryNewestFirst is an account's handoff history in the order both
// front ends list it: newest first, records of the same moment in the
// order they were stored. hs is not changed.
func HistoryNewestFirst(hs []model.Handoff) []model.Handoff {
	out := slices.Clone(hs)
	slices.SortStableFunc(out, func(a, b model.Handoff) int { return b.When.Compare(a.When) })
	return out
}

// OpenOptions says what opening the bundle at path needs, from how it is
// protected (ProtectionOf): the CSM's identity for a bundle encrypted to
// keys; for one protected by a passphrase, the caller sets
// ReadOptions.Passphrase (it asks the CSM only then). me and idErr are
// what LoadIdentity returned: a missing identity matters only for a
// bundle encrypted to keys, and then the error says how to get one.
func OpenOptions(path string, me Identity, idErr error) (Protection, ReadOptions, error) {
	prot, err := ProtectionOf(path)
	if err != nil {
		return "", ReadOptions{}, err
	}
	var opts ReadOptions
	if prot == ProtectionRecipients {
		switch {
		case errors.Is(idErr, fs.ErrNotExist):
			return prot, opts, newErr(ErrIdentity, "", path+" is encrypted to age keys and none of your keys can open it: you have no bob identity yet",
				"create one (bob id create), send your public id to the sender, and ask for a new bundle", idErr)
		case idErr != nil:
			return prot, opts, idErr
		}
		opts.Identities = []age.Identity{me.AgeIdentity}
	}
	return prot, opts, nil
}
