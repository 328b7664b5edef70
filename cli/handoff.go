package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"bob/handoff"
	"bob/model"
	"bob/playbooks"
	"bob/store"
	"bob/termsafe"
)

// The handoff commands: the CSM's identity, their colleagues, and moving
// accounts out (export, takeback) and in (import). The work is done by
// package handoff; these commands only gather choices, ask on a terminal
// what the flags leave open, and report.

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

// stderrIsTerminal reports whether w is a terminal, where a progress line
// can rewrite itself. Tests replace it.
var stderrIsTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

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

// ---- bob id ----

func (a *app) idCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "id",
		Short: "Create or show your bob identity (the keys that sign and open bundles)",
		Long: `Your bob identity is two key pairs kept in ` + displayPath(filepath.Join(configDir(), handoff.IdentityFile)) + `:
one signs the bundles you send, the other opens the bundles sent to you.
Create it once with 'bob id create', then share the line 'bob id show' prints
with the colleagues you exchange accounts with.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{errors.New("choose a subcommand: bob id create, or bob id show")}
		},
	}
	cmd.AddCommand(a.idCreateCommand(), a.idShowCommand())
	return cmd
}

func (a *app) idCreateCommand() *cobra.Command {
	var name, email string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create your identity",
		Long: `Create your bob identity: your name and work email as colleagues know them,
and new keys, written to ` + displayPath(filepath.Join(configDir(), handoff.IdentityFile)) + ` (private to you).
On a terminal, bob asks for what the flags leave out; without one, give both
--name and --email. An existing identity is never replaced: bundles encrypted
to it could not be opened any more.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := newPrompter(cmd)
			if name == "" || email == "" {
				if !p.tty {
					return usageError{errors.New("give your name and email: bob id create --name NAME --email EMAIL")}
				}
				var err error
				if name == "" {
					if name, err = p.line("Your name, as colleagues know it: "); err != nil {
						return err
					}
				}
				if email == "" {
					if email, err = p.line("Your work email: "); err != nil {
						return err
					}
				}
			}
			id, err := handoff.CreateIdentity(configDir(), name, email)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Created the identity of %s <%s> in %s.\n", termsafe.Line(id.Name), termsafe.Line(id.Email), termsafe.Line(filepath.Join(configDir(), handoff.IdentityFile)))
			fmt.Fprintf(out, "Back that file up: without it, bundles sent to you cannot be opened.\n\n")
			writePublicHint(out, id.Public())
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "your name, as colleagues know it")
	cmd.Flags().StringVar(&email, "email", "", "your work email")
	return cmd
}

func (a *app) idShowCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print your public id, the line to share with colleagues",
		Long: `Print your public id: one line with your name, email and public keys. It holds
no secret. Send it to the colleagues you exchange accounts with; they add it
with 'bob colleagues add'. The line goes to standard output, the hint to
standard error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			id, err := handoff.LoadIdentity(configDir())
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), id.Public().String())
			fmt.Fprintln(cmd.ErrOrStderr(), "\nShare this line with your colleagues (it holds no secret). A colleague adds you with\n  bob colleagues add -\nand pastes the line, so bundles you send show as yours and bundles to you are encrypted to you.")
			return nil
		},
	}
}

func writePublicHint(w io.Writer, p handoff.Public) {
	fmt.Fprintf(w, "Your public id (share it with colleagues; it holds no secret):\n\n%s\n\n", p.String())
	fmt.Fprintf(w, "A colleague adds you with 'bob colleagues add -' and pastes the line. 'bob id show' prints it again.\n")
}

// ---- bob colleagues ----

func (a *app) colleaguesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "colleagues",
		Short: "Add, list or remove the colleagues you exchange accounts with",
		Long: `Your colleagues are the public ids of the CSMs you hand accounts to and receive
them from, kept in ` + displayPath(filepath.Join(configDir(), handoff.ColleaguesFile)) + `. A bundle for a colleague is
encrypted to their key; a bundle from a colleague shows as signed by them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{errors.New("choose a subcommand: bob colleagues add, list or remove")}
		},
	}
	cmd.AddCommand(a.colleaguesAddCommand(), a.colleaguesListCommand(), a.colleaguesRemoveCommand())
	return cmd
}

