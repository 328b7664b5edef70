package entryjson_test

import (
	"bytes"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"bob/internal/entryjson"
	"bob/model"
)

// checkAppendValue requires AppendValue to write v, and a pointer to it,
// as json.Marshal does, after what dst held; with mustAccept, to accept
// it. What it declines it must leave as it was, and json.Marshal must
// then refuse it, unless mustAccept is false.
func checkAppendValue[T any](t testing.TB, v T, mustAccept bool) {
	t.Helper()
	want, err := json.Marshal(v)
	prefix := []byte("prefix")
	for _, x := range []any{v, &v} {
		got, ok := entryjson.AppendValue(bytes.Clone(prefix), x)
		if !ok {
			if mustAccept {
				t.Fatalf("declined a %T json.Marshal writes as\n%s", v, want)
			}
			if !bytes.Equal(got, prefix) {
				t.Fatalf("declined a %T, but wrote %q", v, got)
			}
			continue
		}
		if err != nil {
			t.Fatalf("wrote a %T json.Marshal refuses (%v):\n%s", v, err, got)
		}
		if !bytes.HasPrefix(got, prefix) || !bytes.Equal(got[len(prefix):], want) {
			t.Fatalf("%T written as\n%s\njson.Marshal writes\n%s", v, got, want)
		}
	}
}

// checkRecordParts checks AppendValue on each part of r the store keeps
// in a key of its own, and on r's entry in the due-item index.
func checkRecordParts(t testing.TB, r model.AccountRecord, mustAccept bool) {
	t.Helper()
	checkAppendValue(t, r.Account, mustAccept)
	for _, x := range r.People {
		checkAppendValue(t, x, mustAccept)
	}
	for _, x := range r.Edges {
		checkAppendValue(t, x, mustAccept)
	}
	for _, x := range r.Plans {
		checkAppendValue(t, x, mustAccept)
	}
	for _, x := range r.Commitments {
		checkAppendValue(t, x, mustAccept)
	}
	for _, x := range r.Risks {
		checkAppendValue(t, x, mustAccept)
	}
	for _, x := range r.Checklists {
		checkAppendValue(t, x, mustAccept)
	}
	for _, x := range r.Handoffs {
		checkAppendValue(t, x, mustAccept)
	}
	checkAppendValue(t, model.IndexDue(r), mustAccept)
}

// fill sets every field of v, however deep, to a value that is not zero
// (one element in each slice and map), so that a field the encoder
// leaves out, or writes under another name, shows. n varies the values.
func fill(v reflect.Value, n int) {
	switch v.Interface().(type) {
	case time.Time:
		zone := time.FixedZone("X", (n%47-23)*1800)
		v.Set(reflect.ValueOf(time.Date(2000+n%100, time.Month(1+n%12), 1+n%28, n%24, n%60, n%60, n*1001, zone)))
		return
	case model.Date:
		v.Set(reflect.ValueOf(model.Date{Year: 1990 + n%50, Month: time.Month(1 + n%12), Day: 1 + n%31}))
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString("s<" + string(rune('a'+n%26)) + "&\u2028>")
	case reflect.Int, reflect.Int64:
		v.SetInt(int64(n*7919 + 1))
	case reflect.Float64:
		v.SetFloat(float64(n)*1.25e-3 + 0.5)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), n+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		fill(v.Index(0), n+1)
		fill(v.Index(1), n+2)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		for i := range 3 {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			fill(k, n+3-i)
			fill(e, n+i)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n+i)
		}
	default:
		panic("fill: " + v.Type().String())
	}
}

// filled is a T with every field set.
func filled[T any](n int) T {
	var v T
	fill(reflect.ValueOf(&v).Elem(), n)
	return v
}

// A string with everything json.Marshal escapes or replaces.
const oddText = "<b>&amp;</b> \"q\" \\ \u2028\u2029 \x00\x01\x1f\x7f \b\f\n\r\t é 日本 🎉 \xff\xfe bad \xed\xa0\x80 half \xe6\x97"

