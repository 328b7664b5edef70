package entryjson_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"bob/demo"
	"bob/internal/entryjson"
	"bob/model"
)

var demoNow = time.Date(2026, 5, 6, 12, 0, 0, 0, time.UTC)

// demoRecords are n records of a demo book, as a bundle or a book holds
// them.
func demoRecords(t testing.TB, n int) []model.AccountRecord {
	t.Helper()
	var recs []model.AccountRecord
	err := demo.Generate(demo.Options{Accounts: n, Seed: 7, Now: demoNow}, func(r model.AccountRecord) error {
		recs = append(recs, r)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// fullRecord sets every field of every type a record holds, with values
// json.Marshal writes in its less common forms: escapes, text outside
// ASCII, zero and set dates, floats with exponents, -0, large integers,
// a zone offset, a map with escaped keys, an email template.
func fullRecord() model.AccountRecord {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890_000_000, time.UTC)
	zoned := time.Date(2025, 12, 31, 23, 59, 59, 1, time.FixedZone("", -(7*3600+30*60)))
	day := model.MustDate("2024-02-29")
	odd := "quote \" back \\ <b>&</b> \n\t\r \x01\x1f \u2028\u2029 é 日本 🎉 /"
	return model.AccountRecord{
		Account: model.Account{ID: "A", Name: odd, Domain: "example.com", Segment: "Enterprise", Tags: []string{"a", "ü"},
			Owner: "Sam", Stage: model.StageValue, Health: model.HealthRed, HealthReason: odd, HealthScore: 100,
			ARR: model.Money{Minor: model.MaxMinor, Currency: "EUR"}, ContractStart: model.MustDate("0001-01-01"), Renewal: day,
			RenewalOutcome: model.RenewalWon, Entitlements: "e", Expansion: "x", FiscalYearStart: 12, Goals: "g",
			Products: []string{}, UseCases: "u", Challenges: "c", Projects: "p", TechStack: "t",
			DecisionRhythm: model.RhythmConvincing, RelationshipHistory: "r", CustomerContext: "cc", InternalContext: "ic",
			UnwrittenKnowledge: "uk", Team: model.AccountTeam{AccountExecutive: "ae", SolutionsArchitect: "sa", Support: "s", Partner: "p"},
			Custom: map[string]string{"": "", "Key \"q\"": odd, "ключ": "значение"}, Created: zoned, Updated: at},
		People: []model.Person{{ID: "P1", AccountID: "A", Name: "Zoë", Title: "CTO", Email: "z@example.com", Phone: "+1",
			Department: "IT", ReportsTo: "P2", DottedLine: []string{"P2", "P3"}, Roles: []model.Role{model.RoleChampion, model.RoleSponsor},
			Influence: model.LevelHigh, Sentiment: model.SentimentNegative, Power: model.PowerBoth, ADKAR: model.ADKARAbility,
			Status: model.PersonLeft, LeftOn: day, Notes: odd, Custom: map[string]string{}, Created: at, Updated: zoned},
			{ID: "P2", AccountID: "A", Name: "Bo", Roles: []model.Role{}}},
		Edges: []model.InfluenceEdge{{ID: "E", AccountID: "A", From: "P1", To: "P2", Strength: model.LevelLow,
			Sentiment: model.SentimentPositive, Note: odd, Created: at, Updated: at}},
		Timeline: []model.TimelineEntry{{ID: "T", AccountID: "A", When: zoned, Kind: model.KindEscalation, Internal: true,
			Title: odd, Body: odd, People: []string{"P1"}, Author: "Sam", Status: model.EscalationOpen, Created: at, Updated: at}},
		Plans: []model.SuccessPlan{{ID: "S", AccountID: "A", Title: "Plan", Scope: model.ScopeProduct, ScopeName: "n",
			Status: model.PlanActive, Intent: model.Intent{WhyBought: odd, Success: "s", Measured: "m", AdoptionMeans: "a"},
			Objectives: []model.Objective{{ID: "O", Title: "o", Status: model.PlanDraft, Due: day,
				Metric: model.Metric{Name: "n", Unit: "%", Baseline: -0.5, Target: 1e21, Current: 1e-7},
				History: []model.Reading{{On: day, Value: 0.1}, {On: model.Date{}, Value: math.Copysign(0, -1)},
					{On: day, Value: 123456789012345678}, {On: day, Value: -2.5e-300}, {On: day, Value: math.MaxFloat64}}},
				{ID: "O2", Title: "bare"}},
			Tasks:        []model.Task{{ID: "K", Title: "k", Owner: "o", Due: day, State: model.StepDone, Note: odd, DoneOn: day, DoneBy: "b"}},
			Achievements: []model.Achievement{{ID: "C", When: day, Title: "t", Note: "n"}, {ID: "C2", Title: "zero day"}},
			Readiness:    []model.PillarScore{{Pillar: model.PillarChange, Current: 0, Target: 5}}, Created: at, Updated: at},
			{ID: "S2", AccountID: "A", Title: "bare"}},
		Commitments: []model.Commitment{{ID: "M", AccountID: "A", What: "w", To: "t", Due: day, Measure: "m",
			Kano: model.KanoDelighter, Status: model.CommitmentMissed, Created: at, Updated: at}},
		Risks: []model.Risk{{ID: "R", AccountID: "A", Title: "r", Severity: model.SeverityCritical, Description: odd,
			Mitigation: "m", Status: model.RiskMitigated, Created: at, Updated: at}},
		Checklists: []model.Checklist{{ID: "L", AccountID: "A", Playbook: "p", Title: "t", Applied: day,
			AnchorKind: model.AnchorRenewal, Anchor: model.MustDate("9999-12-31"), Created: at, Updated: at,
			Steps: []model.Step{{ID: "1", Title: "s", Detail: odd, Due: day, State: model.StepSkipped, Note: "n", DoneOn: day,
				DoneBy: "b", Email: &model.EmailTemplate{Subject: odd, Body: odd}}, {ID: "2", Title: "e", Email: &model.EmailTemplate{}}}},
			{ID: "L2", AccountID: "A", Steps: []model.Step{}}},
		Handoffs: []model.Handoff{{ID: "H", AccountID: "A", From: "f", To: "t", When: zoned, Status: model.HandoffSent, Note: odd}},
	}
}

// strict decodes raw as a bundle's reader does: unknown fields refused,
// nothing after the value.
func strict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("more after the value")
	}
	return nil
}

