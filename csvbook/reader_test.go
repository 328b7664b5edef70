package csvbook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readFixture(t *testing.T, name string) *Table {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tbl, err := Read(f)
	if err != nil {
		t.Fatalf("Read %s: %v", name, err)
	}
	return tbl
}

func TestRead(t *testing.T) {
	tests := []struct {
		file     string
		encoding string
		sep      rune
		rows     int
		// a cell to check: row, column, value
		row, col int
		cell     string
		line     int // the line the checked row starts on
	}{
		{"salesforce_accounts.csv", "UTF-8", ',', 4, 0, 9, "Global rollout; \"platinum\" support\nSecond line of the description.", 2},
		{"salesforce_accounts.csv", "UTF-8", ',', 4, 3, 1, "株式会社サンプル", 6},
		{"hubspot_companies.csv", "UTF-8 with BOM", ',', 3, 0, 1, "Hooli", 2},
		{"european_semicolon.csv", "UTF-8", ';', 3, 0, 7, "Zahlt pünktlich; Einkauf \"schwierig\"", 2},
		{"european_semicolon.csv", "UTF-8", ';', 3, 2, 0, "Ελληνική Εταιρεία ΑΕ", 4},
		{"excel_unicode.txt", "UTF-16LE", '\t', 2, 1, 0, "Łódź Logistics", 3},
		{"excel_unicode_be.txt", "UTF-16BE", '\t', 2, 1, 1, "99,000.00", 3},
		{"quoted_fields.csv", "UTF-8", ',', 2, 0, 0, "Quote \"Inc\"", 2},
		{"quoted_fields.csv", "UTF-8", ',', 2, 1, 0, "Multi\nLine Name Ltd", 5},
		{"french_accounts.csv", "UTF-8", ';', 2, 1, 3, "12 500 €", 3},
	}
	for _, tt := range tests {
		tbl := readFixture(t, tt.file)
		if tbl.Encoding != tt.encoding || tbl.Separator != tt.sep || len(tbl.Rows) != tt.rows {
			t.Errorf("%s: %s %q %d rows; want %s %q %d", tt.file, tbl.Encoding, tbl.Separator, len(tbl.Rows), tt.encoding, tt.sep, tt.rows)
			continue
		}
		r := tbl.Rows[tt.row]
		if got := r.Fields[tt.col]; got != tt.cell || r.Line != tt.line {
			t.Errorf("%s row %d col %d = %q at line %d; want %q at line %d", tt.file, tt.row, tt.col, got, r.Line, tt.cell, tt.line)
		}
	}
}

func TestReadRefusesWhatIsNotCSV(t *testing.T) {
	for _, name := range []string{"empty.csv", "header_only.csv", "binary.bin"} {
		raw, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Read(bytes.NewReader(raw))
		if !errors.Is(err, ErrNotCSV) {
			t.Errorf("%s: %v, want ErrNotCSV", name, err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: the error is not one line: %q", name, err)
		}
	}
}

func TestReadExcelSepLineAndWindows1252(t *testing.T) {
	tbl, err := Read(strings.NewReader("sep=;\r\nName;ARR\r\nCaf\xe9 Zo\xe9;1,5\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	if tbl.Separator != ';' || tbl.Encoding != "Windows-1252" || tbl.Rows[0].Fields[0] != "Café Zoé" || tbl.Rows[0].Line != 3 {
		t.Errorf("got %q %s %+v", tbl.Separator, tbl.Encoding, tbl.Rows)
	}
}

func FuzzRead(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err == nil {
			f.Add(raw)
		}
	}
	f.Add([]byte("sep=\"\na\"b\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		tbl, err := Read(bytes.NewReader(raw))
		if err != nil {
			if !errors.Is(err, ErrNotCSV) {
				t.Fatalf("an error that is not ErrNotCSV: %v", err)
			}
			return
		}
		if len(tbl.Rows) == 0 {
			t.Fatal("a table without rows was accepted")
		}
		prev := 0
		for _, r := range tbl.Rows {
			if r.Line <= prev {
				t.Fatalf("line numbers do not increase: %d after %d", r.Line, prev)
			}
			prev = r.Line
		}
		// Mapping and planning never fail on what Read accepts.
		if _, err := MapColumns(Accounts, tbl.Header, nil); err != nil {
			t.Fatalf("MapColumns: %v", err)
		}
	})
}
