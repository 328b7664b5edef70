package handoff

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base32"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"time"

	"bob/internal/entryjson"
	"bob/model"
)

// The bundle's fixed names. docs/bundle-format.md describes the layout.
const (
	// FormatName is the "format" field of every bundle manifest.
	FormatName = "bob-handoff-bundle"
	// FormatVersion is the manifest version this bob writes and the
	// newest it reads. Version 2 added the cover note (manifest "note")
	// and, in account records, the account team, the renewal outcome and
	// an escalation's status; version 1 bundles are still read.
	FormatVersion = 2

	// MaxNoteLen is the longest cover note, in bytes.
	MaxNoteLen = 16 << 10

	// ManifestPath is the manifest's path inside the zip.
	ManifestPath = "manifest.json"
	// SignaturePath is the signature's path inside the zip.
	SignaturePath = "signature"
	// AccountsDir holds one accounts/<account-id>.json per account.
	AccountsDir = "accounts/"
	// BriefDir holds the Markdown brief for people.
	BriefDir = "brief/"
	// BriefIndex is the brief's table of contents.
	BriefIndex = BriefDir + "README.md"

	// Ext ends the name of an unencrypted bundle: any OS opens it as a zip.
	Ext = ".bob.zip"
	// EncryptedExt ends the name of an age-encrypted bundle.
	EncryptedExt = ".bob.zip.age"
)

// Party is a CSM named in a bundle.
type Party struct {
	Name  string `json:"name"`
	Email string `json:"email,omitempty"`
}

// Sender is the CSM who made a bundle, with the public key that signed it
// (a "bobsig1..." string; empty for an unsigned bundle).
type Sender struct {
	Name       string `json:"name"`
	Email      string `json:"email,omitempty"`
	SigningKey string `json:"signing_key,omitempty"`
}

