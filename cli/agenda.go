package cli

import (
	"bytes"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"bob/agenda"
	"bob/atomicfile"
	"bob/model"
	"bob/termsafe"
)

func (a *app) agendaCommand() *cobra.Command {
	var days int
	var markdown, asJSON, asICS bool
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "agenda",
		Short: "What is due across the book: the Today view as text, Markdown, JSON or a calendar",
		Long: `What is due across the book, the same sections as the app's Today view:
overdue and due-today checklist steps, success-plan tasks, commitments and
missed objectives, then those due in the next --days days; renewals in the
next 120 days; accounts with no external touch in 30 days; sponsors and
champions not touched in 60; open high and critical risks; accounts in
transition by successor. Handed-off accounts are left out.

--markdown writes it for a daily note. --json gives every item with its kind,
ID (the step IDs 'bob step' takes), account, due date and state.
--ics writes an iCalendar file (standard output, or -o FILE) that calendar
programs import: one all-day event per renewal, step, task and commitment,
with stable UIDs so importing a newer file updates the events. With --ics,
--days defaults to 120 so the calendar covers the same quarter as renewals.
An -o FILE already there is replaced only with --force.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			formats := 0
			for _, on := range []bool{markdown, asJSON, asICS} {
				if on {
					formats++
				}
			}
			if formats > 1 {
				return usageError{fmt.Errorf("choose one of --markdown, --json and --ics")}
			}
			if days < 0 {
				return usageError{fmt.Errorf("--days must be 0 or more")}
			}
			if out != "" && !asICS {
				return usageError{fmt.Errorf("-o writes the calendar file: use it with --ics")}
			}
			if out != "" {
				if err := checkOutput(out, force); err != nil {
					return err
				}
			}
			if asICS && !cmd.Flags().Changed("days") {
				days = model.AgendaRenewalDays
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			sums, due, err := st.DueIndex()
			if err != nil {
				return err
			}
			now := time.Now()
			ag := model.BuildAgenda(sums, due, now, model.AgendaOptions{Days: days})
			w := cmd.OutOrStdout()
			switch {
			case asJSON:
				return writeJSON(w, ag)
			case markdown:
				return writeSafe(w, func(b io.Writer) error { return agenda.Write(b, ag, agenda.Markdown) })
			case asICS:
				var buf bytes.Buffer
				if err := agenda.WriteICS(&buf, ag, now); err != nil {
					return err
				}
				if out == "" {
					_, err := w.Write(buf.Bytes())
					return err
				}
				if err := atomicfile.WriteData(out, buf.Bytes()); err != nil {
					return fmt.Errorf("write the calendar: %w", err)
				}
				fmt.Fprintf(cmd.ErrOrStderr(), "Wrote %d renewals and %d due items to %s.\n",
					len(ag.Renewals), len(ag.Overdue)+len(ag.DueToday)+len(ag.Coming), termsafe.Line(out))
				return nil
			}
			return writeSafe(w, func(b io.Writer) error { return agenda.Write(b, ag, agenda.Plain) })
		},
	}
	cmd.Flags().IntVar(&days, "days", model.AgendaDays, "list items due up to this many days after today")
	cmd.Flags().BoolVar(&markdown, "markdown", false, "write Markdown, for a daily note")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&asICS, "ics", false, "write an iCalendar file of renewals and due items")
	cmd.Flags().StringVarP(&out, "output", "o", "", "with --ics: the file to write (default standard output)")
	cmd.Flags().BoolVar(&force, "force", false, "replace the -o file if it exists")
	return cmd
}

// writeSafe runs write into a buffer and prints the result made safe for
// the terminal: the agenda quotes account names, step and risk titles.
func writeSafe(w io.Writer, write func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return err
	}
	_, err := io.WriteString(w, termsafe.Text(buf.String()))
	return err
}
