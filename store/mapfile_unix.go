//go:build unix

package store

import (
	"os"
	"syscall"
)

// mapFile maps f read-only for the page walk. Reading a page header
// through the mapping is a memory access, not a system call: a book of a
// million timeline entries has a quarter of a million leaf pages, and one
// pread each made opening it cost more than everything else bob does to
// start.
func mapFile(f *os.File, size int64) ([]byte, func(), error) {
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, nil, err
	}
	return data, func() { syscall.Munmap(data) }, nil
}
