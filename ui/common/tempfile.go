package common

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// TempText writes text to a new file for $EDITOR to open, named after
// pattern (os.CreateTemp's), created 0600 so that it is private to the
// user. On an error no file is left behind.
func TempText(pattern, text string) (path string, err error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return "", err
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// Edit runs the editor (a command line, such as $VISUAL's) on text, with
// the app suspended, in a tea.Cmd: the text goes to a private temporary
// file named after pattern, which is read back and removed once the
// editor exits. done gets the text as saved, or an error that says in the
// user's words what went wrong (no editor set, the file could not be
// written, the editor failed), for the caller to end with what it keeps.
func Edit(editor, pattern, text string, done func(text string, err error) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		args := strings.Fields(editor)
		if len(args) == 0 {
			return done("", errors.New("no $VISUAL or $EDITOR set"))
		}
		path, err := TempText(pattern, text)
		if err != nil {
			return done("", fmt.Errorf("cannot open the editor (%w)", err))
		}
		c := exec.Command(args[0], append(args[1:], path)...)
		return Exec(c, func(err error) tea.Msg {
			defer os.Remove(path)
			if err != nil {
				return done("", fmt.Errorf("the editor failed (%w)", err))
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return done("", fmt.Errorf("cannot read back what the editor saved (%w)", err))
			}
			return done(string(b), nil)
		})()
	}
}
