// Package policytest holds the cases of the handoff rules (package
// handoff's FindSuccessor, KeyEncryption, Select and OpenOptions) as
// tables, so the rule's own tests and the tests of both front ends (the
// command line, and the export wizard or the import screen) run the very
// same cases: a front end that answered differently from the rule would
// fail its test.
package policytest

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"bob/handoff"
	"bob/model"
)

// Colleagues are the CSM's colleagues in every case: two whose names share
// "car", and one known by a unique part of the name ("okoro").
var Colleagues = []struct{ Name, Email string }{
	{"Ben Okoro", "ben@example.com"},
	{"Cara Diaz", "cara@example.com"},
	{"Carla Ruiz", "carla@example.com"},
}

// AddColleagues creates an identity for each of Colleagues and adds their
// public ids to the colleagues kept in configDir.
func AddColleagues(t testing.TB, configDir string) {
	t.Helper()
	c, err := handoff.LoadColleagues(configDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range Colleagues {
		id, err := handoff.CreateIdentity(t.TempDir(), p.Name, p.Email)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Add(id.Public().String()); err != nil {
			t.Fatal(err)
		}
	}
}

// SuccessorCase is a name typed for a successor and who it means.
type SuccessorCase struct {
	Typed string
	// Name is the successor it means; empty when it is an error.
	Name string
	// Colleague: the name found a colleague, so the bundle is encrypted
	// to their key by default. Otherwise no key is known: the CSM must
	// choose a passphrase or no encryption (KeyEncryption refuses).
	Colleague bool
	// Err is a part of the error's text, for a name that is ambiguous.
	Err []string
}

// SuccessorCases are the cases of FindSuccessor and KeyEncryption.
var SuccessorCases = []SuccessorCase{
	{Typed: "Ben Okoro", Name: "Ben Okoro", Colleague: true},
	{Typed: "BEN@example.com", Name: "Ben Okoro", Colleague: true},
	{Typed: "okoro", Name: "Ben Okoro", Colleague: true},
	{Typed: "carla", Name: "Carla Ruiz", Colleague: true},
	{Typed: "car", Err: []string{"Cara Diaz <cara@example.com>", "Carla Ruiz <carla@example.com>"}},
	{Typed: "Dana Wu", Name: "Dana Wu"},
}

// Book is the accounts of the selection cases, by name: Acme and Globex
// are tagged emea, Globex is handed off already, Initech has no tag.
func Book() []model.AccountRecord {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	mk := func(name string, tags ...string) model.AccountRecord {
		a := model.Account{ID: model.NewIDAt(now), Name: name, Tags: tags, Created: now, Updated: now}
		return model.AccountRecord{Account: a}
	}
	acme := mk("Acme Logistics", "emea")
	globex := mk("Globex Corporation", "emea")
	globex.Handoffs = []model.Handoff{{ID: model.NewIDAt(now), AccountID: globex.Account.ID, From: "Sam Rivera", To: "Ben Okoro", When: now, Status: model.HandoffSent}}
	initech := mk("Initech")
	return []model.AccountRecord{acme, globex, initech}
}

// SelectionCase is a selection of the accounts of Book and what it covers.
type SelectionCase struct {
	Name string
	// Selected are accounts chosen one by one (selected in the list, or
	// named with --account), by name.
	Selected []string
	Tag      string
	All      bool
	// Want are the accounts covered, by name, in order; Again those that
	// go out again.
	Want, Again []string
	// Err is a part of the error's text when nothing can be handed over.
	Err string
}

// SelectionCases are the cases of Select.
var SelectionCases = []SelectionCase{
	{Name: "chosen one by one", Selected: []string{"Initech", "Acme Logistics"}, Want: []string{"Initech", "Acme Logistics"}},
	{Name: "a handed-off account chosen goes again", Selected: []string{"Globex Corporation"}, Want: []string{"Globex Corporation"}, Again: []string{"Globex Corporation"}},
	{Name: "a tag leaves handed-off accounts out", Tag: "EMEA", Want: []string{"Acme Logistics"}},
	{Name: "all leaves handed-off accounts out", All: true, Want: []string{"Acme Logistics", "Initech"}},
	{Name: "an unknown tag", Tag: "apac", Err: `no account in your list has the tag "apac"`},
}

// Passphrase protects the cases' bundles that have one.
const Passphrase = "correct horse battery"

// ProtectionCase is a bundle protected one way (handoff.OpenOptions's
// rule: what opening it needs), opened by a CSM with or without a bob
// identity.
type ProtectionCase struct {
	Name       string
	Protection handoff.Protection
	// Identity: the CSM opening it has a bob identity, and a bundle
	// encrypted to keys is encrypted to theirs.
	Identity bool
	// Err is a part of the error's text when it cannot be opened; empty
	// when it opens (after the passphrase, for one that has one).
	Err string
}

// ProtectionCases are the cases of OpenOptions.
var ProtectionCases = []ProtectionCase{
	{Name: "to my key", Protection: handoff.ProtectionRecipients, Identity: true},
	{Name: "to keys, and I have no identity", Protection: handoff.ProtectionRecipients, Err: "you have no bob identity yet"},
	{Name: "a passphrase", Protection: handoff.ProtectionPassphrase, Identity: true},
	{Name: "a passphrase, and I have no identity", Protection: handoff.ProtectionPassphrase},
	{Name: "not encrypted, and I have no identity", Protection: handoff.ProtectionNone},
}

// WriteBundle writes, in dir, a bundle of Book's first account from Ana
// Lima to me, protected as the case says: encrypted to me's key (or, when
// me has none, to a stranger's), by Passphrase, or not at all. It returns
// its path.
func WriteBundle(t testing.TB, dir string, tc ProtectionCase, me handoff.Identity) string {
	t.Helper()
	var enc handoff.Encryption
	name := strings.NewReplacer(" ", "-", ",", "").Replace(tc.Name) + ".bob.zip"
	switch tc.Protection {
	case handoff.ProtectionRecipients:
		to := me.AgeIdentity
		if to == nil {
			var err error
			if to, err = age.GenerateX25519Identity(); err != nil {
				t.Fatal(err)
			}
		}
		enc.Recipients, name = []age.Recipient{to.Recipient()}, name+".age"
	case handoff.ProtectionPassphrase:
		enc.Passphrase, name = Passphrase, name+".age"
	default:
		enc.None = true
	}
	path := filepath.Join(dir, name)
	b := handoff.Bundle{From: handoff.Party{Name: "Ana Lima"}, To: handoff.Party{Name: "Sam Rivera"}, Records: Book()[:1]}
	if err := handoff.WriteFile(path, b, handoff.WriteOptions{Encryption: enc}); err != nil {
		t.Fatal(err)
	}
	return path
}
