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

// TestThemeColoursAreTheNearest: each colour's 256- and 16-colour values
// are the ones lipgloss works out from its true colour, so a style draws
// the same escape sequences as it would given the true colour alone, in
// every profile, on a light and on a dark background.
func TestThemeColoursAreTheNearest(t *testing.T) {
	for _, profile := range []termenv.Profile{termenv.TrueColor, termenv.ANSI256, termenv.ANSI, termenv.Ascii} {
		for _, dark := range []bool{false, true} {
			r := lipgloss.NewRenderer(io.Discard, termenv.WithProfile(profile))
			r.SetColorProfile(profile)
			r.SetHasDarkBackground(dark)
			for _, c := range themeColours {
				fromHex := lipgloss.AdaptiveColor{Light: c.Light.TrueColor, Dark: c.Dark.TrueColor}
				for _, style := range []func(lipgloss.TerminalColor) lipgloss.Style{
					func(tc lipgloss.TerminalColor) lipgloss.Style { return r.NewStyle().Foreground(tc) },
					func(tc lipgloss.TerminalColor) lipgloss.Style { return r.NewStyle().Bold(true).Background(tc) },
				} {
					if got, want := style(c).Render("x"), style(fromHex).Render("x"); got != want {
						t.Errorf("profile %v, dark %v, %v: %q, from the true colour %q", profile, dark, c, got, want)
					}
				}
			}
		}
	}
}
