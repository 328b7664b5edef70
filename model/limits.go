package model

import (
	"fmt"
	"unicode/utf8"

	"bob/termsafe"
)

// Limits on the size of what a book holds. They keep a crafted bundle,
// dump or paste from making bob render, store or print without end, and
// they are far above what a CSM writes by hand. The docs (storage.md)
// list them; an error names the field and the limit.
const (
	// MaxNameLen is the longest account, person or colleague name, in characters.
	MaxNameLen = 200
	// MaxLineLen is the longest one-line field (a title, an email, a
	// segment), in characters.
	MaxLineLen = 500
	// MaxTextLen is the longest long-text field (a timeline body, goals,
	// a note), in bytes: 100 KB.
	MaxTextLen = 100 << 10
	// MaxListLen is the most items in a small list on one record (tags,
	// products, a person's roles or dotted lines, an entry's people).
	MaxListLen = 200
	// MaxItems is the most items of one kind inside one record: steps of a
	// checklist, objectives or tasks of a plan.
	MaxItems = 2_000
	// MaxChildren is the most records of one kind an account holds
	// (people, timeline entries, plans, ...).
	MaxChildren = 200_000
)

// quoteCut is how much of a bad value an error message quotes: enough to
// recognise it, never a whole pasted document.
const quoteCut = 60

// Quote returns s quoted for an error message (control characters escaped
// by %q), cut to a few dozen characters so that a huge value never makes a
// huge error line.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= quoteCut {
		return fmt.Sprintf("%q", s)
	}
	n := 0
	for i := range s {
		if n == quoteCut {
			return fmt.Sprintf("%q…", s[:i])
		}
		n++
	}
	return fmt.Sprintf("%q", s)
}

// IDText returns id as an error message shows it: as it is when it is a
// valid id, quoted and cut otherwise (it came from a file and may hold
// anything).
func IDText(id string) string {
	if ValidID(id) {
		return id
	}
	return Quote(id)
}

// line checks a one-line field: no control character at all (not even a
// newline or tab) and at most max characters.
func (v *validator) line(field, s string, max int) {
	v.controls(field, s, false)
	v.maxLen(field, s, max)
}

// text checks a long-text field: newlines and tabs are fine, other control
// characters are not, and it holds at most MaxTextLen bytes.
func (v *validator) text(field, s string) {
	v.controls(field, s, true)
	if len(s) > MaxTextLen {
		v.add(field, fmt.Sprintf("is longer than %s (%s); shorten it or keep the rest in a file", SizeWords(MaxTextLen), SizeWords(int64(len(s)))))
	}
}

// list checks the number of items in a small list.
func (v *validator) count(field string, n, max int) {
	if n > max {
		v.add(field, fmt.Sprintf("has %d items, more than the %d allowed", n, max))
	}
}

// controls refuses C0 and C1 control characters, DEL and bytes that are
// not UTF-8: on a terminal they set titles, write the clipboard or hide
// links, and no field of a book needs them. Newline and tab are allowed
// in long text.
func (v *validator) controls(field, s string, multiline bool) {
	if termsafe.Safe(s, multiline) {
		return
	}
	pos := 0
	for i, r := range s {
		pos++
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size <= 1 {
				v.add(field, fmt.Sprintf("is not valid UTF-8 (character %d)", pos))
				return
			}
			continue
		}
		if !termsafe.Safe(string(r), multiline) {
			v.add(field, fmt.Sprintf("contains the control character U+%04X at character %d; remove it", r, pos))
			return
		}
	}
}

// lines checks every item of a list of one-line values.
func (v *validator) lines(field string, items []string, max int) {
	v.count(field, len(items), MaxListLen)
	for _, s := range items {
		before := len(v.problems)
		v.line(field, s, max)
		if len(v.problems) > before {
			return // one problem per list is enough to act on
		}
	}
}

// LineProblem says what is wrong with s as a one-line value of at most max
// characters (a control character, bad UTF-8, too long), or "" when
// nothing is. For text outside records that follows the same rules: the
// names in a bundle's manifest, an identity, a colleague's line.
func LineProblem(s string, max int) string {
	var v validator
	v.line("", s, max)
	if len(v.problems) == 0 {
		return ""
	}
	return v.problems[0].Problem
}
