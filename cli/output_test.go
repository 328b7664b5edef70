package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOutputNeverReplacesABookOrTheInput: every command that writes a file
// the user names refuses a book (the open one, through another name, or a
// backup) and the file it reads, and leaves both byte for byte as they were.
func TestOutputNeverReplacesABookOrTheInput(t *testing.T) {
	dir, db, account := peopleBook(t)
	if _, _, err := bob(t, "", "--db", db, "id", "create", "--name", "Ann Outgoing", "--email", "ann@example.com"); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.db")
	if err := os.Symlink(db, link); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "copy.db")
	if _, _, err := bob(t, "", "--db", db, "backup", backup); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(dir, "accounts.csv")
	if err := os.WriteFile(csv, []byte("Name,ARR\nGood Co,USD 5\nBad Co,lots\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"export-csv over the book", []string{"export-csv", "accounts", "-o", db}, "is a bob book"},
		{"export-csv over the book by a link", []string{"export-csv", "people", "-o", link}, "is a bob book"},
		{"export-csv over a backup", []string{"export-csv", "accounts", "-o", backup}, "is a bob book"},
		{"agenda over the book", []string{"agenda", "--ics", "-o", db}, "is a bob book"},
		{"people export over the book", []string{"people", "export", account, "-o", db}, "is a bob book"},
		{"bundle over the book, with --yes", []string{"export", "--to", "Ann", "--all", "--no-encrypt", "--yes", "-o", db}, "is a bob book"},
		{"bad rows over the book", []string{"import-csv", "accounts", csv, "--skip-bad", db}, "is a bob book"},
		{"bad rows over the file read", []string{"import-csv", "accounts", csv, "--skip-bad", csv}, "is the file being read"},
		{"export-csv into a folder", []string{"export-csv", "accounts", "-o", dir}, "is a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := map[string]string{db: fileHash(t, db), backup: fileHash(t, backup), csv: fileHash(t, csv)}
			_, _, err := bob(t, "", append([]string{"--db", db}, tc.args...)...)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("bob %v: %v, want an error saying %q", tc.args, err, tc.want)
			}
			if line := errorLine(err); !strings.Contains(line, "choose another file") && !strings.Contains(line, "name a file") {
				t.Errorf("the error does not say what to do: %s", line)
			}
			for path, h := range before {
				if fileHash(t, path) != h {
					t.Errorf("%s changed", path)
				}
			}
		})
	}
}

