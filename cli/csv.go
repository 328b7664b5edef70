package cli

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"bob/csvbook"
	"bob/model"
	"bob/termsafe"
)

// previewRows is how many rows the import preview shows as stored.
const previewRows = 5

func (a *app) importCSVCommand() *cobra.Command {
	var dryRun, update, force bool
	var maps []string
	var currency, dateOrder, skipBad string
	fields := func(k csvbook.Kind) string {
		var names []string
		for _, f := range csvbook.Fields(k) {
			names = append(names, f.Name)
		}
		return strings.Join(names, ", ")
	}
	cmd := &cobra.Command{
		Use:   "import-csv accounts|people FILE",
		Short: "Bring accounts or people in from a CRM or spreadsheet CSV export",
		Long: `Bring accounts or people in from a CSV export of a CRM, a customer-success
platform or a spreadsheet (Salesforce, HubSpot, Gainsight, Excel, ...).

The file may be UTF-8 (with or without a BOM) or UTF-16 (Excel's "Unicode
text"), separated by commas, semicolons or tabs. Headers are mapped to bob's
fields by the names exports use, in English, German, French and Spanish; a
column that maps to nothing is kept as a custom field. Amounts like
"$1,200,000.00" or "120.000,00 €" and dates like 3/31/2027 or 31.03.2027 are
read as written.

The preview shows the mapping, the first rows as bob will store them, the
bad rows with their line and reason, and the counts (new, updated,
unchanged, bad). Nothing is imported unless every row is good, or
--skip-bad FILE writes the bad rows to FILE and imports the rest. The book is
backed up first and the import is one transaction: all of it or nothing.

Import the accounts first, then the people: a person finds their account
by an Account or Company column, and a Reports To column (a name or an
email) builds the org chart.

Account fields: ` + fields(csvbook.Accounts) + `.
People fields: ` + fields(csvbook.People) + `.
--map "Column=custom" keeps a column as a custom field, "Column=skip" leaves it out.
See docs/csv.md.`,
		Args: exactArgs(2, "say what the file holds and name it: bob import-csv accounts|people FILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := csvbook.ParseKind(args[0])
			if err != nil {
				return usageError{err}
			}
			overrides, err := csvbook.ParseMapping(maps)
			if err != nil {
				return usageError{err}
			}
			order, err := csvbook.ParseDateOrder(dateOrder)
			if err != nil {
				return usageError{err}
			}
			opts := csvbook.Options{Kind: kind, Map: overrides, Update: update,
				Currency: strings.ToUpper(currency), DateOrder: order}
			return a.runImportCSV(cmd, args[1], opts, dryRun, skipBad, force)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&dryRun, "dry-run", false, "show the preview; write nothing")
	f.StringArrayVar(&maps, "map", nil, `map a column to a field: "Column Name=field" (repeatable)`)
	f.BoolVar(&update, "update", false, "update the accounts or people the file matches (by ID, domain or name; people by email or name)")
	f.StringVar(&currency, "currency", "", "the currency of amounts that name none, e.g. EUR")
	f.StringVar(&dateOrder, "date-order", "", "how to read dates like 03/04/2027 when the file does not say: dmy or mdy")
	f.StringVar(&skipBad, "skip-bad", "", "write the bad rows to this file and import the rest")
	f.BoolVar(&force, "force", false, "replace the --skip-bad file if it exists")
	return startsBook(cmd)
}

func (a *app) runImportCSV(cmd *cobra.Command, path string, opts csvbook.Options, dryRun bool, skipBad string, force bool) error {
	out := cmd.OutOrStdout()
	if skipBad != "" {
		if err := checkOutput(skipBad, force, path); err != nil {
			return fmt.Errorf("--skip-bad: %w", err)
		}
	}
	tbl, err := csvbook.ReadFile(path)
	if err != nil {
		return err
	}
	st, err := a.open()
	if err != nil {
		return err
	}
	defer st.Close()
	plan, err := csvbook.Prepare(st, tbl, opts)
	if err != nil {
		return err
	}
	for _, l := range plan.Report(filepath.Base(path), previewRows) {
		fmt.Fprintln(out, termsafe.Line(l))
	}
	if dryRun {
		fmt.Fprintln(out, "Dry run: nothing was written.")
		return nil
	}
	if plan.AmbiguousDate != "" {
		return fmt.Errorf("%s: nothing was imported", &csvbook.AmbiguousDateError{Value: plan.AmbiguousDate})
	}
	if len(plan.Bad) > 0 && skipBad == "" {
		return fmt.Errorf("%s (listed above): nothing was imported; fix the file, or import the rest with --skip-bad FILE", model.Plural(len(plan.Bad), "bad row"))
	}
	if len(plan.Bad) > 0 {
		if err := csvbook.WriteBadFile(skipBad, plan); err != nil {
			return fmt.Errorf("%w (nothing was imported)", err)
		}
		fmt.Fprintf(out, "Skipped %s, written to %s: fix them there and import that file.\n", model.Plural(len(plan.Bad), "bad row"), termsafe.Line(skipBad))
	}
	res, err := csvbook.Apply(st, plan, skipBad != "")
	if err != nil {
		return err
	}
	if res.Backup == "" {
		fmt.Fprintln(out, "Nothing to import: the book already holds everything in this file.")
		return nil
	}
	fmt.Fprintf(out, "Imported: %d new, %d updated, %d unchanged, %d skipped.\n", res.Created, res.Updated, res.Unchanged, res.Skipped)
	writeImportBackup(out, res.Backup)
	return nil
}

func (a *app) exportCSVCommand() *cobra.Command {
	var output string
	var force bool
	cmd := &cobra.Command{
		Use:   "export-csv accounts|people",
		Short: "Write the book's accounts or people as CSV, for a spreadsheet",
		Long: `Write the book's accounts or people as UTF-8 CSV with a header row: every field
bob keeps, then one column per custom field. People come with their account's
name and their manager's name. Importing the file again with
'bob import-csv ... --update' changes nothing.

Without -o the CSV goes to standard output; a file written with -o is
private to you (0600), and one already there is replaced only with --force.`,
		Args: exactArgs(1, "say what to export: bob export-csv accounts|people"),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := csvbook.ParseKind(args[0])
			if err != nil {
				return usageError{err}
			}
			if output != "" && output != "-" {
				if err := checkOutput(output, force); err != nil {
					return err
				}
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			if output == "" || output == "-" {
				// A value from before validation refused control
				// characters must not reach the terminal raw.
				return writeSafe(cmd.OutOrStdout(), func(w io.Writer) error { return csvbook.Export(w, st, kind) })
			}
			if err := csvbook.ExportFile(output, st, kind); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "Wrote the %s to %s.\n", kind, termsafe.Line(output))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "the file to write (default: standard output)")
	cmd.Flags().BoolVar(&force, "force", false, "replace the -o file if it exists")
	return cmd
}
