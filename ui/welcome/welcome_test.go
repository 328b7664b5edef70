package welcome

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
	"bob/ui/uitest"
)

func TestGolden(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	m := New(ctx)
	m.SetSize(80, 22)
	uitest.Golden(t, "welcome-80x24", m.View())
}

func TestLoadDemo(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	m := New(ctx)
	_, cmd := m.Update(uitest.Keys("enter")[0])
	if m.busy == "" {
		t.Error("no busy line while the demo loads")
	}
	batch, ok := cmd().(tea.BatchMsg)
	if !ok {
		t.Fatalf("loading the demo sent %T, want a batch", cmd())
	}
	var changed bool
	for _, c := range batch {
		if _, ok := c().(common.BookChangedMsg); ok {
			changed = true
		}
	}
	if !changed {
		t.Error("loading the demo did not say the book changed")
	}
	if n, err := ctx.Store.Count(); err != nil || n != DemoAccounts {
		t.Fatalf("%d accounts after loading the demo (%v), want %d", n, err, DemoAccounts)
	}
}

func TestAddAccountOpensForm(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	m := New(ctx)
	_, cmd := m.Update(uitest.Keys("2")[0])
	if p, ok := cmd().(common.PushMsg); !ok || p.Screen == nil {
		t.Fatalf("2 sent %#v, want the account form pushed", cmd())
	}
}

func TestDemoRefusesFullBook(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	uitest.SampleAccount(t, ctx, "Acme")
	m := New(ctx)
	_, cmd := m.Update(uitest.Keys("1")[0])
	msg, ok := cmd().(common.StatusMsg)
	if !ok || !msg.Error {
		t.Fatalf("got %#v, want an error status", cmd())
	}
	m.Update(msg)
	if m.busy != "" {
		t.Error("still busy after the error")
	}
}

// The list's keys for a start act here too: n adds the first account, I
// imports a bundle, C imports a CSV.
func TestListKeysStartHere(t *testing.T) {
	for _, tc := range []struct {
		key  string
		want string // the screen's type
	}{{"n", "*accountform.Model"}, {"I", "*importer.Model"}, {"C", "*csvimport.Model"}} {
		ctx := uitest.Context(t, 80, 24)
		m := New(ctx)
		_, cmd := m.Update(uitest.Keys(tc.key)[0])
		if cmd == nil {
			t.Fatalf("%s did nothing", tc.key)
		}
		p, ok := cmd().(common.PushMsg)
		if !ok || fmt.Sprintf("%T", p.Screen) != tc.want {
			t.Errorf("%s sent %#v, want %s pushed", tc.key, cmd(), tc.want)
		}
	}
}
