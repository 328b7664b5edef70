package tabkit_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/uitest"
)

func TestStateKey(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	for _, tt := range []struct {
		key    string
		from   model.StepState
		to     model.StepState // "" when nothing is set
		asked  bool
		status string
	}{
		{"space", model.StepOpen, model.StepDone, false, ""},
		{"space", "", model.StepDone, false, ""},
		{"space", model.StepDone, model.StepOpen, false, ""},
		{"space", model.StepSkipped, model.StepOpen, false, ""},
		{"s", model.StepOpen, model.StepSkipped, false, ""},
		{"s", model.StepSkipped, "", false, "already skipped: space reopens it"},
		{"N", model.StepOpen, "", true, ""},
	} {
		q := tabkit.NewQuestion(ctx)
		var to model.StepState
		cmd, ok := tabkit.StateKey(ctx.Keys, &q, uitest.Keys(tt.key)[0].(tea.KeyMsg), tt.from, "old note",
			func(s model.StepState) tea.Cmd { to = s; return nil })
		status := ""
		if s, isStatus := run(cmd).(common.StatusMsg); isStatus {
			status = s.Text
		}
		if !ok || to != tt.to || (q.Asking == "note") != tt.asked || status != tt.status {
			t.Errorf("%s on %q: ok %v, to %q, asking %q, status %q", tt.key, tt.from, ok, to, q.Asking, status)
		}
		if tt.asked && q.Input.Value() != "old note" {
			t.Errorf("the note question starts from %q, want the old note", q.Input.Value())
		}
	}
	q := tabkit.NewQuestion(ctx)
	if _, ok := tabkit.StateKey(ctx.Keys, &q, uitest.Keys("e")[0].(tea.KeyMsg), model.StepOpen, "", nil); ok {
		t.Error("e was taken as a state key")
	}
}

func TestNoteAnswer(t *testing.T) {
	var to model.StepState
	set := func(s model.StepState, note string) tea.Cmd { to = s; return nil }
	if s, _ := run(tabkit.NoteAnswer(model.StepOpen, "", set)).(common.StatusMsg); to != "" || s.Text != "no note written: nothing changed" {
		t.Errorf("an empty note: set %q, status %q", to, s.Text)
	}
	tabkit.NoteAnswer(model.StepOpen, "called", set)
	if to != model.StepDone {
		t.Errorf("a note on an open step sets %q, want done", to)
	}
	tabkit.NoteAnswer(model.StepSkipped, "called", set)
	if to != model.StepSkipped {
		t.Errorf("a note on a skipped step sets %q, want it kept skipped", to)
	}
}
