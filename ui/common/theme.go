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

// NewTheme builds the default theme.
func NewTheme() *Theme {
	ac := func(light, dark string) lipgloss.AdaptiveColor {
		return lipgloss.AdaptiveColor{Light: light, Dark: dark}
	}
	accent := ac("#5A3FC0", "#B4A7FF")
	subtle := ac("#666666", "#A0A0A0")
	faint := ac("#999999", "#6C6C6C")
	red, yellow, green := ac("#C4001A", "#FF5F6D"), ac("#9A6700", "#F2C94C"), ac("#1A7F37", "#56D364")
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
		Accent:      accent,
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
