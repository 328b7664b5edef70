package markdown

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// An inline is parsed into a linked list of pieces first: emphasis and
// links are made by wrapping a stretch of the list, which a list does in
// constant time where a slice would copy.
type piece struct {
	n          *Node  // nil for text
	text       string // the text, or a bracket's [ or ![
	prev, next *piece
	kids       *piece // an emphasis's or link's content, once made
	// A run of * or _ that may open or close emphasis, linked to the
	// other runs (the delimiter stack). count shrinks as runs are used.
	ch                byte
	count, orig       int
	canOpen, canClose bool
	dprev, dnext      *piece
}

// bracket is a [ or ![ that may open a link or an image.
type bracket struct {
	at     *piece
	image  bool
	start  int    // where its text starts in the paragraph
	bottom *piece // the delimiter stack's top when it was seen
}

type inliner struct {
	p          *parser
	s          string
	pos        int
	head, tail *piece
	dtop       *piece // the delimiter stack's top
	brackets   []bracket
	// inactive: the brackets below this index are inside a link made
	// already, so they cannot open another.
	inactive int
	// lastBracket is where the last [ or ] was: a reference's label may
	// hold none.
	lastBracket int
	text        []byte // text not yet added as a piece
	// The runs of backticks in s, and for each the next run of the same
	// length (or -1): finding a code span's end is then one look-up, so
	// many unmatched backticks cost no more than matched ones.
	ticks    []tickRun
	tickNext []int
	tick     int
}

type tickRun struct{ pos, n int }

// inlines parses a paragraph's or heading's text.
func (p *parser) inlines(s string) []*Node {
	s = strings.TrimRight(s, " ")
	in := &inliner{p: p, s: s}
	in.findTicks()
	in.run()
	in.emphasis(nil)
	return in.nodes(in.head)
}

func (in *inliner) findTicks() {
	s := in.s
	for i := 0; i < len(s); {
		j := strings.IndexByte(s[i:], '`')
		if j < 0 {
			break
		}
		i += j
		k := i
		for k < len(s) && s[k] == '`' {
			k++
		}
		in.ticks = append(in.ticks, tickRun{i, k - i})
		i = k
	}
	in.tickNext = make([]int, len(in.ticks))
	last := map[int]int{}
	for i := len(in.ticks) - 1; i >= 0; i-- {
		n := in.ticks[i].n
		in.tickNext[i] = -1
		if j, ok := last[n]; ok {
			in.tickNext[i] = j
		}
		last[n] = i
	}
	in.p.work += len(s)
}

// special marks the bytes that may start something other than text.
var special = [256]bool{'\\': true, '`': true, '*': true, '_': true, '[': true, ']': true, '!': true, '<': true, '\n': true}

func (in *inliner) run() {
	s := in.s
	for in.pos < len(s) {
		in.p.work++
		c := s[in.pos]
		if !special[c] {
			start := in.pos
			for in.pos < len(s) && !special[s[in.pos]] {
				in.pos++
			}
			in.p.work += in.pos - start
			in.text = append(in.text, s[start:in.pos]...)
			continue
		}
		switch c {
		case '\\':
			in.escape()
		case '`':
			in.codeSpan()
		case '*', '_':
			in.delims()
		case '[':
			in.pos++
			in.openBracket("[", false)
		case '!':
			if strings.HasPrefix(s[in.pos:], "![") {
				in.pos += 2
				in.openBracket("![", true)
			} else {
				in.pos++
				in.text = append(in.text, '!')
			}
		case ']':
			in.closeBracket()
		case '<':
			in.autolink()
		case '\n':
			in.lineBreak()
		}
	}
	in.flush()
}

// flush adds the pending text as a piece.
func (in *inliner) flush() {
	if len(in.text) > 0 {
		in.add(&piece{text: string(in.text)})
		in.text = in.text[:0]
	}
}

// maxBrackets is how many [ may wait for their ] in a paragraph; more
// are text. No note needs more, and it bounds the memory a paragraph of
// nothing but [ takes.
const maxBrackets = 1000

// openBracket reads a [ or ![ that may start a link or an image.
func (in *inliner) openBracket(s string, image bool) {
	if len(in.brackets) >= maxBrackets {
		in.text = append(in.text, s...)
		return
	}
	in.flush()
	at := in.add(&piece{text: s})
	in.brackets = append(in.brackets, bracket{at: at, image: image, start: in.pos, bottom: in.dtop})
	in.lastBracket = in.pos - 1
}

func (in *inliner) add(pc *piece) *piece {
	pc.prev = in.tail
	if in.tail != nil {
		in.tail.next = pc
	} else {
		in.head = pc
	}
	in.tail = pc
	return pc
}

