package timeline

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"unicode/utf8"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/ui/common"
	"bob/ui/form"
)

// renderedMsg carries an entry body rendered for one width.
type renderedMsg struct {
	entry string
	width int
	out   string
	err   error
	// cut is how many bytes of the body were left out (0: all of it).
	cut int
}

// RenderCut is how much of a body the reader renders until the user asks
// for all of it (ShowAll): a crafted or pasted body of megabytes must not
// keep a core busy for a screen nobody reads.
const RenderCut = 16 << 10

// renderChunk is how much Markdown is rendered in one go; between chunks
// the render checks whether the reader was left, and stops if it was.
const renderChunk = 4 << 10

// errAbandoned says a render stopped because its reader was closed.
var errAbandoned = errors.New("the render was abandoned")

// reader shows one entry: a header and the Markdown body, rendered by
// renderMarkdown in a tea.Cmd, in a scrollable viewport.
type reader struct {
	ctx     *common.Context
	entry   model.TimelineEntry
	names   map[string]string
	vp      viewport.Model
	width   int // the width the body was last rendered for
	w, h    int
	ready   bool
	pending bool // a render is under way
	err     string
	// all is true once the user asked for the whole body (ShowAll);
	// cut is how much of it the last render left out.
	all bool
	cut int
	// gone is set when the reader is closed, so a render still under way
	// stops at its next chunk instead of working for nobody.
	gone *atomic.Bool
}

// close abandons any render under way.
func (r *reader) close() { r.gone.Store(true) }

// stale reports whether the body was rendered for another width and no
// render is under way.
func (r *reader) stale() bool { return r.ready && !r.pending && r.width != max(r.w-2, 20) }

func newReader(ctx *common.Context, e model.TimelineEntry, names map[string]string) *reader {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{}
	return &reader{ctx: ctx, entry: e, names: names, vp: vp, gone: new(atomic.Bool)}
}

// header lines above the body.
func (r *reader) header() []string {
	t := r.ctx.Theme
	e := r.entry
	vis := "[ext] external"
	if e.Internal {
		vis = t.Internal.Render("[int] INTERNAL: never share with the customer")
	}
	parts := []string{string(e.Kind) + " · " + e.When.In(r.ctx.Now().Location()).Format(form.DateTimeLayout), vis}
	if e.Author != "" {
		parts = append(parts, "by "+e.Author)
	}
	// The meta line wraps between its parts rather than being cut: at
	// 80 columns the author of an internal note fell off its end.
	lines := []string{t.Title.Render(ansi.Truncate(e.Title, r.w, "…"))}
	meta := ""
	for _, p := range parts {
		switch {
		case meta == "":
			meta = p
		case ansi.StringWidth(meta+" · "+p) <= r.w:
			meta += " · " + p
		default:
			lines = append(lines, ansi.Truncate(meta, r.w, "…"))
			meta = p
		}
	}
	lines = append(lines, ansi.Truncate(meta, r.w, "…"))
	var ns []string
	for _, id := range e.People {
		if n, ok := r.names[id]; ok {
			ns = append(ns, n)
		}
	}
	if len(ns) > 0 {
		lines = append(lines, t.Subtle.Render(ansi.Truncate("with "+strings.Join(ns, ", "), r.w, "…")))
	}
	return append(lines, t.Faint.Render(strings.Repeat("─", max(r.w, 1))))
}

// resize sets the reader's area; the body is re-rendered (in a Cmd) when
// the width changed. Callers run the returned command via render.
func (r *reader) resize(w, h int) {
	r.w, r.h = w, h
	r.vp.Width = w
	r.vp.Height = max(h-len(r.header()), 1)
}

// set replaces the entry (after an edit elsewhere) and re-renders.
func (r *reader) set(e model.TimelineEntry) tea.Cmd {
	r.entry = e
	r.resize(r.w, r.h)
	return r.render()
}

// render returns the command that renders the body for the current width.
func (r *reader) render() tea.Cmd {
	body, width, id, gone := r.entry.Body, max(r.w-2, 20), r.entry.ID, r.gone
	cut := 0
	if !r.all && len(body) > RenderCut {
		head := cutAt(body, RenderCut)
		body, cut = head, len(body)-len(head)
	}
	r.pending = true
	return func() tea.Msg {
		out, err := renderChunks(body, width, gone.Load)
		if errors.Is(err, errAbandoned) {
			return nil
		}
		return renderedMsg{entry: id, width: width, out: out, err: err, cut: cut}
	}
}

