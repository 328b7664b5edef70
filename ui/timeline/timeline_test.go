package timeline_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
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
	// The tab knows of every entry but holds only the first page.
	if m.Total() != 2002 || len(m.Entries()) >= 2002 {
		t.Fatalf("%d entries, %d held", m.Total(), len(m.Entries()))
	}
	if !strings.Contains(m.View(), "2002 entries") {
		t.Fatalf("the count is not of every entry:\n%s", m.View())
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
	if m.Total() < 5000 {
		b.Fatalf("%d entries", m.Total())
	}
	down := tea.KeyMsg{Type: tea.KeyDown}
	b.ReportAllocs()
	for b.Loop() {
		m.Update(down)
		_ = m.View()
	}
}

// walk presses key n times and returns the ID under the cursor after each.
func walk(m *timeline.Model, k string, n int) []string {
	var out []string
	for range n {
		uitest.Drive(m, uitest.Keys(k)...)
		e, _ := m.Selected()
		out = append(out, e.ID)
	}
	return out
}

// TestScrollPagesThroughTheWholeTimeline: moving down from the newest
// entry passes every entry in order, reading pages as it goes and holding
// a bounded window; from the oldest (G) up, the same backwards.
func TestScrollPagesThroughTheWholeTimeline(t *testing.T) {
	ctx := uitest.Context(t, 80, 20)
	rec := bigAccount(t, ctx, 1500)
	all, err := ctx.Store.Timeline(rec.Account.ID, store.TimelineQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := make([]string, len(all))
	for i, e := range all {
		want[i] = e.ID
	}
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(80, 20)
	load(m)
	first, _ := m.Selected()
	got := append([]string{first.ID}, walk(m, "down", len(want)-1)...)
	if !slices.Equal(got, want) {
		t.Fatal("moving down did not pass every entry in order")
	}
	if n := len(m.Entries()); n > 4*timeline.PageSize+timeline.PageSize {
		t.Fatalf("holds %d entries after scrolling", n)
	}
	uitest.Drive(m, uitest.Keys("g")...)
	if e, _ := m.Selected(); e.ID != want[0] {
		t.Fatal("g did not go back to the newest entry")
	}
	uitest.Drive(m, uitest.Keys("G")...)
	last, _ := m.Selected()
	got = append([]string{last.ID}, walk(m, "up", len(want)-1)...)
	slices.Reverse(got)
	if !slices.Equal(got, want) {
		t.Fatal("moving up from the oldest entry did not pass every entry in order")
	}
}

// TestWritesShowInAWindowFarDown: with the cursor deep in a long timeline,
// an entry written elsewhere shows up, the cursor stays on its entry, and
// an entry saved far from the window is brought into view and selected.
func TestWritesShowInAWindowFarDown(t *testing.T) {
	ctx := uitest.Context(t, 100, 20)
	rec := bigAccount(t, ctx, 1200)
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(100, 20)
	load(m)
	walk(m, "pgdown", 60)
	here, _ := m.Selected()
	// just above the cursor, on screen
	_, err := ctx.Store.PutEntry(model.TimelineEntry{AccountID: rec.Account.ID, Kind: model.KindNote, Title: "Slipped in",
		When: here.When.Add(time.Second / 2)})
	if err != nil {
		t.Fatal(err)
	}
	uitest.Drive(m, common.BookChangedMsg{AccountID: rec.Account.ID})
	if cur, _ := m.Selected(); cur.ID != here.ID {
		t.Fatalf("the cursor moved to %q", cur.Title)
	}
	if v := uitest.Plain(m.View()); !strings.Contains(v, "Slipped in") || !strings.Contains(v, "1203 entries") {
		t.Fatalf("the new entry is not shown:\n%s", v)
	}
	// Back at the top, an entry back-dated far down is saved and selected.
	uitest.Drive(m, uitest.Keys("g", "n", "n", "Long ago", "shift+tab", "2020-01-02 09:00", "ctrl+s")...)
	if cur, _ := m.Selected(); cur.Title != "Long ago" {
		t.Fatalf("after saving, the cursor is on %q:\n%s", cur.Title, uitest.Plain(m.View()))
	}
}

// BenchmarkPageDown100000 presses page-down in the Timeline tab of an
// account of 100,000 entries, with the page reads it sets off (one every
// few presses), from the newest entry to the oldest and round again.
func BenchmarkPageDown100000(b *testing.B) {
	ctx := uitest.Context(b, 120, 40)
	rec := bigAccount(b, ctx, 100_000)
	m := timeline.New(ctx, rec.Account.ID)
	m.SetRecord(rec)
	m.SetSize(120, 40)
	load(m)
	pgdown, top := uitest.Keys("pgdown"), uitest.Keys("g")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		uitest.Drive(m, pgdown...)
		if e, _ := m.Selected(); e.ID == rec.Timeline[0].ID {
			uitest.Drive(m, top...)
		}
	}
}
