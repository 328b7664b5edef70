package entryjson

import (
	"bytes"
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

// Append writes the bytes encoding/json writes, with and without HTML
// escaping.
func checkAppend(t testing.TB, e model.TimelineEntry) {
	want, err := json.Marshal(e)
	got, ok := Append([]byte("x"), e, true)
	if (err == nil) != ok {
		t.Fatalf("%+v: Append ok %v, json.Marshal error %v", e, ok, err)
	}
	if ok && string(got) != "x"+string(want) {
		t.Fatalf("Append wrote\n%s\njson.Marshal\n%s", got, want)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	err = enc.Encode(e)
	got, ok = Append(nil, e, false)
	if (err == nil) != ok {
		t.Fatalf("%+v: Append ok %v, Encoder error %v", e, ok, err)
	}
	if ok && string(got)+"\n" != b.String() {
		t.Fatalf("Append wrote\n%s\nthe Encoder\n%s", got, b.Bytes())
	}
	if !ok {
		return
	}
	for _, depth := range []int{0, 2, 5} {
		var want bytes.Buffer
		json.Indent(&want, got, strings.Repeat("  ", depth), "  ")
		ind, ok := AppendIndent([]byte("x"), e, false, depth)
		if !ok || string(ind) != "x"+want.String() {
			t.Fatalf("AppendIndent at depth %d wrote\n%s\njson.Indent\n%s", depth, ind, want.Bytes())
		}
	}
}

func TestAppendIsWhatEncodingJSONWrites(t *testing.T) {
	for _, e := range entrySamples() {
		checkAppend(t, e)
	}
	odd := entrySamples()[2]
	odd.Title = "bad \xff\xfe utf8 \xe2\x80 end \u2028\u2029 \x7f \b\f"
	odd.When = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
	checkAppend(t, odd)
	odd.When = time.Date(2020, 1, 1, 0, 0, 0, 1, time.FixedZone("", 24*3600))
	checkAppend(t, odd)
	odd.When = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC)
	checkAppend(t, odd)
	odd.When = time.Date(2020, 1, 1, 0, 0, 0, 5, time.FixedZone("", -(23*3600+59*60)))
	checkAppend(t, odd)
}

func FuzzAppend(f *testing.F) {
	f.Add("a", "<b>&\"\\\n", "\xff\u2028", int64(0), 0, true)
	f.Fuzz(func(t *testing.T, id, title, body string, unix int64, zone int, internal bool) {
		when := time.Unix(unix, unix%1e9).In(time.FixedZone("", zone%(30*3600)))
		checkAppend(t, model.TimelineEntry{ID: id, Title: title, Body: body, People: []string{body, id}, Internal: internal,
			When: when, Created: when.UTC(), Author: title, Status: model.EscalationStatus(id)})
	})
}
