// Package markdown parses the Markdown of a timeline entry's body into a
// small tree of blocks and inlines, for the reader to draw.
//
// It reads the part of CommonMark people write in notes: ATX and setext
// headings, paragraphs, bullet and ordered lists (nested, tight or loose),
// block quotes with lazy continuation lines, fenced and indented code
// blocks, thematic breaks, HTML blocks (kept as text), emphasis and strong
// emphasis, code spans, links and images (inline, or by reference to a
// one-line definition), autolinks, backslash escapes and hard and soft
// line breaks. Anything else (entities, tables) is kept as the text it is.
//
// bob parses Markdown itself because a general parser is costly to link:
// Go runs every linked package's initialisation at each start, and
// goldmark's (Unicode case-folding tables, regular expressions) was the
// largest part of what bob did before main, for a reader most starts never
// open. This package initialises nothing.
//
// Bodies are untrusted: the parser never panics, and its work grows about
// linearly with the input, whatever the input (long runs of * or [, deep
// quotes). Nesting deeper than MaxDepth is read as text. It makes nothing
// safe for a terminal: the caller does that, before or after parsing.
package markdown

// Kind is what a Node is.
type Kind uint8

// The blocks, then the inlines.
const (
	Document      Kind = iota
	Heading            // Level 1 to 6; inline children
	Paragraph          // inline children
	ThematicBreak      // a rule
	Quote              // block children
	List               // Item children; Ordered, Start, Tight
	Item               // block children
	CodeBlock          // Lines; Info for a fence's info string
	HTMLBlock          // Lines, drawn as text

	Text      // Text
	SoftBreak // a line break inside a paragraph
	HardBreak // a line break kept: two spaces or a backslash at the end of a line
	Code      // Text: a code span
	Emphasis  // Level 1 (emphasis) or 2 (strong); inline children
	Link      // Dest, Title; inline children (the label)
	AutoLink  // Dest
	Image     // Dest, Title; inline children (the alt text)
)

// MaxDepth is how many quotes, lists and items may be nested in each other;
// a marker deeper than that is text. It keeps drawing linear (each level
// indents every line under it) and the lines readable.
const MaxDepth = 16

// Node is a block or an inline of the tree.
type Node struct {
	Kind     Kind
	Children []*Node
	// Level is a heading's level or an emphasis's (1 or 2).
	Level int
	// Ordered, Start and Tight describe a list: numbered from Start, and
	// tight when no blank line separates its items or their blocks.
	Ordered bool
	Start   int
	Tight   bool
	// Text is a text's or code span's content.
	Text string
	// Lines are a code or HTML block's lines.
	Lines []string
	// Dest and Title are a link's or image's address and title; Info is
	// a fenced code block's info string (its language, usually).
	Dest, Title, Info string

	// The block parser's state while the node is open.
	open     bool
	raw      []string // a paragraph's or heading's lines, before inlines are parsed
	indent   int      // an item's content column; a fence's indentation
	fence    string   // a fenced code block's opening run
	marker   byte     // a list's bullet, or its number's delimiter
	indented bool     // an indented (not fenced) code block
}

// Parse reads src (any text: line endings \n, \r\n or \r) into a
// Document.
func Parse(src string) *Node {
	p := newParser()
	p.parse(src)
	return p.doc
}
