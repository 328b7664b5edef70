package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/playbooks"
	"bob/store"
	"bob/termsafe"
)

// playbookDir is where the user's own playbooks live.
func playbookDir() string { return filepath.Join(configDir(), "playbooks") }

// loadPlaybooks returns the built-in playbooks and the user's own; a
// malformed file is left out and reported (playbooks.Problems) with its
// file and line, the others still returned.
func loadPlaybooks() ([]playbooks.Playbook, error) {
	return playbooks.LoadAll(playbookDir())
}

// findPlaybook returns the playbook named name: the user's own if they
// wrote one, else the built-in. A broken file of the user's matters only
// when it may be the one asked for.
func findPlaybook(name string) (playbooks.Playbook, error) {
	all, problems := loadPlaybooks()
	var ps playbooks.Problems
	if errors.As(problems, &ps) {
		for _, p := range ps {
			if filepath.Base(p.File) == name+playbooks.Ext {
				// Their own version is broken: do not quietly use the built-in.
				return playbooks.Playbook{}, fmt.Errorf("your playbook %s did not load (%w): fix it first; bob playbooks check lists every problem", name, p)
			}
		}
	}
	for _, pb := range all {
		if pb.Name == name {
			return pb, nil
		}
	}
	if problems != nil {
		return playbooks.Playbook{}, fmt.Errorf("no playbook is called %s, and some of your playbooks did not load (bob playbooks check says why)", name)
	}
	return playbooks.Playbook{}, fmt.Errorf("no playbook is called %s (bob playbooks lists them)", name)
}

func (a *app) playbooksCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "playbooks",
		Short: "List the playbooks: the built-in ones and your own",
		Long: `List the playbooks: the built-in ones (onboarding, adoption, renewal, and the
outgoing and incoming transitions) and your own, from files ending in
.playbook in ` + displayPath(playbookDir()) + `. A file of yours with a built-in's
name replaces the built-in. A malformed file is reported with its line
(and the exit code is non-zero); the others are still listed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all, problems := loadPlaybooks()
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tTITLE\tCOUNTS FROM\tSTEPS\tFROM")
			for _, pb := range all {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", termsafe.Line(pb.Name), termsafe.Line(pb.Title), playbooks.AnchorWords(pb.Anchor),
					len(pb.Steps), termsafe.Line(displayPath(pb.Source)))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			if problems != nil {
				return playbookProblems(cmd.ErrOrStderr(), problems, "your playbooks")
			}
			return nil
		},
	}
	cmd.AddCommand(a.applyPlaybookCommand(), a.checkPlaybooksCommand())
	return cmd
}

func (a *app) checkPlaybooksCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check [FILE]",
		Short: "Check your playbooks (or one file) and report every problem",
		Long: `Check your playbooks in ` + displayPath(playbookDir()) + ` (or the one FILE given)
and report every problem as FILE:LINE: what is wrong and what to do. The exit
code is non-zero when there is a problem, so it can run before you copy a
playbook into place.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			out := cmd.OutOrStdout()
			if len(args) == 1 {
				pb, err := playbooks.ParseFile(args[0])
				if err != nil {
					return playbookProblems(cmd.ErrOrStderr(), err, termsafe.Line(args[0]))
				}
				fmt.Fprintf(out, "%s is a good playbook: %s, %s, counting from the %s.\n",
					termsafe.Line(args[0]), termsafe.Line(pb.Name), model.Plural(len(pb.Steps), "step"), playbooks.AnchorWords(pb.Anchor))
				return nil
			}
			all, problems := loadPlaybooks()
			if problems != nil {
				return playbookProblems(cmd.ErrOrStderr(), problems, "your playbooks")
			}
			mine := 0
			for _, pb := range all {
				if pb.Source != "built-in" {
					mine++
				}
			}
			fmt.Fprintf(out, "All playbooks are good: %s of yours in %s, and the built-in ones.\n", model.Plural(mine, "playbook"), displayPath(playbookDir()))
			return nil
		},
	}
}