// encodings are the forms a record is written in: compact (the store),
// indented (a bundle), and compact without HTML escaping.
func encodings(t testing.TB, v any) [][]byte {
	t.Helper()
	compact, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	indented, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var plain bytes.Buffer
	enc := json.NewEncoder(&plain)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return [][]byte{compact, indented, plain.Bytes()}
}

// checkRecord decodes raw with DecodeRecord and the strict decoder: what
// the one accepts, the other accepts and reads the same.
func checkRecord(t testing.TB, raw []byte, mustAccept bool) {
	t.Helper()
	got, ok := entryjson.DecodeRecord(raw)
	if mustAccept && !ok {
		t.Fatalf("declined a record as json.Marshal writes it:\n%.2000s", raw)
	}
	if !ok {
		if !reflect.DeepEqual(got, model.AccountRecord{}) {
			t.Fatalf("%q: declined, but returned a record", raw)
		}
		return
	}
	var want model.AccountRecord
	if err := strict(raw, &want); err != nil {
		t.Fatalf("%q: accepted, but the strict decoder refuses it: %v", raw, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%q: DecodeRecord read\n%#v\nthe strict decoder\n%#v", raw, got, want)
	}
}

// checkValue decodes raw into a zero value of v's type with DecodeValue
// and with json.Unmarshal, strict and not.
func checkValue[T any](t testing.TB, raw []byte, mustAccept bool) {
	t.Helper()
	var got T
	ok := entryjson.DecodeValue(raw, &got)
	if mustAccept && !ok {
		t.Fatalf("declined a %T as json.Marshal writes it:\n%.2000s", got, raw)
	}
	if !ok {
		if !reflect.ValueOf(got).IsZero() {
			t.Fatalf("%q: declined, but changed the %T", raw, got)
		}
		return
	}
	var want, loose T
	if err := strict(raw, &want); err != nil {
		t.Fatalf("%q: accepted as a %T, but the strict decoder refuses it: %v", raw, got, err)
	}
	if err := json.Unmarshal(raw, &loose); err != nil {
		t.Fatalf("%q: accepted as a %T, but json.Unmarshal refuses it: %v", raw, got, err)
	}
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(got, loose) {
		t.Fatalf("%q: DecodeValue read\n%#v\nencoding/json\n%#v", raw, got, want)
	}
}

// checkParts checks DecodeValue on each of a record's parts, as the
// store keeps them.
func checkParts(t testing.TB, r model.AccountRecord) {
	t.Helper()
	each := func(v any, check func(testing.TB, []byte, bool)) {
		for _, raw := range encodings(t, v) {
			check(t, raw, true)
		}
	}
	each(r.Account, checkValue[model.Account])
	for _, x := range r.People {
		each(x, checkValue[model.Person])
	}
	for _, x := range r.Edges {
		each(x, checkValue[model.InfluenceEdge])
	}
	for _, x := range r.Timeline {
		each(x, checkValue[model.TimelineEntry])
	}
	for _, x := range r.Plans {
		each(x, checkValue[model.SuccessPlan])
	}
	for _, x := range r.Commitments {
		each(x, checkValue[model.Commitment])
	}
	for _, x := range r.Risks {
		each(x, checkValue[model.Risk])
	}
	for _, x := range r.Checklists {
		each(x, checkValue[model.Checklist])
	}
	for _, x := range r.Handoffs {
		each(x, checkValue[model.Handoff])
	}
	each(r, checkValue[model.AccountRecord])
}

// Every record of a demo book, and one with every field set, written as
// the store and a bundle write them, is read by the fast decoder, and
// read as encoding/json reads it.
func TestDecodeRecordReadsWhatJSONMarshalWrites(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 10
	}
	// An empty record, as the store and a bundle write one: its lists
	// empty, not nil (null is left to encoding/json).
	var empty model.AccountRecord
	empty.Canonicalize()
	recs := append(demoRecords(t, n), fullRecord(), empty)
	for _, r := range recs {
		for _, raw := range encodings(t, r) {
			checkRecord(t, raw, true)
		}
		checkParts(t, r)
	}
}

