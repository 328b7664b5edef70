package export

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/model"
	"bob/store"
	"bob/ui/common"
)

// Step 5: writing. The bundles are written one after the other by a
// goroutine that reports through channels; the wizard waits for one
// report at a time and re-schedules the wait after each (glow's streaming
// pattern). Progress is latest-wins, so a slow screen never slows the
// export down, and the channels are buffered so that a wizard closed
// mid-way leaves no goroutine blocked. The first failure stops the
// writing: the bundles written before it stand, the rest are not written.

type writeState struct {
	run      *run
	results  []handoff.ExportResult
	err      error // the failure that stopped the writing
	failed   int   // the bundle that failed
	done     bool
	bundle   int // the bundle being written
	accounts int // accounts written in it so far
}

// run is one writing of the bundles.
type run struct {
	progress chan progressMsg // capacity 1: the latest report only
	finished chan tea.Msg     // one bundleDoneMsg per bundle; never blocks
}

type (
	// progressMsg: done of total accounts of bundle are written.
	progressMsg struct {
		run         *run
		bundle      int
		done, total int
	}
	// bundleDoneMsg: a bundle is written (or failed); last is set on the
	// final report of the run.
	bundleDoneMsg struct {
		run    *run
		bundle int
		res    handoff.ExportResult
		err    error
		last   bool
	}
)

// job is what one bundle needs to be written, copied out of the model so
// the goroutine shares nothing with the UI.
type job struct {
	path string
	opts handoff.ExportOptions
}

// startWrite starts writing every bundle and waits for the first report.
func (m *Model) startWrite() tea.Cmd {
	m.step = stepWrite
	now := m.ctx.Now()
	jobs := make([]job, len(m.bundles))
	for i, b := range m.bundles {
		to := handoff.Party{Name: b.to.name}
		if b.to.known != nil {
			to = handoff.Party{Name: b.to.known.Name, Email: b.to.known.Email}
		}
		jobs[i] = job{path: b.path, opts: handoff.ExportOptions{
			AccountIDs: append([]string(nil), b.ids...), From: m.me, To: to,
			Encryption: b.encryption(), Redact: b.redact, Now: now, MarkHandedOff: true,
			Note: strings.TrimSpace(b.note.Value()),
		}}
	}
	r := &run{progress: make(chan progressMsg, 1), finished: make(chan tea.Msg, len(jobs))}
	m.write = writeState{run: r}
	st := m.ctx.Store
	// The writer starts inside the command, so Update itself does no work;
	// it then streams progress back one message at a time (r.wait).
	return func() tea.Msg {
		go writeAll(st, jobs, r)
		return r.wait()
	}
}

// writeAll writes the bundles in order, stopping at the first failure.
func writeAll(st *store.Store, jobs []job, r *run) {
	for i, j := range jobs {
		j.opts.Progress = func(done, total int) { r.report(progressMsg{run: r, bundle: i, done: done, total: total}) }
		res, err := handoff.Export(st, j.path, j.opts)
		last := err != nil || i == len(jobs)-1
		r.finished <- bundleDoneMsg{run: r, bundle: i, res: res, err: err, last: last}
		if last {
			return
		}
	}
}

// report hands a progress report to the wizard, replacing one it has not
// read yet.
func (r *run) report(p progressMsg) {
	for {
		select {
		case r.progress <- p:
			return
		default:
			select {
			case <-r.progress:
			default:
			}
		}
	}
}

// wait is the command that waits for the run's next report.
func (r *run) wait() tea.Msg {
	select {
	case d := <-r.finished:
		return d
	case p := <-r.progress:
		return p
	}
}

func (m *Model) progressed(msg progressMsg) tea.Cmd {
	w := &m.write
	if msg.run != w.run || w.done {
		return nil
	}
	if msg.bundle >= w.bundle {
		w.bundle, w.accounts = msg.bundle, msg.done
	}
	return w.run.wait
}

func (m *Model) bundleDone(msg bundleDoneMsg) tea.Cmd {
	w := &m.write
	if msg.run != w.run {
		return nil
	}
	if msg.err != nil {
		w.err, w.failed = msg.err, msg.bundle
		if msg.res.Path != "" {
			// Written, but the accounts could not be marked.
			w.results = append(w.results, msg.res)
		}
	} else {
		w.results = append(w.results, msg.res)
		w.bundle, w.accounts = msg.bundle+1, 0
	}
	if !msg.last {
		return w.run.wait
	}
	w.done = true
	var cmds []tea.Cmd
	if n := m.handedOff(); n > 0 {
		what := "handed off " + common.Plural(n, "account")
		ids := m.handedOffIDs()
		cmds = append(cmds,
			func() tea.Msg { return common.HandedOffMsg{IDs: ids} },
			func() tea.Msg { return common.BookChangedMsg{What: what} })
	}
	if w.err != nil {
		cmds = append(cmds, common.Fail(w.err))
	} else {
		cmds = append(cmds, common.Info("wrote %s", common.Plural(len(w.results), "bundle")))
	}
	return tea.Batch(cmds...)
}

