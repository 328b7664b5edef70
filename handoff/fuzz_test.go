package handoff

import (
	"bytes"
	"errors"
	"testing"

	"filippo.io/age"
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
