package account_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/playbooks"
	"bob/ui/account"
	"bob/ui/common"
	"bob/ui/uitest"
)

func (f *fixture) checklist(t *testing.T) model.Checklist {
	t.Helper()
	cs, err := f.ctx.Store.Checklists(f.rec.Account.ID)
	if err != nil || len(cs) == 0 {
		t.Fatalf("checklists: %v %d", err, len(cs))
	}
	return cs[0]
}

func TestTickSkipAndNoteSteps(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlaybooks)
	// The cursor starts on the first step; down to "Admin training".
	f.keys("down", " ")
	if s := f.checklist(t).Steps[1]; s.State != model.StepDone || s.DoneBy != "Sam Rivera" || s.DoneOn != model.DateOf(uitest.Now) {
		t.Fatalf("after space: %+v", s)
	}
	if tl := f.timeline(t); len(tl) != 2 {
		t.Fatalf("a tick without a note logged %d entries", len(tl)-2)
	}
	// Again: reopened.
	f.keys(" ")
	if s := f.checklist(t).Steps[1]; !s.Open() || s.DoneBy != "" {
		t.Fatalf("after second space: %+v", s)
	}
	// A note on an open step ticks it and goes on the timeline.
	f.keys("N", "Trained 40 admins", "enter")
	s := f.checklist(t).Steps[1]
	if s.State != model.StepDone || s.Note != "Trained 40 admins" {
		t.Fatalf("after note: %+v", s)
	}
	tl := f.timeline(t)
	if tl[0].Title != "Step done: Admin training" || !tl[0].Internal || !strings.Contains(tl[0].Body, "Trained 40 admins") || tl[0].Author != "Sam Rivera" {
		t.Fatalf("timeline: %+v", tl[0])
	}
	// s skips the next one; s again says why it cannot.
	f.keys("down", "s")
	if s := f.checklist(t).Steps[2]; s.State != model.StepSkipped {
		t.Fatalf("after s: %+v", s)
	}
	f.keys("s")
	if st := f.r.status(true); len(st) == 0 || !strings.Contains(st[len(st)-1], "already skipped") {
		t.Fatalf("status = %v", st)
	}
	if v := f.view(); !strings.Contains(v, "[-] First QBR") || !strings.Contains(v, "[x] Admin training") || !strings.Contains(v, "3/3 done") {
		t.Fatalf("view:\n%s", v)
	}
}

func TestMoveAnchorAndDeleteChecklist(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlaybooks)
	// The checklist counts from 2026-10-01; move it ten days later.
	f.keys("A")
	for range 10 {
		f.keys("backspace")
	}
	f.keys("2026-10-11", "enter")
	c := f.checklist(t)
	if c.Steps[0].DoneOn != model.MustDate("2026-10-02") || c.Steps[1].Due != model.MustDate("2026-11-30") || c.Steps[2].Due != model.MustDate("2027-01-20") {
		t.Fatalf("after moving the anchor: %+v", c.Steps)
	}
	// d asks; n keeps it; d then y deletes; u brings it back.
	f.keys("d", "n")
	f.checklist(t)
	f.keys("d", "y")
	if cs, _ := f.ctx.Store.Checklists(f.rec.Account.ID); len(cs) != 0 {
		t.Fatal("not deleted")
	}
	if !strings.Contains(f.view(), "No playbooks applied yet") {
		t.Fatalf("view after delete:\n%s", f.view())
	}
	f.keys("u")
	f.checklist(t)
}

func TestPlaybooksKeysSayWhy(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlaybooks)
	f.keys("z")
	if st := f.r.status(true); len(st) == 0 || !strings.Contains(st[len(st)-1], "not a key of the Playbooks tab") {
		t.Fatalf("status = %v", st)
	}
	f.keys("u")
	if st := f.r.status(true); !strings.Contains(st[len(st)-1], "nothing to undo") {
		t.Fatalf("status = %v", st)
	}
}

func TestApplyFromTheTabPutsTheCursorOnTheNewChecklist(t *testing.T) {
	f := open(t, 100, 30)
	f.ctx.Playbooks = playbooks.Builtins()
	f.r.m.SelectTab(account.TabPlaybooks)
	f.keys("a")
	// The apply screen is pushed on the root's stack: drive it here.
	var screen tea.Model
	for _, msg := range f.r.seen {
		if p, ok := msg.(common.PushMsg); ok {
			screen = p.Screen
		}
	}
	if screen == nil {
		t.Fatal("a did not open the apply screen")
	}
	rec := &recorder2{m: screen, to: f.r}
	uitest.Drive(rec, screen.Init()())
	uitest.Drive(rec, uitest.Keys("outgo", "enter", "y")...)
	if !strings.Contains(f.view(), "▸ [ ] ✉ Reach the right stakeholders in time") {
		t.Fatalf("the cursor is not on the new checklist:\n%s", f.view())
	}
}

// recorder2 drives a pushed screen and hands every message it does not
// own (book changes, focus) to the account view, as the root would.
type recorder2 struct {
	m  tea.Model
	to *recorder
}

func (r *recorder2) Init() tea.Cmd { return nil }
func (r *recorder2) View() string  { return r.m.View() }
func (r *recorder2) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg.(type) {
	case tea.KeyMsg, common.StatusMsg:
		_, cmd := r.m.Update(msg)
		return r, cmd
	}
	_, cmd1 := r.m.Update(msg)
	_, cmd2 := r.to.Update(msg)
	return r, tea.Batch(cmd1, cmd2)
}

