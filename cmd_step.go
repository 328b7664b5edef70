package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/store"
	"bob/termsafe"
)

func (a *app) stepCommand() *cobra.Command {
	return a.progressCommand(progressKind{
		noun:  "step",
		short: "Tick, skip or reopen a checklist step",
		long: `Tick, skip or reopen a checklist step by its ID (bob show ACCOUNT prints the
IDs of the open steps, bob show ACCOUNT --json and bob agenda --json of every
step). A done or skipped step with a note is logged on the account's timeline
as an internal note, with who did it and when.`,
		what:   "checklist step",
		where:  "bob show ACCOUNT prints the IDs of the open steps",
		plural: "steps",
		set: func(st *store.Store, id string, change store.StepChange) (progress, error) {
			up, err := st.SetStepState("", id, change)
			return progress{accountID: up.AccountID, title: up.Step.Title, parent: up.Checklist.Title,
				open: up.Checklist.OpenSteps(), total: len(up.Checklist.Steps), entryID: up.EntryID}, err
		},
	})
}

func (a *app) taskCommand() *cobra.Command {
	return a.progressCommand(progressKind{
		noun:  "task",
		short: "Tick, skip or reopen a success-plan task",
		long: `Tick, skip or reopen a success-plan task by its ID (bob plans ACCOUNT prints
the IDs of every task, as do bob show ACCOUNT --json and, for tasks with a due
day, bob agenda --json). A done or skipped task with a note is logged on the
account's timeline as an internal note, with who did it and when.`,
		what:   "success plan task",
		where:  "bob plans ACCOUNT prints the task IDs",
		plural: "tasks",
		set: func(st *store.Store, id string, change store.StepChange) (progress, error) {
			up, err := st.SetTaskState("", id, change)
			open := 0
			for _, t := range up.Plan.Tasks {
				if t.Open() {
					open++
				}
			}
			return progress{accountID: up.AccountID, title: up.Task.Title, parent: up.Plan.Title,
				open: open, total: len(up.Plan.Tasks), entryID: up.EntryID}, err
		},
	})
}

// progressKind is one kind of work item that is ticked, skipped and
// reopened the same way: a checklist step or a success-plan task.
type progressKind struct {
	noun        string // the command's name and what the ID names
	short, long string
	what        string // the item in the user's words
	where       string // where the user finds the IDs
	plural      string
	set         func(st *store.Store, id string, change store.StepChange) (progress, error)
}

// progress is what a tick, skip or reopen left behind, for the one line
// the command prints.
type progress struct {
	accountID, title, parent string
	open, total              int
	entryID                  string
}

func (a *app) progressCommand(k progressKind) *cobra.Command {
	cmd := &cobra.Command{Use: k.noun, Short: k.short, Long: k.long}
	for _, v := range []struct {
		use   string
		state model.StepState
		short string
	}{
		{"done", model.StepDone, "Mark a " + k.what + " done"},
		{"skip", model.StepSkipped, "Skip a " + k.what + " (it needs doing no more)"},
		{"reopen", model.StepOpen, "Open a done or skipped " + k.what + " again"},
	} {
		cmd.AddCommand(a.progressStateCommand(k, v.use, v.state, v.short))
	}
	return cmd
}

func (a *app) progressStateCommand(k progressKind, use string, state model.StepState, short string) *cobra.Command {
	var note string
	id := strings.ToUpper(k.noun) + "-ID"
	cmd := &cobra.Command{
		Use:   use + " " + id,
		Short: short,
		Args:  exactArgs(1, fmt.Sprintf("name the %s: bob %s %s %s [--note TEXT] (%s)", k.what, k.noun, use, id, k.where)),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			arg := strings.TrimSpace(args[0])
			up, err := k.set(st, arg, store.StepChange{State: state, Note: note, By: authorName()})
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no %s has the ID %s: %s", k.what, termsafe.Line(arg), k.where)
			}
			if err != nil {
				return err
			}
			acc, err := st.Account(up.accountID)
			if err != nil {
				return err
			}
			verb := map[model.StepState]string{model.StepDone: "Done", model.StepSkipped: "Skipped", model.StepOpen: "Reopened"}[state]
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %q on %s (%s, %d of %d %s open).\n", verb, termsafe.Line(up.title),
				termsafe.Line(acc.Name), termsafe.Line(up.parent), up.open, up.total, k.plural)
			if up.entryID != "" {
				fmt.Fprintln(cmd.OutOrStdout(), "The note is on the timeline.")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&note, "note", "", "a note on the "+k.noun+"; with done or skip it is logged on the timeline")
	return cmd
}