func (a *app) colleaguesAddCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "add LINE|-",
		Short: "Add a colleague from the public id they sent you",
		Long: `Add a colleague from the line their 'bob id show' printed (it starts with
bob-id). Put the line in quotes, or give - and paste it on standard input.
Adding someone again with the same keys updates their name and email; a new
signing key for an email already stored is refused (it may not be them).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("give the colleague's public id: bob colleagues add 'bob-id ...' (or - to paste it)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			line := strings.Join(args, " ")
			if line == "-" {
				if stdinIsTerminal(cmd.InOrStdin()) {
					fmt.Fprintln(cmd.ErrOrStderr(), "Paste the line your colleague sent (it starts with bob-id), then press Enter and Ctrl-D:")
				}
				b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), 64<<10))
				if err != nil {
					return fmt.Errorf("read the public id from standard input: %w", err)
				}
				line = string(b)
			}
			c, err := handoff.LoadColleagues(configDir())
			if err != nil {
				return err
			}
			p, err := c.Add(line)
			if err != nil {
				if len(args) > 1 && errors.Is(err, handoff.ErrBadInput) {
					// The shell split the line and ate its quotes.
					return fmt.Errorf("%w (put the whole line in single quotes, or give - and paste it)", err)
				}
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Added %s <%s> (signing key %s).\n", termsafe.Line(p.Name), termsafe.Line(p.Email), p.SigningKeyString())
			fmt.Fprintf(cmd.OutOrStdout(), "Bundles for %s are now encrypted to their key: bob export --to %q ...\n", termsafe.Line(p.Name), p.Name)
			return nil
		},
	}
}

func (a *app) colleaguesListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List your colleagues",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := handoff.LoadColleagues(configDir())
			if err != nil {
				return err
			}
			list := c.List()
			if len(list) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "No colleagues yet. Add one with: bob colleagues add 'bob-id ...' (the line their bob id show prints).")
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tEMAIL\tSIGNING KEY")
			for _, p := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", termsafe.Line(p.Name), termsafe.Line(p.Email), p.SigningKeyString())
			}
			return tw.Flush()
		},
	}
}

func (a *app) colleaguesRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME|EMAIL",
		Short: "Remove a colleague",
		Args:  exactArgs(1, "name the colleague to remove: bob colleagues remove NAME|EMAIL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := handoff.LoadColleagues(configDir())
			if err != nil {
				return err
			}
			p, err := c.Remove(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Removed %s <%s>.\n", termsafe.Line(p.Name), termsafe.Line(p.Email))
			return nil
		},
	}
}

// ---- bob export ----

// exportFlags are the choices of bob export.
type exportFlags struct {
	to         string
	accounts   []string
	tags       []string
	all        bool
	recipient  string
	passphrase bool
	noEncrypt  bool
	redact     bool
	yes        bool
	noMark     bool
	out        string
	note       string
	noteFile   string
}

func (a *app) exportCommand() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "export --to NAME (--account A ... | --tag T | --all) [-o FILE]",
		Short: "Hand accounts to a successor: write a signed, encrypted bundle",
		Long: `Hand accounts to a successor: write one bundle (a signed zip with every record
and a readable brief, encrypted for the successor) and mark the accounts as
handed off, so they leave your list.

Choose the accounts with --account (ID, name, or a unique part of the name;
repeatable), --tag (accounts with that tag; repeatable) or --all (every account
not already handed off). To split a book between successors, export once per
successor.

Protection, exactly one:
  default           the age key of the colleague named by --to (bob colleagues add)
  --recipient KEY   an age1... key, or a colleague's name or email
  --passphrase      a passphrase you type (twice), or $BOB_PASSPHRASE without a terminal
  --no-encrypt      a plain zip (it holds customer data: send it only over a safe channel)
Bundles to keys are also encrypted to your own key, so you can open them again.

With --redact, bob first lists the text the redacted bundle keeps that reads
as internal ("internal", "confidential", "do not share", and the same in
German, French and Spanish) and goes on only with a yes or --yes.

Before writing, bob runs the completeness check (sponsor, champion, success plan
before a renewal, stakeholders not touched, the outgoing transition checklist)
and lists the gaps. On a terminal it asks whether to export anyway; without
one, it exports only with --yes. --yes also replaces an existing FILE.