// handedOffIDs lists the accounts marked handed off by this run.
func (m *Model) handedOffIDs() []string {
	var ids []string
	for i := range m.write.results {
		if m.write.err != nil && i == m.write.failed {
			continue
		}
		ids = append(ids, m.bundles[i].ids...)
	}
	return ids
}

// handedOff counts the accounts marked handed off by this run.
func (m *Model) handedOff() int {
	n := 0
	for i, r := range m.write.results {
		if m.write.err != nil && i == m.write.failed {
			continue // written, but not marked
		}
		n += r.Accounts
	}
	return n
}

func (m *Model) writeKey(msg tea.KeyMsg) tea.Cmd {
	if !m.write.done {
		return common.Cannot("writing the bundles… wait a moment")
	}
	if m.isBack(msg) || key.Matches(msg, m.ctx.Keys.Open) {
		return back
	}
	return nil
}

// total counts the accounts of every bundle.
func (m *Model) total() int {
	n := 0
	for _, b := range m.bundles {
		n += len(b.ids)
	}
	return n
}

func (m *Model) writeView() string {
	t := m.ctx.Theme
	w := &m.write
	if !w.done {
		done := w.accounts
		for i := 0; i < w.bundle && i < len(m.bundles); i++ {
			done += len(m.bundles[i].ids)
		}
		var s strings.Builder
		cur := min(w.bundle, len(m.bundles)-1)
		s.WriteString(t.Bold.Render(fmt.Sprintf("Writing bundle %d of %d, to %s…", cur+1, len(m.bundles), m.bundles[cur].to.name)) + "\n\n")
		m.bar.Width = max(min(m.width-4, 60), 10)
		pct := 0.0
		if n := m.total(); n > 0 {
			pct = float64(done) / float64(n)
		}
		s.WriteString("  " + m.bar.ViewAs(pct) + "\n")
		s.WriteString("  " + t.Subtle.Render(fmt.Sprintf("%d of %s", done, common.Plural(m.total(), "account"))))
		if m.bundles[cur].enc == encPassphrase && w.accounts == 0 {
			s.WriteString("\n\n" + t.Faint.Render("  Sealing with the passphrase takes a moment."))
		}
		return s.String()
	}
	return m.summaryView()
}

// summaryView says what was written, what it did to the book, and how to
// undo it.
func (m *Model) summaryView() string {
	t := m.ctx.Theme
	w := &m.write
	var s strings.Builder
	n := m.handedOff()
	if w.err == nil {
		s.WriteString(t.OK.Render(fmt.Sprintf("Handed over %s in %s.", common.Plural(n, "account"), common.Plural(len(w.results), "bundle"))) + "\n\n")
	} else {
		s.WriteString(t.Error.Render("The writing stopped: "+common.ErrorText(w.err)) + "\n\n")
	}
	// The files usually share a folder: it is said once, so the names
	// fit.
	folders := map[string]bool{}
	for _, r := range w.results {
		folders[filepath.Dir(r.Path)] = true
	}
	if len(folders) == 1 {
		s.WriteString("In " + filepath.Dir(w.results[0].Path) + ":\n")
	}
	var passTo []string
	for i, r := range w.results {
		b := m.bundles[i]
		name := filepath.Base(r.Path)
		if len(folders) > 1 {
			name = r.Path
		}
		s.WriteString("  " + t.OK.Render("✓") + " " + name + "\n")
		details := fmt.Sprintf("to %s · %s · %s", b.to.name, common.Plural(r.Accounts, "account"), b.encWords())
		if b.redact {
			details += " · redacted"
		}
		s.WriteString("    " + t.Subtle.Render(details+" · "+model.SizeWords(r.Bytes)) + "\n")
		if b.enc == encPassphrase {
			passTo = append(passTo, b.to.name)
		}
	}
	if w.err != nil {
		for i := len(w.results); i < len(m.bundles); i++ {
			s.WriteString("  " + t.Error.Render("✗") + " " + t.Subtle.Render(fmt.Sprintf("to %s: not written; its accounts stay in your book", m.bundles[i].to.name)) + "\n")
		}
	}
	s.WriteString("\n")
	if len(w.results) > 0 {
		s.WriteString("Send each file to its successor.")
		if len(passTo) > 0 {
			s.WriteString(" Tell " + strings.Join(passTo, " and ") + " the passphrase\nby another channel (a call, not the email that carries the file).")
		}
		s.WriteString("\n")
	}
	if n > 0 {
		are := "are"
		if n == 1 {
			are = "is"
		}
		s.WriteString(fmt.Sprintf("The %s %s marked handed off: they leave the account list, H shows them.\n", common.Plural(n, "account"), are))
		s.WriteString("Changed your mind? On the list, H shows them and b takes one back.\n")
	}
	s.WriteString("\n" + t.Faint.Render("enter closes"))
	return s.String()
}

func (m *Model) writeHelp() []key.Binding {
	if !m.write.done {
		return nil // nothing to do but wait
	}
	return []key.Binding{m.nextKey("close")}
}
