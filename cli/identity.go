package cli

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"bob/handoff"
	"bob/termsafe"
)

// The CSM's identity (bob id) and the colleagues they exchange accounts
// with (bob colleagues). Package handoff keeps both files; these commands
// only ask for what the flags leave open and report.

// ---- bob id ----

func (a *app) idCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "id",
		Short: "Create or show your bob identity (the keys that sign and open bundles)",
		Long: `Your bob identity is two key pairs kept in ` + displayPath(filepath.Join(configDir(), handoff.IdentityFile)) + `:
one signs the bundles you send, the other opens the bundles sent to you.
Create it once with 'bob id create', then share the line 'bob id show' prints
with the colleagues you exchange accounts with.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{errors.New("choose a subcommand: bob id create, or bob id show")}
		},
	}
	cmd.AddCommand(a.idCreateCommand(), a.idShowCommand())
	return cmd
}

func (a *app) idCreateCommand() *cobra.Command {
	var name, email string
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create your identity",
		Long: `Create your bob identity: your name and work email as colleagues know them,
and new keys, written to ` + displayPath(filepath.Join(configDir(), handoff.IdentityFile)) + ` (private to you).
On a terminal, bob asks for what the flags leave out; without one, give both
--name and --email. An existing identity is never replaced: bundles encrypted
to it could not be opened any more.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := newPrompter(cmd)
			if name == "" || email == "" {
				if !p.tty {
					return usageError{errors.New("give your name and email: bob id create --name NAME --email EMAIL")}
				}
				var err error
				if name == "" {
					if name, err = p.line("Your name, as colleagues know it: "); err != nil {
						return err
					}
				}
				if email == "" {
					if email, err = p.line("Your work email: "); err != nil {
						return err
					}
				}
			}
			id, err := handoff.CreateIdentity(configDir(), name, email)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			fmt.Fprintf(out, "Created the identity of %s <%s> in %s.\n", termsafe.Line(id.Name), termsafe.Line(id.Email), termsafe.Line(filepath.Join(configDir(), handoff.IdentityFile)))
			fmt.Fprintf(out, "Back that file up: without it, bundles sent to you cannot be opened.\n\n")
			writePublicHint(out, id.Public())
			return nil
		},
	}
	cmd.Flags().StringVar(&name, "name", "", "your name, as colleagues know it")
	cmd.Flags().StringVar(&email, "email", "", "your work email")
	return cmd
}

func (a *app) idShowCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "show",
		Short: "Print your public id, the line to share with colleagues",
		Long: `Print your public id: one line with your name, email and public keys. It holds
no secret. Send it to the colleagues you exchange accounts with; they add it
with 'bob colleagues add'. The line goes to standard output, the hint to
standard error.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			id, err := handoff.LoadIdentity(configDir())
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.OutOrStdout(), id.Public().String())
			fmt.Fprintln(cmd.ErrOrStderr(), "\nShare this line with your colleagues (it holds no secret). A colleague adds you with\n  bob colleagues add -\nand pastes the line, so bundles you send show as yours and bundles to you are encrypted to you.")
			return nil
		},
	}
}

func writePublicHint(w io.Writer, p handoff.Public) {
	fmt.Fprintf(w, "Your public id (share it with colleagues; it holds no secret):\n\n%s\n\n", p.String())
	fmt.Fprintf(w, "A colleague adds you with 'bob colleagues add -' and pastes the line. 'bob id show' prints it again.\n")
}

// ---- bob colleagues ----

func (a *app) colleaguesCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "colleagues",
		Short: "Add, list or remove the colleagues you exchange accounts with",
		Long: `Your colleagues are the public ids of the CSMs you hand accounts to and receive
them from, kept in ` + displayPath(filepath.Join(configDir(), handoff.ColleaguesFile)) + `. A bundle for a colleague is
encrypted to their key; a bundle from a colleague shows as signed by them.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return usageError{errors.New("choose a subcommand: bob colleagues add, list or remove")}
		},
	}
	cmd.AddCommand(a.colleaguesAddCommand(), a.colleaguesListCommand(), a.colleaguesRemoveCommand())
	return cmd
}

func (a *app) colleaguesAddCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "add LINE|-",
		Short: "Add a colleague from the public id they sent you",
		Long: `Add a colleague from the line their 'bob id show' printed (it starts with
bob-id). Put the line in quotes, or give - and paste it on standard input.
Adding someone again with the same keys updates their name and email; a new
signing key for an email already stored is refused (it may not be them).`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("give the colleague's public id: bob colleagues add 'bob-id ...' (or - to paste it)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			line := strings.Join(args, " ")
			if line == "-" {
				if stdinIsTerminal(cmd.InOrStdin()) {
					fmt.Fprintln(cmd.ErrOrStderr(), "Paste the line your colleague sent (it starts with bob-id), then press Enter and Ctrl-D:")
				}
				b, err := io.ReadAll(io.LimitReader(cmd.InOrStdin(), 64<<10))
				if err != nil {
					return fmt.Errorf("read the public id from standard input: %w", err)
				}
				line = string(b)
			}
			c, err := handoff.LoadColleagues(configDir())
			if err != nil {
				return err
			}
			p, err := c.Add(line)
			if err != nil {
				if len(args) > 1 && errors.Is(err, handoff.ErrBadInput) {
					// The shell split the line and ate its quotes.
					return fmt.Errorf("%w (put the whole line in single quotes, or give - and paste it)", err)
				}
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Added %s <%s> (signing key %s).\n", termsafe.Line(p.Name), termsafe.Line(p.Email), p.SigningKeyString())
			fmt.Fprintf(cmd.OutOrStdout(), "Bundles for %s are now encrypted to their key: bob export --to %q ...\n", termsafe.Line(p.Name), p.Name)
			return nil
		},
	}
}

func (a *app) colleaguesListCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List your colleagues",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := handoff.LoadColleagues(configDir())
			if err != nil {
				return err
			}
			list := c.List()
			if len(list) == 0 {
				fmt.Fprintln(cmd.OutOrStdout(), "No colleagues yet. Add one with: bob colleagues add 'bob-id ...' (the line their bob id show prints).")
				return nil
			}
			tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "NAME\tEMAIL\tSIGNING KEY")
			for _, p := range list {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", termsafe.Line(p.Name), termsafe.Line(p.Email), p.SigningKeyString())
			}
			return tw.Flush()
		},
	}
}

func (a *app) colleaguesRemoveCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "remove NAME|EMAIL",
		Short: "Remove a colleague",
		Args:  exactArgs(1, "name the colleague to remove: bob colleagues remove NAME|EMAIL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := handoff.LoadColleagues(configDir())
			if err != nil {
				return err
			}
			p, err := c.Remove(args[0])
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Removed %s <%s>.\n", termsafe.Line(p.Name), termsafe.Line(p.Email))
			return nil
		},
	}
}
