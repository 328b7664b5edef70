package tabkit

import (
	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
)

// SelectMsg asks the tab whose command sent it to put its cursor on the
// record Item: at once when it is listed, else as soon as a reload lists
// it (a record just saved, or put back by undo). Like every reply it
// comes back to the tab that asked (see common.Address).
type SelectMsg struct{ Item string }

// Select returns a command whose message is SelectMsg for id.
func Select(id string) tea.Cmd { return func() tea.Msg { return SelectMsg{Item: id} } }

// Wrote is what a tab says once it wrote the record id (saved it from a
// form, or put it back): the cursor goes to it, the account changed, and
// the status line says what happened, e.g. `saved risk "Champion leaves"`.
func Wrote(accountID, id, what string) tea.Msg {
	return tea.BatchMsg{Select(id), common.Changed(accountID, "", what), common.Info("%s", what)}
}

// Reply handles the replies an editable tab takes like every other, and
// reports whether msg was one of them: SelectMsg makes w wait for the
// record and focus puts the cursor on it if it is listed already;
// DeletedMsg goes to u for undo; RestoredMsg says what came back, and w
// waits for it until the reload lists it.
func Reply(msg tea.Msg, k *common.KeyMap, accountID string, u *Undo, w *Want, focus func(id string)) (tea.Cmd, bool) {
	switch msg := msg.(type) {
	case SelectMsg:
		w.Set(msg.Item)
		focus(msg.Item)
		return nil, true
	case DeletedMsg:
		return u.Deleted(k, accountID, msg), true
	case RestoredMsg:
		w.Set(msg.Item)
		return Restored(accountID, msg), true
	}
	return nil, false
}
