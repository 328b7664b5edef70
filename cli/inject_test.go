package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/handoff"
	"bob/ui/uitest"
)

// TestCommandsPrintNoRawControls runs the printing commands on a book
// whose every field carries escape sequences (a title change, an OSC 52
// clipboard write, an OSC 8 link, a C1 CSI): none may reach the terminal
// raw; and restoring the dump of that book is refused, naming a field.
func TestCommandsPrintNoRawControls(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	rec := uitest.HostileBook(t, db)
	runs := [][]string{
		{"list", "--db", db},
		{"list", "--all", "--json", "--db", db},
		{"show", rec.Account.ID, "--db", db},
		{"show", rec.Account.ID, "--json", "--db", db},
		{"takeback", rec.Account.ID, "--db", db},
		{"check", "--db", db},
		{"agenda", "--db", db},
		{"agenda", "--markdown", "--db", db},
		{"people", rec.Account.ID, "--db", db},
		{"people", rec.Account.ID, "--json", "--db", db},
		{"people", "export", rec.Account.ID, "--db", db},
		{"export-csv", "accounts", "--db", db},
		{"export-csv", "people", "--db", db},
		{"agenda", "--ics", "--db", db},
		{"agenda", "--json", "--db", db},
		{"dump", "--db", db},
	}
	for _, args := range runs {
		out, errOut, _ := bob(t, "", args...)
		if strings.Count(out, "\n") < 1 && args[0] != "check" && args[0] != "takeback" {
			t.Errorf("bob %s printed nothing", args[0])
		}
		for _, s := range []string{out, errOut} {
			// vCard and iCalendar end their lines with CRLF: the format, not the data.
			s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\t", " ")
			if c := uitest.RawControl(s); c != "" {
				t.Errorf("bob %s: raw control %s", strings.Join(args, " "), c)
			}
		}
	}
	// The JSON still carries the value, escaped.
	out, _, _ := bob(t, "", "show", rec.Account.ID, "--json", "--db", db)
	if !strings.Contains(out, `\u001b]52;c;aGk=\u0007`) || !strings.Contains(out, `\u009b31m`) {
		t.Errorf("show --json lost the escaped value:\n%.400s", out)
	}

	dump, _, err := bob(t, "", "dump", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "book.json")
	if err := os.WriteFile(file, []byte(dump), 0o600); err != nil {
		t.Fatal(err)
	}
	fresh := filepath.Join(dir, "fresh.db")
	_, errOut, err := bob(t, "", "restore", file, "--db", fresh)
	if err == nil || !strings.Contains(err.Error(), "control character") {
		t.Fatalf("restore of a hostile dump: err = %v", err)
	}
	if line := errorLine(err); uitest.RawControl(line) != "" || len(line) > 1100 {
		t.Errorf("the error line is not safe: %q", line)
	}
	if uitest.RawControl(errOut) != "" {
		t.Errorf("restore's stderr has a raw control: %q", errOut)
	}
}

func TestErrorLineIsSafeAndShort(t *testing.T) {
	long := errorLine(os.ErrNotExist)
	if long != "bob: file does not exist" {
		t.Errorf("errorLine = %q", long)
	}
	huge := errorLine(&os.PathError{Op: "open", Path: strings.Repeat("\x1b]0;x\x07", 1<<20), Err: os.ErrNotExist})
	if uitest.RawControl(huge) != "" || len([]rune(huge)) > maxErrorLine+40 {
		t.Errorf("a crafted error makes a %d-character line", len([]rune(huge)))
	}
}

// TestHostileBundleIsRefusedSafely: a bundle whose manifest names or
// records carry escape sequences is refused with one safe line, and the
// book is unchanged.
func TestHostileBundleIsRefusedSafely(t *testing.T) {
	dir := t.TempDir()
	ana := newCSM(t, dir, "Ana Lima", "ana@example.com")
	ben := newCSM(t, dir, "Ben Okoro", "ben@example.com")
	fillDemoBook(t, ana.db, 2)
	plain := filepath.Join(dir, "plain.bob.zip")
	ana.ok("export", "--to", "Ben Okoro", "--all", "--no-encrypt", "--no-mark", "--yes", "-o", plain)
	ben.startBook()
	ben.ok("list")
	cases := []struct {
		name string
		file string // which part of the bundle the escape goes into
		from string
	}{
		{"manifest to", handoff.ManifestPath, `"name": "Ben Okoro"`},
		{"manifest from", handoff.ManifestPath, `"name": "Ana Lima"`},
		{"a record", handoff.AccountsDir, `"name": "`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-")+".bob.zip")
			rewriteZip(t, plain, bad, func(name string, data []byte) []byte {
				if strings.HasPrefix(name, c.file) {
					return []byte(strings.Replace(string(data), c.from, c.from[:len(c.from)-1]+`\u001b]52;c;aGk=\u0007\u009b2J"`, 1))
				}
				return data
			})
			for _, args := range [][]string{{"import", bad, "--dry-run"}, {"import", bad}} {
				out, errOut, err := ben.run("", args...)
				if err == nil {
					t.Fatalf("bob %s accepted the bundle:\n%s", strings.Join(args, " "), out)
				}
				for _, s := range []string{out, errOut, errorLine(err)} {
					if c := uitest.RawControl(s); c != "" {
						t.Errorf("bob %s: raw control %s", strings.Join(args, " "), c)
					}
				}
			}
		})
	}
}

func TestDemoIsBounded(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	_, _, err := bob(t, "", "demo", "--db", db, "--accounts", "100000000")
	if err == nil || !strings.Contains(err.Error(), "from 1 to 100000") || exitCode(err) != 2 {
		t.Fatalf("demo --accounts 100000000: err = %v", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused demo left a book file behind")
	}
}
