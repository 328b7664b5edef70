package handoff

import (
	"bytes"
	"encoding/binary"
	"runtime"
	"testing"
	"time"

	"bob/model"
)

// centralEntry is where name's record in the zip's central directory
// starts.
func centralEntry(t *testing.T, z []byte, name string) int {
	t.Helper()
	sig := []byte{'P', 'K', 1, 2}
	for i := 0; ; {
		j := bytes.Index(z[i:], sig)
		if j < 0 {
			t.Fatalf("no central directory record for %s", name)
		}
		at := i + j
		n := int(binary.LittleEndian.Uint16(z[at+28:]))
		if string(z[at+46:at+46+n]) == name {
			return at
		}
		i = at + 4
	}
}

// A file whose size in the zip's directory is not the size it inflates to,
// or whose data descriptor's checksum is not the directory's, is a damaged
// zip: the zip package refuses to read it, and so does Read, even where
// the manifest's size and hash hold (a tool that unpacks the bundle would
// refuse it too).
func TestReadRefusesAZipThatContradictsItself(t *testing.T) {
	path := AccountPath(id(1))
	for _, c := range []struct {
		name, msg string
		damage    func(z []byte)
	}{
		{"size larger", path + " cannot be read: unexpected EOF", func(z []byte) {
			at := centralEntry(t, z, path) + 24
			binary.LittleEndian.PutUint32(z[at:], binary.LittleEndian.Uint32(z[at:])+1)
		}},
		{"size smaller", path + " cannot be read: zip: not a valid zip file", func(z []byte) {
			at := centralEntry(t, z, path) + 24
			binary.LittleEndian.PutUint32(z[at:], binary.LittleEndian.Uint32(z[at:])-1)
		}},
		{"descriptor checksum", path + " cannot be read: zip: checksum error", func(z []byte) {
			// The descriptor follows the file's compressed bytes:
			// signature, CRC-32, sizes.
			at := centralEntry(t, z, path)
			if binary.LittleEndian.Uint16(z[at+8:])&0x8 == 0 {
				t.Fatal("the zip writer wrote no data descriptor")
			}
			off := int(binary.LittleEndian.Uint32(z[at+42:]))
			local := 30 + int(binary.LittleEndian.Uint16(z[off+26:])) + int(binary.LittleEndian.Uint16(z[off+28:]))
			desc := off + local + int(binary.LittleEndian.Uint32(z[at+20:]))
			if binary.LittleEndian.Uint32(z[desc:]) != 0x08074b50 {
				t.Fatal("no data descriptor after the file")
			}
			z[desc+4] ^= 0xff
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			z := raw(t, []model.AccountRecord{acme(), globex()}, nil, nil, nil)
			c.damage(z)
			o, err := ReadBytes(z, ReadOptions{})
			if o != nil {
				t.Error("Read returned a bundle along with an error")
			}
			checkErr(t, err, ErrDamaged, c.msg)
		})
	}
}

// A file that inflates past its size in the manifest is said to be larger
// than the manifest says, as when the files were read one by one, also
// where the bundle's limit falls right at the end of its size: the room
// left for the files read beside it does not make it the bundle's limit
// that it passes.
func TestReadSaysAFileIsLargerThanTheManifestSaysAtTheLimit(t *testing.T) {
	globexPath := AccountPath(id(100))
	z := raw(t, []model.AccountRecord{acme(), globex()}, nil, nil, func(m *Manifest) {
		for i := range m.Files {
			if m.Files[i].Path == globexPath {
				m.Files[i].Size--
			}
		}
	})
	var used, acmeSize, globexSize int64
	for _, f := range unzip(t, z) {
		switch f.name {
		case ManifestPath:
			used = int64(len(f.data))
		case AccountPath(id(1)):
			acmeSize = int64(len(f.data))
		case globexPath:
			globexSize = int64(len(f.data)) - 1 // as the manifest says
		}
	}
	if zr := unzip(t, z); zr[0].name != AccountPath(id(1)) || zr[1].name != globexPath {
		t.Fatal("the zip does not hold Acme, then Globex")
	}
	// Room for the manifest, Acme, and Globex at its size in the
	// manifest, and a byte more.
	lim := Limits{MaxTotalSize: used + acmeSize + globexSize + 1, MaxRatio: 1 << 20}
	o, err := ReadBytes(z, ReadOptions{Limits: lim})
	if o != nil {
		t.Error("Read returned a bundle along with an error")
	}
	checkErr(t, err, ErrDamaged, globexPath+" is larger than the manifest says")
}

// Of two damaged files, the first in the zip's order is the one reported,
// also when it is checked after the second fails: a worker that took it
// just before does not pass it over.
func TestReadReportsTheFirstDamagedFileWhicheverFailsFirst(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2)) // a worker each
	files := unzip(t, raw(t, []model.AccountRecord{acme(), globex()}, nil, nil, nil))
	for i := range files[:2] {
		files[i].data = append(bytes.Clone(files[i].data), ' ') // not what the manifest's hash says
	}
	if files[0].name != AccountPath(id(1)) || files[1].name != AccountPath(id(100)) {
		t.Fatal("the zip does not hold Acme, then Globex")
	}
	z := rezip(t, files)
	// Acme's worker takes it, then waits while Globex's fails.
	fileTaken = func(seq int) {
		if seq == 0 {
			time.Sleep(200 * time.Millisecond)
		}
	}
	defer func() { fileTaken = nil }()
	_, err := ReadBytes(z, ReadOptions{})
	checkErr(t, err, ErrDamaged, AccountPath(id(1))+" is ")
}
