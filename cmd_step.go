package main

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/store"
	"bob/termsafe"
)

func (a *app) stepCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "step",
		Short: "Tick, skip or reopen a checklist step",
		Long: `Tick, skip or reopen a checklist step by its ID (bob show ACCOUNT prints the
IDs of the open steps, bob show ACCOUNT --json and bob agenda --json of every
step). A done or skipped step with a note is logged on the account's timeline
as an internal note, with who did it and when.`,
	}
	for _, v := range []struct {
		use   string
		state model.StepState
		short string
	}{
		{"done", model.StepDone, "Mark a checklist step done"},
		{"skip", model.StepSkipped, "Skip a checklist step (it needs doing no more)"},
		{"reopen", model.StepOpen, "Open a done or skipped step again"},
	} {
		cmd.AddCommand(a.stepStateCommand(v.use, v.state, v.short))
	}
	return cmd
}

func (a *app) stepStateCommand(use string, state model.StepState, short string) *cobra.Command {
	var note string
	cmd := &cobra.Command{
		Use:   use + " STEP-ID",
		Short: short,
		Args:  exactArgs(1, "name the step: bob step "+use+" STEP-ID [--note TEXT] (bob show ACCOUNT prints step IDs)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			up, err := st.SetStepState("", args[0], store.StepChange{State: state, Note: note, By: authorName()})
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no checklist step has the ID %s: bob show ACCOUNT prints the IDs of the open steps", termsafe.Line(args[0]))
			}
			if err != nil {
				return err
			}
			acc, err := st.Account(up.AccountID)
			if err != nil {
				return err
			}
			verb := map[model.StepState]string{model.StepDone: "Done", model.StepSkipped: "Skipped", model.StepOpen: "Reopened"}[state]
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %q on %s (%s, %d of %d steps open).\n", verb, termsafe.Line(up.Step.Title),
				termsafe.Line(acc.Name), termsafe.Line(up.Checklist.Title), up.Checklist.OpenSteps(), len(up.Checklist.Steps))
			if up.EntryID != "" {
				fmt.Fprintln(cmd.OutOrStdout(), "The note is on the timeline.")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note on the step; with done or skip it is logged on the timeline")
	return cmd
}
