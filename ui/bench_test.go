package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/uitest"
)

// BenchmarkTypeName types a 22-character account name into the account
// list's filter at 10,000 accounts, at 120x40 in 256 colours, as the
// terminal delivers it to bubbletea: words and spaces as messages of their
// own, all of them before any match is back. Each message costs what it costs in the
// program: the app's Update, then its whole View; then each command's
// message in turn, the same way. It reports the cost of one name typed
// (scripts/bench-tui.sh times the same on screen against fzf).
func BenchmarkTypeName(b *testing.B) {
	ctx := uitest.Context(b, 120, 40)
	uitest.Colour(b)
	a := New(ctx)
	a.infoTimeout = 0
	sums := uitest.BigBook(10_000)
	uitest.Drive(a, tea.WindowSizeMsg{Width: 120, Height: 40}, bookLoadedMsg{sums: sums})
	name := ""
	for _, s := range sums[5_000:] {
		if len(s.Name) == 22 {
			name = s.Name // unique: the names end in a number
			break
		}
	}
	if name == "" {
		b.Fatal("no 22-character name in the book")
	}
	var keys []tea.Msg
	for i, word := range strings.Split(name, " ") {
		if i > 0 {
			keys = append(keys, tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}})
		}
		keys = append(keys, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(word)})
	}
	step := func(msg tea.Msg) tea.Cmd {
		_, cmd := a.Update(msg)
		_ = a.View()
		return cmd
	}
	b.ResetTimer()
	for b.Loop() {
		b.StopTimer()
		uitest.Drive(a, uitest.Keys("/")...)
		b.StartTimer()
		var cmds []tea.Cmd
		for _, k := range keys {
			cmds = append(cmds, step(k))
		}
		for len(cmds) > 0 {
			cmd := cmds[0]
			cmds = cmds[1:]
			for _, msg := range uitest.Run(cmd) {
				cmds = append(cmds, step(msg))
			}
		}
		b.StopTimer()
		if !strings.Contains(a.View(), "1 of 10,000") {
			b.Fatalf("the screen does not show one match:\n%s", a.View())
		}
		uitest.Drive(a, uitest.Keys("esc")...)
		b.StartTimer()
	}
}
