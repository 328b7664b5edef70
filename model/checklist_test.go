package model

import "testing"

func TestDueDateArithmetic(t *testing.T) {
	cases := []struct {
		from string
		days int
		want string
	}{
		{"2027-01-15", -120, "2026-09-17"},
		{"2027-01-15", -30, "2026-12-16"},
		{"2027-01-31", 1, "2027-02-01"},
		{"2027-03-01", -1, "2027-02-28"},
		{"2028-03-01", -1, "2028-02-29"}, // leap year
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-03-29", 1, "2026-03-30"}, // a clock change in Europe: still one day
		{"2027-01-15", 0, "2027-01-15"},
	}
	for _, c := range cases {
		from := MustDate(c.from)
		got := from.AddDays(c.days)
		if got.String() != c.want {
			t.Errorf("%s %+d = %s, want %s", c.from, c.days, got, c.want)
		}
		if n := DaysBetween(from, got); n != c.days {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", from, got, n, c.days)
		}
	}
}

func TestMoveAnchor(t *testing.T) {
	c := Checklist{Applied: MustDate("2026-09-01"), Steps: []Step{
		{ID: "a", Due: MustDate("2026-10-31"), State: StepDone},
		{ID: "b", Due: MustDate("2026-11-30")},
		{ID: "c", Due: MustDate("2027-01-31"), State: StepOpen},
		{ID: "d", State: StepOpen}, // no due date stays without one
		{ID: "e", Due: MustDate("2026-12-01"), State: StepSkipped},
	}}
	// No anchor yet: it counts from the day applied; one month later.
	c.MoveAnchor(MustDate("2026-10-01"))
	want := []string{"2026-10-31", "2026-12-30", "2027-03-02", "", "2026-12-01"}
	for i, s := range c.Steps {
		if s.Due.String() != want[i] {
			t.Errorf("step %s due %s, want %s", s.ID, s.Due, want[i])
		}
	}
	// Back again: the open steps return where they were.
	c.MoveAnchor(MustDate("2026-09-01"))
	if c.Steps[1].Due.String() != "2026-11-30" || c.Steps[2].Due.String() != "2027-01-31" || c.AnchorDay() != MustDate("2026-09-01") {
		t.Fatalf("moved back: %+v", c.Steps)
	}
}

func TestStepMove(t *testing.T) {
	var s Step
	day := MustDate("2026-11-02")
	if err := s.Move(StepDone, "ok", day, "Sam"); err != nil || s.State != StepDone || s.DoneOn != day || s.DoneBy != "Sam" || s.Note != "ok" {
		t.Fatalf("done: %+v %v", s, err)
	}
	if err := s.Move(StepOpen, "", day, "Kim"); err != nil || s.Open() != true || !s.DoneOn.IsZero() || s.DoneBy != "" || s.Note != "ok" {
		t.Fatalf("reopen: %+v %v", s, err)
	}
	if err := s.Move("later", "", day, ""); err == nil {
		t.Fatal("an unknown state was accepted")
	}
}

func TestObjectiveRecordAndOverdue(t *testing.T) {
	var o Objective
	o.Record(880, MustDate("2026-10-01"))
	o.Record(850, MustDate("2026-11-01"))
	o.Record(840, MustDate("2026-11-01")) // same day: replaces
	if o.Metric.Current != 840 || len(o.History) != 2 || o.History[1].Value != 840 {
		t.Fatalf("history %+v current %v", o.History, o.Metric.Current)
	}
	o.Record(900, MustDate("2026-09-01")) // back-dated: fills the trend, current stays
	if o.Metric.Current != 840 || len(o.History) != 3 || o.History[0].Value != 900 || o.History[2].Value != 840 {
		t.Fatalf("back-dated: history %+v current %v", o.History, o.Metric.Current)
	}
	now := MustDate("2026-11-23").Time()
	o.Due = MustDate("2026-11-20")
	if !o.Overdue(now) {
		t.Fatal("past due and not achieved: not overdue")
	}
	o.Status = PlanAchieved
	if o.Overdue(now) {
		t.Fatal("achieved but overdue")
	}
}

func TestMetricFormat(t *testing.T) {
	for _, tc := range []struct {
		unit string
		v    float64
		want string
	}{{"days", 28, "28 days"}, {"%", 47.5, "47.5%"}, {"", 3, "3"}, {" pts", 2, "2 pts"}} {
		if got := (Metric{Unit: tc.unit}).Format(tc.v); got != tc.want {
			t.Errorf("Format(%v %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want float64
		ok   bool
	}{
		{"880", 880, true}, {" 12.5 ", 12.5, true}, {"-3", -3, true}, {"1,200", 1200, true}, {"45%", 45, true},
		{"", 0, false}, {"abc", 0, false}, {"NaN", 0, false}, {"1e16", 0, false}, {"12 users", 0, false},
	} {
		got, err := ParseNumber(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseNumber(%q) = %v, %v", tc.in, got, err)
		}
	}
}

func TestGapsRanked(t *testing.T) {
	p := SuccessPlan{Readiness: []PillarScore{
		{Pillar: PillarGovernance, Current: 1, Target: 4},
		{Pillar: PillarVision, Current: 3, Target: 4},
		{Pillar: PillarTechnology, Current: 2, Target: 5},
		{Pillar: PillarChange, Current: 4, Target: 4},
	}}
	g := p.Gaps()
	if len(g) != 3 || g[0].Pillar != PillarTechnology || g[1].Pillar != PillarGovernance || g[2].Pillar != PillarVision {
		t.Fatalf("gaps %+v", g)
	}
}

func TestStepStateBox(t *testing.T) {
	for s, want := range map[StepState]string{StepDone: "[x]", StepSkipped: "[-]", StepOpen: "[ ]", "": "[ ]"} {
		if got := s.Box(); got != want {
			t.Errorf("%q.Box() = %q, want %q", s, got, want)
		}
	}
}

func TestStepStateNoted(t *testing.T) {
	for s, want := range map[StepState]StepState{"": StepDone, StepOpen: StepDone, StepDone: StepDone, StepSkipped: StepSkipped} {
		if got := s.Noted(); got != want {
			t.Errorf("%q.Noted() = %q, want %q", s, got, want)
		}
	}
}
