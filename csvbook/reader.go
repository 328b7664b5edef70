package csvbook

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"bob/model"
)

// MaxFileSize bounds how much of a file is read: a book of business is at
// most a few thousand rows, and a bigger file is almost surely the wrong one.
const MaxFileSize = 64 << 20

// Table is a CSV file as read: its header, its data rows and what was
// detected about it.
type Table struct {
	Header []string
	Rows   []Row
	// Separator is the detected field separator: ',', ';' or '\t'.
	Separator rune
	// Encoding names the detected text encoding, e.g. "UTF-16LE".
	Encoding string
}

// Row is one data row and the line of the file it starts on (1-based,
// counting the header), so problems can be reported where the user finds them.
type Row struct {
	Line   int
	Fields []string
}

// ErrNotCSV is wrapped by every error about a file that is not a CSV file
// bob can read at all (binary, empty, only a header).
var ErrNotCSV = errors.New("not a CSV file")

// Read reads a whole CSV file: it detects the encoding and the separator,
// parses quoted fields (with embedded separators, quotes and newlines),
// and drops empty rows. A file that is binary, empty or only a header is
// refused with an error wrapping ErrNotCSV.
func Read(r io.Reader) (*Table, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if len(raw) > MaxFileSize {
		return nil, fmt.Errorf("%w: larger than %s; split it and import the parts", ErrNotCSV, model.SizeWords(MaxFileSize))
	}
	text, enc, err := decode(raw)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("%w: the file is empty", ErrNotCSV)
	}
	sep, offset := detectSeparator(text), 0
	// Excel writes a first line "sep=;" to say which separator it used.
	if first, rest, ok := strings.Cut(text, "\n"); ok && len(strings.TrimSpace(first)) == 5 &&
		strings.HasPrefix(strings.ToLower(first), "sep=") {
		sep, text, offset = rune(first[4]), rest, 1
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	t := &Table{Separator: sep, Encoding: enc}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrNotCSV, err)
		}
		line, _ := cr.FieldPos(0)
		line += offset
		if blank(rec) {
			continue
		}
		if t.Header == nil {
			t.Header = trimAll(rec)
			continue
		}
		for i := range rec {
			rec[i] = plainCell(rec[i])
		}
		t.Rows = append(t.Rows, Row{Line: line, Fields: rec})
	}
	if len(t.Header) < 2 && len(t.Rows) == 0 {
		return nil, fmt.Errorf("%w: found no columns and no rows", ErrNotCSV)
	}
	if len(t.Rows) == 0 {
		return nil, fmt.Errorf("%w: it has a header but no rows", ErrNotCSV)
	}
	return t, nil
}

// decode turns the file's bytes into text. A byte-order mark decides
// (UTF-8, UTF-16LE, UTF-16BE); UTF-16 without one is recognised by its
// zero bytes; other text that is not UTF-8 is read as Windows-1252, what
// Excel on Windows writes for "CSV". Text with NUL or many other control
// bytes is binary and refused.
func decode(raw []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xEF, 0xBB, 0xBF}):
		return checkText(string(raw[3:]), "UTF-8 with BOM")
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}):
		return decodeUTF16(raw, unicode.LittleEndian, "UTF-16LE")
	case bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		return decodeUTF16(raw, unicode.BigEndian, "UTF-16BE")
	}
	if len(raw) >= 4 && raw[0] != 0 && raw[1] == 0 && raw[2] != 0 && raw[3] == 0 {
		return decodeUTF16(raw, unicode.LittleEndian, "UTF-16LE")
	}
	if len(raw) >= 4 && raw[0] == 0 && raw[1] != 0 && raw[2] == 0 && raw[3] != 0 {
		return decodeUTF16(raw, unicode.BigEndian, "UTF-16BE")
	}
	if utf8.Valid(raw) {
		return checkText(string(raw), "UTF-8")
	}
	if bytes.IndexByte(raw, 0) >= 0 {
		return "", "", fmt.Errorf("%w: it looks like a binary file (export it from your CRM or spreadsheet as CSV)", ErrNotCSV)
	}
	s, err := charmap.Windows1252.NewDecoder().Bytes(raw)
	if err != nil {
		return "", "", fmt.Errorf("%w: %v", ErrNotCSV, err)
	}
	return checkText(string(s), "Windows-1252")
}

func decodeUTF16(raw []byte, order unicode.Endianness, name string) (string, string, error) {
	s, err := unicode.UTF16(order, unicode.ExpectBOM).NewDecoder().Bytes(raw)
	if err != nil {
		// No BOM (detected by zero bytes): decode without expecting one.
		s, err = unicode.UTF16(order, unicode.IgnoreBOM).NewDecoder().Bytes(raw)
	}
	if err != nil {
		return "", "", fmt.Errorf("%w: damaged %s text: %v", ErrNotCSV, name, err)
	}
	return checkText(string(s), name)
}

// checkText refuses text that is binary: NUL bytes, or more than one
// control character in a hundred (tabs, line ends excepted).
func checkText(s, enc string) (string, string, error) {
	controls, n := 0, 0
	for _, r := range s {
		n++
		if r == 0 || r == utf8.RuneError {
			controls += 100
		} else if r < 0x20 && r != '\t' && r != '\n' && r != '\r' {
			controls++
		}
	}
	if n > 0 && controls*100 > n {
		return "", "", fmt.Errorf("%w: it looks like a binary file (export it from your CRM or spreadsheet as CSV)", ErrNotCSV)
	}
	return s, enc, nil
}

// detectSeparator picks ',', ';' or tab: the one that splits the first
// lines (outside quotes) into the same number of fields, most of them.
func detectSeparator(text string) rune {
	lines := firstLines(text, 20)
	best, bestScore := ',', -1
	for _, sep := range []rune{',', ';', '\t'} {
		counts := map[int]int{}
		for _, l := range lines {
			counts[countOutsideQuotes(l, sep)]++
		}
		// The score: how many lines agree on the most common non-zero count,
		// weighted by that count so that "a;b,c;d" prefers ';'.
		score := 0
		for c, n := range counts {
			if c > 0 && n*1000+c > score {
				score = n*1000 + c
			}
		}
		if score > bestScore {
			best, bestScore = sep, score
		}
	}
	return best
}

// firstLines returns up to n logical lines, joining lines inside quotes.
func firstLines(text string, n int) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	for _, r := range text {
		switch {
		case r == '"':
			inQuote = !inQuote
			cur.WriteRune(r)
		case (r == '\n' || r == '\r') && !inQuote:
			if strings.TrimSpace(cur.String()) != "" {
				out = append(out, cur.String())
				if len(out) == n {
					return out
				}
			}
			cur.Reset()
		default:
			cur.WriteRune(r)
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, cur.String())
	}
	return out
}

func countOutsideQuotes(line string, sep rune) int {
	n, inQuote := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == sep && !inQuote:
			n++
		}
	}
	return n
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		out[i] = plainCell(strings.TrimSpace(f))
	}
	return out
}
