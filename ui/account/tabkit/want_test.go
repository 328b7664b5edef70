package tabkit_test

import (
	"testing"

	"bob/ui/account/tabkit"
)

func TestWant(t *testing.T) {
	rows := []string{"a", "b", "c"}
	find := func(w *tabkit.Want, id string, rows []string) int {
		return w.Find(id, len(rows), func(i int) bool { return rows[i] == id })
	}
	var w tabkit.Want
	if got := w.Or("b"); got != "b" {
		t.Fatalf("nothing wanted: Or = %q, want the current b", got)
	}
	w.Set("d")
	if got := w.Or("b"); got != "d" {
		t.Fatalf("d wanted: Or = %q", got)
	}
	// d is not listed yet: the wait goes on across a reload.
	if i := find(&w, "d", rows); i != -1 || w.Or("") != "d" {
		t.Fatalf("d not listed: found %d, still wanted %q", i, w.Or(""))
	}
	// Finding another record leaves the wait as it is.
	if i := find(&w, "c", rows); i != 2 || w.Or("") != "d" {
		t.Fatalf("c: found %d, still wanted %q", i, w.Or(""))
	}
	if i := find(&w, "d", append(rows, "d")); i != 3 || w.Or("") != "" {
		t.Fatalf("d listed: found %d, still wanted %q", i, w.Or(""))
	}
}
