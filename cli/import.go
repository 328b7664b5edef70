package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bob/handoff"
	"bob/internal/memtune"
	"bob/model"
	"bob/playbooks"
	"bob/termsafe"
)

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
all of it or nothing (a large one is written into a copy of the book, which
replaces the book only once complete). Importing the same bundle twice changes
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
	memtune.Set(memtune.Import)
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
	me, idErr := handoff.LoadIdentity(configDir())
	trust := handoff.Receive(opened, me, idErr, colleagues)
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
		owned := handoff.Summarize(opened.Manifest.From.Name, preview.Records, time.Now())
		owned.Preview = true
		for _, l := range owned.Lines("") {
			fmt.Fprintln(out, termsafe.Line(l))
		}
		fmt.Fprintln(out, "Dry run: nothing was written.")
		return nil
	}
	progress := newProgress(cmd, "Importing")
	// The preview shown is what is written, unless the book changed
	// meanwhile (then the import plans again from the book as it is).
	opts := handoff.ApplyOptions{Now: time.Now(), Progress: progress.report(), Preview: &preview}
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
	writeImportBackup(out, res.Backup)
	fmt.Fprintln(out)
	for _, l := range res.Owned.Lines(importStartHere) {
		fmt.Fprintln(out, termsafe.Line(l))
	}
	return nil
}

// writeImportBackup says where the book as it was before an import (of a
// bundle or a spreadsheet) is kept.
func writeImportBackup(out io.Writer, backup string) {
	fmt.Fprintf(out, "Your book before the import is backed up in %s (open it with --db to look back).\n", termsafe.Line(backup))
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
	fmt.Fprintf(out, "Bundle from %s to %s, made %s: %s, %s.\n", from, termsafe.Line(m.To.Name),
		m.CreatedAt.Local().Format("2006-01-02 15:04"), model.Plural(len(o.Records), "account"), o.Protection.OpenedWords())
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
