package handoff

import (
	"archive/zip"
	"bytes"
	"cmp"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"bob/internal/entryjson"
	"bob/internal/parallel"
	"bob/model"

	"filippo.io/age"
	"github.com/klauspost/compress/flate"
)

// Limits bound what Read accepts, so that a hostile or broken file cannot
// exhaust memory or disk. A zero field means the default.
type Limits struct {
	// MaxBundleSize bounds the file as received (encrypted or not).
	MaxBundleSize int64
	// MaxEntries bounds the number of files in the zip.
	MaxEntries int
	// MaxTotalSize bounds the sum of the files' decompressed sizes.
	MaxTotalSize int64
	// MaxFileSize bounds one file's decompressed size.
	MaxFileSize int64
	// MaxRatio bounds how many times larger than its compressed form a
	// file of more than 1 MiB may inflate (a decompression bomb inflates
	// a thousand times and more).
	MaxRatio int64
}

// DefaultLimits are the limits Read uses when none are given. A book of a
// thousand accounts with years of history is far below all of them; a
// bundle of all 10,000 accounts bob is built for (two files each, and the
// manifest, the brief and the note) is within MaxEntries.
var DefaultLimits = Limits{
	MaxBundleSize: 512 << 20,
	MaxEntries:    2*10_000 + 100,
	MaxTotalSize:  2 << 30,
	MaxFileSize:   256 << 20,
	MaxRatio:      100,
}

const (
	// ratioFloor: files up to this size are never judged by their ratio.
	ratioFloor        = 1 << 20
	maxManifestSize   = 16 << 20
	maxSignatureSize  = 4 << 10
	ageHeader         = "age-encryption.org/v1\n"
	ageArmorHeader    = "-----BEGIN AGE ENCRYPTED FILE-----"
	zipLocalHeader    = "PK\x03\x04"
	zipEmptyArchive   = "PK\x05\x06"
	scryptStanzaType  = "scrypt"
	centralHeaderSig  = 0x02014b50
	centralHeaderLen  = 46
	directoryEndSig   = 0x06054b50
	directoryEndLen   = 22
	zip64LocatorSig   = 0x07064b50
	zip64LocatorLen   = 20
	directoryEndRange = 65 * 1024
)

func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxBundleSize > 0 {
		d.MaxBundleSize = l.MaxBundleSize
	}
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxTotalSize > 0 {
		d.MaxTotalSize = l.MaxTotalSize
	}
	if l.MaxFileSize > 0 {
		d.MaxFileSize = l.MaxFileSize
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	return d
}

// ReadOptions say how to open a bundle.
type ReadOptions struct {
	// Identities are tried on a bundle encrypted to age keys (usually the
	// receiver's own identity).
	Identities []age.Identity
	// Passphrase opens a bundle encrypted with a passphrase.
	Passphrase string
	// Limits bound what is accepted; the zero value means DefaultLimits.
	Limits Limits
	// Progress, if set, is called as the account records are decoded and
	// checked, with the number done so far and the total.
	Progress func(done, total int)
}

// Opened is a bundle that was read and checked in full: decrypted, every
// file matched against the signed manifest, every record validated.
type Opened struct {
	Manifest Manifest
	// Records are the accounts, in the manifest's order, canonicalized.
	Records []model.AccountRecord
	// SignedBy is the key that signed the bundle, nil if it is unsigned.
	// Whether that key belongs to a colleague is for the caller to ask
	// (Colleagues.BySigningKey).
	SignedBy ed25519.PublicKey
	// SignatureValid is true when the bundle is signed and the signature
	// verified. (A bad signature is an error, so it is false only for an
	// unsigned bundle.)
	SignatureValid bool
	// Protection is how the file was protected in transit.
	Protection Protection
	// Receiver is who imports the bundle (the user's identity), set by
	// the caller before Plan or Apply: the imported accounts become
	// theirs. Empty, the manifest's To is taken on trust.
	Receiver Party
}

// Signed reports whether the bundle carried a valid signature.
func (o *Opened) Signed() bool { return o.SignatureValid && o.SignedBy != nil }

// ReadFile opens and checks the bundle at path. See Read.
func ReadFile(path string, opts ReadOptions) (*Opened, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, newErr(ErrBadInput, "", fmt.Sprintf("cannot open %s: %v", path, err),
			"check the path and that you may read the file", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, newErr(ErrBadInput, "", fmt.Sprintf("cannot open %s: %v", path, err), "check the path", err)
	}
	if !st.Mode().IsRegular() {
		return nil, newErr(ErrBadInput, "", path+" is not a file", fixNotBundle, nil)
	}
	return Read(f, st.Size(), opts)
}

// ReadBytes opens and checks a bundle held in memory. See Read.
func ReadBytes(b []byte, opts ReadOptions) (*Opened, error) {
	return Read(bytes.NewReader(b), int64(len(b)), opts)
}

// Read opens and checks the bundle of the given size read from r, and
// returns nothing unless all of it is sound: it decrypts (when the file is
// age-encrypted), bounds every size, refuses unsafe paths, checks the
// format and version, verifies the signature and every file's hash
// against the manifest, and validates every account. Each error is an
// *Error saying what is wrong and what to do. Its work is bounded by size
// (see readcost.go), whatever the file holds.
func Read(r io.ReaderAt, size int64, opts ReadOptions) (*Opened, error) {
	return read(r, size, opts, &readCost{})
}

