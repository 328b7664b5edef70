package handoff

import (
	"archive/zip"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"bob/atomicfile"
	"bob/internal/parallel"
	"bob/model"
	"bob/termsafe"

	"filippo.io/age"
	"github.com/klauspost/compress/flate"
)

// Bundle is what a bundle carries: accounts from one CSM to another.
type Bundle struct {
	From Party
	To   Party
	// CreatedAt is when the bundle was made; the brief's countdowns are
	// counted from it. Zero means now.
	CreatedAt time.Time
	Records   []model.AccountRecord
	// Note is the outgoing CSM's cover note to the successor; it opens
	// the brief. Optional.
	Note string
}

// Encryption is how a bundle is protected. Exactly one of the three must
// be chosen: a bundle carries customer data, so "not encrypted" is a
// choice the caller makes explicitly, never a default.
type Encryption struct {
	// Recipients encrypts to these age keys (usually the receiver's and
	// the sender's own, so both can open it).
	Recipients []age.Recipient
	// Passphrase encrypts with a passphrase (age scrypt), to be told to
	// the receiver by another channel.
	Passphrase string
	// None writes a plain zip.
	None bool
}

// Protection says how a bundle was protected.
type Protection string

// How a bundle can be protected.
const (
	ProtectionNone       Protection = "none"
	ProtectionRecipients Protection = "recipients"
	ProtectionPassphrase Protection = "passphrase"
)

// OpenedWords says how an opened bundle was protected, as its receiver
// reads it: the import preview of the app and of the command line print
// the same words.
func (p Protection) OpenedWords() string {
	switch p {
	case ProtectionRecipients:
		return "encrypted to your key"
	case ProtectionPassphrase:
		return "encrypted with a passphrase"
	}
	return "not encrypted"
}

// MinPassphraseLen is the shortest passphrase Write accepts.
const MinPassphraseLen = 8

// scryptWorkFactor is age's scrypt cost (log2 N). Tests lower it.
var scryptWorkFactor = 18

// protection checks that exactly one choice was made and returns it.
func (e Encryption) protection() (Protection, error) {
	var chosen []Protection
	if len(e.Recipients) > 0 {
		chosen = append(chosen, ProtectionRecipients)
	}
	if e.Passphrase != "" {
		chosen = append(chosen, ProtectionPassphrase)
	}
	if e.None {
		chosen = append(chosen, ProtectionNone)
	}
	switch len(chosen) {
	case 1:
	case 0:
		return "", newErr(ErrBadInput, "", "no encryption was chosen",
			"encrypt to the receiver's age key, set a passphrase, or choose explicitly not to encrypt", nil)
	default:
		return "", newErr(ErrBadInput, "", fmt.Sprintf("more than one encryption was chosen (%v)", chosen),
			"choose one: recipients, a passphrase, or no encryption", nil)
	}
	if chosen[0] == ProtectionPassphrase && utf8.RuneCountInString(e.Passphrase) < MinPassphraseLen {
		return "", newErr(ErrBadInput, "", fmt.Sprintf("the passphrase is shorter than %d characters", MinPassphraseLen),
			"use a longer passphrase (a few words), or encrypt to the receiver's age key", nil)
	}
	for i, r := range e.Recipients {
		if r == nil {
			return "", newErr(ErrBadInput, "", fmt.Sprintf("recipient %d is empty", i+1), "remove it or add the colleague's age key", nil)
		}
	}
	return chosen[0], nil
}

// WriteOptions are the choices made when writing a bundle.
type WriteOptions struct {
	// Signer signs the manifest. Nil writes an unsigned bundle, which the
	// receiver is told about.
	Signer ed25519.PrivateKey
	// Encryption is required: see Encryption.
	Encryption Encryption
	// Redact leaves out the private fields (see Redact).
	Redact bool
	// Progress, if set, is called with the number of accounts written so
	// far and the total: once with done=0 before the first account, then
	// after each.
	Progress func(done, total int)
	// gapsAt is when the completeness check whose gaps writeBundle
	// returns is judged, in its location; zero judges them as the brief
	// does (at the bundle's time, in UTC).
	gapsAt time.Time
}

