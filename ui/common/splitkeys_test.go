package common

import (
	"slices"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestSplitKeys(t *testing.T) {
	for _, tc := range []struct {
		name  string
		msg   tea.KeyMsg
		split bool
		want  []string // what the handler got, in order
	}{
		{name: "a shortcut, then typing", msg: tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/acme")}, split: true, want: []string{"/", "acme"}},
		{name: "shortcuts only", msg: tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("jj")}, split: true, want: []string{"j", "j"}},
		{name: "one key", msg: tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("j")}},
		{name: "a paste", msg: tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("/acme"), Paste: true}},
		{name: "not runes", msg: tea.KeyMsg{Type: tea.KeyEnter}},
	} {
		var got []string
		typing := false
		handle := func(m tea.KeyMsg) tea.Cmd {
			got = append(got, string(m.Runes))
			if string(m.Runes) == "/" {
				typing = true
			}
			return nil
		}
		_, split := SplitKeys(tc.msg, func() bool { return typing }, handle)
		if split != tc.split || !slices.Equal(got, tc.want) {
			t.Errorf("%s: split %v, handled %q; want %v, %q", tc.name, split, got, tc.split, tc.want)
		}
	}
	// Without a capturing function, every rune is a key of its own.
	var got []string
	SplitKeys(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("nc")}, nil, func(m tea.KeyMsg) tea.Cmd { got = append(got, string(m.Runes)); return nil })
	if !slices.Equal(got, []string{"n", "c"}) {
		t.Errorf("without capturing: %q", got)
	}
}
