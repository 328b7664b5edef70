package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/store"
	"bob/ui/common"
)

// Watching the book for other processes' writes: the command line in
// another terminal, a script, a second app. Once a second (PollEvery) the
// app asks the store whether the file's transaction ID moved; the answer
// costs two small reads when nothing changed. A change is said in the
// status line and sent to every screen as a BookChangedMsg, so what is
// shown reloads; forms keep what is typed in them.
//
// The same look notices the colleagues file changing (bob colleagues add
// in a shell): the screens that offer colleagues get a
// ColleaguesChangedMsg and read them again, so a colleague added meanwhile
// is there without closing the screen.

// PollEvery is how often the running app looks for others' writes.
const PollEvery = time.Second

type (
	// pollMsg: time to look for others' writes.
	pollMsg struct{}
	// outsideMsg carries what others wrote since the last look.
	outsideMsg struct {
		changes  []store.Change
		names    map[string]string // account ID -> name, for the status line
		replaced bool
		err      error
		// colleagues is the colleagues file's stamp (colleaguesStamp).
		colleagues string
	}
)

// watch schedules the next look, or nothing when the app does not poll
// (tests drive it with outsideMsg).
func (a *App) watch() tea.Cmd {
	if a.pollEvery <= 0 {
		return nil
	}
	return tea.Tick(a.pollEvery, func(time.Time) tea.Msg { return pollMsg{} })
}

// look asks the store what changed, off the UI goroutine, with the names
// of up to a few changed accounts for the status line.
func (a *App) look() tea.Cmd {
	st, dir := a.ctx.Store, a.ctx.ConfigDir
	return func() tea.Msg {
		changes, replaced, err := st.Changes()
		msg := outsideMsg{changes: changes, replaced: replaced, err: err, names: map[string]string{}, colleagues: colleaguesStamp(dir)}
		for _, c := range changes {
			for _, id := range c.Accounts {
				if len(msg.names) >= maxNamed+1 || strings.HasPrefix(id, "+") {
					continue
				}
				if acc, err := st.Account(id); err == nil {
					msg.names[id] = acc.Name
				}
			}
		}
		return msg
	}
}

// maxNamed is how many account names the status line names before
// counting the rest.
const maxNamed = 3

// colleaguesStamp tells one version of the colleagues file in dir from
// another (its modification time and size); "" when there is none.
func colleaguesStamp(dir string) string {
	if dir == "" {
		return ""
	}
	fi, err := os.Stat(filepath.Join(dir, handoff.ColleaguesFile))
	if err != nil {
		return ""
	}
	return fmt.Sprintf("%d/%d", fi.ModTime().UnixNano(), fi.Size())
}

// outside handles what others wrote: a status line and a reload.
func (a *App) outside(msg outsideMsg) tea.Cmd {
	next := a.watch()
	if msg.colleagues != a.colleagues {
		// The first look only learns the stamp: nothing changed yet.
		if a.colleaguesLooked {
			next = tea.Batch(next, func() tea.Msg { return common.ColleaguesChangedMsg{} })
		}
		a.colleagues = msg.colleagues
	}
	a.colleaguesLooked = true
	if msg.err != nil {
		// A look that failed (the lock held a moment, the file moved) is
		// tried again at the next tick; it is no reason to interrupt.
		return next
	}
	if !msg.replaced && len(msg.changes) == 0 {
		return next
	}
	what := describeOutside(msg)
	changed := common.BookChangedMsg{What: what, Outside: true}
	if ids := changedAccounts(msg.changes); len(ids) == 1 && !msg.replaced {
		changed.AccountID = ids[0]
	}
	status := func() tea.Msg { return common.StatusMsg{Text: what} }
	return tea.Batch(next, status, func() tea.Msg { return changed })
}

// changedAccounts lists the accounts the changes name, each once; a
// change without accounts (or with more than it names) returns nil: the
// whole book reloads.
func changedAccounts(changes []store.Change) []string {
	seen := map[string]bool{}
	var ids []string
	for _, c := range changes {
		if len(c.Accounts) == 0 {
			return nil
		}
		for _, id := range c.Accounts {
			if strings.HasPrefix(id, "+") {
				return nil
			}
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// describeOutside says who changed what: "bob step done (pid 4242)
// changed Acme"; "bob playbooks apply (pid 7) changed Acme, Globex and 3
// more accounts".
func describeOutside(msg outsideMsg) string {
	if msg.replaced {
		return "the book's file was replaced (a backup restored?): everything is read again"
	}
	var parts []string
	var who string
	for _, c := range msg.changes {
		w := c.By
		if c.Pid != 0 {
			w = fmt.Sprintf("%s (pid %d)", c.By, c.Pid)
		}
		if w != who {
			who = w
			parts = append(parts, w)
		}
	}
	if len(parts) > 2 {
		parts = append(parts[:2], fmt.Sprintf("%d more", len(parts)-2))
	}
	by := strings.Join(parts, ", ")
	ids := changedAccounts(msg.changes)
	var named []string
	for _, id := range ids {
		if n, ok := msg.names[id]; ok && len(named) < maxNamed {
			named = append(named, n)
		}
	}
	switch {
	case len(ids) == 0:
		return "changed outside: " + by + " changed the book; shown as it is now"
	case len(named) == 0:
		return fmt.Sprintf("changed outside: %s changed %d accounts (removed?)", by, len(ids))
	case len(ids) > len(named):
		return fmt.Sprintf("changed outside: %s changed %s and %d more accounts", by, strings.Join(named, ", "), len(ids)-len(named))
	}
	return fmt.Sprintf("changed outside: %s changed %s", by, strings.Join(named, ", "))
}
