package csvbook

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"bob/store"
)

// ReadFile reads and parses the CSV file at path, with errors that say
// what failed and what to do.
func ReadFile(path string) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a folder: name a CSV file", path)
	}
	tbl, err := Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return tbl, nil
}

// WriteBadFile writes the plan's bad rows to path (see WriteBad).
func WriteBadFile(path string, p *Plan) error {
	return writePrivate(path, func(w io.Writer) error { return WriteBad(w, p) })
}

// ExportFile writes the book's accounts or people to path (see Export).
func ExportFile(path string, book Book, k Kind) error {
	return writePrivate(path, func(w io.Writer) error { return Export(w, book, k) })
}

// BadRowsPath is where the app puts the bad rows of the file at path:
// beside it, so the CSM finds them where the file is.
func BadRowsPath(path string) string {
	ext := filepath.Ext(path)
	return path[:len(path)-len(ext)] + ".bad-rows.csv"
}

// writePrivate writes a file only its owner can read (customer data), by
// way of a temporary file and a rename, so a failure never leaves half a
// file under that name.
func writePrivate(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(f.Name()) // a no-op once renamed
	err = f.Chmod(store.FileMode)
	if err == nil {
		err = write(f)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
