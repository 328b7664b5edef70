package common_test

import (
	"errors"
	"os/exec"
	"reflect"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"bob/ui/common"
)

type reply struct{ n int }

func send(msg tea.Msg) tea.Cmd { return func() tea.Msg { return msg } }

// flatten runs cmd the way the Bubble Tea runtime would (batches and
// sequences member by member) and lists what comes back.
func flatten(t *testing.T, cmd tea.Cmd) []tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, flatten(t, c)...)
		}
		return out
	}
	if v := reflect.ValueOf(msg); msg != nil && v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeOf(tea.Cmd(nil)) {
		var out []tea.Msg
		for i := 0; i < v.Len(); i++ {
			out = append(out, flatten(t, v.Index(i).Interface().(tea.Cmd))...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestAddress(t *testing.T) {
	to := func(m tea.Msg) tea.Msg { return common.Addressed{To: "tab", Msg: m} }
	status := common.StatusMsg{Text: "saved"}
	tests := []struct {
		name string
		cmd  tea.Cmd
		want []tea.Msg
	}{
		{"nil stays nil", nil, nil},
		{"a reply is addressed", send(reply{1}), []tea.Msg{to(reply{1})}},
		{"news for everyone is not", send(status), []tea.Msg{status}},
		{"nor is Bubble Tea's own", tea.Quit, []tea.Msg{tea.QuitMsg{}}},
		{"a batch member by member", tea.Batch(send(reply{1}), send(status), send(reply{2})),
			[]tea.Msg{to(reply{1}), status, to(reply{2})}},
		{"a sequence member by member, in order", tea.Sequence(send(reply{1}), send(reply{2}), send(status)),
			[]tea.Msg{to(reply{1}), to(reply{2}), status}},
		{"a batch inside a sequence", tea.Sequence(tea.Batch(send(reply{1}), send(status)), send(reply{2})),
			[]tea.Msg{to(reply{1}), status, to(reply{2})}},
		{"a message that is a batch", send(tea.BatchMsg{send(reply{3}), send(status)}), []tea.Msg{to(reply{3}), status}},
		{"an inner address goes inside the outer one", send(common.Addressed{To: "inner", Msg: reply{4}}),
			[]tea.Msg{to(common.Addressed{To: "inner", Msg: reply{4}})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := flatten(t, common.Address("tab", tt.cmd))
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("got %#v, want %#v", got, tt.want)
			}
		})
	}
}

// The reply from $EDITOR comes from Bubble Tea, past every router: the
// request carries its address into the callback.
func TestAddressExec(t *testing.T) {
	c := exec.Command("true")
	failed := errors.New("editor failed")
	cmd := common.Address("screen 2", common.Address("acme/People", common.Exec(c, func(err error) tea.Msg { return reply{9} })))
	msg, ok := cmd().(common.ExecMsg)
	if !ok || msg.Cmd != c {
		t.Fatalf("got %#v, want the exec request", msg)
	}
	want := common.Addressed{To: "screen 2", Msg: common.Addressed{To: "acme/People", Msg: reply{9}}}
	if got := msg.Done(failed); !reflect.DeepEqual(got, want) {
		t.Fatalf("the editor's reply: got %#v, want %#v", got, want)
	}
}
