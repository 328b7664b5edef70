package trash

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/store"
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
	if !m.Capturing() || !strings.Contains(uitest.Plain(m.View()), "Restore account Acme Logistics to the book? (y/n)") {
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

// TestDeleteForGoodAndEmpty: d deletes the item under the cursor for good
// and E empties the trash, each after a question that any other key
// answers no; the book is backed up first.
func TestDeleteForGoodAndEmpty(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	for _, n := range []string{"Acme Logistics", "Globex Corporation", "Initech"} {
		rec := uitest.SampleAccount(t, ctx, n)
		if _, err := ctx.Store.DeleteAccount(rec.Account.ID); err != nil {
			t.Fatal(err)
		}
	}
	m := New(ctx)
	m.SetSize(100, 28)
	uitest.Drive(m, m.Init()())
	uitest.Drive(m, uitest.Keys("d")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "for good? It cannot be restored after this.") {
		t.Fatalf("d did not ask:\n%s", v)
	}
	uitest.Drive(m, uitest.Keys("n")...)
	if items, _ := ctx.Store.Trash(); len(items) != 3 {
		t.Fatalf("answering no deleted something: %d items", len(items))
	}
	uitest.Drive(m, uitest.Keys("d", "y")...)
	if items, _ := ctx.Store.Trash(); len(items) != 2 || len(m.items) != 2 {
		t.Fatalf("after d y: %d items in the trash, %d shown; want 2", len(items), len(m.items))
	}
	uitest.Drive(m, uitest.Keys("E")...)
	if v := uitest.Plain(m.View()); !strings.Contains(v, "Empty the trash: delete 2 items for good?") {
		t.Fatalf("E did not ask:\n%s", v)
	}
	uitest.Drive(m, uitest.Keys("y")...)
	if items, _ := ctx.Store.Trash(); len(items) != 0 || len(m.items) != 0 {
		t.Fatalf("after E y: %d items, %d shown", len(items), len(m.items))
	}
	if bs, _ := store.ListBackups(ctx.Store.Path()); len(bs) == 0 || bs[0].Reason != "trash" {
		t.Errorf("no backup before emptying the trash: %+v", bs)
	}
	_, cmd := m.Update(uitest.Keys("E")[0])
	if st, ok := cmd().(common.StatusMsg); !ok || !strings.Contains(st.Text, "empty already") {
		t.Errorf("E on an empty trash: %#v", cmd())
	}
}
