package entryjson

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"bob/model"
)

// entrySamples are entries as the store writes them: every field, and
// strings that json.Marshal escapes (quotes, newlines, HTML characters,
// controls, U+2028) or writes as they are (accents, emoji).
func entrySamples() []model.TimelineEntry {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890_000_000, time.UTC)
	local := time.Date(2025, 12, 31, 23, 59, 59, 0, time.FixedZone("", -7*3600))
	return []model.TimelineEntry{
		{},
		{ID: "01J0000000000000000000000A", AccountID: "01J0000000000000000000000B", When: at, Kind: model.KindCall,
			Title: "QBR", People: []string{"01J0000000000000000000000C", "01J0000000000000000000000D"}, Created: at, Updated: at},
		{ID: "x", AccountID: "y", When: local, Kind: model.KindEscalation, Internal: true, Status: model.EscalationStatus("open"),
			Title: `Said "no" <again> & again`, Body: "Line one\nline\ttwo\r\n\\ back \u2028 sep \u2029 \x01\x1f é ñ 日本 🎉 \ufffd",
			Author: "Zoë Ünal", People: []string{}, Created: local, Updated: at},
		{Title: strings.Repeat("a", 300) + "\"", Body: "/ slash </script>"},
	}
}

// The fast decoder reads what the store writes, exactly as
// encoding/json does.
func TestDecodeReadsWhatTheStoreWrites(t *testing.T) {
	for i, e := range entrySamples() {
		raw, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		var want, got model.TimelineEntry
		if err := json.Unmarshal(raw, &want); err != nil {
			t.Fatal(err)
		}
		if !Decode(raw, &got) {
			t.Errorf("entry %d: the fast decoder left %s to encoding/json", i, raw)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("entry %d: fast decoder read\n%+v\nencoding/json\n%+v", i, got, want)
		}
	}
}

// Whatever the fast decoder accepts, encoding/json accepts and reads the
// same; what it declines is left to encoding/json (decodeEntry).
func TestDecodeDeclinesWhatItDoesNotKnow(t *testing.T) {
	declined := []string{
		``, `null`, `[]`, `{`, `{"id":"a"`, `{"id":"a"} x`, `{"id":"a",}`, `{"ID":"a"}`, `{"id":null}`,
		`{"id":"a","id":"b"}`, `{"other":1}`, `{"id":1}`, `{"internal":"true"}`, `{"internal":truex}`,
		`{"people":null}`, `{"people":["a",]}`, `{"people":[1]}`, `{"when":"yesterday"}`, `{"when":null}`,
		`{"title":"\ud800"}`, `{"title":"\ud800\u0041"}`, `{"title":"\x"}`, `{"title":"\u12"}`,
		"{\"title\":\"a\x01\"}", "{\"title\":\"\xff\"}", "{\"title\":\"\\n\xff\"}", `{"ti\u0074le":"a"}`,
	}
	for _, s := range declined {
		var e model.TimelineEntry
		if Decode([]byte(s), &e) {
			t.Errorf("%q: accepted", s)
		}
		if !reflect.DeepEqual(e, model.TimelineEntry{}) {
			t.Errorf("%q: declined but changed the entry", s)
		}
	}
	accepted := []string{
		` { "id" : "a" , "people" : [ ] , "internal" : false } `,
		"{\n  \"title\": \"\\ud83c\\udf89 \\u00e9\\/\",\n  \"internal\": true\n}",
		`{}`,
	}
	for _, s := range accepted {
		checkDecode(t, []byte(s), true)
	}
}

func checkDecode(t testing.TB, raw []byte, mustAccept bool) {
	var got, want model.TimelineEntry
	ok := Decode(raw, &got)
	if mustAccept && !ok {
		t.Errorf("%q: declined", raw)
	}
	if !ok {
		return
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%q: accepted, but encoding/json refuses it: %v", raw, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: fast decoder read\n%+v\nencoding/json\n%+v", raw, got, want)
	}
}

func FuzzDecode(f *testing.F) {
	for _, e := range entrySamples() {
		raw, _ := json.Marshal(e)
		f.Add(raw)
		ind, _ := json.MarshalIndent(e, "", "  ")
		f.Add(ind)
	}
	f.Add([]byte(`{"title":"\ud83c\udf89","people":[]}`))
	list, _ := json.MarshalIndent(entrySamples(), "", "  ")
	f.Add(list)
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkDecode(t, raw, false)
		checkDecodeList(t, raw, false)
	})
}

func checkDecodeList(t testing.TB, raw []byte, mustAccept bool) {
	got, ok := DecodeList(raw)
	if mustAccept && !ok {
		t.Errorf("%q: declined", raw)
	}
	if !ok {
		return
	}
	var want []model.TimelineEntry
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("%q: accepted, but encoding/json refuses it: %v", raw, err)
	}
	if !reflect.DeepEqual(got, want) || (got == nil) != (want == nil) {
		t.Fatalf("%q: fast decoder read\n%+v\nencoding/json\n%+v", raw, got, want)
	}
}

// A list of entries, as a bundle's record holds it (indented) or compact.
func TestDecodeList(t *testing.T) {
	for _, entries := range [][]model.TimelineEntry{{}, entrySamples()} {
		compact, _ := json.Marshal(entries)
		indented, _ := json.MarshalIndent(entries, "\t", "  ")
		checkDecodeList(t, compact, true)
		checkDecodeList(t, indented, true)
	}
	for _, s := range []string{``, `null`, `[`, `[{}`, `[{},]`, `[{}] x`, `[{"id":"a","extra":1}]`, `{}`, `[1]`} {
		if _, ok := DecodeList([]byte(s)); ok {
			t.Errorf("%q: accepted", s)
		}
	}
}
