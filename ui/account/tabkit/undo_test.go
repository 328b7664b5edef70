package tabkit_test

import (
	"testing"

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
