package markdown

import (
	"strconv"
	"strings"
)

// parser reads blocks a line at a time, as CommonMark describes: each
// line first continues the open containers (quotes, list items) it can,
// then may open new ones, and what is left is a leaf's line (a paragraph,
// a code block, a heading...). Inline content is parsed at the end.
type parser struct {
	doc *Node
	// open is the chain of open containers, the document first.
	open []*Node
	// blank: the previous line was blank (for tight and loose lists).
	blank bool
	// work counts steps, so tests can check the cost stays linear.
	work int
	// defs are the link reference definitions, by normalised label.
	defs map[string]linkDef
}

// linkDef is a link reference definition: [label]: dest "title".
type linkDef struct{ dest, title string }

func newParser() *parser {
	doc := &Node{Kind: Document, open: true}
	return &parser{doc: doc, open: []*Node{doc}}
}

func (p *parser) parse(src string) {
	for len(src) > 0 {
		line := src
		next := ""
		if i := strings.IndexAny(src, "\r\n"); i >= 0 {
			line, next = src[:i], src[i+1:]
			if src[i] == '\r' && strings.HasPrefix(next, "\n") {
				next = next[1:]
			}
		}
		p.work += len(line) + 1
		p.line(expandTabs(line))
		src = next
	}
	p.definitions(p.doc)
	p.finish(p.doc)
}

// expandTabs replaces tabs with spaces to the next multiple of four
// columns, so that indentation can be counted in bytes.
func expandTabs(s string) string {
	if strings.IndexByte(s, '\t') < 0 {
		return s
	}
	var b strings.Builder
	col := 0
	for _, r := range s {
		if r == '\t' {
			n := 4 - col%4
			b.WriteString("    "[:n])
			col += n
			continue
		}
		b.WriteRune(r)
		col++
	}
	return b.String()
}

// indentOf counts the spaces s starts with.
func indentOf(s string) int {
	n := 0
	for n < len(s) && s[n] == ' ' {
		n++
	}
	return n
}

func isBlank(s string) bool { return indentOf(s) == len(s) }

// leaf returns the open leaf block at the end of c, or nil.
func leaf(c *Node) *Node {
	if n := len(c.Children); n > 0 {
		if l := c.Children[n-1]; l.open && (l.Kind == Paragraph || l.Kind == CodeBlock || l.Kind == HTMLBlock) {
			return l
		}
	}
	return nil
}

// tip is the innermost open container.
func (p *parser) tip() *Node { return p.open[len(p.open)-1] }

// add appends a block to the innermost container, closing its open leaf.
// A block that follows a blank line inside a list item makes the list
// loose.
func (p *parser) add(n *Node) *Node {
	t := p.tip()
	if l := leaf(t); l != nil {
		l.open = false
	}
	if t.Kind == Item && len(t.Children) > 0 && p.blank {
		p.open[len(p.open)-2].Tight = false
	}
	n.open = true
	t.Children = append(t.Children, n)
	return n
}

// push opens a container inside the innermost one.
func (p *parser) push(n *Node) {
	p.add(n)
	p.open = append(p.open, n)
}

