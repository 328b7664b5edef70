package markdown

import (
	"fmt"
	"strings"
	"testing"
)

// dump writes a tree in a short form for the tests: blocks by name with
// their children in brackets, text quoted, / a soft break, // a hard one.
func dump(ns []*Node) string {
	var parts []string
	for _, n := range ns {
		kids := ""
		if len(n.Children) > 0 {
			kids = "[" + dump(n.Children) + "]"
		}
		var s string
		switch n.Kind {
		case Heading:
			s = fmt.Sprintf("h%d", n.Level)
		case Paragraph:
			s = "p"
		case ThematicBreak:
			s = "hr"
		case Quote:
			s = "quote"
		case List:
			tight := "loose"
			if n.Tight {
				tight = "tight"
			}
			s = "ul"
			if n.Ordered {
				s = fmt.Sprintf("ol%d", n.Start)
			}
			s += "," + tight
		case Item:
			s = "li"
		case CodeBlock:
			s = fmt.Sprintf("code%q", strings.Join(n.Lines, "|"))
			if n.Info != "" {
				s += "(" + n.Info + ")"
			}
		case HTMLBlock:
			s = fmt.Sprintf("html%q", strings.Join(n.Lines, "|"))
		case Text:
			s = fmt.Sprintf("%q", n.Text)
		case SoftBreak:
			s = "/"
		case HardBreak:
			s = "//"
		case Code:
			s = fmt.Sprintf("code%q", n.Text)
		case Emphasis:
			s = "em"
			if n.Level == 2 {
				s = "strong"
			}
		case Link:
			s = "link(" + n.Dest + ")"
			if n.Title != "" {
				s += fmt.Sprintf("%q", n.Title)
			}
		case AutoLink:
			s = "auto(" + n.Dest + ")"
		case Image:
			s = "img(" + n.Dest + ")"
		}
		parts = append(parts, s+kids)
	}
	return strings.Join(parts, " ")
}

func TestParse(t *testing.T) {
	cases := []struct{ md, want string }{
		{"# A #\n\nB\n===\n\nC\n---", `h1["A"] h1["B"] h2["C"]`},
		{"####### seven", `p["####### seven"]`},
		{"#no space", `p["#no space"]`},
		{"a\nb  \nc\\\nd", `p["a" / "b" // "c" // "d"]`},
		{"- a\n- b", `ul,tight[li[p["a"]] li[p["b"]]]`},
		{"- a\n\n- b", `ul,loose[li[p["a"]] li[p["b"]]]`},
		{"- a\n+ b", `ul,tight[li[p["a"]]] ul,tight[li[p["b"]]]`},
		{"2) a\n3) b", `ol2,tight[li[p["a"]] li[p["b"]]]`},
		{"1. a\n   - b\n     - c", `ol1,tight[li[p["a"] ul,tight[li[p["b"] ul,tight[li[p["c"]]]]]]]`},
		{"- a\n\n  more\n- b", `ul,loose[li[p["a"] p["more"]] li[p["b"]]]`},
		{"para\n2. no list", `p["para" / "2. no list"]`},
		{"para\n- list", `p["para"] ul,tight[li[p["list"]]]`},
		{"* * *\n- - -", `hr hr`},
		{"> a\nlazy\n> > b", `quote[p["a" / "lazy"] quote[p["b"]]]`},
		{"> a\n---", `quote[p["a"]] hr`},
		{"1. a\n\n> q\n- b\n> r", `ol1,tight[li[p["a"]]] quote[p["q"]] ul,tight[li[p["b"]]] quote[p["r"]]`},
		{"```go run\nx\n\n  y\n```\nafter", `code"x||  y"(go run) p["after"]`},
		{"~~~\n```\n~~~", "code\"```\""},
		{"```\nopen", `code"open"`},
		{"    a\n\n    b\n\n", `code"a||b"`},
		{"<div>\n*x*\n</div>\n\n*y*", `html"<div>|*x*|</div>" p[em["y"]]`},
		{"<https://e.x> and <a@b.c> and <not a link>", `p[auto(https://e.x) " and " auto(a@b.c) " and <not a link>"]`},
		{"*a* **b** _c_ __d__ ***e***", `p[em["a"] " " strong["b"] " " em["c"] " " strong["d"] " " em[strong["e"]]]`},
		{"snake_case_name * a *b", `p["snake_case_name * a *b"]`},
		{"**a *b* c**", `p[strong["a " em["b"] " c"]]`},
		{"\\*a\\* \\q", `p["*a* \\q"]`},
		{"``a ` b`` ` c", "p[code\"a ` b\" \" ` c\"]"},
		{"[a *b*](/u \"T\") ![i](/p)", `p[link(/u)"T"["a " em["b"]] " " img(/p)["i"]]`},
		{"[a [b](/x)](/y)", `p["[a " link(/x)["b"] "](/y)"]`},
		{"[a](<b c>) [d](e(f)g)", `p[link(b c)["a"] " " link(e(f)g)["d"]]`},
		{"[a] (b) [c](d", `p["[a] (b) [c](d"]`},
		{"[Ref] and [x][REF] and [ref][]\n\n[ref]: /u \"T\"\n[ref]: /second\n  [r 2]: <a b>\nafter", `p[link(/u)"T"["Ref"] " and " link(/u)"T"["x"] " and " link(/u)"T"["ref"]] p["after"]`},
		{"[a]\n[b][]\n[c][a\n\n[a]: /a\n[b]: /b\n[c]: /c", `p[link(/a)["a"] / link(/b)["b"] / link(/c)["c"] "[a"]`},
		{"[no def] [a [b] c]\n\n[a]: no\ttitle x\n[]: /e\n\n[b]: /b", `p["[no def] [a " link(/b)["b"] " c]"] p["[a]: no title x" / "[]: /e"]`},
		{"a\r\nb\rc", `p["a" / "b" / "c"]`},
		{"-\tx\n\n\tmore", `ul,loose[li[p["x"] p["more"]]]`},
		{"- a\n-\n- c", `ul,tight[li[p["a"]] li li[p["c"]]]`},
		{"   \n  ", ``},
	}
	for _, c := range cases {
		if got := dump(Parse(c.md).Children); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.md, got, c.want)
		}
	}
}