// playbookProblems writes every problem found to w, one line each (made
// safe for the terminal and cut like bob's error line), and returns the one
// line that ends the report. Folded into bob's single error line, a list
// of problems became one unreadable line cut off after the first few.
func playbookProblems(w io.Writer, err error, where string) error {
	var ps playbooks.Problems
	if !errors.As(err, &ps) {
		return err
	}
	for _, p := range ps {
		fmt.Fprintln(w, cutLine(termsafe.Line(p.Error())))
	}
	return fmt.Errorf("%s found in %s (listed above): fix them, then run bob playbooks check again", model.Plural(len(ps), "problem"), where)
}

func (a *app) applyPlaybookCommand() *cobra.Command {
	var (
		anchor string
		tags   []string
		all    bool
	)
	cmd := &cobra.Command{
		Use:   "apply PLAYBOOK (ACCOUNT... | --tag T | --all)",
		Short: "Start a playbook's checklist on one or many accounts",
		Long: `Start a playbook's checklist on accounts: one open step per step of the
playbook, each due its offset from the playbook's anchor (the day applied,
the account's renewal date, or the day given with --anchor). ACCOUNT is an
account's ID, its name, or a part of its name only it has; --tag covers the
accounts with that tag, --all every account in your list.

All accounts get the checklist in one transaction. An account that still has
that playbook open is skipped and named (never a second open copy), and so is
an account whose anchor day is unknown (a renewal playbook on an account
without a renewal date).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("name the playbook and the accounts: bob playbooks apply PLAYBOOK (ACCOUNT... | --tag T | --all)")}
			}
			if len(args) == 1 && len(tags) == 0 && !all {
				return usageError{errors.New("name the accounts: bob playbooks apply " + args[0] + " (ACCOUNT... | --tag T | --all)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			var asked model.Date
			if anchor != "" {
				d, err := model.ParseDate(anchor)
				if err != nil {
					return usageError{fmt.Errorf("--anchor: %w", err)}
				}
				asked = d
			}
			pb, err := findPlaybook(args[0])
			if err != nil {
				return err
			}
			if pb.Anchor == model.AnchorAsked && asked.IsZero() {
				return usageError{fmt.Errorf("%s counts from a day you choose: give it with --anchor YYYY-MM-DD", pb.Title)}
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			ids, err := selectAccounts(st, exportFlags{accounts: args[1:], tags: tags, all: all}, io.Discard,
				"no account in your list to start the playbook on: every account in the book is handed off")
			if err != nil {
				return err
			}
			accs := make([]model.Account, 0, len(ids))
			for _, id := range ids {
				acc, err := st.Account(id)
				if err != nil {
					return err
				}
				accs = append(accs, acc)
			}
			cs, skipped := pb.ForAccounts(accs, model.DateOf(time.Now()), asked)
			res, err := st.ApplyChecklists(cs)
			if err != nil {
				return err
			}
			writeApplied(cmd.OutOrStdout(), pb, res, append(skipped, res.Skipped...), accs)
			if len(res.Applied) == 0 {
				return errors.New("the playbook was applied to no account: see why above")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&anchor, "anchor", "", "the day the steps count from (YYYY-MM-DD), instead of the playbook's own anchor")
	cmd.Flags().StringVar(&anchor, "start", "", "the same as --anchor")
	cmd.Flags().MarkHidden("start")
	cmd.Flags().StringSliceVar(&tags, "tag", nil, "apply to the accounts with this tag (repeatable)")
	cmd.Flags().BoolVar(&all, "all", false, "apply to every account in your list")
	return cmd
}

// writeApplied says what apply did: each account started, with its anchor
// and last due date, then each account skipped and why.
func writeApplied(w io.Writer, pb playbooks.Playbook, res store.ApplyResult, skipped []model.SkippedAccount, accs []model.Account) {
	names := map[string]string{}
	for _, a := range accs {
		names[a.ID] = a.Name
	}
	for _, c := range res.Applied {
		first, last := c.Steps[0].Due, c.Steps[len(c.Steps)-1].Due
		fmt.Fprintf(w, "Started %q on %s: %s from %s to %s (counting from %s, the %s).\n", termsafe.Line(c.Title), termsafe.Line(names[c.AccountID]),
			model.Plural(len(c.Steps), "step"), first, last, c.Anchor, playbooks.AnchorWords(c.AnchorKind))
	}
	for _, s := range skipped {
		fmt.Fprintf(w, "Skipped %s: %s\n", termsafe.Line(s.Name), termsafe.Line(s.Reason))
	}
}
