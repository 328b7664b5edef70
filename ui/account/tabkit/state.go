package tabkit

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/common"
)

// A checklist step (Playbooks tab) and a plan task (Plans tab) change
// state the same way: Select ticks it (or reopens it when it is done or
// skipped), Skip skips it, and Note asks for a note, which saves it as
// done when it was open. StateKey, NoteAnswer and StateChanged are those
// rules, for both tabs.

// StateKey handles Select, Skip and Note on a step or task in state s
// with note note: set changes its state; Note asks q for the note (the
// answer goes to NoteAnswer). ok is false for any other key.
func StateKey(k *common.KeyMap, q *Question, msg tea.KeyMsg, s model.StepState, note string, set func(to model.StepState) tea.Cmd) (cmd tea.Cmd, ok bool) {
	switch {
	case key.Matches(msg, k.Select):
		if s == "" || s == model.StepOpen {
			return set(model.StepDone), true
		}
		return set(model.StepOpen), true
	case key.Matches(msg, k.Skip):
		if s == model.StepSkipped {
			return common.Cannot("already skipped: " + k.Select.Help().Key + " reopens it"), true
		}
		return set(model.StepSkipped), true
	case key.Matches(msg, k.Note):
		q.Ask("note", note, "what happened, what was agreed")
		return nil, true
	}
	return nil, false
}

// NoteAnswer saves a note typed for a step or task in state s: set gets
// the state it goes to (done, when it was open) and the note. An empty
// note changes nothing.
func NoteAnswer(s model.StepState, note string, set func(to model.StepState, note string) tea.Cmd) tea.Cmd {
	if note == "" {
		return common.Cannot("no note written: nothing changed")
	}
	return set(s.Noted(), note)
}

// StateChanged is what a tab says once a step or task titled title went
// to state to: the book changed, and the status line says how; a note
// that went to the timeline (entryID set) is pointed at, else N is
// offered for one.
func StateChanged(k *common.KeyMap, accountID, title string, to model.StepState, entryID string) tea.Msg {
	word := map[model.StepState]string{model.StepDone: "done", model.StepSkipped: "skipped", model.StepOpen: "reopened"}[to]
	text := word + ": " + title
	if entryID != "" {
		text += " (the note is on the timeline)"
	} else if to != model.StepOpen {
		text += " (" + k.Note.Help().Key + " adds a note)"
	}
	return tea.BatchMsg{common.Changed(accountID, "", word+" "+title), common.Info("%s", text)}
}
