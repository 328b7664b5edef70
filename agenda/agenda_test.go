package agenda

import (
	"bytes"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"bob/model"
)

var now = time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)

// long is a step title longer than one line of a calendar file.
const long = "Quarterly business review; agenda, attendees, and the renewal quote, sent to everyone who asked for it in the last call"

func sampleAgenda() model.Agenda {
	d := model.MustDate
	sums := []model.AccountSummary{
		{ID: "01A", Name: "Acme, Inc; EMEA", Renewal: d("2026-12-20"), Health: model.HealthRed, ARR: model.Money{Minor: 12_000_000, Currency: "USD"}},
		{ID: "01B", Name: "Ünïcødé GmbH", Renewal: d("2027-03-01")},
		{ID: "01C", Name: "Later Ltd", Renewal: d("2027-06-01")},
	}
	due := map[string]model.AccountDue{
		"01A": {AccountID: "01A", ActivePlan: true, Items: []model.DueItem{
			{Kind: model.DueStep, ID: "S1", ParentID: "C1", Parent: "Renewal", Title: long, Due: d("2026-11-28"), State: "open"},
			{Kind: model.DueCommitment, ID: "K1", Title: "fix SSO", Due: d("2026-12-01"), State: "open", Who: "Ada"},
			{Kind: model.DueObjective, ID: "O1", Title: "adoption", Due: d("2026-11-01"), State: "active"},
		}},
		"01B": {AccountID: "01B", Items: []model.DueItem{
			{Kind: model.DueTask, ID: "T1", ParentID: "P1", Parent: "Plan", Title: "train admins", Due: d("2026-12-03"), State: "open"},
		}},
	}
	return model.BuildAgenda(sums, due, now, model.AgendaOptions{Days: 120})
}

func TestICSIsValidAndParsesBack(t *testing.T) {
	ag := sampleAgenda()
	var buf bytes.Buffer
	if err := WriteICS(&buf, ag, now); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	// RFC 5545 3.1: lines end in CRLF and are at most 75 octets; a long
	// line is folded with CRLF and one space.
	if !strings.HasSuffix(raw, "\r\n") {
		t.Fatal("the file does not end with CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(raw, "\r\n"), "\r\n")
	folded := false
	for i, l := range lines {
		if strings.ContainsAny(l, "\r\n") {
			t.Fatalf("line %d has a bare CR or LF: %q", i+1, l)
		}
		if len(l) > 75 {
			t.Fatalf("line %d is %d octets, more than 75: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") {
			folded = true
		}
	}
	if !folded {
		t.Fatal("the long summary was not folded")
	}
	unfolded := strings.ReplaceAll(raw, "\r\n ", "")
	// RFC 5545 3.3.11: commas and semicolons in TEXT are escaped.
	if !strings.Contains(unfolded, `SUMMARY:Renewal: Acme\, Inc\; EMEA`) {
		t.Fatalf("commas and semicolons are not escaped:\n%s", unfolded)
	}
	for _, want := range []string{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + ProductID, "DTSTART;VALUE=DATE:20261220", "DTEND;VALUE=DATE:20261221", "DTSTAMP:20261201T080000Z"} {
		if !strings.Contains(unfolded, want) {
			t.Fatalf("missing %q in:\n%s", want, unfolded)
		}
	}

	cal, err := ics.ParseCalendar(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("the library cannot read its own file back: %v", err)
	}
	got := map[string]string{}
	for _, e := range cal.Events() {
		start, err := e.GetAllDayStartAt()
		if err != nil {
			t.Fatalf("event %s: %v", e.Id(), err)
		}
		got[e.Id()] = start.Format("2006-01-02") + " " + e.GetProperty(ics.ComponentPropertySummary).Value
	}
	want := map[string]string{
		"renewal-01A@bob":   "2026-12-20 Renewal: Acme, Inc; EMEA",
		"renewal-01B@bob":   "2027-03-01 Renewal: Ünïcødé GmbH",
		"step-S1@bob":       "2026-11-28 Acme, Inc; EMEA: " + long,
		"commitment-K1@bob": "2026-12-01 Acme, Inc; EMEA: fix SSO",
		"task-T1@bob":       "2026-12-03 Ünïcødé GmbH: train admins",
	}
	if len(got) != len(want) {
		t.Fatalf("events = %v, want %v", got, want)
	}
	for uid, w := range want {
		if g := ics.FromText(got[uid]); g != w {
			t.Fatalf("event %s = %q, want %q", uid, g, w)
		}
	}

	// The same book written again gives the same UIDs: a re-import
	// updates the events instead of duplicating them.
	var again bytes.Buffer
	if err := WriteICS(&again, sampleAgenda(), now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	cal2, _ := ics.ParseCalendar(&again)
	for _, e := range cal2.Events() {
		if _, ok := want[e.Id()]; !ok {
			t.Fatalf("UID %s changed between two writes", e.Id())
		}
	}
}

func TestWriteSaysEmptySectionsInOneLine(t *testing.T) {
	ag := model.BuildAgenda(nil, nil, now, model.AgendaOptions{})
	for _, f := range []Format{Plain, Markdown} {
		var buf bytes.Buffer
		if err := Write(&buf, ag, f); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for s := model.SectionOverdue; s < model.SectionCount; s++ {
			if !strings.Contains(out, ag.Title(s)+" (0)") || !strings.Contains(out, ag.Empty(s)) {
				t.Fatalf("section %q is missing or not said empty:\n%s", ag.Title(s), out)
			}
		}
	}
}

func TestWriteMarkdownEscapesNames(t *testing.T) {
	sums := []model.AccountSummary{{ID: "X", Name: "*Star* [Corp]", Renewal: model.MustDate("2026-12-10")}}
	ag := model.BuildAgenda(sums, nil, now, model.AgendaOptions{})
	var buf bytes.Buffer
	if err := Write(&buf, ag, Markdown); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `\*Star\* \[Corp\]`) {
		t.Fatalf("Markdown characters in a name are not escaped:\n%s", buf.String())
	}
}

func TestWhen(t *testing.T) {
	for _, c := range []struct {
		days        int
		long, short string
	}{
		{0, "today", "today"}, {1, "tomorrow", "tomorrow"}, {2, "in 2 days", "in 2d"},
		{-1, "1 day late", "1d late"}, {-9, "9 days late", "9d late"},
	} {
		if got := When(c.days, false); got != c.long {
			t.Errorf("When(%d): %q, want %q", c.days, got, c.long)
		}
		if got := When(c.days, true); got != c.short {
			t.Errorf("When(%d, short): %q, want %q", c.days, got, c.short)
		}
	}
}
