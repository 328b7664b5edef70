package ui

import (
	"strings"
	"testing"

	"bob/ui/uitest"
)

// TestCtrlCKeepsAHalfTypedForm: with unsaved edits, the first ctrl+c
// asks and the draft stays; a second one quits. Without edits, one
// ctrl+c quits.
func TestCtrlCKeepsAHalfTypedForm(t *testing.T) {
	cases := []struct {
		name  string
		keys  []string // opens a form and types into it
		typed string
	}{
		{"a timeline entry", []string{"enter", "2", "n", "tab", "tab", "tab", "Called Dana about SSO"}, "Called Dana about SSO"},
		{"the account form", []string{"e", "down", "acme.io"}, "acme.io"},
		{"a commitment", []string{"enter", "6", "e", "zzz"}, "zzz"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a, _ := start(t, 100, 30, book...)
			uitest.Drive(a, uitest.Keys(c.keys...)...)
			if !strings.Contains(uitest.Plain(a.View()), c.typed) {
				t.Fatalf("the form does not show what was typed:\n%s", uitest.Plain(a.View()))
			}
			cmd := press(a, "ctrl+c")
			if quits(cmd) {
				t.Fatal("the first ctrl+c quit and lost the half-typed form")
			}
			uitest.Drive(a, cmd())
			if text, _ := a.Status(); !strings.Contains(text, "ctrl+c again") {
				t.Errorf("status after the first ctrl+c = %q, want it to say what a second one does", text)
			}
			if !strings.Contains(uitest.Plain(a.View()), c.typed) {
				t.Fatalf("the draft is gone after the first ctrl+c:\n%s", uitest.Plain(a.View()))
			}
			if !quits(press(a, "ctrl+c")) {
				t.Fatal("the second ctrl+c does not quit")
			}
			// Another key in between disarms: ctrl+c asks again.
			a, _ = start(t, 100, 30, book...)
			uitest.Drive(a, uitest.Keys(c.keys...)...)
			uitest.Drive(a, uitest.Keys("x")...)
			press(a, "ctrl+c")
			uitest.Drive(a, uitest.Keys("y")...)
			if quits(press(a, "ctrl+c")) {
				t.Fatal("ctrl+c, a key, ctrl+c quit without asking again")
			}
		})
	}
	a, _ := start(t, 100, 30, book...)
	if !quits(press(a, "ctrl+c")) {
		t.Fatal("ctrl+c with nothing typed does not quit")
	}
}
