package handoff

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"bob/model"

	"filippo.io/age"
)

func newAgeIdentity(t testing.TB) *age.X25519Identity {
	t.Helper()
	id, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestRoundTrip(t *testing.T) {
	ben, ana := newAgeIdentity(t), newAgeIdentity(t)
	tests := []struct {
		name string
		enc  Encryption
		read ReadOptions
		prot Protection
	}{
		{"not encrypted", Encryption{None: true}, ReadOptions{}, ProtectionNone},
		{"one recipient", Encryption{Recipients: []age.Recipient{ben.Recipient()}}, ReadOptions{Identities: []age.Identity{ben}}, ProtectionRecipients},
		{"two recipients, read by the second", Encryption{Recipients: []age.Recipient{ana.Recipient(), ben.Recipient()}},
			ReadOptions{Identities: []age.Identity{ben}}, ProtectionRecipients},
		{"passphrase", Encryption{Passphrase: "correct horse battery"}, ReadOptions{Passphrase: "correct horse battery"}, ProtectionPassphrase},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := testBundle()
			data := mustWrite(t, b, WriteOptions{Signer: testSigner(), Encryption: tt.enc})
			if tt.prot == ProtectionNone {
				if !isZip(data) {
					t.Fatal("an unencrypted bundle must be a plain zip")
				}
			} else if !bytes.HasPrefix(data, []byte(ageHeader)) {
				t.Fatal("an encrypted bundle must be an age file")
			}
			o, err := ReadBytes(data, tt.read)
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if got, want := canonJSON(t, o.Records...), canonJSON(t, b.Records...); got != want {
				t.Errorf("records changed in the round trip:\n got %s\nwant %s", got, want)
			}
			if o.Protection != tt.prot {
				t.Errorf("Protection = %q, want %q", o.Protection, tt.prot)
			}
			if !o.Signed() || !o.SignatureValid || !o.SignedBy.Equal(testSigner().Public()) {
				t.Errorf("signature: signed=%v valid=%v by=%x", o.Signed(), o.SignatureValid, o.SignedBy)
			}
			m := o.Manifest
			if m.Format != FormatName || m.Version != FormatVersion || !m.CreatedAt.Equal(now) ||
				m.From.Name != "Ana Lima" || m.From.Email != "ana@example.com" || m.To.Name != "Ben Okoro" || m.Redacted {
				t.Errorf("manifest = %+v", m)
			}
			// The manifest lists the accounts by name order.
			if len(m.Accounts) != 2 || m.Accounts[0].Name != "Acme Corp" || m.Accounts[1].Name != "Globex" {
				t.Errorf("manifest accounts = %+v", m.Accounts)
			}
		})
	}
}

func TestWriteIsDeterministicAndLeavesInputAlone(t *testing.T) {
	b := testBundle()
	// Put the input out of canonical order: Write must not reorder it.
	b.Records[0].People[0], b.Records[0].People[1] = b.Records[0].People[1], b.Records[0].People[0]
	first := b.Records[0].People[0].ID
	one := mustWrite(t, b, WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})
	two := mustWrite(t, b, WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})
	if !bytes.Equal(one, two) {
		t.Error("writing the same bundle twice gave different bytes")
	}
	if b.Records[0].People[0].ID != first {
		t.Error("Write reordered the caller's records")
	}
}

func TestUnsignedBundleIsReported(t *testing.T) {
	o, err := ReadBytes(mustWrite(t, testBundle(), plain()), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Signed() || o.SignedBy != nil || o.SignatureValid {
		t.Errorf("unsigned bundle reported as signed: %+v", o)
	}
	for _, f := range unzip(t, mustWrite(t, testBundle(), plain())) {
		if f.name == SignaturePath {
			t.Error("an unsigned bundle has a signature file")
		}
	}
}

func TestBundleLayout(t *testing.T) {
	data := mustWrite(t, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})
	var names []string
	files := map[string][]byte{}
	for _, f := range unzip(t, data) {
		names = append(names, f.name)
		files[f.name] = f.data
	}
	want := []string{
		"accounts/" + id(1) + ".json", "brief/acme-corp.md",
		"accounts/" + id(100) + ".json", "brief/globex.md",
		"brief/README.md", "manifest.json", "signature",
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Errorf("files = %v\nwant %v", names, want)
	}
	// Account files are canonical, indented JSON.
	acc := files["accounts/"+id(1)+".json"]
	want1, _ := encodeJSON(canonical(acme()))
	if !bytes.Equal(acc, want1) {
		t.Error("account file is not the canonical indented record")
	}
	var m Manifest
	if err := json.Unmarshal(files[ManifestPath], &m); err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 5 {
		t.Errorf("manifest pins %d files, want 5 (all but itself and the signature)", len(m.Files))
	}
}

