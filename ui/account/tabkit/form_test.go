package tabkit_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/account/tabkit"
	"bob/ui/form"
	"bob/ui/uitest"
)

func TestFormSlot(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	var s tabkit.FormSlot
	if _, ok := s.Update(uitest.Keys("x")[0]); ok || s.Form() != nil || s.Changed() {
		t.Fatal("an empty slot took a key")
	}
	f := form.New(ctx, "New thing", []form.Field{{Key: "name", Label: "Name", Kind: form.Text}},
		func(form.Values) tea.Cmd { return nil })
	s.Open(f, 80, 20)
	if _, ok := s.Update(uitest.Keys("x")[0]); !ok || !s.Changed() {
		t.Fatalf("the open form did not take the key (changed %v)", s.Changed())
	}
	if _, ok := s.Update(tabkit.FormClosedMsg{}); !ok || s.Form() != nil {
		t.Fatal("FormClosedMsg left the form open")
	}
}
