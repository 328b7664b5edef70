package handoff

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"bob/model"
)

func conflictsText(cs []Conflict) string {
	var out []string
	for _, c := range cs {
		out = append(out, fmt.Sprintf("%s %s %s: %q vs %q -> %s", c.Kind, c.ID, c.Field, c.Local, c.Incoming, c.Winner))
	}
	return strings.Join(out, "\n")
}

func TestMergeNewAccount(t *testing.T) {
	in := acme()
	merged, rep := Merge(nil, in, PolicyKeep)
	if rep.Status != StatusNew || !rep.Changed || len(rep.Conflicts) != 0 {
		t.Errorf("report = %+v", rep)
	}
	if got, want := canonJSON(t, merged), canonJSON(t, in); got != want {
		t.Error("a new account is not taken as it is")
	}
	if got, want := rep.AddedWords(), "5 stakeholders, 1 influence edge, 6 timeline entries, 1 success plan, 1 commitment, 2 risks, 1 checklist, 1 handoff"; got != want {
		t.Errorf("AddedWords = %q, want %q", got, want)
	}
}

func TestMergeIdenticalReimport(t *testing.T) {
	local := acme()
	in := acme()
	// The same content written by another machine: other list order,
	// other time zone.
	in.People[0], in.People[4] = in.People[4], in.People[0]
	paris := time.FixedZone("CET", 3600)
	for i := range in.Timeline {
		in.Timeline[i].When = in.Timeline[i].When.In(paris)
	}
	merged, rep := Merge(&local, in, PolicyTheirs)
	if rep.Status != StatusUnchanged || rep.Changed || len(rep.Conflicts) != 0 || rep.AddedTotal() != 0 {
		t.Errorf("re-importing the same account: %+v\n%s", rep, conflictsText(rep.Conflicts))
	}
	if got, want := canonJSON(t, merged), canonJSON(t, local); got != want {
		t.Error("re-importing the same account changed it")
	}
}

func TestMergeUnion(t *testing.T) {
	acc := id(1)
	local := acme()
	in := acme()
	// Each side has records the other lacks.
	local.People = append(local.People, model.Person{ID: id(15), AccountID: acc, Name: "Local Only", Created: created, Updated: updated})
	in.People = append(in.People, model.Person{ID: id(16), AccountID: acc, Name: "Incoming Only", Created: created, Updated: updated})
	in.Timeline = append(in.Timeline, model.TimelineEntry{ID: id(36), AccountID: acc, When: daysAgo(1), Kind: model.KindCall,
		Title: "Intro call with Ben", People: []string{id(16)}, Author: "Ben Okoro", Created: daysAgo(1), Updated: daysAgo(1)})
	local.Risks = local.Risks[:1]
	in.Commitments = nil
	in.Handoffs = append(in.Handoffs, model.Handoff{ID: id(81), AccountID: acc, From: "Ana Lima", To: "Ben Okoro", When: now, Status: model.HandoffSent})

	merged, rep := Merge(&local, in, PolicyKeep)
	if len(rep.Conflicts) != 0 {
		t.Errorf("union produced conflicts:\n%s", conflictsText(rep.Conflicts))
	}
	if rep.Status != StatusExisting || !rep.Changed {
		t.Errorf("status = %s changed = %v", rep.Status, rep.Changed)
	}
	if got, want := rep.AddedWords(), "1 stakeholder, 1 timeline entry, 1 risk, 1 handoff"; got != want {
		t.Errorf("AddedWords = %q, want %q", got, want)
	}
	has := func(ids []string, want string) bool {
		for _, x := range ids {
			if x == want {
				return true
			}
		}
		return false
	}
	var people, timeline []string
	for _, p := range merged.People {
		people = append(people, p.ID)
	}
	for _, e := range merged.Timeline {
		timeline = append(timeline, e.ID)
		if e.ID == id(36) && e.Author != "Ben Okoro" {
			t.Errorf("imported entry's author = %q, want the original author", e.Author)
		}
	}
	if !has(people, id(15)) || !has(people, id(16)) || len(people) != 7 {
		t.Errorf("people = %v", people)
	}
	if !has(timeline, id(36)) || len(timeline) != 7 {
		t.Errorf("timeline = %v", timeline)
	}
	if len(merged.Commitments) != 1 || len(merged.Risks) != 2 || len(merged.Handoffs) != 2 {
		t.Errorf("commitments %d risks %d handoffs %d", len(merged.Commitments), len(merged.Risks), len(merged.Handoffs))
	}
	if err := merged.Validate(); err != nil {
		t.Errorf("merged record is invalid: %v", err)
	}
	// Canonical order, whatever the sides' order.
	c := canonical(merged)
	if canonJSON(t, c) != canonJSON(t, merged) {
		t.Error("merged record is not canonical")
	}
}