// Every part of every record of a demo book, of a record with every field
// set in its less common forms, of an empty one, and of types with every
// field set by reflection, is written as json.Marshal writes it.
func TestAppendValueIsWhatJSONMarshalWrites(t *testing.T) {
	n := 60
	if testing.Short() {
		n = 10
	}
	full := fullRecord()
	full.Account.Name = oddText
	full.Account.Custom[oddText] = oddText
	full.Account.Custom["\xff"] = "b"
	full.Account.Custom["\xfe"] = "a"
	full.Account.Tags = append(full.Account.Tags, oddText, "")
	full.People[1].Custom = map[string]string{"z": "", "a": "1", "m": oddText}
	full.Plans[0].Tasks = append(full.Plans[0].Tasks, model.Task{ID: oddText, Title: oddText})
	full.Commitments = append(full.Commitments, model.Commitment{ID: "M2", AccountID: "A", What: oddText, To: oddText, Due: model.MustDate("2024-02-29")})
	full.Checklists[0].Steps = append(full.Checklists[0].Steps, model.Step{ID: "3", Title: oddText, Due: model.MustDate("2030-12-31")})
	tokyo := time.FixedZone("JST", 9*3600)
	full.Handoffs = append(full.Handoffs, model.Handoff{ID: "H2", When: time.Date(2026, 1, 2, 3, 4, 5, 0, tokyo)},
		model.Handoff{ID: "H3", When: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)}, model.Handoff{ID: "H4", When: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 24*3600-60))})
	var empty model.AccountRecord
	empty.Canonicalize()
	// Dates Date.Time normalizes, and the edges of those written here.
	odd := model.AccountRecord{Account: model.Account{Renewal: model.Date{Year: 2023, Month: 2, Day: 29},
		ContractStart: model.Date{Year: 10000, Month: 13, Day: 40}},
		People: []model.Person{{LeftOn: model.Date{Year: -5, Month: 1, Day: 1}}, {LeftOn: model.Date{Day: 1}},
			{LeftOn: model.Date{Year: 9999, Month: 12, Day: 28}}, {LeftOn: model.Date{Year: 0, Month: 1, Day: 29}}},
		Checklists: []model.Checklist{{Applied: model.Date{Year: 2024, Month: 0, Day: 0}, Steps: nil}}}
	recs := append(demoRecords(t, n), full, empty, odd, model.AccountRecord{})
	for _, r := range recs {
		checkRecordParts(t, r, true)
	}
	for i := range 5 {
		checkAppendValue(t, filled[model.Account](i), true)
		checkAppendValue(t, filled[model.Person](i), true)
		checkAppendValue(t, filled[model.InfluenceEdge](i), true)
		checkAppendValue(t, filled[model.SuccessPlan](i), true)
		checkAppendValue(t, filled[model.Commitment](i), true)
		checkAppendValue(t, filled[model.Risk](i), true)
		checkAppendValue(t, filled[model.Checklist](i), true)
		checkAppendValue(t, filled[model.Handoff](i), true)
		checkAppendValue(t, filled[model.AccountDue](i), true)
	}
	// Zero values: each omitempty and omitzero field left out, each other
	// written as its zero (a nil list as null).
	checkAppendValue(t, model.Account{}, true)
	checkAppendValue(t, model.Person{}, true)
	checkAppendValue(t, model.InfluenceEdge{}, true)
	checkAppendValue(t, model.SuccessPlan{}, true)
	checkAppendValue(t, model.Commitment{}, true)
	checkAppendValue(t, model.Risk{}, true)
	checkAppendValue(t, model.Checklist{}, true)
	checkAppendValue(t, model.Handoff{}, true)
	checkAppendValue(t, model.AccountDue{}, true)
	// Only the non-zero part of a team; money with a currency but no
	// amount (IsZero, but not omitzero: still written).
	checkAppendValue(t, model.Account{Team: model.AccountTeam{Partner: "p"}, ARR: model.Money{Currency: "USD"}}, true)
	checkAppendValue(t, model.Account{Team: model.AccountTeam{Support: "s"}, ARR: model.Money{Minor: math.MinInt64}}, true)
}