// cutAt returns the start of s, at most n bytes, ending at a line break
// when there is one (and never inside a UTF-8 character).
func cutAt(s string, n int) string {
	if len(s) <= n {
		return s
	}
	head := s[:n]
	if i := strings.LastIndexByte(head, '\n'); i > n/2 {
		return head[:i]
	}
	for len(head) > 0 && !utf8.RuneStart(s[len(head)]) {
		head = head[:len(head)-1]
	}
	return head
}

// renderChunks renders body a few KB at a time, split at blank lines
// outside code blocks, and stops with errAbandoned as soon as stop says
// the reader is gone.
func renderChunks(body string, width int, stop func() bool) (string, error) {
	var out strings.Builder
	for _, part := range splitMarkdown(body, renderChunk) {
		if stop() {
			return "", errAbandoned
		}
		s, err := Render(part, width)
		if err != nil {
			return "", err
		}
		out.WriteString(strings.TrimRight(s, "\n"))
		out.WriteString("\n")
	}
	return out.String(), nil
}

// splitMarkdown cuts Markdown into parts of about size bytes at blank
// lines outside fenced code blocks, so each part renders as it would in
// the whole. A part with no such line inside stays whole.
func splitMarkdown(body string, size int) []string {
	if len(body) <= size {
		return []string{body}
	}
	var parts []string
	start, fenced := 0, false
	lines := strings.SplitAfter(body, "\n")
	pos := 0
	for _, l := range lines {
		pos += len(l)
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
		}
		if !fenced && strings.TrimSpace(l) == "" && pos-start >= size {
			parts = append(parts, body[start:pos])
			start = pos
		}
	}
	if start < len(body) {
		parts = append(parts, body[start:])
	}
	return parts
}

func (r *reader) rendered(msg renderedMsg) {
	if msg.entry != r.entry.ID {
		return
	}
	r.pending = false
	if msg.err != nil {
		// fall back to the raw Markdown, which reads fine as text
		r.err = "could not render Markdown: " + msg.err.Error()
		r.vp.SetContent(r.entry.Body)
	} else {
		r.err = ""
		r.vp.SetContent(strings.TrimRight(msg.out, "\n"))
	}
	r.width, r.ready, r.cut = msg.width, true, msg.cut
}

// showAll renders the whole body, if the reader cut it.
func (r *reader) showAll() tea.Cmd {
	if r.cut == 0 {
		return common.Cannot("the whole body is shown already")
	}
	r.all = true
	return r.render()
}

// Render renders Markdown for a terminal width columns wide, in the
// theme's colours for the background, or plain text when the colour
// profile has no colour (NO_COLOR). Asking for the background may query
// the terminal, so call it from a tea.Cmd, never from View.
func Render(body string, width int) (string, error) {
	if strings.TrimSpace(body) == "" {
		return "(no notes)", nil
	}
	// A blank line under the header and a margin of two columns, as the
	// reader has always drawn bodies.
	lines := strings.Split(renderMarkdown(body, width-2), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = "  " + l
		}
	}
	return "\n" + strings.Join(lines, "\n"), nil
}

func (r *reader) scroll(msg tea.KeyMsg, k *common.KeyMap) { k.ScrollViewport(&r.vp, msg) }

// View draws the header, the body and the reader's keys.
func (r *reader) View() string {
	t := r.ctx.Theme
	lines := r.header()
	switch {
	case !r.ready:
		lines = append(lines, t.Faint.Render("rendering…"))
	default:
		lines = append(lines, r.vp.View())
		if r.cut > 0 {
			lines = append(lines, r.ctx.Theme.Warn.Render(ansi.Truncate(fmt.Sprintf("… %s more not shown: %s shows all of it",
				model.SizeWords(int64(r.cut)), r.ctx.Keys.ShowAll.Help().Key), r.w, "…")))
		}
	}
	if r.err != "" {
		lines = append(lines, t.Error.Render(ansi.Truncate("✗ "+r.err, r.w, "…")))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp lists the reader's keys.
func (r *reader) ShortHelp() []key.Binding {
	k := r.ctx.Keys
	keys := []key.Binding{
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↑/↓ pgup/pgdn", "scroll")),
		k.Edit,
		k.Delete,
	}
	if r.cut > 0 {
		keys = append(keys, k.ShowAll)
	}
	return append(keys, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the timeline")))
}
