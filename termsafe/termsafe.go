// Package termsafe makes text that came from outside (a bundle, a dump, a CSV
// or vCard file, a paste, another program) safe to print on a terminal.
//
// A terminal obeys the control characters in what it is sent: an ESC can set
// the window title, write the clipboard (OSC 52), hide a link (OSC 8) or move
// the cursor over what was already drawn. Every place that prints or draws
// such text calls Text or Line at the point of printing; nothing else in the
// program strips or escapes control characters.
//
// The package must never drop characters silently: a control character is
// shown visibly (ESC as ^[, DEL as ^?, a C1 control or a byte that is not
// UTF-8 as U+FFFD), so the reader sees that something odd was there.
package termsafe

import (
	"strings"
	"unicode/utf8"
)

// Replacement stands for a C1 control character or a byte that is not UTF-8.
const Replacement = '\uFFFD'

// Text returns s made safe for a terminal, keeping its newlines and tabs:
// for long text such as a timeline body or a note.
func Text(s string) string { return clean(s, true) }

// Line returns s made safe for a terminal on one line: newlines and carriage
// returns are shown as ^J and ^M and a tab becomes a space. For names, titles
// and every other one-line field.
func Line(s string) string { return clean(s, false) }

// Safe reports whether s can be printed as it is (by Text when multiline, by
// Line otherwise) without any change.
func Safe(s string, multiline bool) bool { return plain(s, multiline) }

// plain is the fast path: printable ASCII (plus newline and tab in long text)
// and well-formed UTF-8 with no C1 controls need no copy.
func plain(s string, multiline bool) bool {
	for i := 0; i < len(s); {
		// Eight bytes at a time while they are all printable ASCII (no
		// byte under 0x20, none at 0x7f or above): most text is, and
		// every record is checked as it is read and written.
		for i+8 <= len(s) && printable8(load8(s[i:i+8])) {
			i += 8
		}
		if i >= len(s) {
			break
		}
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
		case c == '\n' && multiline, c == '\t' && multiline:
			i++
		case c < 0x80:
			return false
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size <= 1 || r >= 0x80 && r <= 0x9f {
				return false
			}
			i += size
		}
	}
	return true
}

// load8 reads the eight bytes of s as one word (one load, as the compiler
// combines them).
func load8(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// printable8 reports whether each of the eight bytes in w is in 0x20 to
// 0x7e.
func printable8(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	if w&highs != 0 {
		return false // a byte of 0x80 or more
	}
	// With no high bit set, a byte under 0x20 borrows into its high bit
	// when 0x20 is taken from it, and only 0x7f carries into its high bit
	// when 0x01 is added to it.
	return (w-0x20*ones)&highs == 0 && (w+ones)&highs == 0
}

func clean(s string, multiline bool) string {
	if plain(s, multiline) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(Replacement)
		case r == '\n' && multiline:
			b.WriteByte('\n')
		case r == '\t':
			if multiline {
				b.WriteByte('\t')
			} else {
				b.WriteByte(' ')
			}
		case r < 0x20:
			b.WriteByte('^')
			b.WriteByte(byte(r) + '@')
		case r == 0x7f:
			b.WriteString("^?")
		case r >= 0x80 && r <= 0x9f:
			b.WriteRune(Replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// CRLFLines returns s, text whose lines end in CRLF (vCard, iCalendar),
// with every line made safe as Line makes it and the CRLFs kept: those
// formats allow no control character inside a line, so one there (a value
// from before bob refused them) is shown, not obeyed, by the terminal or
// program that shows the file.
func CRLFLines(s string) string {
	if plain(strings.ReplaceAll(s, "\r\n", ""), false) {
		return s
	}
	lines := strings.Split(s, "\r\n")
	for i, l := range lines {
		lines[i] = clean(l, false)
	}
	return strings.Join(lines, "\r\n")
}