// read is Read, counting its work into cost.
func read(r io.ReaderAt, size int64, opts ReadOptions, cost *readCost) (*Opened, error) {
	lim := opts.Limits.withDefaults()
	r = countingReaderAt{r, &cost.sourceBytes}
	if size <= 0 {
		return nil, newErr(ErrNotBundle, "", "the file is empty",
			"the download or copy probably failed; "+fixNewCopy, nil)
	}
	if size > lim.MaxBundleSize {
		return nil, newErr(ErrTooLarge, "", fmt.Sprintf("the file is %s, more than the %s bob accepts",
			model.SizeWords(size), model.SizeWords(lim.MaxBundleSize)), "ask the sender to split the accounts over several bundles", nil)
	}
	head := make([]byte, min(size, int64(len(ageArmorHeader))))
	if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
		return nil, newErr(ErrBadInput, "", "cannot read the file: "+err.Error(), "check the file and try again", err)
	}
	opened := &Opened{Protection: ProtectionNone}
	switch {
	case bytes.HasPrefix(head, []byte(ageHeader)):
		var err error
		r, size, opened.Protection, err = openAge(r, size, opts, cost)
		if err != nil {
			return nil, err
		}
		r = newChunkReaderAt(r, size, &cost.decryptedBytes)
		head = make([]byte, min(size, 4))
		if _, err := r.ReadAt(head, 0); err != nil && !errors.Is(err, io.EOF) {
			return nil, damaged("", "the encrypted content cannot be read: "+err.Error(), err)
		}
		if !isZip(head) {
			return nil, newErr(ErrNotBundle, "", "the file decrypts, but what is inside is not a bob bundle", fixNotBundle, nil)
		}
	case bytes.HasPrefix(head, []byte(ageArmorHeader)):
		return nil, newErr(ErrNotBundle, "", "the file is an ASCII-armored age file, which bob does not write",
			"decrypt it with `age -d` first, or ask the sender to export the bundle from bob", nil)
	case isZip(head):
	default:
		return nil, newErr(ErrNotBundle, "", "the file is neither a zip nor an age-encrypted file", fixNotBundle, nil)
	}

	if err := precheckZip(r, size, lim.MaxEntries); err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(r, size)
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// Our own path checks below name the unsafe file.
		return nil, damaged("", "it is not a complete zip file (it may be truncated)", err)
	}
	zr.RegisterDecompressor(zip.Deflate, inflate)
	if len(zr.File) > lim.MaxEntries {
		return nil, tooManyEntries(len(zr.File), lim.MaxEntries)
	}
	b := &bundleReader{zr: zr, r: r, size: size, lim: lim, cost: cost, files: map[string]*zip.File{}, offsets: map[*zip.File]int64{}}
	if err := b.index(); err != nil {
		return nil, err
	}
	if err := b.readManifest(); err != nil {
		return nil, err
	}
	if err := b.verifySignature(opened); err != nil {
		return nil, err
	}
	// The records are decoded on every core while the files are still
	// being read and hashed (only files that match the manifest are
	// decoded); a damaged file is reported before any record's errors,
	// as the files are checked before the records.
	dec := newRecordDecoder(b.manifest.Accounts, opts.Progress)
	if err := b.readFiles(dec); err != nil {
		return nil, err
	}
	recs, err := dec.finish()
	if err != nil {
		return nil, err
	}
	opened.Manifest = b.manifest
	opened.Records = recs
	return opened, nil
}

func isZip(head []byte) bool {
	return bytes.HasPrefix(head, []byte(zipLocalHeader)) || bytes.HasPrefix(head, []byte(zipEmptyArchive))
}

// openAge decrypts an age file with the passphrase (for a passphrase
// file) or the identities (for a file encrypted to keys), and tells apart
// "wrong passphrase" from "not encrypted for you".
func openAge(r io.ReaderAt, size int64, opts ReadOptions, cost *readCost) (io.ReaderAt, int64, Protection, error) {
	hdr, err := age.ExtractHeader(io.NewSectionReader(r, 0, size))
	if err != nil {
		return nil, 0, "", damaged("", "its encryption header is damaged", err)
	}
	prot := headerProtection(hdr)
	if err := checkHeaderCost(hdr); err != nil {
		return nil, 0, prot, err
	}
	var ids []age.Identity
	if prot == ProtectionPassphrase {
		if opts.Passphrase == "" {
			return nil, 0, prot, newErr(ErrEncrypted, "", "it is protected by a passphrase",
				"enter the passphrase the sender gave you", nil)
		}
		id, err := age.NewScryptIdentity(opts.Passphrase)
		if err != nil {
			return nil, 0, prot, newErr(ErrWrongPassphrase, "", "the passphrase is empty", "enter the passphrase the sender gave you", err)
		}
		id.SetMaxWorkFactor(maxScryptWorkFactor)
		ids = []age.Identity{passphraseIdentity{id, cost}}
	} else {
		if len(opts.Identities) == 0 {
			return nil, 0, prot, newErr(ErrEncrypted, "", "it is encrypted to age keys and no identity was given",
				"open it with your bob identity; if you have none, create one (bob id create) and send your public id to the sender", nil)
		}
		ids = opts.Identities
	}
	pr, n, err := age.DecryptReaderAt(r, size, ids...)
	if err != nil {
		var noMatch *age.NoIdentityMatchError
		switch {
		case errors.As(err, &noMatch) && prot == ProtectionPassphrase:
			return nil, 0, prot, newErr(ErrWrongPassphrase, "", "the passphrase does not open this bundle",
				"check the passphrase with the sender and type it again", err)
		case errors.As(err, &noMatch):
			return nil, 0, prot, newErr(ErrNotForYou, "", "none of your keys can open it",
				"ask the sender to export it again, encrypted to your age key (send them your public id: bob id show)", err)
		}
		return nil, 0, prot, damaged("", "it cannot be decrypted: it is truncated or corrupted", err)
	}
	return pr, n, prot, nil
}

// precheckZip counts the central directory's entries before archive/zip
// does, because archive/zip reads every entry into memory: a 500 MiB file
// of tiny entries would take gigabytes. It reads the directory the same
// way archive/zip does, and stops counting past max.
func precheckZip(r io.ReaderAt, size int64, max int) error {
	incomplete := func(why string) error {
		return damaged("", "it is not a complete zip file ("+why+")", nil)
	}
	n := min(size, directoryEndRange)
	tail := make([]byte, n)
	if _, err := r.ReadAt(tail, size-n); err != nil && !errors.Is(err, io.EOF) {
		return damaged("", "it cannot be read: "+err.Error(), err)
	}
	end := findDirectoryEnd(tail)
	if end < 0 {
		return incomplete("it may be truncated")
	}
	endOffset := size - n + int64(end)
	d := tail[end:]
	records := int(le16(d[10:]))
	dirSize := int64(le32(d[12:]))
	dirOffset := int64(le32(d[16:]))
	if endOffset >= zip64LocatorLen {
		loc := make([]byte, 4)
		if _, err := r.ReadAt(loc, endOffset-zip64LocatorLen); err == nil && le32(loc) == zip64LocatorSig {
			// bob's bundles never need zip64: under 65535 entries and 4 GiB.
			return newErr(ErrNotBundle, "", "it is a zip64 archive, which bob never writes", fixNotBundle, nil)
		}
	}
	if records > max {
		return tooManyEntries(records, max)
	}
	start := dirOffset
	if base := endOffset - dirSize - dirOffset; base != 0 {
		// archive/zip tolerates data before the zip (a self-extractor);
		// a bundle has none.
		return incomplete("its directory is not where it says")
	}
	if start < 0 || start >= size {
		return incomplete("its directory is outside the file")
	}
	hdr := make([]byte, centralHeaderLen)
	count := 0
	for off := start; ; {
		if _, err := r.ReadAt(hdr, off); err != nil || le32(hdr) != centralHeaderSig {
			break
		}
		count++
		if count > max {
			return tooManyEntries(count, max)
		}
		off += centralHeaderLen + int64(le16(hdr[28:])) + int64(le16(hdr[30:])) + int64(le16(hdr[32:]))
	}
	return nil
}