// TestFileNamesArePrintedSafely: a file or folder name holding escape
// sequences (a saved attachment, a name completed by the shell) is printed
// visibly in every line that names it, never raw.
func TestFileNamesArePrintedSafely(t *testing.T) {
	dir, db, account := peopleBook(t)
	evil := "x\x1b]0;title\x07\x1b[2J"
	folder := filepath.Join(dir, "in"+evil)
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	csv := filepath.Join(folder, "a"+evil+".csv")
	if err := os.WriteFile(csv, []byte("Name,ARR\nGood Co,USD 5\nBad Co,lots\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	in := func(name string) string { return filepath.Join(folder, name+evil) }
	for _, args := range [][]string{
		{"export-csv", "accounts", "-o", in("out")},
		{"agenda", "--ics", "-o", in("cal")},
		{"people", "export", account, "-o", in("people")},
		{"backup", in("copy")},
		{"backup", "restore", in("copy"), "--to", in("restored")},
		{"check", "--db", in("restored")},
		{"backup", "list", "--db", in("restored")},
		{"import-csv", "accounts", csv, "--skip-bad", in("bad")},
		{"demo", "--db", in("demo"), "--accounts", "1"},
	} {
		stdout, stderr, err := bob(t, "", append([]string{"--db", db}, args...)...)
		if err != nil {
			t.Fatalf("bob %q: %v", args, err)
		}
		if strings.ContainsAny(stdout+stderr, "\x1b\x07") {
			t.Errorf("bob %q printed raw control characters:\n%q\n%q", args, stdout, stderr)
		}
	}
}

// TestC1EscaperKeepsJSONAndCutsNoCharacter: the escaper writes C1 controls
// as \u escapes however the writes cut the text, and leaves the rest alone.
func TestC1EscaperKeepsJSONAndCutsNoCharacter(t *testing.T) {
	in := "{\"name\":\"Acme \u009b31m \u0085 Müller ¢\u00a0\"}\n"
	want := "{\"name\":\"Acme \\u009b31m \\u0085 Müller ¢\u00a0\"}\n"
	for cut := 0; cut <= len(in); cut++ {
		var b strings.Builder
		e := &c1Escaper{w: &b}
		if _, err := e.Write([]byte(in[:cut])); err != nil {
			t.Fatal(err)
		}
		if _, err := e.Write([]byte(in[cut:])); err != nil {
			t.Fatal(err)
		}
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
		if b.String() != want {
			t.Errorf("cut at %d: %q, want %q", cut, b.String(), want)
		}
	}
}

// TestEscapeC1IsTheEscaperOnAString: writeJSON and writeJSONList escape
// a string as the streaming escaper does.
func TestEscapeC1IsTheEscaperOnAString(t *testing.T) {
	for in, want := range map[string]string{
		"{\"name\":\"Acme \u009b31m \u0085 Müller ¢\u00a0\"}": "{\"name\":\"Acme \\u009b31m \\u0085 Müller ¢\u00a0\"}",
		"plain":              "plain",
		"\u0080\u009f":       "\\u0080\\u009f",
		"\u00c2\u0085\u00c2": "\u00c2\\u0085\u00c2",
	} {
		if got := escapeC1(in); got != want {
			t.Errorf("escapeC1(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestExportProgressOnlyOnATerminal: the progress line of an export (its
// completeness check, and of an import) rewrites itself
// with \r, which only a terminal honours; in a log or a pipe it is left
// out (the counts used to pile up on one line, and an error joined them).
func TestExportProgressOnlyOnATerminal(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	db := filepath.Join(dir, "book.db")
	fillDemoBook(t, db, bigExport)
	if _, _, err := bob(t, "", "--db", db, "id", "create", "--name", "Ann Outgoing", "--email", "ann@example.com"); err != nil {
		t.Fatal(err)
	}
	args := []string{"--db", db, "export", "--to", "Ben", "--all", "--no-encrypt", "--yes", "--no-mark"}
	_, stderr, err := bob(t, "", append(args, "-o", filepath.Join(dir, "a.zip"))...)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(stderr, "Writing the bundle") {
		t.Errorf("progress written to a pipe: %q", stderr)
	}
	was := stderrIsTerminal
	stderrIsTerminal = func(io.Writer) bool { return true }
	t.Cleanup(func() { stderrIsTerminal = was })
	_, stderr, err = bob(t, "", append(args, "-o", filepath.Join(dir, "b.zip"))...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, fmt.Sprintf("\rWriting the bundle: %d of %d accounts\n", bigExport, bigExport)) {
		t.Errorf("no progress on a terminal: %q", stderr)
	}
	// The import shows its two long steps the same way.
	_, stderr, err = bob(t, "", "--db", filepath.Join(dir, "into.db"), "import", "--trust-unknown", filepath.Join(dir, "b.zip"))
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"Reading the bundle", "Importing"} {
		if !strings.Contains(stderr, fmt.Sprintf("\r%s: %d of %d accounts\n", step, bigExport, bigExport)) {
			t.Errorf("no %q progress on a terminal: %q", step, stderr)
		}
	}
	// Without --yes the completeness check comes first, and shows its own.
	fakeTerminal(t)
	_, stderr, err = bob(t, "y\n", "--db", db, "export", "--to", "Ben", "--all", "--no-encrypt", "--no-mark", "-o", filepath.Join(dir, "c.zip"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(stderr, fmt.Sprintf("\rChecking the accounts: %d of %d accounts\n", bigExport, bigExport)) {
		t.Errorf("no progress of the completeness check on a terminal: %q", stderr)
	}
}

// TestOutputReplacesAFileOnlyWithForce: every command that writes a file
// the user names refuses one that is already there, in one line naming
// --force, and leaves it as it was; with --force it replaces it.
func TestOutputReplacesAFileOnlyWithForce(t *testing.T) {
	dir, db, account := peopleBook(t)
	csv := filepath.Join(dir, "accounts.csv")
	if err := os.WriteFile(csv, []byte("Name,ARR\nGood Co,USD 5\nBad Co,lots\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const mine = "my notes, not a book\n"
	for _, tc := range []struct {
		name string
		args func(file string) []string
	}{
		{"export-csv", func(f string) []string { return []string{"export-csv", "accounts", "-o", f} }},
		{"agenda --ics", func(f string) []string { return []string{"agenda", "--ics", "-o", f} }},
		{"people export", func(f string) []string { return []string{"people", "export", account, "-o", f} }},
		{"import-csv --skip-bad", func(f string) []string { return []string{"import-csv", "accounts", csv, "--skip-bad", f} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".txt")
			if err := os.WriteFile(file, []byte(mine), 0o600); err != nil {
				t.Fatal(err)
			}
			book := fileHash(t, db)
			_, _, err := bob(t, "", append([]string{"--db", db}, tc.args(file)...)...)
			if err == nil || !strings.Contains(err.Error(), "exists") || !strings.Contains(err.Error(), "--force") || strings.Contains(err.Error(), "\n") {
				t.Fatalf("over an existing file: %v, want one line naming --force", err)
			}
			if raw, _ := os.ReadFile(file); string(raw) != mine {
				t.Fatal("the existing file changed")
			}
			if fileHash(t, db) != book {
				t.Fatal("the book changed")
			}
			if _, _, err := bob(t, "", append(append([]string{"--db", db}, tc.args(file)...), "--force")...); err != nil {
				t.Fatalf("with --force: %v", err)
			}
			if raw, _ := os.ReadFile(file); string(raw) == mine || len(raw) == 0 {
				t.Fatal("--force did not replace the file")
			}
		})
	}
}