func TestMergeConflicts(t *testing.T) {
	local := acme()
	in := acme()
	in.Account.Health = model.HealthRed
	in.Account.Updated = updated.Add(time.Hour)
	in.Account.Tags = []string{"emea"}
	in.People[1].Title = "VP Finance"
	in.Timeline[2].Title = "QBR prep with Dev and Eve"
	tests := []struct {
		policy             Policy
		winner             Side
		health             model.Health
		title              string
		updatedAccountTime time.Time
	}{
		{PolicyKeep, SideLocal, model.HealthYellow, "Finance Director", updated},
		{PolicyTheirs, SideIncoming, model.HealthRed, "VP Finance", updated.Add(time.Hour)},
	}
	for _, tt := range tests {
		t.Run(string(tt.policy), func(t *testing.T) {
			merged, rep := Merge(&local, in, tt.policy)
			want := []Conflict{
				{Kind: "account", ID: id(1), Label: "Acme Corp", Field: "tags", Local: "emea, strategic", Incoming: "emea"},
				{Kind: "account", ID: id(1), Label: "Acme Corp", Field: "health", Local: "yellow", Incoming: "red"},
				{Kind: "stakeholder", ID: id(11), Label: "Dev Patel", Field: "title", Local: "Finance Director", Incoming: "VP Finance"},
				{Kind: "timeline entry", ID: id(32), Label: "QBR prep with Dev", Field: "title", Local: "QBR prep with Dev", Incoming: "QBR prep with Dev and Eve"},
			}
			if len(rep.Conflicts) != len(want) {
				t.Fatalf("conflicts:\n%s", conflictsText(rep.Conflicts))
			}
			for i, w := range want {
				c := rep.Conflicts[i]
				if c.Kind != w.Kind || c.ID != w.ID || c.Label != w.Label || c.Field != w.Field || c.Local != w.Local || c.Incoming != w.Incoming || c.Winner != tt.winner {
					t.Errorf("conflict %d = %+v\nwant %+v winner %s", i, c, w, tt.winner)
				}
			}
			if !rep.Conflicts[1].LocalUpdated.Equal(updated) || !rep.Conflicts[1].IncomingUpdated.Equal(updated.Add(time.Hour)) {
				t.Error("conflict does not show both sides' Updated times")
			}
			if merged.Account.Health != tt.health || merged.People[1].Title != tt.title {
				t.Errorf("health %s title %q", merged.Account.Health, merged.People[1].Title)
			}
			if !merged.Account.Updated.Equal(tt.updatedAccountTime) {
				t.Errorf("account Updated = %v, want %v", merged.Account.Updated, tt.updatedAccountTime)
			}
			if rep.Changed != (tt.policy == PolicyTheirs) {
				t.Errorf("Changed = %v", rep.Changed)
			}

			// Idempotent: importing the same bundle again changes nothing.
			again, rep2 := Merge(&merged, in, tt.policy)
			if canonJSON(t, again) != canonJSON(t, merged) || rep2.Changed || rep2.AddedTotal() != 0 {
				t.Errorf("second import changed the record: %+v", rep2)
			}
			if tt.policy == PolicyTheirs && len(rep2.Conflicts) != 0 {
				t.Errorf("second import with theirs has conflicts:\n%s", conflictsText(rep2.Conflicts))
			}
			if tt.policy == PolicyKeep && len(rep2.Conflicts) != len(want) {
				t.Errorf("second import with keep should report the same %d conflicts, got %d", len(want), len(rep2.Conflicts))
			}
		})
	}
}