// TestDeleteQuestionShowsItsAnswerAt80: at 80 columns the question to
// delete a checklist is cut before its answer keys, not after.
func TestDeleteQuestionShowsItsAnswerAt80(t *testing.T) {
	f := open(t, 80, 24)
	c := f.checklist(t)
	c.Title = "Onboarding for the new Denver and Phoenix sites"
	if _, err := f.ctx.Store.PutChecklist(c); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, run(common.Changed(f.rec.Account.ID, "", "renamed"))...)
	f.r.m.SelectTab(account.TabPlaybooks)
	f.keys("d")
	v := f.view()
	if !strings.Contains(v, "delete the checklist") || !strings.Contains(v, "(y/n)") {
		t.Fatalf("the question or its answer is not on screen:\n%s", v)
	}
}

// TestEditStep: e on a step changes its title, due day and detail in the
// checklist; esc on a half-typed form asks, and the tab reports it as
// unsaved so ctrl+c asks too.
func TestEditStep(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlaybooks)
	c := f.checklist(t)
	var open model.Step
	for _, s := range c.Steps {
		if s.Open() {
			open = s
			break
		}
	}
	f.r.m.Tab(account.TabPlaybooks).(interface{ Focus(string) }).Focus(open.ID)
	f.keys("e")
	if v := f.view(); !strings.Contains(v, "Edit step of") || !strings.Contains(v, open.Title) {
		t.Fatalf("no step form:\n%s", v)
	}
	f.keys(" (on site)")
	if !f.r.m.Changed() {
		t.Fatal("a half-typed step form is not reported as unsaved")
	}
	f.keys("tab")
	for range 10 {
		f.keys("backspace")
	}
	f.keys("2026-12-24", "tab", "Bring the floor plan.", "ctrl+s")
	if v := f.view(); strings.Contains(v, "Edit step of") {
		t.Fatalf("the form stayed open after saving:\n%s", v)
	}
	for _, s := range f.checklist(t).Steps {
		if s.ID == open.ID {
			if s.Title != open.Title+" (on site)" || s.Due != model.MustDate("2026-12-24") || s.Detail != "Bring the floor plan." || s.State != open.State {
				t.Fatalf("step after the edit: %+v", s)
			}
			return
		}
	}
	t.Fatal("the step is gone")
}

// TestOpenStepWithoutDetailSaysSo: the detail pane of an open step with
// nothing written says how to add to it instead of staying empty.
func TestOpenStepWithoutDetailSaysSo(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlaybooks)
	for _, s := range f.checklist(t).Steps {
		if s.Open() && s.Detail == "" && s.Note == "" && s.Email == nil {
			f.r.m.Tab(account.TabPlaybooks).(interface{ Focus(string) }).Focus(s.ID)
			if v := f.view(); !strings.Contains(v, "Open, no detail or note yet: N adds a note, e edits the step.") {
				t.Fatalf("detail pane of %q:\n%s", s.Title, v)
			}
			return
		}
	}
	t.Fatal("the fixture has no open step without detail")
}

func TestAddAndRemoveSteps(t *testing.T) {
	f := open(t, 100, 30)
	f.r.m.SelectTab(account.TabPlaybooks)
	titles := func() string {
		var s []string
		for _, x := range f.checklist(t).Steps {
			s = append(s, x.Title)
		}
		return strings.Join(s, ",")
	}
	// o on the first step: the step form; saving adds it right after,
	// with the cursor on it.
	f.keys("o", "Security review", "tab", "2026-11-01", "ctrl+s")
	if got := titles(); got != "Kick-off call,Security review,Admin training,First QBR" {
		t.Fatalf("after o: %s", got)
	}
	if s := f.checklist(t).Steps[1]; s.Due != model.MustDate("2026-11-01") || !s.Open() {
		t.Fatalf("added step: %+v", s)
	}
	if !strings.Contains(f.view(), "▸ [ ] Security review") {
		t.Fatalf("the cursor is not on the new step:\n%s", f.view())
	}
	// X asks; n keeps it; X then y removes it; u puts it back in place.
	f.keys("down", "X", "n")
	if got := titles(); got != "Kick-off call,Security review,Admin training,First QBR" {
		t.Fatalf("after X n: %s", got)
	}
	id := f.checklist(t).Steps[2].ID
	f.keys("X", "y")
	if got := titles(); got != "Kick-off call,Security review,First QBR" {
		t.Fatalf("after X y: %s", got)
	}
	f.keys("u")
	if c := f.checklist(t); titles() != "Kick-off call,Security review,Admin training,First QBR" || c.Steps[2].ID != id {
		t.Fatalf("after u: %s", titles())
	}
	if !strings.Contains(f.view(), "▸ [ ] Admin training") {
		t.Fatalf("the cursor is not on the restored step:\n%s", f.view())
	}
	// The first step comes back first.
	f.keys("g", "X", "y", "u")
	if got := titles(); got != "Kick-off call,Security review,Admin training,First QBR" {
		t.Fatalf("after removing and restoring the first step: %s", got)
	}
	// A checklist keeps its last step: X says why.
	for range 3 {
		f.keys("G", "X", "y")
	}
	f.keys("X")
	if st := f.r.status(true); len(st) == 0 || !strings.Contains(st[len(st)-1], "last step") {
		t.Fatalf("status = %v", st)
	}
	if got := titles(); got != "Kick-off call" {
		t.Fatalf("after removing all but one: %s", got)
	}
}
