package terminal

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// vt is a small terminal emulator for the sequences render writes: it
// keeps the cells a real terminal shows, so a test can compare them with
// the frame drawn. Like xterm in raw mode, a line feed moves down without
// going back to the first column, and a cursor past the last column waits
// there (the pending wrap) until the next character or cursor move.
type vt struct {
	rows        [][]rune
	r, c        int
	pendingWrap bool
}

func newVT(w, h int) *vt {
	v := &vt{rows: make([][]rune, h)}
	for i := range v.rows {
		v.rows[i] = []rune(strings.Repeat(" ", w))
	}
	return v
}

func (v *vt) erase(row, from int) {
	for i := from; i < len(v.rows[row]); i++ {
		v.rows[row][i] = ' '
	}
}

func (v *vt) feed(s string) {
	for len(s) > 0 {
		if strings.HasPrefix(s, "\x1b[") {
			end := strings.IndexFunc(s[2:], func(r rune) bool { return r >= 0x40 && r <= 0x7e })
			param, final := s[2:2+end], s[2+end]
			s = s[3+end:]
			switch {
			case final == 'H':
				v.r, v.c, v.pendingWrap = 0, 0, false
			case final == 'J' && param == "2":
				for i := range v.rows {
					v.erase(i, 0)
				}
			case final == 'J' && (param == "" || param == "0"):
				v.erase(v.r, v.c)
				for i := v.r + 1; i < len(v.rows); i++ {
					v.erase(i, 0)
				}
			case final == 'K' && (param == "" || param == "0"):
				v.erase(v.r, v.c)
			}
			continue
		}
		ch, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		switch ch {
		case '\r':
			v.c, v.pendingWrap = 0, false
		case '\n':
			v.r, v.pendingWrap = min(v.r+1, len(v.rows)-1), false
		default:
			if v.pendingWrap {
				v.r, v.c, v.pendingWrap = min(v.r+1, len(v.rows)-1), 0, false
			}
			v.rows[v.r][v.c] = ch
			if v.c == len(v.rows[v.r])-1 {
				v.pendingWrap = true
			} else {
				v.c++
			}
		}
	}
}

// text is what the terminal shows, a line a row, without trailing blanks.
func (v *vt) text() string {
	lines := make([]string, len(v.rows))
	for i, r := range v.rows {
		lines[i] = strings.TrimRight(string(r), " ")
	}
	return strings.Join(lines, "\n")
}

// TestTheTerminalShowsEachFrame draws frames one after the other and
// checks that the terminal then shows each exactly: rows the frame does
// not reach are blank, and no row it keeps is lost.
func TestTheTerminalShowsEachFrame(t *testing.T) {
	const w, h = 5, 4
	for _, frames := range [][]string{
		{"one\ntwo\nthree", "one\nTWO\nthree", "one\nTWO\nthree"},
		{"one\ntwo\nthree", "one"},              // a shorter frame whose last row stays
		{"one\ntwo\nthree", "one\ntwo"},         // the same, lower down
		{"abcde\nxy\nz", "abcde"},               // its last row staying is full
		{"abcde\nxy\nz", "abcdf"},               // its last row changing is full
		{"a\nb\nc\nd", "a\nb", "a\nb\nc\nd"},    // and growing back
		{"one\ntwo\nthree\nfour", "", "x\n\ny"}, // an empty frame
	} {
		term, s := open(t, w, h)
		screen := newVT(w, h)
		for i, f := range frames {
			term.renderNow(f)
			screen.feed(s.take())
			want := strings.Split(f, "\n")
			for len(want) < h {
				want = append(want, "")
			}
			if got := screen.text(); got != strings.Join(want, "\n") {
				t.Errorf("frames %q: after frame %d the terminal shows\n%s\nwant\n%s", frames, i, got, strings.Join(want, "\n"))
			}
		}
	}
}
