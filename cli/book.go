package cli

import (
	"bufio"
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
	"bob/termsafe"
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
			if n < 1 || n > demo.MaxAccounts {
				return usageError{fmt.Errorf("--accounts must be from 1 to %d", demo.MaxAccounts)}
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			start := time.Now()
			if err := fillDemo(st, n, seed, newProgress(cmd, "Filling the book")); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Filled %s with %d demo accounts in %s.\n", termsafe.Line(st.Path()), n, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
	cmd.Flags().IntVar(&n, "accounts", 40, "how many accounts")
	cmd.Flags().Int64Var(&seed, "seed", 1, "the same seed gives the same book")
	return startsBook(cmd)
}

// fillDemo fills the book with n demo accounts, showing progress on
// the progress line (nil: none).
func fillDemo(st *store.Store, n int, seed int64, progress *progressLine) error {
	var report func(int)
	if r := progress.report(); r != nil {
		report = func(done int) { r(done, n) }
	}
	defer progress.end()
	return demo.Fill(st, demo.Options{Accounts: n, Seed: seed, Now: time.Now()}, report)
}

func (a *app) listCommand() *cobra.Command {
	var asJSON, all bool
	var dueFlag string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the accounts in the book",
		Long: `List the accounts in the book with their health, ARR, renewal, lifecycle
stage, last touch and open tasks. Accounts handed off to a successor are
left out unless --all is given.

--due narrows the list the way the app's F key does: overdue (an open step,
task, commitment or objective is past its date), renewal:DAYS (renews within
that many days), untouched:DAYS (no external touch for that many days).`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			due, err := model.ParseDueFilter(dueFlag)
			if err != nil {
				return usageError{fmt.Errorf("--due: %w", err)}
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			sums, err := st.Summaries()
			if err != nil {
				return err
			}
			now := time.Now()
			kept := sums[:0]
			for _, s := range sums {
				if (all || !s.HandedOff()) && due.Match(s, now) {
					kept = append(kept, s)
				}
			}
			sums = kept
			if asJSON {
				return writeJSONList(cmd.OutOrStdout(), sums)
			}
			return writeList(cmd.OutOrStdout(), sums, now)
		},
	}
	cmd.Flags().StringVar(&dueFlag, "due", "", "only accounts with something due: overdue, renewal:DAYS or untouched:DAYS")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().BoolVar(&all, "all", false, "include accounts handed off to a successor")
	return cmd
}

func writeList(w io.Writer, sums []model.AccountSummary, now time.Time) error {
	// tabwriter writes every cell and every run of padding separately:
	// unbuffered, 10,000 accounts took 180,000 write system calls.
	bw := bufio.NewWriterSize(w, 64<<10)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
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
		// Every cell may come from a bundle or a dump: made safe here,
		// where it reaches the terminal.
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", termsafe.Line(s.Name), termsafe.Line(orDash(string(s.Health))),
			termsafe.Line(orDash(s.ARR.String())), orDash(renewal), termsafe.Line(orDash(string(s.Stage))), touch, s.OpenTasks,
			termsafe.Line(orDash(handoff)))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
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
			rec, err := a.readRecord(args[0])
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
			w := &c1Escaper{w: cmd.OutOrStdout()}
			if err := st.Dump(w); err != nil {
				return err
			}
			return w.Close()
		},
	}
}

func (a *app) restoreCommand() *cobra.Command {
	return startsBook(&cobra.Command{
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
			if err := store.RestoreFile(a.bookPath(), in, nil); err != nil {
				return err
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			n, _ := st.Count()
			trash, _ := st.Trash()
			fmt.Fprintf(cmd.OutOrStdout(), "Restored %d accounts and %d items in the trash into %s.\n", n, len(trash), termsafe.Line(st.Path()))
			return nil
		},
	})
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
			if errors.Is(err, store.ErrDamaged) {
				// Too damaged to open: walk its pages without bbolt.
				problems, _ := store.CheckFile(a.bookPath())
				for _, p := range problems {
					fmt.Fprintln(cmd.OutOrStdout(), termsafe.Line(fmt.Sprint(p)))
				}
				return err
			}
			if err != nil {
				return err
			}
			defer st.Close()
			problems, err := st.Check()
			if err != nil {
				return err
			}
			for _, p := range problems {
				fmt.Fprintln(cmd.OutOrStdout(), termsafe.Line(fmt.Sprint(p)))
			}
			if len(problems) > 0 {
				return fmt.Errorf("%s has %d problems (listed above); %s", st.Path(), len(problems), store.RestoreHint(st.Path()))
			}
			n, _ := st.Count()
			fmt.Fprintf(cmd.OutOrStdout(), "%s is fine: %d accounts checked.\n", termsafe.Line(st.Path()), n)
			return nil
		},
	}
}

