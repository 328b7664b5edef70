package timeline

import (
	"strings"
	"testing"
	"time"

	"bob/model"
	"bob/ui/uitest"
)

// hugeEntry has a body far beyond what validation now accepts, as a book
// written before the limit may hold.
func hugeEntry() model.TimelineEntry {
	para := strings.Repeat("word ", 80) + "\n\n"
	return model.TimelineEntry{ID: model.NewID(), Title: "huge", Kind: model.KindNote, When: uitest.Now,
		Body: "# start\n\n" + strings.Repeat(para, (10<<20)/len(para)) + "the very end"}
}

func TestReaderCutsHugeBodiesAndShowsAllOnRequest(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	e := hugeEntry()
	r := newReader(ctx, e, nil)
	r.resize(100, 30)
	start := time.Now()
	msg := r.render()().(renderedMsg)
	if msg.cut < len(e.Body)-RenderCut {
		t.Fatalf("render cut %d bytes of a 10 MB body, want all but the first %d", msg.cut, RenderCut)
	}
	t.Logf("the first %d KB rendered in %s", RenderCut>>10, time.Since(start).Round(time.Millisecond))
	r.rendered(msg)
	v := uitest.Plain(r.View())
	if !strings.Contains(v, "more not shown: a shows all of it") {
		t.Fatalf("the reader does not say the body was cut:\n%s", v)
	}
	if !strings.Contains(uitest.Plain(strings.Join(keyHelp(r), " ")), "show all") {
		t.Error("the reader's keys do not offer show all")
	}
	cmd := r.showAll()
	if !r.all || cmd == nil {
		t.Fatal("show all did not start a full render")
	}
	// A short body is never cut, and show all says why it cannot act.
	short := newReader(ctx, model.TimelineEntry{ID: model.NewID(), Body: "# hi"}, nil)
	short.resize(100, 30)
	short.rendered(short.render()().(renderedMsg))
	if short.cut != 0 {
		t.Fatal("a short body was cut")
	}
	if msg, ok := short.showAll()().(interface{}); !ok || msg == nil {
		t.Fatal("show all on a whole body says nothing")
	}
}

func keyHelp(r *reader) []string {
	var out []string
	for _, b := range r.ShortHelp() {
		out = append(out, b.Help().Desc)
	}
	return out
}

// TestLeavingTheReaderStopsTheRender: the render of a long body stops
// at its next chunk once the reader is closed.
func TestLeavingTheReaderStopsTheRender(t *testing.T) {
	ctx := uitest.Context(t, 100, 30)
	r := newReader(ctx, hugeEntry(), nil)
	r.resize(100, 30)
	r.all = true
	cmd := r.render()
	r.close()
	if msg := cmd(); msg != nil {
		t.Fatalf("a render for a closed reader went on and returned %T", msg)
	}
	calls := 0
	_, err := renderChunks(hugeEntry().Body, 80, func() bool { calls++; return calls > 2 })
	if err != errAbandoned || calls != 3 {
		t.Fatalf("renderChunks: err %v after %d checks, want it to stop at the third", err, calls)
	}
}

func TestSplitMarkdownKeepsCodeBlocksWhole(t *testing.T) {
	body := "para one\n\n```\n" + strings.Repeat("code\n\n", 2000) + "```\n\npara two\n"
	parts := splitMarkdown(body, 100)
	if strings.Join(parts, "") != body {
		t.Fatal("the parts do not make the body")
	}
	for _, p := range parts {
		if strings.Count(p, "```")%2 != 0 {
			t.Fatalf("a part splits a code block: %.80q", p)
		}
	}
}
