package handoff

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"filippo.io/age"

	"bob/model"
)

// fuzzIdentity opens the encrypted seed, which is made in the same run.
var fuzzIdentity = func() *age.X25519Identity {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		panic(err)
	}
	return id
}()

// fuzzOptions are the options FuzzRead reads with.
func fuzzOptions() ReadOptions {
	return ReadOptions{
		Identities: []age.Identity{fuzzIdentity},
		Limits:     Limits{MaxTotalSize: 8 << 20, MaxFileSize: 4 << 20},
	}
}

// FuzzRead feeds Read arbitrary bytes: it must never panic, and it must
// either return a bundle or an *Error, never both and never neither.
func FuzzRead(f *testing.F) {
	signed := mustWrite(f, testBundle(), WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}})
	small := testBundle()
	small.Records = small.Records[1:]
	f.Add(signed)
	f.Add(mustWrite(f, small, plain()))
	f.Add(mustWrite(f, small, WriteOptions{Encryption: Encryption{Recipients: []age.Recipient{fuzzIdentity.Recipient()}}}))
	f.Add(signed[:len(signed)/2])
	f.Add(signed[len(signed)-200:])
	f.Add([]byte{})
	f.Add([]byte("PK\x05\x06"))
	f.Add([]byte(ageHeader))
	f.Add(rezip(f, []zipFile{{"../x", []byte("x")}, {ManifestPath, []byte(`{"format":"bob-handoff-bundle","version":1}`)}}))
	// Files listed out of the zip's order, which only the fuzz identity
	// opens (the corpus files under testdata hold the other hostile
	// bundles).
	f.Add(scatteredBundle(f, 300, fuzzIdentity.Recipient()))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := ReadBytes(data, fuzzOptions())
		switch {
		case err == nil && o == nil:
			t.Fatal("no bundle and no error")
		case err != nil && o != nil:
			t.Fatal("a bundle and an error")
		case err != nil:
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %q is not a *handoff.Error", err)
			}
		default:
			if len(o.Records) == 0 || len(o.Records) != len(o.Manifest.Accounts) {
				t.Fatalf("opened bundle with %d records for %d accounts", len(o.Records), len(o.Manifest.Accounts))
			}
			for _, r := range o.Records {
				if err := r.Validate(); err != nil {
					t.Fatalf("an invalid record got through: %v", err)
				}
			}
		}
	})
}

func TestFuzzSeedsOpen(t *testing.T) {
	// The encrypted seed must really open, or the fuzzer never gets past
	// decryption.
	small := testBundle()
	small.Records = small.Records[1:]
	data := mustWrite(t, small, WriteOptions{Encryption: Encryption{Recipients: []age.Recipient{fuzzIdentity.Recipient()}}})
	if !bytes.HasPrefix(data, []byte(ageHeader)) {
		t.Fatal("seed is not encrypted")
	}
	if _, err := ReadBytes(data, ReadOptions{Identities: []age.Identity{fuzzIdentity}}); err != nil {
		t.Fatal(err)
	}
}

// FuzzParsePublic feeds the colleague/identity line reader any text: it
// never panics, and a line it accepts has a safe name and email and
// reads back the same from its own String.
func FuzzParsePublic(f *testing.F) {
	id, err := CreateIdentity(f.TempDir(), "Ana Lima", "ana@example.com")
	if err != nil {
		f.Fatal(err)
	}
	line := id.Public().String()
	for _, seed := range []string{
		line,
		"Here is my id:\n" + line + "\nthanks!",
		"`" + line + "`",
		strings.Replace(line, `name="Ana Lima"`, `name="Ana \"the\" Lima"`, 1),
		strings.Replace(line, `name="Ana Lima"`, `name="Ana\u001b]0;x\u0007"`, 1),
		strings.Replace(line, `name="Ana Lima"`, `name=Ana`, 1),
		strings.Replace(line, "email=ana@example.com", "email=nobody", 1),
		"bob-id name=x",
		"bob-id name=\"unclosed",
		"",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, pasted string) {
		p, err := ParsePublic(pasted)
		if err != nil {
			return
		}
		if model.LineProblem(p.Name, model.MaxNameLen) != "" || model.LineProblem(p.Email, model.MaxLineLen) != "" {
			t.Fatalf("accepted an unsafe name or email: %q <%q>", p.Name, p.Email)
		}
		back, err := ParsePublic(p.String())
		if err != nil {
			t.Fatalf("its own line %q does not read back: %v", p.String(), err)
		}
		if back.Name != p.Name || back.Email != p.Email || !back.SigningKey.Equal(p.SigningKey) ||
			back.AgeRecipient.String() != p.AgeRecipient.String() {
			t.Fatalf("round trip changed %+v into %+v", p, back)
		}
	})
}
