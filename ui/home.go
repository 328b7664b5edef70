package ui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
	"bob/ui/accounts"
	"bob/ui/common"
	"bob/ui/today"
)

// Home is the bottom screen of a book with accounts: the account list
// and the Today view, one at a time; tab switches between them. The app
// opens on the list; Today loads the first time it is shown, so opening
// the book costs no more than the list. Keys go to the view shown; data
// messages to both, so the hidden one is current when it comes back.
type Home struct {
	ctx       *common.Context
	list      *accounts.Model
	today     *today.Model
	showToday bool
	started   bool // Today has loaded once
}

// NewHome returns the home screen showing the account list.
func NewHome(ctx *common.Context) *Home {
	return &Home{ctx: ctx, list: accounts.New(ctx), today: today.New(ctx)}
}

// newHomeLoaded is NewHome with the account list starting from sums, the
// summaries the app has just read, instead of reading them again.
func newHomeLoaded(ctx *common.Context, sums []model.AccountSummary) *Home {
	return &Home{ctx: ctx, list: accounts.NewLoaded(ctx, sums), today: today.New(ctx)}
}

// newHomePreview is the home screen over the head of the account list, drawn
// until the whole list has loaded (see accounts.NewPreview).
func newHomePreview(ctx *common.Context, head store.ListHead, withHandedOff bool) *Home {
	return &Home{ctx: ctx, list: accounts.NewPreview(ctx, head, withHandedOff), today: today.New(ctx)}
}

// List returns the account list, for tests.
func (h *Home) List() *accounts.Model { return h.list }

// Today returns the Today view, for tests.
func (h *Home) Today() *today.Model { return h.today }

// ShowingToday reports whether Today is on screen.
func (h *Home) ShowingToday() bool { return h.showToday }

// Init loads the account list.
func (h *Home) Init() tea.Cmd { return h.list.Init() }

// SetSize implements common.Component.
func (h *Home) SetSize(w, ht int) {
	h.list.SetSize(w, ht)
	h.today.SetSize(w, ht)
}

// Capturing implements common.Capturer: the list's filter and prompts.
func (h *Home) Capturing() bool { return !h.showToday && h.list.Capturing() }

// Update implements tea.Model.
func (h *Home) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if km, ok := msg.(tea.KeyMsg); ok {
		if key.Matches(km, h.ctx.Keys.NextTab, h.ctx.Keys.PrevTab) && !h.Capturing() {
			return h, h.toggle()
		}
		if h.showToday {
			_, cmd := h.today.Update(msg)
			return h, cmd
		}
		_, cmd := h.list.Update(msg)
		return h, cmd
	}
	_, c1 := h.list.Update(msg)
	var c2 tea.Cmd
	if h.started {
		_, c2 = h.today.Update(msg)
	} else if _, changed := msg.(common.BookChangedMsg); !changed {
		// Today's own messages (its first load) still reach it.
		_, c2 = h.today.Update(msg)
	}
	return h, tea.Batch(c1, c2)
}

// toggle switches between the list and Today, loading Today the first
// time and whenever it comes back (the clock may have passed midnight).
func (h *Home) toggle() tea.Cmd {
	h.showToday = !h.showToday
	if !h.showToday {
		return nil
	}
	h.started = true
	return h.today.Init()
}

// View implements tea.Model.
func (h *Home) View() string {
	if h.showToday {
		return h.today.View()
	}
	return h.list.View()
}

// switchKey is how the help shows tab on the home screen.
func (h *Home) switchKey() key.Binding {
	k := h.ctx.Keys.NextTab
	what := "Today"
	if h.showToday {
		what = "accounts"
	}
	return common.Labeled(k, what)
}

// ShortHelp implements help.KeyMap.
func (h *Home) ShortHelp() []key.Binding {
	if h.showToday {
		return append(h.today.ShortHelp(), h.switchKey())
	}
	if h.list.Capturing() {
		return h.list.ShortHelp()
	}
	return append([]key.Binding{h.switchKey()}, h.list.ShortHelp()...)
}

// FullHelp implements help.KeyMap.
func (h *Home) FullHelp() [][]key.Binding {
	if h.showToday {
		return append(h.today.FullHelp(), []key.Binding{h.switchKey()})
	}
	if h.list.Capturing() {
		return h.list.FullHelp() // the switch waits until the field lets go
	}
	return append(h.list.FullHelp(), []key.Binding{h.switchKey()})
}