// Write writes the bundle to w. Nothing is written unless every record is
// valid; on an error after that, what was written to w is incomplete and
// must be thrown away (WriteFile does that).
func Write(w io.Writer, b Bundle, opts WriteOptions) error {
	if _, err := checkWrite(b, len(b.Records), opts); err != nil {
		return err
	}
	recs, err := bundleRecords(b.Records, opts.Redact)
	if err != nil {
		return err
	}
	accounts := make([]model.Account, len(recs))
	for i, r := range recs {
		accounts[i] = r.Account
	}
	// The records are copies, already redacted: the packers may keep them.
	src := func(pack func(i int, rec model.AccountRecord) error) error {
		return parallel.Each(len(recs), parallel.Workers(), func(i int) error { return pack(i, recs[i]) })
	}
	_, err = writeBundle(w, b, accounts, src, false, opts)
	return err
}

// recordSource hands a bundle's records to pack, each with its index in
// the bundle's order (by name), from any number of goroutines at once,
// and returns the first error pack returns. Export reads them from the
// book as they are written; Write has them in memory.
type recordSource func(pack func(i int, rec model.AccountRecord) error) error

// packWindow bounds how far packing may run ahead of writing, in accounts:
// enough to keep every core busy, few enough that the bundle is never held
// in memory whole.
const packWindow = 32

// writeBundle writes the bundle whose accounts (in the bundle's order: by
// name, then ID) src hands over. Each account's files are made (redacted
// when asked, canonical, checked, encoded, rendered, compressed and
// hashed) on the goroutine that hands its record over, and written in
// order as soon as the ones before it are: a large bundle uses every
// core, and only a window of accounts is held in memory at a time. With
// redact set, src's records are not redacted yet. It returns the
// completeness check's gaps per account ID (accounts without are left
// out).
func writeBundle(w io.Writer, b Bundle, accounts []model.Account, src recordSource, redact bool, opts WriteOptions) (gaps map[string][]Gap, err error) {
	// Every layer (age, zip) turns a failed write into its own error;
	// the first write error of w itself is what the user must hear about
	// (a full disk), not "check the age keys".
	ww := &watchedWriter{w: w}
	w = ww
	defer func() {
		if err != nil && ww.err != nil {
			err = writeFailed(ww.err)
		}
	}()
	prot, err := checkWrite(b, len(accounts), opts)
	if err != nil {
		return nil, err
	}
	created := b.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	out, sealer, err := seal(w, prot, opts.Encryption)
	if err != nil {
		return nil, err
	}
	zw := &zipWriter{zw: zip.NewWriter(out), modified: created}
	zw.zw.RegisterCompressor(zip.Deflate, fastDeflate)
	manifest := Manifest{
		Format:    FormatName,
		Version:   FormatVersion,
		CreatedAt: created,
		From:      Sender{Name: b.From.Name, Email: b.From.Email},
		To:        b.To,
		Redacted:  opts.Redact,
		Note:      strings.TrimSpace(b.Note),
	}
	if opts.Signer != nil {
		manifest.From.SigningKey = FormatSigningKey(opts.Signer.Public().(ed25519.PublicKey))
	}
	if gaps, err = writeAccounts(zw, &manifest, b, accounts, src, redact, opts); err != nil {
		return nil, err
	}
	if err := writeManifest(zw, manifest, opts.Signer); err != nil {
		return nil, err
	}
	if err := zw.zw.Close(); err != nil {
		return nil, fmt.Errorf("write bundle: %w", err)
	}
	if sealer != nil {
		if err := sealer.Close(); err != nil {
			return nil, fmt.Errorf("write bundle: %w", err)
		}
	}
	return gaps, nil
}

// checkWrite refuses what Write must not write, before anything is
// written, and returns the protection chosen.
func checkWrite(b Bundle, accounts int, opts WriteOptions) (Protection, error) {
	prot, err := opts.Encryption.protection()
	if err != nil {
		return "", err
	}
	if opts.Signer != nil && len(opts.Signer) != ed25519.PrivateKeySize {
		return "", newErr(ErrBadInput, "", "the signing key is not an ed25519 private key",
			"load your identity again (bob id)", nil)
	}
	if strings.TrimSpace(b.From.Name) == "" || strings.TrimSpace(b.To.Name) == "" {
		return "", newErr(ErrBadInput, "", "a bundle needs the sender's and the receiver's names",
			"set your name in your bob identity and choose who the bundle is for", nil)
	}
	if accounts == 0 {
		return "", newErr(ErrBadInput, "", "there are no accounts to hand over", "choose at least one account", nil)
	}
	if err := CheckNote(b.Note); err != nil {
		return "", err
	}
	return prot, nil
}

