package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"bob/handoff"
)

// What the commands do on a terminal: ask the person at it (a line, a
// passphrase, a yes or no), and show the progress of a long step.

// passphraseEnv holds a bundle's passphrase when bob runs without a
// terminal to ask on (scripts, tests).
const passphraseEnv = "BOB_PASSPHRASE"

// bigExport is the number of accounts from which an export or an import
// shows its progress.
const bigExport = 50

// progressLine rewrites one line on standard error ("Reading the bundle:
// 1200 of 10000 accounts") while a bulk step runs, and ends the line when
// the step is done. It reports only on a terminal (in a log or a pipe the
// \r does not rewind, and the counts pile up on one line) and only for
// steps of bigExport accounts or more; it redraws at most once a percent.
type progressLine struct {
	w       io.Writer
	what    string
	last    int
	midLine bool // a progress line is on the terminal, not ended
}

// newProgress returns the progress line for a step, nil when standard
// error is not a terminal.
func newProgress(cmd *cobra.Command, what string) *progressLine {
	w := cmd.ErrOrStderr()
	if !stderrIsTerminal(w) {
		return nil
	}
	return &progressLine{w: w, what: what, last: -1}
}

// report is the step's progress callback; nil on a nil progressLine.
func (p *progressLine) report() func(done, total int) {
	if p == nil {
		return nil
	}
	return func(done, total int) {
		if total < bigExport {
			return
		}
		pct := done * 100 / total
		if pct == p.last && done != total {
			return
		}
		p.last = pct
		fmt.Fprintf(p.w, "\r%s: %d of %d accounts", p.what, done, total)
		p.midLine = done < total
		if done == total {
			fmt.Fprintln(p.w)
			p.last = -1
		}
	}
}

// end ends a progress line a failure cut short, so the error that follows
// goes on a line of its own.
func (p *progressLine) end() {
	if p != nil && p.midLine {
		fmt.Fprintln(p.w)
		p.midLine = false
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// stderrIsTerminal reports whether w is a terminal, where a progress line
// can rewrite itself; stdoutIsTerminal, whether the app can draw on w.
// Tests replace them.
var stderrIsTerminal, stdoutIsTerminal = isTerminal, isTerminal

// stdinIsTerminal reports whether r is a terminal a person types into.
// Tests replace it to answer the questions a person would.
var stdinIsTerminal = func(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// prompter asks the person at the terminal. Without one (a script, a
// pipe) it asks nothing: the commands then need flags or BOB_PASSPHRASE.
type prompter struct {
	raw io.Reader
	in  *bufio.Reader
	out io.Writer // questions go to standard error, never into the output
	tty bool
}

func newPrompter(cmd *cobra.Command) *prompter {
	in := cmd.InOrStdin()
	return &prompter{raw: in, in: bufio.NewReader(in), out: cmd.ErrOrStderr(), tty: stdinIsTerminal(in)}
}

// line asks question and returns the answer without surrounding spaces.
func (p *prompter) line(question string) (string, error) {
	fmt.Fprint(p.out, question)
	s, err := p.in.ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && s != "") {
		if errors.Is(err, io.EOF) {
			return "", errors.New("no answer was typed (end of input)")
		}
		return "", err
	}
	return strings.TrimSpace(s), nil
}

// secret asks for a passphrase without echoing it on a real terminal.
func (p *prompter) secret(question string) (string, error) {
	if f, ok := p.raw.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(p.out, question)
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(p.out)
		if err != nil {
			return "", fmt.Errorf("read the passphrase: %w", err)
		}
		return string(b), nil
	}
	return p.line(question)
}

// confirm asks a yes/no question whose default is no.
func (p *prompter) confirm(question string) (bool, error) {
	a, err := p.line(question + " [y/N] ")
	if err != nil {
		return false, err
	}
	a = strings.ToLower(a)
	return a == "y" || a == "yes", nil
}

// goAhead decides whether a command goes on with what it asked: --yes
// (yes) goes on; on a terminal the person answers question, and a no is
// the error cancelled; without a terminal the command stops with refused,
// which names the flag that says yes.
func (p *prompter) goAhead(yes bool, question string, refused, cancelled error) error {
	switch {
	case yes:
		return nil
	case !p.tty:
		return refused
	}
	ok, err := p.confirm(question)
	if err != nil {
		return err
	}
	if !ok {
		return cancelled
	}
	return nil
}

// newPassphrase asks for a new bundle passphrase twice, or takes it from
// BOB_PASSPHRASE without a terminal.
func (p *prompter) newPassphrase() (string, error) {
	if !p.tty {
		if pw := os.Getenv(passphraseEnv); pw != "" {
			return pw, nil
		}
		return "", fmt.Errorf("--passphrase needs a terminal to type the passphrase on, or the passphrase in $%s", passphraseEnv)
	}
	for try := 0; try < 3; try++ {
		a, err := p.secret(fmt.Sprintf("Passphrase for the bundle (at least %d characters; tell it to your successor by another channel): ", handoff.MinPassphraseLen))
		if err != nil {
			return "", err
		}
		if len([]rune(a)) < handoff.MinPassphraseLen {
			fmt.Fprintf(p.out, "That is shorter than %d characters; use a few words.\n", handoff.MinPassphraseLen)
			continue
		}
		b, err := p.secret("The same passphrase again: ")
		if err != nil {
			return "", err
		}
		if a == b {
			return a, nil
		}
		fmt.Fprintln(p.out, "The two passphrases differ; try again.")
	}
	return "", errors.New("no passphrase was set (three tries); nothing was written")
}
