package main

import (
	"fmt"
	"path/filepath"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"bob/playbooks"
)

// playbookDir is where the user's own playbooks live.
func playbookDir() string { return filepath.Join(configDir(), "playbooks") }

// loadPlaybooks returns the built-in playbooks and the user's own; a
// malformed file is an error naming it and its line.
func loadPlaybooks() ([]playbooks.Playbook, error) {
	return playbooks.LoadAll(playbookDir())
}

// findPlaybook returns the playbook named name: the user's own if they
// wrote one, else the built-in.
func findPlaybook(name string) (playbooks.Playbook, error) {
	all, err := loadPlaybooks()
	if err != nil {
		return playbooks.Playbook{}, err
	}
	for _, pb := range all {
		if pb.Name == name {
			return pb, nil
		}
	}
	return playbooks.Playbook{}, fmt.Errorf("no playbook is called %s (bob playbooks lists them)", name)
}

func (a *app) playbooksCommand() *cobra.Command {
	return &cobra.Command{
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
				fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", pb.Name, pb.Title, len(pb.Steps), displayPath(pb.Source))
			}
			return tw.Flush()
		},
	}
}
