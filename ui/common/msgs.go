package common

import (
	"errors"
	"fmt"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
	"bob/termsafe"
)

// StatusMsg puts a line in the status bar. Error lines stay until the
// next key; info lines fade after a few seconds.
type StatusMsg struct {
	Text  string
	Error bool
}

// Info returns a command that shows an informational status line.
func Info(format string, args ...any) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: fmt.Sprintf(format, args...)} }
}

// Fail returns a command that shows err in the status line in words a user
// can act on. It never crashes the app.
func Fail(err error) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: ErrorText(err), Error: true} }
}

// ErrorText turns an error into one status line. Validation errors list
// their fields; a locked or too-new book says what to do. An error may
// quote outside text (a value, a file name), so the line is made safe for
// the terminal and cut to maxErrorText characters: every screen draws its
// errors through here.
func ErrorText(err error) string {
	var ve *model.ValidationError
	var s string
	switch {
	case errors.As(err, &ve):
		s = "not saved: " + ve.Error()
	case errors.Is(err, store.ErrNotFound):
		s = err.Error() + " (it may have been deleted: press esc and reload)"
	default:
		s = err.Error()
	}
	s = termsafe.Line(s)
	if len(s) > maxErrorText {
		if r := []rune(s); len(r) > maxErrorText {
			s = string(r[:maxErrorText]) + "…"
		}
	}
	return s
}

// maxErrorText is the longest error a screen shows, in characters.
const maxErrorText = 500

// Cannot returns a command that says why a key cannot act here, instead
// of doing nothing.
func Cannot(why string) tea.Cmd {
	return func() tea.Msg { return StatusMsg{Text: why, Error: true} }
}

// ColleaguesChangedMsg says the colleagues file changed outside the
// screen (bob colleagues add in a shell, or another screen): a screen
// that offers colleagues reads them again.
type ColleaguesChangedMsg struct{}

// BookChangedMsg says the book was written: panes that show the account
// reload what they show. AccountID is empty when many accounts changed.
type BookChangedMsg struct {
	AccountID string
	// Trash is the trash item a delete created, so the status line can
	// offer undo.
	Trash string
	What  string
	// Outside: another process (the command line, a second app) wrote
	// it. A form over a record that changed shows the conflict.
	Outside bool
}

// Changed returns a command announcing that the account changed (trash is
// the trash item a delete made, for undo; what is said in the status line).
func Changed(accountID, trash, what string) tea.Cmd {
	return func() tea.Msg { return BookChangedMsg{AccountID: accountID, Trash: trash, What: what} }
}

// Cmd runs a store call off the UI goroutine and turns its result into a
// message: on success, ok's message; on failure, a StatusMsg with the
// error. It is the one way panes touch the book.
func Cmd[T any](call func() (T, error), ok func(T) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		v, err := call()
		if err != nil {
			return StatusMsg{Text: ErrorText(err), Error: true}
		}
		return ok(v)
	}
}

// Tick asks for a redraw later, e.g. to clear an info line.
func Tick(d time.Duration, msg tea.Msg) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return msg })
}

// HandedOffMsg says accounts went to a successor (the export wizard
// wrote their bundle and marked them). They leave the default list, so
// the list drops them from its selection: a hidden selection would
// otherwise still be acted on by the next bulk key.
type HandedOffMsg struct{ IDs []string }

// OpenAccountMsg asks the root to open an account's 360 view: on its
// first tab, or on the tab named Tab (as the tab bar names it) with the
// record whose ID is Item under the cursor, when the tab can show one.
type OpenAccountMsg struct {
	ID   string
	Tab  string
	Item string
}

// FocusMsg asks the open view of account AccountID to put the record Item
// under the cursor of the tab that holds it: the first step of a
// checklist just started from a screen above the account. It is this
// package's, so it reaches every screen unaddressed (a reply would go
// back only to the screen that sent it).
type FocusMsg struct{ AccountID, Item string }

// Focuser is a tab that can put a record (a step, a task, a risk) under
// its cursor or at the top of its page, for an account opened at an item.
type Focuser interface {
	Focus(itemID string)
}

// BackMsg asks the root to close the top screen (a form, a view) and
// return to the one beneath it.
type BackMsg struct{}

// PushMsg asks the root to show a screen on top of the current one, e.g.
// a form opened from a tab. Esc (or the screen's own BackMsg) pops it.
type PushMsg struct{ Screen Component }

// Unsaved is a screen or tab with edits not saved yet (a half-typed form).
// The root asks before ctrl+c throws them away, and before q or esc
// closes a screen that has them.
type Unsaved interface{ Changed() bool }
