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
	"bob/store"
	"bob/termsafe"
)

// The handoff commands that move accounts out (export, takeback); bob
// import, which takes them in, is in import.go. The work is done by
// package handoff; these commands only gather choices, ask on a terminal
// what the flags leave open, and report.

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
one, it exports only with --yes. With --yes the gaps are found as the bundle
is written and listed once it is. --yes also replaces an existing FILE.

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
	memtune.Set(memtune.Export)
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
	if plan.ids, err = selectAccounts(st, f, cmd.ErrOrStderr(), "there are no accounts to hand over: every account in the book is already handed off"); err != nil {
		return err
	}
	now := time.Now()
	p := newPrompter(cmd)
	if f.redact {
		if err := confirmRedaction(cmd.OutOrStdout(), p, st, plan.ids, f.yes); err != nil {
			return err
		}
	}
	// With --yes nothing waits on the completeness check: the export
	// judges each account as it reads it anyway, and its gaps are listed
	// once the bundle is written (a whole book's check is a second read
	// of every account). Without, the check comes first, to ask.
	if !f.yes {
		if err := confirmGaps(cmd, p, st, plan.ids, now); err != nil {
			return err
		}
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
// it goes on only with a yes on the terminal.
func confirmGaps(cmd *cobra.Command, p *prompter, st *store.Store, ids []string, now time.Time) error {
	out := cmd.OutOrStdout()
	progress := newProgress(cmd, "Checking the accounts")
	gaps, err := handoff.GapsWithProgress(st, ids, now, progress.report())
	if err != nil {
		progress.end()
		return err
	}
	if err := listGaps(out, st, ids, gaps); err != nil || len(gaps) == 0 {
		return err
	}
	return p.goAhead(false, "Export anyway?",
		fmt.Errorf("%d of %d accounts have gaps (listed above): fill them, or pass --yes to export anyway; nothing was written", len(gaps), len(ids)),
		errors.New("export cancelled: nothing was written and no account was marked; fill the gaps and export again"))
}

// listGaps prints the completeness check's findings.
func listGaps(out io.Writer, st *store.Store, ids []string, gaps map[string][]handoff.Gap) error {
	if len(gaps) == 0 {
		fmt.Fprintf(out, "Completeness check: no gaps in the %s.\n", model.Plural(len(ids), "account"))
		return nil
	}
	return writeGaps(out, st, ids, gaps)
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
	return p.goAhead(yes, "They stay in the redacted bundle. Export anyway?",
		fmt.Errorf("%s read as internal but stay in the redacted bundle (listed above): reword them or move them to the internal context, or pass --yes to export anyway; nothing was written",
			model.Plural(len(ws), "text")),
		errors.New("export cancelled: nothing was written; move that text to the internal context or an internal entry, or reword it, and export again"))
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
	if err != nil {
		return path, nil
	}
	exists := fmt.Errorf("%s exists: choose another name with -o, or pass --yes to replace it; nothing was written", path)
	if err := p.goAhead(f.yes, path+" exists. Replace it?", exists, exists); err != nil {
		return "", err
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
	if f.yes {
		opts.GapsAt = now // the gaps confirmGaps would have listed
	}
	progress := newProgress(cmd, "Writing the bundle")
	opts.Progress = progress.report()
	res, err := handoff.Export(st, plan.path, opts)
	if err != nil {
		progress.end()
		return err
	}
	if f.yes {
		if err := listGaps(out, st, plan.ids, res.Gaps); err != nil {
			return err
		}
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
// (handoff.Select says which accounts they cover, for an export and a
// playbook alike); an account named that was handed off already gets a
// note: it goes out again. none is the error's text when the choice
// covers no account: every account in the book is handed off.
func selectAccounts(st *store.Store, f exportFlags, notes io.Writer, none string) ([]string, error) {
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
		switch {
		case !errors.As(err, &he):
			return nil, err
		case errors.Is(err, handoff.ErrNoSuchTag):
			return nil, fmt.Errorf("%s: check the spelling (bob show ACCOUNT lists an account's tags)", he.Detail)
		case errors.Is(err, handoff.ErrNothingToHandOver):
			return nil, errors.New(none)
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