The bundle is written atomically and private to you (0600); the accounts are
marked only once it is safely written. Take one back with 'bob takeback ACCOUNT'.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return a.runExport(cmd, f) },
	}
	fl := cmd.Flags()
	fl.StringVar(&f.to, "to", "", "the successor: a colleague's name or email, or any name")
	fl.StringArrayVar(&f.accounts, "account", nil, "an account to hand over (repeatable)")
	fl.StringArrayVar(&f.tags, "tag", nil, "hand over the accounts with this tag (repeatable)")
	fl.BoolVar(&f.all, "all", false, "hand over every account not already handed off")
	fl.StringVar(&f.recipient, "recipient", "", "encrypt to this age1... key, or to this colleague's key")
	fl.BoolVar(&f.passphrase, "passphrase", false, "encrypt with a passphrase (asked on the terminal, or $"+passphraseEnv+")")
	fl.BoolVar(&f.noEncrypt, "no-encrypt", false, "write a plain zip, not encrypted")
	fl.BoolVar(&f.redact, "redact", false, "leave out the private fields (internal context, unwritten knowledge, notes on people, internal entries)")
	fl.BoolVarP(&f.yes, "yes", "y", false, "export even if the completeness check finds gaps, and replace FILE if it exists")
	fl.BoolVar(&f.noMark, "no-mark", false, "do not mark the accounts as handed off (e.g. to send a copy for review)")
	fl.StringVarP(&f.out, "output", "o", "", "the bundle's file (default: <you>-to-<successor>-<date>.bob.zip.age here)")
	fl.StringVar(&f.note, "note", "", "a cover note to the successor; it opens the brief")
	fl.StringVar(&f.noteFile, "note-file", "", "read the cover note from this file (- for standard input)")
	return cmd
}

// encryptionChoice is how the bundle will be protected, decided before
// anything is asked or written.
type encryptionChoice struct {
	enc handoff.Encryption
	// passphrase: ask for one once the accounts are confirmed.
	passphrase bool
	// words say how the bundle is protected, for the report.
	words string
}

// exportPlan is what an export will do, decided from the flags before
// anything is asked or written.
type exportPlan struct {
	me     handoff.Identity
	to     handoff.Successor
	choice encryptionChoice
	ids    []string
	path   string
	note   string
}

func (a *app) runExport(cmd *cobra.Command, f exportFlags) error {
	if err := checkExportFlags(f); err != nil {
		return err
	}
	var plan exportPlan
	var err error
	if plan.note, err = readNote(cmd, f); err != nil {
		return err
	}
	if plan.me, err = handoff.LoadIdentity(configDir()); err != nil {
		return fmt.Errorf("%w (the bundle is signed with your identity)", err)
	}
	colleagues, err := handoff.LoadColleagues(configDir())
	if err != nil {
		return err
	}
	if plan.to, err = handoff.FindSuccessor(colleagues, f.to); err != nil {
		return err
	}
	if plan.choice, err = chooseEncryption(colleagues, plan.me, plan.to, f); err != nil {
		return err
	}

	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	if plan.ids, err = selectAccounts(st, f, cmd.ErrOrStderr()); err != nil {
		return err
	}
	now := time.Now()
	p := newPrompter(cmd)
	if f.redact {
		if err := confirmRedaction(cmd.OutOrStdout(), p, st, plan.ids, f.yes); err != nil {
			return err
		}
	}
	if err := confirmGaps(cmd.OutOrStdout(), p, st, plan.ids, f.yes, now); err != nil {
		return err
	}
	if plan.path, err = exportPath(p, f, plan, now); err != nil {
		return err
	}
	if plan.choice.passphrase {
		if plan.choice.enc.Passphrase, err = p.newPassphrase(); err != nil {
			return err
		}
	}
	return writeExport(cmd, st, f, plan, now)
}

// checkExportFlags refuses flags that cannot go together, before any
// file is read.
func checkExportFlags(f exportFlags) error {
	if strings.TrimSpace(f.to) == "" {
		return usageError{errors.New("name the successor: bob export --to NAME ...")}
	}
	if len(f.accounts) == 0 && len(f.tags) == 0 && !f.all {
		return usageError{errors.New("choose the accounts: --account ACCOUNT (repeatable), --tag TAG, or --all")}
	}
	n := 0
	for _, set := range []bool{f.recipient != "", f.passphrase, f.noEncrypt} {
		if set {
			n++
		}
	}
	if n > 1 {
		return usageError{errors.New("choose one protection: --recipient, --passphrase or --no-encrypt")}
	}
	if f.note != "" && f.noteFile != "" {
		return usageError{errors.New("give the cover note once: --note TEXT or --note-file FILE")}
	}
	return nil
}

// readNote returns the cover note from --note or --note-file, checked
// before anything is written.
func readNote(cmd *cobra.Command, f exportFlags) (string, error) {
	note := f.note
	if f.noteFile != "" {
		var r io.Reader = cmd.InOrStdin()
		if f.noteFile != "-" {
			file, err := os.Open(f.noteFile)
			if err != nil {
				return "", fmt.Errorf("read the cover note: %w", err)
			}
			defer file.Close()
			r = file
		}
		b, err := io.ReadAll(io.LimitReader(r, handoff.MaxNoteLen+1))
		if err != nil {
			return "", fmt.Errorf("read the cover note from %s: %w", f.noteFile, err)
		}
		note = string(b)
	}
	note = strings.TrimSpace(strings.ReplaceAll(note, "\r\n", "\n"))
	if err := handoff.CheckNote(note); err != nil {
		return "", fmt.Errorf("%w; nothing was written", err)
	}
	return note, nil
}

