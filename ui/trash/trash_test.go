package trash

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
	"bob/ui/uitest"
)

func TestRestoreAfterConfirmation(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
	other := uitest.SampleAccount(t, ctx, "Globex Corporation")
	if _, err := ctx.Store.DeleteAccount(rec.Account.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := ctx.Store.DeleteRisk(other.Account.ID, other.Risks[0].ID); err != nil {
		t.Fatal(err)
	}
	m := New(ctx)
	m.SetSize(100, 28)
	uitest.Drive(m, m.Init()())
	v := uitest.Plain(m.View())
	for _, want := range []string{"2 deleted", "risk", "Budget cut", "Globex Corporation", "account", "Acme Logistics"} {
		if !strings.Contains(v, want) {
			t.Errorf("trash does not show %q:\n%s", want, v)
		}
	}
	// The risk was deleted last, so it is first; move to the account.
	uitest.Drive(m, uitest.Keys("j", "enter")...)
	if !m.Capturing() || !strings.Contains(uitest.Plain(m.View()), "Restore account Acme Logistics to the book? y/n") {
		t.Fatalf("enter did not ask:\n%s", uitest.Plain(m.View()))
	}
	var changed bool
	rec2 := &recorder{m: m, on: func(msg tea.Msg) {
		if _, ok := msg.(common.BookChangedMsg); ok {
			changed = true
		}
	}}
	uitest.Drive(rec2, uitest.Keys("y")...)
	if !changed {
		t.Error("restoring did not say the book changed")
	}
	if _, err := ctx.Store.Account(rec.Account.ID); err != nil {
		t.Fatalf("account not restored: %v", err)
	}
	if items, _ := ctx.Store.Trash(); len(items) != 1 {
		t.Fatalf("%d items left in the trash, want 1", len(items))
	}
	if len(m.items) != 1 {
		t.Fatalf("the screen still lists %d items", len(m.items))
	}
}

func TestNoKeepsItem(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	rec := uitest.SampleAccount(t, ctx, "Acme Logistics")
	if _, err := ctx.Store.DeleteAccount(rec.Account.ID); err != nil {
		t.Fatal(err)
	}
	m := New(ctx)
	uitest.Drive(m, m.Init()())
	uitest.Drive(m, uitest.Keys("enter", "n")...)
	if m.Capturing() {
		t.Fatal("n did not close the question")
	}
	if items, _ := ctx.Store.Trash(); len(items) != 1 {
		t.Fatal("n restored the item")
	}
}

func TestEmptyTrash(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	m := New(ctx)
	m.SetSize(80, 22)
	uitest.Drive(m, m.Init()())
	uitest.Golden(t, "empty", m.View())
	_, cmd := m.Update(uitest.Keys("enter")[0])
	if st, ok := cmd().(common.StatusMsg); !ok || !st.Error {
		t.Fatalf("enter on an empty trash: %#v, want an error saying why", cmd())
	}
}

// recorder passes messages to the trash screen and reports each one.
type recorder struct {
	m  *Model
	on func(tea.Msg)
}

func (r *recorder) Init() tea.Cmd { return nil }
func (r *recorder) View() string  { return r.m.View() }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.on(msg)
	_, cmd := r.m.Update(msg)
	return r, cmd
}
