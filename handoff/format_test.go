package handoff

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"

	"bob/demo"
	"bob/model"
	"bob/store"
)

// oldEncodeJSON is how encodeJSON encoded before it indented by itself:
// the encoder's own indentation, which bundles were written with.
func oldEncodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return b.Bytes(), err
}

// encodeJSON writes exactly what json.Encoder's indentation writes, for
// every kind of value a bundle holds and for strings full of JSON's own
// punctuation and escapes.
func TestEncodeJSONIsTheEncodersIndentation(t *testing.T) {
	values := []any{
		nil, 0, -1.5e300, "", true, []int{}, map[string]any{}, []any{[]any{}, map[string]any{}},
		map[string]any{"a": []any{1, "two", nil, map[string]any{"b": []int{}}}, "c": map[string]any{}},
		`quotes " and \ backslashes \" inside, {braces}, [brackets], a:colon, a,comma`,
		"tabs\tnewlines\n<b>html</b> & \u2028 é 😀 \x01",
		[]string{`"`, `\`, `\\`, `\"`, `","`, `":"`, `}`, `]`},
		acme(), globex(), canonical(acme()), testBundle().Records, Redact(acme()),
		Manifest{Format: FormatName, Version: FormatVersion, Accounts: []ManifestAccount{{ID: id(1), Name: "Acme, \"Corp\""}}},
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "book.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := demo.Fill(st, demo.Options{Accounts: 12, Seed: 5, Now: now}, nil); err != nil {
		t.Fatal(err)
	}
	sums, _ := st.Summaries()
	for _, s := range sums {
		rec, err := st.Record(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, rec)
	}
	for i, v := range values {
		got, err := encodeJSON(v)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := oldEncodeJSON(v)
		if !bytes.Equal(got, want) {
			t.Errorf("value %d: encodeJSON wrote\n%s\nthe encoder's indentation is\n%s", i, got, want)
		}
		// A record's timeline is written by entryjson: that path, not
		// the encoder's, is the one compared.
		if rec, ok := v.(model.AccountRecord); ok && len(rec.Timeline) > 0 {
			if _, ok := encodeRecord(rec); !ok {
				t.Errorf("value %d: the record's timeline was left to the encoder", i)
			}
		}
	}
}

// BenchmarkEncodeJSON compares encodeJSON with the encoder's own
// indentation on an account record.
func BenchmarkEncodeJSON(b *testing.B) {
	rec := acme()
	for _, bc := range []struct {
		name   string
		encode func(any) ([]byte, error)
	}{{"encodeJSON", encodeJSON}, {"encoder-indent", oldEncodeJSON}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := bc.encode(rec); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