// findDirectoryEnd finds the end-of-central-directory record in the
// file's tail as archive/zip does: the last signature whose comment fits.
func findDirectoryEnd(b []byte) int {
	for i := len(b) - directoryEndLen; i >= 0; i-- {
		if le32(b[i:]) == directoryEndSig {
			if i+directoryEndLen+int(le16(b[i+directoryEndLen-2:])) > len(b) {
				return -1
			}
			return i
		}
	}
	return -1
}

func le16(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 }
func le32(b []byte) uint32 {
	return uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24
}

func tooManyEntries(n, max int) error {
	return newErr(ErrTooLarge, "", fmt.Sprintf("the zip holds %d files or more, more than the %d bob accepts", n, max),
		"a bob bundle holds two files per account; "+fixNotBundle, nil)
}

// bundleReader carries one Read through its steps.
type bundleReader struct {
	zr       *zip.Reader
	r        io.ReaderAt // what zr reads
	size     int64
	lim      Limits
	cost     *readCost
	used     int64 // decompressed bytes read so far
	manifest Manifest
	rawMan   []byte
	manFile  *zip.File
	sigFile  *zip.File
	files    map[string]*zip.File // every other file, by path
	offsets  map[*zip.File]int64  // where each file's bytes start
}

// index checks every path in the zip before any content is read.
func (b *bundleReader) index() error {
	seen := map[string]string{}
	for _, f := range b.zr.File {
		if err := checkPath(f.Name); err != nil {
			return err
		}
		// Case-insensitive file systems (macOS, Windows) would unpack two
		// names differing only in case into one file.
		folded := strings.ToLower(strings.TrimSuffix(f.Name, "/"))
		if prev, ok := seen[folded]; ok {
			if prev == f.Name {
				return unsafePath(f.Name, f.Name+" appears twice in the zip")
			}
			return unsafePath(f.Name, fmt.Sprintf("%s and %s differ only in case", prev, f.Name))
		}
		seen[folded] = f.Name
		switch {
		case strings.HasSuffix(f.Name, "/"):
			// A folder entry, as zip tools add; it holds nothing to check.
		case f.Name == ManifestPath:
			b.manFile = f
		case f.Name == SignaturePath:
			b.sigFile = f
		default:
			b.files[f.Name] = f
		}
	}
	if b.manFile == nil {
		return newErr(ErrNotBundle, "", "the zip has no "+ManifestPath, fixNotBundle, nil)
	}
	return b.checkLayout()
}

// checkLayout finds where each file's bytes lie and refuses files that
// overlap or run past the end. Overlapping files are how a small zip is
// made to be read over and over: a thousand entries pointing at the same
// megabyte cost a gigabyte of decompression. With none, reading every file
// once reads the bundle at most once.
func (b *bundleReader) checkLayout() error {
	type span struct {
		f          *zip.File
		start, end int64
	}
	spans := make([]span, 0, len(b.zr.File))
	for _, f := range b.zr.File {
		off, err := f.DataOffset()
		if err != nil {
			return damaged(f.Name, f.Name+" cannot be found in the zip: "+err.Error(), err)
		}
		if f.CompressedSize64 > uint64(b.size) || off+int64(f.CompressedSize64) > b.size {
			return damaged(f.Name, f.Name+" claims to be larger than the whole bundle", nil)
		}
		b.offsets[f] = off
		spans = append(spans, span{f, off, off + int64(f.CompressedSize64)})
	}
	slices.SortFunc(spans, func(x, y span) int { return cmp.Compare(x.start, y.start) })
	for i := 1; i < len(spans); i++ {
		if prev := spans[i-1]; spans[i].start < prev.end {
			return damaged(spans[i].f.Name, fmt.Sprintf("%s and %s share the same bytes in the zip, which no zip tool writes",
				prev.f.Name, spans[i].f.Name), nil)
		}
	}
	return nil
}

