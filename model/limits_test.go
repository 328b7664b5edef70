package model

import (
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// fullRecord has at least one of everything a record can hold, so that a
// walk over its strings reaches every text field.
func fullRecord() AccountRecord {
	r := record()
	acc := r.Account.ID
	a := r.People[0].ID
	r.Account.Domain, r.Account.Segment, r.Account.Owner = "acme.com", "enterprise", "Kim"
	r.Account.Tags, r.Account.Products = []string{"emea"}, []string{"Analytics"}
	r.Account.HealthReason, r.Account.Goals = "fine", "grow"
	r.People[0].Title, r.People[0].Email, r.People[0].Phone, r.People[0].Notes = "CIO", "a@acme.com", "+1", "n"
	r.People[1].DottedLine = []string{a}
	r.Edges[0].Note = "n"
	r.Timeline[0].Body, r.Timeline[0].Author = "body", "Kim"
	r.Plans = []SuccessPlan{{ID: NewID(), AccountID: acc, Title: "plan", ScopeName: "x",
		Intent:       Intent{WhyBought: "w", Success: "s", Measured: "m", AdoptionMeans: "a"},
		Objectives:   []Objective{{ID: NewID(), Title: "o", Metric: Metric{Name: "n", Unit: "u"}}},
		Tasks:        []Task{{ID: NewID(), Title: "t", Owner: "Kim"}},
		Achievements: []Achievement{{ID: NewID(), When: DateOf(now), Title: "a", Note: "n"}},
	}}
	r.Commitments = []Commitment{{ID: NewID(), AccountID: acc, What: "w", To: "t", Measure: "m"}}
	r.Risks = []Risk{{ID: NewID(), AccountID: acc, Title: "t", Severity: SeverityHigh, Description: "d", Mitigation: "m"}}
	r.Checklists = []Checklist{{ID: NewID(), AccountID: acc, Playbook: "p", Title: "t",
		Steps: []Step{{ID: NewID(), Title: "s", Detail: "d", Note: "n", DoneBy: "Kim", Email: &EmailTemplate{Subject: "s", Body: "b"}}}}}
	r.Handoffs = []Handoff{{ID: NewID(), AccountID: acc, From: "Kim", To: "Lee", When: now, Status: HandoffSent, Note: "n"}}
	return r
}

// stringsOf returns a setter for every string (field or list item) inside v.
func stringsOf(v reflect.Value, path string, out map[string]func(string)) {
	switch v.Kind() {
	case reflect.String:
		out[path] = func(s string) { v.SetString(s) }
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				stringsOf(v.Field(i), path+"."+v.Type().Field(i).Name, out)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			stringsOf(v.Index(i), path+"[]", out)
		}
	}
}

// TestEveryStringRefusesControls puts a terminal escape into every string
// of a record, one at a time: validation must refuse each, naming a field.
func TestEveryStringRefusesControls(t *testing.T) {
	if err := fullRecord().Validate(); err != nil {
		t.Fatalf("full record: %v", err)
	}
	probe := map[string]func(string){}
	r := fullRecord()
	stringsOf(reflect.ValueOf(&r).Elem(), "record", probe)
	if len(probe) < 60 {
		t.Fatalf("walked only %d strings", len(probe))
	}
	for path := range probe {
		for _, bad := range []string{"x\x1b]52;c;aGk=\x07", "x\u009b31m", "x\x1b]8;;http://evil\x1b\\y", "x\x00"} {
			r := fullRecord()
			set := map[string]func(string){}
			stringsOf(reflect.ValueOf(&r).Elem(), "record", set)
			set[path](bad)
			err := r.Validate()
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Errorf("%s = %q: accepted", path, bad)
				continue
			}
			if strings.ContainsAny(err.Error(), "\x1b\x00\x07") || strings.ContainsRune(err.Error(), 0x9b) {
				t.Errorf("%s: the error itself carries the control: %q", path, err.Error())
			}
		}
	}
}

func TestNewlineOnlyInLongText(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(r *AccountRecord)
		field  string // "" when it must be accepted
	}{
		{"newline in a body", func(r *AccountRecord) { r.Timeline[0].Body = "one\n\ttwo" }, ""},
		{"newline in goals", func(r *AccountRecord) { r.Account.Goals = "a\nb" }, ""},
		{"newline in a name", func(r *AccountRecord) { r.Account.Name = "Acme\nCorp" }, "account.name"},
		{"tab in a title", func(r *AccountRecord) { r.Timeline[0].Title = "a\tb" }, "title"},
		{"carriage return in a body", func(r *AccountRecord) { r.Timeline[0].Body = "a\rb" }, "body"},
		{"escape in goals", func(r *AccountRecord) { r.Account.Goals = "\x1b[2J" }, "account.goals"},
		{"bad utf-8 in a person", func(r *AccountRecord) { r.People[0].Name = "a\xffb" }, "name"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := fullRecord()
			c.mutate(&r)
			err := r.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.field) {
				t.Fatalf("err = %v, want it to name %s", err, c.field)
			}
		})
	}
}

func TestSizeLimits(t *testing.T) {
	huge := strings.Repeat("x", 10<<20)
	cases := []struct {
		name   string
		mutate func(r *AccountRecord)
		want   string
	}{
		{"10 MB name", func(r *AccountRecord) { r.Account.Name = huge }, "name: is longer than 200 characters"},
		{"10 MB body", func(r *AccountRecord) { r.Timeline[0].Body = huge }, "body: is longer than 100 KB"},
		{"too many tags", func(r *AccountRecord) { r.Account.Tags = strings.Fields(strings.Repeat("t ", MaxListLen+1)) }, "tags: has 201 items"},
		{"too many steps", func(r *AccountRecord) {
			s := r.Checklists[0].Steps[0]
			for i := 0; i < MaxItems; i++ {
				s.ID = NewID()
				r.Checklists[0].Steps = append(r.Checklists[0].Steps, s)
			}
		}, "steps: has 2001 items"},
		{"10 MB health value", func(r *AccountRecord) { r.Account.Health = Health(huge) }, "is not one of"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := fullRecord()
			c.mutate(&r)
			err := r.Validate()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %.300v, want %q", err, c.want)
			}
			if len(err.Error()) > 1000 {
				t.Fatalf("error line is %d bytes long", len(err.Error()))
			}
		})
	}
}

func TestQuote(t *testing.T) {
	if got := Quote("a\x1b"); got != `"a\x1b"` {
		t.Errorf("Quote = %s", got)
	}
	if got := Quote(strings.Repeat("é", 1000)); !strings.HasSuffix(got, `"…`) || len([]rune(got)) != quoteCut+3 {
		t.Errorf("Quote of a long value = %s", got)
	}
}

func TestARROverflow(t *testing.T) {
	if _, over := SumMinor(math.MaxInt64, math.MaxInt64); !over {
		t.Error("SumMinor(MaxInt64, MaxInt64) did not report the overflow")
	}
	if s, _ := SumMinor(math.MaxInt64, 1); s < 0 {
		t.Errorf("SumMinor wrapped to %d", s)
	}
	for _, in := range []string{"1e30", "99999999999999999999", "NaN", "Inf", "2000000000000"} {
		if m, err := ParseMoney(in, "USD"); err == nil {
			t.Errorf("ParseMoney(%q) = %+v, want an error", in, m)
		}
	}
	a := Account{ID: NewID(), Name: "Acme", ARR: Money{Minor: math.MaxInt64, Currency: "USD"}}
	if err := a.Validate(); err == nil || !strings.Contains(err.Error(), "largest amount") {
		t.Errorf("an ARR of MaxInt64 minor units: %v", err)
	}
}
