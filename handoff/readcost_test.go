package handoff

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"bob/model"

	"filippo.io/age"
)

// The hostile bundles below are small files that cost the reader far more
// than their size unless it bounds its work: they are seeds of FuzzRead
// (testdata/fuzz/FuzzRead, rewritten with -update) and each has a test of
// the work Read does on it, counted in bytes, never timed.

// noise returns n bytes that do not compress, the same every time.
func noise(n int) []byte {
	b := make([]byte, n)
	r := rand.NewChaCha8([32]byte{'b', 'o', 'b'})
	_, _ = r.Read(b)
	return b
}

// overlappingBundle is a bundle whose zip lists copies entries, all
// pointing at the bytes of one brief file of size bytes, and whose
// manifest pins every copy: reading each copy reads those bytes again.
func overlappingBundle(t testing.TB, copies, size int) []byte {
	t.Helper()
	brief := noise(size)
	names := make([]string, copies)
	for i := range names {
		names[i] = fmt.Sprintf("brief/%05d.md", i)
	}
	z := raw(t, []model.AccountRecord{acme()}, []zipFile{{names[0], brief}}, nil, func(m *Manifest) {
		for _, n := range names[1:] {
			pin := m.Files[len(m.Files)-1]
			pin.Path = n
			m.Files = append(m.Files, pin)
		}
	})
	return copyEntry(t, z, names[0], names[1:])
}

// copyEntry adds to the zip's central directory one copy of name's record
// under each of the new names, pointing at the same bytes.
func copyEntry(t testing.TB, z []byte, name string, copies []string) []byte {
	t.Helper()
	end := z[len(z)-directoryEndLen:]
	if le32(end) != directoryEndSig {
		t.Fatal("the zip has a comment or no end record")
	}
	dirOffset := int(le32(end[16:]))
	dir := z[dirOffset : len(z)-directoryEndLen]
	var rec []byte
	for off := 0; off < len(dir); {
		n := centralHeaderLen + int(le16(dir[off+28:])) + int(le16(dir[off+30:])) + int(le16(dir[off+32:]))
		if string(dir[off+centralHeaderLen:off+centralHeaderLen+int(le16(dir[off+28:]))]) == name {
			rec = dir[off : off+n]
		}
		off += n
	}
	if rec == nil {
		t.Fatalf("%s is not in the zip", name)
	}
	nameLen := int(le16(rec[28:]))
	out := append([]byte(nil), z[:len(z)-directoryEndLen]...)
	for _, c := range copies {
		r := append([]byte(nil), rec[:centralHeaderLen]...)
		binary.LittleEndian.PutUint16(r[28:], uint16(len(c)))
		r = append(append(r, c...), rec[centralHeaderLen+nameLen:]...)
		out = append(out, r...)
	}
	newEnd := append([]byte(nil), end...)
	entries := le16(end[10:]) + uint16(len(copies))
	binary.LittleEndian.PutUint16(newEnd[8:], entries)
	binary.LittleEndian.PutUint16(newEnd[10:], entries)
	binary.LittleEndian.PutUint32(newEnd[12:], uint32(len(out)-dirOffset))
	return append(out, newEnd...)
}

// manyBombsBundle is a bundle of files that each inflate from about a
// kilobyte to size bytes: each is under the per-file floor of the ratio
// check, so only the whole bundle's ratio stops them adding up.
func manyBombsBundle(t testing.TB, files, size int) []byte {
	t.Helper()
	var extra []zipFile
	for i := range files {
		extra = append(extra, zipFile{fmt.Sprintf("brief/%03d.md", i), make([]byte, size)})
	}
	return raw(t, []model.AccountRecord{acme()}, extra, nil, nil)
}

