// Package plans is the Plans tab of the account 360 view, read-only for
// now: each success plan with its strategic intent, objectives and their
// metric progress (baseline → current → target), tasks, achievements, and
// readiness (current/target maturity per pillar, with the gaps).
//
// It only renders the record it is given; it never reads or writes the
// book.
package plans

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
)

// New returns the Plans tab: a read-only page drawn by Render.
func New(ctx *common.Context) *tabkit.Page {
	return tabkit.NewPage(ctx, "Plans", func(rec model.AccountRecord, width int) string {
		return Render(ctx.Theme, rec.Plans, ctx.Now(), width)
	}).Locate(Locate)
}

// Locate finds a task or an objective on the page (for an account opened
// from Today at that item): the lines that lead to it.
func Locate(rec model.AccountRecord, id string) []string {
	for _, p := range rec.Plans {
		for _, t := range p.Tasks {
			if t.ID == id {
				return []string{p.Title, t.Title}
			}
		}
		for _, o := range p.Objectives {
			if o.ID == id {
				return []string{p.Title, o.Title}
			}
		}
	}
	return nil
}

// Render draws every success plan. It is pure.
func Render(t *common.Theme, plans []model.SuccessPlan, now time.Time, width int) string {
	d := tabkit.NewDoc(t, width, 16)
	if len(plans) == 0 {
		d.Line(t.Faint.Render("No success plans yet."))
		return d.String()
	}
	for _, p := range plans {
		head := p.Title
		if p.Scope != "" {
			head += " · " + string(p.Scope)
			if p.ScopeName != "" {
				head += ": " + p.ScopeName
			}
		}
		if p.Status != "" {
			head += " · " + string(p.Status)
		}
		d.Section(head)
		d.Field("Why they bought", p.Intent.WhyBought)
		d.Field("Success means", p.Intent.Success)
		d.Field("Measured by", p.Intent.Measured)
		d.Field("Adoption means", p.Intent.AdoptionMeans)

		d.Blank()
		d.Line(t.Bold.Render("Objectives"))
		if len(p.Objectives) == 0 {
			d.Line(t.Faint.Render("  none"))
		}
		for _, o := range p.Objectives {
			s := "  • " + o.Title
			if o.Status != "" {
				s += " [" + string(o.Status) + "]"
			}
			if !o.Due.IsZero() {
				s += " due " + o.Due.String()
			}
			d.Line(s)
			if mt := o.Metric; mt.Name != "" || mt.Target != 0 || mt.Baseline != 0 {
				d.Line("    " + metric(mt))
			}
		}

		d.Blank()
		d.Line(t.Bold.Render("Tasks"))
		if len(p.Tasks) == 0 {
			d.Line(t.Faint.Render("  none"))
		}
		for _, tk := range p.Tasks {
			s := "  " + stateBox(tk.State) + " " + tk.Title
			if tk.Owner != "" {
				s += " (" + tk.Owner + ")"
			}
			if !tk.Due.IsZero() {
				s += " due " + tk.Due.String()
				if tk.Open() && tk.Due.DaysFrom(now) < 0 {
					s += " " + t.Error.Render("OVERDUE")
				}
			}
			d.Line(s)
		}

		d.Blank()
		d.Line(t.Bold.Render("Achievements"))
		if len(p.Achievements) == 0 {
			d.Line(t.Faint.Render("  none yet"))
		}
		for _, a := range p.Achievements {
			s := "  ★ " + a.When.String() + " " + a.Title
			if a.Note != "" {
				s += ": " + a.Note
			}
			d.Line(s)
		}

		d.Blank()
		d.Line(t.Bold.Render("Readiness (current/target, gap)"))
		scores := map[model.Pillar]model.PillarScore{}
		for _, r := range p.Readiness {
			scores[r.Pillar] = r
		}
		for _, pl := range model.Pillars {
			r, ok := scores[pl]
			if !ok || (r.Current == 0 && r.Target == 0) {
				d.Line(fmt.Sprintf("  %-20s %s", pl, t.Faint.Render("not assessed")))
				continue
			}
			gap := ""
			if g := r.Gap(); g > 0 {
				gap = t.Warn.Render(fmt.Sprintf("  gap %d", g))
			}
			d.Line(fmt.Sprintf("  %-20s %s %d/%d%s", pl, bar(r.Current, r.Target), r.Current, r.Target, gap))
		}
	}
	return d.String()
}

func metric(m model.Metric) string {
	unit := m.Unit
	if unit != "" && unit != "%" && !strings.HasPrefix(unit, " ") {
		unit = " " + unit // "28 days", but "47%"
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) + unit }
	name := m.Name
	if name == "" {
		name = "metric"
	}
	pct := int(m.Progress()*100 + 0.5)
	return fmt.Sprintf("%s: %s → %s → %s (%d%%)", name, num(m.Baseline), num(m.Current), num(m.Target), pct)
}

// bar draws maturity out of 5: # reached, + still to reach, . beyond target.
func bar(cur, target int) string {
	var b strings.Builder
	for i := 1; i <= 5; i++ {
		switch {
		case i <= cur:
			b.WriteByte('#')
		case i <= target:
			b.WriteByte('+')
		default:
			b.WriteByte('.')
		}
	}
	return "[" + b.String() + "]"
}

func stateBox(s model.StepState) string {
	switch s {
	case model.StepDone:
		return "[x]"
	case model.StepSkipped:
		return "[-]"
	}
	return "[ ]"
}
