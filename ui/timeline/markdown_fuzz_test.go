package timeline

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"bob/internal/fuzzbound"
	"bob/internal/markdown"
)

// TestMain bounds the fuzzer's input shrinking (see package fuzzbound).
func TestMain(m *testing.M) {
	flag.Parse()
	fuzzbound.Bound()
	os.Exit(m.Run())
}

// FuzzRenderMarkdown draws any body at any width: it never panics, no
// line is wider than the width, no control character but a line break
// (and, in colour, the styles' own sequences) is drawn, and no word of the
// body is lost.
func FuzzRenderMarkdown(f *testing.F) {
	for _, seed := range []string{
		"# Title\n\nSome **bold**, *slanted* and `code`.",
		"Title\n===\n\nPart\n---\n- a\n  - b\n\n    code\n1. x\n2) y",
		"> a\n> > b\nlazy\n\n```go\nx\n```\n~~~\nopen",
		"[l](http://e/x \"t\") <https://e> ![i](p.png) a_b_c \\*x\\*",
		"``a ` b`` *a **b** c* __x__ _y_\n\n---\n<div>\nhtml\n</div>",
		"a\r\nb\tc\n   \n\x1b]0;t\x07 `\x1b[2J` [x](\x1b]8;;u\x07)",
		strings.Repeat("> ", 40) + "deep " + strings.Repeat("- ", 40) + "deeper",
		strings.Repeat("*", 200) + strings.Repeat("[", 200) + strings.Repeat("`", 50),
		"1. one\n\n   more\n2. two\n-\n- c\n0001. z\n12345678) w",
		"東京 café ünïcödé wörds **太字** and a verylongwordthatisnotbrokenbyanyspaceatall",
		"- a\n\t- b\n\n  ```\n  code in an item\n  ```\n- <div>\n  html</div>\n\n[ref]\n\n[ref]: http://x \"t\"",
		"*a _b* c_ **a*b**c [a *b](c* d) `a [b` c](d) <a *b> \\\n x  \ny",
	} {
		f.Add(seed, uint8(30))
	}
	f.Fuzz(func(t *testing.T, body string, w uint8) {
		width := 10 + int(w)%150
		lipgloss.SetColorProfile(termenv.Ascii)
		plain := renderMarkdown(body, width)
		lipgloss.SetColorProfile(termenv.TrueColor)
		coloured := renderMarkdown(body, width)
		lipgloss.SetColorProfile(termenv.Ascii)
		for _, out := range []string{plain, coloured} {
			for _, l := range strings.Split(out, "\n") {
				if n := ansi.StringWidth(l); n > width {
					t.Fatalf("a line of %d columns at %d: %q", n, width, l)
				}
			}
		}
		if c := rawControl(plain); c >= 0 {
			t.Fatalf("control %U in %q", c, plain)
		}
		if c := rawControl(sgr.ReplaceAllString(coloured, "")); c >= 0 {
			t.Fatalf("control %U in %q", c, coloured)
		}
		// The same text (styled spaces may wrap differently).
		if got := ansi.Strip(coloured); strings.Join(strings.Fields(got), " ") != strings.Join(strings.Fields(plain), " ") {
			t.Fatalf("colour changes the text:\n%q\n%q", got, plain)
		}
		if err := badTree(markdown.Parse(safeMarkdown(body)), markdown.Document); err != "" {
			t.Fatalf("%s in the tree of %q", err, body)
		}
		lost := lostWords(body, plain)
		if len(lost) > 0 {
			t.Fatalf("words lost: %q\nfrom %q\nin %q", lost, body, plain)
		}
	})
}

// sgr matches the style sequences the renderer draws.
var sgr = regexp.MustCompile("\x1b\\[[0-9;]*m")

// rawControl returns the first control character in s a terminal would
// obey (anything but a line break), or -1.
func rawControl(s string) rune {
	for _, r := range s {
		if r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f {
			return r
		}
	}
	return -1
}

// lostWords returns the words (runs of letters and digits) of body that
// are not in out, read as its letters and digits only, so that wrapping,
// indentation and bullets do not count. Syntax is not a word: an ordered
// list's number, a link's title, a fence's info string and a link
// reference definition are not drawn.
func lostWords(body, out string) []string {
	var text strings.Builder
	for _, r := range out {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			text.WriteRune(r)
		}
	}
	have := text.String()
	syntax := map[string]bool{}
	var walk func(n *markdown.Node)
	walk = func(n *markdown.Node) {
		for _, w := range words(n.Title + " " + n.Info) {
			syntax[w] = true
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	safe := safeMarkdown(body)
	walk(markdown.Parse(safe))
	// A link reference definition is not drawn (its address is, where
	// it is used).
	for _, l := range strings.Split(safe, "\n") {
		if strings.Contains(l, "]:") {
			for _, w := range words(l) {
				syntax[w] = true
			}
		}
	}
	var lost []string
	for _, w := range words(safe) {
		// An ordered list's number followed by . or ) is its marker.
		marker := isDigits(w) && (strings.Contains(safe, w+".") || strings.Contains(safe, w+")"))
		if !syntax[w] && !marker && !strings.Contains(have, w) {
			lost = append(lost, w)
		}
	}
	return lost
}

func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

func isDigits(s string) bool { return strings.Trim(s, "0123456789") == "" }

// badTree says what is wrong with the shape of n's tree, if anything: a
// list holds only items, an item is only in a list, and inlines are only
// in paragraphs, headings and other inlines.
func badTree(n *markdown.Node, parent markdown.Kind) string {
	inline := n.Kind >= markdown.Text
	switch {
	case parent == markdown.List && n.Kind != markdown.Item,
		n.Kind == markdown.Item && parent != markdown.List:
		return fmt.Sprintf("kind %d in kind %d", n.Kind, parent)
	case n.Kind == markdown.Document && parent != markdown.Document:
		return "a document inside"
	case inline != (parent == markdown.Paragraph || parent == markdown.Heading || parent >= markdown.Text):
		return fmt.Sprintf("kind %d in kind %d", n.Kind, parent)
	}
	for _, c := range n.Children {
		if err := badTree(c, n.Kind); err != "" {
			return err
		}
	}
	return ""
}
