package handoff

import (
	"errors"
	"os"
	"strings"
	"syscall"
	"testing"

	"filippo.io/age"
)

// fullDisk accepts n bytes, then fails as a full disk does.
type fullDisk struct{ n int }

func (d *fullDisk) Write(p []byte) (int, error) {
	if len(p) <= d.n {
		d.n -= len(p)
		return len(p), nil
	}
	k := d.n
	d.n = 0
	// As an *os.File does: the error names the (temporary) file.
	return k, &os.PathError{Op: "write", Path: "/home/csm/.ann-to-ben.bob.zip.2887381078.tmp", Err: syscall.ENOSPC}
}

// TestWriteOnAFullDiskBlamesTheDisk: whether the disk fills at the first
// byte (age's header) or in the middle of the zip, the error says the
// disk is full, never that the age keys are wrong.
func TestWriteOnAFullDiskBlamesTheDisk(t *testing.T) {
	ben := newAgeIdentity(t)
	encs := map[string]Encryption{
		"recipients":    {Recipients: []age.Recipient{ben.Recipient()}},
		"no encryption": {None: true},
	}
	for name, enc := range encs {
		for _, room := range []int{0, 10, 300, 3000} {
			err := Write(&fullDisk{n: room}, testBundle(), WriteOptions{Signer: testSigner(), Encryption: enc})
			if err == nil {
				t.Fatalf("%s, %d bytes free: the write succeeded", name, room)
			}
			if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "the disk is full") || strings.Contains(err.Error(), "age key") ||
				strings.Contains(err.Error(), ".tmp") {
				t.Errorf("%s, %d bytes free: %v", name, room, err)
			}
		}
	}
}
