package timeline

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestRenderMarkdown(t *testing.T) {
	lipgloss.SetColorProfile(termenv.Ascii)
	cases := []struct {
		name, md, want string
		width          int // 60 when 0
	}{
		{"heading and paragraph", "## Notes\n\nbacklog down\n12%", "## Notes\n\nbacklog down 12%", 60},
		{"emphasis and code lose their marks", "Some **bold**, *slanted* and `code`.", "Some bold, slanted and code.", 60},
		{"a link keeps its address", "see [the plan](https://example.com/p)", "see the plan (https://example.com/p)", 60},
		{"a bare address once", "<https://example.com>", "https://example.com", 60},
		{"tight lists", "- one\n- two\n  - nested\n\n1. first\n2. second", "• one\n• two\n  • nested\n\n1. first\n2. second", 60},
		{"a loose list", "- one\n\n- two", "• one\n\n• two", 60},
		{"quote", "before\n\n> quoted\n> more", "before\n\n│ quoted more", 60},
		{"code block keeps its lines", "```\nif x {\n  y()\n}\n```", "  if x {\n    y()\n  }", 60},
		{"hard break", "line one  \nline two", "line one\nline two", 60},
		{"wrapped at the width", "aaa bbb ccc ddd eee fff", "aaa bbb ccc ddd\neee fff", 15},
		{"a word longer than the line is cut", "abcdefghijklmnopqrstuvwxyz", "abcdefghijklmno\npqrstuvwxyz", 15},
		{"rule", "a\n\n---\n\nb", "a\n\n" + strings.Repeat("─", 15) + "\n\nb", 15},
		{"setext headings", "Title\n=====\n\nPart\n---\ntext", "# Title\n\n## Part\n\ntext", 0},
		{"closing #s go", "## Two ##   \n### C# ###\n#### x ###b", "## Two\n\n### C#\n\n#### x ###b", 0},
		{"every bullet", "* a\n* b\n\n+ c\n\n- d", "• a\n• b\n\n• c\n\n• d", 0},
		{"numbered from the start", "3. three\n4. four\n\n7) seven\n1) eight", "3. three\n4. four\n\n7. seven\n8. eight", 0},
		{"nested by indentation", "- a\n  - b\n    - c\n  - d\n- e", "• a\n  • b\n    • c\n  • d\n• e", 0},
		{"an item goes on after a blank line", "1. one\n\n   more about one\n2. two", "1. one\n\n   more about one\n\n2. two", 0},
		{"one loose item makes the list loose", "- a\n- b\n\n  about b\n- c", "• a\n\n• b\n\n  about b\n\n• c", 0},
		{"an empty item", "- a\n-\n- c", "• a\n•\n• c", 0},
		{"nested quotes and a lazy line", "> a\n> > b\nlazy\n\nafter", "│ a\n│\n│ │ b lazy\n\nafter", 0},
		{"tilde fence", "~~~\ncode ```\n~~~", "  code ```", 0},
		{"info string", "```go\nfunc x() {}\n```", "  func x() {}", 0},
		{"an unclosed fence runs to the end", "text\n\n```\nopen\n\n# not a heading", "text\n\n  open\n  \n  # not a heading", 0},
		{"indented code", "    x := 1\n      y()\n\ntext", "  x := 1\n    y()\n\ntext", 0},
		{"backslash escapes", "\\*not em\\* \\_x\\_ \\# \\[a\\] \\\\ \\q", "*not em* _x_ # [a] \\ \\q", 0},
		{"strong and emphasis", "**a** __b__ *c* _d_ ***e***", "a b c d e", 0},
		{"underscores inside words stay", "snake_case_name and my_var_", "snake_case_name and my_var_", 0},
		{"an unmatched star stays", "a * b *open and **also", "a * b *open and **also", 0},
		{"double backticks", "``a ` b`` and ` `` `", "a ` b and ``", 0},
		{"a link's title is not shown", `[label](https://x.example/p "the title")`, "label (https://x.example/p)", 0},
		{"an address in angles", "see <https://example.com/a?b=c> or <sam@example.com>", "see https://example.com/a?b=c or sam@example.com", 0},
		{"image", "![the chart](chart.png)", "[image: the chart chart.png]", 0},
		{"reference links", "see [the plan] and [notes][n]\n\n[the plan]: https://example.com/p\n[N]: <https://example.com/n> 'Notes'", "see the plan (https://example.com/p) and notes (https://example.com/n)", 100},
		{"a line of spaces ends a paragraph", "a\n   \nb", "a\n\nb", 0},
		{"CRLF", "line one\r\nline two\r\n\r\n- item\r\n", "line one line two\n\n• item", 0},
		{"tabs become spaces", "a\tb\n\n\tcode\ttab\n\n-\tx", "a   b\n\n  code    tab\n\n• x", 0},
		{"HTML as text", "<div>\n*x*\n</div>\n\nsome <b>raw</b> html", "<div>\n*x*\n</div>\n\nsome <b>raw</b> html", 0},
		{"backslash break", "one\\\ntwo", "one\ntwo", 0},
		{"too deep to indent", strings.Repeat("> ", 16) + "deep", strings.Repeat("│ ", 6) + "deep", 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			width := c.width
			if width == 0 {
				width = 60
			}
			got := renderMarkdown(c.md, width)
			if got != c.want {
				t.Fatalf("got:\n%s\nwant:\n%s", got, c.want)
			}
			for _, l := range strings.Split(got, "\n") {
				if w := ansi.StringWidth(l); w > width {
					t.Fatalf("line of %d columns: %q", w, l)
				}
			}
		})
	}
}

