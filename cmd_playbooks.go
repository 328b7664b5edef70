package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/playbooks"
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
				return playbooks.Playbook{}, fmt.Errorf("your playbook %s did not load: fix it first:\n%w", name, problems)
			}
		}
	}
	for _, pb := range all {
		if pb.Name == name {
			return pb, nil
		}
	}
	if problems != nil {
		return playbooks.Playbook{}, fmt.Errorf("no playbook is called %s, and some of your playbooks did not load (bob playbooks check says why):\n%w", name, problems)
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
name replaces the built-in. A malformed file is reported with its line.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			all, err := loadPlaybooks()
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tTITLE\tSTEPS\tFROM")
			for _, pb := range all {
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", termsafe.Line(pb.Name), termsafe.Line(pb.Title), len(pb.Steps), termsafe.Line(displayPath(pb.Source)))
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(a.applyPlaybookCommand())
	return cmd
}

func (a *app) applyPlaybookCommand() *cobra.Command {
	var start string
	cmd := &cobra.Command{
		Use:   "apply PLAYBOOK ACCOUNT",
		Short: "Start a playbook's checklist on an account",
		Long: `Start a playbook's checklist on an account: one open step per step of the
playbook, each due its offset after the start day (today unless --start).
ACCOUNT is the account's ID, its name, or a part of its name only it has.`,
		Args: exactArgs(2, "name the playbook and the account: bob playbooks apply PLAYBOOK ACCOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			day := model.DateOf(time.Now())
			if start != "" {
				d, err := model.ParseDate(start)
				if err != nil {
					return usageError{fmt.Errorf("--start: %w", err)}
				}
				day = d
			}
			pb, err := findPlaybook(args[0])
			if err != nil {
				return err
			}
			st, acc, err := a.openAccount(args[1])
			if err != nil {
				return err
			}
			defer st.Close()
			c, err := st.PutChecklist(pb.Checklist(acc.ID, day))
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Started %q on %s: %d steps, the last due %s.\n", c.Title, termsafe.Line(acc.Name), len(c.Steps), c.Steps[len(c.Steps)-1].Due)
			return nil
		},
	}
	cmd.Flags().StringVar(&start, "start", "", "the day the playbook starts (YYYY-MM-DD; default today)")
	return cmd
}
