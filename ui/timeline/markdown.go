package timeline

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"bob/internal/markdown"
	"bob/termsafe"
)

// The reader draws an entry's Markdown itself, from the syntax tree of
// bob/internal/markdown, with the theme's colours. A full renderer
// (glamour) brought the code highlighter's lexers and styles and an HTML
// sanitiser with it, and a general parser (goldmark) its Unicode tables and
// regular expressions: Go initialises every package a program links when
// it starts, so every start paid for a reader most starts never open.

// mdStyles are the styles the Markdown is drawn with.
type mdStyles struct {
	heading, bold, italic, code, link, faint paint
}

func markdownStyles() mdStyles {
	accent := lipgloss.AdaptiveColor{Light: "#5A3FC0", Dark: "#B4A7FF"}
	faint := lipgloss.AdaptiveColor{Light: "#777777", Dark: "#8A8A8A"}
	s := lipgloss.NewStyle
	return mdStyles{
		heading: paintOf(s().Bold(true).Foreground(accent)),
		bold:    paintOf(s().Bold(true)),
		italic:  paintOf(s().Italic(true)),
		code:    paintOf(s().Foreground(accent)),
		link:    paintOf(s().Underline(true)),
		faint:   paintOf(s().Foreground(faint)),
	}
}

// paint is a style as the sequences that go before and after its text.
// lipgloss works out a style's sequences at each call, styles underlined
// text a character at a time and pads the lines of a multi-line text to
// one width: a body of many links or code spans spent most of its time
// there. A paint is worked out once a render.
type paint struct{ pre, post string }

func paintOf(st lipgloss.Style) paint {
	s := st.Render("x")
	i := strings.IndexByte(s, 'x')
	return paint{s[:i], s[i+1:]}
}

// Render paints s, line by line.
func (p paint) Render(s string) string {
	if p.pre == "" && p.post == "" || s == "" {
		return s
	}
	return p.pre + strings.ReplaceAll(s, "\n", p.post+"\n"+p.pre) + p.post
}

// renderMarkdown draws body width columns wide: headings, paragraphs
// wrapped at the width, bullet and numbered lists, quotes, code blocks,
// links with their address, rules. Lines never exceed the width.
//
// The body is untrusted: it is made safe for the terminal (termsafe.Text)
// before it is parsed, and its tabs become spaces, so nothing but the
// styles' own sequences and line breaks reaches the terminal.
func renderMarkdown(body string, width int) string {
	width = max(width, 10)
	r := &mdRenderer{st: markdownStyles()}
	r.blocks(markdown.Parse(safeMarkdown(body)).Children, "", "", width)
	return strings.TrimRight(r.out.String(), "\n")
}

// safeMarkdown is body with its line ends made \n (a carriage return
// would otherwise be shown as ^M) and made safe for the terminal.
func safeMarkdown(body string) string {
	body = strings.ReplaceAll(body, "\r\n", "\n")
	return termsafe.Text(strings.ReplaceAll(body, "\r", "\n"))
}

// minNested is the narrowest a quote's or list item's content may get:
// deeper than that, blocks are drawn without more indentation, so no line
// is ever wider than the width.
const minNested = 8

