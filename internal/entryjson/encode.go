package entryjson

import (
	"strings"
	"time"
	"unicode/utf8"

	"bob/model"
)

// Append appends e to dst as compact JSON, the bytes encoding/json
// writes for it (json.Marshal with escapeHTML, or an Encoder with
// SetEscapeHTML(false) without the final newline), without its
// reflection. It reports false, with dst as it was, for an entry whose
// times encoding/json refuses (a year outside 0 to 9999, a zone offset
// of a day or more): the caller lets encoding/json say why.
func Append(dst []byte, e model.TimelineEntry, escapeHTML bool) ([]byte, bool) {
	return appendEntry(dst, e, escapeHTML, &compact)
}

// AppendIndent is Append as json.Indent (no prefix, two spaces) lays the
// entry out at depth levels of nesting: what a bundle's record holds
// for each timeline entry, without indenting the compact JSON after.
func AppendIndent(dst []byte, e model.TimelineEntry, escapeHTML bool, depth int) ([]byte, bool) {
	if depth < len(indents) {
		return appendEntry(dst, e, escapeHTML, &indents[depth])
	}
	l := indentAt(depth)
	return appendEntry(dst, e, escapeHTML, &l)
}

// layout is the punctuation between an entry's parts: compact, or
// indented at one depth.
type layout struct {
	open, next, colon, close    string // the object's
	people, person, peopleClose string // the people array's
}

var compact = layout{open: "{", next: ",", colon: ":", close: "}", people: "[", person: ",", peopleClose: "]"}

// indents are the layouts of the depths a record's timeline is at.
var indents = func() (l [4]layout) {
	for d := range l {
		l[d] = indentAt(d)
	}
	return l
}()

func indentAt(depth int) layout {
	in := func(d int) string { return "\n" + strings.Repeat("  ", d) }
	return layout{open: "{" + in(depth+1), next: "," + in(depth+1), colon: ": ", close: in(depth) + "}",
		people: "[" + in(depth+2), person: "," + in(depth+2), peopleClose: in(depth+1) + "]"}
}

func appendEntry(dst []byte, e model.TimelineEntry, escapeHTML bool, l *layout) ([]byte, bool) {
	start := len(dst)
	ok := true
	key := func(k string) {
		dst = append(dst, l.next...)
		dst = append(dst, k...)
		dst = append(dst, l.colon...)
	}
	dst = append(dst, l.open...)
	dst = append(dst, `"id"`...)
	dst = append(dst, l.colon...)
	dst = appendString(dst, e.ID, escapeHTML)
	key(`"account_id"`)
	dst = appendString(dst, e.AccountID, escapeHTML)
	key(`"when"`)
	dst, ok = appendTime(dst, e.When, ok)
	key(`"kind"`)
	dst = appendString(dst, string(e.Kind), escapeHTML)
	if e.Internal {
		key(`"internal"`)
		dst = append(dst, "true"...)
	}
	key(`"title"`)
	dst = appendString(dst, e.Title, escapeHTML)
	if e.Body != "" {
		key(`"body"`)
		dst = appendString(dst, e.Body, escapeHTML)
	}
	if len(e.People) > 0 {
		key(`"people"`)
		dst = append(dst, l.people...)
		for i, p := range e.People {
			if i > 0 {
				dst = append(dst, l.person...)
			}
			dst = appendString(dst, p, escapeHTML)
		}
		dst = append(dst, l.peopleClose...)
	}
	if e.Author != "" {
		key(`"author"`)
		dst = appendString(dst, e.Author, escapeHTML)
	}
	if e.Status != "" {
		key(`"status"`)
		dst = appendString(dst, string(e.Status), escapeHTML)
	}
	key(`"created"`)
	created := len(dst)
	dst, ok = appendTime(dst, e.Created, ok)
	createdEnd := len(dst)
	key(`"updated"`)
	if e.Updated == e.Created && ok {
		// Most often so: the same time, in the same zone, is the same
		// bytes.
		dst = append(dst, dst[created:createdEnd]...)
	} else {
		dst, ok = appendTime(dst, e.Updated, ok)
	}
	dst = append(dst, l.close...)
	if !ok {
		return dst[:start], false
	}
	return dst, true
}

// appendTime appends t as time.Time's MarshalJSON writes it, if that
// accepts it.
func appendTime(dst []byte, t time.Time, ok bool) ([]byte, bool) {
	if y := t.Year(); y < 0 || y > 9999 {
		return dst, false
	}
	if _, off := t.Zone(); off <= -24*3600 || off >= 24*3600 {
		return dst, false
	}
	dst = append(dst, '"')
	dst = t.AppendFormat(dst, time.RFC3339Nano)
	return append(dst, '"'), ok
}

const hexDigits = "0123456789abcdef"

// plainASCII and plainHTML are the ASCII bytes a string holds as they
// are (without and with HTML escaping).
var plainASCII, plainHTML = func() (a, h [utf8.RuneSelf]bool) {
	for c := byte(0x20); c < utf8.RuneSelf; c++ {
		a[c] = c != '"' && c != '\\'
		h[c] = a[c] && c != '<' && c != '>' && c != '&'
	}
	return a, h
}()

// appendString appends s quoted as encoding/json quotes it: \" and \\,
// the short escapes of \b \f \n \r \t, \u00XX for other controls (and
// for < > & with escapeHTML), \ufffd for each byte of invalid UTF-8, and
// \u2028 \u2029 escaped.
func appendString(dst []byte, s string, escapeHTML bool) []byte {
	dst = append(dst, '"')
	start := 0
	plain := &plainASCII
	if escapeHTML {
		plain = &plainHTML
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if plain[c] {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
