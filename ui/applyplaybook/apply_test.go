package applyplaybook_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/playbooks"
	"bob/ui/applyplaybook"
	"bob/ui/common"
	"bob/ui/uitest"
)

// screen records the status lines and whether the screen asked to close.
type screen struct {
	m      *applyplaybook.Model
	status []common.StatusMsg
	closed bool
}

func (s *screen) Init() tea.Cmd { return s.m.Init() }
func (s *screen) View() string  { return s.m.View() }
func (s *screen) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case common.StatusMsg:
		s.status = append(s.status, msg)
	case common.BackMsg:
		s.closed = true
	}
	_, cmd := s.m.Update(msg)
	return s, cmd
}

func book(t *testing.T, w, h int) (*common.Context, []model.Account) {
	ctx := uitest.Context(t, w, h)
	ctx.Playbooks = playbooks.Builtins()
	var accs []model.Account
	for _, a := range []model.Account{
		{Name: "Acme Corp", Renewal: model.MustDate("2027-01-15")},
		{Name: "Globex", Renewal: model.MustDate("2027-06-30")},
		{Name: "Initech"},
	} {
		a, err := ctx.Store.PutAccount(a)
		if err != nil {
			t.Fatal(err)
		}
		accs = append(accs, a)
	}
	return ctx, accs
}

func start(t *testing.T, ctx *common.Context, ids []string) *screen {
	s := &screen{m: applyplaybook.New(ctx, ids)}
	uitest.Drive(s, s.m.Init()())
	return s
}

func TestApplyToManyShowsDatesThenApplies(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		ctx, accs := book(t, size[0], size[1])
		s := start(t, ctx, []string{accs[0].ID, accs[1].ID, accs[2].ID})
		uitest.Drive(s, uitest.Keys("renew")...)
		uitest.Golden(t, "pick-"+sizeName(size), s.View())
		uitest.Drive(s, uitest.Keys("enter")...)
		uitest.Golden(t, "preview-"+sizeName(size), s.View())
		uitest.Drive(s, uitest.Keys("y")...)
		if !s.closed {
			t.Fatal("the screen did not close after applying")
		}
		last := s.status[len(s.status)-1]
		if last.Error || !strings.Contains(last.Text, "started Renewal on 2 accounts; skipped Initech") {
			t.Fatalf("status = %+v", last)
		}
		for i, want := range []string{"2026-09-17", "2027-03-02"} {
			cs, _ := ctx.Store.Checklists(accs[i].ID)
			if len(cs) != 1 || cs[0].Steps[0].Due.String() != want {
				t.Fatalf("%s: %+v", accs[i].Name, cs)
			}
		}
	}
}

func sizeName(s [2]int) string {
	if s[0] == 80 {
		return "80x24"
	}
	return "120x40"
}

func TestApplyOneWithAnotherDay(t *testing.T) {
	ctx, accs := book(t, 100, 30)
	s := start(t, ctx, []string{accs[2].ID})
	uitest.Drive(s, uitest.Keys("onboard", "enter")...)
	v := uitest.Plain(s.View())
	if !strings.Contains(v, "Counts from: today, 2026-11-23") || !strings.Contains(v, "2026-11-26  (+3d)   Kick-off") {
		t.Fatalf("preview:\n%s", v)
	}
	uitest.Drive(s, uitest.Keys("e", "2026-12-01", "enter", "y")...)
	cs, _ := ctx.Store.Checklists(accs[2].ID)
	if len(cs) != 1 || cs[0].Anchor != model.MustDate("2026-12-01") || cs[0].Steps[0].Due != model.MustDate("2026-12-04") {
		t.Fatalf("applied %+v", cs)
	}
	// Again: still open, so refused and said why.
	s = start(t, ctx, []string{accs[2].ID})
	uitest.Drive(s, uitest.Keys("onboard", "enter", "y")...)
	last := s.status[len(s.status)-1]
	if !last.Error || !strings.Contains(last.Text, "still open") {
		t.Fatalf("status = %+v", last)
	}
	if cs, _ := ctx.Store.Checklists(accs[2].ID); len(cs) != 1 {
		t.Fatalf("a second open copy: %d", len(cs))
	}
}

func TestApplyKeysSayWhy(t *testing.T) {
	ctx, accs := book(t, 100, 30)
	s := start(t, ctx, []string{accs[0].ID})
	uitest.Drive(s, uitest.Keys("renew", "enter", "x")...)
	last := s.status[len(s.status)-1]
	if !last.Error || !strings.Contains(last.Text, "y applies") {
		t.Fatalf("status = %+v", last)
	}
	// esc goes back to the playbooks, esc again closes.
	uitest.Drive(s, uitest.Keys("esc")...)
	if s.closed || !strings.Contains(uitest.Plain(s.View()), "Apply which playbook") {
		t.Fatal("esc did not go back to the playbooks")
	}
	uitest.Drive(s, uitest.Keys("esc")...)
	if !s.closed {
		t.Fatal("esc on the picker did not close")
	}
}

// TestNoPlaybookLoadedSaysSo: with no playbook loaded there is nothing to
// pick; y says why instead of failing, and esc goes back.
func TestNoPlaybookLoadedSaysSo(t *testing.T) {
	ctx, accs := book(t, 80, 24)
	ctx.Playbooks = nil
	s := start(t, ctx, []string{accs[0].ID})
	uitest.Drive(s, uitest.Keys("y")...)
	last := s.status[len(s.status)-1]
	if !last.Error || !strings.Contains(last.Text, "no playbook is loaded") {
		t.Fatalf("status = %+v", last)
	}
}
