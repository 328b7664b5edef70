package handoff

import (
	"errors"
	"strings"
)

// Trust is what bob can tell about who made a bundle and for whom. The
// command line and the app both ask Assess, so they agree on when an
// import needs the user's explicit say-so: a bundle that is unsigned or
// signed by a key that is not a colleague's (--trust-unknown, or a
// confirmation in the app), and a bundle addressed to someone else
// (--not-for-me, or a confirmation).
type Trust struct {
	Signer Signer
	// Colleague is the colleague whose key signed it (SignerColleague).
	Colleague Public
	// Fingerprint is the signing key as people compare it out of band
	// ("bobsig1..."); "" for an unsigned bundle.
	Fingerprint string
	// From is who the manifest says made the bundle (unchecked text).
	From Sender
	// To is who the manifest says the bundle is for.
	To Party
	// NotForYou: the bundle names someone other than you as its receiver.
	// A bundle you signed yourself never is: it is your own, coming back.
	NotForYou bool
	// You is your identity's name; "" without an identity.
	You string
}

// Signer says who signed a bundle.
type Signer int

// Who can have signed a bundle.
const (
	SignerNone      Signer = iota // not signed
	SignerUnknown                 // a key that is not yours nor a colleague's
	SignerColleague               // a colleague's key
	SignerYou                     // your own key: a bundle you made
)

// ErrUntrusted: the bundle is unsigned or signed by an unknown key, and
// the user has not said to trust it.
var ErrUntrusted = errors.New("bundle signer is not known")

// ErrNotAddressed: the bundle is for someone else, and the user has not
// said to import it anyway.
var ErrNotAddressed = errors.New("bundle is for someone else")

// Receive readies an opened bundle for the CSM importing it and says what
// can be told about it. me and idErr are what LoadIdentity returned: with
// an identity (one that loaded, with its keys), the accounts become the
// CSM's whatever name the bundle is addressed to (o.Receiver), and it
// counts for Assess; without one, nothing is recognised as theirs and the
// manifest's To is taken as the owner. Both front ends call it once a
// bundle is open, before Plan.
func Receive(o *Opened, me Identity, idErr error, colleagues *Colleagues) Trust {
	if idErr != nil || me.SigningKey == nil {
		return Assess(o, nil, colleagues)
	}
	o.Receiver = Party{Name: me.Name, Email: me.Email}
	return Assess(o, &me, colleagues)
}

// Assess says who signed o and whether it is for you. me is nil when you
// have no identity (then nothing can be recognised as yours, and who the
// bundle is for cannot be checked); colleagues may be nil.
func Assess(o *Opened, me *Identity, colleagues *Colleagues) Trust {
	t := Trust{From: o.Manifest.From, To: o.Manifest.To}
	if me != nil {
		t.You = me.Name
	}
	switch {
	case !o.Signed():
		t.Signer = SignerNone
	case me != nil && me.SigningKey != nil && me.Public().SigningKey.Equal(o.SignedBy):
		t.Signer = SignerYou
	default:
		t.Signer = SignerUnknown
		if colleagues != nil {
			if p, ok := colleagues.BySigningKey(o.SignedBy); ok {
				t.Signer, t.Colleague = SignerColleague, p
			}
		}
	}
	if o.SignedBy != nil {
		t.Fingerprint = FormatSigningKey(o.SignedBy)
	}
	if me != nil && t.Signer != SignerYou && o.Manifest.To.Name != "" {
		sameName := strings.EqualFold(strings.TrimSpace(o.Manifest.To.Name), strings.TrimSpace(me.Name))
		sameEmail := o.Manifest.To.Email != "" && strings.EqualFold(o.Manifest.To.Email, me.Email)
		t.NotForYou = !sameName && !sameEmail
	}
	return t
}

// Unknown reports whether the signer cannot be vouched for: the bundle is
// unsigned, or signed by a key that is neither yours nor a colleague's.
func (t Trust) Unknown() bool { return t.Signer == SignerNone || t.Signer == SignerUnknown }

// SignerWords says in one sentence who signed the bundle.
func (t Trust) SignerWords() string {
	switch t.Signer {
	case SignerYou:
		return "Signed by you (" + t.You + "): a bundle you made."
	case SignerColleague:
		who := t.Colleague.Name
		if t.Colleague.Email != "" {
			who += " <" + t.Colleague.Email + ">"
		}
		return "Signed by your colleague " + who + "."
	case SignerUnknown:
		return "Signed by a key that is not one of your colleagues': " + t.Fingerprint +
			". The bundle says it is from " + nonEmpty(t.From.Name, "no one") +
			"; compare that key with them by another channel, then add them (bob colleagues add)."
	}
	return "Not signed: bob cannot tell who made it (it says " + nonEmpty(t.From.Name, "no one") +
		"). Import it only if it came from them directly."
}

// NotForYouWords says that the bundle is for someone else, or "".
func (t Trust) NotForYouWords() string {
	if !t.NotForYou {
		return ""
	}
	return "This bundle is for " + t.To.Name + ", not for you (" + t.You + "): its accounts become yours if you import it."
}

// Check returns why the import needs the user's explicit say-so, as an
// error naming the flags that give it, or nil. trustUnknown and notForMe
// are that say-so (the command line's --trust-unknown and --not-for-me,
// the app's confirmation).
func (t Trust) Check(trustUnknown, notForMe bool) error {
	if t.Unknown() && !trustUnknown {
		if t.Signer == SignerNone {
			return newErr(ErrUntrusted, "", "the bundle is not signed, so bob cannot tell who made it (it says "+nonEmpty(t.From.Name, "no one")+")",
				"import it with --trust-unknown only if it came from them directly; nothing was imported", nil)
		}
		return newErr(ErrUntrusted, "", "it is signed by "+t.Fingerprint+", not a key of your colleagues (it says it is from "+nonEmpty(t.From.Name, "no one")+")",
			"compare that key with the sender by another channel, then add them (bob colleagues add) or import with --trust-unknown; nothing was imported", nil)
	}
	if t.NotForYou && !notForMe {
		return newErr(ErrNotAddressed, "", "it is addressed to "+t.To.Name+", not to you ("+t.You+")",
			"import it with --not-for-me if it should still be yours; nothing was imported", nil)
	}
	return nil
}