// checkPath refuses any name that could land outside the folder it is
// unpacked into, on any OS.
func checkPath(name string) error {
	p := strings.TrimSuffix(name, "/")
	switch {
	case p == "":
		return unsafePath(name, "a file in the zip has an empty name")
	case len(name) > 1024:
		return unsafePath(quoteShort(name), "a file name is longer than 1024 bytes")
	case !utf8.ValidString(name):
		return unsafePath(quoteShort(name), "a file name is not valid UTF-8")
	case strings.Contains(name, `\`):
		return unsafePath(name, name+" uses backslashes, which Windows would unpack as folders")
	case strings.HasPrefix(name, "/"):
		return unsafePath(name, name+" is an absolute path")
	case strings.Contains(name, ":"):
		return unsafePath(name, name+" names a drive or a stream (it contains a colon)")
	}
	for _, c := range name {
		if c < 0x20 || c == 0x7f {
			return unsafePath(quoteShort(name), "a file name contains control characters")
		}
	}
	for _, elem := range strings.Split(p, "/") {
		switch elem {
		case "":
			return unsafePath(name, name+" has an empty folder name")
		case ".", "..":
			return unsafePath(name, name+" climbs out of its folder ("+elem+")")
		}
	}
	return nil
}

// readEntry decompresses f into sink, within every limit: the file's own
// size (want, or -1 when not known in advance), max for this kind of file,
// the per-file and total limits, and the compression ratio. Sizes in the
// zip's headers are never trusted: only bytes actually read count.
func (b *bundleReader) readEntry(f *zip.File, want, max int64, sink io.Writer) error {
	if f.CompressedSize64 > uint64(b.size) {
		return damaged(f.Name, f.Name+" claims to be larger than the whole bundle", nil)
	}
	tight := b.limitFor(f, want, max, b.used)
	rc, err := f.Open()
	if err != nil {
		return openErr(f, err)
	}
	defer rc.Close()
	n, err := io.Copy(sink, io.LimitReader(rc, tight.n+1))
	b.used += n
	b.cost.inflatedBytes += n
	return tight.check(f, n, want, err)
}

// fileLimit is the tightest of the limits on one file's inflated size,
// and the error for a file that inflates past it.
type fileLimit struct {
	n   int64
	err func(n int64) error
}

// limitFor is the limit on f's inflated size once used bytes of the
// bundle have been inflated (see readEntry).
func (b *bundleReader) limitFor(f *zip.File, want, max, used int64) fileLimit {
	tooBig := func(what string, lim int64) func(int64) error {
		return func(int64) error {
			return newErr(ErrTooLarge, f.Name, fmt.Sprintf("%s inflates to more than %s (%s)", f.Name, model.SizeWords(lim), what),
				"bob will not open it; ask the sender to export it again from bob", nil)
		}
	}
	bomb := func(what, of string) func(int64) error {
		return func(int64) error {
			return newErr(ErrTooLarge, f.Name, fmt.Sprintf("%s inflates more than %d times %s, like a decompression bomb",
				what, b.lim.MaxRatio, of), "bob will not open it; do not unpack it by hand either", nil)
		}
	}
	bounds := []fileLimit{
		{min(max, b.lim.MaxFileSize), tooBig("the limit for one file", min(max, b.lim.MaxFileSize))},
		{b.lim.MaxTotalSize - used, tooBig("the limit for the whole bundle", b.lim.MaxTotalSize)},
		{maxInt(ratioFloor, mulCap(int64(f.CompressedSize64), b.lim.MaxRatio)), bomb(f.Name, "its compressed size")},
		// The floor lets one small file of long, repetitive text through;
		// this keeps a thousand such files from adding up.
		{maxInt(ratioFloor, mulCap(b.size, b.lim.MaxRatio)) - used, bomb("the bundle", "its size")},
	}
	if want >= 0 {
		bounds = append(bounds, fileLimit{want, func(n int64) error {
			return damaged(f.Name, fmt.Sprintf("%s is larger than the manifest says (%d bytes)", f.Name, want), nil)
		}})
	}
	tight := bounds[0]
	for _, bd := range bounds[1:] {
		if bd.n < tight.n {
			tight = bd
		}
	}
	if tight.n < 0 {
		tight.n = 0
	}
	return tight
}

// check says what is wrong with a file that inflated to n bytes (read
// through a reader limited to l.n+1) and then ended with err, if anything.
func (l fileLimit) check(f *zip.File, n, want int64, err error) error {
	if n > l.n {
		return l.err(n)
	}
	if err != nil {
		return damaged(f.Name, f.Name+" cannot be read: "+err.Error(), err)
	}
	if want >= 0 && n != want {
		return damaged(f.Name, fmt.Sprintf("%s is %d bytes, but the manifest says %d", f.Name, n, want), nil)
	}
	return nil
}

// openErr is the error for a file the zip package cannot open.
func openErr(f *zip.File, err error) error {
	if errors.Is(err, zip.ErrAlgorithm) {
		return newErr(ErrNotBundle, f.Name, f.Name+" uses a compression method bob does not know", fixNotBundle, err)
	}
	return damaged(f.Name, f.Name+" cannot be read: "+err.Error(), err)
}

func maxInt(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}

// readManifest reads manifest.json, checks the format and version first
// (so a newer bundle says "upgrade bob", not "damaged"), then decodes it
// strictly and checks that it is coherent.
func (b *bundleReader) readManifest() error {
	var buf bytes.Buffer
	if err := b.readEntry(b.manFile, -1, maxManifestSize, &buf); err != nil {
		return err
	}
	b.rawMan = buf.Bytes()
	var head struct {
		Format  string `json:"format"`
		Version int    `json:"version"`
	}
	if err := json.Unmarshal(b.rawMan, &head); err != nil {
		return damaged(ManifestPath, ManifestPath+" is not valid JSON", err)
	}
	if head.Format != FormatName {
		return newErr(ErrNotBundle, ManifestPath, fmt.Sprintf("%s does not describe a bob handoff bundle (format %q)", ManifestPath, head.Format), fixNotBundle, nil)
	}
	if head.Version > FormatVersion {
		return newErr(ErrNewerVersion, ManifestPath,
			fmt.Sprintf("its format version is %d and this bob reads up to version %d", head.Version, FormatVersion),
			fixUpgrade, nil)
	}
	if head.Version < 1 {
		return damaged(ManifestPath, fmt.Sprintf("%s has no valid format version (%d)", ManifestPath, head.Version), nil)
	}
	dec := json.NewDecoder(bytes.NewReader(b.rawMan))
	dec.DisallowUnknownFields()
	if err := decodeOne(dec, &b.manifest); err != nil {
		return decodeErr(ManifestPath, "a bob handoff manifest", err)
	}
	m := &b.manifest
	if m.Note != "" && CheckNote(m.Note) != nil {
		return damaged(ManifestPath, "the cover note in the manifest holds control characters or is too long", nil)
	}
	if len(m.Accounts) == 0 {
		return damaged(ManifestPath, "the manifest lists no accounts", nil)
	}
	if m.From.SigningKey != "" {
		if _, err := ParseSigningKey(m.From.SigningKey); err != nil {
			return damaged(ManifestPath, "the sender's signing key in the manifest is not valid", err)
		}
	}
	for _, f := range []struct{ what, value string }{
		{"the sender's name", m.From.Name}, {"the sender's email", m.From.Email},
		{"the successor's name", m.To.Name}, {"the successor's email", m.To.Email},
	} {
		if why := model.LineProblem(f.value, model.MaxLineLen); why != "" {
			return damaged(ManifestPath, "in the manifest, "+f.what+" "+why, nil)
		}
	}
	accounts := map[string]bool{}
	for _, a := range m.Accounts {
		if !model.ValidID(a.ID) {
			return damaged(ManifestPath, fmt.Sprintf("the manifest lists an account with an invalid id %s", model.Quote(a.ID)), nil)
		}
		if why := model.LineProblem(a.Name, model.MaxLineLen); why != "" {
			return damaged(ManifestPath, "in the manifest, the name of account "+a.ID+" "+why, nil)
		}
		if accounts[a.ID] {
			return newErr(ErrInvalidAccount, ManifestPath, fmt.Sprintf("account id %s is listed twice", a.ID), fixReexport, nil)
		}
		accounts[a.ID] = true
	}
	listed := map[string]bool{}
	for _, f := range m.Files {
		if err := checkPath(f.Path); err != nil {
			return err
		}
		folded := strings.ToLower(f.Path)
		switch {
		case listed[folded]:
			return damaged(ManifestPath, f.Path+" is listed twice in the manifest", nil)
		case f.Path == ManifestPath || f.Path == SignaturePath || strings.HasSuffix(f.Path, "/"):
			return damaged(ManifestPath, "the manifest lists "+f.Path+" as a content file", nil)
		case !strings.HasPrefix(f.Path, AccountsDir) && !strings.HasPrefix(f.Path, BriefDir):
			return newErr(ErrNewerVersion, ManifestPath, f.Path+" is not a file bob knows (only accounts/ and brief/ are)", fixUpgrade, nil)
		case len(f.SHA256) != 64 || !isLowerHex(f.SHA256):
			return damaged(ManifestPath, "the hash of "+f.Path+" in the manifest is not a SHA-256", nil)
		case f.Size < 0:
			return damaged(ManifestPath, "the size of "+f.Path+" in the manifest is negative", nil)
		}
		listed[folded] = true
		if strings.HasPrefix(f.Path, AccountsDir) {
			id, ok := strings.CutSuffix(strings.TrimPrefix(f.Path, AccountsDir), ".json")
			if !ok || !accounts[id] {
				return damaged(ManifestPath, f.Path+" is not the record of an account the manifest lists", nil)
			}
		}
	}
	for _, a := range m.Accounts {
		if !listed[strings.ToLower(AccountPath(a.ID))] {
			return damaged(ManifestPath, fmt.Sprintf("the manifest lists account %q but not its file %s", a.Name, AccountPath(a.ID)), nil)
		}
	}
	return nil
}

// verifySignature checks the signature over the manifest's exact bytes.
// An unsigned bundle is allowed and reported (SignedBy stays nil); a
// signature that is present and wrong is an error.
func (b *bundleReader) verifySignature(o *Opened) error {
	m := b.manifest
	fix := "do not import it; ask " + nonEmpty(m.From.Name, "the sender") + " for a new copy"
	switch {
	case b.sigFile == nil && m.From.SigningKey == "":
		return nil
	case b.sigFile == nil:
		return newErr(ErrBadSignature, SignaturePath, "the manifest names a signing key but the signature is missing", fix, nil)
	case m.From.SigningKey == "":
		return newErr(ErrBadSignature, SignaturePath, "the bundle has a signature but the manifest names no signing key", fix, nil)
	}
	var buf bytes.Buffer
	if err := b.readEntry(b.sigFile, -1, maxSignatureSize, &buf); err != nil {
		return err
	}
	var sig signatureFile
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := decodeOne(dec, &sig); err != nil {
		return newErr(ErrBadSignature, SignaturePath, "the signature file cannot be read: "+err.Error(), fix, err)
	}
	if sig.Algorithm != sigAlgorithm {
		return newErr(ErrNewerVersion, SignaturePath, fmt.Sprintf("the bundle is signed with %q, which this bob does not know", sig.Algorithm), fixUpgrade, nil)
	}
	pub, _ := ParseSigningKey(m.From.SigningKey) // checked in readManifest
	if len(sig.Signature) != ed25519.SignatureSize || !ed25519.Verify(pub, b.rawMan, sig.Signature) {
		return newErr(ErrBadSignature, SignaturePath,
			"the signature does not match the manifest: the bundle was changed after "+nonEmpty(m.From.Name, "the sender")+" signed it", fix, nil)
	}
	o.SignedBy, o.SignatureValid = pub, true
	return nil
}

// readFiles matches the zip's files against the manifest, both ways, and
// checks each file's size and hash. Account records are kept; the brief
// is only hashed.
func (b *bundleReader) readFiles(dec *recordDecoder) error {
	listed := make(map[string]bool, len(b.manifest.Files))
	for _, f := range b.manifest.Files {
		listed[f.Path] = true
	}
	for name := range b.files {
		if !listed[name] {
			return damaged(name, name+" is not listed in the manifest: it was added after the bundle was made", nil)
		}
	}
	for _, mf := range b.manifest.Files {
		if _, ok := b.files[mf.Path]; !ok {
			return damaged(mf.Path, mf.Path+" is listed in the manifest but missing from the bundle", nil)
		}
	}
	// Read in the order the files lie in the zip, so that reading them all
	// reads the bundle once (an encrypted bundle decrypts each chunk once),
	// whatever order the manifest lists them in.
	order := slices.Clone(b.manifest.Files)
	slices.SortStableFunc(order, func(x, y ManifestFile) int {
		return cmp.Compare(b.offsets[b.files[x.Path]], b.offsets[b.files[y.Path]])
	})
	return b.checkFiles(order, dec)
}

// fileJob is one file of the bundle whose compressed bytes were read in
// the zip's order, to be inflated, checked and (an account's record)
// decoded on any core.
type fileJob struct {
	seq   int // its place in the zip's order
	mf    ManifestFile
	f     *zip.File
	raw   *[]byte
	desc  descriptor
	limit fileLimit
}

// checkFiles reads the files in order: each one's compressed bytes are
// read here, in turn, and inflated, checked against the manifest and
// decoded on every core (inflating was about half of reading a large
// bundle, on one core while the others decoded). The result is the one
// reading them one by one gives: the first file in order that fails is
// the one reported, and no more is inflated than the limits allow, as
// each file's limit counts every file before it at its size in the
// manifest, the size it must have to pass. A file that cannot pass at
// that size is read once the files before it are done, with what they
// actually inflated, as one by one.
func (b *bundleReader) checkFiles(order []ManifestFile, dec *recordDecoder) error {
	workers := parallel.Workers()
	jobs := make(chan fileJob, 2*workers)
	errs := make([]error, len(order))
	inflated := make([]int64, len(order))
	// failed is the first file in order known to fail (len(order) while
	// none has). Only the files after it are passed over: one before it
	// that a worker took but had not started when it failed may fail
	// too, and its error is the one to report.
	var failed atomic.Int64
	failed.Store(int64(len(order)))
	fail := func(seq int) {
		for {
			at := failed.Load()
			if int64(seq) >= at || failed.CompareAndSwap(at, int64(seq)) {
				return
			}
		}
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if fileTaken != nil {
					fileTaken(j.seq)
				}
				if int64(j.seq) > failed.Load() {
					rawBufs.Put(j.raw)
					continue
				}
				inflated[j.seq], errs[j.seq] = b.checkFile(j, dec)
				rawBufs.Put(j.raw)
				if errs[j.seq] != nil {
					fail(j.seq)
				}
			}
		}()
	}
	// wait ends the files in flight and returns the first error in
	// order, after adding up what they inflated.
	wait := func() error {
		close(jobs)
		wg.Wait()
		for _, n := range inflated {
			b.used += n
			b.cost.inflatedBytes += n
		}
		clear(inflated)
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
	declared := b.used
	for seq, mf := range order {
		if failed.Load() < int64(len(order)) {
			break
		}
		f := b.files[mf.Path]
		if f.CompressedSize64 > uint64(b.size) {
			errs[seq] = damaged(f.Name, f.Name+" claims to be larger than the whole bundle", nil)
			break
		}
		// Each file in flight may inflate one byte past its size
		// before it fails: counted here, the files together never pass
		// the bundle's limits.
		if b.limitFor(f, mf.Size, b.lim.MaxFileSize, declared+int64(seq)).n < mf.Size {
			// It fails unless the files before it inflate to less than
			// the manifest says, which fails them first: read it alone.
			if err := wait(); err != nil {
				return err
			}
			return b.checkAlone(order[seq:], dec)
		}
		// The limit is then its size in the manifest, as one by one,
		// where the files before it pass at their sizes: the error for
		// a file larger than that is the one one by one gives (the
		// manifest's size, not a bundle's limit that falls on it only
		// counting the files in flight).
		limit := b.limitFor(f, mf.Size, b.lim.MaxFileSize, declared)
		raw, desc, err := b.readRaw(f)
		if err != nil {
			errs[seq] = err
			break
		}
		jobs <- fileJob{seq: seq, mf: mf, f: f, raw: raw, desc: desc, limit: limit}
		declared += mf.Size
	}
	return wait()
}

// fileTaken, if set (by tests), is called as a worker of checkFiles takes
// the file at seq, before it looks whether to check it.
var fileTaken func(seq int)

// checkAlone reads the files one by one, as checkFiles did before it
// needed to.
func (b *bundleReader) checkAlone(order []ManifestFile, dec *recordDecoder) error {
	for _, mf := range order {
		f := b.files[mf.Path]
		if f.CompressedSize64 > uint64(b.size) {
			return damaged(f.Name, f.Name+" claims to be larger than the whole bundle", nil)
		}
		raw, desc, err := b.readRaw(f)
		if err != nil {
			return err
		}
		n, err := b.checkFile(fileJob{mf: mf, f: f, raw: raw, desc: desc, limit: b.limitFor(f, mf.Size, b.lim.MaxFileSize, b.used)}, dec)
		rawBufs.Put(raw)
		b.used += n
		b.cost.inflatedBytes += n
		if err != nil {
			return err
		}
	}
	return nil
}

// rawBufs hold files' compressed bytes between their reading and their
// inflating.
var rawBufs = sync.Pool{New: func() any { return new([]byte) }}

// readRaw reads f's compressed bytes (at most the bundle's size: see
// checkFiles), and its data descriptor if it has one.
func (b *bundleReader) readRaw(f *zip.File) (*[]byte, descriptor, error) {
	var desc descriptor
	switch f.Method {
	case zip.Store, zip.Deflate:
	default:
		return nil, desc, openErr(f, zip.ErrAlgorithm)
	}
	r, err := f.OpenRaw()
	if err != nil {
		return nil, desc, openErr(f, err)
	}
	buf := rawBufs.Get().(*[]byte)
	n := int(f.CompressedSize64)
	if cap(*buf) < n {
		*buf = make([]byte, n)
	}
	*buf = (*buf)[:n]
	if _, err := io.ReadFull(r, *buf); err != nil {
		rawBufs.Put(buf)
		return nil, desc, damaged(f.Name, f.Name+" cannot be read: "+err.Error(), err)
	}
	if f.Flags&dataDescriptorFlag != 0 {
		// Right after the compressed bytes, as the zip package reads
		// it once a file is inflated.
		desc.present = true
		var k int
		k, desc.err = io.ReadFull(io.NewSectionReader(b.r, b.offsets[f]+int64(f.CompressedSize64), int64(len(desc.b))), desc.b[:])
		desc.n = k
	}
	return buf, desc, nil
}

// dataDescriptorFlag marks a file whose checksum and sizes follow its
// compressed bytes (zip's data descriptor).
const dataDescriptorFlag = 0x8

// descriptor is a file's data descriptor as read: its first n bytes (at
// most 16: an optional signature, the CRC-32 and two sizes), and the
// read's error.
type descriptor struct {
	present bool
	b       [16]byte
	n       int
	err     error
}

// check is the error the zip package gives for the descriptor of a file
// whose directory gives it checksum crc: the descriptor must be there,
// and agree.
func (d descriptor) check(crc uint32) error {
	need, at := 12, 0
	if d.n >= 4 && binary.LittleEndian.Uint32(d.b[:]) == 0x08074b50 {
		need, at = 16, 4 // with its signature
	}
	if d.n < need {
		if d.err == nil || errors.Is(d.err, io.EOF) || errors.Is(d.err, io.ErrUnexpectedEOF) {
			return io.ErrUnexpectedEOF
		}
		return d.err
	}
	if binary.LittleEndian.Uint32(d.b[at:]) != crc {
		return zip.ErrChecksum
	}
	return nil
}

// zipChecked reads a file's inflated bytes and checks them as the zip
// package does as it reads a file (every file was read through it before
// they were inflated on every core): no more than the size the zip's
// directory gives, no less, and the checksum, the data descriptor's
// included.
type zipChecked struct {
	r     io.Reader
	f     *zip.File
	desc  descriptor
	crc   hash.Hash32
	nread uint64
	err   error
}

func (z *zipChecked) Read(p []byte) (int, error) {
	if z.err != nil {
		return 0, z.err
	}
	n, err := z.r.Read(p)
	z.crc.Write(p[:n])
	z.nread += uint64(n)
	switch {
	case z.nread > z.f.UncompressedSize64:
		n, err = 0, zip.ErrFormat
	case err != io.EOF:
	case z.nread != z.f.UncompressedSize64:
		n, err = 0, io.ErrUnexpectedEOF
	case z.desc.present:
		if derr := z.desc.check(z.f.CRC32); derr != nil {
			err = derr
		} else if z.crc.Sum32() != z.f.CRC32 {
			err = zip.ErrChecksum
		}
	case z.f.CRC32 != 0 && z.crc.Sum32() != z.f.CRC32:
		err = zip.ErrChecksum
	}
	if err != nil {
		z.err = err
	}
	return n, err
}

// checkFile inflates j's file within its limit, checks its checksum, size
// and hash, and hands an account's record to dec. It returns how many
// bytes it inflated.
func (b *bundleReader) checkFile(j fileJob, dec *recordDecoder) (int64, error) {
	var content io.Reader = bytes.NewReader(*j.raw)
	if j.f.Method == zip.Deflate {
		rc := inflate(content)
		defer rc.Close()
		content = rc
	}
	content = io.LimitReader(&zipChecked{r: content, f: j.f, desc: j.desc, crc: crc32.NewIEEE()}, j.limit.n+1)
	h := sha256.New()
	var n int64
	var err error
	id, isAccount := strings.CutPrefix(j.mf.Path, AccountsDir)
	var keep *bytes.Buffer
	if isAccount {
		// Inflated whole, then hashed and checked in one go.
		keep = dec.buffer(presize(j.f, j.mf.Size))
		n, err = keep.ReadFrom(content)
		h.Write(keep.Bytes())
	} else {
		n, err = io.Copy(h, content)
	}
	if err := j.limit.check(j.f, n, j.mf.Size, err); err != nil {
		dec.release(keep)
		return n, err
	}
	if hex.EncodeToString(h.Sum(nil)) != j.mf.SHA256 {
		dec.release(keep)
		return n, damaged(j.mf.Path, j.mf.Path+" does not match its hash in the manifest", nil)
	}
	if isAccount {
		dec.decode(strings.TrimSuffix(id, ".json"), keep)
	}
	return n, nil
}

// presize is how much room to make for a file the manifest says is want
// bytes long: growing the buffer as it inflates cleared and copied about
// twice its size (a fifth of reading a large bundle). A size the
// manifest claims is not trusted further than a few times the file's
// compressed size (the files' compressed bytes cannot overlap, so all of
// them together are within a few times the bundle's size): a file that
// turns out longer grows as before.
func presize(f *zip.File, want int64) int {
	const perCompressed, floor = 16, 4 << 10
	return int(max(0, min(want, int64(min(f.CompressedSize64, 1<<40))*perCompressed+floor)))
}

// recordDecoder decodes the account records strictly (a field this bob
// does not know would be lost on import), matches each to the manifest,
// and validates all of them together. Each record is decoded as soon as
// its file is checked, on the core that checked it, and the file's bytes
// are let go once decoded: a large bundle is never held both as JSON and
// as records.
type recordDecoder struct {
	accounts []ManifestAccount
	index    map[string]int // account ID -> its place in accounts
	raw      []*bytes.Buffer
	recs     []model.AccountRecord
	// bufs holds the buffers of records already decoded, for the next
	// files: fresh memory for each file was faulted in and cleared.
	bufs sync.Pool
	errs []error
	// invalid holds what each decoded record's Validate returned: each
	// is validated as it is decoded, on that core (see checkValidated).
	invalid  []error
	failed   atomic.Bool
	mu       sync.Mutex // guards done and the progress calls
	done     int
	progress func(done, total int)
}

func newRecordDecoder(accounts []ManifestAccount, progress func(done, total int)) *recordDecoder {
	n := len(accounts)
	d := &recordDecoder{accounts: accounts, index: make(map[string]int, n), raw: make([]*bytes.Buffer, n),
		recs: make([]model.AccountRecord, n), errs: make([]error, n), invalid: make([]error, n), progress: progress}
	for i, a := range accounts {
		d.index[a.ID] = i
	}
	if progress != nil {
		progress(0, n)
	}
	return d
}

// buffer is an empty buffer with room for at least n bytes, for a
// record's file.
func (d *recordDecoder) buffer(n int) *bytes.Buffer {
	b, _ := d.bufs.Get().(*bytes.Buffer)
	if b == nil {
		b = new(bytes.Buffer)
	}
	b.Grow(n)
	return b
}

// release takes back a buffer from buffer that holds no record to decode.
func (d *recordDecoder) release(b *bytes.Buffer) {
	if b != nil {
		b.Reset()
		d.bufs.Put(b)
	}
}

// decode decodes the verified bytes of account id's record. Once a record
// has failed, the others are only kept, for finish, which reports the
// first record in the manifest's order that fails: this one, if it comes
// first.
func (d *recordDecoder) decode(id string, raw *bytes.Buffer) {
	i, ok := d.index[id]
	if !ok {
		d.release(raw) // readManifest refuses it; never decode one twice
		return
	}
	if d.failed.Load() {
		d.raw[i] = raw
		return
	}
	// The record holds none of raw's bytes (every string is copied
	// out), so the buffer is reused once it is decoded.
	d.recs[i], d.errs[i] = decodeRecord(d.accounts[i], raw.Bytes())
	d.release(raw)
	if d.errs[i] != nil {
		d.failed.Store(true)
		return
	}
	d.invalid[i] = d.recs[i].Validate()
	if d.progress != nil {
		d.mu.Lock()
		d.done++
		if d.done < len(d.accounts) {
			d.progress(d.done, len(d.accounts))
		}
		d.mu.Unlock()
	}
}

// finish returns every record, in the manifest's order, or the error of
// the first record (in that order) that failed; then it checks them
// together. Every file was checked (and its record decoded or kept).
func (d *recordDecoder) finish() ([]model.AccountRecord, error) {
	for i, err := range d.errs {
		if err == nil && d.raw[i] != nil {
			// Passed over once another record failed: a record listed
			// before that one (but stored after it in the zip) may fail
			// too, and its error is the one to report.
			d.recs[i], err = decodeRecord(d.accounts[i], d.raw[i].Bytes())
			d.raw[i] = nil
			if err == nil {
				d.invalid[i] = d.recs[i].Validate()
			}
		}
		if err != nil {
			return nil, err
		}
		if d.recs[i].Account.ID == "" {
			// Every listed account's file was read (readFiles checks
			// them all), so this is a bug, not a damaged bundle.
			return nil, damaged(AccountPath(d.accounts[i].ID), AccountPath(d.accounts[i].ID)+" was not read", nil)
		}
	}
	if d.progress != nil {
		d.progress(len(d.recs), len(d.recs))
	}
	recs := d.recs
	err := checkValidated(recs, d.invalid, func(i int) string { return AccountPath(recs[i].Account.ID) }, fixReexport)
	if err != nil {
		return nil, err
	}
	return recs, nil
}

// decodeRecord decodes one account's record strictly and matches it to
// the manifest.
func decodeRecord(a ManifestAccount, raw []byte) (model.AccountRecord, error) {
	path := AccountPath(a.ID)
	rec, ok := decodeRecordFast(raw)
	if !ok {
		rec = model.AccountRecord{}
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := decodeOne(dec, &rec); err != nil {
			return rec, decodeErr(path, "an account record", err)
		}
	}
	if rec.Account.ID != a.ID {
		return rec, damaged(path, fmt.Sprintf("%s holds account %s, not %s", path, rec.Account.ID, a.ID), nil)
	}
	if rec.Account.Name != a.Name {
		return rec, damaged(path, fmt.Sprintf("the manifest calls account %s %q but its record calls it %q", a.ID, a.Name, rec.Account.Name), nil)
	}
	rec.Canonicalize()
	return rec, nil
}

// decodeRecordFast decodes a record as decodeRecord's strict decoder
// would: the whole of it with entryjson's parser, or where that declines,
// its timeline (most of its bytes) with the parser and the rest with
// encoding/json. It reports false for a record it does not read either
// way (no timeline, two of them, or anything the parser declines), which
// the strict decoder then reads or refuses as before.
func decodeRecordFast(raw []byte) (model.AccountRecord, bool) {
	if rec, ok := entryjson.DecodeRecord(raw); ok {
		return rec, true
	}
	var rec model.AccountRecord
	start, end, ok := topLevelValue(raw, "timeline")
	if !ok {
		return rec, false
	}
	timeline, ok := entryjson.DecodeList(raw[start:end])
	if !ok {
		return rec, false
	}
	rest := make([]byte, 0, len(raw)-(end-start)+2)
	rest = append(append(append(rest, raw[:start]...), "[]"...), raw[end:]...)
	dec := json.NewDecoder(bytes.NewReader(rest))
	dec.DisallowUnknownFields()
	if err := decodeOne(dec, &rec); err != nil || rec.Timeline == nil {
		return model.AccountRecord{}, false
	}
	rec.Timeline = timeline
	return rec, true
}

// topLevelValue finds the value of key in the JSON object raw: its start
// and end. It reports false unless key is there exactly once, spelled so
// and without escapes, and no other key is one encoding/json could match
// to it (another case, escapes, letters outside ASCII). It only finds the bytes: the caller decodes them,
// and decodes the rest of raw, which says whether raw was an object.
func topLevelValue(raw []byte, key string) (start, end int, ok bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return 0, 0, false
	}
	i++
	found := false
	for {
		i = skipSpace(raw, i)
		if i >= len(raw) || raw[i] != '"' {
			return 0, 0, false
		}
		k := i + 1
		i = skipJSONValue(raw, i)
		if i < 0 {
			return 0, 0, false
		}
		name := raw[k : i-1]
		i = skipSpace(raw, i)
		if i >= len(raw) || raw[i] != ':' {
			return 0, 0, false
		}
		v := skipSpace(raw, i+1)
		i = skipJSONValue(raw, v)
		if i < 0 {
			return 0, 0, false
		}
		if string(name) == key {
			if found {
				return 0, 0, false
			}
			found, start, end = true, v, i
		} else if !plainASCII(name) || strings.EqualFold(string(name), key) {
			// encoding/json matches a key whatever its case or escapes
			// (the later of two winning): one that may be key, spelled
			// otherwise, is left to it.
			return 0, 0, false
		}
		i = skipSpace(raw, i)
		if i >= len(raw) {
			return 0, 0, false
		}
		switch raw[i] {
		case ',':
			i++
		case '}':
			return start, end, found
		default:
			return 0, 0, false
		}
	}
}

// plainASCII reports whether a key is ASCII without escapes.
func plainASCII(name []byte) bool {
	for _, c := range name {
		if c == '\\' || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// skipJSONValue returns where the value starting at i ends (-1 if it
// does not): a string, an array or object (by its brackets, skipping
// strings), or a literal or number (up to the next delimiter).
func skipJSONValue(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	depth := 0
	for i < len(b) {
		c := b[i]
		switch c {
		case '"':
			i++
			for i < len(b) && b[i] != '"' {
				if b[i] == '\\' {
					i++
				}
				i++
			}
			if i >= len(b) {
				return -1
			}
			i++
		case '[', '{':
			depth++
			i++
		case ']', '}':
			if depth == 0 {
				return i
			}
			depth--
			i++
		case ',', ' ', '\t', '\n', '\r', ':':
			if depth == 0 {
				return i
			}
			i++
		default:
			i++
		}
		if depth == 0 && (c == '"' || c == ']' || c == '}') {
			return i
		}
	}
	if depth == 0 {
		return i
	}
	return -1
}

// decodeOne decodes exactly one JSON value and refuses anything after it.
func decodeOne(dec *json.Decoder, v any) error {
	if err := dec.Decode(v); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errors.New("there is more after the JSON value")
	}
	return nil
}

// decodeErr explains a strict decoding failure: an unknown field means a
// newer bob wrote the file; anything else, damage.
func decodeErr(path, what string, err error) error {
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return newErr(ErrNewerVersion, path, fmt.Sprintf("%s has a field %s that this bob does not know", path, field), fixUpgrade, err)
	}
	return damaged(path, fmt.Sprintf("%s is not %s: %v", path, what, err), err)
}

func isLowerHex(s string) bool {
	for _, c := range s {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

func nonEmpty(s, otherwise string) string {
	if strings.TrimSpace(s) == "" {
		return otherwise
	}
	return s
}

// inflaters are reused between files, as the zip package does with its
// own: a flate reader holds its window and tables.
var inflaters sync.Pool

// inflate decompresses a bundle's deflated files with the same package
// that writes them (see fastDeflate): it reads any deflate stream, from
// bob or any other zip tool, in about two thirds of the standard
// library's time (measured on bob's bundles).
func inflate(r io.Reader) io.ReadCloser {
	if fr, ok := inflaters.Get().(io.ReadCloser); ok {
		if err := fr.(flate.Resetter).Reset(r, nil); err == nil {
			return &pooledInflater{fr}
		}
	}
	return &pooledInflater{flate.NewReader(r)}
}

type pooledInflater struct{ io.ReadCloser }

func (p *pooledInflater) Close() error {
	if p.ReadCloser == nil {
		return errors.New("flate: closed twice")
	}
	err := p.ReadCloser.Close()
	inflaters.Put(p.ReadCloser)
	p.ReadCloser = nil
	return err
}