// confirmGaps runs the completeness check and lists the gaps; with gaps,
// it goes on only with --yes or a yes on the terminal.
func confirmGaps(out io.Writer, p *prompter, st *store.Store, ids []string, yes bool, now time.Time) error {
	gaps, err := handoff.Gaps(st, ids, now)
	if err != nil {
		return err
	}
	if len(gaps) == 0 {
		fmt.Fprintf(out, "Completeness check: no gaps in the %s.\n", model.Plural(len(ids), "account"))
		return nil
	}
	if err := writeGaps(out, st, ids, gaps); err != nil {
		return err
	}
	switch {
	case yes:
		return nil
	case p.tty:
		ok, err := p.confirm("Export anyway?")
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("export cancelled: nothing was written and no account was marked; fill the gaps and export again")
		}
		return nil
	}
	return fmt.Errorf("%d of %d accounts have gaps (listed above): fill them, or pass --yes to export anyway; nothing was written", len(gaps), len(ids))
}

// confirmRedaction lists the text a redacted bundle keeps that reads as
// internal; with any, it goes on only with --yes or a yes on the terminal.
func confirmRedaction(out io.Writer, p *prompter, st *store.Store, ids []string, yes bool) error {
	ws, err := handoff.RedactionWarningsIn(st, ids)
	if err != nil || len(ws) == 0 {
		return err
	}
	fmt.Fprintf(out, "Redaction check: %s in fields the successor's bundle keeps read as internal:\n", model.Plural(len(ws), "text"))
	last := ""
	for _, w := range ws {
		if w.AccountID != last {
			fmt.Fprintf(out, "\n  %s\n", termsafe.Line(w.Account))
			last = w.AccountID
		}
		fmt.Fprintf(out, "    - %s: %q in %s\n", termsafe.Line(w.Where), termsafe.Line(w.Match), termsafe.Line(w.Excerpt))
	}
	fmt.Fprintln(out)
	switch {
	case yes:
		return nil
	case p.tty:
		ok, err := p.confirm("They stay in the redacted bundle. Export anyway?")
		if err != nil {
			return err
		}
		if !ok {
			return errors.New("export cancelled: nothing was written; move that text to the internal context or an internal entry, or reword it, and export again")
		}
		return nil
	}
	return fmt.Errorf("%s read as internal but stay in the redacted bundle (listed above): reword them or move them to the internal context, or pass --yes to export anyway; nothing was written",
		model.Plural(len(ws), "text"))
}

// exportPath is the bundle's file: -o or the suggested name; an existing
// file is replaced only with --yes or a yes on the terminal.
func exportPath(p *prompter, f exportFlags, plan exportPlan, now time.Time) (string, error) {
	path := f.out
	if path == "" {
		path = handoff.SuggestedName(handoff.Bundle{From: handoff.Party{Name: plan.me.Name}, To: plan.to.Party, CreatedAt: now}, plan.choice.enc)
	}
	fi, err := os.Stat(path)
	if err == nil && fi.IsDir() {
		return "", fmt.Errorf("%s is a folder: give the bundle's file name with -o", path)
	}
	if err := checkOutput(path, true); err != nil {
		return "", err
	}
	if err != nil || f.yes {
		return path, nil
	}
	ok := false
	if p.tty {
		if ok, err = p.confirm(path + " exists. Replace it?"); err != nil {
			return "", err
		}
	}
	if !ok {
		return "", fmt.Errorf("%s exists: choose another name with -o, or pass --yes to replace it; nothing was written", path)
	}
	return path, nil
}