// TestRenderMarkdownInColour: with colour, the marks become styles and
// the text is the same.
func TestRenderMarkdownInColour(t *testing.T) {
	lipgloss.SetColorProfile(termenv.TrueColor)
	defer lipgloss.SetColorProfile(termenv.Ascii)
	got := renderMarkdown("# Title\n\n**bold** and `code`", 40)
	if !strings.Contains(got, "\x1b[") {
		t.Fatalf("no styles in colour: %q", got)
	}
	if plain := ansi.Strip(got); plain != "# Title\n\nbold and code" {
		t.Fatalf("text %q", plain)
	}
}

// TestRenderMarkdownControls: escape sequences in a body are drawn as
// text wherever they are, never sent to the terminal.
func TestRenderMarkdownControls(t *testing.T) {
	body := "# head \x1b]0;title\x07\n\n" +
		"a `code \x1b[2J` span, [a link](http://e.example/\x1b]8;;http://evil\x07x) and \x9b31m\n\n" +
		"```\n\x1b]52;c;aGk=\x1b\\\n```\n\n> \x1b[1A quoted\x7f"
	for _, p := range []termenv.Profile{termenv.Ascii, termenv.TrueColor} {
		lipgloss.SetColorProfile(p)
		out := sgr.ReplaceAllString(renderMarkdown(body, 60), "")
		if c := rawControl(out); c >= 0 {
			t.Errorf("control %U drawn: %q", c, out)
		}
		for _, shown := range []string{"# head ^[]0;title^G", "code ^[[2J span", "(http://e.example/^[]8;;http://evil^Gx)", "^[]52;c;aGk=^[\\", "^[[1A quoted^?"} {
			if !strings.Contains(out, shown) {
				t.Errorf("%q not shown in %q", shown, out)
			}
		}
	}
	lipgloss.SetColorProfile(termenv.Ascii)
}

// pathological are bodies known to make a naive Markdown parser or
// renderer quadratic, about size bytes each.
func pathological(size int) map[string]string {
	return map[string]string{
		"stars":         strings.Repeat("*", size) + "x", // not a rule
		"spaced stars":  strings.Repeat("* a ", size/4),
		"open brackets": strings.Repeat("[", size),
		"links":         strings.Repeat("[", size/2) + strings.Repeat("[a](b)", size/12),
		"backticks":     strings.Repeat("`", size/2) + strings.Repeat("` ", size/4),
		"quotes":        strings.Repeat(">", size),
		"quote lines":   strings.Repeat(strings.Repeat("> ", 40)+"x\n", size/81),
		"lists":         strings.Repeat("- ", size/2) + "x",
		"hyphens":       strings.Repeat("a - ", size/4),
	}
}

// TestRenderMarkdownPathological: each of them is drawn, in output of a
// size in proportion (the work of drawing is its output: each nesting
// level would indent every line under it); the parser's own work is
// bounded in internal/markdown's TestParseLinear. A quarter of a megabyte
// each keeps the test quick under the race detector; the time for a
// megabyte is in BenchmarkRenderMarkdownPathological.
func TestRenderMarkdownPathological(t *testing.T) {
	for name, body := range pathological(1 << 18) {
		if out := renderMarkdown(body, 80); len(out) > 8*len(body) {
			t.Errorf("%s: %d bytes drawn from %d", name, len(out), len(body))
		}
	}
}

func BenchmarkRenderMarkdownPathological(b *testing.B) {
	for name, body := range pathological(1 << 20) {
		b.Run(strings.ReplaceAll(name, " ", "-"), func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			for b.Loop() {
				renderMarkdown(body, 80)
			}
		})
	}
}
