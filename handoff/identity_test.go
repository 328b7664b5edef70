package handoff

import (
	"bytes"
	"crypto/ed25519"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"filippo.io/age"
)

func checkMode(t *testing.T, path string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		return
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %04o, want 0600", filepath.Base(path), st.Mode().Perm())
	}
}

func TestIdentityCreateLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bob") // created on demand
	id, err := CreateIdentity(dir, " Ana Lima ", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, IdentityFile)
	checkMode(t, path)
	loaded, err := LoadIdentity(dir)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Name != "Ana Lima" || loaded.Email != "ana@example.com" ||
		!loaded.SigningKey.Equal(id.SigningKey) || loaded.AgeIdentity.String() != id.AgeIdentity.String() {
		t.Errorf("loaded identity differs from the created one")
	}

	// The loaded keys work: a bundle encrypted to the public part opens
	// with the private part, and its signature names the signing key.
	pub := loaded.Public()
	data := mustWrite(t, testBundle(), WriteOptions{Signer: loaded.SigningKey, Encryption: Encryption{Recipients: []age.Recipient{pub.AgeRecipient}}})
	o, err := ReadBytes(data, ReadOptions{Identities: []age.Identity{loaded.AgeIdentity}})
	if err != nil {
		t.Fatal(err)
	}
	if !o.SignedBy.Equal(pub.SigningKey) || o.Manifest.From.SigningKey != pub.SigningKeyString() {
		t.Error("bundle not signed by the identity")
	}

	// Never overwrite: the old keys would be lost.
	before, _ := os.ReadFile(path)
	_, err = CreateIdentity(dir, "Someone Else", "else@example.com")
	checkErr(t, err, ErrIdentity, "already exists")
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Error("CreateIdentity changed an existing identity")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary files left behind: %d entries", len(entries))
	}
}

