package handoff

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"bob/model"
)

// ready is an account with nothing missing: sponsor, champion, active
// plan, everyone touched lately, transition checklist done.
func ready() model.AccountRecord {
	r := globex()
	acc := r.Account.ID
	r.Account.Renewal = model.MustDate("2025-03-31")
	r.Plans = []model.SuccessPlan{{ID: id(110), AccountID: acc, Title: "Plan", Status: model.PlanActive}}
	r.Checklists = []model.Checklist{{ID: id(111), AccountID: acc, Playbook: TransitionPlaybook, Title: "Hand over",
		Steps: []model.Step{{ID: id(112), Title: "Call", State: model.StepDone}, {ID: id(113), Title: "Email", State: model.StepSkipped}}}}
	return r
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		modify func(r *model.AccountRecord)
		want   []GapKind
		text   string
	}{
		{"nothing missing", func(r *model.AccountRecord) {}, nil, ""},
		{"no sponsor", func(r *model.AccountRecord) { r.People[0].Roles = []model.Role{model.RoleChampion} },
			[]GapKind{GapNoSponsor}, "no active executive sponsor"},
		{"sponsor and champion left", func(r *model.AccountRecord) { r.People[0].Status = model.PersonLeft },
			[]GapKind{GapNoSponsor, GapNoChampion}, "no active champion"},
		{"renewal soon, plan only a draft", func(r *model.AccountRecord) { r.Plans[0].Status = model.PlanDraft },
			[]GapKind{GapRenewalWithoutPlan}, "renewal in 30 days and no active success plan"},
		{"renewal soon, no plan", func(r *model.AccountRecord) { r.Plans = nil },
			[]GapKind{GapRenewalWithoutPlan}, "no active success plan"},
		{"renewal far, no plan", func(r *model.AccountRecord) { r.Plans = nil; r.Account.Renewal = model.MustDate("2025-09-01") },
			nil, ""},
		{"renewal passed, no plan", func(r *model.AccountRecord) { r.Plans = nil; r.Account.Renewal = model.MustDate("2025-01-01") },
			nil, ""},
		{"stakeholder touched 61 days ago", func(r *model.AccountRecord) { r.Timeline[0].When = daysAgo(61) },
			[]GapKind{GapStaleStakeholder}, "Hank Scorpio was last touched 61 days ago"},
		{"stakeholder touched 60 days ago", func(r *model.AccountRecord) { r.Timeline[0].When = daysAgo(60) }, nil, ""},
		{"only internal entries", func(r *model.AccountRecord) { r.Timeline[0].Internal = true },
			[]GapKind{GapStaleStakeholder}, "Hank Scorpio was never touched"},
		{"stakeholder who left is not chased", func(r *model.AccountRecord) {
			r.People = append(r.People, model.Person{ID: id(120), AccountID: r.Account.ID, Name: "Gone", Status: model.PersonLeft})
		}, nil, ""},
		{"no transition checklist", func(r *model.AccountRecord) { r.Checklists = nil },
			[]GapKind{GapTransition}, "no outgoing transition checklist"},
		{"transition checklist not finished", func(r *model.AccountRecord) { r.Checklists[0].Steps[1].State = model.StepOpen },
			[]GapKind{GapTransition}, "has 1 open steps"},
		{"other checklist does not count", func(r *model.AccountRecord) { r.Checklists[0].Playbook = "renewal" },
			[]GapKind{GapTransition}, "no outgoing transition checklist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ready()
			tt.modify(&r)
			gaps := Check(r, now)
			var kinds []GapKind
			var texts []string
			for _, g := range gaps {
				kinds = append(kinds, g.Kind)
				texts = append(texts, g.Text)
			}
			if len(kinds) != len(tt.want) {
				t.Fatalf("gaps = %q, want kinds %v", texts, tt.want)
			}
			for i := range kinds {
				if kinds[i] != tt.want[i] {
					t.Errorf("gaps = %q, want kinds %v", texts, tt.want)
				}
			}
			if tt.text != "" && !strings.Contains(strings.Join(texts, "\n"), tt.text) {
				t.Errorf("gaps %q do not say %q", texts, tt.text)
			}
		})
	}
}

func TestCheckNamesStaleStakeholders(t *testing.T) {
	gaps := Check(acme(), now)
	var stale []string
	for _, g := range gaps {
		if g.Kind == GapStaleStakeholder {
			stale = append(stale, g.PersonID)
		}
	}
	// Eve (touched 90 days ago) and Gina (only in an internal note); Frank
	// left, Carol and Dev were touched 5 days ago.
	if strings.Join(stale, " ") != id(12)+" "+id(14) {
		t.Errorf("stale stakeholders = %v", stale)
	}
}

// A record's timeline is read by entryjson's parser and the rest by the
// strict decoder: the record is the one the strict decoder alone reads,
// and a record the parser declines is read (or refused) by the strict
// decoder as before.
func TestDecodeRecordFastIsTheStrictDecoder(t *testing.T) {
	strict := func(raw []byte) (model.AccountRecord, error) {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		var rec model.AccountRecord
		err := decodeOne(dec, &rec)
		return rec, err
	}
	noTimeline := globex()
	noTimeline.Timeline = nil
	for _, r := range []model.AccountRecord{acme(), globex(), noTimeline} {
		raw, err := encodeJSON(r)
		if err != nil {
			t.Fatal(err)
		}
		want, err := strict(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := decodeRecordFast(raw)
		if !ok && len(r.Timeline) > 0 {
			t.Errorf("%s: the fast decoder declined the record as the bundle writes it", r.Account.Name)
			continue
		}
		if ok && !reflect.DeepEqual(got, want) {
			t.Errorf("%s: fast decoder read another record than the strict decoder", r.Account.Name)
		}
	}

	raw, _ := encodeJSON(acme())
	for _, bad := range []struct{ name, from, to, err string }{
		{"unknown entry field", `"kind": "`, `"mood": "calm", "kind": "`, `"mood"`},
		{"entry field of another type", `"internal": true`, `"internal": "yes"`, "cannot unmarshal"},
		{"two timelines", `"timeline": [`, `"timeline": [], "timeline": [`, ""},
		// encoding/json matches keys whatever their case or escapes, the
		// later one winning: the strict decoder reads the second timeline.
		{"a timeline under another case", `"timeline": [`, `"timeline": [], "Timeline": [`, ""},
		{"a timeline with an escaped key", `"timeline": [`, `"timeline": [], "timelin\u0065": [`, ""},
		{"a timeline with a dotless i", `"timeline": [`, `"timeline": [], "tımeline": [`, ""},
	} {
		s := string(raw)
		if !strings.Contains(s, bad.from) {
			t.Fatalf("%s: the record has no %q", bad.name, bad.from)
		}
		changed := []byte(strings.Replace(s, bad.from, bad.to, 1))
		if _, ok := decodeRecordFast(changed); ok {
			t.Errorf("%s: read by the fast decoder", bad.name)
		}
		_, wantErr := strict(changed)
		_, err := decodeRecord(ManifestAccount{ID: acme().Account.ID, Name: acme().Account.Name}, changed)
		if bad.err != "" && (wantErr == nil || !strings.Contains(wantErr.Error(), bad.err) || err == nil || !strings.Contains(err.Error(), bad.err)) {
			t.Errorf("%s: %v; the strict decoder says %v", bad.name, err, wantErr)
		}
	}
}
