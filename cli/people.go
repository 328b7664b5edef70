package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bob/atomicfile"
	"bob/contacts"
	"bob/handoff"
	"bob/model"
	"bob/termsafe"
)

// personJSON is what `bob people --json` prints of each stakeholder.
type personJSON struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Title      string   `json:"title"`
	Department string   `json:"department"`
	Email      string   `json:"email"`
	Phone      string   `json:"phone"`
	ReportsTo  string   `json:"reports_to"`
	DottedLine []string `json:"dotted_line"`
	Roles      []string `json:"roles"`
	Status     string   `json:"status"`
	Influence  string   `json:"influence"`
	Sentiment  string   `json:"sentiment"`
	Power      string   `json:"power"`
	ADKAR      string   `json:"adkar"`
}

func peopleJSON(people []model.Person) []personJSON {
	out := make([]personJSON, 0, len(people))
	for _, p := range model.NewOrgChart(people).Rows(nil) {
		x := p.Person
		status := string(x.Status)
		if status == "" {
			status = string(model.PersonActive)
		}
		out = append(out, personJSON{ID: x.ID, Name: x.Name, Title: x.Title, Department: x.Department, Email: x.Email,
			Phone: x.Phone, ReportsTo: x.ReportsTo, DottedLine: append([]string{}, x.DottedLine...), Roles: x.RoleNames(),
			Status: status, Influence: string(x.Influence), Sentiment: string(x.Sentiment), Power: string(x.Power), ADKAR: string(x.ADKAR)})
	}
	return out
}

func (a *app) peopleCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "people ACCOUNT",
		Short: "Print an account's org chart; export or import its people as vCards",
		Long: `Print an account's people as the org chart the handoff brief shows (each person
under their manager, with roles, ratings and contact details), with the people
insights on top; --json prints every person (id, name, title, email, phone,
reports_to, roles, status, influence, sentiment, power, adkar) in tree order.

'bob people export' writes them as vCard 4.0 for any contacts program;
'bob people import' reads a contacts program's export into the account.`,
		Args: exactArgs(1, "name the account: bob people ACCOUNT"),
		RunE: func(cmd *cobra.Command, args []string) error {
			rec, err := a.readRecord(args[0])
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), peopleJSON(rec.People))
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "# People of %s\n\n", termsafe.Line(rec.Account.Name))
			if ins := model.PeopleInsights(rec, time.Now()); len(ins) > 0 {
				for _, in := range ins {
					fmt.Fprintf(w, "- **%s:** %s\n", in.Severity, termsafe.Line(in.Text))
				}
				fmt.Fprintln(w)
			}
			_, err = io.WriteString(w, termsafe.Text(handoff.PeopleTree(rec.People)))
			return err
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print every person as JSON")
	cmd.AddCommand(a.peopleExportCommand(), a.peopleImportCommand())
	return cmd
}

func (a *app) peopleExportCommand() *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "export ACCOUNT [-o FILE]",
		Short: "Write an account's people as vCard 4.0",
		Long: `Write the account's people as vCard 4.0 (RFC 6350), readable by any contacts
program: name, organisation (the account, and the department), title, email,
phone, notes, and the manager (RELATED, Outlook's X-MS-MANAGER, and bob's own
X-BOB-MANAGER so that 'bob people import' rebuilds the org chart). Without -o
the cards go to standard output. The file is private to you (0600); one
already there is replaced only with --force.`,
		Args: exactArgs(1, "name the account: bob people export ACCOUNT [-o FILE]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out != "" && out != "-" {
				if err := checkOutput(out, force); err != nil {
					return err
				}
			}
			st, acc, err := a.openAccount(args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			people, err := st.People(acc.ID)
			if err != nil {
				return err
			}
			if len(people) == 0 {
				return fmt.Errorf("%s has no people to export: add them in the app's People tab or with bob people import", acc.Name)
			}
			var buf bytes.Buffer
			if err := contacts.Write(&buf, acc.Name, people); err != nil {
				return err
			}
			if out == "" || out == "-" {
				_, err := cmd.OutOrStdout().Write(buf.Bytes())
				return err
			}
			if err := atomicfile.WriteData(out, buf.Bytes()); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Wrote %d people of %s to %s.\n", len(people), termsafe.Line(acc.Name), termsafe.Line(out))
			return nil
		},
	}
	cmd.Flags().StringVarP(&out, "output", "o", "", "the .vcf file to write (default: standard output)")
	cmd.Flags().BoolVar(&force, "force", false, "replace the -o file if it exists")
	return cmd
}

