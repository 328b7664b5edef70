package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"bob/store"
)

func TestTrashListAndEmpty(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	fillDemoBook(t, db, 3)
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	sums, _ := st.Summaries()
	if _, err := st.DeleteAccount(sums[0].ID); err != nil {
		t.Fatal(err)
	}
	st.Close()

	out, _, err := bob(t, "", "trash", "--db", db)
	if err != nil || !strings.Contains(out, "account") || !strings.Contains(out, sums[0].Name) {
		t.Fatalf("bob trash: %v\n%s", err, out)
	}
	before := fileHash(t, db)
	if _, _, err := bob(t, "", "trash", "empty", "--db", db); err == nil || !strings.Contains(err.Error(), "--yes") || exitCode(err) != 2 {
		t.Errorf("empty without a terminal or --yes: %v", err)
	}
	fakeTerminal(t)
	if _, _, err := bob(t, "n\n", "trash", "empty", "--db", db); err == nil || !strings.Contains(err.Error(), "not emptied") {
		t.Errorf("answering no: %v", err)
	}
	if fileHash(t, db) != before {
		t.Error("a refused empty changed the book")
	}
	out, _, err = bob(t, "y\n", "trash", "empty", "--db", db)
	if err != nil || !strings.Contains(out, "Deleted 1 item for good") || !strings.Contains(out, "backed up in") {
		t.Fatalf("empty: %v\n%s", err, out)
	}
	if out, _, _ := bob(t, "", "trash", "--db", db); !strings.Contains(out, "The trash is empty.") {
		t.Errorf("after emptying:\n%s", out)
	}
}
