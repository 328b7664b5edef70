package accounts

import (
	"time"

	"bob/store"
	"bob/ui/common"
)

// A first screen before the whole list has loaded. On a book of 10,000
// accounts, reading, decoding, cleaning and sorting every summary took
// longer than everything else the app does to start, while the first
// screen shows a few dozen of them. When the remembered view is by name
// (the usual one), the app reads the head of the list (store.SummariesHead:
// its first accounts by name, and the counts the title shows) and the list
// draws it with its own code, the rows and the title the whole list then
// shows; the whole list loads meanwhile and takes over. Until then the list
// is loading, as it is without a preview: keys do what they do while it
// loads, and filter text hides the preview.

// PreviewRows is how many accounts the head of the list holds: more rows
// than any terminal shows.
const PreviewRows = 150

// previewSettle is how long the whole list waits to load behind a
// preview: the renderer draws a frame at most every 16.7 ms, and the
// whole list's read, cleaning and sorting (about 25 ms of CPU at 10,000
// accounts) slowed the first frame on a busy machine of two cores. Nobody
// types in the first 30 ms; a key that comes sooner waits as it does
// while the list loads.
const previewSettle = 30 * time.Millisecond

// preview is the head of the list, drawn until the whole list is there.
type preview struct {
	book  *book // the first accounts, in the list's order
	total int   // every account in the book
	// currencies counts the book's currencies (the ARR column's width).
	currencies int
}

// PreviewView says whether the remembered view of the list (in the
// config folder dir) can be drawn from the head of the list by name, and
// whether it shows handed-off accounts. A view by another order, or by a
// tag or a stage, cannot: it waits for the whole list.
func PreviewView(dir string) (ok, withHandedOff bool) {
	p := readPrefs(dir)
	if p.err != nil {
		return false, false
	}
	var v view
	p.p.apply(&v)
	return v.order == ByName && v.tag == "" && v.stage == "", v.showHandedOff
}

// NewPreview is New showing head, read with handed-off accounts when
// withHandedOff (as PreviewView said), until Init has loaded the whole
// list. head's text must already be safe for the terminal (common.Safe).
func NewPreview(ctx *common.Context, head store.ListHead, withHandedOff bool) *Model {
	m := New(ctx)
	b := newBook(head.First, ctx.Now())
	b.handedOff = head.HandedOff
	m.preview = &preview{book: b, total: head.Total, currencies: len(head.Currencies)}
	m.view.showHandedOff = withHandedOff
	return m
}

// previewing reports whether View draws the preview: the list is still
// loading, and nothing the user did since asks for something else.
func (m *Model) previewing() bool {
	return m.preview != nil && m.book == nil && m.loadErr == nil && !m.filtering && m.filter.Value() == "" &&
		m.picker == nil && !m.asking()
}

// previewView draws the preview with the list's own drawing code, over
// the preview's book for the length of the call.
func (m *Model) previewView() string {
	p := m.preview
	m.book, m.layout = p.book, layoutFor(m.width, p.currencies > 1)
	m.rows = make([]row, len(p.book.sums))
	for i := range m.rows {
		m.rows[i] = row{i: i}
	}
	defer func() {
		m.book, m.rows, m.layout = nil, nil, layoutFor(m.width, false)
	}()
	return m.View()
}
