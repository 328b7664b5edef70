package plans

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/termsafe"
	"bob/ui/account/tabkit"
	"bob/ui/common"
)

// View implements tea.Model.
func (m *Model) View() string {
	if v, ok := m.form.Cover(m.ctx.Theme, m.loaded); ok {
		return v
	}
	t := m.ctx.Theme
	w := max(m.width, 40)
	if len(m.rec.Plans) == 0 {
		return t.Faint.Render(ansi.Truncate("No success plans yet: press "+m.ctx.Keys.New.Help().Key+
			" to create one (why they bought, objectives and metrics, readiness).", w, "…"))
	}
	now := m.ctx.Now()
	var lines []string
	cursorLine := 0
	for i, r := range m.rows {
		block := m.rowLines(r, now, w, i == m.cursor)
		if i == m.cursor {
			cursorLine = len(lines)
		}
		lines = append(lines, block...)
	}
	h := max(m.height, 3)
	if m.q.Asking != "" {
		h = max(h-1, 2)
	}
	// Keep the whole block of the selected row in sight: its last line
	// first, then its first.
	end := len(lines) - 1
	if m.cursor+1 < len(m.rows) {
		end = cursorLine + len(m.rowLines(m.rows[m.cursor], now, w, true)) - 1
	}
	m.offset = common.ScrollOffset(end, m.offset, len(lines), h)
	m.offset = common.ScrollOffset(cursorLine, m.offset, len(lines), h)
	out := append([]string{}, lines[m.offset:min(len(lines), m.offset+h)]...)
	for len(out) < h {
		out = append(out, "")
	}
	if m.q.Asking != "" {
		out = append(out, m.prompt(w))
	}
	return strings.Join(out, "\n")
}

// itemHeadings are the headings over a plan's lists of items.
var itemHeadings = map[rowKind]string{rowObjective: "Objectives", rowTask: "Tasks", rowAchievement: "Achievements"}

// rowLines draws one row: its first line carries the cursor. A plan's
// first objective, task and achievement each come under their list's
// heading.
func (m *Model) rowLines(r row, now time.Time, w int, sel bool) []string {
	d := rowDraw{t: m.ctx.Theme, w: w, sel: sel}
	p := m.plan(r)
	var out []string
	if h := itemHeadings[r.kind]; h != "" && r.item == 0 {
		out = append(out, "  "+d.t.Bold.Render(h))
	}
	switch r.kind {
	case rowPlan:
		return m.planLines(d, p, r.plan > 0)
	case rowObjective:
		return append(out, d.objectiveLines(p.Objectives[r.item], now)...)
	case rowTask:
		return append(out, d.taskLines(p.Tasks[r.item], now)...)
	case rowAchievement:
		return append(out, d.achievementLine(p.Achievements[r.item]))
	}
	return d.readinessLines(p)
}

// rowDraw is what drawing one row needs: the theme, the width, and
// whether the cursor is on it.
type rowDraw struct {
	t   *common.Theme
	w   int
	sel bool
}

// mark draws a row's first line, with the cursor's mark when selected.
func (d rowDraw) mark(s string) string {
	if d.sel {
		return ansi.Truncate(d.t.Cursor.Render("▸ ")+s, d.w, "…")
	}
	return ansi.Truncate("  "+s, d.w, "…")
}

// sub draws a line under a row's first.
func (d rowDraw) sub(s string) string { return ansi.Truncate("      "+s, d.w, "…") }

// planLines draws a plan's heading and its strategic intent; a closed
// plan folds into one line. spaced: a blank line goes above it.
func (m *Model) planLines(d rowDraw, p model.SuccessPlan, spaced bool) []string {
	t := d.t
	head := termsafe.Line(p.Title)
	if p.Scope != "" {
		head += " · " + string(p.Scope)
		if p.ScopeName != "" {
			head += ": " + termsafe.Line(p.ScopeName)
		}
	}
	head += " · " + orDraft(p.Status)
	if p.Closed() && !m.open[p.ID] {
		s := fmt.Sprintf("%s (%d objectives, %d achievements; %s unfolds)", head, len(p.Objectives), len(p.Achievements), m.ctx.Keys.Open.Help().Key)
		if d.sel {
			return []string{d.mark(t.Cursor.Render(s))}
		}
		return []string{d.mark(t.Faint.Render(s))}
	}
	out := []string{d.mark(t.Header.Render(head))}
	if d.sel {
		out[0] = d.mark(t.Cursor.Render(head))
	}
	if spaced {
		out = append([]string{""}, out...)
	}
	for _, f := range []struct{ label, v string }{
		{"Why they bought", p.Intent.WhyBought}, {"Success means", p.Intent.Success},
		{"Measured by", p.Intent.Measured}, {"Adoption means", p.Intent.AdoptionMeans},
	} {
		if f.v != "" {
			out = append(out, ansi.Truncate("    "+t.Subtle.Render(f.label+": ")+termsafe.Line(oneLine(f.v)), d.w, "…"))
		}
	}
	if p.Intent == (model.Intent{}) {
		out = append(out, "    "+t.Faint.Render("no strategic intent yet: e adds why they bought and what success means"))
	}
	return out
}

