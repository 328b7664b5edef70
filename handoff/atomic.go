package handoff

import "io"

// WriteFileAtomic writes data to path, private to the user (0600), through
// a synced temporary file renamed into place: a reader never sees half a
// file, and a failure leaves the old file as it was. Other exports (the
// agenda's calendar file) use it so bob has one way of writing a file.
func WriteFileAtomic(path string, data []byte) error {
	return writeFileAtomic(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
