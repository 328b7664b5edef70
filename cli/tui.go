package cli

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"bob/handoff"
	"bob/internal/memtune"
	"bob/store"
	"bob/termsafe"
	"bob/ui"
)

// runTUI opens the terminal app on the book, or on a throwaway demo book
// in a temporary folder that is removed when the app quits.
func (a *app) runTUI(cmd *cobra.Command) error {
	if !stdoutIsTerminal(cmd.OutOrStdout()) {
		return errors.New("the app draws on a terminal and standard output is not one: run bob in a terminal, or use its commands (bob --help) in a script")
	}
	path := a.bookPath()
	if a.demo {
		dir, err := os.MkdirTemp("", "bob-demo-")
		if err != nil {
			return fmt.Errorf("make a folder for the demo book: %w", err)
		}
		defer os.RemoveAll(dir)
		// A closed terminal (SIGHUP) or a kill (SIGTERM) skips deferred
		// calls: remove the throwaway book then too.
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, syscall.SIGHUP, syscall.SIGTERM)
		defer signal.Stop(sigs)
		go func() {
			if _, ok := <-sigs; ok {
				os.RemoveAll(dir)
				os.Exit(1)
			}
		}()
		path = filepath.Join(dir, "book.db")
	}
	memtune.Set(memtune.App)
	st, err := store.Open(path, &store.Options{Upgrading: upgradingNotice})
	if err != nil {
		return err
	}
	defer st.Close()
	// The app stays open: check the rest of a big book's pages soon, in
	// the background, so that its first write does not wait for them.
	st.CheckInBackground(pageWalkDelay)
	if a.demo {
		fmt.Fprintln(cmd.ErrOrStderr(), "Making a demo book…")
		if err := fillDemo(st, 40, 1, nil); err != nil {
			return err
		}
	}
	err = ui.Run(ui.Options{
		Store:         st,
		Author:        authorName(),
		KeyConfigPath: filepath.Join(configDir(), "keys.conf"),
		// A broken playbook of the user's is reported in the status
		// line; the app starts with the others. They are read and parsed
		// while the app reads the account list.
		LoadPlaybooks: loadPlaybooks,
		ConfigDir:     configDir(),
	})
	// Said after the app, not before: the app's screen would hide it.
	for _, w := range st.Warnings() {
		fmt.Fprintln(cmd.ErrOrStderr(), termsafe.Line("bob: "+w))
	}
	return err
}

// pageWalkDelay is how long after the book opens the app starts walking
// the pages of a big book that Open left unchecked: started at once, the
// walk took CPU from the first screen on a busy machine.
const pageWalkDelay = 300 * time.Millisecond

// configDir is bob's folder in the XDG config directory: the key config,
// and later the user's identity and colleagues.
func configDir() string {
	return filepath.Join(xdgDir("XDG_CONFIG_HOME", ".config"), "bob")
}

// authorName is the name written on timeline entries the user creates:
// $BOB_AUTHOR, else the name in the user's bob identity, else the login
// name, else nothing.
func authorName() string {
	if n := os.Getenv("BOB_AUTHOR"); n != "" {
		return n
	}
	if id, err := handoff.LoadIdentity(configDir()); err == nil && strings.TrimSpace(id.Name) != "" {
		return id.Name
	}
	// Unknown: entries carry no author rather than an invented one.
	return os.Getenv("USER")
}