func TestIdentityErrors(t *testing.T) {
	dir := t.TempDir()
	_, err := LoadIdentity(dir)
	checkErr(t, err, ErrIdentity, "no bob identity yet")
	_, err = CreateIdentity(dir, "", "ana@example.com")
	checkErr(t, err, ErrBadInput, "name is required")
	_, err = CreateIdentity(dir, "Ana", "not-an-email")
	checkErr(t, err, ErrBadInput, "not an email address")

	if _, err := CreateIdentity(dir, "Ana", "ana@example.com"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, IdentityFile)
	if runtime.GOOS != "windows" {
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err = LoadIdentity(dir)
		checkErr(t, err, ErrIdentity, "can be read by other users")
		os.Chmod(path, 0o600)
	}
	if err := os.WriteFile(path, []byte(`{"format":"bob-identity","version":1,"signing_seed":"AAAA","age_identity":"x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadIdentity(dir)
	checkErr(t, err, ErrIdentity, "signing key is damaged")
	if err := os.WriteFile(path, []byte(`not json`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadIdentity(dir)
	checkErr(t, err, ErrIdentity, "not valid JSON")
}

func testPublic(t *testing.T, name, email string) Public {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	return Public{Name: name, Email: email, SigningKey: pub, AgeRecipient: newAgeIdentity(t).Recipient()}
}

func samePublic(a, b Public) bool {
	return a.Name == b.Name && a.Email == b.Email && a.SigningKey.Equal(b.SigningKey) && a.AgeRecipient.String() == b.AgeRecipient.String()
}

func TestPublicLine(t *testing.T) {
	p := testPublic(t, `Zoë "Z" O'Neil`, "zoe@example.com")
	line := p.String()
	if !strings.HasPrefix(line, "bob-id name=") || strings.Contains(line, "\n") {
		t.Errorf("String = %q", line)
	}
	sign, ageKey := FormatSigningKey(p.SigningKey), p.AgeRecipient.String()
	pastes := map[string]string{
		"as written":       line,
		"inside a message": "Hi! Here is mine:\n`" + line + "`\nThanks, Zoë",
		"wrapped by chat":  strings.Replace(line, " sign=", "\nsign=", 1),
		"other order":      `bob-id age=` + ageKey + ` sign=` + sign + ` email=zoe@example.com name="Zoë \"Z\" O'Neil" team=emea`,
	}
	for name, pasted := range pastes {
		got, err := ParsePublic(pasted)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !samePublic(got, p) {
			t.Errorf("%s: parsed %+v", name, got)
		}
	}
	bad := map[string]string{
		"no prefix":       "name=Ana email=a@b.c",
		"no name":         "bob-id email=a@b.c sign=" + sign + " age=" + ageKey,
		"no email":        "bob-id name=Ana sign=" + sign + " age=" + ageKey,
		"no signing key":  "bob-id name=Ana email=a@b.c age=" + ageKey,
		"bad signing key": "bob-id name=Ana email=a@b.c sign=" + sign[:len(sign)-2] + "qq age=" + ageKey,
		"no age key":      "bob-id name=Ana email=a@b.c sign=" + sign,
		"bad age key":     "bob-id name=Ana email=a@b.c sign=" + sign + " age=age1nope",
		"open quote":      `bob-id name="Ana email=a@b.c`,
	}
	for name, pasted := range bad {
		if _, err := ParsePublic(pasted); err == nil {
			t.Errorf("%s: ParsePublic(%q) succeeded", name, pasted)
		}
	}
}

func TestColleagues(t *testing.T) {
	dir := t.TempDir()
	c, err := LoadColleagues(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.List()) != 0 {
		t.Fatal("a new colleagues list is not empty")
	}
	ben := testPublic(t, "Ben Okoro", "ben@example.com")
	cy := testPublic(t, "Cy Twin", "cy1@example.com")
	cy2 := testPublic(t, "Cy Twin", "cy2@example.com")
	for _, p := range []Public{ben, cy, cy2} {
		if _, err := c.Add(p.String()); err != nil {
			t.Fatal(err)
		}
	}
	checkMode(t, filepath.Join(dir, ColleaguesFile))

	// A second bob sees the same list.
	c2, err := LoadColleagues(dir)
	if err != nil {
		t.Fatal(err)
	}
	list := c2.List()
	if len(list) != 3 || list[0].Name != "Ben Okoro" {
		t.Fatalf("List = %+v", list)
	}
	for _, q := range []string{"ben okoro", "BEN@example.com", FormatSigningKey(ben.SigningKey)} {
		got, err := c2.Lookup(q)
		if err != nil || !samePublic(got, ben) {
			t.Errorf("Lookup(%q) = %+v, %v", q, got, err)
		}
	}
	if got, ok := c2.BySigningKey(cy2.SigningKey); !ok || got.Email != "cy2@example.com" {
		t.Errorf("BySigningKey = %+v, %v", got, ok)
	}
	_, err = c2.Lookup("Cy Twin")
	checkErr(t, err, ErrBadInput, "cy1@example.com, cy2@example.com")
	_, err = c2.Lookup("Nobody")
	checkErr(t, err, ErrBadInput, `no colleague matches "Nobody"`)

	// Same key again: an update. Same email, other key: refused.
	ben.Name = "Ben O."
	if _, err := c2.Add(ben.String()); err != nil {
		t.Fatal(err)
	}
	if got, _ := c2.Lookup("ben@example.com"); got.Name != "Ben O." || len(c2.List()) != 3 {
		t.Errorf("re-adding did not update: %+v", c2.List())
	}
	impostor := testPublic(t, "Ben Okoro", "ben@example.com")
	_, err = c2.Add(impostor.String())
	checkErr(t, err, ErrBadInput, "already stored with a different signing key")

	if _, err := c2.Remove("cy1@example.com"); err != nil {
		t.Fatal(err)
	}
	c3, _ := LoadColleagues(dir)
	if len(c3.List()) != 2 {
		t.Errorf("after Remove: %+v", c3.List())
	}
	if _, ok := c3.BySigningKey(cy.SigningKey); ok {
		t.Error("removed colleague still found")
	}

	if err := os.WriteFile(filepath.Join(dir, ColleaguesFile), []byte(`{"format":"bob-colleagues","version":1,"colleagues":[{"name":"X","email":"x@y.z","sign":"bobsig1aaaa","age":"age1x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = LoadColleagues(dir)
	checkErr(t, err, ErrIdentity, "is damaged")
}

func TestNamesWithControlsAreRefused(t *testing.T) {
	dir := t.TempDir()
	if _, err := CreateIdentity(dir, "Sam\x1b]0;x\x07", "sam@example.com"); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("CreateIdentity with an escape: %v", err)
	}
	ana, err := CreateIdentity(t.TempDir(), "Ana Lima", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Replace(ana.Public().String(), `name="Ana Lima"`, `name="Ana\u009b2J"`, 1)
	if _, err := ParsePublic(line); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("ParsePublic of %q: %v", line, err)
	}
	cs, err := LoadColleagues(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.Add(ana.Public().String()); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, ColleaguesFile)
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	raw = []byte(strings.Replace(string(raw), `"Ana Lima"`, `"Ana\u001b]52;c;aGk=\u0007"`, 1))
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadColleagues(dir); err == nil || !strings.Contains(err.Error(), "control character") {
		t.Errorf("LoadColleagues of an edited file: %v", err)
	}
}
