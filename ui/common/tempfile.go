package common

import (
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

// EditText runs the editor (a command line, such as $VISUAL's, that is
// not empty) on the file at path, with the app suspended; once it exits,
// the file is read back and removed, and done gets its text or the
// error.
func EditText(editor, path string, done func(text string, err error) tea.Msg) tea.Cmd {
	args := strings.Fields(editor)
	c := exec.Command(args[0], append(args[1:], path)...)
	return Exec(c, func(err error) tea.Msg {
		defer os.Remove(path)
		if err != nil {
			return done("", err)
		}
		b, err := os.ReadFile(path)
		return done(string(b), err)
	})
}
