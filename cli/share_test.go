package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"bob/store"
)

// TestCommandsWorkWhileTheAppIsOpen holds the book open the way the app
// does (a store handle that lives on) and runs every kind of command
// beside it: reads and writes succeed at once, and the open handle is
// told what the commands changed.
func TestCommandsWorkWhileTheAppIsOpen(t *testing.T) {
	db := stepBook(t)
	appStore, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer appStore.Close()
	dir := filepath.Dir(db)
	for _, args := range [][]string{
		{"list"},
		{"show", "Acme"},
		{"dump"},
		{"agenda"},
		{"people", "Acme"},
		{"backup", filepath.Join(dir, "copy.db")},
		{"check"},
		{"export-csv", "accounts"},
		{"playbooks", "apply", "renewal", "Acme"},
	} {
		if out, _, err := bob(t, "", append(args, "--db", db)...); err != nil {
			t.Fatalf("bob %s with the book open: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	rec := showRecord(t, db, "Acme")
	if len(rec.Checklists) != 1 {
		t.Fatalf("the applied playbook is missing: %+v", rec.Checklists)
	}
	step := rec.Checklists[0].Steps[0]
	if _, _, err := bob(t, "", "step", "done", step.ID, "--db", db); err != nil {
		t.Fatalf("bob step done with the book open: %v", err)
	}
	changes, _, err := appStore.Changes()
	if err != nil || len(changes) != 2 {
		t.Fatalf("the open handle sees %+v, %v; want the two writes", changes, err)
	}
	for _, c := range changes {
		if len(c.Accounts) != 1 || c.Accounts[0] != rec.Account.ID {
			t.Fatalf("change %+v does not name Acme", c)
		}
	}
	if got, err := appStore.Record(rec.Account.ID); err != nil || got.Checklists[0].Steps[0].State != "done" {
		t.Fatalf("the open handle reads %+v, %v", got.Checklists, err)
	}
}
