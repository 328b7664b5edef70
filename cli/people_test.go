package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
	"bob/store"
)

func peopleBook(t *testing.T) (dir, db, account string) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	db = filepath.Join(dir, "book.db")
	st, err := store.Open(db, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	acc, err := st.PutAccount(model.Account{Name: "Acme Corp"})
	if err != nil {
		t.Fatal(err)
	}
	boss, err := st.PutPerson(model.Person{AccountID: acc.ID, Name: "Dana Whitfield", Title: "VP Operations", Email: "dana@acme.example",
		Roles: []model.Role{model.RoleSponsor}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutPerson(model.Person{AccountID: acc.ID, Name: "Priya Nair", ReportsTo: boss.ID, Roles: []model.Role{model.RoleChampion}}); err != nil {
		t.Fatal(err)
	}
	return dir, db, acc.Name
}

func TestPeopleCommand(t *testing.T) {
	_, db, acc := peopleBook(t)
	out, _, err := bob(t, "", "people", acc, "--db", db)
	if err != nil || !strings.Contains(out, "- **Dana Whitfield**") || !strings.Contains(out, "  - **Priya Nair**") {
		t.Fatalf("people: %v\n%s", err, out)
	}
	out, _, err = bob(t, "", "people", acc, "--json", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	var ps []personJSON
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 2 || ps[1].ReportsTo != ps[0].ID || ps[0].Status != "active" ||
		ps[0].Roles[0] != "executive sponsor" {
		t.Fatalf("people --json: %v\n%s", err, out)
	}
	if _, _, err := bob(t, "", "people", "Nobody", "--db", db); err == nil {
		t.Fatal("an unknown account was accepted")
	}
}

func TestPeopleExportImport(t *testing.T) {
	dir, db, acc := peopleBook(t)
	vcf := filepath.Join(dir, "acme.vcf")
	if _, _, err := bob(t, "", "people", "export", acc, "-o", vcf, "--db", db); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(vcf)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file: %v %v", fi, err)
	}
	b, _ := os.ReadFile(vcf)
	if strings.Count(string(b), "BEGIN:VCARD") != 2 || !strings.Contains(string(b), "ORG:Acme Corp") {
		t.Fatalf("export:\n%s", b)
	}
	// Re-import of our own export: nothing changes.
	out, _, err := bob(t, "", "people", "import", acc, vcf, "--db", db)
	if err != nil || !strings.Contains(out, "0 new, 0 changed, 2 unchanged") {
		t.Fatalf("re-import: %v\n%s", err, out)
	}
	// A phone's export: dry run first, then for real.
	phone := filepath.Join("..", "contacts", "testdata", "android.vcf")
	out, _, err = bob(t, "", "people", "import", acc, phone, "--dry-run", "--db", db)
	if err != nil || !strings.Contains(out, "2 new") || !strings.Contains(out, "Nothing was written") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	out, _, err = bob(t, "", "people", "import", acc, phone, "--db", db)
	if err != nil || !strings.Contains(out, "Imported 2 new") {
		t.Fatalf("import: %v\n%s", err, out)
	}
	js, _, _ := bob(t, "", "people", acc, "--json", "--db", db)
	if !strings.Contains(js, "Öla Åberg") {
		t.Fatalf("imported people missing:\n%s", js)
	}
	found := false
	filepath.Walk(dir, func(path string, _ os.FileInfo, _ error) error {
		found = found || strings.HasSuffix(path, "-vcard.db")
		return nil
	})
	if !found {
		t.Error("no backup before the import")
	}
}

func TestPeopleImportRefusesBadFiles(t *testing.T) {
	_, db, acc := peopleBook(t)
	before, _, _ := bob(t, "", "people", acc, "--json", "--db", db)
	cases := []struct{ file, want string }{
		{filepath.Join("..", "contacts", "testdata", "cut.vcf"), "line 5"},
		{filepath.Join("..", "contacts", "testdata", "notvcard.vcf"), "not a vCard file"},
		{filepath.Join("..", "contacts", "testdata", "control.vcf"), "control character"},
		{"no-such-file.vcf", "open the contacts file"},
	}
	for _, c := range cases {
		_, _, err := bob(t, "", "people", "import", acc, c.file, "--db", db)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want one line with %q", c.file, err, c.want)
		}
	}
	after, _, _ := bob(t, "", "people", acc, "--json", "--db", db)
	if before != after {
		t.Fatal("a refused import changed the book")
	}
}