// objectiveLines draws an objective, its metric's progress and trend.
func (d rowDraw) objectiveLines(o model.Objective, now time.Time) []string {
	t := d.t
	s := termsafe.Line(o.Title)
	if o.Status != "" {
		s += " [" + string(o.Status) + "]"
	}
	if !o.Due.IsZero() {
		s += t.Subtle.Render(" · due " + o.Due.String())
	}
	if o.Overdue(now) {
		s += " " + t.Error.Render("OVERDUE")
	}
	if d.sel {
		s = t.Cursor.Render(termsafe.Line(o.Title)) + strings.TrimPrefix(s, termsafe.Line(o.Title))
	}
	out := []string{d.mark("  " + s)}
	mt := o.Metric
	if mt.Name != "" || mt.Target != 0 || mt.Baseline != 0 {
		out = append(out, d.sub(progressBar(mt.Progress(), 20)+" "+termsafe.Line(metricText(mt))))
	}
	if tr := trend(o, mt.Unit); tr != "" {
		out = append(out, d.sub(t.Subtle.Render("trend: "+tr)))
	}
	return out
}

// taskLines draws a task: its box, owner, due date, who closed it, note.
func (d rowDraw) taskLines(tk model.Task, now time.Time) []string {
	t := d.t
	s := tk.State.Box() + " " + termsafe.Line(tk.Title)
	if d.sel {
		s = t.Cursor.Render(s)
	} else if !tk.Open() {
		s = t.Faint.Render(s)
	}
	if tk.Owner != "" {
		s += t.Subtle.Render(" (" + termsafe.Line(tk.Owner) + ")")
	}
	if !tk.Due.IsZero() {
		s += t.Subtle.Render(" · due " + tk.Due.String())
		if tk.Open() && tk.Due.DaysFrom(now) < 0 {
			s += " " + t.Error.Render("OVERDUE")
		}
	}
	if !tk.Open() && !tk.DoneOn.IsZero() {
		s += t.Faint.Render(" · " + string(tk.State) + " " + tk.DoneOn.String())
		if tk.DoneBy != "" {
			s += t.Faint.Render(" by " + termsafe.Line(tk.DoneBy))
		}
	}
	out := []string{d.mark("  " + s)}
	if tk.Note != "" {
		out = append(out, d.sub(t.Faint.Render("✎ "+termsafe.Line(oneLine(tk.Note)))))
	}
	return out
}

func (d rowDraw) achievementLine(a model.Achievement) string {
	s := "★ " + a.When.String() + " " + termsafe.Line(a.Title)
	if d.sel {
		s = d.t.Cursor.Render(s)
	}
	if a.Note != "" {
		s += d.t.Subtle.Render(": " + termsafe.Line(oneLine(a.Note)))
	}
	return d.mark("  " + s)
}

