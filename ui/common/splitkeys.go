package common

import tea "github.com/charmbracelet/bubbletea"

// SplitKeys takes keys typed faster than the terminal is read, which
// arrive as one message with several runes ("/acme", "nc"), one at a
// time: a shortcut acts, and what follows goes where it led. Once
// capturing (nil: never) reports that a field has the focus, the rest
// goes to handle in one piece, as typed text. For any other message (one
// key, a paste) it does nothing and reports false: the caller handles it.
func SplitKeys(msg tea.KeyMsg, capturing func() bool, handle func(tea.KeyMsg) tea.Cmd) (tea.Cmd, bool) {
	typing := func() bool { return capturing != nil && capturing() }
	if msg.Type != tea.KeyRunes || len(msg.Runes) < 2 || msg.Paste || typing() {
		return nil, false
	}
	var cmds []tea.Cmd
	for i, r := range msg.Runes {
		if typing() {
			rest := msg
			rest.Runes = msg.Runes[i:]
			return tea.Batch(append(cmds, handle(rest))...), true
		}
		one := msg
		one.Runes = []rune{r}
		cmds = append(cmds, handle(one))
	}
	return tea.Batch(cmds...), true
}