// writeExport writes the bundle, marks the accounts, and reports.
func writeExport(cmd *cobra.Command, st *store.Store, f exportFlags, plan exportPlan, now time.Time) error {
	out := cmd.OutOrStdout()
	opts := handoff.ExportOptions{
		AccountIDs: plan.ids, From: plan.me, To: plan.to.Party, Encryption: plan.choice.enc, Redact: f.redact, Now: now, Note: plan.note,
		MarkHandedOff: !f.noMark,
	}
	progress := newProgress(cmd, "Writing the bundle")
	opts.Progress = progress.report()
	res, err := handoff.Export(st, plan.path, opts)
	if err != nil {
		progress.end()
		return err
	}
	to := plan.to.Name
	fmt.Fprintf(out, "Wrote %s: %s, %s, %s, signed by you.\n", termsafe.Line(res.Path), model.Plural(res.Accounts, "account"), model.SizeWords(res.Bytes), plan.choice.words)
	if f.redact {
		fmt.Fprintln(out, "Private fields were left out (--redact).")
	}
	if plan.choice.enc.Passphrase != "" {
		fmt.Fprintf(out, "Tell %s the passphrase by another channel than the bundle.\n", termsafe.Line(to))
	}
	if f.noMark {
		fmt.Fprintln(out, "The accounts were not marked as handed off (--no-mark).")
		return nil
	}
	leave := "they leave"
	if res.Accounts == 1 {
		leave = "it leaves"
	}
	fmt.Fprintf(out, "Marked %s as handed off to %s: %s 'bob list' (see handed-off accounts with 'bob list --all').\n", model.Plural(res.Accounts, "account"), termsafe.Line(to), leave)
	fmt.Fprintln(out, "To take one back: bob takeback ACCOUNT")
	return nil
}

// chooseEncryption turns the protection flags into a choice. With no
// flag, the bundle is encrypted to the successor's key; when none is
// known, handoff.KeyEncryption refuses and bob names the flags to choose
// with rather than guess: the bundle holds customer data.
func chooseEncryption(c *handoff.Colleagues, me handoff.Identity, to handoff.Successor, f exportFlags) (encryptionChoice, error) {
	switch {
	case f.noEncrypt:
		return encryptionChoice{enc: handoff.Encryption{None: true}, words: "not encrypted"}, nil
	case f.passphrase:
		return encryptionChoice{passphrase: true, words: "encrypted with a passphrase"}, nil
	case f.recipient != "":
		enc, words, err := handoff.RecipientEncryption(c, me, f.recipient)
		if err != nil {
			return encryptionChoice{}, noKeyError(err, "--recipient "+f.recipient)
		}
		return encryptionChoice{enc: enc, words: "encrypted to " + words + " (and yours)"}, nil
	}
	enc, err := handoff.KeyEncryption(c, me, to)
	if err != nil {
		return encryptionChoice{}, noKeyError(err, "--to "+to.Name)
	}
	return encryptionChoice{enc: enc, words: "encrypted to " + to.Name + "'s key (and yours)"}, nil
}

// noKeyError says handoff's errors about keys in flags: the choices are
// the protection flags.
func noKeyError(err error, flag string) error {
	var he *handoff.Error
	switch {
	case errors.Is(err, handoff.ErrNoKey) && errors.As(err, &he):
		return usageError{fmt.Errorf("%s; choose one: "+
			"--recipient KEY|NAME (their age1... key, or add them first with bob colleagues add), "+
			"--passphrase (tell it to them by another channel), or "+
			"--no-encrypt (a plain zip; it holds customer data)", he.Detail)}
	case errors.Is(err, handoff.ErrBadInput) && errors.As(err, &he) && strings.HasPrefix(flag, "--recipient"):
		return usageError{fmt.Errorf("%s: %s: %s", flag, he.Detail, he.Fix)}
	}
	return err
}

// selectAccounts resolves --account, --tag and --all into account IDs
// (handoff.Select says which accounts they cover); an account named that
// was handed off already gets a note: it goes out again.
func selectAccounts(st *store.Store, f exportFlags, notes io.Writer) ([]string, error) {
	sums, err := st.Summaries()
	if err != nil {
		return nil, err
	}
	sel := handoff.Selection{Tags: f.tags, All: f.all}
	for _, q := range f.accounts {
		acc, err := st.FindAccount(q)
		if err != nil {
			return nil, err
		}
		sel.IDs = append(sel.IDs, acc.ID)
	}
	got, err := handoff.Select(sums, sel)
	if err != nil {
		var he *handoff.Error
		if len(f.tags) > 0 && errors.As(err, &he) && strings.Contains(he.Detail, "tag") {
			return nil, fmt.Errorf("%s: check the spelling (bob show ACCOUNT lists an account's tags)", he.Detail)
		}
		if errors.As(err, &he) {
			return nil, fmt.Errorf("%s: every account in the book is already handed off", he.Detail)
		}
		return nil, err
	}
	for _, s := range got.Again {
		fmt.Fprintf(notes, "Note: %s was already handed off to %s; it goes out again.\n", termsafe.Line(s.Name), termsafe.Line(s.HandoffTo))
	}
	return got.IDs, nil
}

