package common

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
)

// Hint is a binding for the help bar: shown as name and desc, matching
// keys (name itself when no keys are given). Screens use it for keys of
// their own that the key map does not hold (a step's "c go on anyway").
func Hint(name, desc string, keys ...string) key.Binding {
	if len(keys) == 0 {
		keys = []string{name}
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(name, desc))
}

// Clip cuts s to at most h lines (h <= 0: any number) of at most w cells
// (w <= 0: any width), so a screen never draws past its size.
func Clip(s string, w, h int) string {
	lines := strings.Split(s, "\n")
	if h > 0 && len(lines) > h {
		lines = lines[:h]
	}
	for i, l := range lines {
		if w > 0 && ansi.StringWidth(l) > w {
			lines[i] = ansi.Truncate(l, w, "…")
		}
	}
	return strings.Join(lines, "\n")
}

// Question draws a y/n question on one line of w cells: the question is
// cut to fit, never the answer keys after it, so the answer is always on
// screen (a long account or checklist name would push "(y/n)" off an
// 80-column terminal).
func Question(t *Theme, w int, question, answer string) string {
	answer = "(" + answer + ")"
	q := ansi.Truncate(question, max(w-ansi.StringWidth(answer)-1, 1), "…")
	return t.Warn.Render(q) + " " + t.Bold.Render(answer)
}

// Plural is model.Plural, the one way counts are written, by the name
// the screens have always called it.
func Plural(n int, word string) string { return model.Plural(n, word) }
