package common

import (
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestClip(t *testing.T) {
	if got := Clip("abcdef\nxy\nz", 4, 2); got != "abc…\nxy" {
		t.Errorf("Clip = %q", got)
	}
	if got := Clip("abc", 0, 0); got != "abc" {
		t.Errorf("Clip without limits = %q", got)
	}
}

func TestHint(t *testing.T) {
	h := Hint("/", "type a path")
	if h.Keys()[0] != "/" || h.Help().Key != "/" {
		t.Errorf("Hint(/) keys %v", h.Keys())
	}
	h = Hint("←/→", "change", "left", "right")
	if len(h.Keys()) != 2 || h.Help().Key != "←/→" {
		t.Errorf("Hint(←/→) keys %v help %q", h.Keys(), h.Help().Key)
	}
}

// TestQuestionKeepsTheAnswerOnScreen: however long the question, the
// answer keys stay at its end, within the width.
func TestQuestionKeepsTheAnswerOnScreen(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	th := NewTheme()
	long := `delete the checklist "Onboarding for the new Denver and Phoenix sites" with its 12 steps? it goes to the trash`
	for _, tc := range []struct {
		name, q string
		w       int
		want    string
	}{
		{"fits", "delete this task?", 80, "delete this task? (y/n)"},
		{"cut", long, 80, `delete the checklist "Onboarding for the new Denver and Phoenix sites" wi… (y/n)`},
		{"narrow", long, 20, "delete the ch… (y/n)"},
	} {
		got := Question(th, tc.w, tc.q, "y/n")
		if got != tc.want || ansi.StringWidth(got) > tc.w {
			t.Errorf("%s: %q (%d cells), want %q", tc.name, got, ansi.StringWidth(got), tc.want)
		}
	}
}