// writeGaps prints the completeness check's gaps, account by account.
func writeGaps(w io.Writer, st *store.Store, ids []string, gaps map[string][]handoff.Gap) error {
	fmt.Fprintf(w, "Completeness check: %d of %s have gaps a successor would miss:\n", len(gaps), model.Plural(len(ids), "account"))
	// The names come from the summaries, one read for the whole list.
	sums, err := st.Summaries()
	if err != nil {
		return err
	}
	names := make(map[string]string, len(sums))
	for _, s := range sums {
		names[s.ID] = s.Name
	}
	for _, id := range ids {
		g := gaps[id]
		if len(g) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n  %s\n", termsafe.Line(names[id]))
		for _, x := range g {
			fmt.Fprintf(w, "    - %s\n", termsafe.Line(x.Text))
		}
	}
	fmt.Fprintln(w)
	return nil
}

// ---- bob takeback ----

func (a *app) takebackCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "takeback ACCOUNT",
		Short: "Take a handed-off account back into your list",
		Long: `Take back an account you handed off (the handoff fell through, the bundle was
lost, you exported the wrong one): it rejoins your list. Only the handoff
history changes; the account's content stays as it is.
ACCOUNT is the account's ID, its name, or a part of its name that only it has.`,
		Args: exactArgs(1, "name the account: bob takeback ACCOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, acc, err := a.openAccount(args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			if err := handoff.TakeBack(st, acc.ID, authorName(), time.Now()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Took %s back: it is in your list again.\n", termsafe.Line(acc.Name))
			return nil
		},
	}
}

// ---- bob import ----

func (a *app) importCommand() *cobra.Command {
	var f importFlags
	var onConflict string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Take over the accounts in a colleague's bundle",
		Long: `Take over the accounts in a bundle: check it, show who signed it and what
importing it would do, then merge it into your book.

A bundle encrypted to your key opens with your identity (bob id create); one
protected by a passphrase asks for it on the terminal, or takes $BOB_PASSPHRASE
without one. A damaged, altered, wrongly signed or unreadable bundle is refused
and your book is not touched.

The preview lists the new accounts, the accounts you already have (matched by
ID) with what the bundle adds, and every field where the two differ, with the
side that wins: --on-conflict keep (yours, the default) or theirs (the
bundle's). Nothing is ever deleted. --dry-run stops after the preview.

Trust is explicit: a bundle that is unsigned, or signed by a key that is not
one of your colleagues', is refused unless --trust-unknown is given (compare
the fingerprint bob shows with the sender by another channel first); one
addressed to someone else needs --not-for-me. Your own key is recognised.
The preview lists accounts whose owner changes and accounts whose ID is one
of yours under another name.

Before writing, bob backs your book up (the path is printed); the import is
one transaction: all of it or nothing. Importing the same bundle twice changes
nothing.

The sender's open steps of their outgoing transition checklist are kept as
their history (closed, marked as theirs), not as your to-dos, and the
incoming transition checklist (` + playbooks.TransitionIncoming + `) starts on every new
account, due dates counted from today; --no-playbook leaves it out. The import
ends with what you now own: accounts, ARR, the nearest renewals, the gaps to
close, and where to start.`,
		Args: exactArgs(1, "name the bundle: bob import FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			policy, err := handoff.ParsePolicy(onConflict)
			if err != nil {
				return usageError{err}
			}
			if f.applyPlaybook && f.noPlaybook {
				return usageError{errors.New("choose one: --no-playbook, or the default (--apply-playbook)")}
			}
			f.applyPlaybook = !f.noPlaybook
			return a.runImport(cmd, args[0], policy, f)
		},
	}
	cmd.Flags().BoolVar(&f.dryRun, "dry-run", false, "show what the import would do; write nothing")
	cmd.Flags().StringVar(&onConflict, "on-conflict", string(handoff.PolicyKeep), "which value wins where yours and the bundle's differ: keep (yours) or theirs")
	cmd.Flags().BoolVar(&f.applyPlaybook, "apply-playbook", false, "start the incoming transition checklist on each new account (the default; kept for scripts)")
	cmd.Flags().BoolVar(&f.noPlaybook, "no-playbook", false, "do not start the incoming transition checklist ("+playbooks.TransitionIncoming+")")
	cmd.Flags().BoolVar(&f.trustUnknown, "trust-unknown", false, "import a bundle that is unsigned or signed by a key that is not a colleague's (compare its fingerprint with the sender first)")
	cmd.Flags().BoolVar(&f.notForMe, "not-for-me", false, "import a bundle addressed to someone else; its accounts become yours")
	return startsBook(cmd)
}

// importFlags are bob import's choices besides the conflict policy.
type importFlags struct {
	dryRun, applyPlaybook, noPlaybook bool
	// trustUnknown and notForMe are the user's say-so that handoff.Trust
	// asks for (see Trust.Check).
	trustUnknown, notForMe bool
}

