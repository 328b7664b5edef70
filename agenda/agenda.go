// Package agenda writes what is due across the book (a model.Agenda) for
// readers outside the app: plain text for a terminal, Markdown for a
// daily note, and an RFC 5545 iCalendar file for a calendar program.
//
// It must never decide what is due (model.BuildAgenda does, for the app
// and the command line alike) and never touch the book.
package agenda

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"bob/model"
	"bob/termsafe"
)

// Format is how Write lays the agenda out.
type Format int

// The formats.
const (
	Plain    Format = iota // aligned columns for a terminal
	Markdown               // headings and bullet lists for a daily note
)

// Write writes every section of ag, with its count, in format f. An
// empty section says so in one line. Text from the book is made safe
// for a terminal.
func Write(w io.Writer, ag model.Agenda, f Format) error {
	ew := &errWriter{w: w}
	title := "Today, " + ag.Today.Time().Format("Monday 2 January 2006")
	if f == Markdown {
		fmt.Fprintf(ew, "# %s\n", title)
	} else {
		fmt.Fprintln(ew, title)
	}
	for s := model.SectionOverdue; s < model.SectionCount; s++ {
		heading := fmt.Sprintf("%s (%d)", ag.Title(s), ag.Count(s))
		if f == Markdown {
			fmt.Fprintf(ew, "\n## %s\n\n", heading)
		} else {
			fmt.Fprintf(ew, "\n%s\n", heading)
		}
		rows := sectionRows(ag, s)
		if len(rows) == 0 {
			if f == Markdown {
				fmt.Fprintf(ew, "%s\n", ag.Empty(s))
			} else {
				fmt.Fprintf(ew, "  %s\n", ag.Empty(s))
			}
			continue
		}
		if f == Markdown {
			for _, r := range rows {
				fmt.Fprintf(ew, "- %s\n", markdownRow(r))
			}
			continue
		}
		tw := tabwriter.NewWriter(ew, 0, 0, 2, ' ', 0)
		for _, r := range rows {
			fmt.Fprintf(tw, "  %s\n", strings.Join(r, "\t"))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}
	return ew.err
}

// markdownRow joins a row's cells for a bullet: the first cell bold, the
// empty ones left out, and Markdown's own characters escaped so a name
// like "*Acme*" stays literal.
func markdownRow(cells []string) string {
	var parts []string
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if c == "" {
			continue
		}
		c = mdEscape(c)
		if i == 0 {
			c = "**" + c + "**"
		}
		parts = append(parts, c)
	}
	return strings.Join(parts, " · ")
}

var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "`", "\\`", "[", `\[`, "]", `\]`, "<", `\<`, "#", `\#`)

func mdEscape(s string) string { return mdEscaper.Replace(s) }

// sectionRows lays a section out as rows of cells, outside text made safe
// for a terminal.
func sectionRows(ag model.Agenda, s model.AgendaSection) [][]string {
	safe := termsafe.Line
	var rows [][]string
	due := func(items []model.AgendaDue) {
		for _, it := range items {
			what := safe(it.Title)
			if it.Parent != "" {
				what += " (" + safe(it.Parent) + ")"
			}
			if it.Who != "" {
				what += ", " + Who(it.DueItem) + " " + safe(it.Who)
			}
			rows = append(rows, []string{it.Due.String(), When(it.Days, false), safe(it.Account), string(it.Kind), what})
		}
	}
	if items, ok := ag.Due(s); ok {
		due(items)
		return rows
	}
	switch s {
	case model.SectionRenewals:
		for _, r := range ag.Renewals {
			rows = append(rows, []string{r.Renewal.String(), When(r.Days, false), safe(r.Account), "health " + OrDash(string(r.Health)),
				OrDash(safe(r.ARR.String())), yesNo("active plan", r.ActivePlan), yesNo("renewal checklist", r.RenewalChecklist)})
		}
	case model.SectionUntouched:
		for _, u := range ag.Untouched {
			rows = append(rows, []string{safe(u.Account), touched(u.Days)})
		}
	case model.SectionKeyPeople:
		for _, p := range ag.KeyPeople {
			rows = append(rows, []string{safe(p.Account), safe(p.Name), string(p.Role), touched(p.Days)})
		}
	case model.SectionRisks:
		for _, r := range ag.Risks {
			rows = append(rows, []string{string(r.Severity), safe(r.Account), safe(r.Title)})
		}
	case model.SectionTransitions:
		for _, g := range ag.Transitions {
			to := "to " + safe(g.Successor)
			if g.Successor == "" {
				to = "no successor named yet"
			}
			for _, t := range g.Accounts {
				rows = append(rows, []string{to, safe(t.Account), Progress(t.Checklists)})
			}
		}
	}
	return rows
}

// Who names a due item's person: a task's owner, or whom a commitment
// was made to.
func Who(it model.DueItem) string {
	if it.Kind == model.DueCommitment {
		return "promised to"
	}
	return "owner"
}

// Progress describes outgoing transition checklists' progress: "2 of 6
// steps done", or "no outgoing checklist yet".
func Progress(cs []model.TransitionProgress) string {
	if len(cs) == 0 {
		return "no outgoing checklist yet"
	}
	done, total := 0, 0
	for _, c := range cs {
		done, total = done+c.Done, total+c.Total
	}
	return fmt.Sprintf("%d of %d steps done", done, total)
}

// When says how far a day is days from today: "today", "tomorrow", "3
// days late", "in 2 days"; short writes "3d late", "in 2d", for a narrow
// column such as the Today view's.
func When(days int, short bool) string {
	switch days {
	case 0:
		return "today"
	case 1:
		return "tomorrow"
	}
	n, unit := days, " days"
	if n < 0 {
		n = -n
	}
	if n == 1 {
		unit = " day"
	}
	if short {
		unit = "d"
	}
	if days < 0 {
		return fmt.Sprintf("%d%s late", n, unit)
	}
	return fmt.Sprintf("in %d%s", n, unit)
}

func touched(days int) string {
	switch {
	case days < 0:
		return "never touched"
	case days == 1:
		return "last touch 1 day ago"
	}
	return fmt.Sprintf("last touch %d days ago", days)
}

func yesNo(what string, ok bool) string {
	if ok {
		return what
	}
	return "no " + what
}

// OrDash shows an empty value as "-", so a column never looks shifted.
func OrDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

// errWriter keeps the first write error so a long run of Fprintf calls
// needs one check at the end.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) Write(p []byte) (int, error) {
	if e.err != nil {
		return 0, e.err
	}
	n, err := e.w.Write(p)
	e.err = err
	return n, err
}
