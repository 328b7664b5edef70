package cli

import (
	"errors"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"bob/handoff"
	"bob/store"
	"bob/termsafe"
)

// bob handoffs: an account's handoff history (each move between CSMs:
// prepared, sent, received, taken back), and removing a record of it to
// the trash.

// handoffJSON is what `bob handoffs --json` prints of each record.
type handoffJSON struct {
	ID     string    `json:"id"`
	Status string    `json:"status"`
	From   string    `json:"from"`
	To     string    `json:"to"`
	When   time.Time `json:"when"`
	Note   string    `json:"note"`
}

func (a *app) handoffsCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "handoffs ACCOUNT",
		Short: "Print an account's handoff history; remove a record of it",
		Long: `Print an account's handoff history, newest first: the state (preparing,
handed off, received, taken back), from whom, to whom, when, and the note.
--json prints every record (id, status, from, to, when, note).

'bob handoffs remove HANDOFF-ID' moves one record to the trash.`,
		Args: exactArgs(1, "name the account: bob handoffs ACCOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rec, err := a.readRecord(args[0])
			if err != nil {
				return err
			}
			hs := handoff.HistoryNewestFirst(rec.Handoffs)
			w := cmd.OutOrStdout()
			if asJSON {
				out := make([]handoffJSON, len(hs))
				for i, h := range hs {
					out[i] = handoffJSON{ID: h.ID, Status: string(h.Status), From: h.From, To: h.To, When: h.When, Note: h.Note}
				}
				return writeJSON(w, out)
			}
			if len(hs) == 0 {
				fmt.Fprintf(w, "%s has no handoff history.\n", termsafe.Line(rec.Account.Name))
				return nil
			}
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tSTATE\tFROM\tTO\tWHEN\tNOTE")
			for _, h := range hs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", termsafe.Line(h.ID), h.Status, termsafe.Line(h.From),
					termsafe.Line(h.To), h.When.Local().Format("2006-01-02 15:04"), termsafe.Line(h.Note))
			}
			return tw.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print every record as JSON")
	cmd.AddCommand(a.handoffsRemoveCommand())
	return cmd
}

func (a *app) handoffsRemoveCommand() *cobra.Command {
	var yes bool
	cmd := &cobra.Command{
		Use:   "remove HANDOFF-ID",
		Short: "Move one handoff record to the trash",
		Long: `Move one record of an account's handoff history to the trash; the account
list's handoff column follows. It waits there until it is restored (T on the
app's account list) or the trash is emptied (bob trash empty). On a terminal
bob asks first; without one, give --yes.`,
		Args: exactArgs(1, "name the record: bob handoffs remove HANDOFF-ID (bob handoffs ACCOUNT lists the IDs)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			h, err := st.Handoff(args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no handoff record %s in this book: bob handoffs ACCOUNT lists the IDs", termsafe.Line(args[0]))
			}
			if err != nil {
				return err
			}
			acc, err := st.Account(h.AccountID)
			if err != nil {
				return err
			}
			what := fmt.Sprintf("the %s record of %s (%s -> %s, %s)", h.Status, termsafe.Line(acc.Name),
				termsafe.Line(h.From), termsafe.Line(h.To), h.When.Local().Format("2006-01-02"))
			if err := newPrompter(cmd).goAhead(yes, "Move "+what+" to the trash?",
				usageError{fmt.Errorf("removing %s: pass --yes", what)},
				errors.New("the handoff record was not removed")); err != nil {
				return err
			}
			if _, err := st.DeleteHandoff(h.AccountID, h.ID); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Moved %s to the trash.\n", what)
			return nil
		},
	}
	cmd.Flags().BoolVarP(&yes, "yes", "y", false, "remove without asking")
	return cmd
}
