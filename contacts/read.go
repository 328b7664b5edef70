// Package contacts reads and writes an account's stakeholders as vCards,
// the format every address book speaks: vCard 4.0 out (RFC 6350), and
// 2.1, 3.0 and 4.0 in, as Google Contacts, Apple Contacts, Outlook and
// Android write them.
//
// Parsing and writing of property lines is github.com/emersion/go-vcard.
// It unfolds folded lines, reads item1. groups and escaped commas, and
// writes canonical 4.0 cards, but it has no line numbers, silently skips
// lines it cannot read, keeps vCard 2.1's quoted-printable values encoded
// (and breaks their soft line breaks into bogus lines), drops 2.1's bare
// parameters (TEL;CELL:, ;QUOTED-PRINTABLE:), leaves \; escaped and splits
// structured values on escaped semicolons. So this package first walks the
// file line by line itself: it joins folded and soft-broken lines, drops
// photos, names bare parameters, reports a file that is not vCard or a card
// that is cut off with its line number, and hands go-vcard one clean card
// at a time; after it, quoted-printable values are decoded and escapes
// finished.
//
// The package is pure apart from the reader and writer it is given; it
// never touches the book. Text read here is untrusted: model validation,
// through the store, refuses control characters in it.
package contacts

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"mime/quotedprintable"
	"strings"
	"unicode/utf8"

	vcard "github.com/emersion/go-vcard"
	"golang.org/x/text/encoding/unicode"

	"bob/model"
)

// MaxFileSize bounds what is read: address books with photos run to a few
// megabytes; past this it is not an address book.
const MaxFileSize = 64 << 20

// Contact is one card, in the terms bob keeps of a stakeholder.
type Contact struct {
	// Line is where the card begins in the file.
	Line int
	// UID is the card's UID, if any.
	UID string
	// Name is the card's formatted name (FN), else its structured name,
	// else the local part of its email (NamedFromEmail is then true).
	Name           string
	NamedFromEmail bool
	Title          string
	// Org is the organisation; Department its unit (ORG's second part).
	Org, Department string
	Email, Phone    string
	Note            string
	// ManagerUID and ManagerName name the card's manager: by UID (bob's
	// own X-BOB-MANAGER) or by name (Outlook's X-MS-MANAGER, Apple's
	// related name labelled Manager).
	ManagerUID, ManagerName string
	// DottedLineUIDs are bob's dotted-line managers, by UID.
	DottedLineUIDs []string
	// Roles are bob's stakeholder roles, as written by bob.
	Roles []string
}

// SyntaxError is a file that is not vCard or a card that is damaged, with
// the line it was found on.
type SyntaxError struct {
	Line    int
	Problem string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Problem) }

// binary are the properties whose values are (large) encoded files:
// photos, logos, sounds and keys are skipped, never kept.
var binary = map[string]bool{"PHOTO": true, "LOGO": true, "SOUND": true, "KEY": true}

// logical is one property line after unfolding, with its first line.
type logical struct {
	line int
	text string
}

// Read reads every card in r. A file that is not vCard, or a card that is
// cut off, is an error naming the line; then no contact is returned.
func Read(r io.Reader) ([]Contact, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read the contacts: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("the file is larger than %s: that is not an address book", model.SizeWords(MaxFileSize))
	}
	if data, err = fromUTF16(data); err != nil {
		return nil, err
	}
	lines, err := unfold(data)
	if err != nil {
		return nil, err
	}
	var out []Contact
	var card []logical
	begun := 0
	for _, l := range lines {
		name, value := propName(l.text)
		switch {
		case begun == 0 && name == "BEGIN" && strings.EqualFold(value, "VCARD"):
			begun, card = l.line, card[:0]
		case begun == 0:
			return nil, &SyntaxError{l.line, fmt.Sprintf("expected BEGIN:VCARD, found %s: this is not a vCard file", quote(l.text))}
		case name == "BEGIN":
			return nil, &SyntaxError{begun, fmt.Sprintf("the card begun here has no END:VCARD before line %d: the file is cut off or damaged", l.line)}
		case name == "END" && strings.EqualFold(value, "VCARD"):
			c, err := decodeCard(begun, card)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
			begun = 0
		case name == "":
			return nil, &SyntaxError{l.line, fmt.Sprintf("%s is not a vCard property (NAME:value)", quote(l.text))}
		default:
			card = append(card, l)
		}
	}
	if begun != 0 {
		return nil, &SyntaxError{begun, "the card begun here has no END:VCARD: the file is cut off"}
	}
	if len(out) == 0 {
		return nil, &SyntaxError{1, "no card in the file (a vCard file starts with BEGIN:VCARD)"}
	}
	return out, nil
}

