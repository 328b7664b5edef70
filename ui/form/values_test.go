package form_test

import (
	"errors"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
	"bob/ui/form"
)

func TestLookup(t *testing.T) {
	rs := []model.Risk{{ID: "a", Title: "A"}, {ID: "b", Title: "B"}}
	id := func(r model.Risk) string { return r.ID }
	if r, err := form.Lookup(rs, "b", id, "risk"); err != nil || r.Title != "B" {
		t.Fatalf("Lookup b: %v, %v", r, err)
	}
	_, err := form.Lookup(rs, "c", id, `risk "C"`)
	if !errors.Is(err, store.ErrNotFound) || err.Error() != `risk "C": `+store.ErrNotFound.Error() {
		t.Fatalf("Lookup of a missing record: %v", err)
	}
}

// TestSaveReturnsTheErrorToTheForm: a store error comes back as it is,
// so that a ValidationError can show under its fields.
func TestSaveReturnsTheErrorToTheForm(t *testing.T) {
	bad := &model.ValidationError{Problems: []model.FieldError{{Field: "title", Problem: "is required"}}}
	msg := form.Save(func() (model.Risk, error) { return model.Risk{}, bad }, func(model.Risk) tea.Msg { return "saved" })()
	if msg != error(bad) {
		t.Fatalf("Save on an error sent %#v, want the error itself", msg)
	}
	msg = form.Save(func() (model.Risk, error) { return model.Risk{Title: "T"}, nil }, func(r model.Risk) tea.Msg { return r.Title })()
	if msg != "T" {
		t.Fatalf("Save on success sent %#v", msg)
	}
}
