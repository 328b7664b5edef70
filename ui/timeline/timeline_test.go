package timeline_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/common"
	"bob/ui/timeline"
	"bob/ui/uitest"
)

// bigAccount writes an account with n timeline entries.
func bigAccount(tb testing.TB, ctx *common.Context, n int) model.AccountRecord {
	tb.Helper()
	rec := uitest.SampleAccount(tb, ctx, "Big Co")
	kinds := model.EntryKinds
	for i := range n {
		at := uitest.Now.Add(-time.Duration(i+1) * time.Hour)
		rec.Timeline = append(rec.Timeline, model.TimelineEntry{
			ID: model.NewIDAt(at), AccountID: rec.Account.ID, When: at, Kind: kinds[i%len(kinds)],
			Internal: i%3 == 0, Title: fmt.Sprintf("Entry number %d about the roll-out", i),
			Body: "Some **notes**.", People: []string{rec.People[i%2].ID}, Author: "Sam Rivera", Created: at, Updated: at,
		})
	}
	rec.Canonicalize()
	if err := ctx.Store.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		tb.Fatal(err)
	}
	return rec
}

func load(m *timeline.Model) {
	cmd := m.Init()
	uitest.Drive(m, cmd())
}

func TestDrawsOnlyVisibleRows(t *testing.T) {
	ctx := uitest.Context(t, 80, 20)
	rec := bigAccount(t, ctx, 2000)
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(80, 20)
	load(m)
	if len(m.Entries()) != 2002 {
		t.Fatalf("%d entries", len(m.Entries()))
	}
	v := m.View()
	if n := strings.Count(v, "\n") + 1; n != 20 {
		t.Fatalf("view has %d lines, want 20", n)
	}
	uitest.Drive(m, uitest.Keys("G")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "▸ ") || !strings.Contains(v, "Entry number 1999 ") {
		t.Fatalf("G did not reach the oldest entry:\n%s", v)
	}
	uitest.Drive(m, uitest.Keys("g")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "Entry number 0 ") {
		t.Fatalf("g did not go back to the top:\n%s", v)
	}
}

func TestRenderWithoutColourIsPlain(t *testing.T) {
	uitest.Context(t, 80, 24) // sets the Ascii profile
	out, err := timeline.Render("# Title\n\nSome **bold** text and a [link](https://example.com).\n\n- one\n- two", 40)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, "\x1b[") {
		t.Fatalf("escape codes without colour: %q", out)
	}
	for _, l := range strings.Split(out, "\n") {
		if len([]rune(l)) > 40 {
			t.Fatalf("line wider than 40: %q", l)
		}
	}
}

func TestQuickCaptureDefaults(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	rec := uitest.SampleAccount(t, ctx, "Acme")
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(80, 23)
	load(m)
	uitest.Drive(m, uitest.Keys("n")...)
	f := m.Form()
	if f == nil || f.Focused() != "kind" || f.Value("kind") != "call" || f.Value("internal") != "false" {
		t.Fatalf("quick capture did not start on the kind with call/external")
	}
	uitest.Drive(m, uitest.Keys("x")...)
	if f.Value("kind") != "escalation" || f.Focused() != "title" {
		t.Fatalf("x: kind %q focus %q", f.Value("kind"), f.Focused())
	}
	uitest.Drive(m, tea.KeyMsg{Type: tea.KeyEsc})
	if m.Form() != nil {
		// the form asks nothing when unchanged? it changed (kind), so it asks
		uitest.Drive(m, uitest.Keys("y")...)
	}
	if m.Modal() {
		t.Fatal("form did not close")
	}
}

// TestEscalationStatus: an escalation is logged with its status, which
// shows on its row; another kind never keeps one.
func TestEscalationStatus(t *testing.T) {
	ctx := uitest.Context(t, 100, 24)
	rec := uitest.SampleAccount(t, ctx, "Acme")
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(100, 23)
	load(m)
	uitest.Drive(m, uitest.Keys("n")...)
	if v := uitest.Plain(m.View()); strings.Contains(v, "open or resolved") || strings.Contains(v, "  Status ") {
		t.Fatalf("a call offers the escalation status:\n%s", v)
	}
	uitest.Drive(m, uitest.Keys("x", "P1 outage")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "  Status ") {
		t.Fatalf("an escalation does not offer its status:\n%s", v)
	}
	m.Form().Focus("status")
	uitest.Drive(m, uitest.Keys("right", "right", "ctrl+s")...)
	got, err := ctx.Store.Record(rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range got.Timeline {
		if e.Title == "P1 outage" {
			found = true
			if e.Kind != model.KindEscalation || e.Status != model.EscalationResolved {
				t.Errorf("saved escalation: kind %q status %q", e.Kind, e.Status)
			}
		}
	}
	if !found {
		t.Fatal("the escalation was not saved")
	}
	load(m)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "P1 outage (resolved)") {
		t.Errorf("the row does not show the status:\n%s", v)
	}
}

func BenchmarkTimelineView(b *testing.B) {
	ctx := uitest.Context(b, 120, 40)
	rec := bigAccount(b, ctx, 5000)
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(120, 40)
	load(m)
	if len(m.Entries()) < 5000 {
		b.Fatalf("%d entries", len(m.Entries()))
	}
	down := tea.KeyMsg{Type: tea.KeyDown}
	b.ReportAllocs()
	for b.Loop() {
		m.Update(down)
		_ = m.View()
	}
}