// line reads one line (its tabs expanded): first the open containers it
// continues (a quote's >, an item's indentation), then a fenced code or
// HTML block it belongs to, then the quotes and items it opens, and what
// is left goes on a paragraph lazily or is a leaf's line (leafLine).
func (p *parser) line(s string) {
	// The open containers this line continues.
	matched, pos := 1, 0
	for ; matched < len(p.open); matched++ {
		c := p.open[matched]
		rest := s[pos:]
		ind := indentOf(rest)
		p.work += ind
		if c.Kind == Quote {
			if ind > 3 || ind == len(rest) || rest[ind] != '>' {
				break
			}
			pos += ind + 1
			if pos < len(s) && s[pos] == ' ' {
				pos++
			}
		} else if c.Kind == Item {
			if ind == len(rest) { // a blank line stays in the item
				pos = len(s)
			} else if ind >= c.indent {
				pos += c.indent
			} else {
				break
			}
		}
	}
	all := matched == len(p.open)
	deepest := leaf(p.open[len(p.open)-1])

	// A fenced code block or HTML block takes the line as it is.
	if all && deepest != nil && deepest.Kind == CodeBlock && !deepest.indented {
		p.fenced(deepest, s[pos:])
		p.blank = false
		return
	}
	if all && deepest != nil && deepest.Kind == HTMLBlock {
		if isBlank(s[pos:]) {
			deepest.open = false
			p.blank = true
		} else {
			deepest.Lines = append(deepest.Lines, s[pos:])
		}
		return
	}

	// New containers.
	opened := false
	closeUnmatched := func(item bool) {
		if !opened {
			p.open = p.open[:matched]
			opened = true
		}
		if t := p.tip(); t.Kind == List && !item {
			p.open = p.open[:len(p.open)-1] // a list holds only items
		}
	}
	for len(p.open) < MaxDepth+1 {
		rest := s[pos:]
		ind := indentOf(rest)
		if ind > 3 {
			break
		}
		t := rest[ind:]
		para := !opened && all && deepest != nil && deepest.Kind == Paragraph
		if para && setextLevel(t) > 0 {
			break // an underline, handled below
		}
		if thematic(t) {
			break
		}
		if strings.HasPrefix(t, ">") {
			closeUnmatched(false)
			pos += ind + 1
			if pos < len(s) && s[pos] == ' ' {
				pos++
			}
			p.push(&Node{Kind: Quote})
			continue
		}
		mk, ok := listMarker(t)
		if !ok || para && (mk.empty || mk.ordered && mk.start != 1) {
			break
		}
		closeUnmatched(true)
		pos += ind + mk.width + mk.space
		p.item(mk, ind+mk.width+mk.space)
		if mk.empty {
			pos = len(s)
		}
	}

	rest := s[pos:]
	if opened && isBlank(rest) {
		// An empty item or quote: its marker is not a blank line
		// between blocks.
		p.blank = false
		return
	}
	// A lazy line: text that goes on with a paragraph whose containers
	// this line did not continue.
	if !opened && !all && deepest != nil && deepest.Kind == Paragraph && !isBlank(rest) && !interrupts(rest) {
		deepest.raw = append(deepest.raw, strings.TrimLeft(rest, " "))
		p.blank = false
		return
	}
	if !opened {
		p.open = p.open[:matched]
	}
	// A list left without an item on this line ends.
	if t := p.tip(); t.Kind == List {
		p.open = p.open[:len(p.open)-1]
	}
	p.leafLine(rest)
}

// item opens a list item, in the list it continues (the innermost open
// container, when the line's marker is of its kind) or in a new list.
func (p *parser) item(mk marker, indent int) {
	if t := p.tip(); t.Kind == List {
		if t.marker == mk.delim && t.Ordered == mk.ordered {
			if p.blank {
				t.Tight = false // a blank line between items
			}
			n := &Node{Kind: Item, open: true, indent: indent}
			t.Children = append(t.Children, n)
			p.open = append(p.open, n)
			p.blank = false
			return
		}
		p.open = p.open[:len(p.open)-1]
	}
	p.push(&Node{Kind: List, Ordered: mk.ordered, Start: mk.start, Tight: true, marker: mk.delim})
	p.push(&Node{Kind: Item, indent: indent})
	p.blank = false
}

// leafLine handles what is left of a line once the containers are done.
func (p *parser) leafLine(s string) {
	t := p.tip()
	l := leaf(t)
	if isBlank(s) {
		if l != nil && l.Kind == CodeBlock && l.indented {
			l.Lines = append(l.Lines, strings.TrimPrefix(s, "    "))
		} else if l != nil {
			l.open = false
		}
		p.blank = true
		return
	}
	ind := indentOf(s)
	para := l != nil && l.Kind == Paragraph
	if ind >= 4 && para { // indentation cannot start a block inside a paragraph
		l.raw = append(l.raw, s[ind:])
		p.blank = false
		return
	}
	if ind >= 4 {
		if l != nil && l.Kind == CodeBlock && l.indented {
			l.Lines = append(l.Lines, s[4:])
		} else {
			p.add(&Node{Kind: CodeBlock, indented: true, Lines: []string{s[4:]}})
		}
		p.blank = false
		return
	}
	body := s[min(ind, 3):]
	t0 := strings.TrimLeft(body, " ")
	switch {
	case para && setextLevel(t0) > 0:
		l.Kind, l.Level, l.open = Heading, setextLevel(t0), false
	case thematic(t0):
		p.add(&Node{Kind: ThematicBreak}).open = false
	case atxLevel(t0) > 0:
		lv := atxLevel(t0)
		p.add(&Node{Kind: Heading, Level: lv, raw: []string{atxText(t0[lv:])}}).open = false
	case fenceOpen(t0) != "":
		f := fenceOpen(t0)
		p.add(&Node{Kind: CodeBlock, fence: f, indent: ind, Info: strings.TrimSpace(t0[len(f):])})
	case htmlStart(t0, para):
		p.add(&Node{Kind: HTMLBlock, Lines: []string{body}})
	case para:
		l.raw = append(l.raw, t0)
	default:
		p.add(&Node{Kind: Paragraph, raw: []string{t0}})
	}
	p.blank = false
}

