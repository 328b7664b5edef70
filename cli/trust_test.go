package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
)

// TestBundleTrust: your own bundle is recognised as yours and keeps you
// the owner; a bundle for someone else needs --not-for-me; an ID that
// names another account in your book is a conflict in the preview; owner
// changes are listed.
func TestBundleTrust(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	ben := newCSM(t, dir, "Ben Okoro", "ben@example.com")
	ben.ok("colleagues", "add", ana.publicID())
	fillDemoBook(t, ana.db, 2)
	var id string
	for k := range ana.records() {
		id = k
	}

	// Ana hands the account to Ben, takes it back, and replays her own
	// bundle: it is hers, signed by her, and stays hers.
	toBen := filepath.Join(dir, "to-ben.bob.zip")
	ana.ok("export", "--to", "Ben Okoro", "--account", id, "--no-encrypt", "--yes", "-o", toBen)
	ana.ok("takeback", id)
	out, errOut, err := ana.run("", "import", toBen)
	if err != nil {
		t.Fatalf("replaying her own bundle: %v\n%s%s", err, out, errOut)
	}
	if !strings.Contains(out, "Signed by you (Ana Lima)") || strings.Contains(errOut, "not one of your colleagues") {
		t.Errorf("her own key is not recognised:\n%s%s", out, errOut)
	}
	if owner := ana.records()[id].Account.Owner; owner != "Ana Lima" {
		t.Errorf("after replaying her own bundle the owner is %q, want Ana Lima", owner)
	}

	// A bundle addressed to Dana is refused for Ben unless he says so;
	// then the account is his.
	toDana := filepath.Join(dir, "to-dana.bob.zip")
	ana.ok("export", "--to", "Dana Fox", "--account", id, "--no-encrypt", "--no-mark", "--yes", "-o", toDana)
	out, errOut, err = ben.run("", "import", toDana)
	if err == nil || out != "" || errOut != "" {
		t.Errorf("the refusal is not one line: %v\n%s%s", err, out, errOut)
	}
	err = ben.fails("--not-for-me", "import", toDana)
	if !strings.Contains(err.Error(), "addressed to Dana Fox") {
		t.Errorf("refusal = %v", err)
	}
	out = ben.ok("import", toDana, "--dry-run")
	if !strings.Contains(out, "would be refused") {
		t.Errorf("the dry run does not say the import needs --not-for-me:\n%s", out)
	}
	ben.ok("import", toDana, "--not-for-me")
	if owner := ben.records()[id].Account.Owner; owner != "Ben Okoro" {
		t.Errorf("owner after importing with --not-for-me = %q, want Ben Okoro", owner)
	}

	// Ben's account under that ID gets another name and owner: the
	// preview of Ana's bundle lists the ID collision and the owner change.
	editAccount(t, ben.db, id, func(a *model.Account) { a.Name = "Globex Corporation"; a.Owner = "Cara Diaz" })
	out = ben.ok("import", toBen, "--dry-run")
	for _, want := range []string{`CONFLICT   same ID as your "Globex Corporation"`, "owner      Globex Corporation: Cara Diaz -> Ben Okoro"} {
		if !strings.Contains(out, want) {
			t.Errorf("the preview lacks %q:\n%s", want, out)
		}
	}
}