// TestParseDeep: nesting stops at MaxDepth; what is deeper is text.
func TestParseDeep(t *testing.T) {
	doc := Parse(strings.Repeat(">", 100) + " x")
	depth := 0
	for n := doc; len(n.Children) > 0 && n.Children[0].Kind == Quote; n = n.Children[0] {
		depth++
	}
	if depth != MaxDepth {
		t.Fatalf("%d quotes deep, want %d", depth, MaxDepth)
	}
}

// TestParseLinear feeds inputs known to make naive parsers quadratic and
// checks the parser's work stays within a small multiple of the size
// (the worst is a link's address, which may look 16 parentheses ahead).
func TestParseLinear(t *testing.T) {
	const size = 1 << 17
	inputs := map[string]string{
		"stars":               strings.Repeat("*", size),
		"spaced stars":        strings.Repeat("* a ", size/4),
		"underscores":         strings.Repeat("_a ", size/3),
		"open brackets":       strings.Repeat("[", size),
		"brackets then links": strings.Repeat("[", size/2) + strings.Repeat("[a](b)", size/12),
		"link starts":         strings.Repeat("[a](", size/4),
		"titles":              strings.Repeat("[a](b \"", size/7),
		"backticks":           strings.Repeat("`", size/2) + strings.Repeat("` ", size/4),
		"tick runs": func() string {
			var b strings.Builder
			for i := 1; b.Len() < size; i++ {
				b.WriteString(strings.Repeat("`", i%1000+1) + " ")
			}
			return b.String()
		}(),
		"quotes":      strings.Repeat(">", size),
		"quote lines": strings.Repeat(strings.Repeat("> ", 50)+"x\n", size/101),
		"lists":       strings.Repeat("- ", size/2),
		"list lines":  strings.Repeat(strings.Repeat(" ", 40)+"- x\n", size/44),
		"angles":      strings.Repeat("<a", size/2),
		"references":  "[a]: /x\n\n" + strings.Repeat("[a]", size/6) + strings.Repeat("[", 500) + strings.Repeat("]", size/2),
		"labels":      "[a]: /x\n\n" + strings.Repeat("[a][", size/4),
		"emphasis":    strings.Repeat("*a **b ", size/7),
	}
	for name, in := range inputs {
		p := newParser()
		p.parse(in)
		if p.work > 32*len(in)+1000 {
			t.Errorf("%s: %d steps for %d bytes", name, p.work, len(in))
		}
	}
}

func BenchmarkParsePathological(b *testing.B) {
	in := strings.Repeat("*a [b `c _d ", 1<<20/12)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		Parse(in)
	}
}