func (a *app) backupCommand() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "backup FILE",
		Short: "Copy the book to FILE while it stays in use; list and restore backups",
		Long: `Copy the book to FILE. The copy is consistent even while the book is in use,
appears all at once (never half-written), and is private to you (0600).
An existing FILE is replaced only with --force. Open a backup with --db FILE.

bob also backs the book up by itself before every import, schema upgrade and
restore, into backups/<book's file name>/ beside the book, keeping the newest
5 of each kind. 'bob backup list' shows them; 'bob backup restore NAME' brings
one back.`,
		Args: exactArgs(1, "name the backup file: bob backup FILE (or bob backup list, bob backup restore NAME)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if fi, err := os.Stat(args[0]); err == nil && !fi.Mode().IsRegular() {
				return fmt.Errorf("back up to %s: it is not a regular file (a folder, a device or a pipe): choose a file", args[0])
			}
			if _, err := os.Stat(args[0]); err == nil && !force {
				return fmt.Errorf("back up to %s: the file exists (it may be a book): choose a new file, or add --force to replace it", args[0])
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if err := st.Backup(args[0]); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Backed up %s to %s.\n", termsafe.Line(st.Path()), termsafe.Line(args[0]))
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "replace FILE if it exists")
	cmd.AddCommand(a.backupListCommand(), a.backupRestoreCommand())
	return cmd
}

func (a *app) backupListCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the book's automatic backups, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			book, err := a.existingBook()
			if err != nil {
				return err
			}
			bs, err := store.ListBackups(book)
			if err != nil {
				return err
			}
			if asJSON {
				if bs == nil {
					bs = []store.BackupFile{}
				}
				return writeJSON(cmd.OutOrStdout(), bs)
			}
			if len(bs) == 0 {
				fmt.Fprintf(cmd.OutOrStdout(), "No automatic backups of %s yet (bob takes one before every import, upgrade and restore).\n", termsafe.Line(book))
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tTAKEN\tREASON\tSIZE")
			for _, b := range bs {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", termsafe.Line(b.Name), b.Taken.Local().Format("2006-01-02 15:04:05"), b.Reason, model.SizeWords(b.Size))
			}
			if err := tw.Flush(); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "in %s\n", termsafe.Line(store.BackupDirOf(book)))
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func (a *app) backupRestoreCommand() *cobra.Command {
	var to string
	var yes bool
	cmd := &cobra.Command{
		Use:   "restore NAME",
		Short: "Bring a backup back, into a new file or over the book",
		Long: `Bring a backup back. NAME is a name from 'bob backup list' (or the path of
any backup file). The backup is checked whole first; a damaged one is refused.

With --to FILE the backup is copied into FILE, which must not exist, and the
book is not touched. Without --to it replaces the book, after you confirm
(or --yes) and after the book's current state is backed up, so the restore
itself can be undone.`,
		Args: exactArgs(1, "name the backup: bob backup restore NAME (see bob backup list)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			book := a.bookPath()
			src, err := store.FindBackup(book, args[0])
			if err != nil {
				return err
			}
			if to != "" {
				if err := store.CopyBook(src, to); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "Restored %s into %s; open it with --db %s.\n", termsafe.Line(args[0]), termsafe.Line(to), termsafe.Line(to))
				return nil
			}
			if err := store.Verify(src); err != nil {
				return err
			}
			if !yes {
				ok, err := newPrompter(cmd).confirm(fmt.Sprintf("Replace %s with the backup %s? Its current state is backed up first.", book, args[0]))
				if err != nil {
					return fmt.Errorf("restore over %s: %w: add --yes to confirm, or --to FILE to restore into a new file", book, err)
				}
				if !ok {
					return errors.New("restore cancelled: the book was not changed")
				}
			}
			safety, err := store.RestoreBackup(book, src)
			if err != nil {
				return err
			}
			if safety == "" {
				fmt.Fprintf(cmd.OutOrStdout(), "Restored %s as %s.\n", termsafe.Line(args[0]), termsafe.Line(book))
				return nil
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Restored %s over %s; its previous state is in %s.\n", termsafe.Line(args[0]), termsafe.Line(book), termsafe.Line(safety))
			return nil
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "restore into this new file instead of over the book")
	cmd.Flags().BoolVar(&yes, "yes", false, "replace the book without asking")
	return startsBook(cmd)
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print bob's version and the book schema it reads",
		Args:  cobra.NoArgs,
		Run: func(cmd *cobra.Command, _ []string) {
			fmt.Fprintf(cmd.OutOrStdout(), "bob %s (book schema %d)\n", a.version, store.SchemaVersion())
		},
	}
}

// writeShow prints the account as the same Markdown page a handoff brief
// carries, so `bob show` and the brief never disagree on what matters.
func writeShow(w io.Writer, rec model.AccountRecord, now time.Time) error {
	_, err := io.WriteString(w, termsafe.Text(string(handoff.AccountPage(rec, now))))
	return err
}
