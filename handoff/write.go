package handoff

import (
	"archive/zip"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"

	"bob/atomicfile"
	"bob/model"
	"bob/termsafe"

	"filippo.io/age"
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
}

// Write writes the bundle to w. Nothing is written unless every record is
// valid; on an error after that, what was written to w is incomplete and
// must be thrown away (WriteFile does that).
func Write(w io.Writer, b Bundle, opts WriteOptions) (err error) {
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
	prot, err := checkWrite(b, opts)
	if err != nil {
		return err
	}
	created := b.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	created = created.UTC().Truncate(time.Second)
	recs, err := bundleRecords(b.Records, opts.Redact)
	if err != nil {
		return err
	}
	out, sealer, err := seal(w, prot, opts.Encryption)
	if err != nil {
		return err
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
	if err := writeAccounts(zw, &manifest, b, recs, opts); err != nil {
		return err
	}
	if err := writeManifest(zw, manifest, opts.Signer); err != nil {
		return err
	}
	if err := zw.zw.Close(); err != nil {
		return fmt.Errorf("write bundle: %w", err)
	}
	if sealer != nil {
		if err := sealer.Close(); err != nil {
			return fmt.Errorf("write bundle: %w", err)
		}
	}
	return nil
}

// checkWrite refuses what Write must not write, before anything is
// written, and returns the protection chosen.
func checkWrite(b Bundle, opts WriteOptions) (Protection, error) {
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
	if len(b.Records) == 0 {
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
	if err := checkRecords(recs, func(i int) string { return "" },
		"fix the account in bob, then export again"); err != nil {
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
// of briefs, listing every file in the manifest.
func writeAccounts(zw *zipWriter, manifest *Manifest, b Bundle, recs []model.AccountRecord, opts WriteOptions) error {
	ctx := briefContext{From: b.From, To: b.To, Now: manifest.CreatedAt, Redacted: opts.Redact, Signed: opts.Signer != nil, Note: manifest.Note}
	slugs := briefSlugs(recs)
	progress := func(done int) {
		if opts.Progress != nil {
			opts.Progress(done, len(recs))
		}
	}
	progress(0)
	for i, rec := range recs {
		data, err := encodeJSON(rec)
		if err != nil {
			return fmt.Errorf("encode account %s: %w", rec.Account.ID, err)
		}
		f, err := zw.add(AccountPath(rec.Account.ID), data)
		if err != nil {
			return err
		}
		manifest.Files = append(manifest.Files, f)
		manifest.Accounts = append(manifest.Accounts, ManifestAccount{ID: rec.Account.ID, Name: rec.Account.Name})
		if f, err = zw.add(BriefDir+slugs[i]+".md", renderAccountBrief(ctx, rec)); err != nil {
			return err
		}
		manifest.Files = append(manifest.Files, f)
		progress(i + 1)
	}
	f, err := zw.add(BriefIndex, renderIndex(ctx, recs, slugs))
	if err != nil {
		return err
	}
	manifest.Files = append(manifest.Files, f)
	sort.Slice(manifest.Files, func(i, j int) bool { return manifest.Files[i].Path < manifest.Files[j].Path })
	return nil
}

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
// largest part of exporting a large book.
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
