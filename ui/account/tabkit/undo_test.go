package tabkit_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/uitest"
)

func TestUndoSaysWhyWithNothingDeleted(t *testing.T) {
	var u tabkit.Undo
	msg, ok := u.Restore(nil, "timeline entry")().(common.StatusMsg)
	if !ok || !msg.Error || msg.Text != "nothing to undo: no timeline entry was deleted here" {
		t.Fatalf("got %#v", msg)
	}
	u.Deleted(uitest.Context(t, 80, 24).Keys, "acme", tabkit.DeletedMsg{Trash: "t1", What: `note "x"`, Item: "e1"})
	if u.Restore(nil, "timeline entry") == nil {
		t.Fatal("a delete to undo gave no command")
	}
	if msg, ok := u.Restore(nil, "timeline entry")().(common.StatusMsg); !ok || !msg.Error {
		t.Fatalf("undo twice: got %#v, want nothing to undo", msg)
	}
}

// A part taken out of a record and a record sent to the trash share one
// undo: the last of them comes back, once.
func TestUndoPutsBackTheLastRemovalOnce(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	k := ctx.Keys
	var u tabkit.Undo
	put := 0
	removed := false
	cmd := u.Removing(k, "acme", "removed", `step "Kickoff"`, func() error { removed = true; return nil },
		func() tea.Cmd { put++; return func() tea.Msg { return nil } })
	if removed {
		t.Fatal("the step was removed before the command ran")
	}
	var said []string
	for _, m := range cmd().(tea.BatchMsg) {
		if s, ok := m().(common.StatusMsg); ok {
			said = append(said, s.Text)
		}
	}
	if !removed || len(said) != 1 || said[0] != `removed step "Kickoff": press u to undo` {
		t.Fatalf("removed %v, said %q", removed, said)
	}
	u.Restore(nil, "step")
	if put != 1 {
		t.Fatalf("undo put the step back %d times, want 1", put)
	}
	if msg, ok := u.Restore(nil, "step")().(common.StatusMsg); !ok || !msg.Error {
		t.Fatalf("undo twice: got %#v, want nothing to undo", msg)
	}

	// A delete after a removal takes its place.
	u.Removed(func() tea.Cmd { put++; return nil })
	u.Deleted(k, "acme", tabkit.DeletedMsg{Trash: "t1", What: `checklist "Onboarding"`, Item: "c1"})
	if got := triedTrash(u.Restore(ctx.Store, "step")); got == "" || put != 1 {
		t.Fatalf("undo after a delete: tried %q (put back %d times), want the checklist from the trash", got, put)
	}
}