// Floats are written as encoding/json writes them, at the edges of its
// exponent form too.
func TestAppendValueFloats(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99999e-7, 1e-7, 1e20, 1e21, 9.999999999999999e20,
		-1e21, 1e-10, 1e-100, 1.5e300, math.MaxFloat64, math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64,
		123456789.123456789, 1e15, 1 << 53, 0.000001234, 5e-324, 2.5e-7} {
		p := model.SuccessPlan{Objectives: []model.Objective{{Metric: model.Metric{Baseline: f, Target: -f, Current: f / 3},
			History: []model.Reading{{Value: f}, {Value: f / 7}}}}}
		checkAppendValue(t, p, true)
	}
}

// What json.Marshal refuses is declined, dst as it was, for json.Marshal
// to say why; so are types and pointers AppendValue does not write.
func TestAppendValueDeclines(t *testing.T) {
	for _, f := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		checkAppendValue(t, model.SuccessPlan{Objectives: []model.Objective{{Metric: model.Metric{Target: f}}}}, false)
		checkAppendValue(t, model.SuccessPlan{Objectives: []model.Objective{{History: []model.Reading{{Value: f}}}}}, false)
	}
	for _, at := range []time.Time{time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600)), time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -24*3600))} {
		checkAppendValue(t, model.Account{Created: at}, false)
		checkAppendValue(t, model.Account{Updated: at}, false)
		checkAppendValue(t, model.Handoff{When: at}, false)
		checkAppendValue(t, model.AccountDue{KeyPeople: []model.KeyPerson{{LastTouch: at}}}, false)
		if _, ok := entryjson.AppendValue(nil, model.Risk{Created: at}); ok {
			t.Errorf("accepted a risk created at %v", at)
		}
	}
	for _, v := range []any{nil, (*model.Account)(nil), (*model.AccountDue)(nil), model.AccountSummary{}, model.TimelineEntry{},
		model.AccountRecord{}, []model.Person{}, "x", 1} {
		if got, ok := entryjson.AppendValue([]byte("x"), v); ok || string(got) != "x" {
			t.Errorf("%T: accepted, or dst changed: %q", v, got)
		}
	}
}

