package timeline

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// The reader draws an entry's Markdown itself, from goldmark's syntax
// tree, with the theme's colours. A full renderer (glamour) brought the
// code highlighter's lexers and styles and an HTML sanitiser with it, and
// Go initialises every package a program links when it starts: about 85%
// of bob's start-up initialisation paid for a renderer most starts never
// use. goldmark alone costs nothing at start.

// mdStyles are the styles the Markdown is drawn with.
type mdStyles struct {
	heading, bold, italic, code, link, faint, strike lipgloss.Style
}

func markdownStyles() mdStyles {
	accent := lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B4A7FF"}
	faint := lipgloss.AdaptiveColor{Light: "#777777", Dark: "#8A8A8A"}
	s := lipgloss.NewStyle
	return mdStyles{
		heading: s().Bold(true).Foreground(accent),
		bold:    s().Bold(true),
		italic:  s().Italic(true),
		code:    s().Foreground(accent),
		link:    s().Underline(true),
		faint:   s().Foreground(faint),
		strike:  s().Strikethrough(true),
	}
}

// renderMarkdown draws body width columns wide: headings, paragraphs
// wrapped at the width, bullet and numbered lists, quotes, code blocks,
// links with their address, rules. Lines never exceed the width.
func renderMarkdown(body string, width int) string {
	width = max(width, 10)
	src := []byte(body)
	doc := parser.NewParser(parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...)).Parse(text.NewReader(src))
	r := &mdRenderer{src: src, st: markdownStyles()}
	r.blocks(doc, "", "", width)
	return strings.TrimRight(r.out.String(), "\n")
}

type mdRenderer struct {
	src []byte
	st  mdStyles
	out strings.Builder
	// gap: a blank line goes before the next block.
	gap bool
}

// emit writes lines, the first after first and the rest after rest (a
// list item's bullet, then its indentation).
func (r *mdRenderer) emit(lines []string, first, rest string) {
	if r.gap {
		r.out.WriteString(strings.TrimRight(rest, " ") + "\n")
	}
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		r.out.WriteString(p + l + "\n")
	}
	r.gap = true
}

// blocks draws the children of n; first prefixes the first line drawn,
// rest every other one; width is what is left after them.
func (r *mdRenderer) blocks(n ast.Node, first, rest string, width int) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.block(c, first, rest, width)
		first = rest
	}
}

func (r *mdRenderer) block(n ast.Node, first, rest string, width int) {
	switch n := n.(type) {
	case *ast.Heading:
		line := strings.Repeat("#", n.Level) + " " + r.inlines(n)
		r.emit(wrap(r.st.heading.Render(line), width), first, rest)
	case *ast.Paragraph, *ast.TextBlock:
		r.emit(wrap(r.inlines(n), width), first, rest)
	case *ast.ThematicBreak:
		r.emit([]string{r.st.faint.Render(strings.Repeat("─", width))}, first, rest)
	case *ast.Blockquote:
		if r.gap { // the blank line before the quote is outside it
			r.out.WriteString(strings.TrimRight(rest, " ") + "\n")
			r.gap = false
		}
		q := r.st.faint.Render("│ ")
		r.blocks(n, first+q, rest+q, width-2)
	case *ast.List:
		num := n.Start
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			marker := "• "
			if n.IsOrdered() {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			pad := strings.Repeat(" ", ansi.StringWidth(marker))
			if n.IsTight && item != n.FirstChild() {
				r.gap = false
			}
			r.listItem(item, first+marker, rest+pad, width-len(pad), n.IsTight)
			first = rest
		}
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		var lines []string
		segs := n.Lines()
		for i := 0; i < segs.Len(); i++ {
			s := segs.At(i)
			l := strings.TrimRight(string(s.Value(r.src)), "\n")
			for _, w := range strings.Split(ansi.Hardwrap(strings.ReplaceAll(l, "\t", "    "), width-2, true), "\n") {
				lines = append(lines, r.st.code.Render(w))
			}
		}
		if len(lines) == 0 {
			lines = []string{""}
		}
		r.emit(lines, first+"  ", rest+"  ")
	case *ast.HTMLBlock:
		var lines []string
		segs := n.Lines()
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			l := strings.TrimRight(string(seg.Value(r.src)), "\n")
			lines = append(lines, strings.Split(ansi.Hardwrap(l, width, true), "\n")...)
		}
		r.emit(lines, first, rest)
	default:
		r.blocks(n, first, rest, width)
	}
}

// listItem draws one item: its blocks, the first after the marker. In a
// tight list the item's paragraphs follow each other without blank lines.
func (r *mdRenderer) listItem(item ast.Node, first, rest string, width int, tight bool) {
	for c := item.FirstChild(); c != nil; c = c.NextSibling() {
		if tight && c != item.FirstChild() {
			r.gap = false
		}
		r.block(c, first, rest, width)
		first = rest
	}
}

// inlines draws the inline children of n as one string with styles.
func (r *mdRenderer) inlines(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		r.inline(&b, c)
	}
	return b.String()
}

func (r *mdRenderer) inline(b *strings.Builder, n ast.Node) {
	switch n := n.(type) {
	case *ast.Text:
		b.Write(n.Segment.Value(r.src))
		switch {
		case n.HardLineBreak():
			b.WriteString("\n")
		case n.SoftLineBreak():
			b.WriteString(" ")
		}
	case *ast.String:
		b.Write(n.Value)
	case *ast.CodeSpan:
		var code strings.Builder
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if t, ok := c.(*ast.Text); ok {
				code.Write(t.Segment.Value(r.src))
			}
		}
		b.WriteString(r.st.code.Render(code.String()))
	case *ast.Emphasis:
		st := r.st.italic
		if n.Level >= 2 {
			st = r.st.bold
		}
		b.WriteString(st.Render(r.inlines(n)))
	case *ast.Link:
		label := r.inlines(n)
		b.WriteString(r.st.link.Render(label))
		if dest := string(n.Destination); dest != "" && dest != ansi.Strip(label) {
			b.WriteString(" " + r.st.faint.Render("("+dest+")"))
		}
	case *ast.AutoLink:
		b.WriteString(r.st.link.Render(string(n.URL(r.src))))
	case *ast.Image:
		b.WriteString(r.st.faint.Render("[image: " + ansi.Strip(r.inlines(n)) + " " + string(n.Destination) + "]"))
	case *ast.RawHTML:
		segs := n.Segments
		for i := 0; i < segs.Len(); i++ {
			seg := segs.At(i)
			b.Write(seg.Value(r.src))
		}
	default:
		b.WriteString(r.inlines(n))
	}
}

// wrap wraps styled text at width: at spaces where it can, inside a word
// that is longer than the line. A hard line break starts a new line.
func wrap(s string, width int) []string {
	return strings.Split(ansi.Wrap(s, max(width, 1), ""), "\n")
}