// bundleRecords returns copies of the records as the bundle carries them:
// redacted if asked, canonical, by name, and checked.
func bundleRecords(in []model.AccountRecord, redact bool) ([]model.AccountRecord, error) {
	recs := make([]model.AccountRecord, len(in))
	for i, r := range in {
		if redact {
			r = Redact(r)
		} else {
			r = cloneRecord(r)
		}
		r.Canonicalize()
		recs[i] = r
	}
	sort.SliceStable(recs, func(i, j int) bool {
		a, b := strings.ToLower(recs[i].Account.Name), strings.ToLower(recs[j].Account.Name)
		if a != b {
			return a < b
		}
		return recs[i].Account.ID < recs[j].Account.ID
	})
	if err := checkRecords(recs, func(i int) string { return "" }, fixWrite); err != nil {
		return nil, err
	}
	return recs, nil
}

// seal returns where the zip goes: w itself, or an age encryption of it
// (the sealer, which must be closed after the zip).
func seal(w io.Writer, prot Protection, enc Encryption) (io.Writer, io.WriteCloser, error) {
	var sealer io.WriteCloser
	var err error
	switch prot {
	case ProtectionRecipients:
		sealer, err = age.Encrypt(w, enc.Recipients...)
	case ProtectionPassphrase:
		var r *age.ScryptRecipient
		r, err = age.NewScryptRecipient(enc.Passphrase)
		if err == nil {
			r.SetWorkFactor(scryptWorkFactor)
			sealer, err = age.Encrypt(w, r)
		}
	}
	if err != nil {
		return nil, nil, newErr(ErrBadInput, "", "cannot encrypt the bundle: "+err.Error(), "check the recipients' age keys", err)
	}
	if sealer != nil {
		return sealer, sealer, nil
	}
	return w, nil, nil
}

// writeAccounts writes each account's record and brief, then the index
// of briefs, listing every file in the manifest; see writeBundle.
func writeAccounts(zw *zipWriter, manifest *Manifest, b Bundle, accounts []model.Account, src recordSource, redact bool, opts WriteOptions) (map[string][]Gap, error) {
	ctx := briefContext{From: b.From, To: b.To, Now: manifest.CreatedAt, Redacted: opts.Redact, Signed: opts.Signer != nil, Note: manifest.Note}
	slugs := briefSlugsOf(accounts)
	n := len(accounts)
	progress := func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, n)
		}
	}
	progress(0)

	// Packed accounts wait in their slot until the writer reaches them;
	// account i is packed only once the writer is within packWindow of it,
	// so the account the writer waits for is never kept waiting itself.
	var (
		mu      sync.Mutex
		turn    = sync.NewCond(&mu)
		written int
		stopped bool
	)
	slots := make([]chan packedAccount, n)
	for i := range slots {
		slots[i] = make(chan packedAccount, 1)
	}
	pack := func(i int, rec model.AccountRecord) error {
		if i < 0 || i >= n || rec.Account.ID != accounts[i].ID {
			return fmt.Errorf("write bundle: account %d is not %s", i, accounts[min(max(i, 0), n-1)].ID)
		}
		mu.Lock()
		for i >= written+packWindow && !stopped {
			turn.Wait()
		}
		stop := stopped
		mu.Unlock()
		if stop {
			return errPackStopped
		}
		slots[i] <- packAccount(ctx, rec, slugs[i], redact, opts.gapsAt)
		return nil
	}
	srcErr := make(chan error, 1)
	go func() { srcErr <- src(pack) }()
	// finish stops the packers and waits for them: no goroutine is left
	// reading the book once the bundle is written or abandoned.
	finish := func(err error) error {
		mu.Lock()
		stopped = true
		turn.Broadcast()
		mu.Unlock()
		if serr := <-srcErr; err == nil && serr != nil && !errors.Is(serr, errPackStopped) {
			err = serr
		}
		return err
	}

	gaps := map[string][]Gap{}
	stubs := make([]model.AccountRecord, 0, n)
	allGaps := make([][]Gap, 0, n)
	var owners idOwners
	labels := make([]string, 0, n)
	var srcDone error
	done := false // the source has ended (and srcErr is spent)
	for i := 0; i < n; i++ {
		var p packedAccount
		got := false
		if !done {
			select {
			case p = <-slots[i]:
				got = true
			case srcDone = <-srcErr:
				done = true
				if srcDone != nil {
					return nil, srcDone
				}
			}
		}
		if !got {
			// The source has ended: every account it handed over is in
			// its slot by now.
			select {
			case p = <-slots[i]:
			default:
				return nil, fmt.Errorf("write bundle: account %s was never read", accounts[i].ID)
			}
		}
		if err := p.err; err != nil {
			return nil, finishUnless(done, finish, err)
		}
		// No ID may be used by two accounts: one would overwrite the
		// other in the receiver's book.
		label := accountLabel(p.stub.Account)
		labels = append(labels, label)
		for _, id := range p.ids {
			if prev, taken := owners.claim(id, i); taken {
				return nil, finishUnless(done, finish, newErr(ErrInvalidAccount, "",
					fmt.Sprintf("id %s is used in two accounts (%s and %s)", id, labels[prev], label), fixWrite, nil))
			}
		}
		for _, f := range []packedFile{p.record, p.brief} {
			mf, err := zw.addPacked(f)
			if err != nil {
				return nil, finishUnless(done, finish, err)
			}
			manifest.Files = append(manifest.Files, mf)
		}
		manifest.Accounts = append(manifest.Accounts, ManifestAccount{ID: p.stub.Account.ID, Name: p.stub.Account.Name})
		if len(p.checked) > 0 {
			gaps[p.stub.Account.ID] = p.checked
		}
		stubs = append(stubs, p.stub)
		allGaps = append(allGaps, p.gaps)
		mu.Lock()
		written = i + 1
		turn.Broadcast()
		mu.Unlock()
		progress(i + 1)
	}
	if err := finishUnless(done, finish, nil); err != nil {
		return nil, err
	}
	f, err := zw.add(BriefIndex, renderIndex(ctx, stubs, allGaps, slugs))
	if err != nil {
		return nil, err
	}
	manifest.Files = append(manifest.Files, f)
	sort.Slice(manifest.Files, func(i, j int) bool { return manifest.Files[i].Path < manifest.Files[j].Path })
	return gaps, nil
}

