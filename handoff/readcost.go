package handoff

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"filippo.io/age"
)

// The reader's work is bounded by the size of the file it is given, so that
// a small hostile bundle cannot make bob import (or the app's import
// preview) spend minutes of CPU or gigabytes of memory:
//   - the file is read a few times over at most (the zip's directory, then
//     each file once, in the order the files lie in the zip), never once
//     per file: files whose bytes overlap are refused;
//   - everything decompressed together is at most MaxRatio times the
//     bundle's size (or ratioFloor, for a tiny bundle with long text);
//   - a passphrase costs one key derivation, at a cost bob would write.
// readCost counts that work, so tests can hold the reader to it.

// maxScryptWorkFactor caps the scrypt cost (log2 N) of a passphrase
// bundle: the value bob writes (and age's own default). The cost is chosen
// by whoever made the file; age accepts up to 2^22 by default, which takes
// seconds and a gigabyte of memory per attempt.
const maxScryptWorkFactor = 18

// maxStanzas caps the recipients an encrypted bundle may list: each costs
// a key agreement with every identity tried. bob writes one per key it
// encrypts to.
const maxStanzas = 64

// ageChunkSize is age's payload chunk: its reader decrypts a whole chunk
// for any read.
const ageChunkSize = 64 << 10

// readCost counts the work of one Read.
type readCost struct {
	// sourceBytes: bytes read from the file as given (encrypted or not).
	sourceBytes int64
	// decryptedBytes: bytes asked of the decrypted view of an encrypted
	// file (whole chunks).
	decryptedBytes int64
	// inflatedBytes: bytes decompressed from the zip's files.
	inflatedBytes int64
	// keyDerivations: passphrase key derivations attempted.
	keyDerivations int
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n *int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	*c.n += int64(n)
	return n, err
}

// chunkReaderAt serves reads from the decrypted view one whole age chunk at
// a time, keeping the last chunk. age's reader allocates a 64 KiB buffer on
// every call however small the read, and the zip reader makes small calls
// (a 46-byte directory record, a 30-byte header per file): without this, a
// bundle of many tiny files would cost 64 KiB of allocation per file. It is
// used by one Read only, never concurrently.
type chunkReaderAt struct {
	r     io.ReaderAt
	size  int64
	chunk []byte
	start int64 // offset of chunk, -1 when empty
	n     *int64
}

func newChunkReaderAt(r io.ReaderAt, size int64, n *int64) *chunkReaderAt {
	return &chunkReaderAt{r: r, size: size, chunk: make([]byte, 0, ageChunkSize), start: -1, n: n}
}

func (c *chunkReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("negative offset")
	}
	read := 0
	for len(p) > 0 {
		if off >= c.size {
			return read, io.EOF
		}
		start := off - off%ageChunkSize
		if start != c.start {
			c.start = -1
			want := min(ageChunkSize, c.size-start)
			n, err := c.r.ReadAt(c.chunk[:want], start)
			*c.n += int64(n)
			if int64(n) < want {
				if err == nil {
					err = io.ErrUnexpectedEOF
				}
				return read, err
			}
			c.chunk, c.start = c.chunk[:want], start
		}
		k := copy(p, c.chunk[off-start:])
		p, off, read = p[k:], off+int64(k), read+k
	}
	return read, nil
}

// passphraseIdentity opens a passphrase bundle and counts the key
// derivations it starts (age's scrypt identity derives once per Unwrap).
type passphraseIdentity struct {
	id   *age.ScryptIdentity
	cost *readCost
}

func (p passphraseIdentity) Unwrap(stanzas []*age.Stanza) ([]byte, error) {
	p.cost.keyDerivations++
	return p.id.Unwrap(stanzas)
}

// checkHeaderCost refuses an age header that would cost more to open than
// any file bob writes: too many recipients, or a passphrase whose scrypt
// cost is above maxScryptWorkFactor. age would try them all, or spend
// seconds and a gigabyte on the derivation, before saying anything.
func checkHeaderCost(hdr []byte) error {
	stanzas := 0
	for _, line := range strings.Split(string(hdr), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "->" {
			continue
		}
		stanzas++
		if stanzas > maxStanzas {
			return newErr(ErrTooLarge, "", fmt.Sprintf("it is encrypted to more than %d keys, more than bob ever writes", maxStanzas),
				"ask the sender to export it again from bob", nil)
		}
		if f[1] == scryptStanzaType && len(f) == 4 {
			if logN, err := strconv.Atoi(f[3]); err == nil && logN > maxScryptWorkFactor {
				return newErr(ErrTooLarge, "", fmt.Sprintf("its passphrase is set to cost 2^%d to try, more than the 2^%d bob accepts",
					logN, maxScryptWorkFactor), "ask the sender to export it again from bob with a passphrase", nil)
			}
		}
	}
	return nil
}

// mulCap multiplies two non-negative sizes, saturating instead of
// overflowing.
func mulCap(a, b int64) int64 {
	if a != 0 && b > (1<<63-1)/a {
		return 1<<63 - 1
	}
	return a * b
}