func quote(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return fmt.Sprintf("%q", s)
}

// unfold turns the file into logical property lines: folded lines (a
// leading space or tab) joined, quoted-printable soft line breaks (a
// trailing "=") joined, the unindented base64 lines some 2.1 writers
// leave joined, blank lines dropped. Lines that are not UTF-8 are read as
// Latin-1, as old Outlook files are.
func unfold(data []byte) ([]logical, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64*1024), MaxFileSize+1)
	var out []logical
	var cur *logical
	qpOpen, inBinary := false, false
	for n := 1; sc.Scan(); n++ {
		raw := strings.TrimRight(sc.Text(), "\r")
		if !utf8.ValidString(raw) {
			raw = latin1(raw)
		}
		switch {
		case cur != nil && qpOpen:
			cur.text += raw
		case cur != nil && raw != "" && (raw[0] == ' ' || raw[0] == '\t'):
			cur.text += raw[1:]
		case raw == "" || strings.TrimSpace(raw) == "":
			cur, inBinary = nil, false
			continue
		case cur != nil && inBinary && !strings.Contains(raw, ":"):
			cur.text += raw
		default:
			out = append(out, logical{line: n, text: raw})
			cur = &out[len(out)-1]
			name, _ := propName(raw)
			inBinary = binary[name]
		}
		qpOpen = isQP(cur.text) && strings.HasSuffix(cur.text, "=")
		if qpOpen {
			cur.text = strings.TrimSuffix(cur.text, "=")
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read the contacts: %w", err)
	}
	return out, nil
}

func latin1(s string) string {
	r := make([]rune, len(s))
	for i := 0; i < len(s); i++ {
		r[i] = rune(s[i])
	}
	return string(r)
}

// head splits a property line at the colon that ends its name and
// parameters (a colon inside a quoted parameter does not count).
func head(s string) (string, string, bool) {
	inQuote := false
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '"':
			inQuote = !inQuote
		case ':':
			if !inQuote {
				return s[:i], s[i+1:], true
			}
		}
	}
	return s, "", false
}

// propName returns a line's upper-case property name (without its group)
// and its value, or "" for a line that is not a property.
func propName(s string) (string, string) {
	h, v, ok := head(s)
	if !ok {
		return "", ""
	}
	name, _, _ := strings.Cut(h, ";")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToUpper(strings.TrimSpace(name))
	if name == "" || strings.ContainsAny(name, " \t\"") {
		return "", ""
	}
	return name, strings.TrimSpace(v)
}

func isQP(s string) bool {
	h, _, _ := head(s)
	return strings.Contains(strings.ToUpper(h), "QUOTED-PRINTABLE")
}

// normalize names vCard 2.1's bare parameters for go-vcard: TEL;CELL:
// becomes TEL;TYPE=CELL:, ;QUOTED-PRINTABLE becomes ENCODING=....
func normalize(s string) string {
	h, v, _ := head(s)
	parts := strings.Split(h, ";")
	for i := 1; i < len(parts); i++ {
		p := strings.TrimSpace(parts[i])
		if p == "" || strings.Contains(p, "=") {
			continue
		}
		switch strings.ToUpper(p) {
		case "QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT":
			parts[i] = "ENCODING=" + p
		default:
			parts[i] = "TYPE=" + p
		}
	}
	return strings.Join(parts, ";") + ":" + v
}

func decodeCard(line int, props []logical) (Contact, error) {
	var b strings.Builder
	b.WriteString("BEGIN:VCARD\r\n")
	for _, p := range props {
		name, _ := propName(p.text)
		if binary[name] {
			continue // a photo can be megabytes of base64: never kept
		}
		b.WriteString(normalize(p.text) + "\r\n")
	}
	b.WriteString("END:VCARD\r\n")
	card, err := vcard.NewDecoder(strings.NewReader(b.String())).Decode()
	if err != nil {
		return Contact{}, &SyntaxError{line, "the card begun here cannot be read: " + err.Error()}
	}
	for _, fs := range card {
		for _, f := range fs {
			f.Value = decodeValue(f)
		}
	}
	return contactOf(line, card), nil
}