// push adds a node after any pending text.
func (in *inliner) push(n *Node) *piece {
	in.flush()
	return in.add(&piece{n: n})
}

// escape reads a backslash: before punctuation it makes it literal,
// before a line end it is a hard break, else it is itself.
func (in *inliner) escape() {
	s := in.s
	if in.pos+1 < len(s) && s[in.pos+1] == '\n' {
		in.pos += 2
		in.push(&Node{Kind: HardBreak})
		in.skipIndent()
		return
	}
	if in.pos+1 < len(s) && isPunct(s[in.pos+1]) {
		in.text = append(in.text, s[in.pos+1])
		in.pos += 2
		return
	}
	in.text = append(in.text, '\\')
	in.pos++
}

func isPunct(c byte) bool {
	return c < 0x80 && unicode.IsPunct(rune(c)) || c < 0x80 && unicode.IsSymbol(rune(c))
}

// lineBreak reads a line end: hard after two spaces, else soft.
func (in *inliner) lineBreak() {
	n := len(in.text)
	t := strings.TrimRight(string(in.text), " ")
	in.text = append(in.text[:0], t...)
	kind := SoftBreak
	if n-len(t) >= 2 {
		kind = HardBreak
	}
	in.pos++
	in.push(&Node{Kind: kind})
	in.skipIndent()
}

func (in *inliner) skipIndent() {
	for in.pos < len(in.s) && in.s[in.pos] == ' ' {
		in.pos++
	}
}

// codeSpan reads a run of backticks: a code span if a run as long
// follows, else literal backticks.
func (in *inliner) codeSpan() {
	for in.tick < len(in.ticks) && in.ticks[in.tick].pos < in.pos {
		in.tick++
	}
	if in.tick == len(in.ticks) || in.ticks[in.tick].pos != in.pos {
		// the rest of a run whose first backtick was escaped
		in.text = append(in.text, '`')
		in.pos++
		return
	}
	open := in.ticks[in.tick]
	end := in.tickNext[in.tick]
	if end < 0 {
		in.text = append(in.text, in.s[in.pos:in.pos+open.n]...)
		in.pos += open.n
		return
	}
	code := strings.ReplaceAll(in.s[in.pos+open.n:in.ticks[end].pos], "\n", " ")
	if len(code) >= 2 && code[0] == ' ' && code[len(code)-1] == ' ' && strings.Trim(code, " ") != "" {
		code = code[1 : len(code)-1]
	}
	in.push(&Node{Kind: Code, Text: code})
	in.pos = in.ticks[end].pos + open.n
	in.tick = end + 1
}

// delims reads a run of * or _ and notes whether it may open or close
// emphasis, from what is on either side of it.
func (in *inliner) delims() {
	s, c := in.s, in.s[in.pos]
	start := in.pos
	for in.pos < len(s) && s[in.pos] == c {
		in.pos++
	}
	before, after := ' ', ' '
	if start > 0 {
		before, _ = utf8.DecodeLastRuneInString(s[:start])
	}
	if in.pos < len(s) {
		after, _ = utf8.DecodeRuneInString(s[in.pos:])
	}
	bSpace, aSpace := unicode.IsSpace(before), unicode.IsSpace(after)
	bPunct, aPunct := punct(before), punct(after)
	left := !aSpace && (!aPunct || bSpace || bPunct)
	right := !bSpace && (!bPunct || aSpace || aPunct)
	pc := &piece{ch: c, count: in.pos - start, orig: in.pos - start}
	if c == '*' {
		pc.canOpen, pc.canClose = left, right
	} else { // _ inside a word (snake_case) is a letter
		pc.canOpen, pc.canClose = left && (!right || bPunct), right && (!left || aPunct)
	}
	in.flush()
	in.add(pc)
	pc.dprev = in.dtop
	if in.dtop != nil {
		in.dtop.dnext = pc
	}
	in.dtop = pc
}

func punct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// removeDelim takes d off the delimiter stack (its text stays).
func (in *inliner) removeDelim(d *piece) {
	if d.dprev != nil {
		d.dprev.dnext = d.dnext
	}
	if d.dnext != nil {
		d.dnext.dprev = d.dprev
	} else {
		in.dtop = d.dprev
	}
	d.dprev, d.dnext = nil, nil
}

// unlink takes pc out of the list of pieces.
func (in *inliner) unlink(pc *piece) {
	if pc.prev != nil {
		pc.prev.next = pc.next
	} else {
		in.head = pc.next
	}
	if pc.next != nil {
		pc.next.prev = pc.prev
	} else {
		in.tail = pc.prev
	}
}

