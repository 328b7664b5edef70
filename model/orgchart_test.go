package model

import (
	"strings"
	"testing"
	"time"
)

// chart builds people from "name>manager" pairs; IDs are made up per name.
func chart(t *testing.T, specs ...string) ([]Person, map[string]string) {
	t.Helper()
	ids := map[string]string{}
	for _, s := range specs {
		name, _, _ := strings.Cut(s, ">")
		ids[name] = NewID()
	}
	var people []Person
	for _, s := range specs {
		name, boss, _ := strings.Cut(s, ">")
		p := Person{ID: ids[name], Name: name}
		if boss != "" {
			p.ReportsTo = ids[boss]
			if p.ReportsTo == "" {
				p.ReportsTo = NewID() // a manager who is not in the account
			}
		}
		people = append(people, p)
	}
	return people, ids
}

func drawn(rows []OrgRow) string {
	var out []string
	for _, r := range rows {
		mark := ""
		if r.Reports > 0 && !r.Expanded {
			mark = " +"
		}
		out = append(out, r.Branch()+r.Person.Name+mark)
	}
	return strings.Join(out, "\n")
}

func TestOrgChartRows(t *testing.T) {
	people, ids := chart(t, "Dana", "Priya>Dana", "Lee>Priya", "Mark>Dana", "Zoe>Ghost", "Ann>Lee", "Bo>Priya")
	c := NewOrgChart(people)
	cases := []struct {
		name      string
		collapsed []string
		want      string
	}{
		{"all expanded", nil, "Dana\n├─ Mark\n└─ Priya\n   ├─ Bo\n   └─ Lee\n      └─ Ann\nZoe"},
		{"Priya collapsed", []string{"Priya"}, "Dana\n├─ Mark\n└─ Priya +\nZoe"},
		{"top collapsed", []string{"Dana"}, "Dana +\nZoe"},
		{"leaf collapse is no-op", []string{"Mark"}, "Dana\n├─ Mark\n└─ Priya\n   ├─ Bo\n   └─ Lee\n      └─ Ann\nZoe"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			col := map[string]bool{}
			for _, n := range tc.collapsed {
				col[ids[n]] = true
			}
			if got := drawn(c.Rows(col)); got != tc.want {
				t.Errorf("rows:\n%s\nwant:\n%s", got, tc.want)
			}
		})
	}
	if got := c.Reports(ids["Priya"]); len(got) != 2 || got[0] != ids["Bo"] {
		t.Errorf("Reports(Priya) = %v", got)
	}
	if got := c.Chain(ids["Ann"]); len(got) != 3 || got[2] != ids["Dana"] {
		t.Errorf("Chain(Ann) = %v", got)
	}
	if got := len(c.Managers()); got != 3 {
		t.Errorf("Managers = %d, want Dana, Priya and Lee", got)
	}
}

func TestOrgChartLoopNeverLosesAnyone(t *testing.T) {
	people, ids := chart(t, "A>B", "B>A", "C")
	rows := NewOrgChart(people).Rows(nil)
	if len(rows) != 3 {
		t.Fatalf("rows = %q, want all three people once", drawn(rows))
	}
	_ = ids
}

func TestMoveLoop(t *testing.T) {
	people, ids := chart(t, "Dana", "Priya>Dana", "Lee>Priya", "Mark>Dana")
	cases := []struct {
		who, under string
		loop       []string
	}{
		{"Priya", "Mark", nil},
		{"Lee", "Dana", nil},
		{"Priya", "", nil},
		{"Dana", "Lee", []string{"Dana", "Lee", "Priya", "Dana"}},
		{"Priya", "Lee", []string{"Priya", "Lee", "Priya"}},
		{"Mark", "Mark", []string{"Mark", "Mark"}},
	}
	for _, c := range cases {
		got := MoveLoop(people, ids[c.who], ids[c.under])
		var names []string
		for _, id := range got {
			for n, x := range ids {
				if x == id {
					names = append(names, n)
				}
			}
		}
		if strings.Join(names, ">") != strings.Join(c.loop, ">") {
			t.Errorf("move %s under %s: loop %v, want %v", c.who, c.under, names, c.loop)
		}
	}
}

