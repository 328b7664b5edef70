package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportExportCSV(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	fixture := func(name string) string { return filepath.Join("..", "csvbook", "testdata", name) }

	out, _, err := bob(t, "", "import-csv", "accounts", fixture("salesforce_accounts.csv"), "--dry-run", "--db", db)
	if err != nil || !strings.Contains(out, "Account Name       -> name") || !strings.Contains(out, "4 new, 0 updated, 0 unchanged, 0 bad") ||
		!strings.Contains(out, "Dry run: nothing was written.") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if out, _, _ := bob(t, "", "list", "--db", db); strings.Contains(out, "Acme") {
		t.Fatal("the dry run wrote")
	}
	if out, _, err = bob(t, "", "import-csv", "accounts", fixture("salesforce_accounts.csv"), "--db", db); err != nil || !strings.Contains(out, "backed up in") {
		t.Fatalf("import: %v\n%s", err, out)
	}

	// A bad row stops the import, and says how to go on.
	before, _ := os.ReadFile(db)
	_, _, err = bob(t, "", "import-csv", "people", fixture("salesforce_contacts.csv"), "--db", db)
	if err == nil || !strings.Contains(err.Error(), "--skip-bad") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a bad row: %v", err)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Fatal("a refused import changed the book")
	}
	bad := filepath.Join(dir, "bad.csv")
	out, _, err = bob(t, "", "import-csv", "people", fixture("salesforce_contacts.csv"), "--skip-bad", bad, "--db", db)
	if err != nil || !strings.Contains(out, "Imported: 6 new") {
		t.Fatalf("skip-bad: %v\n%s", err, out)
	}
	if raw, err := os.ReadFile(bad); err != nil || !strings.Contains(string(raw), "Umbrella Corp") {
		t.Fatalf("the bad rows file: %v %s", err, raw)
	}
	if fi, _ := os.Stat(bad); fi.Mode().Perm() != 0o600 {
		t.Errorf("the bad rows file is %v", fi.Mode())
	}
	out, _, err = bob(t, "", "show", "Acme", "--db", db)
	if err != nil || !strings.Contains(out, "Ken Tanaka") {
		t.Fatalf("show: %v\n%s", err, out)
	}

	// The round trip: export, then import --update, changes nothing.
	for _, kind := range []string{"accounts", "people"} {
		file := filepath.Join(dir, kind+".csv")
		if _, _, err := bob(t, "", "export-csv", kind, "-o", file, "--db", db); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(db)
		out, _, err := bob(t, "", "import-csv", kind, file, "--update", "--db", db)
		if err != nil || !strings.Contains(out, "0 new, 0 updated") || !strings.Contains(out, "Nothing to import") {
			t.Fatalf("%s round trip: %v\n%s", kind, err, out)
		}
		if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
			t.Errorf("%s round trip changed the book", kind)
		}
	}
	out, _, err = bob(t, "", "export-csv", "people", "--db", db)
	if err != nil || !strings.HasPrefix(out, "ID,Account ID,Account,Name,") || !strings.Contains(out, "Maria Gonzalez") {
		t.Fatalf("export to stdout: %v\n%s", err, out)
	}
}

func TestImportCSVRefusals(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "book.db")
	fixture := func(name string) string { return filepath.Join("..", "csvbook", "testdata", name) }
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"accounts", fixture("binary.bin")}, "not a CSV file"},
		{[]string{"accounts", fixture("empty.csv")}, "empty"},
		{[]string{"accounts", fixture("header_only.csv")}, "no rows"},
		{[]string{"accounts", filepath.Join(dir, "missing.csv")}, "open"},
		{[]string{"accounts", fixture("ambiguous_dates.csv"), "--currency", "USD"}, "--date-order"},
		{[]string{"accounts", fixture("money_shapes.csv")}, "2 bad rows"},
		{[]string{"things", fixture("money_shapes.csv")}, "accounts or people"},
		{[]string{"accounts", fixture("money_shapes.csv"), "--map", "Nope=name"}, "no column"},
		{[]string{"accounts", fixture("money_shapes.csv"), "--date-order", "ymd"}, "dmy"},
	}
	for _, tt := range tests {
		_, _, err := bob(t, "", append(append([]string{"import-csv"}, tt.args...), "--db", db)...)
		if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: %v, want one line with %q", tt.args, err, tt.want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "backups")); err == nil {
		t.Error("a refused import took a backup")
	}
}
