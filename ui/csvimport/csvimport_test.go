package csvimport

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/common"
	"bob/ui/uitest"
)

// recorder drives the screen as the root would and keeps every message.
type recorder struct {
	m    *Model
	msgs []tea.Msg
}

func (r *recorder) Init() tea.Cmd { return r.m.Init() }
func (r *recorder) View() string  { return r.m.View() }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.msgs = append(r.msgs, msg)
	_, cmd := r.m.Update(msg)
	return r, cmd
}

func (r *recorder) got(want func(tea.Msg) bool) bool {
	for _, m := range r.msgs {
		if want(m) {
			return true
		}
	}
	return false
}

func (r *recorder) keys(keys ...string) { uitest.Drive(r, uitest.Keys(keys...)...) }

func (r *recorder) sees(t *testing.T, texts ...string) {
	t.Helper()
	v := uitest.Plain(r.m.View())
	flat := strings.Join(strings.Fields(v), " ")
	for _, s := range texts {
		if !strings.Contains(flat, strings.Join(strings.Fields(s), " ")) {
			t.Fatalf("the screen does not show %q:\n%s", s, v)
		}
	}
}

// said reports whether the status line was told something containing s.
func (r *recorder) said(s string) bool {
	return r.got(func(m tea.Msg) bool {
		st, ok := m.(common.StatusMsg)
		return ok && strings.Contains(st.Text, s)
	})
}

// setup copies fixtures into a home folder, where the screen starts.
func setup(t *testing.T, files ...string) (*common.Context, string) {
	t.Helper()
	ctx := uitest.Context(t, 80, 24)
	home := t.TempDir()
	t.Setenv("HOME", home)
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join("..", "..", "csvbook", "testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(home, f), raw, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return ctx, home
}

func start(ctx *common.Context) *recorder {
	m := New(ctx)
	m.SetSize(80, 22)
	r := &recorder{m: m}
	uitest.Drive(r, m.Init()())
	return r
}

// screen renders the screen as the root shows it at 80x24.
func screen(m *Model) string {
	lines := strings.Split(m.View(), "\n")
	for len(lines) < 22 {
		lines = append(lines, "")
	}
	h := help.New()
	h.Width = 80
	keys := m.ShortHelp()
	if !m.Capturing() {
		keys = append([]key.Binding{common.Hint("?", "all keys")}, keys...)
	}
	return strings.Join(lines, "\n") + "\n\n" + h.ShortHelpView(keys)
}

func TestSalesforceAccountsThenPeople(t *testing.T) {
	ctx, home := setup(t, "salesforce_accounts.csv", "salesforce_contacts.csv")
	r := start(ctx)
	r.sees(t, "What does the file hold?", "Accounts", "People")
	r.keys("enter") // accounts
	r.sees(t, "Which file?", "salesforce_accounts.csv", "salesforce_contacts.csv")
	r.keys("enter") // the first file: the accounts
	uitest.Golden(t, "preview-salesforce-accounts-80x24", screen(r.m))
	r.sees(t, "Account Name", "-> name", "4 new, 0 updated, 0 unchanged, 0 bad")
	r.keys("enter")
	if r.m.step != stepDone {
		t.Fatalf("step %d, err %v", r.m.step, r.m.err)
	}
	r.sees(t, "✓ Imported: 4 new", "backed up in")
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BookChangedMsg); return ok }) {
		t.Error("the import did not announce the book changed")
	}
	if n, _ := ctx.Store.Count(); n != 4 {
		t.Fatalf("%d accounts", n)
	}

	// The people: one contact's account is not in the book.
	r = start(ctx)
	r.keys("down", "enter", "down", "enter")
	r.sees(t, "salesforce_contacts.csv", "6 new", "1 bad")
	r.keys("G")
	r.sees(t, `line 8: account "Umbrella Corp" is not in the book`)
	r.keys("enter")
	if r.m.step != stepPreview || !r.said("1 bad row: fix the file, or s imports the rest") {
		t.Fatalf("enter with a bad row: step %d; %v", r.m.step, r.msgs[len(r.msgs)-1])
	}
	r.keys("s")
	r.sees(t, "skip bad rows: on")
	r.keys("enter")
	r.sees(t, "Imported: 6 new, 0 updated, 0 unchanged, 1 skipped", "salesforce_contacts.bad-rows.csv")
	if raw, err := os.ReadFile(filepath.Join(home, "salesforce_contacts.bad-rows.csv")); err != nil || !strings.Contains(string(raw), "Umbrella") {
		t.Fatalf("bad rows file: %v %s", err, raw)
	}
	acme, err := ctx.Store.FindAccount("Acme Corporation")
	if err != nil {
		t.Fatal(err)
	}
	people, _ := ctx.Store.People(acme.ID)
	managers := 0
	for _, p := range people {
		if p.ReportsTo != "" {
			managers++
		}
	}
	if len(people) != 4 || managers != 3 {
		t.Errorf("Acme's org chart: %d people, %d with a manager", len(people), managers)
	}
}

func TestChoicesPreviewAgain(t *testing.T) {
	ctx, _ := setup(t, "ambiguous_dates.csv")
	r := start(ctx)
	r.keys("enter", "enter", "G")
	r.sees(t, "Dates like 03/04/2027 could be day/month or month/day")
	r.keys("enter")
	if !r.said("o chooses the order") {
		t.Fatal("enter on an ambiguous date did not say what to do")
	}
	r.keys("o", "G") // day first
	r.sees(t, "dates: day first", "has no currency")
	r.keys("c")
	if !r.m.Capturing() {
		t.Fatal("c did not open the currency input")
	}
	r.keys("eur", "enter")
	r.sees(t, "currency: EUR", "EUR 10,000", "2027-04-03")
	r.keys("enter")
	a, err := ctx.Store.FindAccount("Alpha Ltd")
	if err != nil || a.Renewal != model.MustDate("2027-04-03") || a.ARR.Currency != "EUR" {
		t.Fatalf("Alpha: %+v %v", a, err)
	}
	// Again without update: both rows are in the book now.
	r = start(ctx)
	r.keys("enter", "enter", "o", "G")
	r.sees(t, "2 bad", "is already in the book")
	r.keys("u", "c", "eur", "enter")
	r.sees(t, "update matches: on", "0 new, 0 updated, 2 unchanged, 0 bad")
	r.keys("enter")
	if !r.said("nothing to import") {
		t.Error("enter with nothing to import did not say so")
	}
}

func TestNotCSVGoesBackToTheFile(t *testing.T) {
	ctx, home := setup(t)
	if err := os.WriteFile(filepath.Join(home, "photo.csv"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := start(ctx)
	r.keys("enter", "enter")
	if r.m.step != stepFile {
		t.Fatalf("step %d, want the file step", r.m.step)
	}
	r.sees(t, "not a CSV file", "Nothing was imported.")
	r.keys("esc")
	if r.m.step != stepKind {
		t.Fatalf("esc on the file step: step %d", r.m.step)
	}
	r.keys("esc")
	if !r.got(func(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }) {
		t.Fatal("esc on the first step does not close the screen")
	}
	if n, _ := ctx.Store.Count(); n != 0 {
		t.Fatal("a refused file wrote")
	}
}