// decodeValue undoes quoted-printable (UTF-8, else Latin-1) and the
// escapes go-vcard leaves: \; and \N.
func decodeValue(f *vcard.Field) string {
	v := f.Value
	if strings.EqualFold(f.Params.Get("ENCODING"), "QUOTED-PRINTABLE") {
		if d, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v))); err == nil {
			v = string(d)
			if !utf8.ValidString(v) {
				v = latin1(v) // CHARSET=ISO-8859-1 and its Windows cousin
			}
		}
	}
	// Line ends become newlines: a note is text, not a Windows file.
	return strings.NewReplacer(`\N`, "\n", `\n`, "\n", "\r\n", "\n", "\r", "\n").Replace(v)
}

// split cuts a structured value at its unescaped semicolons and unescapes
// each part.
func split(v string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			cur.WriteByte(v[i+1])
			i++
			continue
		}
		if v[i] == ';' {
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(v[i])
	}
	return append(out, cur.String())
}

func text(v string) string {
	return strings.TrimSpace(strings.ReplaceAll(v, `\;`, ";"))
}

// preferred picks the field marked preferred (PREF=1 or TYPE=pref), else
// the first.
func preferred(fs []*vcard.Field) *vcard.Field {
	for _, f := range fs {
		if f.Params.Get("PREF") == "1" || f.Params.HasType("pref") {
			return f
		}
	}
	if len(fs) > 0 {
		return fs[0]
	}
	return nil
}

func value(card vcard.Card, key string) string {
	if f := card.Get(key); f != nil {
		return text(f.Value)
	}
	return ""
}

func contactOf(line int, card vcard.Card) Contact {
	c := Contact{Line: line, UID: value(card, vcard.FieldUID)}
	c.Name = value(card, vcard.FieldFormattedName)
	if f := card.Get(vcard.FieldName); c.Name == "" && f != nil {
		parts := split(f.Value)
		get := func(i int) string {
			if i < len(parts) {
				return strings.TrimSpace(parts[i])
			}
			return ""
		}
		c.Name = strings.Join(strings.Fields(strings.Join([]string{get(3), get(1), get(2), get(0), get(4)}, " ")), " ")
	}
	if f := preferred(card[vcard.FieldEmail]); f != nil {
		c.Email = text(f.Value)
	}
	if f := preferred(card[vcard.FieldTelephone]); f != nil {
		c.Phone = strings.TrimPrefix(text(f.Value), "tel:")
	}
	if c.Name == "" && c.Email != "" {
		c.Name, c.NamedFromEmail = strings.SplitN(c.Email, "@", 2)[0], true
	}
	c.Title = value(card, vcard.FieldTitle)
	if c.Title == "" {
		c.Title = value(card, vcard.FieldRole)
	}
	if f := card.Get(vcard.FieldOrganization); f != nil {
		parts := split(f.Value)
		c.Org = strings.TrimSpace(parts[0])
		if len(parts) > 1 {
			c.Department = strings.TrimSpace(strings.Join(parts[1:], " "))
		}
	}
	c.Note = value(card, vcard.FieldNote)
	c.ManagerUID = value(card, "X-BOB-MANAGER")
	c.ManagerName = value(card, "X-MS-MANAGER")
	// Apple: item1.X-ABRELATEDNAMES:Jane + item1.X-ABLabel:_$!<Manager>!$_
	for _, f := range card["X-ABRELATEDNAMES"] {
		for _, l := range card["X-ABLABEL"] {
			if f.Group != "" && l.Group == f.Group && strings.Contains(strings.ToLower(l.Value), "manager") {
				c.ManagerName = text(f.Value)
			}
		}
	}
	for _, f := range card["X-BOB-DOTTED-LINE"] {
		c.DottedLineUIDs = append(c.DottedLineUIDs, text(f.Value))
	}
	if v := value(card, "X-BOB-ROLES"); v != "" {
		for _, r := range strings.Split(v, ",") {
			if r = strings.TrimSpace(r); r != "" {
				c.Roles = append(c.Roles, r)
			}
		}
	}
	return c
}

// fromUTF16 turns a file that starts with a UTF-16 byte-order mark (what
// Windows programs write as "Unicode") into UTF-8; other files are
// returned as they are.
func fromUTF16(data []byte) ([]byte, error) {
	var order unicode.Endianness
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		order = unicode.LittleEndian
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		order = unicode.BigEndian
	default:
		return data, nil
	}
	out, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(data)
	if err != nil {
		return nil, fmt.Errorf("the file says it is UTF-16 but does not read as UTF-16 (%v): export the contacts again as vCard (.vcf)", err)
	}
	return out, nil
}
