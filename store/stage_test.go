package store

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"
	"time"

	"bob/model"
)

// The parts of a record staged for writing are the bytes json.Marshal
// writes for them, whether entryjson writes them or leaves them to it.
func TestStagedPartsAreWhatJSONMarshalWrites(t *testing.T) {
	r := sampleRecord("Acme <&> \u2028 \xff 🎉", t0)
	acc := r.Account.ID
	zoned := time.Date(2026, 3, 1, 9, 30, 0, 5, time.FixedZone("", 5*3600+45*60))
	r.Account.Custom = map[string]string{"z": "<last>", "a": "first", "\xff": "bad"}
	r.Account.Team = model.AccountTeam{Support: "S & S"}
	r.Account.Updated = zoned
	r.People[0].Notes = "line\nbreak \"quoted\" \x01"
	r.People[0].LeftOn = model.MustDate("2026-02-28")
	r.Plans[0].Objectives = []model.Objective{{ID: model.NewIDAt(t0), Title: "adoption", Due: model.MustDate("2027-01-01"),
		Metric: model.Metric{Unit: "%", Baseline: 1e-7, Target: 1e21, Current: 0.1}}}
	r.Plans[0].Tasks[0].Due = model.MustDate("2026-12-01")
	r.Commitments[0].Due = model.MustDate("2026-12-02")
	r.Handoffs = []model.Handoff{{ID: model.NewIDAt(t0), AccountID: acc, From: "Sam", To: "Kim", When: zoned, Status: model.HandoffPreparing}}
	r.Checklists[0].Steps[1].Email = &model.EmailTemplate{Subject: "<hi>"}
	r.Checklists[0].Steps[1].Due = model.MustDate("2026-11-30")

	want := map[string][]byte{}
	add := func(bucket []byte, key []byte, v any) {
		raw, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		want[string(bucket)+"\x00"+string(key)] = raw
	}
	add(bucketAccounts, []byte(acc), r.Account)
	for _, x := range r.People {
		add(bucketPeople, childKey(acc, x.ID), x)
	}
	for _, x := range r.Edges {
		add(bucketEdges, childKey(acc, x.ID), x)
	}
	for _, x := range r.Plans {
		add(bucketPlans, childKey(acc, x.ID), x)
	}
	for _, x := range r.Commitments {
		add(bucketCommitments, childKey(acc, x.ID), x)
	}
	for _, x := range r.Risks {
		add(bucketRisks, childKey(acc, x.ID), x)
	}
	for _, x := range r.Checklists {
		add(bucketChecklists, childKey(acc, x.ID), x)
	}
	for _, x := range r.Handoffs {
		add(bucketHandoffs, childKey(acc, x.ID), x)
	}
	add(bucketDue, []byte(acc), model.IndexDue(r))

	st, err := stageRecord(r, false)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, p := range st.puts {
		w, ok := want[string(p.bucket)+"\x00"+string(p.key)]
		if !ok {
			continue
		}
		seen++
		if !bytes.Equal(p.value, w) {
			t.Errorf("%s %q staged as\n%s\njson.Marshal writes\n%s", p.bucket, p.key, p.value, w)
		}
	}
	if seen != len(want) {
		t.Fatalf("staged %d of the record's %d parts", seen, len(want))
	}
}

// A part json.Marshal refuses is refused in staging with its error.
func TestStagingRefusesWhatJSONMarshalRefuses(t *testing.T) {
	for name, spoil := range map[string]func(r *model.AccountRecord) any{
		"a target that is not a number": func(r *model.AccountRecord) any {
			r.Plans[0].Objectives = []model.Objective{{ID: "o", Title: "o", Metric: model.Metric{Target: math.NaN()}}}
			return r.Plans[0]
		},
		"a risk raised after the year 9999": func(r *model.AccountRecord) any {
			r.Risks[0].Created = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			return r.Risks[0]
		},
		"an account updated a day off UTC": func(r *model.AccountRecord) any {
			r.Account.Updated = time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", 24*3600))
			return r.Account
		},
	} {
		r := sampleRecord("Acme", t0)
		v := spoil(&r)
		_, want := json.Marshal(v)
		if want == nil {
			t.Fatalf("%s: json.Marshal writes it", name)
		}
		if _, err := stageRecord(r, false); err == nil || err.Error() != want.Error() {
			t.Errorf("%s: staging says %v, json.Marshal %v", name, err, want)
		}
	}
}
