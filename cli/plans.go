package cli

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"bob/model"
	"bob/store"
	"bob/termsafe"
)

func (a *app) plansCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "plans ACCOUNT",
		Short: "Print an account's success plans: objectives, tasks, achievements, readiness",
		Long: `Print an account's success plans: title, scope and status, the strategic
intent, each objective's metric (baseline, current, target, progress) with
overdue objectives flagged, the tasks with their IDs and state, the
achievements and the readiness gaps, biggest first.
--json gives the same with every ID a script needs: the plan IDs that
'bob achievement add' takes, the objective IDs of 'bob objective set' and the
task IDs of 'bob task done|skip|reopen'.
ACCOUNT is the account's ID, its name, or a part of its name that only it has.`,
		Args: exactArgs(1, "name the account: bob plans ACCOUNT [--json]"),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, acc, err := a.openAccount(args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			plans, err := st.Plans(acc.ID)
			if err != nil {
				return err
			}
			now := time.Now()
			if asJSON {
				return writeJSON(cmd.OutOrStdout(), plansJSON(acc, plans, now))
			}
			return writePlans(cmd.OutOrStdout(), acc, plans, now)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plans as JSON, with every ID")
	return cmd
}

// plansView is what bob plans --json prints: the plans as stored, with
// what the text shows worked out (progress, overdue flags, ranked gaps)
// so a script need not repeat the rules.
type plansView struct {
	AccountID string     `json:"account_id"`
	Account   string     `json:"account"`
	Plans     []planView `json:"plans"`
}

type planView struct {
	model.SuccessPlan
	Objectives []objectiveView `json:"objectives,omitempty"`
	Tasks      []taskView      `json:"tasks,omitempty"`
	// Gaps are the assessed pillars with a gap, biggest first.
	Gaps []gapView `json:"gaps,omitempty"`
}

type objectiveView struct {
	model.Objective
	Progress float64 `json:"progress"` // 0..1 from baseline to target
	Overdue  bool    `json:"overdue"`
}

type taskView struct {
	model.Task
	Overdue bool `json:"overdue"`
}

type gapView struct {
	model.PillarScore
	Gap int `json:"gap"`
}

func plansJSON(acc model.Account, plans []model.SuccessPlan, now time.Time) plansView {
	v := plansView{AccountID: acc.ID, Account: acc.Name, Plans: []planView{}}
	for _, p := range plans {
		pv := planView{SuccessPlan: p}
		for _, o := range p.Objectives {
			pv.Objectives = append(pv.Objectives, objectiveView{Objective: o, Progress: o.Metric.Progress(), Overdue: o.Overdue(now)})
		}
		for _, t := range p.Tasks {
			pv.Tasks = append(pv.Tasks, taskView{Task: t, Overdue: t.Overdue(now)})
		}
		for _, g := range p.Gaps() {
			pv.Gaps = append(pv.Gaps, gapView{PillarScore: g, Gap: g.Gap()})
		}
		v.Plans = append(v.Plans, pv)
	}
	return v
}

