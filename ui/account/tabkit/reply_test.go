package tabkit_test

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
	"bob/ui/uitest"
)

func TestReplyMovesTheCursorAndKeepsTheUndo(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	k := ctx.Keys
	var u tabkit.Undo
	var w tabkit.Want
	var focused []string
	focus := func(id string) { focused = append(focused, id) }

	// A record written: the cursor goes to it now, and waits for it.
	for _, m := range tabkit.Wrote("acme", "r1", `saved risk "Champion leaves"`).(tea.BatchMsg) {
		msg := m()
		if s, ok := msg.(common.StatusMsg); ok && s.Text != `saved risk "Champion leaves"` {
			t.Errorf("status %q", s.Text)
		}
		if _, ok := msg.(tabkit.SelectMsg); ok {
			if _, ok := tabkit.Reply(msg, k, "acme", &u, &w, focus); !ok {
				t.Fatal("SelectMsg not handled")
			}
		}
	}
	if len(focused) != 1 || focused[0] != "r1" || w.Or("") != "r1" {
		t.Fatalf("focused %q, waiting for %q; want r1 both", focused, w.Or(""))
	}
	w.Set("")

	// A delete is kept for undo; what comes back is waited for.
	if _, ok := tabkit.Reply(tabkit.DeletedMsg{Trash: "t1", What: "risk", Item: "r1"}, k, "acme", &u, &w, focus); !ok {
		t.Fatal("DeletedMsg not handled")
	}
	if triedTrash(u.Restore(ctx.Store, "risk")) == "" {
		t.Fatal("the delete was not kept for undo")
	}
	if _, ok := tabkit.Reply(tabkit.RestoredMsg{What: "risk", Item: "r1"}, k, "acme", &u, &w, focus); !ok || w.Or("") != "r1" {
		t.Fatalf("after RestoredMsg the cursor waits for %q, want r1", w.Or(""))
	}

	if _, ok := tabkit.Reply(tea.KeyMsg{}, k, "acme", &u, &w, focus); ok {
		t.Fatal("a key was taken as a reply")
	}
}

// triedTrash runs an undo command and returns the trash item it tried to
// bring back ("" when it said there was nothing to undo). The tests'
// trash items do not exist, so the store's answer names the item.
func triedTrash(cmd tea.Cmd) string {
	switch msg := cmd().(type) {
	case tabkit.RestoredMsg:
		return msg.Item
	case common.StatusMsg:
		if strings.HasPrefix(msg.Text, "nothing to undo") {
			return ""
		}
		return msg.Text
	}
	return ""
}

func TestEditableGivesKeysToTheOpenFormFirst(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	var u tabkit.Undo
	var w tabkit.Want
	var f tabkit.FormSlot
	var keys, focused []string
	e := tabkit.Editable{Keys: ctx.Keys, AccountID: "acme", Undo: &u, Want: &w, Form: &f,
		Focus: func(id string) { focused = append(focused, id) },
		Key:   func(msg tea.KeyMsg) tea.Cmd { keys = append(keys, msg.String()); return nil }}

	e.Update(uitest.Keys("x")[0])
	if len(keys) != 1 {
		t.Fatalf("with no form the tab got keys %q, want x", keys)
	}
	f.Open(form.New(ctx, "New thing", []form.Field{{Key: "name", Label: "Name", Kind: form.Text}},
		func(form.Values) tea.Cmd { return nil }), 80, 20)
	e.Update(uitest.Keys("y")[0])
	if len(keys) != 1 || !f.Changed() {
		t.Fatalf("with a form open the tab got keys %q (form changed %v), want the form to take y", keys, f.Changed())
	}
	// A reply is the tab's even with a form open.
	e.Update(tabkit.SelectMsg{Item: "r1"})
	if len(focused) != 1 || focused[0] != "r1" {
		t.Fatalf("focused %q, want r1", focused)
	}
	e.Update(tabkit.FormClosedMsg{})
	e.Update(uitest.Keys("z")[0])
	if f.Form() != nil || len(keys) != 2 {
		t.Fatalf("after the form closed the tab got keys %q, want x and z", keys)
	}
}
