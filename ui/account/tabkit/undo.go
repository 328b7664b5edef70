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

// Undo is a tab's last delete, which u brings back: the one delete/undo
// flow of the account tabs. A whole record comes back from the trash; a
// part taken out of one (a plan's task, a checklist's step), which the
// trash does not hold, is put back by the tab's own function (Removed).
type Undo struct {
	trash, what, item string
	putBack           func() tea.Cmd
}

// Deleted keeps msg for undo, and says that the account changed (with the
// trash item, so the status line can offer undo) and what was deleted,
// naming the undo key as the key map binds it.
func (u *Undo) Deleted(k *common.KeyMap, accountID string, msg DeletedMsg) tea.Cmd {
	*u = Undo{trash: msg.Trash, what: msg.What, item: msg.Item}
	return gone(k, accountID, msg.Trash, "deleted", msg.What)
}

// gone says that the account changed (trash is the trash item, if any)
// and that what is gone ("deleted", "removed": word), naming the undo key
// as the key map binds it.
func gone(k *common.KeyMap, accountID, trash, word, what string) tea.Cmd {
	return tea.Batch(
		common.Changed(accountID, trash, word+" "+what),
		common.Info("%s %s: press %s to undo", word, what, k.Undo.Help().Key))
}

// Removed keeps a part just taken out of a record for undo, in place of
// the last delete: putBack writes it back (and says so).
func (u *Undo) Removed(putBack func() tea.Cmd) { *u = Undo{putBack: putBack} }

// Removing takes what out of a record with remove (a store call) in a
// tea.Cmd, keeps putBack for undo (see Removed), and once it is out says
// that the account changed and what was removed, naming the undo key.
// word is the verb the status line uses ("deleted", "removed").
func (u *Undo) Removing(k *common.KeyMap, accountID, word, what string, remove func() error, putBack func() tea.Cmd) tea.Cmd {
	u.Removed(putBack)
	return common.Cmd(func() (struct{}, error) { return struct{}{}, remove() },
		func(struct{}) tea.Msg { return gone(k, accountID, "", word, what)() })
}

// Restore brings the last delete back in a tea.Cmd (its reply is a
// RestoredMsg, or whatever a part's putBack says). With nothing deleted
// here it says so, naming what the tab deletes (e.g. "timeline entry").
func (u *Undo) Restore(st *store.Store, noun string) tea.Cmd {
	if putBack := u.putBack; putBack != nil {
		u.putBack = nil
		return putBack()
	}
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