// emphasis matches the delimiter runs above bottom into emphasis, as
// CommonMark's "process emphasis" does: each closer looks back for the
// nearest opener of its kind; where a search failed, the next search
// for the same kind stops there, which keeps the work linear.
func (in *inliner) emphasis(bottom *piece) {
	// floor[ch][closer's length mod 3][closer can open] is how far down
	// an earlier search already looked in vain.
	var floor [2][3][2]*piece
	for i := range floor {
		for j := range floor[i] {
			floor[i][j] = [2]*piece{bottom, bottom}
		}
	}
	first := in.dtop
	for first != nil && first.dprev != bottom {
		first = first.dprev
		in.p.work++
	}
	for cur := first; cur != nil; {
		in.p.work++
		if !cur.canClose {
			cur = cur.dnext
			continue
		}
		ci, oi := 0, 0
		if cur.ch == '_' {
			ci = 1
		}
		if cur.canOpen {
			oi = 1
		}
		stop := floor[ci][cur.orig%3][oi]
		var opener *piece
		for o := cur.dprev; o != nil && o != bottom && o != stop; o = o.dprev {
			in.p.work++
			if o.ch == cur.ch && o.canOpen {
				if (o.canClose || cur.canOpen) && (o.orig+cur.orig)%3 == 0 && (o.orig%3 != 0 || cur.orig%3 != 0) {
					continue
				}
				opener = o
				break
			}
		}
		if opener == nil {
			floor[ci][cur.orig%3][oi] = cur.dprev
			next := cur.dnext
			if !cur.canOpen {
				in.removeDelim(cur)
			}
			cur = next
			continue
		}
		use := 1
		if opener.count >= 2 && cur.count >= 2 {
			use = 2
		}
		opener.count -= use
		cur.count -= use
		// The pieces between the two runs become the emphasis.
		em := &piece{n: &Node{Kind: Emphasis, Level: use}}
		if opener.next != cur {
			em.kids = opener.next
			em.kids.prev = nil
			cur.prev.next = nil
		}
		em.prev, em.next = opener, cur
		opener.next, cur.prev = em, em
		for d := cur.dprev; d != opener; d = cur.dprev {
			in.p.work++
			in.removeDelim(d)
		}
		if opener.count == 0 {
			in.removeDelim(opener)
			in.unlink(opener)
		}
		if cur.count == 0 {
			next := cur.dnext
			in.removeDelim(cur)
			in.unlink(cur)
			cur = next
		}
	}
	for in.dtop != bottom && in.dtop != nil {
		in.p.work++
		in.removeDelim(in.dtop)
	}
}

// closeBracket reads a ]: with an address after it, the text since the
// last [ becomes a link (or image); else the brackets are text.
func (in *inliner) closeBracket() {
	closer := in.pos
	in.pos++
	last := in.lastBracket
	in.lastBracket = closer
	if len(in.brackets) == 0 {
		in.text = append(in.text, ']')
		return
	}
	b := in.brackets[len(in.brackets)-1]
	in.brackets = in.brackets[:len(in.brackets)-1]
	if len(in.brackets) < in.inactive {
		in.inactive = len(in.brackets)
		in.text = append(in.text, ']')
		return
	}
	dest, title, end, ok := in.linkTail(in.pos)
	if !ok {
		// [text][label], [label][] or [label], with a definition.
		text := ""
		if last < b.start {
			text = in.s[b.start:closer]
		}
		dest, title, end, ok = in.reference(text)
	}
	if !ok {
		in.text = append(in.text, ']')
		return
	}
	in.pos = end
	in.flush()
	in.emphasis(b.bottom)
	kind := Link
	if b.image {
		kind = Image
	}
	at := b.at
	at.n, at.text = &Node{Kind: kind, Dest: dest, Title: title}, ""
	if at.next != nil {
		at.kids = at.next
		at.kids.prev = nil
		at.next = nil
		in.tail = at
	}
	if !b.image { // no link inside a link: every [ still open is text
		in.inactive = len(in.brackets)
	}
}

// reference looks up the label after a ] ([label], or text itself for
// [] or nothing; text is "" when it cannot be a label) among the
// definitions, and returns where the reference ends.
func (in *inliner) reference(text string) (dest, title string, end int, ok bool) {
	if len(in.p.defs) == 0 {
		return "", "", 0, false
	}
	s, i := in.s, in.pos
	label, end := text, i
	if i < len(s) && s[i] == '[' {
		j := i + 1
		for j < len(s) && s[j] != ']' && s[j] != '[' && j-i <= 1000 {
			j++
		}
		in.p.work += j - i
		if j < len(s) && s[j] == ']' { // else not a label: [text] alone
			if j > i+1 {
				label = s[i+1 : j]
			}
			end = j + 1
		}
	}
	d, ok := in.p.defs[normLabel(label)]
	if label == "" || !ok {
		return "", "", 0, false
	}
	in.p.work += len(label)
	return d.dest, d.title, end, true
}

