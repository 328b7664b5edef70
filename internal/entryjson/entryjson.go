// Package entryjson reads timeline entries, and the account records that
// hold them, from the JSON bob writes for them faster than encoding/json,
// and exactly as it does.
//
// Reading a record decodes every one of its timeline entries, most of
// the bytes of a book or a bundle: through encoding/json's reflection
// and syntax scanner that was about a third of an export's work and of
// reading a bundle. The parser here reads the JSON json.Marshal (or
// MarshalIndent) writes for an entry, or a whole record (record.go), in
// one pass and declines anything else, for the caller to hand to
// encoding/json, which reads or refuses it as it always did.
package entryjson

import (
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"bob/model"
)

// Fields of a TimelineEntry, as bits of a set.
const (
	fieldID = 1 << iota
	fieldAccountID
	fieldWhen
	fieldKind
	fieldInternal
	fieldTitle
	fieldBody
	fieldPeople
	fieldAuthor
	fieldStatus
	fieldCreated
	fieldUpdated
)

// Decode decodes raw into e, a zero entry, as json.Unmarshal would (with or without
// DisallowUnknownFields), for the JSON json.Marshal writes: one object whose keys are the entry's own
// (spelled as its tags spell them, each at most once), with values of
// their own types and no nulls; strings of valid UTF-8, with any JSON
// escape. It reports false, leaving e unchanged, for anything else (a
// key of another spelling, a null, a lone surrogate, invalid UTF-8, bad
// JSON), which json.Unmarshal then decodes or refuses as it always did.
func Decode(raw []byte, e *model.TimelineEntry) bool {
	p := entryParser{b: raw}
	var out model.TimelineEntry
	if !p.entry(&out) || !p.end() {
		return false
	}
	*e = out
	return true
}

// DecodeList decodes raw, a JSON array of entries, as json.Unmarshal
// would into a nil slice (an empty array is an empty slice, not nil),
// under the same terms as Decode.
func DecodeList(raw []byte) ([]model.TimelineEntry, bool) {
	p := entryParser{b: raw}
	var out []model.TimelineEntry
	if !intoVia(&p, &out, (*entryParser).entry, &timelines) || !p.end() {
		return nil, false
	}
	return out, true
}

// entry reads one entry's object into out, from p.i (space first).
func (p *entryParser) entry(out *model.TimelineEntry) bool {
	return p.object(func(key []byte) (bit uint64, ok bool) {
		switch string(key) { // compared where it is, never a string of its own
		case "id":
			bit = fieldID
			out.ID, ok = p.str()
		case "account_id":
			bit = fieldAccountID
			out.AccountID, ok = p.str()
		case "when":
			bit = fieldWhen
			ok = p.time(&out.When)
		case "kind":
			bit = fieldKind
			ok = setKind(p, &out.Kind)
		case "internal":
			bit = fieldInternal
			out.Internal, ok = p.bool()
		case "title":
			bit = fieldTitle
			out.Title, ok = p.str()
		case "body":
			bit = fieldBody
			out.Body, ok = p.str()
		case "people":
			bit = fieldPeople
			out.People, ok = p.strings()
		case "author":
			bit = fieldAuthor
			out.Author, ok = p.str()
		case "status":
			bit = fieldStatus
			ok = setKind(p, &out.Status)
		case "created":
			bit = fieldCreated
			ok = p.time(&out.Created)
		case "updated":
			bit = fieldUpdated
			ok = p.time(&out.Updated)
		}
		return bit, ok
	})
}

type entryParser struct {
	b []byte
	i int
	// chunk holds the text of the short strings read so far, one after
	// another (see keep).
	chunk *strings.Builder
}

// Strings of up to keepShort bytes are kept in chunks of keepChunk.
const keepShort, keepChunk = 256, 2 << 10

// keep returns b as a string. A short one is copied into the parser's
// chunk rather than allocated on its own: a record holds over a thousand
// strings (IDs, titles, times' zones, people), and an allocation each
// was a third of reading it, and that many more objects for the garbage
// collector. A builder's bytes are never changed once written (it is only
// appended to, within its room, or replaced), so each string is a part of
// what it holds; a string keeps its chunk, which the record's other
// strings share, alive.
func (p *entryParser) keep(b []byte) string {
	n := len(b)
	switch {
	case n == 0:
		return ""
	case n > keepShort:
		return string(b)
	}
	if p.chunk == nil || p.chunk.Cap()-p.chunk.Len() < n {
		// A builder's room is not cleared before it is written.
		p.chunk = new(strings.Builder)
		p.chunk.Grow(keepChunk)
	}
	start := p.chunk.Len()
	p.chunk.Write(b)
	return p.chunk.String()[start:]
}

