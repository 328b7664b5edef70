package handoff

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"filippo.io/age"
)

// ProtectionOf says how the bundle at path is protected, without opening
// it: a caller asks for a passphrase only when the file needs one. A file
// that is not a bundle at all is reported as unprotected here; ReadFile
// then gives the real error.
func ProtectionOf(path string) (Protection, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", newErr(ErrBadInput, "", fmt.Sprintf("cannot open %s: %v", path, err),
			"check the path and that you may read the file", err)
	}
	defer f.Close()
	head := make([]byte, len(ageHeader))
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", newErr(ErrBadInput, "", fmt.Sprintf("cannot read %s: %v", path, err), "check the file and try again", err)
	}
	if !bytes.Equal(head[:n], []byte(ageHeader)) {
		return ProtectionNone, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", newErr(ErrBadInput, "", fmt.Sprintf("cannot read %s: %v", path, err), "check the file and try again", err)
	}
	hdr, err := age.ExtractHeader(f)
	if err != nil {
		return "", damaged("", "its encryption header is damaged", err)
	}
	return headerProtection(hdr), nil
}

// headerProtection tells a passphrase-protected age file (an scrypt
// stanza) from one encrypted to keys, given its header.
func headerProtection(hdr []byte) Protection {
	for _, line := range strings.Split(string(hdr), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "->" && f[1] == scryptStanzaType {
			return ProtectionPassphrase
		}
	}
	return ProtectionRecipients
}