// A record read into a value that is not zero, or into a type the
// decoder does not know, is left to encoding/json (which merges into
// what is there).
func TestDecodeValueLeavesOthersToEncodingJSON(t *testing.T) {
	raw, _ := json.Marshal(model.Account{ID: "A", Name: "n"})
	a := model.Account{Goals: "kept"}
	if entryjson.DecodeValue(raw, &a) || a.ID != "" {
		t.Errorf("decoded into an account that was not zero: %+v", a)
	}
	var s model.AccountSummary
	if entryjson.DecodeValue(raw, &s) {
		t.Error("decoded into an account summary")
	}
	var nilAccount *model.Account
	if entryjson.DecodeValue(raw, nilAccount) {
		t.Error("decoded into a nil pointer")
	}
}

// Dates are read as model.Date's UnmarshalText reads them, or declined
// where it refuses them.
func TestDecodeDates(t *testing.T) {
	for _, s := range []string{"", "2024-02-29", "2023-02-29", "2023-02-28", "2100-02-29", "2000-02-29", "0000-02-29",
		"2024-13-01", "2024-00-10", "2024-04-31", "2024-04-30", "2024-1-01", "24-01-01", "2024-01-01x", "+024-01-01",
		"2024-01-1", "2024/01/01", "9999-12-31", "0000-01-01", "２０２４-01-01", `2024-01-0\u0031`} {
		raw := []byte(`{"applied":"` + s + `"}`)
		checkValue[model.Checklist](t, raw, false)
		checkRecord(t, []byte(`{"plans":[{"achievements":[{"id":"C","when":"`+s+`"}]}]}`), false)
		var got model.Checklist
		if _, err := model.ParseDate(strings.ReplaceAll(s, `\u0031`, "1")); err == nil && !entryjson.DecodeValue(raw, &got) {
			t.Errorf("%q: a date ParseDate reads was declined", s)
		}
	}
}

