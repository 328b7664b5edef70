package common

import (
	"io"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// TestNoColorNeedsNothingOfOurs: lipgloss already takes NO_COLOR from the
// environment (through termenv), even on a terminal that has colour, so
// bob has no code of its own for it.
func TestNoColorNeedsNothingOfOurs(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	r := lipgloss.NewRenderer(io.Discard, termenv.WithTTY(true), termenv.WithProfile(termenv.TrueColor))
	if p := r.ColorProfile(); p != termenv.Ascii {
		t.Fatalf("with NO_COLOR the profile is %v, want Ascii", p)
	}
	if got := r.NewStyle().Foreground(lipgloss.Color("#ff0000")).Render("x"); got != "x" {
		t.Errorf("with NO_COLOR a coloured style renders %q", got)
	}
}

func TestAccentHexFollowsTheBackground(t *testing.T) {
	th := NewTheme()
	was := lipgloss.HasDarkBackground()
	defer lipgloss.SetHasDarkBackground(was)
	lipgloss.SetHasDarkBackground(true)
	if th.AccentHex() != th.Accent.Dark {
		t.Error("dark background: not the dark accent")
	}
	lipgloss.SetHasDarkBackground(false)
	if th.AccentHex() != th.Accent.Light {
		t.Error("light background: not the light accent")
	}
}