// linkTail reads `(address "title")` at i.
func (in *inliner) linkTail(i int) (dest, title string, end int, ok bool) {
	s := in.s
	if i >= len(s) || s[i] != '(' {
		return "", "", 0, false
	}
	i = in.spaces(i + 1)
	start := i
	if i < len(s) && s[i] == '<' {
		for i++; i < len(s) && s[i] != '>'; i++ {
			in.p.work++
			if s[i] == '\n' || s[i] == '<' {
				return "", "", 0, false
			}
			if s[i] == '\\' && i+1 < len(s) {
				i++
			}
		}
		if i >= len(s) {
			return "", "", 0, false
		}
		dest = unescape(s[start+1 : i])
		i++
	} else {
		depth := 0
		for ; i < len(s); i++ {
			in.p.work++
			c := s[i]
			if c == ' ' || c == '\n' || c == ')' && depth == 0 {
				break
			}
			switch c {
			case '\\':
				if i+1 < len(s) && isPunct(s[i+1]) {
					i++
				}
			case '(':
				if depth++; depth > 16 {
					return "", "", 0, false
				}
			case ')':
				depth--
			}
		}
		if depth != 0 {
			return "", "", 0, false
		}
		dest = unescape(s[start:i])
	}
	j := in.spaces(i)
	if j > i && j < len(s) && (s[j] == '"' || s[j] == '\'' || s[j] == '(') {
		closer := s[j]
		if closer == '(' {
			closer = ')'
		}
		k := j + 1
		for ; k < len(s) && s[k] != closer; k++ {
			in.p.work++
			if s[k] == '(' && closer == ')' {
				return "", "", 0, false
			}
			if s[k] == '\\' && k+1 < len(s) {
				k++
			}
		}
		if k >= len(s) {
			return "", "", 0, false
		}
		title = unescape(s[j+1 : k])
		j = in.spaces(k + 1)
	}
	if j >= len(s) || s[j] != ')' {
		return "", "", 0, false
	}
	return dest, title, j + 1, true
}

// spaces skips spaces and at most one line end.
func (in *inliner) spaces(i int) int {
	nl := false
	for ; i < len(in.s); i++ {
		if in.s[i] == '\n' && !nl {
			nl = true
		} else if in.s[i] != ' ' {
			break
		}
	}
	return i
}

// unescape drops the backslash of each escaped punctuation mark.
func unescape(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// autolink reads <scheme:address> or <name@domain>; any other < is text.
func (in *inliner) autolink() {
	s := in.s
	end := -1
	for i := in.pos + 1; i < len(s); i++ {
		in.p.work++
		c := s[i]
		if c == '>' {
			end = i
			break
		}
		if c <= ' ' || c == '<' {
			break
		}
	}
	if end > 0 {
		if addr := s[in.pos+1 : end]; isURI(addr) || isEmail(addr) {
			in.push(&Node{Kind: AutoLink, Dest: addr})
			in.pos = end + 1
			return
		}
	}
	in.text = append(in.text, '<')
	in.pos++
}

// isURI: a scheme of 2 to 32 letters, digits, + . or - (a letter first)
// and a colon.
func isURI(s string) bool {
	i := strings.IndexByte(s, ':')
	if i < 2 || i > 32 || !isLetter(s[0]) {
		return false
	}
	for j := 1; j < i; j++ {
		if c := s[j]; !isAlnum(c) && c != '+' && c != '.' && c != '-' {
			return false
		}
	}
	return true
}

// isEmail: something@something, the domain of letters, digits, - and .
func isEmail(s string) bool {
	i := strings.IndexByte(s, '@')
	if i < 1 || i == len(s)-1 {
		return false
	}
	for j := i + 1; j < len(s); j++ {
		if c := s[j]; !isAlnum(c) && c != '-' && c != '.' {
			return false
		}
	}
	return true
}

// nodes turns a list of pieces into nodes, delimiter runs left unused
// becoming their text, neighbouring texts joined.
func (in *inliner) nodes(pc *piece) []*Node {
	var out []*Node
	var text strings.Builder
	for ; pc != nil; pc = pc.next {
		in.p.work++
		n := pc.n
		if pc.orig > 0 { // a delimiter run
			for range pc.count {
				text.WriteByte(pc.ch)
			}
			continue
		}
		if n == nil {
			text.WriteString(pc.text)
			continue
		}
		if text.Len() > 0 {
			out = append(out, &Node{Kind: Text, Text: text.String()})
			text.Reset()
		}
		if pc.kids != nil {
			n.Children = in.nodes(pc.kids)
		}
		out = append(out, n)
	}
	if text.Len() > 0 {
		out = append(out, &Node{Kind: Text, Text: text.String()})
	}
	return out
}
