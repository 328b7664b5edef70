package tabkit_test

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/uitest"
)

func TestQuestion(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	tests := []struct {
		name       string
		keys       []string
		answer     string
		done       bool
		status     string
		stillAsked bool
	}{
		{"enter answers, trimmed", []string{" 42 ", "enter"}, "7 42", true, "", false},
		{"esc cancels and says so", []string{"9", "esc"}, "", false, "cancelled", false},
		{"typing keeps it open", []string{"9"}, "", false, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tabkit.NewQuestion(ctx)
			q.Ask("current", "7", "a number")
			var answer, status string
			var done bool
			for _, k := range uitest.Keys(tt.keys...) {
				var cmd tea.Cmd
				answer, done, cmd = q.Type(k.(tea.KeyMsg))
				if s, ok := run(cmd).(common.StatusMsg); ok {
					status = s.Text
				}
			}
			if answer != tt.answer || done != tt.done || status != tt.status || (q.Asking != "") != tt.stillAsked {
				t.Fatalf("got %q, %v, %q, asking %q", answer, done, status, q.Asking)
			}
		})
	}
}

func run(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	return cmd()
}

func TestQuestionConfirm(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	for _, tt := range []struct {
		key    string
		ok     bool
		ran    bool
		status string
	}{
		{"y", true, true, ""},
		{"n", true, false, "not deleted"},
		{"y", false, false, "not deleted"},
	} {
		q := tabkit.NewQuestion(ctx)
		q.Asking = "delete"
		ran := false
		cmd := q.Confirm(ctx.Keys, uitest.Keys(tt.key)[0].(tea.KeyMsg), tt.ok, "deleted", func() tea.Cmd { ran = true; return nil })
		status := ""
		if s, ok := run(cmd).(common.StatusMsg); ok {
			status = s.Text
		}
		if ran != tt.ran || status != tt.status || q.Asking != "" {
			t.Errorf("%s (ok %v): ran %v, status %q, asking %q", tt.key, tt.ok, ran, status, q.Asking)
		}
	}
}

func TestQuestionChoose(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	for _, tt := range []struct {
		key, picked, status string
	}{
		{"c", "commitment", ""},
		{"r", "risk", ""},
		{"x", "", "nothing added"},
		{"esc", "", "nothing added"},
	} {
		q := tabkit.NewQuestion(ctx)
		q.Asking = "new"
		picked := ""
		pick := func(name string) func() tea.Cmd { return func() tea.Cmd { picked = name; return nil } }
		choices := []tabkit.Choice{{Key: "c", Name: "commitment", Pick: pick("commitment")}, {Key: "r", Name: "risk", Pick: pick("risk")}}
		status := ""
		if s, ok := run(q.Choose(uitest.Keys(tt.key)[0].(tea.KeyMsg), "added", choices...)).(common.StatusMsg); ok {
			status = s.Text
		}
		if picked != tt.picked || status != tt.status || q.Asking != "" {
			t.Errorf("%s: picked %q, status %q, asking %q", tt.key, picked, status, q.Asking)
		}
		if got := tabkit.Choices(choices...); got != "c commitment · r risk" {
			t.Errorf("Choices = %q", got)
		}
	}
}

func TestQuestionAnswer(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	for _, tt := range []struct {
		ok    bool
		keys  []string
		saved string
	}{
		{true, []string{"4", "2", "enter"}, "42"},
		{false, []string{"4", "2", "enter"}, ""}, // nothing left to act on
		{true, []string{"4", "esc"}, ""},
	} {
		q := tabkit.NewQuestion(ctx)
		q.Ask("current", "", "a number")
		saved := ""
		for _, k := range uitest.Keys(tt.keys...) {
			q.Answer(k.(tea.KeyMsg), tt.ok, func(v string) tea.Cmd { saved = v; return nil })
		}
		if saved != tt.saved || q.Asking != "" {
			t.Errorf("%v (ok %v): saved %q, asking %q", tt.keys, tt.ok, saved, q.Asking)
		}
	}
}
