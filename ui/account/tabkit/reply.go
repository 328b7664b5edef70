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

// Editable is what Update needs of an editable tab (Commitments & risks,
// People, Plans): where it keeps its last delete, the record its cursor
// waits for and its form, how it puts its cursor on a record (Focus) and
// how it takes a key while no form is open (Key).
type Editable struct {
	Keys      *common.KeyMap
	AccountID string
	Undo      *Undo
	Want      *Want
	Form      *FormSlot
	Focus     func(id string)
	Key       func(tea.KeyMsg) tea.Cmd
}

// Update takes a message as every editable tab does: first the replies
// every tab takes alike (Reply); an open form takes every key and every
// other message (its save's result, a change made outside); with none
// open, keys go to Key.
func (e Editable) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := Reply(msg, e.Keys, e.AccountID, e.Undo, e.Want, e.Focus); ok {
		return cmd
	}
	if cmd, ok := e.Form.Update(msg); ok {
		return cmd
	}
	if msg, ok := msg.(tea.KeyMsg); ok {
		return e.Key(msg)
	}
	return nil
}
