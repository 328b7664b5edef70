package tabkit

import (
	tea "github.com/charmbracelet/bubbletea"

	"bob/store"
	"bob/ui/common"
)

// DeletedMsg is the reply to Delete: the record went to the trash item
// Trash. What names it in the status line; Item is its ID.
type DeletedMsg struct{ Trash, What, Item string }

// RestoredMsg is the reply to Undo.Restore: the record Item is back, so
// the tab can put its cursor on it again once it is listed.
type RestoredMsg struct{ What, Item string }

// Delete runs del (a store delete, which answers with the trash item) in a
// tea.Cmd; its reply is a DeletedMsg for what (the record's name in the
// status line) and item (its ID). The replies are routed to the tab that
// asked, so every tab can use the same messages.
func Delete(what, item string, del func() (string, error)) tea.Cmd {
	return common.Cmd(del, func(trash string) tea.Msg { return DeletedMsg{Trash: trash, What: what, Item: item} })
}

// Undo is a tab's last delete, which u brings back from the trash: the
// one delete/undo flow of the account tabs.
type Undo struct {
	trash, what, item string
}

// Deleted keeps msg for undo, and says that the account changed (with the
// trash item, so the status line can offer undo) and what was deleted,
// naming the undo key as the key map binds it.
func (u *Undo) Deleted(k *common.KeyMap, accountID string, msg DeletedMsg) tea.Cmd {
	u.trash, u.what, u.item = msg.Trash, msg.What, msg.Item
	return tea.Batch(
		common.Changed(accountID, msg.Trash, "deleted "+msg.What),
		common.Info("deleted %s: press %s to undo", msg.What, k.Undo.Help().Key))
}

// Empty reports whether there is nothing to undo.
func (u *Undo) Empty() bool { return u.trash == "" }

// Forget drops the last delete (another kind of undo took its place).
func (u *Undo) Forget() { u.trash = "" }

// Restore brings the last delete back in a tea.Cmd (its reply is a
// RestoredMsg). With nothing deleted here it says so, naming what the tab
// deletes (e.g. "timeline entry").
func (u *Undo) Restore(st *store.Store, noun string) tea.Cmd {
	if u.trash == "" {
		return common.Cannot("nothing to undo: no " + noun + " was deleted here")
	}
	id, what, item := u.trash, u.what, u.item
	u.trash = ""
	return common.Cmd(func() (struct{}, error) { return struct{}{}, st.RestoreTrash(id) },
		func(struct{}) tea.Msg { return RestoredMsg{What: what, Item: item} })
}

// Restored says that the account changed and what came back.
func Restored(accountID string, msg RestoredMsg) tea.Cmd {
	return tea.Batch(common.Changed(accountID, "", "restored "+msg.What), common.Info("restored %s", msg.What))
}
