package common

import (
	"github.com/charmbracelet/lipgloss"

	"bob/model"
)

// Theme holds every style the UI draws with. Colours adapt to light and
// dark terminals; with NO_COLOR (or a terminal without colour) the same
// styles still show the cursor, selection and emphasis through reverse
// video, bold and markers, never through colour alone.
type Theme struct {
	Title, Subtle, Faint, Bold, Error, Info, Warn, OK lipgloss.Style
	Cursor, Selected, Header, Match                   lipgloss.Style
	TabActive, TabInactive, HelpBar, StatusBar        lipgloss.Style
	Border                                            lipgloss.Style
	Label, Value, Internal                            lipgloss.Style
	// Accent is the theme's colour of emphasis, for what draws with a
	// colour rather than a style (the progress bar).
	Accent       lipgloss.AdaptiveColor
	healthStyles map[model.Health]lipgloss.Style
}

// NO_COLOR needs nothing of bob's own: lipgloss takes its colour profile
// from termenv's EnvColorProfile, which is plain ASCII when NO_COLOR is
// set (theme_test.go keeps that true).

// The theme's colours, each as the terminal shows it in true colour, in
// 256 colours and in 16, on a light and on a dark background. Given only
// the true colour, lipgloss works out the nearest of 256 or 16 again on
// every cell it styles (through HSLuv): in 256 colours, most of what a
// screen of the account list cost to draw. The nearest colours are
// written out here instead; TestThemeColoursAreTheNearest checks that they
// are the ones lipgloss works out, so every screen is drawn as before.
var (
	colourAccent = themeColour([3]string{"#5A3FC0", "61", "12"}, [3]string{"#B4A7FF", "147", "12"})
	colourSubtle = themeColour([3]string{"#666666", "59", "8"}, [3]string{"#A0A0A0", "145", "7"})
	colourFaint  = themeColour([3]string{"#999999", "102", "8"}, [3]string{"#6C6C6C", "59", "8"})
	colourRed    = themeColour([3]string{"#C4001A", "160", "9"}, [3]string{"#FF5F6D", "203", "9"})
	colourYellow = themeColour([3]string{"#9A6700", "94", "3"}, [3]string{"#F2C94C", "221", "11"})
	colourGreen  = themeColour([3]string{"#1A7F37", "29", "2"}, [3]string{"#56D364", "77", "10"})

	themeColours = []lipgloss.CompleteAdaptiveColor{colourAccent, colourSubtle, colourFaint, colourRed, colourYellow, colourGreen}
)

// themeColour is a colour of the theme from its true, 256-colour and
// 16-colour values on a light and a dark background.
func themeColour(light, dark [3]string) lipgloss.CompleteAdaptiveColor {
	return lipgloss.CompleteAdaptiveColor{
		Light: lipgloss.CompleteColor{TrueColor: light[0], ANSI256: light[1], ANSI: light[2]},
		Dark:  lipgloss.CompleteColor{TrueColor: dark[0], ANSI256: dark[1], ANSI: dark[2]},
	}
}

// NewTheme builds the default theme.
func NewTheme() *Theme {
	accent, subtle, faint := colourAccent, colourSubtle, colourFaint
	red, yellow, green := colourRed, colourYellow, colourGreen
	s := lipgloss.NewStyle
	t := &Theme{
		Title:       s().Bold(true).Foreground(accent),
		Subtle:      s().Foreground(subtle),
		Faint:       s().Foreground(faint),
		Bold:        s().Bold(true),
		Error:       s().Bold(true).Foreground(red),
		Info:        s().Foreground(accent),
		Warn:        s().Foreground(yellow),
		OK:          s().Foreground(green),
		Cursor:      s().Reverse(true).Bold(true),
		Selected:    s().Bold(true).Foreground(accent),
		Header:      s().Bold(true).Underline(true),
		Match:       s().Underline(true).Bold(true).Foreground(accent),
		TabActive:   s().Bold(true).Reverse(true).Padding(0, 1),
		TabInactive: s().Foreground(subtle).Padding(0, 1),
		HelpBar:     s().Foreground(subtle),
		StatusBar:   s().Foreground(subtle),
		Border:      s().BorderStyle(lipgloss.RoundedBorder()).BorderForeground(faint),
		Label:       s().Foreground(subtle),
		Value:       s(),
		Internal:    s().Italic(true).Foreground(yellow),
		Accent:      lipgloss.AdaptiveColor{Light: accent.Light.TrueColor, Dark: accent.Dark.TrueColor},
	}
	t.healthStyles = map[model.Health]lipgloss.Style{
		model.HealthRed:    s().Bold(true).Foreground(red),
		model.HealthYellow: s().Foreground(yellow),
		model.HealthGreen:  s().Foreground(green),
	}
	return t
}

// AccentHex is Accent for the terminal's background, as a colour for
// components that take one (the progress bar's fill).
func (t *Theme) AccentHex() string {
	if lipgloss.HasDarkBackground() {
		return t.Accent.Dark
	}
	return t.Accent.Light
}

// Health renders a health value so that it reads without colour too:
// "● red", "◐ yellow", "○ green", "· unknown".
func (t *Theme) Health(h model.Health) string {
	switch h {
	case model.HealthRed:
		return t.healthStyles[h].Render("● red")
	case model.HealthYellow:
		return t.healthStyles[h].Render("◐ yellow")
	case model.HealthGreen:
		return t.healthStyles[h].Render("○ green")
	}
	return t.Faint.Render("· unknown")
}

// Severity renders a severity with a colour that matches its weight.
func (t *Theme) Severity(s model.Severity) lipgloss.Style {
	switch s {
	case model.SeverityCritical, model.SeverityHigh:
		return t.Error
	case model.SeverityMedium:
		return t.Warn
	}
	return t.Subtle
}