func (a *app) runImport(cmd *cobra.Command, path string, policy handoff.Policy, f importFlags) error {
	out := cmd.OutOrStdout()
	var incoming playbooks.Playbook
	if f.applyPlaybook {
		var err error
		if incoming, err = findPlaybook(playbooks.TransitionIncoming); err != nil {
			return err
		}
	}
	opened, err := openBundle(cmd, path)
	if err != nil {
		return err
	}
	colleagues, err := handoff.LoadColleagues(configDir())
	if err != nil {
		return err
	}
	var me *handoff.Identity
	if id, err := handoff.LoadIdentity(configDir()); err == nil {
		me = &id
		// The accounts become the importer's, whatever name the
		// bundle was addressed to.
		opened.Receiver = handoff.Party{Name: id.Name, Email: id.Email}
	}
	trust := handoff.Assess(opened, me, colleagues)
	if !f.dryRun {
		// Refused in one line (the error names the key and the flag),
		// before the book is even opened: nothing is touched.
		if err := trust.Check(f.trustUnknown, f.notForMe); err != nil {
			return err
		}
	}
	writeBundleHeader(out, cmd.ErrOrStderr(), opened, trust)

	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	preview, err := handoff.Plan(st, opened, policy)
	if err != nil {
		return err
	}
	if note := opened.Manifest.Note; note != "" {
		fmt.Fprintf(out, "\nA note from %s:\n", termsafe.Line(opened.Manifest.From.Name))
		for _, l := range strings.Split(note, "\n") {
			fmt.Fprintln(out, "  "+termsafe.Line(l))
		}
	}
	writePreview(out, preview)
	newAccounts := preview.Count(handoff.StatusNew)
	if f.dryRun {
		if n := preview.PredecessorSteps; n > 0 {
			fmt.Fprintf(out, "The import would keep %s of the sender's outgoing checklist as their history (closed).\n", model.Plural(n, "open step"))
		}
		if f.applyPlaybook && newAccounts > 0 {
			fmt.Fprintf(out, "The import would start the %s checklist on %s.\n", termsafe.Line(incoming.Title), model.Plural(newAccounts, "new account"))
		}
		if err := trust.Check(f.trustUnknown, f.notForMe); err != nil {
			fmt.Fprintln(out, "The import itself would be refused: "+termsafe.Line(err.Error()))
		}
		fmt.Fprintln(out)
		for _, l := range handoff.Summarize(opened.Manifest.From.Name, preview.Records, time.Now()).Lines("") {
			fmt.Fprintln(out, strings.Replace(termsafe.Line(l), "You now own", "You would own", 1))
		}
		fmt.Fprintln(out, "Dry run: nothing was written.")
		return nil
	}
	progress := newProgress(cmd, "Importing")
	opts := handoff.ApplyOptions{Now: time.Now(), Progress: progress.report()}
	if f.applyPlaybook {
		opts.NewAccount = handoff.StartChecklist(incoming, opts.Now)
	}
	res, err := handoff.ApplyWith(st, opened, policy, opts)
	if err != nil {
		progress.end()
		return err
	}
	if res.Written == 0 {
		fmt.Fprintln(out, "Nothing to import: your book already holds everything in this bundle.")
		return nil
	}
	fmt.Fprintf(out, "Imported: %s written (%s).\n", model.Plural(res.Written, "account"), res.Preview.Summary())
	fmt.Fprintf(out, "Your book before the import is backed up in %s (open it with --db to look back).\n", termsafe.Line(res.Backup))
	fmt.Fprintln(out)
	for _, l := range res.Owned.Lines(importStartHere) {
		fmt.Fprintln(out, termsafe.Line(l))
	}
	return nil
}

// importStartHere is where the import summary sends the successor: the
// list of what is due, in the app and on the command line.
const importStartHere = "Today in the app (open bob, tab on the account list), or bob agenda on the command line"

// openBundle reads and checks the bundle, with the user's identity for a
// bundle encrypted to keys and a passphrase for one protected by a
// passphrase (asked up to three times on a terminal).
func openBundle(cmd *cobra.Command, path string) (*handoff.Opened, error) {
	me, idErr := handoff.LoadIdentity(configDir())
	prot, opts, err := handoff.OpenOptions(path, me, idErr)
	if err != nil {
		return nil, err
	}
	progress := newProgress(cmd, "Reading the bundle")
	opts.Progress = progress.report()
	defer progress.end()
	if prot != handoff.ProtectionPassphrase {
		return handoff.ReadFile(path, opts)
	}
	p := newPrompter(cmd)
	if !p.tty {
		if opts.Passphrase = os.Getenv(passphraseEnv); opts.Passphrase == "" {
			return nil, fmt.Errorf("%s is protected by a passphrase: run bob import on a terminal to type it, or put it in $%s", path, passphraseEnv)
		}
		return handoff.ReadFile(path, opts)
	}
	for try := 1; ; try++ {
		if opts.Passphrase, err = p.secret("Passphrase of the bundle: "); err != nil {
			return nil, err
		}
		o, err := handoff.ReadFile(path, opts)
		if errors.Is(err, handoff.ErrWrongPassphrase) && try < 3 {
			fmt.Fprintln(p.out, "That passphrase does not open the bundle; try again.")
			continue
		}
		return o, err
	}
}

