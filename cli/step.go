package cli

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
	cmd := a.progressCommand(progressKind{
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
	cmd.Short = "Tick, skip, reopen, add or remove a checklist step"
	cmd.AddCommand(a.stepAddCommand(), a.stepRemoveCommand())
	return cmd
}

// stepWhere is where the user finds checklist and step IDs.
const stepWhere = "bob show ACCOUNT --json prints the checklist and step IDs"

func (a *app) stepAddCommand() *cobra.Command {
	var title, due, detail, after string
	cmd := &cobra.Command{
		Use:   "add CHECKLIST-ID --title TITLE [--due DATE] [--detail TEXT] [--after STEP-ID]",
		Short: "Add an open step to a checklist",
		Long: `Add an open step to a checklist applied to an account: after the step
--after names, or at the end. ` + stepWhere + `.`,
		Args: exactArgs(1, "name the checklist: bob step add CHECKLIST-ID --title TITLE ("+stepWhere+")"),
		RunE: func(cmd *cobra.Command, args []string) error {
			step := model.Step{Title: strings.TrimSpace(title), Detail: detail, State: model.StepOpen}
			if step.Title == "" {
				return usageError{errors.New("give the step a title: --title TEXT")}
			}
			if due = strings.TrimSpace(due); due != "" {
				d, err := model.ParseDate(due)
				if err != nil {
					return usageError{fmt.Errorf("--due %s is not a day: write YYYY-MM-DD", termsafe.Line(due))}
				}
				step.Due = d
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			list, after := strings.TrimSpace(args[0]), strings.TrimSpace(after)
			ed, err := st.AddStep("", list, after, step)
			if errors.Is(err, store.ErrNotFound) {
				if after != "" {
					return fmt.Errorf("no checklist has the ID %s, or it has no step %s: %s", termsafe.Line(list), termsafe.Line(after), stepWhere)
				}
				return fmt.Errorf("no checklist has the ID %s: %s", termsafe.Line(list), stepWhere)
			}
			if err != nil {
				return err
			}
			return a.printStepEdit(cmd, st, "Added", ed)
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "what the step is (required)")
	cmd.Flags().StringVar(&due, "due", "", "the day it is due, YYYY-MM-DD")
	cmd.Flags().StringVar(&detail, "detail", "", "how to do it (Markdown)")
	cmd.Flags().StringVar(&after, "after", "", "the step it follows (default: the last)")
	return cmd
}

func (a *app) stepRemoveCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "remove STEP-ID [--yes]",
		Short: "Take a step out of its checklist",
		Long: `Take a step out of its checklist. On a terminal bob asks first; without one,
give --yes. The step's title, due day and detail are printed with the command
that adds it back. A checklist's last step stays: bob deletes whole checklists
from the Playbooks tab (d), into the trash.`,
		Args: exactArgs(1, "name the step: bob step remove STEP-ID [--yes] ("+stepWhere+")"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := strings.TrimSpace(args[0])
			p := newPrompter(cmd)
			refused := usageError{errors.New("removing a step cannot be undone from the command line: pass --yes")}
			// Without a terminal nothing can be asked: refused before
			// the book is even opened.
			if !yes && !p.tty {
				return refused
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := p.goAhead(yes, fmt.Sprintf("Remove the step %s from its checklist?", termsafe.Line(id)),
				refused, errors.New("the step was not removed")); err != nil {
				return err
			}
			ed, err := st.RemoveStep("", id)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no checklist step has the ID %s: %s", termsafe.Line(id), stepWhere)
			}
			if err != nil {
				return err
			}
			if err := a.printStepEdit(cmd, st, "Removed", ed); err != nil {
				return err
			}
			back := "bob step add " + ed.Checklist.ID + " --title " + shellQuote(ed.Step.Title)
			if !ed.Step.Due.IsZero() {
				back += " --due " + ed.Step.Due.String()
			}
			if ed.Step.Detail != "" {
				back += " --detail " + shellQuote(ed.Step.Detail)
			}
			if ed.Index > 0 {
				back += " --after " + ed.Checklist.Steps[ed.Index-1].ID
			}
			fmt.Fprintln(cmd.OutOrStdout(), "To add it back:", termsafe.Line(back))
			return nil
		},
	}
	cmd.Flags().BoolVar(&yes, "yes", false, "remove without asking")
	return cmd
}

// printStepEdit prints the one line bob step add and remove end with.
func (a *app) printStepEdit(cmd *cobra.Command, st *store.Store, verb string, ed store.StepEdit) error {
	acc, err := st.Account(ed.AccountID)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "%s: %q (%s) on %s (%s, %d of %d steps open).\n", verb, termsafe.Line(ed.Step.Title), ed.Step.ID,
		termsafe.Line(acc.Name), termsafe.Line(ed.Checklist.Title), ed.Checklist.OpenSteps(), len(ed.Checklist.Steps))
	return nil
}

// shellQuote quotes s for a POSIX shell, so a printed command runs as is.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
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