// scatteredBundle is a bundle of many tiny files encrypted to id, whose
// manifest lists them alternately from the start and the end of the zip,
// so that reading in the manifest's order jumps between far chunks.
func scatteredBundle(t testing.TB, files int, to age.Recipient) []byte {
	t.Helper()
	var extra []zipFile
	for i := range files {
		extra = append(extra, zipFile{fmt.Sprintf("brief/%05d.md", i), []byte("x")})
	}
	z := raw(t, []model.AccountRecord{acme()}, extra, nil, func(m *Manifest) {
		var zig []ManifestFile
		for i, j := 0, len(m.Files)-1; i <= j; i, j = i+1, j-1 {
			zig = append(zig, m.Files[i])
			if i != j {
				zig = append(zig, m.Files[j])
			}
		}
		m.Files = zig
	})
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(z); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// ageHeaderWith is an age file whose header holds the given stanza lines;
// nothing after the header matters to the checks it is for.
func ageHeaderWith(stanzas ...string) []byte {
	return []byte(ageHeader + strings.Join(stanzas, "\n") + "\n--- " + strings.Repeat("A", 43) + "\n" + string(make([]byte, 64)))
}

// costlyScrypt is a passphrase stanza asking for 2^22 scrypt work: seconds
// and 4 GiB of memory to try one passphrase.
var costlyScrypt = "-> scrypt " + strings.Repeat("A", 22) + " 22\n" + strings.Repeat("A", 43)

// manyStanzas lists n recipients: a key agreement each.
func manyStanzas(n int) []string {
	s := make([]string, n)
	for i := range s {
		s[i] = "-> X25519 " + strings.Repeat("A", 43) + "\n" + strings.Repeat("A", 43)
	}
	return s
}

// hostileSeeds are the FuzzRead corpus files (testdata/fuzz/FuzzRead):
// small versions of the hostile bundles that need no key to reach the
// code they attack.
func hostileSeeds(t testing.TB) map[string][]byte {
	return map[string][]byte{
		"overlapping-files":   overlappingBundle(t, 64, 4<<10),
		"many-small-bombs":    manyBombsBundle(t, 12, 512<<10),
		"costly-passphrase":   ageHeaderWith(costlyScrypt),
		"too-many-recipients": ageHeaderWith(manyStanzas(maxStanzas + 1)...),
	}
}

const corpusDir = "testdata/fuzz/FuzzRead"

// TestFuzzCorpusIsCurrent keeps the corpus files equal to what the
// builders above make (go test ./handoff -run FuzzCorpus -update rewrites
// them).
func TestFuzzCorpusIsCurrent(t *testing.T) {
	for name, data := range hostileSeeds(t) {
		path := filepath.Join(corpusDir, name)
		want := "go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n"
		if *update {
			if err := os.MkdirAll(corpusDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run the test with -update)", err)
		}
		if string(got) != want {
			t.Errorf("%s is not what the builder makes; run the test with -update", path)
		}
	}
}

// readCorpus returns the inputs saved under testdata/fuzz/FuzzRead.
func readCorpus(t *testing.T) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(corpusDir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join(corpusDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")
		if len(lines) != 2 || lines[0] != "go test fuzz v1" {
			t.Fatalf("%s: not a corpus file of one []byte", e.Name())
		}
		q, ok := strings.CutPrefix(lines[1], "[]byte(")
		q, ok2 := strings.CutSuffix(q, ")")
		s, err := strconv.Unquote(q)
		if !ok || !ok2 || err != nil {
			t.Fatalf("%s: not a corpus file of one []byte", e.Name())
		}
		out[e.Name()] = []byte(s)
	}
	return out
}

// costBound is what a Read of a file of size bytes may cost: a few readings of
// the file (the zip's directory is read twice, each file once), and at
// most MaxRatio times the file decompressed.
func costBound(size int64, lim Limits) (read, inflated int64) {
	lim = lim.withDefaults()
	return 4*size + 4*directoryEndRange + 2*ageChunkSize, max(ratioFloor, lim.MaxRatio*size) + 1
}

func TestReadCostIsBoundedBySize(t *testing.T) {
	id := newAgeIdentity(t)
	withPass := mustWrite(t, testBundle(), WriteOptions{Encryption: Encryption{Passphrase: "correct horse battery"}})
	tests := []struct {
		name string
		data []byte
		opts ReadOptions
		kind error // nil: opens
		msg  string
	}{
		{"a sound bundle", mustWrite(t, testBundle(), plain()), ReadOptions{}, nil, ""},
		{"a sound encrypted bundle", mustWrite(t, testBundle(), WriteOptions{Encryption: Encryption{Recipients: []age.Recipient{id.Recipient()}}}),
			ReadOptions{Identities: []age.Identity{id}}, nil, ""},
		{"a sound passphrase bundle", withPass, ReadOptions{Passphrase: "correct horse battery"}, nil, ""},
		{"a wrong passphrase", withPass, ReadOptions{Passphrase: "incorrect horse"}, ErrWrongPassphrase, "passphrase does not open"},
		// 2,000 entries pointing at one 64 KiB file: 125 MiB read from a
		// 200 KiB file.
		{"overlapping files", overlappingBundle(t, 2000, 64<<10), ReadOptions{}, ErrDamaged, "share the same bytes"},
		// 100 files of 1 MiB of zeros: 100 MiB inflated from 120 KiB.
		{"many small bombs", manyBombsBundle(t, 100, 1<<20), ReadOptions{}, ErrTooLarge, "the bundle inflates more than 100 times its size"},
		// 3,000 tiny files read in an order that decrypts a 64 KiB chunk
		// per file: 190 MiB decrypted from 450 KiB.
		{"files listed out of order", scatteredBundle(t, 3000, id.Recipient()), ReadOptions{Identities: []age.Identity{id}}, nil, ""},
		{"a costly passphrase", ageHeaderWith(costlyScrypt), ReadOptions{Passphrase: "correct horse battery"}, ErrTooLarge, "more than the 2^18 bob accepts"},
		{"too many recipients", ageHeaderWith(manyStanzas(maxStanzas + 1)...), ReadOptions{Identities: []age.Identity{id}}, ErrTooLarge, "more than 64 keys"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cost, err := checkCost(t, tt.data, tt.opts)
			if tt.kind == nil && err != nil {
				t.Fatal(err)
			}
			if tt.kind != nil {
				checkErr(t, err, tt.kind, tt.msg)
			}
			wantDerivations := 0
			if tt.opts.Passphrase != "" && tt.kind != ErrTooLarge {
				wantDerivations = 1
			}
			if cost.keyDerivations != wantDerivations {
				t.Errorf("%d passphrase key derivations, want %d", cost.keyDerivations, wantDerivations)
			}
		})
	}
}

