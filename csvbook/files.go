package csvbook

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"bob/atomicfile"
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

// writePrivate writes a file only its owner can read (customer data),
// whole or not at all (package atomicfile).
func writePrivate(path string, write func(io.Writer) error) error {
	return atomicfile.Write(path, func(f *os.File) error { return write(f) })
}