// hostile are records that json.Marshal does not write, each of which the
// fast decoder must decline or read exactly as encoding/json does.
var hostile = []string{
	``, `null`, `[]`, `{}`, `{} x`, `{}}`, `{"account":{}}` + "\n\t ", `{"account":{},}`, `{"account":null}`,
	`{"people":null}`, `{"people":[null]}`, `{"account":{"id":"a","id":"b"}}`, `{"account":{"ID":"a"}}`,
	`{"account":{"Id":"a"}}`, `{"Account":{}}`, `{"account":{},"account":{}}`, `{"account":{"\u0069d":"a"}}`,
	`{"account":{"id":"a\u0000b"}}`, `{"account":{"id":"\ud800"}}`, `{"account":{"id":"\udc00\ud800"}}`,
	`{"account":{"id":"\ud83c\udf89"}}`, "{\"account\":{\"id\":\"\xff\"}}", "{\"account\":{\"id\":\"\xed\xa0\x80\"}}",
	`{"account":{"health_score":1e2}}`, `{"account":{"health_score":-0}}`, `{"account":{"health_score":1.0}}`,
	`{"account":{"health_score":99999999999999999999}}`, `{"account":{"health_score":999999999999999999}}`,
	`{"account":{"health_score":-999999999999999999}}`, `{"account":{"health_score":01}}`, `{"account":{"health_score":+1}}`,
	`{"account":{"health_score":"1"}}`, `{"account":{"health_score":1}}x`, `{"account":{"arr":{"minor":9223372036854775808}}}`,
	`{"account":{"arr":{"minor":-9223372036854775808}}}`, `{"account":{"arr":{"minor":12,"currency":"USD","x":1}}}`,
	`{"account":{"renewal":"2024-02-30"}}`, `{"account":{"renewal":null}}`, `{"account":{"renewal":20240101}}`,
	`{"account":{"created":"2024-01-01"}}`, `{"account":{"created":"2024-01-01T00:00:00Z"}}`,
	`{"account":{"created":"2024-01-01T00:00:00\u002B01:00"}}`, `{"account":{"created":"0000-01-01T00:00:00+23:59"}}`,
	`{"account":{"custom":{"a":"1","a":"2"}}}`, `{"account":{"custom":{"a":null}}}`, `{"account":{"custom":{"\ud800":"x"}}}`,
	`{"account":{"custom":{"a":1}}}`, `{"account":{"custom":[]}}`, `{"account":{"tags":["a",null]}}`, `{"account":{"tags":{}}}`,
	`{"account":{"team":{"support":"s","Support":"t"}}}`, `{"account":{"unknown":1}}`, `{"unknown":{}}`,
	`{"plans":[{"objectives":[{"metric":{"target":1e400}}]}]}`, `{"plans":[{"objectives":[{"metric":{"target":-0}}]}]}`,
	`{"plans":[{"objectives":[{"metric":{"target":-0.0e-0}}]}]}`, `{"plans":[{"objectives":[{"metric":{"target":1E+2}}]}]}`,
	`{"plans":[{"objectives":[{"metric":{"target":.5}}]}]}`, `{"plans":[{"objectives":[{"metric":{"target":5.}}]}]}`,
	`{"plans":[{"objectives":[{"metric":{"target":123456789012345678901234567890}}]}]}`,
	`{"plans":[{"objectives":[{"history":[{"on":"","value":4.9e-324}]}]}]}`, `{"plans":[{"readiness":[{"current":2.5}]}]}`,
	`{"checklists":[{"steps":[{"email":null}]}]}`, `{"checklists":[{"steps":[{"email":{}}]}]}`,
	`{"checklists":[{"steps":[{"email":{"subject":"a"},"email":{"subject":"b"}}]}]}`,
	`{"timeline":[{"internal":true}],"timeline":[]}`, `{"timeline":[{"Internal":true}]}`, `{"handoffs":[{"when":"x"}]}`,
	`{"people":[{"roles":["champion","nobody"]}]}`, `{"people":[{"roles":[1]}]}`, `{"edges":[{"from":"a"},]}`,
	`  {"risks":[]}  `, `{"risks":[]} {}`, `{"risks" : [ ] , "handoffs" : [ { } ] }`,
}