// end reports whether nothing but space is left.
func (p *entryParser) end() bool {
	p.space()
	return p.i == len(p.b)
}

func (p *entryParser) space() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\n', '\r':
			p.i++
		default:
			return
		}
	}
}

func (p *entryParser) take(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// key reads a string without escapes (a key), as the bytes between its
// quotes.
func (p *entryParser) key() ([]byte, bool) {
	if !p.take('"') {
		return nil, false
	}
	start := p.i
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			k := p.b[start:p.i]
			p.i++
			return k, true
		case c == '\\' || c < 0x20:
			return nil, false
		}
		p.i++
	}
	return nil, false
}

// str reads a string value, unescaping it.
func (p *entryParser) str() (string, bool) {
	if !p.take('"') {
		return "", false
	}
	start := p.i
	ascii := true
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			s := p.b[start:p.i]
			p.i++
			if !ascii && !utf8.Valid(s) {
				return "", false
			}
			return p.keep(s), true
		case c == '\\':
			p.i = start
			return p.escaped()
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
		}
		p.i++
	}
	return "", false
}

// escaped reads the rest of a string holding escapes, from p.i just
// after its opening quote.
func (p *entryParser) escaped() (string, bool) {
	buf := make([]byte, 0, 64)
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch {
		case c == '"':
			p.i++
			if !utf8.Valid(buf) {
				return "", false
			}
			return p.keep(buf), true
		case c < 0x20:
			return "", false
		case c != '\\':
			buf = append(buf, c)
			p.i++
			continue
		}
		if p.i+1 >= len(p.b) {
			return "", false
		}
		esc := p.b[p.i+1]
		p.i += 2
		switch esc {
		case '"', '\\', '/':
			buf = append(buf, esc)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := p.hex4()
			if !ok {
				return "", false
			}
			if utf16.IsSurrogate(r) {
				// A pair, as json.Marshal never writes one (it writes
				// such runes as they are); a lone half becomes U+FFFD
				// in encoding/json: left to it.
				if !p.takeLit(`\u`) {
					return "", false
				}
				r2, ok := p.hex4()
				if !ok {
					return "", false
				}
				r = utf16.DecodeRune(r, r2)
				if r == utf8.RuneError {
					return "", false
				}
			}
			buf = utf8.AppendRune(buf, r)
		default:
			return "", false
		}
	}
	return "", false
}

func (p *entryParser) takeLit(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

func (p *entryParser) hex4() (rune, bool) {
	if len(p.b)-p.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range p.b[p.i : p.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r*16 + rune(c)
	}
	p.i += 4
	return r, true
}

// time reads a time as encoding/json does: the quoted string, escapes
// and all, handed to time.Time's UnmarshalJSON.
func (p *entryParser) time(t *time.Time) bool {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return false
	}
	start := p.i
	p.i++
	for p.i < len(p.b) {
		switch c := p.b[p.i]; {
		case c == '"':
			p.i++
			return t.UnmarshalJSON(p.b[start:p.i]) == nil
		case c == '\\' || c < 0x20:
			return false
		}
		p.i++
	}
	return false
}

func (p *entryParser) bool() (bool, bool) {
	switch {
	case p.takeLit("true"):
		return true, p.delimited()
	case p.takeLit("false"):
		return false, p.delimited()
	}
	return false, false
}

// delimited reports whether a literal ends where it should.
func (p *entryParser) delimited() bool {
	if p.i == len(p.b) {
		return true
	}
	switch p.b[p.i] {
	case ' ', '\t', '\n', '\r', ',', '}', ']':
		return true
	}
	return false
}

// strings reads an array of strings ([] is an empty, non-nil slice, as
// encoding/json makes it).
func (p *entryParser) strings() ([]string, bool) {
	return list(p, (*entryParser).setStr)
}