// errPackStopped is what a packer hears once the bundle is written or
// abandoned: it ends the source's walk.
var errPackStopped = errors.New("the bundle is not being written any more")

// finishUnless calls finish with err unless the source already ended.
func finishUnless(done bool, finish func(error) error, err error) error {
	if done {
		return err
	}
	return finish(err)
}

// fixWrite is what to do about a record bob will not write.
const fixWrite = "fix the account in bob, then export again"

// packedAccount is one account made ready for the bundle: its two files,
// compressed and hashed, and what the rest of the bundle needs of it.
type packedAccount struct {
	err error
	// stub is the account and its risks: what the brief's index reads,
	// small enough to keep for every account of a whole book (the
	// people, plans and checklists of 10,000 accounts are hundreds of
	// megabytes the garbage collector would go through again and again).
	stub model.AccountRecord
	ids  []string
	// gaps are the completeness check's findings the brief shows;
	// checked are those writeBundle returns (see WriteOptions.gapsAt).
	gaps, checked []Gap
	record, brief packedFile
}

// packAccount makes an account's files: redacted if asked, canonical,
// checked, encoded as JSON, its brief rendered, both compressed. The
// gaps it returns are judged at gapsAt, if set (see WriteOptions).
func packAccount(ctx briefContext, rec model.AccountRecord, slug string, redact bool, gapsAt time.Time) packedAccount {
	if redact {
		rec = Redact(rec)
	}
	rec.Canonicalize()
	if err := rec.Validate(); err != nil {
		return packedAccount{err: newErr(ErrInvalidAccount, "", fmt.Sprintf("%s: %v", accountLabel(rec.Account), err), fixWrite, err)}
	}
	// The record's JSON and the brief are scratch: once compressed and
	// hashed they are let go, so each packer reuses the same buffers.
	buf := packBuffers.Get().(*packBuffer)
	defer packBuffers.Put(buf)
	var data []byte
	ok := false
	if len(rec.Timeline) > 0 {
		if data, ok = appendRecord(buf.record[:0], rec); ok {
			buf.record = data
		}
	}
	if !ok {
		var err error
		if data, err = encodeJSON(rec); err != nil {
			return packedAccount{err: fmt.Errorf("encode account %s: %w", rec.Account.ID, err)}
		}
	}
	var err error
	p := packedAccount{ids: recordIDs(rec), gaps: Check(rec, ctx.Now)}
	p.checked = p.gaps
	if !gapsAt.IsZero() {
		// Redaction changes nothing the check reads (roles, plans,
		// external entries, checklists): these are the gaps Gaps finds.
		p.checked = Check(rec, gapsAt)
	}
	if p.record, err = packFile(AccountPath(rec.Account.ID), data); err == nil {
		buf.brief = appendAccountBrief(buf.brief[:0], ctx, rec)
		p.brief, err = packFile(BriefDir+slug+".md", buf.brief)
	}
	if err != nil {
		return packedAccount{err: err}
	}
	p.stub = model.AccountRecord{Account: rec.Account, Risks: rec.Risks}
	return p
}

