package csvbook

import (
	"encoding/csv"
	"strings"
)

// formulaStarts are the first characters that make a spreadsheet read a
// cell as a formula. A name like =HYPERLINK("http://…") from a bundle or a
// CRM, exported as is, would run when the CSM opens the file; a phone
// number +44 20 … would be read as a sum.
const formulaStarts = "=+-@\t\r"

// textCell is what bob writes for s: a cell that would read as a formula
// gets a leading apostrophe, the spreadsheet convention for "this is
// text". Reading the file back (plainCell) takes it off again, so an
// export imports unchanged.
func textCell(s string) string {
	if s != "" && strings.IndexByte(formulaStarts, s[0]) >= 0 {
		return "'" + s
	}
	return s
}

// plainCell undoes textCell: an apostrophe before a formula character is
// the spreadsheet's text marker, not part of the value.
func plainCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' && strings.IndexByte(formulaStarts, s[1]) >= 0 {
		return s[1:]
	}
	return s
}

// writeText writes one row with every cell made safe for a spreadsheet.
func writeText(cw *csv.Writer, rec []string) error {
	out := make([]string, len(rec))
	for i, s := range rec {
		out[i] = textCell(s)
	}
	return cw.Write(out)
}
