// Package cli is bob's command line: the root command (which opens the
// terminal app) and every subcommand, their flags, and how their results
// and errors are printed.
//
// It holds only flags, subcommands, wiring and printing; the work is done
// by the model, store, playbooks, handoff and ui packages, so the command
// line and the app follow the same rules.
package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/store"
	"bob/termsafe"
)

// app carries what every subcommand needs: where the book is, and how to
// open it.
type app struct {
	// version is bob's version, as --version and `bob version` print it.
	version string
	dbPath  string
	demo    bool
	// startsBook is set when the command being run may start a new book
	// (see startsBookAnnotation); every other command refuses a book
	// that is not there.
	startsBook bool
}

// startsBookAnnotation marks the commands that legitimately start a book
// where none is: the app, demo, restore and the imports. Every other
// command meets a missing book as a mistyped --db or $BOB_DB, and open
// refuses it instead of leaving an empty book (and its folders) behind.
const startsBookAnnotation = "bob.startsBook"

// startsBook marks cmd as one that may start a new book.
func startsBook(cmd *cobra.Command) *cobra.Command {
	if cmd.Annotations == nil {
		cmd.Annotations = map[string]string{}
	}
	cmd.Annotations[startsBookAnnotation] = "yes"
	return cmd
}

// Main runs the command line in os.Args as bob version and returns the
// process's exit code: 0, or for a failure the code exitCode gives, after
// the one error line on standard error.
func Main(version string) int {
	a := &app{version: version}
	root := a.rootCommand()
	if err := root.Execute(); err != nil {
		fmt.Fprintln(os.Stderr, errorLine(err))
		return exitCode(err)
	}
	return 0
}

// maxErrorLine is the longest error line bob prints, in characters: an
// error may quote a value from a file, and a crafted file must not make a
// megabyte-long line.
const maxErrorLine = 1000

// errorLine is err as the one line bob prints: safe for the terminal and
// cut to maxErrorLine characters.
func errorLine(err error) string {
	return cutLine(termsafe.Line("bob: " + err.Error()))
}

// cutLine cuts a line bob prints to maxErrorLine characters, saying how
// much was left out.
func cutLine(s string) string {
	if r := []rune(s); len(r) > maxErrorLine {
		s = string(r[:maxErrorLine]) + fmt.Sprintf("… (%d more characters)", len(r)-maxErrorLine)
	}
	return s
}

// exitCode is 1 for every failure; 2 for a command line that could not be
// understood, as is usual for command-line tools.
func exitCode(err error) int {
	var u usageError
	if errors.As(err, &u) {
		return 2
	}
	return 1
}

type usageError struct{ error }

// exactArgs takes n arguments; any other number is a usage error that
// says hint.
func exactArgs(n int, hint string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{errors.New(hint)}
		}
		return nil
	}
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "bob",
		Short: "bob keeps a customer success manager's book of business",
		Long: `bob keeps a customer success manager's book of business: the accounts you own,
their timelines, people, success plans and playbooks, in one private file on
your laptop. With no subcommand it opens the terminal app.

Hand accounts to a successor with 'bob export', take them over with 'bob import'.`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       a.version,
		RunE:          func(cmd *cobra.Command, _ []string) error { return a.runTUI(cmd) },
		PersistentPreRun: func(cmd *cobra.Command, _ []string) {
			a.startsBook = cmd.Annotations[startsBookAnnotation] != ""
		},
	}
	startsBook(root)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVar(&a.dbPath, "db", "", "the book's file (default $BOB_DB, else "+displayPath(defaultDBPath())+")")
	root.Flags().BoolVar(&a.demo, "demo", false, "open the app on a throwaway demo book (your own book is not touched)")
	root.AddCommand(
		a.demoCommand(), a.listCommand(), a.showCommand(), a.dumpCommand(), a.restoreCommand(),
		a.checkCommand(), a.backupCommand(), a.versionCommand(),
		a.idCommand(), a.colleaguesCommand(), a.exportCommand(), a.importCommand(), a.takebackCommand(),
		a.playbooksCommand(), a.stepCommand(), a.agendaCommand(), a.importCSVCommand(), a.exportCSVCommand(),
		a.trashCommand(), a.handoffsCommand(),
	)
	root.AddCommand(a.peopleCommand())
	root.AddCommand(a.plansCommand(), a.taskCommand(), a.objectiveCommand(), a.achievementCommand())
	return root
}

// bookPath resolves --db, then $BOB_DB, then the XDG data directory.
func (a *app) bookPath() string {
	if a.dbPath != "" {
		return a.dbPath
	}
	if p := os.Getenv("BOB_DB"); p != "" {
		return p
	}
	return defaultDBPath()
}

func defaultDBPath() string {
	return filepath.Join(xdgDir("XDG_DATA_HOME", ".local", "share"), "bob", "book.db")
}

// xdgDir is the XDG base directory in the environment variable env, else
// its default: the folders home under the home directory (".local",
// "share" for ~/.local/share), or under the current folder when there is
// no home directory. The book and the config folder both resolve here.
func xdgDir(env string, home ...string) string {
	if dir := os.Getenv(env); dir != "" {
		return dir
	}
	h, err := os.UserHomeDir()
	if err != nil {
		h = "."
	}
	return filepath.Join(append([]string{h}, home...)...)
}

// displayPath shortens the home directory to ~ for help texts.
func displayPath(p string) string {
	if home, err := os.UserHomeDir(); err == nil && home != "" {
		if rel, err := filepath.Rel(home, p); err == nil && !filepath.IsAbs(rel) && rel[0] != '.' {
			return filepath.Join("~", rel)
		}
	}
	return p
}

// existingBook is the book's path, or the one line that says there is no
// book there, for a command that does not start one (startsBookAnnotation).
func (a *app) existingBook() (string, error) {
	path := a.bookPath()
	if a.startsBook {
		return path, nil
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("no book at %s: check --db or $BOB_DB, or start one with `bob`, `bob demo`, `bob restore` or an import", path)
	}
	// Any other failure to look is the store's to report, with its advice.
	return path, nil
}

// open opens the book (creating it only for a command that starts one)
// and says on standard error what the user should fix about the file (a
// book others can read).
func (a *app) open() (*store.Store, error) {
	path, err := a.existingBook()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(path, &store.Options{Upgrading: upgradingNotice})
	if err != nil {
		return nil, err
	}
	for _, w := range st.Warnings() {
		fmt.Fprintln(os.Stderr, "bob: "+w)
	}
	return st, nil
}

// upgradingNotice says on standard error that the book is being
// upgraded, which on a big book takes a while.
func upgradingNotice(from, to int) {
	fmt.Fprintf(os.Stderr, "bob: upgrading the book from schema %d to %d (backed up first); a big book takes a minute…\n", from, to)
}

// openAccount opens the book and finds the account the user named (by ID,
// name, or a part of the name only it has). The caller closes the store.
func (a *app) openAccount(query string) (*store.Store, model.Account, error) {
	st, err := a.open()
	if err != nil {
		return nil, model.Account{}, err
	}
	acc, err := st.FindAccount(query)
	if err != nil {
		st.Close()
		return nil, model.Account{}, err
	}
	return st, acc, nil
}

// readRecord reads everything the book holds on the account the user
// named (as openAccount finds it), for the commands that print it.
func (a *app) readRecord(query string) (model.AccountRecord, error) {
	st, acc, err := a.openAccount(query)
	if err != nil {
		return model.AccountRecord{}, err
	}
	defer st.Close()
	return st.Record(acc.ID)
}
