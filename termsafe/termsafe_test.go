package termsafe

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestLineAndText(t *testing.T) {
	tests := []struct {
		name, in, line, text string
	}{
		{"plain", "Acme Corp", "Acme Corp", "Acme Corp"},
		{"unicode kept", "Łódź 東京 café", "Łódź 東京 café", "Łódź 東京 café"},
		{"title escape", "a\x1b]0;pwned\x07b", "a^[]0;pwned^Gb", "a^[]0;pwned^Gb"},
		{"osc 52", "\x1b]52;c;aGk=\x1b\\", "^[]52;c;aGk=^[\\", "^[]52;c;aGk=^[\\"},
		{"newline", "one\ntwo\r", "one^Jtwo^M", "one\ntwo^M"},
		{"tab", "a\tb", "a b", "a\tb"},
		{"del", "a\x7fb", "a^?b", "a^?b"},
		{"c1 csi", "a\u009b31mb", "a\uFFFD31mb", "a\uFFFD31mb"},
		{"bad utf8", "a\xffb", "a\uFFFDb", "a\uFFFDb"},
		{"nul", "a\x00b", "a^@b", "a^@b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Line(tt.in); got != tt.line {
				t.Errorf("Line(%q) = %q, want %q", tt.in, got, tt.line)
			}
			if got := Text(tt.in); got != tt.text {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.text)
			}
		})
	}
}

func FuzzLine(f *testing.F) {
	f.Add("a\x1b[31mb\u009b\n\t\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, out := range []string{Line(s), Text(s)} {
			for _, r := range out {
				if r == 0x1b || r == 0x07 || r == 0x7f || r == '\r' || r >= 0x80 && r <= 0x9f {
					t.Fatalf("control %U left in %q", r, out)
				}
			}
		}
		if strings.ContainsAny(Line(s), "\n\t") {
			t.Fatalf("Line left a newline or tab in %q", Line(s))
		}
		if Safe(s, false) != (Line(s) == s) {
			t.Fatalf("Safe disagrees with Line on %q", s)
		}
	})
}

func BenchmarkLinePlain(b *testing.B) {
	s := "Northwind Traders International GmbH"
	for b.Loop() {
		_ = Line(s)
	}
}

func TestCRLFLines(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n", "BEGIN:VCARD\r\nFN:Ann\r\nEND:VCARD\r\n"},
		{"FN:Ann \x1b]0;x\x07\r\nNOTE:a\rb\nc\u009b\r\n", "FN:Ann ^[]0;x^G\r\nNOTE:a^Mb^Jc\uFFFD\r\n"},
	} {
		if got := CRLFLines(tc.in); got != tc.want {
			t.Errorf("CRLFLines(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// plain reads eight bytes at a time: every byte value, at every place in
// and around a word, is judged as one byte at a time would judge it.
func TestPlainEveryByteEverywhere(t *testing.T) {
	ref := func(s string, multiline bool) bool {
		for _, r := range s {
			switch {
			case r == utf8.RuneError, r < 0x20 && !(multiline && (r == '\n' || r == '\t')), r >= 0x7f && r <= 0x9f:
				return false
			}
		}
		return true
	}
	base := []byte("abcdefghijklmnopqrstuvwx")
	for b := 0; b < 256; b++ {
		for at := range base {
			s := append([]byte(nil), base...)
			s[at] = byte(b)
			for _, multiline := range []bool{false, true} {
				if got, want := plain(string(s), multiline), ref(string(s), multiline); got != want {
					t.Fatalf("plain(%q, %v) = %v, want %v", s, multiline, got, want)
				}
			}
		}
	}
}