func TestMergeTimestampsDoNotDecide(t *testing.T) {
	local := acme()
	in := acme()
	// The incoming side is "newer" but equal: nothing to do.
	in.Account.Updated = updated.Add(48 * time.Hour)
	in.People[0].Updated = updated.Add(48 * time.Hour)
	merged, rep := Merge(&local, in, PolicyTheirs)
	if rep.Status != StatusUnchanged || rep.Changed {
		t.Errorf("a newer timestamp alone changed the record: %+v", rep)
	}
	if !merged.Account.Updated.Equal(updated) {
		t.Error("unchanged record got the incoming timestamp")
	}
	// The incoming side is "older" but differs: with keep, local wins; with
	// theirs, incoming wins, whatever the times say.
	in = acme()
	in.Account.Updated = created
	in.Account.Goals = "Older goals"
	merged, _ = Merge(&local, in, PolicyTheirs)
	if merged.Account.Goals != "Older goals" {
		t.Error("an older timestamp decided the conflict")
	}
	if !merged.Account.Updated.Equal(updated) {
		t.Error("a changed record must keep the later Updated time")
	}
}

func TestMergeNested(t *testing.T) {
	local := acme()
	in := acme()
	// Plan: a new objective on each side, the shared one moved on.
	local.Plans[0].Objectives = append(local.Plans[0].Objectives, model.Objective{ID: id(45), Title: "Local objective"})
	in.Plans[0].Objectives = append(in.Plans[0].Objectives, model.Objective{ID: id(46), Title: "Incoming objective"})
	in.Plans[0].Objectives[0].Metric.Current = 6
	in.Plans[0].Intent.WhyBought = "Audit findings."
	in.Plans[0].Readiness[1].Current = 3
	in.Plans[0].Readiness = append(in.Plans[0].Readiness, model.PillarScore{Pillar: model.PillarGovernance, Current: 1, Target: 3})
	in.Plans[0].Tasks[0].State = model.StepDone
	// Checklist: a new step on the incoming side, a shared one done.
	in.Checklists[0].Steps = append(in.Checklists[0].Steps, model.Step{ID: id(74), Title: "Introduce Ben to Carol"})
	in.Checklists[0].Steps[1].State = model.StepDone

	merged, rep := Merge(&local, in, PolicyTheirs)
	plan := merged.Plans[0]
	var objectives []string
	for _, o := range plan.Objectives {
		objectives = append(objectives, o.ID)
	}
	if strings.Join(objectives, " ") != strings.Join([]string{id(41), id(45), id(46)}, " ") {
		t.Errorf("objectives = %v", objectives)
	}
	if plan.Objectives[0].Metric.Current != 6 || plan.Intent.WhyBought != "Audit findings." || plan.Tasks[0].State != model.StepDone {
		t.Errorf("nested fields not taken: %+v", plan)
	}
	if len(plan.Readiness) != 4 || plan.Readiness[1].Current != 3 {
		t.Errorf("readiness = %+v", plan.Readiness)
	}
	steps := merged.Checklists[0].Steps
	if len(steps) != 4 || steps[3].ID != id(74) || steps[1].State != model.StepDone {
		t.Errorf("steps = %+v", steps)
	}
	if got, want := rep.AddedWords(), "1 objective, 1 readiness score, 1 step"; got != want {
		t.Errorf("AddedWords = %q, want %q", got, want)
	}
	fields := map[string]string{}
	for _, c := range rep.Conflicts {
		fields[c.Kind+" "+c.Field] = c.Local + " -> " + c.Incoming
	}
	want := map[string]string{
		"objective metric.current":       "7 -> 6",
		"success plan intent.why_bought": "Manual close was error-prone. -> Audit findings.",
		"readiness score current":        "2 -> 3",
		"task state":                     "open -> done",
		"step state":                     "open -> done",
	}
	if len(fields) != len(want) {
		t.Errorf("conflicts:\n%s", conflictsText(rep.Conflicts))
	}
	for k, v := range want {
		if fields[k] != v {
			t.Errorf("conflict %s = %q, want %q", k, fields[k], v)
		}
	}
	for _, c := range rep.Conflicts {
		if c.Kind == "objective" && (!c.LocalUpdated.Equal(updated) || c.ID != id(41)) {
			t.Errorf("nested conflict %+v does not show its plan's times", c)
		}
	}
	if err := merged.Validate(); err != nil {
		t.Errorf("merged record is invalid: %v", err)
	}
	again, rep2 := Merge(&merged, in, PolicyTheirs)
	if canonJSON(t, again) != canonJSON(t, merged) || len(rep2.Conflicts) != 0 || rep2.Changed {
		t.Errorf("second nested import is not idempotent: %+v", rep2)
	}
}

