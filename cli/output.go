package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"bob/store"
	"bob/termsafe"
)

// checkOutput refuses a file to write that would destroy something: a
// book (this one, a backup, any bbolt database), one of the files the
// command reads, or, unless replace is set (--force), any file already
// there. It is called before anything is written, so a refusal leaves
// every file as it was. A command that asks before replacing a file
// passes replace and asks itself.
func checkOutput(path string, replace bool, inputs ...string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return nil // nothing there to lose; the write reports its own errors
	}
	if fi.IsDir() {
		return fmt.Errorf("%s is a folder: name a file to write (nothing was written)", path)
	}
	if !fi.Mode().IsRegular() {
		// A device or a pipe: reading it to look for a book could block
		// for ever, and bob writes a file whole by renaming a new one
		// into place, which would replace /dev/null itself for root.
		return fmt.Errorf("%s is not a regular file (a device or a pipe): leave out the file to write to standard output, and redirect that (nothing was written)", path)
	}
	if store.IsBookFile(path) {
		return fmt.Errorf("%s is a bob book (or a backup of one): bob will not write over it; choose another file (nothing was written)", path)
	}
	for _, in := range inputs {
		if ifi, err := os.Stat(in); err == nil && os.SameFile(fi, ifi) {
			return fmt.Errorf("%s is the file being read: choose another file to write (nothing was written)", path)
		}
	}
	if !replace {
		return fmt.Errorf("%s exists: choose a new file, or add --force to replace it (nothing was written)", path)
	}
	return nil
}

// c1Escaper passes JSON through, writing each C1 control character
// (U+0080 to U+009F, which some terminals obey like ESC [) as a \u escape.
// JSON escapes the C0 controls itself but not these; inside JSON they can
// only stand in a string, where the escape reads back the same. A
// character cut between two writes is held until the next one.
type c1Escaper struct {
	w    io.Writer
	held bool // the last write ended with 0xC2, the first byte of a C1
}

func (e *c1Escaper) Write(p []byte) (int, error) {
	in := p
	if e.held {
		in = append([]byte{0xC2}, p...)
		e.held = false
	}
	out := make([]byte, 0, len(in))
	for i := 0; i < len(in); i++ {
		c := in[i]
		switch {
		case c != 0xC2:
			out = append(out, c)
		case i+1 == len(in):
			e.held = true
		case in[i+1] >= 0x80 && in[i+1] <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, rune(in[i+1]))
			i++
		default:
			out = append(out, c)
		}
	}
	if _, err := e.w.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Close writes a byte still held.
func (e *c1Escaper) Close() error {
	if !e.held {
		return nil
	}
	e.held = false
	_, err := e.w.Write([]byte{0xC2})
	return err
}

// writeJSON prints v as indented JSON. encoding/json escapes C0 controls
// but writes C1 controls (U+0080 to U+009F) raw, and some terminals obey
// them: they are escaped too, which is still the same JSON value.
func writeJSON(w io.Writer, v any) error {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	_, err = io.WriteString(w, escapeC1(string(raw))+"\n")
	return err
}

// writeJSONList prints a list as writeJSON does, byte for byte, but one
// element at a time through a buffer: the first accounts reach a pipe
// before the last are encoded, and the whole list is never in memory as
// one string.
func writeJSONList[T any](w io.Writer, items []T) error {
	if items == nil {
		return writeJSON(w, items)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if len(items) == 0 {
		bw.WriteString("[]\n")
		return bw.Flush()
	}
	bw.WriteString("[\n")
	for i, it := range items {
		raw, err := json.MarshalIndent(it, "  ", "  ")
		if err != nil {
			return err
		}
		bw.WriteString("  ")
		bw.WriteString(escapeC1(string(raw)))
		if i < len(items)-1 {
			bw.WriteString(",")
		}
		bw.WriteString("\n")
	}
	bw.WriteString("]\n")
	return bw.Flush()
}

// escapeC1 writes every C1 control in JSON text as a \u escape, as
// c1Escaper does for a stream.
func escapeC1(s string) string {
	if termsafe.Safe(s, true) {
		return s
	}
	var b strings.Builder
	e := &c1Escaper{w: &b}
	e.Write([]byte(s))
	e.Close()
	return b.String()
}