// writeBundleHeader says what the bundle is and who signed it: you, a
// known colleague, an unknown key (a warning), or nobody (a warning); and
// whether it is for someone else (a warning).
func writeBundleHeader(out, warn io.Writer, o *handoff.Opened, t handoff.Trust) {
	m := o.Manifest
	// Every name in the manifest is the sender's text: made safe here.
	from := termsafe.Line(m.From.Name)
	if m.From.Email != "" {
		from += " <" + termsafe.Line(m.From.Email) + ">"
	}
	prot := map[handoff.Protection]string{
		handoff.ProtectionNone:       "not encrypted",
		handoff.ProtectionRecipients: "encrypted to your key",
		handoff.ProtectionPassphrase: "encrypted with a passphrase",
	}[o.Protection]
	fmt.Fprintf(out, "Bundle from %s to %s, made %s: %s, %s.\n", from, termsafe.Line(m.To.Name),
		m.CreatedAt.Local().Format("2006-01-02 15:04"), model.Plural(len(o.Records), "account"), prot)
	if m.Redacted {
		fmt.Fprintln(out, "The sender left out the private fields (redacted); yours are kept.")
	}
	if t.Unknown() {
		fmt.Fprintln(warn, "Warning: "+termsafe.Line(t.SignerWords()))
	} else {
		fmt.Fprintln(out, termsafe.Line(t.SignerWords()))
	}
	if w := t.NotForYouWords(); w != "" {
		fmt.Fprintln(warn, "Warning: "+termsafe.Line(w))
	}
}

// writePreview prints what the import does, account by account.
func writePreview(w io.Writer, p handoff.Preview) {
	fmt.Fprintf(w, "\nImport preview: %s\n", p.Summary())
	for _, c := range p.Collisions {
		fmt.Fprintf(w, "  CONFLICT   same ID as your %s, but the bundle calls it %s: most likely another customer; check before importing\n",
			quoteValue(termsafe.Line(c.Yours)), quoteValue(termsafe.Line(c.Theirs)))
	}
	for _, o := range p.OwnerChanges {
		fmt.Fprintf(w, "  owner      %s: %s -> %s\n", termsafe.Line(o.Name), termsafe.Line(orDash(o.From)), termsafe.Line(o.To))
	}
	yours, theirs := "yours", "theirs"
	for _, a := range p.Accounts {
		switch {
		case a.Status == handoff.StatusNew:
			fmt.Fprintf(w, "  new        %s\n", termsafe.Line(a.Name))
		case a.Status == handoff.StatusUnchanged || (!a.Changed && len(a.Conflicts) == 0):
			fmt.Fprintf(w, "  unchanged  %s (you have it already)\n", termsafe.Line(a.Name))
		default:
			what := "matched by ID"
			if words := a.AddedWords(); words != "" {
				what += "; the bundle adds " + words
			}
			if !a.Changed {
				what += "; nothing to write"
			}
			fmt.Fprintf(w, "  existing   %s (%s)\n", termsafe.Line(a.Name), what)
		}
		for _, c := range a.Conflicts {
			win := yours
			if c.Winner == handoff.SideIncoming {
				win = theirs
			}
			label := c.Kind
			if c.Label != "" {
				label += " " + termsafe.Line(c.Label)
			}
			fmt.Fprintf(w, "      %s of %s: yours %s, theirs %s -> %s\n", c.Field, label, quoteValue(c.Local), quoteValue(c.Incoming), win)
		}
	}
	if n := p.Conflicts(); n > 0 {
		other := "theirs"
		if p.Policy == handoff.PolicyTheirs {
			other = "keep"
		}
		fmt.Fprintf(w, "Differing fields take the winner shown; to let the other side win, import with --on-conflict %s.\n", other)
	}
	fmt.Fprintln(w)
}

func quoteValue(s string) string {
	const max = 60
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "..."
	}
	if s == "" {
		return "(empty)"
	}
	return fmt.Sprintf("%q", s)
}