// packBuffers hold a packer's scratch buffers between accounts.
var packBuffers = sync.Pool{New: func() any { return new(packBuffer) }}

type packBuffer struct{ record, brief []byte }

// writeManifest writes the manifest and, with a signer, its signature.
func writeManifest(zw *zipWriter, manifest Manifest, signer ed25519.PrivateKey) error {
	mdata, err := encodeJSON(manifest)
	if err != nil {
		return fmt.Errorf("encode manifest: %w", err)
	}
	if _, err := zw.add(ManifestPath, mdata); err != nil {
		return err
	}
	if signer == nil {
		return nil
	}
	sig, err := encodeJSON(signatureFile{Algorithm: sigAlgorithm, Signature: ed25519.Sign(signer, mdata)})
	if err != nil {
		return err
	}
	_, err = zw.add(SignaturePath, sig)
	return err
}

// CheckNote refuses a cover note bob would not write: control characters
// (newlines and tabs are fine) or more than MaxNoteLen bytes.
func CheckNote(note string) error {
	if !termsafe.Safe(note, true) {
		return newErr(ErrBadInput, "", "the cover note holds control characters", "write it again as plain text", nil)
	}
	if len(note) > MaxNoteLen {
		return newErr(ErrBadInput, "", fmt.Sprintf("the cover note is longer than %d KB", MaxNoteLen>>10),
			"keep it to what the successor must read first; the rest belongs in the accounts", nil)
	}
	return nil
}

// deflaters are reused between files: a flate writer holds about a
// megabyte of tables.
var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

// fastDeflate compresses a bundle's files at deflate's fastest level.
// Records are JSON, which compresses well even so (a 10,000-account book
// grows from 145 to 170 MB), and the default level made deflate the
// largest part of exporting a large book. The compressor is
// github.com/klauspost/compress/flate, a maintained drop-in for the
// standard library's that writes the same format (plain deflate, which
// every zip tool reads) two to three times faster at this level.
func fastDeflate(w io.Writer) (io.WriteCloser, error) {
	fw := deflaters.Get().(*flate.Writer)
	fw.Reset(w)
	return &pooledDeflater{fw}, nil
}

type pooledDeflater struct{ fw *flate.Writer }

func (p *pooledDeflater) Write(b []byte) (int, error) { return p.fw.Write(b) }

func (p *pooledDeflater) Close() error {
	err := p.fw.Close()
	deflaters.Put(p.fw)
	return err
}

// zipWriter adds files to the zip and pins each by size and hash.
type zipWriter struct {
	zw       *zip.Writer
	modified time.Time
}

