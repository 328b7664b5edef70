package contacts

import (
	"bytes"
	"fmt"
	"io"
	"sort"
	"strings"
	"unicode/utf8"

	vcard "github.com/emersion/go-vcard"
	"github.com/oklog/ulid/v2"

	"bob/model"
	"bob/termsafe"
)

// UID is the vCard UID of a person: their ID as a URN UUID (a bob ID is a
// ULID, 128 bits like a UUID), so a re-import finds them again.
func UID(personID string) string {
	id, err := ulid.ParseStrict(personID)
	if err != nil {
		return "urn:bob:person:" + personID
	}
	b := id[:]
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// personOfUID turns a UID written by UID back into a person ID, or "".
func personOfUID(uid string) string {
	if rest, ok := strings.CutPrefix(uid, "urn:bob:person:"); ok {
		return rest
	}
	hex, ok := strings.CutPrefix(strings.ToLower(uid), "urn:uuid:")
	if !ok {
		return ""
	}
	hex = strings.ReplaceAll(hex, "-", "")
	if len(hex) != 32 {
		return ""
	}
	var id ulid.ULID
	for i := range id {
		var v byte
		if _, err := fmt.Sscanf(hex[2*i:2*i+2], "%02x", &v); err != nil {
			return ""
		}
		id[i] = v
	}
	return id.String()
}

// Write writes the people of the account named account as vCard 4.0
// (RFC 6350), one card each in name order: FN, N, ORG (the account and the
// department), TITLE, EMAIL, TEL, NOTE, and the manager three ways so that
// every program keeps it: RELATED (4.0), X-MS-MANAGER (Outlook) and
// X-BOB-MANAGER, which a re-import uses to rebuild the tree.
func Write(w io.Writer, account string, people []model.Person) error {
	byID := map[string]model.Person{}
	for _, p := range people {
		byID[p.ID] = p
	}
	sorted := append([]model.Person(nil), people...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := strings.ToLower(sorted[i].Name), strings.ToLower(sorted[j].Name)
		if a != b {
			return a < b
		}
		return sorted[i].ID < sorted[j].ID
	})
	var buf bytes.Buffer
	enc := vcard.NewEncoder(&buf)
	for _, p := range sorted {
		if err := enc.Encode(card(account, p, byID)); err != nil {
			return fmt.Errorf("write the card of %s: %w", p.Name, err)
		}
	}
	_, err := io.WriteString(w, termsafe.CRLFLines(string(fold(buf.Bytes()))))
	return err
}

// fold breaks lines longer than 75 octets as RFC 6350 asks (go-vcard
// does not): CRLF and a space, never inside a UTF-8 character.
func fold(b []byte) []byte {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(b, []byte("\r\n")) {
		body := bytes.TrimSuffix(line, []byte("\r\n"))
		limit := 75
		for len(body) > limit {
			cut := limit
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
			out.Write(body[:cut])
			out.WriteString("\r\n ")
			body = body[cut:]
			limit = 74 // the leading space counts
		}
		out.Write(body)
		if len(line) > len(body) || bytes.HasSuffix(line, []byte("\r\n")) {
			out.WriteString("\r\n")
		}
	}
	return out.Bytes()
}

// semi keeps a structured value's part from splitting: go-vcard does not
// escape semicolons, so one inside a part becomes a comma.
func semi(s string) string { return strings.ReplaceAll(s, ";", ",") }

func card(account string, p model.Person, byID map[string]model.Person) vcard.Card {
	c := vcard.Card{}
	c.SetValue(vcard.FieldVersion, "4.0")
	c.SetValue(vcard.FieldUID, UID(p.ID))
	c.SetKind(vcard.KindIndividual)
	c.SetValue(vcard.FieldFormattedName, p.Name)
	given, family := p.Name, ""
	if i := strings.LastIndexByte(strings.TrimSpace(p.Name), ' '); i > 0 {
		given, family = strings.TrimSpace(p.Name[:i]), strings.TrimSpace(p.Name[i+1:])
	}
	c.SetName(&vcard.Name{GivenName: semi(given), FamilyName: semi(family)})
	org := semi(account)
	if p.Department != "" {
		org += ";" + semi(p.Department)
	}
	c.SetValue(vcard.FieldOrganization, org)
	if p.Title != "" {
		c.SetValue(vcard.FieldTitle, p.Title)
	}
	if p.Email != "" {
		c.Set(vcard.FieldEmail, &vcard.Field{Value: p.Email, Params: vcard.Params{vcard.ParamType: {"work"}}})
	}
	if p.Phone != "" {
		c.Set(vcard.FieldTelephone, &vcard.Field{Value: p.Phone, Params: vcard.Params{vcard.ParamType: {"work", "voice"}}})
	}
	if p.Notes != "" {
		c.SetValue(vcard.FieldNote, p.Notes)
	}
	if m, ok := byID[p.ReportsTo]; ok {
		c.Set(vcard.FieldRelated, &vcard.Field{Value: UID(m.ID), Params: vcard.Params{vcard.ParamType: {"co-worker"}}})
		c.SetValue("X-BOB-MANAGER", UID(m.ID))
		c.SetValue("X-MS-MANAGER", m.Name)
	}
	for _, id := range p.DottedLine {
		if _, ok := byID[id]; ok {
			c.AddValue("X-BOB-DOTTED-LINE", UID(id))
		}
	}
	if len(p.Roles) > 0 {
		c.SetValue("X-BOB-ROLES", strings.Join(p.RoleNames(), ","))
	}
	return c
}
