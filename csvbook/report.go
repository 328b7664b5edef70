package csvbook

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"bob/termsafe"
)

// cellWidth is the widest a preview cell is drawn; longer values are cut
// with an ellipsis (the whole value is stored).
const cellWidth = 28

// Report is the preview of an import as lines of text, the same on the
// command line and in the app: what was detected about the file, the
// mapping, the first rows as bob will store them, the bad rows, the
// warnings and the counts. Values from the file are made safe for the
// terminal here, cell by cell, so that the table stays aligned.
func (p *Plan) Report(name string, rows int) []string {
	out := []string{fmt.Sprintf("%s: %s", termsafe.Line(name), p.FileLine()), "", "Columns:"}
	width := 0
	for _, c := range p.Columns {
		width = max(width, min(ansi.StringWidth(termsafe.Line(c.Header)), cellWidth))
	}
	for i, l := range p.MappingLines() {
		h := cut(termsafe.Line(p.Columns[i].Header))
		_, what, _ := strings.Cut(l, " -> ")
		out = append(out, fmt.Sprintf("  %s%s  -> %s", h, strings.Repeat(" ", width-ansi.StringWidth(h)), what))
	}
	shown := p.PreviewRows(rows)
	if len(shown) > 0 {
		out = append(out, "", fmt.Sprintf("First %d rows as bob will store them:", len(shown)))
		out = append(out, table(append([][]string{p.PreviewHeader()}, shown...))...)
	}
	if p.AmbiguousDate != "" {
		out = append(out, "", fmt.Sprintf("Dates like %s could be day/month or month/day, and no other date in the file says which: choose the order.", termsafe.Line(p.AmbiguousDate)))
	}
	if len(p.Bad) > 0 {
		out = append(out, "", fmt.Sprintf("Bad rows (%d):", len(p.Bad)))
		for _, b := range p.Bad {
			out = append(out, fmt.Sprintf("  line %d: %s", b.Line, termsafe.Line(b.Reason)))
		}
	}
	if len(p.Warnings) > 0 {
		out = append(out, "", fmt.Sprintf("Warnings (%d):", len(p.Warnings)))
		for _, w := range p.Warnings {
			out = append(out, "  "+termsafe.Line(w))
		}
	}
	return append(out, "", p.Summary())
}

func cut(s string) string { return ansi.Truncate(s, cellWidth, "…") }

// table aligns cells in columns, two spaces apart.
func table(rows [][]string) []string {
	widths := map[int]int{}
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(cut(termsafe.Line(c))))
		}
	}
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		var b strings.Builder
		b.WriteString("  ")
		for i, c := range r {
			c = cut(termsafe.Line(c))
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		out = append(out, strings.TrimRight(b.String(), " "))
	}
	return out
}