// fenced adds a line to a fenced code block, or closes it.
func (p *parser) fenced(c *Node, s string) {
	ind := indentOf(s)
	if t := strings.TrimRight(s[ind:], " "); ind < 4 && strings.HasPrefix(t, c.fence) &&
		strings.Trim(t, c.fence[:1]) == "" {
		c.open = false
		return
	}
	c.Lines = append(c.Lines, s[min(ind, c.indent):])
}

// interrupts reports whether s starts a block that ends a paragraph even
// on a lazy line.
func interrupts(s string) bool {
	ind := indentOf(s)
	if ind > 3 {
		return false
	}
	t := s[ind:]
	if mk, ok := listMarker(t); ok && !mk.empty && (!mk.ordered || mk.start == 1) {
		return true
	}
	return thematic(t) || atxLevel(t) > 0 || fenceOpen(t) != "" || strings.HasPrefix(t, ">") || htmlStart(t, true)
}

// thematic reports whether s is a rule: three or more -, * or _ and
// nothing else but spaces.
func thematic(s string) bool {
	if s == "" || s[0] != '-' && s[0] != '*' && s[0] != '_' {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case s[0]:
			n++
		case ' ':
		default:
			return false
		}
	}
	return n >= 3
}

// setextLevel is 1 for a line of =, 2 for a line of -, else 0.
func setextLevel(s string) int {
	t := strings.TrimRight(s, " ")
	switch {
	case t == "":
		return 0
	case strings.Trim(t, "=") == "":
		return 1
	case strings.Trim(t, "-") == "":
		return 2
	}
	return 0
}

// atxLevel is the level of the heading s starts (# to ######), else 0.
func atxLevel(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n < len(s) && s[n] != ' ' {
		return 0
	}
	return n
}

// atxText is a heading's text without its closing #s.
func atxText(s string) string {
	s = strings.Trim(s, " ")
	t := strings.TrimRight(s, "#")
	if t == "" || strings.HasSuffix(t, " ") {
		s = t
	}
	return strings.TrimRight(s, " ")
}

// fenceOpen returns the run of three or more ` or ~ that opens a code
// block on s, or "".
func fenceOpen(s string) string {
	if len(s) < 3 || s[0] != '`' && s[0] != '~' {
		return ""
	}
	n := 0
	for n < len(s) && s[n] == s[0] {
		n++
	}
	if n < 3 || s[0] == '`' && strings.IndexByte(s[n:], '`') >= 0 {
		return ""
	}
	return s[:n]
}

// htmlBlockTags are the tags that start an HTML block even in the middle
// of a paragraph.
var htmlBlockTags = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "details": true,
	"div": true, "dl": true, "fieldset": true, "figure": true, "footer": true, "form": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "header": true,
	"hr": true, "li": true, "main": true, "nav": true, "ol": true, "p": true, "pre": true,
	"section": true, "summary": true, "table": true, "tbody": true, "td": true, "th": true,
	"thead": true, "tr": true, "ul": true,
}

