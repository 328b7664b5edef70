package main

import (
	"fmt"
	"os"

	"bob/store"
)

// checkOutput refuses a file to write that would destroy something: a
// book (this one, a backup, any bbolt database) or one of the files the
// command reads. It is called before anything is written, so a refusal
// leaves every file as it was.
func checkOutput(path string, inputs ...string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return nil // nothing there to lose; the write reports its own errors
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a folder: name a file to write (nothing was written)", path)
	}
	if store.IsBookFile(path) {
		return fmt.Errorf("%s is a bob book (or a backup of one): bob will not write over it; choose another file (nothing was written)", path)
	}
	for _, in := range inputs {
		if ifi, err := os.Stat(in); err == nil && os.SameFile(fi, ifi) {
			return fmt.Errorf("%s is the file being read: choose another file to write (nothing was written)", path)
		}
	}
	return nil
}