// Hostile records are declined, or read exactly as encoding/json reads
// them.
func TestDecodeRecordHostile(t *testing.T) {
	for _, s := range hostile {
		checkRecord(t, []byte(s), false)
		checkValue[model.AccountRecord](t, []byte(s), false)
	}
	// Some must be declined, not merely read alike: encoding/json reads
	// them otherwise than a plain reading would.
	for _, s := range []string{`{"account":{"id":"a","id":"b"}}`, `{"account":{"ID":"a"}}`, `{"account":null}`,
		`{"account":{"id":"\ud800"}}`, "{\"account\":{\"id\":\"\xff\"}}", `{"account":{"health_score":1e2}}`,
		`{"risks":[]} {}`, `{"account":{"unknown":1}}`, `{"account":{"renewal":"2024-02-30"}}`} {
		if _, ok := entryjson.DecodeRecord([]byte(s)); ok {
			t.Errorf("%s: accepted", s)
		}
	}
}

func FuzzDecodeRecord(f *testing.F) {
	for _, s := range hostile {
		f.Add([]byte(s))
	}
	for _, r := range append(demoRecords(f, 2), fullRecord()) {
		for _, raw := range encodings(f, r) {
			f.Add(raw)
		}
		raw, _ := json.Marshal(r.Account)
		f.Add(raw)
		raw, _ = json.MarshalIndent(r.Plans, "", "  ")
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkRecord(t, raw, false)
		checkValue[model.Account](t, raw, false)
		checkValue[model.Person](t, raw, false)
		checkValue[model.SuccessPlan](t, raw, false)
		checkValue[model.Checklist](t, raw, false)
		checkValue[model.Handoff](t, raw, false)
	})
}

// benchRecord is a demo record as a bundle writes it, and the same
// without its timeline (what the fast decoder added to the entries').
func benchRecords(b *testing.B) (whole, rest []byte) {
	r := demoRecords(b, 40)[17]
	whole, _ = json.MarshalIndent(r, "", "  ")
	r.Timeline = []model.TimelineEntry{}
	rest, _ = json.MarshalIndent(r, "", "  ")
	return whole, rest
}

func BenchmarkDecodeRecord(b *testing.B) {
	whole, rest := benchRecords(b)
	for _, c := range []struct {
		name string
		raw  []byte
	}{{"whole", whole}, {"rest", rest}} {
		b.Run(c.name+"/fast", func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			for b.Loop() {
				if _, ok := entryjson.DecodeRecord(c.raw); !ok {
					b.Fatal("declined")
				}
			}
		})
		b.Run(c.name+"/encoding-json", func(b *testing.B) {
			b.SetBytes(int64(len(c.raw)))
			for b.Loop() {
				var r model.AccountRecord
				if err := strict(c.raw, &r); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
