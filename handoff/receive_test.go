package handoff_test

import (
	"errors"
	"io/fs"
	"testing"

	"bob/handoff"
)

// Receive decides, for both front ends, whose the imported accounts
// become and which identity the trust assessment counts.
func TestReceive(t *testing.T) {
	me, err := handoff.CreateIdentity(t.TempDir(), "Sam Rivera", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	sender, err := handoff.CreateIdentity(t.TempDir(), "Alex Kim", "alex@example.com")
	if err != nil {
		t.Fatal(err)
	}
	opened := func(to string) *handoff.Opened {
		return &handoff.Opened{
			Manifest:       handoff.Manifest{From: handoff.Sender{Name: "Alex Kim"}, To: handoff.Party{Name: to}},
			SignedBy:       sender.Public().SigningKey,
			SignatureValid: true,
		}
	}
	noKeys := me
	noKeys.SigningKey = nil
	for _, c := range []struct {
		name         string
		to           string
		me           handoff.Identity
		idErr        error
		wantReceiver handoff.Party
		wantYou      string
		notForYou    bool
	}{
		{name: "addressed to me", to: "Sam Rivera", me: me,
			wantReceiver: handoff.Party{Name: "Sam Rivera", Email: "sam@example.com"}, wantYou: "Sam Rivera"},
		{name: "addressed to someone else: still mine, but said", to: "Jo Park", me: me,
			wantReceiver: handoff.Party{Name: "Sam Rivera", Email: "sam@example.com"}, wantYou: "Sam Rivera", notForYou: true},
		{name: "no identity", to: "Jo Park", idErr: fs.ErrNotExist},
		{name: "an identity that failed to load counts as none", to: "Jo Park", me: me, idErr: errors.New("bad file")},
		{name: "an identity without keys counts as none", to: "Jo Park", me: noKeys},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opened(c.to)
			tr := handoff.Receive(o, c.me, c.idErr, nil)
			if o.Receiver != c.wantReceiver {
				t.Errorf("Receiver = %+v, want %+v", o.Receiver, c.wantReceiver)
			}
			if tr.You != c.wantYou || tr.NotForYou != c.notForYou {
				t.Errorf("trust: You %q NotForYou %v, want %q %v", tr.You, tr.NotForYou, c.wantYou, c.notForYou)
			}
			if tr.Signer != handoff.SignerUnknown {
				t.Errorf("Signer = %v, want unknown (no colleagues)", tr.Signer)
			}
		})
	}
}

// The import previews of the app and the command line both print these.
func TestProtectionOpenedWords(t *testing.T) {
	for p, want := range map[handoff.Protection]string{
		handoff.ProtectionRecipients: "encrypted to your key",
		handoff.ProtectionPassphrase: "encrypted with a passphrase",
		handoff.ProtectionNone:       "not encrypted",
	} {
		if got := p.OpenedWords(); got != want {
			t.Errorf("%s: %q, want %q", p, got, want)
		}
	}
}
