package common

import (
	"os/exec"
	"reflect"

	tea "github.com/charmbracelet/bubbletea"
)

// Addressed is a reply on its way back to the component whose command
// produced it. A router (the root's stack of screens, the account view's
// tabs) wraps each child's commands with Address; when the reply comes
// back, the router gives Msg to the child named To and to no one else.
// Nested routers nest envelopes: the root's address is on the outside,
// the account view's inside it.
//
// This is what lets two account views, or two tabs, run the same kind of
// command at once without one taking the other's reply.
type Addressed struct {
	To  string
	Msg tea.Msg
}

// ExecMsg asks the root to suspend the app and run an outside program
// (the CSM's $EDITOR) through tea.ExecProcess. Components return it (see
// Exec) instead of calling tea.ExecProcess themselves: Bubble Tea calls
// the callback itself, past every router, so only a request the routers
// can see gets its reply addressed.
type ExecMsg struct {
	Cmd  *exec.Cmd
	Done tea.ExecCallback
}

// Exec returns a command that runs c with the terminal handed over, and
// turns its end into a message with done.
func Exec(c *exec.Cmd, done tea.ExecCallback) tea.Cmd {
	return func() tea.Msg { return ExecMsg{Cmd: c, Done: done} }
}

// Address wraps cmd so that the messages it produces come back addressed
// to the child named to. Messages meant for everyone pass unaddressed:
// Bubble Tea's own (quit, window size) and this package's (status lines,
// book changes, opening and closing screens). Batches and sequences are
// addressed member by member, so what runs together or in order still
// does; an Exec request has its callback addressed.
func Address(to string, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return address(to, cmd()) }
}

var (
	teaPackage = reflect.TypeOf(tea.QuitMsg{}).PkgPath()
	ownPackage = reflect.TypeOf(Addressed{}).PkgPath()
	cmdType    = reflect.TypeOf(tea.Cmd(nil))
)

func address(to string, msg tea.Msg) tea.Msg {
	switch m := msg.(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		out := make(tea.BatchMsg, len(m))
		for i, c := range m {
			out[i] = Address(to, c)
		}
		return out
	case ExecMsg:
		done := m.Done
		m.Done = func(err error) tea.Msg { return address(to, done(err)) }
		return m
	case Addressed:
		// A child router addressed it to one of its children: our hop
		// goes on the outside.
		return Addressed{To: to, Msg: m}
	}
	t := reflect.TypeOf(msg)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() == teaPackage && t.Kind() == reflect.Slice && t.Elem() == cmdType {
		// tea.Sequence's message (its type is not exported): run the
		// same commands, each addressed, in the same order.
		v := reflect.ValueOf(msg)
		cmds := make([]tea.Cmd, v.Len())
		for i := range cmds {
			cmds[i] = Address(to, v.Index(i).Interface().(tea.Cmd))
		}
		if seq := tea.Sequence(cmds...); seq != nil {
			return seq()
		}
		return nil
	}
	if t.PkgPath() == teaPackage || t.PkgPath() == ownPackage {
		return msg
	}
	return Addressed{To: to, Msg: msg}
}
