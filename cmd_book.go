package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"bob/demo"
	"bob/handoff"
	"bob/model"
	"bob/store"
)

func (a *app) demoCommand() *cobra.Command {
	var n int
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Fill an empty book with a realistic demo book",
		Long: `Fill an empty book with a realistic, deterministic demo book: varied
industries and sizes, org charts with sponsors, champions and detractors,
two years of timeline, success plans, commitments, risks and renewals.
The same --seed gives the same book. To try bob without touching your own
book, use 'bob --demo' or point --db at a new file.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if n < 1 {
				return usageError{fmt.Errorf("--accounts must be at least 1")}
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			if err := fillDemo(st, n, seed, cmd.ErrOrStderr()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Filled %s with %d demo accounts in %s.\n", st.Path(), n, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "accounts", 40, "how many accounts")
	cmd.Flags().Int64Var(&seed, "seed", 1, "the same seed gives the same book")
	return cmd
}

// fillDemo fills the book with n demo accounts, showing progress on
// big books.
func fillDemo(st *store.Store, n int, seed int64, progress io.Writer) error {
	var report func(int)
	if progress != nil && n >= 1000 {
		report = func(done int) { fmt.Fprintf(progress, "\r%d of %d accounts", done, n) }
		defer fmt.Fprintln(progress)
	}
	return demo.Fill(st, demo.Options{Accounts: n, Seed: seed, Now: time.Now()}, report)
}

func (a *app) listCommand() *cobra.Command {
	var asJSON, all bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the accounts in the book",
		Long: `List the accounts in the book with their health, ARR, renewal, lifecycle
stage, last touch and open tasks. Accounts handed off to a successor are
left out unless --all is given.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			sums, err := st.Summaries()
			if err != nil {
				return err
			}
			if !all {
				kept := sums[:0]
				for _, s := range sums {
					if !s.HandedOff() {
						kept = append(kept, s)
					}
				}
				sums = kept
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), sums)
			}
			return writeList(cmd.OutOrStdout(), sums, time.Now())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "include accounts handed off to a successor")
	return cmd
}

func writeList(w io.Writer, sums []model.AccountSummary, now time.Time) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tHEALTH\tARR\tRENEWAL\tSTAGE\tLAST TOUCH\tOPEN TASKS\tHANDOFF")
	for _, s := range sums {
		touch := "never"
		if d := s.DaysSinceTouch(now); d >= 0 {
			touch = fmt.Sprintf("%dd ago", d)
		}
		renewal := s.Renewal.String()
		if c := model.RenewalCountdown(s.Renewal, now); c != "" {
			renewal += " (" + c + ")"
		}
		handoff := string(s.Handoff)
		if s.Handoff == model.HandoffSent && s.HandoffTo != "" {
			handoff += " to " + s.HandoffTo
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", s.Name, orDash(string(s.Health)), orDash(s.ARR.String()),
			orDash(renewal), orDash(string(s.Stage)), touch, s.OpenTasks, orDash(handoff))
	}
	return tw.Flush()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (a *app) showCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show ACCOUNT",
		Short: "Print everything about one account",
		Long: `Print everything about one account: the overview a successor needs, its
people, plans, commitments, risks, open steps and recent timeline.
ACCOUNT is the account's ID, its name, or a part of its name that only it has.`,
		Args: exactArgs(1, "name the account: bob show ACCOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, acc, err := a.openAccount(args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			rec, err := st.Record(acc.ID)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), rec)
			}
			return writeShow(cmd.OutOrStdout(), rec, time.Now())
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the account and everything in it as JSON")
	return cmd
}

func exactArgs(n int, hint string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{errors.New(hint)}
		}
		return nil
	}
}

func (a *app) dumpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "dump",
		Short: "Write the whole book as canonical JSON to standard output",
		Long: `Write the whole book, trash included, as canonical JSON to standard output.
The order is stable: two dumps of the same book are byte-identical, so dumps
can be compared with diff. 'bob restore' loads a dump into an empty book.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			return st.Dump(cmd.OutOrStdout())
		},
	}
}

func (a *app) restoreCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Load a dump into an empty book",
		Long: `Load a file written by 'bob dump' into an empty book, in one transaction:
the whole dump is loaded, or nothing is. Use --db to restore into a new file.
FILE may be - for standard input.`,
		Args: exactArgs(1, "name the dump to load: bob restore FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := cmd.InOrStdin()
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("open the dump: %w", err)
				}
				defer f.Close()
				in = f
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Restore(in); err != nil {
				return err
			}
			n, _ := st.Count()
			fmt.Fprintf(cmd.OutOrStdout(), "Restored %d accounts into %s.\n", n, st.Path())
			return nil
		},
	}
}

func (a *app) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the book's file and rules; exit non-zero on any problem",
		Long: `Check the book: the database file's pages, and the book's rules (every
person, entry, plan and checklist belongs to an existing account; reporting
lines stay inside one account and have no loops; the account list and the
timeline index match the records). Exits non-zero if anything is wrong.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			problems, err := st.Check()
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(cmd.OutOrStdout(), p)
			}
			if len(problems) > 0 {
				return fmt.Errorf("%s has %d problems (listed above): restore a backup from %s or ask for help with the list", st.Path(), len(problems), st.BackupDir())
			}
			n, _ := st.Count()
			fmt.Fprintf(cmd.OutOrStdout(), "%s is fine: %d accounts checked.\n", st.Path(), n)
			return nil
		},
	}
}

func (a *app) backupCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the book to FILE while it stays in use",
		Long: `Copy the book to FILE. The copy is consistent even while the book is in use,
appears all at once (never half-written), and is private to you (0600).
Open a backup with --db FILE.`,
		Args: exactArgs(1, "name the backup file: bob backup FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Backup(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Backed up %s to %s.\n", st.Path(), args[0])
			return nil
		},
	}
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print bob's version and the book schema it reads",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "bob %s (book schema %d)\n", version, store.SchemaVersion())
		},
	}
}

// writeShow prints the account as the same Markdown page a handoff brief
// carries, so `bob show` and the brief never disagree on what matters.
func writeShow(w io.Writer, rec model.AccountRecord, now time.Time) error {
	_, err := w.Write(handoff.AccountPage(rec, now))
	return err
}