func TestProgress(t *testing.T) {
	var calls [][2]int
	opts := plain()
	opts.Progress = func(done, total int) { calls = append(calls, [2]int{done, total}) }
	mustWrite(t, testBundle(), opts)
	want := [][2]int{{0, 2}, {1, 2}, {2, 2}}
	if len(calls) != len(want) {
		t.Fatalf("progress calls = %v, want %v", calls, want)
	}
	for i := range want {
		if calls[i] != want[i] {
			t.Errorf("progress calls = %v, want %v", calls, want)
		}
	}
}

func TestRedaction(t *testing.T) {
	b := testBundle()
	data := mustWrite(t, b, WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}, Redact: true})
	o, err := ReadBytes(data, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !o.Manifest.Redacted {
		t.Error("manifest does not say the bundle is redacted")
	}
	// Exactly the private fields are gone: build the expected record by
	// hand, field by field.
	want := acme()
	want.Account.InternalContext = ""
	want.Account.UnwrittenKnowledge = ""
	for i := range want.People {
		want.People[i].Notes = ""
	}
	var kept []model.TimelineEntry
	for _, e := range want.Timeline {
		if !e.Internal {
			kept = append(kept, e)
		}
	}
	want.Timeline = kept
	if got, w := canonJSON(t, o.Records...), canonJSON(t, want, globex()); got != w {
		t.Errorf("redacted records:\n got %s\nwant %s", got, w)
	}
	// No private text anywhere in the bundle, brief included.
	for _, f := range unzip(t, data) {
		for _, secret := range []string{secretInternal, secretUnwritten, secretNotes, secretTimeline, secretEscalation, "INTERNAL:"} {
			if bytes.Contains(f.data, []byte(secret)) {
				t.Errorf("%s leaks %q", f.name, secret)
			}
		}
	}
	// And the caller's records are untouched.
	if b.Records[0].Account.InternalContext == "" || b.Records[0].People[1].Notes == "" || len(b.Records[0].Timeline) != 6 {
		t.Error("Redact changed the caller's record")
	}
}

func TestWriteRefuses(t *testing.T) {
	invalid := testBundle()
	invalid.Records[0].Timeline[0].People = []string{id(999)}
	dupAccount := testBundle()
	dupAccount.Records = append(dupAccount.Records, acme())
	sharedID := testBundle()
	sharedID.Records[1].People[0].ID = id(10) // Carol's ID, in Acme
	sharedID.Records[1].Timeline[0].People = []string{id(10)}
	noRecords := testBundle()
	noRecords.Records = nil
	noTo := testBundle()
	noTo.To.Name = " "
	tests := []struct {
		name string
		b    Bundle
		opts WriteOptions
		kind error
		msg  string
	}{
		{"no encryption chosen", testBundle(), WriteOptions{}, ErrBadInput, "no encryption was chosen"},
		{"two encryptions chosen", testBundle(), WriteOptions{Encryption: Encryption{None: true, Passphrase: "long enough phrase"}}, ErrBadInput, "more than one"},
		{"short passphrase", testBundle(), WriteOptions{Encryption: Encryption{Passphrase: "short"}}, ErrBadInput, "shorter than 8"},
		{"nil recipient", testBundle(), WriteOptions{Encryption: Encryption{Recipients: []age.Recipient{nil}}}, ErrBadInput, "recipient 1 is empty"},
		{"bad signer", testBundle(), WriteOptions{Encryption: Encryption{None: true}, Signer: ed25519.PrivateKey{1, 2}}, ErrBadInput, "not an ed25519"},
		{"no accounts", noRecords, plain(), ErrBadInput, "no accounts"},
		{"no receiver", noTo, plain(), ErrBadInput, "receiver's names"},
		{"invalid record", invalid, plain(), ErrInvalidAccount, "who is not a person in this account"},
		{"account twice", dupAccount, plain(), ErrInvalidAccount, "appears twice"},
		{"id in two accounts", sharedID, plain(), ErrInvalidAccount, "used in two accounts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tt.b, tt.opts)
			checkErr(t, err, tt.kind, tt.msg)
			if buf.Len() != 0 {
				t.Error("Write wrote something before refusing")
			}
		})
	}
}

