// Package policytest holds the cases of the handoff rules (package
// handoff's FindSuccessor, KeyEncryption and Select) as tables, so the
// rule's own tests and the tests of both front ends (the command line and
// the export wizard) run the very same cases: a front end that answered
// differently from the rule would fail its test.
package policytest

import (
	"testing"
	"time"

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
