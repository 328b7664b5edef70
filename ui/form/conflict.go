package form

import (
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/store"
	"bob/ui/common"
)

// An open form over a record another process changed (the command line,
// a second app): the form keeps what is typed in it and, when a field
// the record changed differs from what the form was opened with, shows
// the conflict; the user keeps their edits (KeepMine: the fields they
// did not touch take the outside change) or takes the record's changed
// fields, over their edits too (TakeTheirs), before saving.

// Watch makes the form notice outside changes to the record it edits:
// on an outside BookChangedMsg for accountID (or for the whole book),
// load runs in a command and returns the fields the form would be built
// with from the record as it is now (the same function that built them
// serves). An error wrapping store.ErrNotFound means the record was
// removed.
func (m *Model) Watch(accountID string, load func() ([]Field, error)) *Model {
	m.watchAccount = accountID
	ctx := m.ctx
	m.load = func() (map[string]string, error) {
		fields, err := load()
		if err != nil {
			return nil, err
		}
		// Each value as the form's own field holds it, so that it
		// compares equal with what the form was opened with.
		vals := make(map[string]string, len(fields))
		for _, f := range fields {
			vals[f.Key] = newField(ctx, f).raw()
		}
		return vals, nil
	}
	return m
}

// theirsMsg carries the record as it is now, after an outside change.
type theirsMsg struct {
	values map[string]string
	err    error
	what   string
}

// conflict is a pending outside change to the form's record.
type conflict struct {
	what    string            // who changed it, from the status line
	fields  []string          // labels of the fields that changed
	theirs  map[string]string // by key; nil when the record was removed
	removed bool
}

// outside handles a book change: an outside one that may touch the
// form's record reads the record again.
func (m *Model) outside(msg common.BookChangedMsg) tea.Cmd {
	if !msg.Outside || m.load == nil || (msg.AccountID != "" && msg.AccountID != m.watchAccount) {
		return nil
	}
	load, what := m.load, msg.What
	return func() tea.Msg {
		v, err := load()
		return theirsMsg{values: v, err: err, what: what}
	}
}

// theirs compares the record as it is now with what the form was opened
// with (or last agreed to).
func (m *Model) theirs(msg theirsMsg) tea.Cmd {
	what := strings.TrimPrefix(msg.what, "changed outside: ")
	if msg.err != nil {
		if !errors.Is(msg.err, store.ErrNotFound) {
			return common.Fail(msg.err)
		}
		m.conflict = &conflict{what: what, removed: true}
		return nil
	}
	c := &conflict{what: what, theirs: msg.values}
	for _, f := range m.fields {
		v, ok := msg.values[f.Key]
		if ok && v != f.initial {
			c.fields = append(c.fields, f.Label)
		}
	}
	if len(c.fields) == 0 {
		return nil
	}
	m.conflict = c
	return nil
}

// conflictKey handles KeepMine and TakeTheirs while a conflict is shown;
// saving waits for the choice.
func (m *Model) conflictKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	k := m.ctx.Keys
	if m.conflict == nil {
		if m.load != nil && key.Matches(msg, k.KeepMine, k.TakeTheirs) {
			return common.Cannot("nothing changed outside since the form opened: " + k.KeepMine.Help().Key + " and " +
				k.TakeTheirs.Help().Key + " choose when another bob changes this record"), true
		}
		return nil, false
	}
	c := m.conflict
	switch {
	case key.Matches(msg, k.KeepMine):
		// The fields the user edited keep their text; the ones they did
		// not touch take the outside change, so saving does not undo it
		// unseen. What the form was opened with becomes the record as it
		// is now: the next outside change is compared with that.
		for _, f := range m.fields {
			v, ok := c.theirs[f.Key]
			if !ok {
				continue
			}
			if f.raw() == f.initial {
				f.set(v)
			}
			f.initial = v
		}
		m.conflict = nil
		return common.Info("%s", "kept your edits (fields you did not touch took the outside change): "+k.Submit.Help().Key+" saves"), true
	case key.Matches(msg, k.TakeTheirs):
		m.conflict = nil
		if c.removed {
			return m.close(false), true
		}
		for _, f := range m.fields {
			if v, ok := c.theirs[f.Key]; ok && v != f.initial {
				f.set(v)
				f.initial = v
			}
		}
		return common.Info("%s", "took the outside change into the form"), true
	case key.Matches(msg, k.Submit):
		return common.Cannot("the record changed outside: " + k.KeepMine.Help().Key + " keeps your edits, " +
			k.TakeTheirs.Help().Key + " takes theirs; then save"), true
	}
	return nil, false
}

// conflictLines say what changed and how to choose.
func (m *Model) conflictLines() []string {
	c := m.conflict
	k := m.ctx.Keys
	if c.removed {
		return []string{"! removed outside: " + c.what,
			"  " + k.KeepMine.Help().Key + " keeps the form open (saving will fail), " + k.TakeTheirs.Help().Key + " closes it"}
	}
	return []string{"! changed outside: " + c.what + ": " + strings.Join(c.fields, ", "),
		"  " + k.KeepMine.Help().Key + " keeps your edits, " + k.TakeTheirs.Help().Key + " takes theirs (then save)"}
}

// set puts v in the field as if typed.
func (f *field) set(v string) {
	switch f.Kind {
	case LongText:
		f.area.SetValue(v)
	case Select:
		for i, o := range f.Options {
			if o == v {
				f.choice = i
			}
		}
	case Bool:
		f.on = v == "true"
	default:
		f.input.SetValue(v)
	}
}

// Conflict reports whether the form shows an outside change to choose on.
func (m *Model) Conflict() bool { return m.conflict != nil }

// WatchItem is Watch for a record kept in a list, such as an account's
// risks, people or plans: list reads the list as it is now, idOf names
// each record, and fields builds the form's fields from the one whose ID
// is id, made safe to draw. A record gone from the list is
// store.ErrNotFound, named what (`risk "Churn"`). A record not saved yet
// (id "") has nothing to watch.
func WatchItem[T any](f *Model, accountID, id, what string, list func() ([]T, error), idOf func(T) string, fields func(T) ([]Field, error)) *Model {
	if id == "" {
		return f
	}
	return f.Watch(accountID, func() ([]Field, error) {
		xs, err := list()
		if err != nil {
			return nil, err
		}
		x, err := Lookup(xs, id, idOf, what)
		if err != nil {
			return nil, err
		}
		return fields(*common.Safe(&x))
	})
}

// Lookup finds the record whose ID is id in xs; one that is not there is
// store.ErrNotFound, named what.
func Lookup[T any](xs []T, id string, idOf func(T) string, what string) (T, error) {
	for _, x := range xs {
		if idOf(x) == id {
			return x, nil
		}
	}
	var zero T
	return zero, fmt.Errorf("%s: %w", what, store.ErrNotFound)
}