// writePlans prints the plans as text, every field from the book made
// safe for the terminal.
func writePlans(w io.Writer, acc model.Account, plans []model.SuccessPlan, now time.Time) error {
	var b strings.Builder
	line := termsafe.Line
	fmt.Fprintf(&b, "%s: %s\n", line(acc.Name), model.Plural(len(plans), "success plan"))
	if len(plans) == 0 {
		b.WriteString("Add one in the app (the account's Plans tab).\n")
	}
	for _, p := range plans {
		fmt.Fprintf(&b, "\n%s (%s)  %s\n", line(p.Title), strings.Join(p.Facets(line), ", "), p.ID)
		for _, q := range p.Intent.Answers() {
			if q.Answer != "" {
				fmt.Fprintf(&b, "  %s: %s\n", q.Question, indentText(termsafe.Text(q.Answer), "    "))
			}
		}
		if len(p.Objectives) > 0 {
			b.WriteString("  Objectives:\n")
		}
		for _, o := range p.Objectives {
			m := o.Metric
			metric := ""
			if m.Name != "" {
				metric = line(m.Name) + " "
			}
			fmt.Fprintf(&b, "    %s  %s: %s%s (baseline %s, target %s) %d%%", o.ID, line(o.Title), metric,
				line(m.Format(m.Current)), line(m.Format(m.Baseline)), line(m.Format(m.Target)), int(m.Progress()*100+0.5))
			if o.Status != "" {
				b.WriteString(", " + string(o.Status))
			}
			if !o.Due.IsZero() {
				b.WriteString(", due " + o.Due.String())
			}
			if o.Overdue(now) {
				b.WriteString("  OVERDUE")
			}
			b.WriteString("\n")
		}
		if len(p.Tasks) > 0 {
			b.WriteString("  Tasks:\n")
		}
		for _, t := range p.Tasks {
			fmt.Fprintf(&b, "    %s  %s %s", t.ID, t.State.Box(), line(t.Title))
			var q []string
			if t.Owner != "" {
				q = append(q, line(t.Owner))
			}
			if !t.Due.IsZero() {
				q = append(q, "due "+t.Due.String())
			}
			if !t.Open() && !t.DoneOn.IsZero() {
				q = append(q, string(t.State)+" "+t.DoneOn.String())
			}
			if len(q) > 0 {
				b.WriteString(" (" + strings.Join(q, ", ") + ")")
			}
			if t.Overdue(now) {
				b.WriteString("  OVERDUE")
			}
			if t.Note != "" {
				b.WriteString("  note: " + line(t.Note))
			}
			b.WriteString("\n")
		}
		if len(p.Achievements) > 0 {
			b.WriteString("  Achievements:\n")
		}
		for _, ac := range p.Achievements {
			fmt.Fprintf(&b, "    %s  %s", ac.When, line(ac.Title))
			if ac.Note != "" {
				b.WriteString(": " + line(ac.Note))
			}
			b.WriteString("\n")
		}
		if len(p.Readiness) > 0 {
			var gaps []string
			for _, g := range p.Gaps() {
				gaps = append(gaps, fmt.Sprintf("%s (%d → %d, gap %d)", g.Pillar, g.Current, g.Target, g.Gap()))
			}
			if len(gaps) == 0 {
				b.WriteString("  Readiness: no gaps.\n")
			} else {
				b.WriteString("  Readiness gaps, biggest first: " + strings.Join(gaps, ", ") + "\n")
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// indentText indents every line of a long text after the first.
func indentText(s, indent string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n"+indent)
}

// formatNum writes a metric value without trailing zeros.
func formatNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (a *app) objectiveCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "objective",
		Short: "Update a success-plan objective's metric",
	}
	var date string
	set := &cobra.Command{
		Use:   "set OBJECTIVE-ID VALUE",
		Short: "Set an objective's current value, logged with its date",
		Long: `Set a success-plan objective's current value and log the reading with its
date (today unless --date), as the Plans tab's quick update does, so the plan
shows the trend. A reading dated before the latest one fills in the trend and
leaves the current value at the latest reading. 'bob plans ACCOUNT' prints the
objective IDs (so do 'bob show ACCOUNT --json' and, for objectives with a due
day, 'bob agenda --json'). VALUE is a number: 880, 12.5, 1,200 or 45%; write a
negative one after --, as in: bob objective set ID -- -3`,
		Args: exactArgs(2, "name the objective and its new value: bob objective set OBJECTIVE-ID VALUE [--date YYYY-MM-DD] (bob plans ACCOUNT prints objective IDs)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := strings.TrimSpace(args[0])
			value, err := model.ParseNumber(args[1])
			if err != nil {
				return usageError{err}
			}
			day := model.DateOf(time.Now())
			if date != "" {
				if day, err = model.ParseDate(strings.TrimSpace(date)); err != nil {
					return usageError{fmt.Errorf("--date: %w", err)}
				}
			}
			st, err := a.open()
			if err != nil {
				return err
			}
			defer st.Close()
			up, err := st.RecordObjective("", id, value, day)
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no success plan objective has the ID %s: bob plans ACCOUNT prints the objective IDs", termsafe.Line(id))
			}
			if err != nil {
				return err
			}
			acc, err := st.Account(up.AccountID)
			if err != nil {
				return err
			}
			o, m := up.Objective, up.Objective.Metric
			out := cmd.OutOrStdout()
			if m.Current != value {
				fmt.Fprintf(out, "Logged %s on %s for %q on %s (%s); the current value stays %s, the latest reading.\n",
					formatNum(value), day, termsafe.Line(o.Title), termsafe.Line(acc.Name), termsafe.Line(up.Plan.Title), formatNum(m.Current))
				return nil
			}
			fmt.Fprintf(out, "%q on %s (%s): %s now, logged on %s (%d%% → %d%% of the way from %s to %s).\n",
				termsafe.Line(o.Title), termsafe.Line(acc.Name), termsafe.Line(up.Plan.Title), formatNum(value), day,
				int(up.Before.Progress()*100+0.5), int(m.Progress()*100+0.5), formatNum(m.Baseline), formatNum(m.Target))
			return nil
		},
	}
	set.Flags().StringVar(&date, "date", "", "the day the value was measured, YYYY-MM-DD (default today)")
	cmd.AddCommand(set)
	return cmd
}

func (a *app) achievementCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "achievement",
		Short: "Record a win in a success plan",
	}
	var title, note, date string
	add := &cobra.Command{
		Use:   "add ACCOUNT PLAN-ID --title TEXT [--note TEXT] [--date YYYY-MM-DD]",
		Short: "Record an achievement in one of the account's success plans",
		Long: `Record an achievement (a dated win, in the customer's words) in one of the
account's success plans. 'bob plans ACCOUNT' prints the plan IDs.
ACCOUNT is the account's ID, its name, or a part of its name that only it has.`,
		Args: exactArgs(2, "name the account and the plan: bob achievement add ACCOUNT PLAN-ID --title TEXT (bob plans ACCOUNT prints plan IDs)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(title) == "" {
				return usageError{errors.New("give the achievement a title: --title TEXT")}
			}
			day := model.DateOf(time.Now())
			if date != "" {
				var err error
				if day, err = model.ParseDate(strings.TrimSpace(date)); err != nil {
					return usageError{fmt.Errorf("--date: %w", err)}
				}
			}
			st, acc, err := a.openAccount(args[0])
			if err != nil {
				return err
			}
			defer st.Close()
			planID := strings.TrimSpace(args[1])
			ach := model.Achievement{ID: model.NewID(), When: day, Title: strings.TrimSpace(title), Note: note}
			p, err := st.UpdatePlan(acc.ID, planID, func(p *model.SuccessPlan) error {
				p.Achievements = append(p.Achievements, ach)
				return nil
			})
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("%s has no success plan with the ID %s: bob plans %s prints the plan IDs",
					termsafe.Line(acc.Name), termsafe.Line(planID), acc.ID)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Recorded %q on %s in %s (%s, %s).\n", termsafe.Line(ach.Title), day,
				termsafe.Line(p.Title), termsafe.Line(acc.Name), model.Plural(len(p.Achievements), "achievement"))
			return nil
		},
	}
	add.Flags().StringVar(&title, "title", "", "the win, in the customer's words")
	add.Flags().StringVar(&note, "note", "", "a note on it")
	add.Flags().StringVar(&date, "date", "", "the day, YYYY-MM-DD (default today)")
	cmd.AddCommand(add)
	return cmd
}