// TestFuzzCorpusCostIsBounded holds every saved fuzz input to the same
// bound, with the fuzz target's options.
func TestFuzzCorpusCostIsBounded(t *testing.T) {
	for name, data := range readCorpus(t) {
		t.Run(name, func(t *testing.T) {
			_, err := checkCost(t, data, fuzzOptions())
			if err == nil {
				t.Fatal("a hostile bundle opened")
			}
		})
	}
}

// checkCost reads data, fails the test if the read cost more than its
// bound, and returns the cost and Read's error.
func checkCost(t *testing.T, data []byte, opts ReadOptions) (readCost, error) {
	t.Helper()
	var cost readCost
	o, err := read(bytes.NewReader(data), int64(len(data)), opts, &cost)
	if (o == nil) == (err == nil) {
		t.Fatalf("Read returned bundle %v and error %v", o != nil, err)
	}
	size := int64(len(data))
	maxRead, maxInflated := costBound(size, opts.Limits)
	if cost.sourceBytes > maxRead {
		t.Errorf("read %d bytes of a %d-byte file, more than %d", cost.sourceBytes, size, maxRead)
	}
	if cost.decryptedBytes > maxRead {
		t.Errorf("decrypted %d bytes of a %d-byte file, more than %d", cost.decryptedBytes, size, maxRead)
	}
	if cost.inflatedBytes > maxInflated {
		t.Errorf("inflated %d bytes from a %d-byte file, more than %d", cost.inflatedBytes, size, maxInflated)
	}
	if cost.keyDerivations > 1 {
		t.Errorf("%d passphrase key derivations, more than one", cost.keyDerivations)
	}
	return cost, err
}