func TestMergeLeavesInputsAlone(t *testing.T) {
	local, in := acme(), acme()
	local.People[0], local.People[4] = local.People[4], local.People[0]
	in.Account.Health = model.HealthRed
	firstLocal := local.People[0].ID
	Merge(&local, in, PolicyTheirs)
	if local.People[0].ID != firstLocal || local.Account.Health != model.HealthYellow {
		t.Error("Merge changed the local record it was given")
	}
}

func TestParsePolicy(t *testing.T) {
	for in, want := range map[string]Policy{"keep": PolicyKeep, " Theirs ": PolicyTheirs} {
		if got, err := ParsePolicy(in); err != nil || got != want {
			t.Errorf("ParsePolicy(%q) = %q, %v", in, got, err)
		}
	}
	_, err := ParsePolicy("newest")
	checkErr(t, err, ErrBadInput, `"newest" is not a conflict policy`)
}

func TestPreview(t *testing.T) {
	data := mustWrite(t, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}, Redact: true})
	opened, err := ReadBytes(data, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// The receiver already has Acme, with private fields of their own and
	// one difference.
	local := acme()
	local.Account.InternalContext = "Ben's own context"
	local.People[1].Notes = "Ben's own note"
	local.Account.Health = model.HealthGreen
	p, err := NewPreview(map[string]model.AccountRecord{id(1): local}, opened, PolicyTheirs)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Accounts) != 2 || p.Count(StatusNew) != 1 || p.Count(StatusExisting) != 1 || p.Conflicts() != 1 {
		t.Fatalf("preview = %+v", p.Accounts)
	}
	if got := p.Summary(); got != "1 new, 1 updated, 0 unchanged; 1 conflict (took theirs)" {
		t.Errorf("Summary = %q", got)
	}
	acmeMerged := p.Records[0]
	if acmeMerged.Account.InternalContext != "Ben's own context" || acmeMerged.People[1].Notes != "Ben's own note" {
		t.Error("a redacted bundle cleared the receiver's private fields")
	}
	if acmeMerged.Account.UnwrittenKnowledge != local.Account.UnwrittenKnowledge {
		t.Error("a redacted bundle changed unwritten knowledge")
	}
	if len(acmeMerged.Timeline) != len(local.Timeline) {
		t.Error("a redacted bundle dropped the receiver's internal timeline entries")
	}
	if acmeMerged.Account.Health != model.HealthYellow {
		t.Error("theirs did not win")
	}
	if len(p.Changed()) != 2 {
		t.Errorf("Changed() = %d records, want 2", len(p.Changed()))
	}
	// The opened bundle itself is untouched by the preview.
	if opened.Records[0].People[1].Notes != "" {
		t.Error("NewPreview changed the opened bundle")
	}

	// Importing into a book that already has everything: all unchanged.
	full, err := ReadBytes(mustWrite(t, testBundle(), plain()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	p, err = NewPreview(map[string]model.AccountRecord{id(1): acme(), id(100): globex()}, full, PolicyKeep)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count(StatusUnchanged) != 2 || len(p.Changed()) != 0 || p.Summary() != "0 new, 0 updated, 2 unchanged" {
		t.Errorf("re-import preview: %s %+v", p.Summary(), p.Accounts)
	}
	if _, err := NewPreview(nil, full, "newest"); err == nil {
		t.Error("NewPreview accepted an unknown policy")
	}
}