func (a *app) peopleImportCommand() *cobra.Command {
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "import ACCOUNT FILE [--dry-run]",
		Short: "Add and update an account's people from a contacts export (.vcf)",
		Long: `Read a .vcf file (vCard 2.1, 3.0 or 4.0, as Google Contacts, Apple Contacts,
Outlook and Android export them) into the account's people. Cards are matched
with the people already there by email, then by name; a card only adds what it
has, it never blanks a field. A card without a name takes its email's local
part. The preview lists who is new, changed and unchanged; then the book is
backed up and the people are written in one transaction. --dry-run shows the
preview only. A file that is not vCard, or a card that is cut off, is reported
with its line number and nothing is written. FILE may be - for standard input.`,
		Args: exactArgs(2, "name the account and the file: bob people import ACCOUNT FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			in := cmd.InOrStdin()
			name := "standard input"
			if args[1] != "-" {
				f, err := os.Open(args[1])
				if err != nil {
					return fmt.Errorf("open the contacts file: %w", err)
				}
				defer f.Close()
				in, name = f, args[1]
			}
			cards, err := contacts.Read(in)
			if err != nil {
				var se *contacts.SyntaxError
				if errors.As(err, &se) {
					return fmt.Errorf("%s, %w; nothing was imported: export the contacts again as vCard (.vcf)", name, err)
				}
				return fmt.Errorf("%s: %w; nothing was imported", name, err)
			}
			st, acc, err := a.openAccount(args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			existing, err := st.People(acc.ID)
			if err != nil {
				return err
			}
			plan, err := contacts.PlanImport(acc.ID, existing, cards, time.Now())
			if err != nil {
				return fmt.Errorf("%s, %w; nothing was imported", name, err)
			}
			w := cmd.OutOrStdout()
			writeContactsPreview(w, acc.Name, plan)
			people := plan.People()
			if dryRun {
				fmt.Fprintln(w, "Nothing was written (--dry-run).")
				return nil
			}
			if len(people) == 0 {
				fmt.Fprintln(w, "Nothing to write: everyone is already there as in the file.")
				return nil
			}
			backup, err := st.BackupAuto("vcard")
			if err != nil {
				return fmt.Errorf("back up the book before the import: %w; nothing was imported", err)
			}
			if _, err := st.PutPeople(acc.ID, people); err != nil {
				return fmt.Errorf("%w; nothing was imported", err)
			}
			fmt.Fprintf(w, "Imported %d new and %d changed people into %s (backup: %s).\n",
				plan.Count(contacts.New), plan.Count(contacts.Changed), termsafe.Line(acc.Name), termsafe.Line(backup))
			return nil
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "show what would change, write nothing")
	return cmd
}

// writeContactsPreview lists what an import does, card by card.
func writeContactsPreview(w io.Writer, account string, plan contacts.Plan) {
	fmt.Fprintf(w, "Import into %s: %d new, %d changed, %d unchanged", termsafe.Line(account),
		plan.Count(contacts.New), plan.Count(contacts.Changed), plan.Count(contacts.Unchanged))
	if n := plan.Count(contacts.Duplicate); n > 0 {
		fmt.Fprintf(w, ", %d duplicate", n)
	}
	fmt.Fprintln(w, ".")
	for _, s := range plan.Steps {
		line := fmt.Sprintf("  %-9s  %s", s.Outcome, s.Person.Name)
		if s.Person.Email != "" {
			line += " <" + s.Person.Email + ">"
		}
		if s.Outcome == contacts.Changed {
			line += ": " + strings.Join(s.Fields, ", ")
		}
		if s.Note != "" {
			line += " (" + s.Note + ")"
		}
		fmt.Fprintln(w, termsafe.Line(line))
	}
}