// Manifest is manifest.json: who sent the bundle to whom and when, which
// accounts it carries, and the SHA-256 of every other file in the zip.
// The signature covers the manifest's exact bytes, so it covers the whole
// bundle.
type Manifest struct {
	Format    string    `json:"format"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	From      Sender    `json:"from"`
	To        Party     `json:"to"`
	// Redacted is true when the private fields were left out (see Redact).
	Redacted bool `json:"redacted"`
	// Note is the outgoing CSM's cover note to the successor (Markdown);
	// empty when none was written.
	Note     string            `json:"note,omitempty"`
	Accounts []ManifestAccount `json:"accounts"`
	Files    []ManifestFile    `json:"files"`
}

// ManifestAccount names one account the bundle carries.
type ManifestAccount struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ManifestFile pins one file of the bundle by size and SHA-256 (hex).
type ManifestFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// AccountPath returns the path of an account's record inside the zip.
func AccountPath(accountID string) string { return AccountsDir + accountID + ".json" }

// signatureFile is the signature file: JSON, so a person opening the zip
// can see what it is.
type signatureFile struct {
	Algorithm string `json:"algorithm"`
	Signature []byte `json:"signature"` // base64
}

const sigAlgorithm = "ed25519"

// encodeJSON writes v as indented JSON with a final newline, without
// escaping <, > and & so Markdown in records stays readable.
//
// It is json.Encoder's indented output, byte for byte, made faster: the
// encoder writes compact JSON and re-reads all of it through its full
// syntax scanner to indent it, which was most of encoding a bundle's
// records. JSON the encoder just wrote needs no checking, so indentJSON
// only tracks strings and brackets.
//
// An account record's timeline, most of its bytes, is written by
// entryjson (the same bytes, without the encoder's reflection).
func encodeJSON(v any) ([]byte, error) {
	if rec, ok := v.(model.AccountRecord); ok && len(rec.Timeline) > 0 {
		if out, ok := encodeRecord(rec); ok {
			return out, nil
		}
	}
	compact, err := compactJSON(v)
	if err != nil {
		return nil, err
	}
	return indented(compact), nil
}

// compactJSON is v's compact JSON as an Encoder without HTML escaping
// writes it, without the Encoder's newline.
func compactJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	return appendCompactJSON(&b, v)
}

// appendCompactJSON is compactJSON written into b (reset first); the
// bytes returned are b's.
func appendCompactJSON(b *bytes.Buffer, v any) ([]byte, error) {
	b.Reset()
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// indented is compact JSON as a bundle file holds it: indented, and
// ended with a newline.
func indented(compact []byte) []byte {
	out := make([]byte, 0, len(compact)+len(compact)/2)
	return append(indentJSON(out, compact), '\n')
}

// encodeRecord is encodeJSON of rec, its timeline written indented by
// entryjson into the encoder's indented JSON of the rest. It reports
// false for a record it leaves to encodeJSON (a time the encoder
// refuses, or an error the encoder then reports).
func encodeRecord(rec model.AccountRecord) ([]byte, bool) {
	return appendRecord(nil, rec)
}

// appendRecord appends encodeRecord's bytes to dst.
func appendRecord(dst []byte, rec model.AccountRecord) ([]byte, bool) {
	timeline := rec.Timeline
	rec.Timeline = []model.TimelineEntry{}
	// The rest of the record is scratch, in buffers reused between
	// records.
	scratch := restScratch.Get().(*recordRest)
	defer restScratch.Put(scratch)
	compact, err := appendCompactJSON(&scratch.compact, rec)
	if err != nil {
		return dst, false
	}
	scratch.indented = append(indentJSON(scratch.indented[:0], compact), '\n')
	rest := scratch.indented
	start, end, ok := topLevelValue(rest, "timeline")
	if !ok || string(rest[start:end]) != "[]" {
		return dst, false
	}
	// The timeline is a member of the record: its entries are two levels
	// in, one line each for their fields.
	const entryDepth = 2
	mark := len(dst)
	dst = slices.Grow(dst, len(rest)+len(timeline)*768)
	dst = append(dst, rest[:start]...)
	dst = append(dst, '[')
	for i, e := range timeline {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, "\n    "...)
		if dst, ok = entryjson.AppendIndent(dst, e, false, entryDepth); !ok {
			return dst[:mark], false
		}
	}
	dst = append(dst, "\n  ]"...)
	return append(dst, rest[end:]...), true
}

// restScratch holds appendRecord's buffers between records.
var restScratch = sync.Pool{New: func() any { return new(recordRest) }}

type recordRest struct {
	compact  bytes.Buffer
	indented []byte
}

// indentJSON appends src, compact JSON as json.Marshal writes it, to dst
// indented as json.Indent does with no prefix and two spaces: one member
// or element per line, "key": value, and empty objects and arrays kept
// as {} and [].
func indentJSON(dst, src []byte) []byte {
	depth := 0
	open := false // just after { or [: the newline waits for what follows
	newline := func() {
		dst = append(dst, '\n')
		for range depth {
			dst = append(dst, ' ', ' ')
		}
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		if open && c != '}' && c != ']' {
			open = false
			depth++
			newline()
		}
		switch c {
		case '"':
			// Copy the string whole: nothing in it is punctuation.
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			end := min(j+1, len(src))
			dst = append(dst, src[i:end]...)
			i = end - 1
		case '{', '[':
			open = true
			dst = append(dst, c)
		case ',':
			dst = append(dst, c)
			newline()
		case ':':
			dst = append(dst, c, ' ')
		case '}', ']':
			if open {
				open = false
			} else {
				depth--
				newline()
			}
			dst = append(dst, c)
		case ' ', '\t', '\n', '\r':
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

// signingKeyPrefix starts the text form of a signing public key.
const signingKeyPrefix = "bobsig1"

// keyEncoding is lowercase base32 without padding: it survives chat apps,
// double-click selects all of it, and case does not matter.
var keyEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// FormatSigningKey writes an ed25519 public key as "bobsig1..." followed by
// the key and a 4-byte checksum in lowercase base32, so a key mangled in
// transit is caught instead of silently trusted.
func FormatSigningKey(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	raw := append(append([]byte(nil), pub...), sum[:4]...)
	return signingKeyPrefix + keyEncoding.EncodeToString(raw)
}

// ParseSigningKey reads a key written by FormatSigningKey.
func ParseSigningKey(s string) (ed25519.PublicKey, error) {
	bad := func(why string) error {
		return newErr(ErrBadInput, "", "signing key "+quoteShort(s)+" "+why,
			"copy the whole key (it starts with bobsig1) from your colleague's bob id again", nil)
	}
	t := strings.ToLower(strings.TrimSpace(s))
	if !strings.HasPrefix(t, signingKeyPrefix) {
		return nil, bad("does not start with " + signingKeyPrefix)
	}
	raw, err := keyEncoding.DecodeString(t[len(signingKeyPrefix):])
	if err != nil || len(raw) != ed25519.PublicKeySize+4 {
		return nil, bad("is not a whole key")
	}
	pub := ed25519.PublicKey(raw[:ed25519.PublicKeySize])
	sum := sha256.Sum256(pub)
	if !bytes.Equal(sum[:4], raw[ed25519.PublicKeySize:]) {
		return nil, bad("has a typo (its checksum does not match)")
	}
	return pub, nil
}

// quoteShort quotes s for an error message, cut to a readable length.
func quoteShort(s string) string {
	const max = 60
	r := []rune(s)
	if len(r) > max {
		s = string(r[:max]) + "..."
	}
	return `"` + s + `"`
}
