package handoff

import (
	"errors"
	"strings"
)

// The kinds of problem a bundle can have. Every error returned by Read,
// Write and the identity functions wraps one of these, so a caller can
// choose how to present it with errors.Is, while the message itself says
// what failed and what to do.
var (
	// ErrNotBundle: the file is not a bob handoff bundle at all.
	ErrNotBundle = errors.New("not a bob handoff bundle")
	// ErrEncrypted: the bundle is encrypted and no identity or passphrase
	// was given to open it.
	ErrEncrypted = errors.New("bundle is encrypted")
	// ErrWrongPassphrase: the bundle is protected by a passphrase and the
	// one given does not open it.
	ErrWrongPassphrase = errors.New("wrong passphrase")
	// ErrNotForYou: the bundle is encrypted to age keys and none of the
	// identities given is one of them.
	ErrNotForYou = errors.New("this bundle is encrypted for someone else")
	// ErrDamaged: the bundle is truncated, corrupt, or was altered after
	// it was made.
	ErrDamaged = errors.New("bundle is damaged")
	// ErrUnsafe: the bundle holds a file whose path could escape a folder
	// when unpacked (.., absolute paths, backslashes, duplicates).
	ErrUnsafe = errors.New("bundle is unsafe")
	// ErrTooLarge: the bundle exceeds a size, count or compression limit.
	ErrTooLarge = errors.New("bundle is too large")
	// ErrNewerVersion: the bundle was made by a newer bob.
	ErrNewerVersion = errors.New("bundle needs a newer bob")
	// ErrBadSignature: the bundle's signature does not verify.
	ErrBadSignature = errors.New("bundle signature is not valid")
	// ErrInvalidAccount: an account in the bundle breaks the model's rules.
	ErrInvalidAccount = errors.New("bundle holds an invalid account")
	// ErrBadInput: what the caller asked for cannot be done as asked (no
	// accounts, no encryption choice, a malformed public identity...).
	ErrBadInput = errors.New("cannot do that")
	// ErrIdentity: the CSM's identity or colleagues file is missing,
	// exists already, or is damaged.
	ErrIdentity = errors.New("identity problem")
)

// Error is a problem with a bundle or an identity, in words a user can
// act on: Kind says what class of problem it is (one of the Err values
// above), File names the file inside the bundle when there is one, Detail
// says what is wrong and Fix says what to do about it.
type Error struct {
	Kind   error
	File   string
	Detail string
	Fix    string
	// Err is the underlying cause, if any; it is not shown in the message
	// when Detail already says it in the user's words.
	Err error
}

// Error reads "<kind>: <detail>; <fix>".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Kind.Error())
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	if e.Fix != "" {
		b.WriteString("; ")
		b.WriteString(e.Fix)
	}
	return b.String()
}

// Unwrap returns the kind and the cause, so errors.Is finds either.
func (e *Error) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func newErr(kind error, file, detail, fix string, cause error) *Error {
	return &Error{Kind: kind, File: file, Detail: detail, Fix: fix, Err: cause}
}

// Fixes said often enough to be worth one wording.
const (
	fixNewCopy   = "ask the sender for a new copy"
	fixNotBundle = "choose the bundle your colleague sent you (its name ends in .bob.zip or .bob.zip.age)"
	fixUpgrade   = "upgrade bob to the latest version and open it again"
	fixReexport  = "ask the sender to fix the account in bob and export the bundle again"
)

func damaged(file, detail string, cause error) *Error {
	return newErr(ErrDamaged, file, detail, fixNewCopy, cause)
}

func unsafePath(file, detail string) *Error {
	return newErr(ErrUnsafe, file, detail,
		"bob will not open it; if you trust the sender, ask them to export it again from bob", nil)
}