// FuzzAppendValue builds each type from the fuzzer's text, numbers and
// times: what AppendValue accepts is what json.Marshal writes, and it
// accepts all json.Marshal writes but for floats and times it refuses.
func FuzzAppendValue(f *testing.F) {
	f.Add("", "", int64(0), 0.0, false, int64(0), int64(0), 0, uint8(0))
	f.Add(oddText, "<&>", int64(-1), -0.5, true, int64(1767225600), int64(999999999), -34200, uint8(255))
	f.Add("a", "\xff", int64(math.MaxInt64), 1e21, true, int64(253402300799), int64(1), 86399, uint8(3))
	f.Add("\u2028", "é", int64(math.MinInt64), math.NaN(), false, int64(-62135596800), int64(0), -86400, uint8(7))
	f.Add("🎉", "x", int64(12), 1e-7, true, int64(253402300800), int64(5), 3600, uint8(9))
	f.Fuzz(func(t *testing.T, s1, s2 string, n int64, fl float64, b bool, sec, nsec int64, off int, pick uint8) {
		at := time.Unix(sec, nsec).In(time.FixedZone(s2, off))
		if pick&1 != 0 {
			at = at.UTC()
		}
		var zero time.Time
		if pick&2 != 0 {
			at = zero
		}
		day := model.Date{Year: int(n % 12000), Month: time.Month(n % 14), Day: int(n % 33)}
		if pick&4 != 0 {
			day = model.DateOf(at)
		}
		var strs []string
		if pick&8 != 0 {
			strs = []string{s1, s2}
		} else if pick&16 != 0 {
			strs = []string{}
		}
		var custom map[string]string
		if pick&32 != 0 {
			custom = map[string]string{s1: s2, s2: s1, s1 + s2: ""}
		}
		var email *model.EmailTemplate
		if pick&64 != 0 {
			email = &model.EmailTemplate{Subject: s2, Body: s1}
		}
		// json.Marshal writes every value below but for a time outside
		// years 0 to 9999 or a day's offset from UTC, and a float that
		// is not a number (in a plan): AppendValue must too.
		_, zoff := at.Zone()
		accept := at.Year() >= 0 && at.Year() <= 9999 && zoff > -86400 && zoff < 86400
		acceptPlan := accept && !math.IsNaN(fl) && !math.IsInf(fl, 0)
		checkAppendValue(t, model.Account{ID: s1, Name: s2, Domain: s1, Tags: strs, HealthScore: int(n), ARR: model.Money{Minor: n, Currency: s2},
			ContractStart: day, Renewal: day, Team: model.AccountTeam{Support: s1}, Custom: custom, Created: at, Updated: at,
			Stage: model.Stage(s2), Products: strs}, accept)
		checkAppendValue(t, model.Person{ID: s1, Name: s2, DottedLine: strs, Roles: []model.Role{model.Role(s1)}, LeftOn: day,
			Custom: custom, Notes: s2, Created: at, Updated: at}, accept)
		checkAppendValue(t, model.InfluenceEdge{ID: s1, From: s2, Note: s1, Created: at, Updated: at}, accept)
		checkAppendValue(t, model.SuccessPlan{ID: s1, Title: s2, Intent: model.Intent{Measured: s1},
			Objectives: []model.Objective{{ID: s1, Metric: model.Metric{Unit: s2, Target: fl, Current: fl / 3}, Due: day,
				History: []model.Reading{{On: day, Value: fl}}}},
			Tasks: []model.Task{{ID: s2, Due: day, DoneOn: day, Note: s1}}, Achievements: []model.Achievement{{When: day, Title: s1}},
			Readiness: []model.PillarScore{{Pillar: model.Pillar(s1), Current: int(n), Target: -int(n)}}, Created: at, Updated: at}, acceptPlan)
		checkAppendValue(t, model.Commitment{ID: s1, What: s2, Due: day, Kano: model.Kano(s1), Created: at, Updated: at}, accept)
		checkAppendValue(t, model.Risk{ID: s1, Title: s2, Severity: model.Severity(s1), Created: at, Updated: at}, accept)
		var steps []model.Step
		if b {
			steps = []model.Step{{ID: s1, Title: s2, Due: day, Email: email}, {}}
		} else if pick&128 != 0 {
			steps = []model.Step{}
		}
		checkAppendValue(t, model.Checklist{ID: s1, Applied: day, Anchor: day, Steps: steps, Created: at, Updated: at}, accept)
		checkAppendValue(t, model.Handoff{ID: s1, To: s2, When: at, Status: model.HandoffStatus(s1), Note: s2}, accept)
		checkAppendValue(t, model.AccountDue{AccountID: s1, ActivePlan: b, RenewalChecklist: !b,
			Items:     []model.DueItem{{Kind: model.DueKind(s2), Title: s1, Due: day, Who: s2}},
			KeyPeople: []model.KeyPerson{{ID: s1, LastTouch: at}}, Outgoing: []model.TransitionProgress{{Done: int(n)}}}, accept)
	})
}

// BenchmarkAppendValue writes a demo record's parts (all but its
// timeline) and its entry in the due-item index, as staging it does.
func BenchmarkAppendValue(b *testing.B) {
	r := demoRecords(b, 40)[17]
	var parts []any
	parts = append(parts, r.Account)
	for _, x := range r.People {
		parts = append(parts, x)
	}
	for _, x := range r.Edges {
		parts = append(parts, x)
	}
	for _, x := range r.Plans {
		parts = append(parts, x)
	}
	for _, x := range r.Commitments {
		parts = append(parts, x)
	}
	for _, x := range r.Risks {
		parts = append(parts, x)
	}
	for _, x := range r.Checklists {
		parts = append(parts, x)
	}
	for _, x := range r.Handoffs {
		parts = append(parts, x)
	}
	parts = append(parts, model.IndexDue(r))
	size := 0
	for _, p := range parts {
		raw, _ := json.Marshal(p)
		size += len(raw)
	}
	b.Run("fast", func(b *testing.B) {
		b.SetBytes(int64(size))
		var buf []byte
		for b.Loop() {
			for _, p := range parts {
				var ok bool
				if buf, ok = entryjson.AppendValue(buf[:0], p); !ok {
					b.Fatalf("declined a %T", p)
				}
				_ = bytes.Clone(buf)
			}
		}
	})
	b.Run("encoding-json", func(b *testing.B) {
		b.SetBytes(int64(size))
		for b.Loop() {
			for _, p := range parts {
				if _, err := json.Marshal(p); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
