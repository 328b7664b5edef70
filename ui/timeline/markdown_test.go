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
