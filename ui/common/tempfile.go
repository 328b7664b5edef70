package common

import "os"

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