func TestPeopleInsights(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	acc := NewID()
	p := func(name string, roles ...Role) Person {
		return Person{ID: NewID(), AccountID: acc, Name: name, Roles: roles, Updated: now}
	}
	touch := func(days int, ps ...Person) TimelineEntry {
		e := TimelineEntry{ID: NewID(), AccountID: acc, When: now.AddDate(0, 0, -days), Kind: KindCall, Title: "call"}
		for _, x := range ps {
			e.People = append(e.People, x.ID)
		}
		return e
	}
	sponsor, champ, buyer := p("Dana", RoleSponsor), p("Priya", RoleChampion), p("Ola", RoleEconomicBuyer)
	det := p("Mark", RoleDetractor)
	det.Influence = LevelHigh
	cases := []struct {
		name    string
		rec     func() AccountRecord
		want    []InsightKind
		notWant []InsightKind
		text    string
	}{
		{"healthy", func() AccountRecord {
			return AccountRecord{People: []Person{sponsor, champ}, Timeline: []TimelineEntry{touch(5, sponsor, champ)}}
		}, nil, []InsightKind{InsightNoSponsor, InsightNoChampion, InsightSingleThreaded, InsightStaleStakeholders}, ""},
		{"champion left recently", func() AccountRecord {
			c := champ
			c.Status, c.LeftOn = PersonLeft, DateOf(now).AddDays(-10)
			return AccountRecord{People: []Person{sponsor, c, buyer}, Timeline: []TimelineEntry{touch(5, sponsor, buyer)}}
		}, []InsightKind{InsightNoChampion, InsightKeyPersonLeft}, []InsightKind{InsightSingleThreaded}, "Priya (champion) left 10 days ago"},
		{"key person left long ago", func() AccountRecord {
			c := champ
			c.Status, c.LeftOn = PersonLeft, DateOf(now).AddDays(-400)
			return AccountRecord{People: []Person{sponsor, c}, Timeline: []TimelineEntry{touch(5, sponsor)}}
		}, []InsightKind{InsightNoChampion, InsightSingleThreaded}, []InsightKind{InsightKeyPersonLeft}, "only Dana touched"},
		{"single-threaded and stale", func() AccountRecord {
			return AccountRecord{People: []Person{sponsor, champ, buyer}, Timeline: []TimelineEntry{touch(70, champ), touch(100, buyer)}}
		}, []InsightKind{InsightSingleThreaded, InsightStaleStakeholders}, nil, "3 stakeholders not touched in 60 days"},
		{"internal notes do not count", func() AccountRecord {
			e := touch(1, sponsor, champ)
			e.Internal = true
			return AccountRecord{People: []Person{sponsor, champ}, Timeline: []TimelineEntry{e}}
		}, []InsightKind{InsightSingleThreaded, InsightStaleStakeholders}, nil, "no stakeholder touched"},
		{"loud detractor", func() AccountRecord {
			return AccountRecord{People: []Person{sponsor, champ, det}, Timeline: []TimelineEntry{touch(1, sponsor, champ, det)}}
		}, []InsightKind{InsightDetractor}, nil, "detractor with high influence: Mark"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := PeopleInsights(c.rec(), now)
			kinds := map[InsightKind]bool{}
			var texts []string
			for _, in := range got {
				kinds[in.Kind] = true
				texts = append(texts, in.Text)
			}
			for _, k := range c.want {
				if !kinds[k] {
					t.Errorf("missing %q in %q", k, texts)
				}
			}
			for _, k := range c.notWant {
				if kinds[k] {
					t.Errorf("unexpected %q in %q", k, texts)
				}
			}
			if c.text != "" && !strings.Contains(strings.Join(texts, " | "), c.text) {
				t.Errorf("texts %q lack %q", texts, c.text)
			}
			for i := 1; i < len(got); i++ {
				if severityRank(got[i].Severity) > severityRank(got[i-1].Severity) {
					t.Errorf("not worst first: %q", texts)
				}
			}
		})
	}
}

func TestGroupBarriers(t *testing.T) {
	people, ids := chart(t, "Dana", "Priya>Dana", "Lee>Priya", "Ivy>Priya", "Sam", "Tom>Sam")
	set := map[string]ADKAR{"Dana": ADKARAbility, "Priya": ADKARAbility, "Lee": ADKARKnowledge, "Ivy": ADKARAwareness,
		"Sam": ADKARDesire, "Tom": ADKARDesire}
	for i := range people {
		people[i].ADKAR = set[people[i].Name]
		if people[i].Name == "Sam" || people[i].Name == "Tom" {
			people[i].Department = "Finance"
		}
	}
	got := GroupBarriers(people)
	if len(got) != 2 {
		t.Fatalf("groups = %+v", got)
	}
	// Dana's team: ability, ability, knowledge, awareness: the intern at
	// awareness is behind, not the team's barrier.
	if got[0].Group != "Dana's team" || got[0].Barrier != ADKARKnowledge || got[0].Assessed != 4 ||
		len(got[0].Behind) != 1 || got[0].Behind[0] != ids["Ivy"] {
		t.Errorf("Dana's team = %+v", got[0])
	}
	if got[1].Group != "Finance" || got[1].Barrier != ADKARDesire || len(got[1].Behind) != 0 {
		t.Errorf("Finance = %+v", got[1])
	}
}

// BenchmarkOrgChart builds and flattens an org chart of 1,000 people (ten
// levels deep), as the People tab does on every reload.
func BenchmarkOrgChart(b *testing.B) {
	people := make([]Person, 1000)
	for i := range people {
		people[i] = Person{ID: NewID(), Name: "Person " + string(rune('A'+i%26))}
		if i > 0 {
			people[i].ReportsTo = people[(i-1)/3].ID
		}
	}
	b.ResetTimer()
	for b.Loop() {
		NewOrgChart(people).Rows(nil)
	}
}
