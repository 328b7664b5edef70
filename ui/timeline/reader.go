package timeline

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/glamour"
	"github.com/charmbracelet/glamour/styles"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"bob/model"
	"bob/ui/common"
	"bob/ui/form"
)

// renderedMsg carries an entry body rendered for one width.
type renderedMsg struct {
	tab   int64
	entry string
	width int
	out   string
	err   error
}

// reader shows one entry: a header and the Markdown body, rendered by
// glamour in a tea.Cmd, in a scrollable viewport.
type reader struct {
	ctx     *common.Context
	tab     int64
	entry   model.TimelineEntry
	names   map[string]string
	vp      viewport.Model
	width   int // the width the body was last rendered for
	w, h    int
	ready   bool
	pending bool // a render is under way
	err     string
}

// stale reports whether the body was rendered for another width and no
// render is under way.
func (r *reader) stale() bool { return r.ready && !r.pending && r.width != max(r.w-2, 20) }

func newReader(ctx *common.Context, tab int64, e model.TimelineEntry, names map[string]string) *reader {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{}
	return &reader{ctx: ctx, tab: tab, entry: e, names: names, vp: vp}
}

// header lines above the body.
func (r *reader) header() []string {
	t := r.ctx.Theme
	e := r.entry
	vis := "[ext] external"
	if e.Internal {
		vis = t.Internal.Render("[int] INTERNAL: never share with the customer")
	}
	meta := string(e.Kind) + " · " + e.When.In(r.ctx.Now().Location()).Format(form.DateTimeLayout) + " · " + vis
	if e.Author != "" {
		meta += " · by " + e.Author
	}
	lines := []string{t.Title.Render(ansi.Truncate(e.Title, r.w, "…")), ansi.Truncate(meta, r.w, "…")}
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
	body, width, tab, id := r.entry.Body, max(r.w-2, 20), r.tab, r.entry.ID
	r.pending = true
	return func() tea.Msg {
		out, err := Render(body, width)
		return renderedMsg{tab: tab, entry: id, width: width, out: out, err: err}
	}
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
	r.width, r.ready = msg.width, true
}

// Render renders Markdown for a terminal width columns wide: glamour's
// dark or light style to match the background, or plain ASCII when the
// colour profile has no colour (NO_COLOR). It may query the terminal, so
// call it from a tea.Cmd, never from View.
func Render(body string, width int) (string, error) {
	if strings.TrimSpace(body) == "" {
		return "(no notes)", nil
	}
	profile := lipgloss.ColorProfile()
	style := styles.NoTTYStyle
	if profile != termenv.Ascii {
		style = styles.LightStyle
		if lipgloss.HasDarkBackground() {
			style = styles.DarkStyle
		}
	}
	r, err := glamour.NewTermRenderer(
		glamour.WithStandardStyle(style),
		glamour.WithColorProfile(profile),
		glamour.WithWordWrap(width),
	)
	if err != nil {
		return "", err
	}
	return r.Render(body)
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
	}
	if r.err != "" {
		lines = append(lines, t.Error.Render(ansi.Truncate("✗ "+r.err, r.w, "…")))
	}
	return strings.Join(lines, "\n")
}

// ShortHelp lists the reader's keys.
func (r *reader) ShortHelp() []key.Binding {
	k := r.ctx.Keys
	return []key.Binding{
		key.NewBinding(key.WithKeys("down"), key.WithHelp("↑/↓ pgup/pgdn", "scroll")),
		k.Edit,
		key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back to the timeline")),
	}
}