// checkErr checks that err is an *Error of the kind, and that its message
// names the problem and says what to do.
func checkErr(t *testing.T, err error, kind error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %v", kind)
	}
	t.Logf("error: %v", err)
	if !errors.Is(err, kind) {
		t.Fatalf("error %q is not %v", err, kind)
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %q is not a *handoff.Error", err)
	}
	if e.Fix == "" {
		t.Errorf("error %q does not say what to do", err)
	}
	if !strings.Contains(err.Error(), msg) {
		t.Errorf("error %q does not contain %q", err, msg)
	}
}

func TestReadRefuses(t *testing.T) {
	ben, eve := newAgeIdentity(t), newAgeIdentity(t)
	signed := mustWrite(t, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})
	unsigned := mustWrite(t, testBundle(), plain())
	toBen := mustWrite(t, testBundle(), WriteOptions{Encryption: Encryption{Recipients: []age.Recipient{ben.Recipient()}}})
	withPass := mustWrite(t, testBundle(), WriteOptions{Encryption: Encryption{Passphrase: "correct horse battery"}})
	accPath := AccountPath(id(1))

	tamperedAccount := func() []byte {
		files := unzip(t, signed)
		for _, f := range files {
			if f.name == accPath {
				return rezip(t, replaceFile(files, accPath, bytes.Replace(f.data, []byte("USD"), []byte("EUR"), 1)))
			}
		}
		t.Fatal("no account file")
		return nil
	}()
	lyingManifest := func(signer ed25519.PrivateKey) []byte {
		return raw(t, []model.AccountRecord{acme()}, nil, signer, func(m *Manifest) {
			m.Files[0].SHA256 = strings.Repeat("ab", 32)
		})
	}
	alteredManifest := func() []byte {
		files := unzip(t, signed)
		for _, f := range files {
			if f.name == ManifestPath {
				return rezip(t, replaceFile(files, ManifestPath, bytes.Replace(f.data, []byte("Ben Okoro"), []byte("Mallory"), 1)))
			}
		}
		return nil
	}()
	badSignature := func() []byte {
		sig, _ := encodeJSON(signatureFile{Algorithm: sigAlgorithm, Signature: bytes.Repeat([]byte{1}, 64)})
		return rezip(t, replaceFile(unzip(t, signed), SignaturePath, sig))
	}()
	signatureRemoved := func() []byte {
		var files []zipFile
		for _, f := range unzip(t, signed) {
			if f.name != SignaturePath {
				files = append(files, f)
			}
		}
		return rezip(t, files)
	}()
	withFile := func(name string) []byte {
		return rezip(t, append(unzip(t, unsigned), zipFile{name, []byte("x")}))
	}
	bomb := raw(t, []model.AccountRecord{acme()}, []zipFile{{"brief/bomb.md", make([]byte, 20<<20)}}, nil, nil)
	newer := raw(t, []model.AccountRecord{acme()}, nil, nil, func(m *Manifest) { m.Version = FormatVersion + 1 })
	otherFormat := raw(t, []model.AccountRecord{acme()}, nil, nil, func(m *Manifest) { m.Format = "something-else" })
	missingFile := raw(t, []model.AccountRecord{acme()}, nil, nil, func(m *Manifest) {
		m.Files = append(m.Files, ManifestFile{Path: "brief/gone.md", SHA256: strings.Repeat("00", 32)})
	})
	extraAccount := raw(t, []model.AccountRecord{acme()}, nil, nil, func(m *Manifest) {
		m.Accounts = append(m.Accounts, ManifestAccount{ID: id(500), Name: "Ghost"})
	})
	dupIDs := func() []byte {
		g := globex()
		g.People[0].ID = id(10) // Carol's ID in Acme
		g.Timeline[0].People = []string{id(10)}
		return raw(t, []model.AccountRecord{acme(), g}, nil, nil, nil)
	}()
	missingPerson := func() []byte {
		a := acme()
		a.Timeline[2].People = []string{id(999)}
		return raw(t, []model.AccountRecord{a}, nil, nil, nil)
	}()
	unknownField := func() []byte {
		data, _ := encodeJSON(acme())
		data = bytes.Replace(data, []byte(`"name": "Acme Corp",`), []byte(`"name": "Acme Corp", "mood": "sunny",`), 1)
		files := []zipFile{{accPath, data}}
		return raw(t, nil, files, nil, func(m *Manifest) {
			m.Accounts = []ManifestAccount{{ID: id(1), Name: "Acme Corp"}}
		})
	}()
	manyFiles := func() []byte {
		files := unzip(t, unsigned)
		for i := 0; i < 30; i++ {
			files = append(files, zipFile{"brief/x" + string(rune('a'+i)) + ".md", nil})
		}
		return rezip(t, files)
	}()

	tests := []struct {
		name string
		data []byte
		opts ReadOptions
		kind error
		msg  string
	}{
		{"empty file", nil, ReadOptions{}, ErrNotBundle, "the file is empty"},
		{"not a zip", []byte("Dear Ben, here are the accounts."), ReadOptions{}, ErrNotBundle, "neither a zip nor an age-encrypted file"},
		{"truncated zip", signed[:len(signed)/2], ReadOptions{}, ErrDamaged, "not a complete zip"},
		{"truncated encrypted", toBen[:len(toBen)-100], ReadOptions{Identities: []age.Identity{ben}}, ErrDamaged, "truncated or corrupted"},
		{"truncated header", toBen[:30], ReadOptions{Identities: []age.Identity{ben}}, ErrDamaged, "encryption header is damaged"},
		{"armored age", []byte("-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n"), ReadOptions{}, ErrNotBundle, "armored"},
		{"wrong passphrase", withPass, ReadOptions{Passphrase: "incorrect horse"}, ErrWrongPassphrase, "passphrase does not open"},
		{"passphrase needed", withPass, ReadOptions{Identities: []age.Identity{ben}}, ErrEncrypted, "protected by a passphrase"},
		{"encrypted for someone else", toBen, ReadOptions{Identities: []age.Identity{eve}}, ErrNotForYou, "encrypted for someone else"},
		{"identity needed", toBen, ReadOptions{}, ErrEncrypted, "no identity was given"},
		{"tampered account", tamperedAccount, ReadOptions{}, ErrDamaged, accPath + " does not match its hash in the manifest; ask the sender for a new copy"},
		{"manifest lies about a hash", lyingManifest(nil), ReadOptions{}, ErrDamaged, "does not match its hash in the manifest"},
		{"signed manifest lies about a hash", lyingManifest(testSigner()), ReadOptions{}, ErrDamaged, "does not match its hash in the manifest"},
		{"manifest altered after signing", alteredManifest, ReadOptions{}, ErrBadSignature, "changed after Ana Lima signed it"},
		{"bad signature", badSignature, ReadOptions{}, ErrBadSignature, "signature does not match"},
		{"signature removed", signatureRemoved, ReadOptions{}, ErrBadSignature, "signature is missing"},
		{"dot-dot path", withFile("../evil.sh"), ReadOptions{}, ErrUnsafe, "climbs out of its folder"},
		{"nested dot-dot path", withFile("brief/../../evil.sh"), ReadOptions{}, ErrUnsafe, "climbs out of its folder"},
		{"absolute path", withFile("/etc/passwd"), ReadOptions{}, ErrUnsafe, "absolute path"},
		{"backslash path", withFile(`brief\..\evil.sh`), ReadOptions{}, ErrUnsafe, "backslashes"},
		{"drive path", withFile("C:/evil.sh"), ReadOptions{}, ErrUnsafe, "colon"},
		{"duplicate file", withFile(ManifestPath), ReadOptions{}, ErrUnsafe, "appears twice"},
		{"names differing in case", withFile("Manifest.json"), ReadOptions{}, ErrUnsafe, "differ only in case"},
		{"extra file", withFile("brief/extra.md"), ReadOptions{}, ErrDamaged, "not listed in the manifest"},
		{"missing file", missingFile, ReadOptions{}, ErrDamaged, "missing from the bundle"},
		{"decompression bomb", bomb, ReadOptions{}, ErrTooLarge, "decompression bomb"},
		{"total size limit", unsigned, ReadOptions{Limits: Limits{MaxTotalSize: 4 << 10}}, ErrTooLarge, "the limit for the whole bundle"},
		{"file size limit", unsigned, ReadOptions{Limits: Limits{MaxFileSize: 1 << 10}}, ErrTooLarge, "the limit for one file"},
		{"bundle size limit", unsigned, ReadOptions{Limits: Limits{MaxBundleSize: 100}}, ErrTooLarge, "more than the 100 B"},
		{"too many files", manyFiles, ReadOptions{Limits: Limits{MaxEntries: 10}}, ErrTooLarge, "more than the 10"},
		{"newer format version", newer, ReadOptions{}, ErrNewerVersion, "upgrade bob"},
		{"other format", otherFormat, ReadOptions{}, ErrNotBundle, "does not describe a bob handoff bundle"},
		{"no manifest", rezip(t, []zipFile{{"hello.txt", []byte("hi")}}), ReadOptions{}, ErrNotBundle, "no manifest.json"},
		{"empty zip", rezip(t, nil), ReadOptions{}, ErrNotBundle, "no manifest.json"},
		{"manifest lists an account without a file", extraAccount, ReadOptions{}, ErrDamaged, "but not its file"},
		{"duplicate ids across accounts", dupIDs, ReadOptions{}, ErrInvalidAccount, "is used in two accounts"},
		{"reference to a missing person", missingPerson, ReadOptions{}, ErrInvalidAccount, "who is not a person in this account"},
		{"field from a newer bob", unknownField, ReadOptions{}, ErrNewerVersion, `field "mood"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o, err := ReadBytes(tt.data, tt.opts)
			if o != nil {
				t.Error("Read returned a bundle along with an error")
			}
			checkErr(t, err, tt.kind, tt.msg)
		})
	}
}

func TestWriteFileAndReadFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, SuggestedName(testBundle(), Encryption{None: true}))
	if filepath.Base(path) != "ana-lima-to-ben-okoro-2025-03-01.bob.zip" {
		t.Errorf("SuggestedName = %s", filepath.Base(path))
	}
	// An old file at the path is replaced whole.
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteFile(path, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}}); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && st.Mode().Perm() != 0o600 {
		t.Errorf("bundle mode = %v, want 0600", st.Mode().Perm())
	}
	o, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Records) != 2 {
		t.Errorf("read %d records, want 2", len(o.Records))
	}
	// A failed write leaves the old file and no temporary file.
	if err := WriteFile(path, testBundle(), WriteOptions{}); err == nil {
		t.Fatal("WriteFile without an encryption choice succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("folder holds %d files after a failed write, want 1", len(entries))
	}
	if _, err := ReadFile(path, ReadOptions{}); err != nil {
		t.Errorf("the previous bundle was damaged by a failed write: %v", err)
	}
	_, err = ReadFile(filepath.Join(dir, "nope.bob.zip"), ReadOptions{})
	checkErr(t, err, ErrBadInput, "cannot open")
	_, err = ReadFile(dir, ReadOptions{})
	checkErr(t, err, ErrBadInput, "is not a file")
}

func TestSigningKeyText(t *testing.T) {
	pub := testSigner().Public().(ed25519.PublicKey)
	s := FormatSigningKey(pub)
	if !strings.HasPrefix(s, "bobsig1") || strings.ToLower(s) != s {
		t.Errorf("FormatSigningKey = %s", s)
	}
	for _, in := range []string{s, strings.ToUpper(s), "  " + s + "\n"} {
		got, err := ParseSigningKey(in)
		if err != nil || !got.Equal(pub) {
			t.Errorf("ParseSigningKey(%q) = %x, %v", in, got, err)
		}
	}
	typo := []byte(s)
	if typo[20] == 'a' {
		typo[20] = 'b'
	} else {
		typo[20] = 'a'
	}
	for in, msg := range map[string]string{
		string(typo):       "checksum",
		s[:30]:             "not a whole key",
		"age1" + s[7:]:     "does not start with bobsig1",
		s[:len(s)-1] + "1": "not a whole key",
	} {
		_, err := ParseSigningKey(in)
		checkErr(t, err, ErrBadInput, msg)
	}
}

func TestFolderEntriesAreTolerated(t *testing.T) {
	// Zip tools that re-pack a bundle add folder entries; they hold
	// nothing, so the signed content is still whole.
	files := unzip(t, mustWrite(t, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}}))
	files = append([]zipFile{{"accounts/", nil}, {"brief/", nil}}, files...)
	o, err := ReadBytes(rezip(t, files), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !o.Signed() || len(o.Records) != 2 {
		t.Errorf("signed %v, %d records", o.Signed(), len(o.Records))
	}
}
