package handoff

import (
	"strings"
	"testing"

	"bob/model"
)

// A new account is checked as the import would write it, received: the
// sender's name, which a bundle may hold longer than a handoff takes,
// goes in its handoff. The plan (and so the preview, and bob import
// --dry-run) refuses it, rather than showing an import the book then
// refuses.
func TestPlanRefusesANewAccountTheImportWouldMakeInvalid(t *testing.T) {
	long := strings.Repeat("Ana Lima ", 30)[:model.MaxNameLen+50]
	data := raw(t, []model.AccountRecord{acme()}, nil, nil, func(m *Manifest) { m.From.Name = long })
	opened, err := ReadBytes(data, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	st := openStore(t)
	_, err = Plan(st, opened, PolicyKeep)
	checkErr(t, err, ErrInvalidAccount, "would make it invalid")
	if _, err := Apply(st, opened, PolicyKeep); err == nil {
		t.Fatal("the import wrote an invalid account")
	}
	if n, err := st.Count(); err != nil || n != 0 {
		t.Errorf("the book holds %d accounts (%v), want none", n, err)
	}
}