type mdRenderer struct {
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

// blocks draws blocks; first prefixes the first line drawn, rest every
// other one; width is what is left after them.
func (r *mdRenderer) blocks(ns []*markdown.Node, first, rest string, width int) {
	for _, n := range ns {
		r.block(n, first, rest, width)
		first = rest
	}
}

func (r *mdRenderer) block(n *markdown.Node, first, rest string, width int) {
	switch n.Kind {
	case markdown.Heading:
		line := strings.Repeat("#", n.Level) + " " + r.inlines(n.Children)
		r.emit(wrap(r.st.heading.Render(line), width), first, rest)
	case markdown.Paragraph:
		r.emit(wrap(r.inlines(n.Children), width), first, rest)
	case markdown.ThematicBreak:
		r.emit([]string{r.st.faint.Render(strings.Repeat("─", width))}, first, rest)
	case markdown.Quote:
		if r.gap { // the blank line before the quote is outside it
			r.out.WriteString(strings.TrimRight(rest, " ") + "\n")
			r.gap = false
		}
		if width-2 < minNested {
			r.blocks(n.Children, first, rest, width)
			return
		}
		q := r.st.faint.Render("│") + " "
		r.blocks(n.Children, first+q, rest+q, width-2)
	case markdown.List:
		num := n.Start
		for i, item := range n.Children {
			marker := "• "
			if n.Ordered {
				marker = strconv.Itoa(num) + ". "
				num++
			}
			pad := strings.Repeat(" ", ansi.StringWidth(marker))
			if n.Tight && i > 0 {
				r.gap = false
			}
			if width-len(pad) < minNested {
				// Too deep for its marker: drawn as it is nested.
				r.listItem(item, first, rest, width, n.Tight)
			} else {
				r.listItem(item, first+marker, rest+pad, width-len(pad), n.Tight)
			}
			first = rest
		}
	case markdown.CodeBlock:
		var lines []string
		for _, l := range n.Lines {
			for _, w := range strings.Split(ansi.Hardwrap(l, width-2, true), "\n") {
				lines = append(lines, r.st.code.Render(w))
			}
		}
		if len(lines) == 0 {
			lines = []string{""}
		}
		r.emit(lines, first+"  ", rest+"  ")
	case markdown.HTMLBlock:
		var lines []string
		for _, l := range n.Lines {
			lines = append(lines, strings.Split(ansi.Hardwrap(l, width, true), "\n")...)
		}
		r.emit(lines, first, rest)
	default:
		r.blocks(n.Children, first, rest, width)
	}
}

// listItem draws one item: its blocks, the first after the marker. In a
// tight list the item's paragraphs follow each other without blank lines.
// An empty item is drawn as its marker alone.
func (r *mdRenderer) listItem(item *markdown.Node, first, rest string, width int, tight bool) {
	if len(item.Children) == 0 {
		r.emit([]string{""}, strings.TrimRight(first, " "), rest)
		return
	}
	for i, c := range item.Children {
		if tight && i > 0 {
			r.gap = false
		}
		r.block(c, first, rest, width)
		first = rest
	}
}

// inlines draws inlines as one string with styles.
func (r *mdRenderer) inlines(ns []*markdown.Node) string {
	var b strings.Builder
	for _, n := range ns {
		r.inline(&b, n)
	}
	return b.String()
}

func (r *mdRenderer) inline(b *strings.Builder, n *markdown.Node) {
	switch n.Kind {
	case markdown.Text:
		b.WriteString(n.Text)
	case markdown.SoftBreak:
		b.WriteString(" ")
	case markdown.HardBreak:
		b.WriteString("\n")
	case markdown.Code:
		b.WriteString(r.st.code.Render(n.Text))
	case markdown.Emphasis:
		st := r.st.italic
		if n.Level >= 2 {
			st = r.st.bold
		}
		b.WriteString(st.Render(r.inlines(n.Children)))
	case markdown.Link:
		label := r.inlines(n.Children)
		b.WriteString(r.st.link.Render(label))
		if n.Dest != "" && n.Dest != ansi.Strip(label) {
			b.WriteString(" " + r.st.faint.Render("("+n.Dest+")"))
		}
	case markdown.AutoLink:
		b.WriteString(r.st.link.Render(n.Dest))
	case markdown.Image:
		b.WriteString(r.st.faint.Render("[image: " + ansi.Strip(r.inlines(n.Children)) + " " + n.Dest + "]"))
	default:
		b.WriteString(r.inlines(n.Children))
	}
}

// wrap wraps styled text at width: at spaces where it can, inside a word
// that is longer than the line. A hard line break starts a new line.
// ansi.Wrap can leave a line too long (it does not break after a lone
// hyphen, as in "a - - - b"), so such a line is cut where it reaches the
// width; and it can make a line of nothing but the spaces between two
// words, which is left out (its style sequences, if any, go on the line
// before, so that a style still ends where it did).
func wrap(s string, width int) []string {
	width = max(width, 1)
	var lines []string
	for _, l := range strings.Split(ansi.Wrap(s, width, ""), "\n") {
		if ansi.StringWidth(l) > width {
			lines = append(lines, strings.Split(ansi.Hardwrap(l, width, true), "\n")...)
		} else {
			lines = append(lines, l)
		}
	}
	out := lines[:0]
	for _, l := range lines {
		if l != "" && len(out) > 0 && strings.TrimSpace(ansi.Strip(l)) == "" {
			out[len(out)-1] += strings.Map(func(r rune) rune {
				if unicode.IsSpace(r) {
					return -1
				}
				return r
			}, l)
			continue
		}
		out = append(out, l)
	}
	return out
}
