package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/store"
	"bob/termsafe"
)

// bob trash: what was deleted, and emptying it. Restoring is in the app
// (T on the list); emptying deletes for good, after a question or --yes,
// and backs the book up first.

func (a *app) trashCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trash",
		Short: "List what was deleted, or empty the trash",
		Long: `Deleted accounts and records wait in the trash until they are restored (T on
the app's account list) or the trash is emptied. bob trash lists them;
bob trash empty deletes them for good.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, items, err := a.openTrash(cmd, "The trash is empty.")
			if st == nil || err != nil {
				return err
			}
			defer st.Close()
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "WHAT\tTITLE\tDELETED")
			for _, it := range items {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", it.Kind, termsafe.Line(it.Title), it.Deleted.Local().Format("2006-01-02 15:04"))
			}
			return tw.Flush()
		},
	}
	cmd.AddCommand(a.trashEmptyCommand())
	return cmd
}

func (a *app) trashEmptyCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "empty",
		Short: "Delete everything in the trash for good",
		Long: `Delete every item in the trash for good, in one transaction. The book is backed
up first (bob backup list shows it). On a terminal bob asks first; without
one, give --yes.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, items, err := a.openTrash(cmd, "The trash is empty already.")
			if st == nil || err != nil {
				return err
			}
			defer st.Close()
			n := model.Plural(len(items), "item")
			if err := newPrompter(cmd).goAhead(yes, "Delete "+n+" in the trash for good?",
				usageError{fmt.Errorf("emptying the trash deletes %s for good: pass --yes", n)},
				errors.New("the trash was not emptied")); err != nil {
				return err
			}
			ids := make([]string, len(items))
			for i, it := range items {
				ids[i] = it.ID
			}
			backup, err := st.PurgeTrash(ids...)
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Deleted %s for good. The book before is backed up in %s.\n", model.Plural(len(ids), "item"), termsafe.Line(backup))
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "empty without asking")
	return cmd
}

// openTrash opens the book and reads its trash. An empty trash prints
// empty and returns no store (nothing more to do).
func (a *app) openTrash(cmd *cobra.Command, empty string) (*store.Store, []store.TrashItem, error) {
	st, err := a.open()
	if err != nil {
		return nil, nil, err
	}
	items, err := st.Trash()
	if err != nil || len(items) == 0 {
		st.Close()
		if err == nil {
			fmt.Fprintln(cmd.OutOrStdout(), empty)
		}
		return nil, nil, err
	}
	return st, items, nil
}