func (z *zipWriter) add(name string, data []byte) (ManifestFile, error) {
	hdr := &zip.FileHeader{Name: name, Method: zip.Deflate, Modified: z.modified}
	// Unpacked by hand, the files hold customer data: owner-only.
	hdr.SetMode(0o600)
	w, err := z.zw.CreateHeader(hdr)
	if err != nil {
		return ManifestFile{}, fmt.Errorf("write %s: %w", name, err)
	}
	if _, err := w.Write(data); err != nil {
		return ManifestFile{}, fmt.Errorf("write %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	return ManifestFile{Path: name, SHA256: hex.EncodeToString(sum[:]), Size: int64(len(data))}, nil
}

// packedFile is a bundle file compressed as zipWriter.add would, ready to
// go into the zip as it is.
type packedFile struct {
	name     string
	deflated []byte
	crc      uint32
	size     int64
	sha256   string
}

// packFile compresses data at the bundle's deflate level.
func packFile(name string, data []byte) (packedFile, error) {
	// Deflate into a reused buffer and keep a copy of just the bytes it
	// wrote: how well a file compresses is known only after.
	buf := deflated.Get().(*bytes.Buffer)
	defer deflated.Put(buf)
	buf.Reset()
	fw, _ := fastDeflate(buf)
	if _, err := fw.Write(data); err != nil {
		fw.Close()
		return packedFile{}, fmt.Errorf("compress %s: %w", name, err)
	}
	if err := fw.Close(); err != nil {
		return packedFile{}, fmt.Errorf("compress %s: %w", name, err)
	}
	sum := sha256.Sum256(data)
	return packedFile{name: name, deflated: bytes.Clone(buf.Bytes()), crc: crc32.ChecksumIEEE(data), size: int64(len(data)),
		sha256: hex.EncodeToString(sum[:])}, nil
}

// deflated holds packFile's buffers between files.
var deflated = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// addPacked adds a file compressed by packFile. The zip holds the same
// bytes as if add had compressed it: the header is the one CreateHeader
// makes (version 2.0, the modification time as MS-DOS time and as an
// extended timestamp, a data descriptor after the data).
func (z *zipWriter) addPacked(f packedFile) (ManifestFile, error) {
	hdr := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: z.modified,
		CRC32: f.crc, CompressedSize64: uint64(len(f.deflated)), UncompressedSize64: uint64(f.size)}
	hdr.SetMode(0o600)
	if needsUTF8Flag(f.name) {
		hdr.Flags |= 0x800
	}
	hdr.Flags |= 0x8
	hdr.CreatorVersion = hdr.CreatorVersion&0xff00 | zipVersion20
	hdr.ReaderVersion = zipVersion20
	t := z.modified
	hdr.ModifiedDate = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	hdr.ModifiedTime = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	var ext [9]byte
	binary.LittleEndian.PutUint16(ext[0:], extTimeExtraID)
	binary.LittleEndian.PutUint16(ext[2:], 5)
	ext[4] = 1 // the modification time only
	binary.LittleEndian.PutUint32(ext[5:], uint32(t.Unix()))
	hdr.Extra = append(hdr.Extra, ext[:]...)
	w, err := z.zw.CreateRaw(hdr)
	if err != nil {
		return ManifestFile{}, fmt.Errorf("write %s: %w", f.name, err)
	}
	if _, err := w.Write(f.deflated); err != nil {
		return ManifestFile{}, fmt.Errorf("write %s: %w", f.name, err)
	}
	return ManifestFile{Path: f.name, SHA256: f.sha256, Size: f.size}, nil
}

const (
	zipVersion20   = 20     // the zip version bob's files need: deflate
	extTimeExtraID = 0x5455 // the extended timestamp's extra field
)

// needsUTF8Flag reports whether zip marks name as UTF-8, as CreateHeader
// does: when it holds a character outside the part of ASCII that every
// zip reader's encoding agrees on.
func needsUTF8Flag(name string) bool {
	if !utf8.ValidString(name) {
		return false
	}
	for _, r := range name {
		if r < 0x20 || r > 0x7d || r == 0x5c {
			return true
		}
	}
	return false
}

// WriteFile writes the bundle to path atomically: into a temporary file
// in the same folder, synced to disk, then renamed over path, so a crash
// or a full disk never leaves half a bundle behind. The file is readable
// by its owner only (0600). An existing file at path is replaced.
func WriteFile(path string, b Bundle, opts WriteOptions) error {
	return atomicfile.Write(path, func(f *os.File) error { return Write(f, b, opts) })
}

// SuggestedName returns a file name for a bundle: sender, receiver and
// day, with the extension for its protection, e.g.
// "ana-lima-to-ben-okoro-2025-03-01.bob.zip.age".
func SuggestedName(b Bundle, e Encryption) string {
	day := b.CreatedAt
	if day.IsZero() {
		day = time.Now()
	}
	name := slugify(b.From.Name) + "-to-" + slugify(b.To.Name) + "-" + day.Format("2006-01-02")
	if e.None && len(e.Recipients) == 0 && e.Passphrase == "" {
		return name + Ext
	}
	return name + EncryptedExt
}

// watchedWriter remembers the first error of the writer it wraps.
type watchedWriter struct {
	w   io.Writer
	err error
}

func (w *watchedWriter) Write(p []byte) (int, error) {
	n, err := w.w.Write(p)
	if err != nil && w.err == nil {
		w.err = err
	}
	return n, err
}

func writeFailed(err error) error {
	// The file written is a hidden temporary one: its name would only
	// confuse. What went wrong (the disk, the folder) is what counts.
	var pe *os.PathError
	if errors.As(err, &pe) && strings.HasSuffix(pe.Path, ".tmp") {
		err = pe.Err
	}
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("write the bundle: %w: the disk is full; free some space or write the bundle elsewhere with -o (nothing was exported)", err)
	}
	return fmt.Errorf("write the bundle: %w; check the folder can be written, or write the bundle elsewhere with -o (nothing was exported)", err)
}