// readinessLines draws the readiness assessment: each pillar's current
// and target, and the priorities its gaps make.
func (d rowDraw) readinessLines(p model.SuccessPlan) []string {
	t := d.t
	head := "Readiness (current/target)"
	if d.sel {
		head = t.Cursor.Render(head)
	} else {
		head = t.Bold.Render(head)
	}
	if len(p.Objectives) == 0 && len(p.Tasks) == 0 && len(p.Achievements) == 0 {
		return []string{"  " + t.Faint.Render("no objectives, tasks or achievements yet: n adds one"), d.mark(head)}
	}
	out := []string{d.mark(head)}
	scores := map[model.Pillar]model.PillarScore{}
	for _, s := range p.Readiness {
		scores[s.Pillar] = s
	}
	for _, pl := range model.Pillars {
		s, ok := scores[pl]
		if !ok || (s.Current == 0 && s.Target == 0) {
			out = append(out, d.sub(fmt.Sprintf("%-20s %s", pl, t.Faint.Render("not assessed"))))
			continue
		}
		gap := ""
		if g := s.Gap(); g > 0 {
			gap = t.Warn.Render(fmt.Sprintf("  gap %d", g))
		}
		out = append(out, d.sub(fmt.Sprintf("%-20s %s %d/%d%s", pl, bar(s.Current, s.Target), s.Current, s.Target, gap)))
	}
	if gaps := p.Gaps(); len(gaps) > 0 {
		names := make([]string, len(gaps))
		for i, g := range gaps {
			names[i] = fmt.Sprintf("%s (%d)", g.Pillar, g.Gap())
		}
		out = append(out, d.sub(t.Warn.Render("priorities: "+strings.Join(names, ", "))))
	}
	return out
}

// progressBar draws p (0..1) as a bar of w cells and the percentage.
func progressBar(p float64, w int) string {
	n := int(p*float64(w) + 0.5)
	return "[" + strings.Repeat("█", n) + strings.Repeat("░", w-n) + fmt.Sprintf("] %3d%%", int(p*100+0.5))
}

func metricText(m model.Metric) string {
	f := m.Format
	name := m.Name
	if name == "" {
		name = "metric"
	}
	return fmt.Sprintf("%s: %s → %s → %s", name, f(m.Baseline), f(m.Current), f(m.Target))
}

// trend lists the last readings of the current value, oldest first.
func trend(o model.Objective, unit string) string {
	h := o.History
	if len(h) < 2 {
		return ""
	}
	if len(h) > 5 {
		h = h[len(h)-5:]
	}
	parts := make([]string, len(h))
	for i, r := range h {
		parts[i] = r.On.String() + " " + num(r.Value)
	}
	return strings.Join(parts, " → ")
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

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func (m *Model) prompt(w int) string {
	t := m.ctx.Theme
	k := m.ctx.Keys
	r, _ := m.current()
	switch m.q.Asking {
	case "new":
		return t.Warn.Render(ansi.Truncate("new: "+tabkit.Choices(m.newChoices()...)+" (in this plan) · esc cancel", w, "…"))
	case "delete":
		what := kindNames[r.kind]
		if r.kind == rowPlan {
			what += " " + fmt.Sprintf("%q with everything in it", termsafe.Line(m.plan(r).Title))
		}
		return common.Question(t, w, fmt.Sprintf("delete this %s? %s brings it back", what, k.Undo.Help().Key), k.YesNo())
	case "current":
		return ansi.Truncate(t.Warn.Render("current value (enter saves it with today's date, esc cancels): ")+m.q.Input.View(), w, "…")
	case "note":
		return ansi.Truncate(t.Warn.Render("note (enter saves it to the timeline, esc cancels): ")+m.q.Input.View(), w, "…")
	}
	return ""
}

// ShortHelp implements help.KeyMap: the keys that act on the row under
// the cursor first.
func (m *Model) ShortHelp() []key.Binding {
	if f := m.form.Form(); f != nil {
		return f.ShortHelp()
	}
	k := m.ctx.Keys
	r, _ := m.current()
	switch r.kind {
	case rowObjective:
		return []key.Binding{k.UpdateMetric, k.New, k.Edit, k.Delete, k.Readiness}
	case rowTask:
		tick := common.Labeled(k.Select, "done/reopen")
		return []key.Binding{tick, common.Labeled(k.Skip, "skip task"), common.Labeled(k.Note, "note on the task"), k.New, k.Edit, k.Delete}
	}
	return []key.Binding{k.New, k.Edit, k.Delete, k.Readiness, k.UpdateMetric}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if f := m.form.Form(); f != nil {
		return f.FullHelp()
	}
	k := m.ctx.Keys
	tick := common.Labeled(k.Select, "tick task/reopen")
	fold := common.Labeled(k.Open, "fold a closed plan")
	return [][]key.Binding{k.MovementKeys(),
		{k.New, k.Edit, k.Delete, k.Undo, fold}, {k.UpdateMetric, k.Readiness, tick, common.Labeled(k.Skip, "skip task"), common.Labeled(k.Note, "note on the task")}}
}