// htmlStart reports whether s starts an HTML block: a comment, or a
// block-level tag, or (not inside a paragraph) a line that is one tag.
func htmlStart(s string, inPara bool) bool {
	if strings.HasPrefix(s, "<!--") {
		return true
	}
	if !strings.HasPrefix(s, "<") {
		return false
	}
	i := 1
	if i < len(s) && s[i] == '/' {
		i++
	}
	j := i
	for j < len(s) && (isAlnum(s[j]) || j > i && s[j] == '-') {
		j++
	}
	if j == i || !isLetter(s[i]) {
		return false
	}
	if j < len(s) && s[j] != ' ' && s[j] != '>' && !strings.HasPrefix(s[j:], "/>") {
		return false
	}
	if htmlBlockTags[strings.ToLower(s[i:j])] {
		return true
	}
	t := strings.TrimRight(s, " ")
	return !inPara && strings.HasSuffix(t, ">") && strings.IndexByte(t[1:len(t)-1], '<') < 0 &&
		strings.IndexByte(t[1:len(t)-1], '>') < 0
}

func isLetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isAlnum(c byte) bool  { return isLetter(c) || c >= '0' && c <= '9' }

// marker is a list item's marker.
type marker struct {
	ordered bool
	start   int
	delim   byte // - + * . )
	width   int  // the marker's columns
	space   int  // the spaces after it that belong to it
	empty   bool // nothing follows it on the line
}

// listMarker reads the list item marker s starts with, if any.
func listMarker(s string) (marker, bool) {
	var m marker
	switch {
	case s == "":
		return m, false
	case s[0] == '-' || s[0] == '+' || s[0] == '*':
		m.delim, m.width = s[0], 1
	default:
		n := 0
		for n < len(s) && n < 9 && s[n] >= '0' && s[n] <= '9' {
			n++
		}
		if n == 0 || n >= len(s) || s[n] != '.' && s[n] != ')' {
			return m, false
		}
		m.ordered, m.delim, m.width = true, s[n], n+1
		m.start, _ = strconv.Atoi(s[:n])
	}
	rest := s[m.width:]
	sp := indentOf(rest)
	switch {
	case sp == len(rest):
		m.empty, m.space = true, 1
	case sp == 0:
		return m, false
	case sp > 4: // the rest is indented code inside the item
		m.space = 1
	default:
		m.space = sp
	}
	return m, true
}

// definitions takes the link reference definitions ([label]: address
// "title", one a line) from the start of each paragraph under n, before
// any inline is parsed, since a link may come before its definition. A
// paragraph of nothing else goes.
func (p *parser) definitions(n *Node) {
	kids := n.Children[:0]
	for _, c := range n.Children {
		if c.Kind == Paragraph {
			for len(c.raw) > 0 && p.definition(c.raw[0]) {
				c.raw = c.raw[1:]
			}
			if len(c.raw) == 0 {
				continue
			}
		}
		p.definitions(c)
		kids = append(kids, c)
	}
	n.Children = kids
}

// definition reads a line as a link reference definition, and notes it
// (the first of a label counts).
func (p *parser) definition(line string) bool {
	p.work += len(line)
	if !strings.HasPrefix(line, "[") {
		return false
	}
	end := strings.Index(line, "]:")
	if end < 0 {
		return false
	}
	label := normLabel(line[1:end])
	if label == "" || strings.ContainsAny(line[1:end], "[]") {
		return false
	}
	in := &inliner{p: p, s: "(" + line[end+2:] + ")"}
	dest, title, stop, ok := in.linkTail(0)
	if !ok || stop != len(in.s) || dest == "" {
		return false
	}
	if p.defs == nil {
		p.defs = map[string]linkDef{}
	}
	if _, dup := p.defs[label]; !dup {
		p.defs[label] = linkDef{dest, title}
	}
	return true
}

// normLabel is a link label as it is matched: case and runs of spaces do
// not count. A label longer than 999 bytes is no label.
func normLabel(s string) string {
	if len(s) > 999 {
		return ""
	}
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// finish closes every block under n, drops an indented code block's
// trailing blank lines and parses the inlines of paragraphs and headings.
func (p *parser) finish(n *Node) {
	n.open = false
	switch n.Kind {
	case Paragraph, Heading:
		n.Children = p.inlines(strings.Join(n.raw, "\n"))
		n.raw = nil
	case CodeBlock:
		for n.indented && len(n.Lines) > 0 && isBlank(n.Lines[len(n.Lines)-1]) {
			n.Lines = n.Lines[:len(n.Lines)-1]
		}
	}
	for _, c := range n.Children {
		p.finish(c)
	}
}
