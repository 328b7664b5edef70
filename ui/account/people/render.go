package people

import (
	"fmt"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/x/ansi"

	"bob/model"
	"bob/termsafe"
	"bob/ui/account/tabkit"
	"bob/ui/common"
)

// wideFrom is the width from which the detail panel sits beside the tree.
const wideFrom = 110

// badges are the short role marks drawn on a row; the detail panel and
// the help spell them out.
var badges = map[model.Role]string{
	model.RoleSponsor: "SPON", model.RoleEconomicBuyer: "EB", model.RoleDecisionMaker: "DM",
	model.RoleChampion: "CHAMP", model.RoleInfluencer: "INFL", model.RoleTechnicalOwner: "TECH",
	model.RoleEndUser: "USER", model.RoleDetractor: "DETR",
}

var adkarShort = map[model.ADKAR]string{
	model.ADKARAwareness: "aware", model.ADKARDesire: "desire", model.ADKARKnowledge: "knowl",
	model.ADKARAbility: "abil", model.ADKARReinforcement: "reinf", model.ADKARAdopted: "adopt",
}

var powerShort = map[model.Power]string{model.PowerFormal: "form", model.PowerInformal: "infm", model.PowerBoth: "both"}

var sentimentShort = map[model.Sentiment]string{model.SentimentPositive: "+pos", model.SentimentNeutral: "=neu", model.SentimentNegative: "-neg"}

// signalCols is the right-hand block of a row: sentiment, influence,
// power, ADKAR barrier, days since the last external touch.
const signalCols = 4 + 1 + 4 + 1 + 4 + 1 + 6 + 1 + 5

// layout works out where things go: the top lines (insights, barriers),
// the tree and the detail panel, beside or below.
type layout struct {
	top              []string
	treeW, treeH     int
	detailW, detailH int
	beside           bool
}

func (m *Model) layout() layout {
	w, h := max(m.width, 40), max(m.height, 6)
	l := layout{top: m.topLines(w)}
	rest := max(h-len(l.top), 4)
	if w >= wideFrom {
		l.beside = true
		l.detailW = min(w*2/5, 56)
		l.treeW = w - l.detailW - 3
		l.treeH, l.detailH = rest-1, rest // the tree has a column header
		return l
	}
	l.treeW, l.detailW = w, w
	l.detailH = max(min((rest-2)*2/5, 12), 3)
	l.treeH = max(rest-l.detailH-2, 2) // a column header and a rule
	if n := max(len(m.rows), 1); n < l.treeH {
		// A small tree leaves its room to the detail panel.
		l.detailH += l.treeH - n
		l.treeH = n
	}
	return l
}

// treeHeight is how many rows the tree shows, for page up/down.
func (m *Model) treeHeight() int { return m.layout().treeH }

// topLines are the people insights, worst first, and the ADKAR barrier
// per group.
func (m *Model) topLines(w int) []string {
	t := m.ctx.Theme
	maxLines := 1
	if m.height >= 30 {
		maxLines = 2
	}
	var items []string
	var sevs []model.Severity
	for _, in := range m.insights {
		mark := map[model.Severity]string{model.SeverityCritical: "!!!", model.SeverityHigh: "!!", model.SeverityMedium: "!"}[in.Severity]
		items = append(items, mark+" "+termsafe.Line(in.Text))
		sevs = append(sevs, in.Severity)
	}
	var out []string
	if len(items) == 0 && len(m.rec.People) > 0 {
		out = append(out, t.OK.Render("✓ sponsor and champion active, several people touched recently"))
	} else {
		out = tabkit.Pack(t, items, sevs, w, maxLines)
	}
	var bs []string
	for _, g := range m.barriers {
		s := termsafe.Line(g.Group) + " " + string(g.Barrier)
		if n := len(g.Behind); n > 0 {
			s += fmt.Sprintf(" (%d behind)", n)
		}
		bs = append(bs, s)
	}
	if len(bs) == 0 {
		bs = []string{"not assessed"}
	}
	out = append(out, t.Subtle.Render(ansi.Truncate("ADKAR barrier · "+strings.Join(bs, " · "), w, "…")))
	return out
}

// View implements tea.Model.
func (m *Model) View() string {
	if v, ok := m.form.Cover(m.ctx.Theme, m.loaded); ok {
		return v
	}
	t := m.ctx.Theme
	l := m.layout()
	out := append([]string{}, l.top...)
	if m.pick != nil {
		return strings.Join(append(out, m.pick.View(t, max(m.width, 40), max(m.height-len(out), 4))...), "\n")
	}
	tree := m.treeLines(l.treeW, l.treeH)
	detail := m.detailLines(l.detailW, l.detailH)
	if l.beside {
		sep := t.Faint.Render(" │ ")
		for i := 0; i < max(len(tree), len(detail)); i++ {
			a, b := "", ""
			if i < len(tree) {
				a = tree[i]
			}
			if i < len(detail) {
				b = detail[i]
			}
			out = append(out, tabkit.Cell(a, l.treeW)+sep+b)
		}
	} else {
		out = append(out, tree...)
		out = append(out, t.Faint.Render(strings.Repeat("─", l.treeW)))
		out = append(out, detail...)
	}
	if m.asking != "" {
		out = append(out[:min(len(out), max(m.height-1, 1))], m.prompt())
	}
	return strings.Join(out, "\n")
}

func (m *Model) prompt() string {
	t := m.ctx.Theme
	var q string
	switch m.asking {
	case "unlink":
		q = fmt.Sprintf("remove influence %s → %s? it goes to the trash", m.name(m.edge.From), m.name(m.edge.To))
	default:
		p, _ := m.current()
		q = fmt.Sprintf("delete %s? they go to the trash, with their influence lines", p.Name)
	}
	return common.Question(t, max(m.width, 20), termsafe.Line(q), m.ctx.Keys.YesNo())
}

// treeLines draws the column header and the visible rows only.
func (m *Model) treeLines(w, h int) []string {
	t := m.ctx.Theme
	left := max(w-signalCols-1, 12)
	head := tabkit.Cell(fmt.Sprintf("  ORG CHART (%d people)", len(m.rec.People)), left) + " " +
		fmt.Sprintf("%-4s %-4s %-4s %-6s %5s", "SENT", "INFL", "POW", "ADKAR", "TOUCH")
	lines := []string{t.Subtle.Render(ansi.Truncate(head, w, ""))}
	if len(m.rows) == 0 {
		lines = append(lines, t.Faint.Render("  No stakeholders yet: press n to add the first."))
		return fit(lines, h+1)
	}
	m.offset = common.ScrollOffset(m.cursor, m.offset, len(m.rows), h)
	now := m.ctx.Now()
	for i := m.offset; i < len(m.rows) && i < m.offset+h; i++ {
		r := m.rows[i]
		p := r.Person
		marker := "  "
		switch {
		case r.Reports > 0 && r.Expanded:
			marker = "▾ "
		case r.Reports > 0:
			marker = "▸ "
		}
		name := termsafe.Line(p.Name)
		if !p.Active() {
			name += " (left)"
		}
		var bs []string
		for _, role := range model.Roles {
			if p.HasRole(role) {
				bs = append(bs, badges[role])
			}
		}
		text := r.Branch() + marker + name
		if len(bs) > 0 {
			text += " [" + strings.Join(bs, " ") + "]"
		}
		if p.Title != "" {
			text += " · " + termsafe.Line(p.Title)
		}
		if r.Reports > 0 && !r.Expanded {
			text += fmt.Sprintf(" (+%d)", r.Reports)
		}
		touch := "never"
		if d := model.DaysSince(m.touches[p.ID], now); d >= 0 {
			touch = fmt.Sprintf("%dd", d)
		}
		if !p.Active() {
			touch = "—"
		}
		sig := fmt.Sprintf("%-4s %-4s %-4s %-6s %5s", dash(sentimentShort[p.Sentiment]), dash(levelShort(p.Influence)),
			dash(powerShort[p.Power]), dash(adkarShort[p.ADKAR]), touch)
		row := tabkit.Cell(text, left-2) + " " + sig
		switch {
		case i == m.cursor:
			row = t.Cursor.Render("› " + row)
		case !p.Active():
			row = t.Faint.Render("  " + row)
		default:
			row = "  " + row
		}
		lines = append(lines, row)
	}
	return fit(lines, h+1)
}

func levelShort(l model.Level) string {
	if l == model.LevelMedium {
		return "med"
	}
	return string(l)
}

func dash(s string) string {
	if s == "" {
		return "·"
	}
	return s
}

// detailLines describes the person under the cursor in h lines of w.
func (m *Model) detailLines(w, h int) []string {
	t := m.ctx.Theme
	p, ok := m.current()
	if !ok {
		return fit(nil, h)
	}
	d := tabkit.NewDoc(t, w, 11)
	head := t.Bold.Render(termsafe.Line(p.Name))
	if !p.Active() {
		left := "left the company"
		if !p.LeftOn.IsZero() {
			left += " " + p.LeftOn.String()
		}
		head += " " + t.Warn.Render("["+left+"]")
	}
	d.Line(head)
	var sub []string
	for _, s := range []string{p.Title, p.Department} {
		if s != "" {
			sub = append(sub, termsafe.Line(s))
		}
	}
	if len(sub) > 0 {
		d.Line(t.Subtle.Render(strings.Join(sub, " · ")))
	}
	var roles []string
	for _, r := range p.Roles {
		roles = append(roles, string(r))
	}
	d.Field("Roles", strings.Join(roles, ", "))
	d.Field("Contact", strings.TrimSpace(termsafe.Line(p.Email)+"  "+termsafe.Line(p.Phone)))
	d.Field("Manager", termsafe.Line(m.managerWords(p)))
	if len(p.DottedLine) > 0 {
		var dl []string
		for _, id := range p.DottedLine {
			dl = append(dl, m.name(id))
		}
		d.Field("Dotted line", termsafe.Line(strings.Join(dl, ", ")))
	}
	d.Field("Signals", signalWords(p))
	touch := "never touched"
	if n := model.DaysSince(m.touches[p.ID], m.ctx.Now()); n >= 0 {
		touch = fmt.Sprintf("%d days ago", n)
	}
	d.Field("Last touch", touch)
	infl, by := m.influenceWords(p)
	d.Field("Influences", termsafe.Line(infl))
	d.Field("Influenced", termsafe.Line(by))
	d.Field("Timeline", m.recentWords(p))
	d.Field("Notes", termsafe.Text(p.Notes))
	return fit(cutToHeight(t, strings.Split(d.String(), "\n"), w, h), h)
}

// managerWords names the person's manager and how many report to them.
func (m *Model) managerWords(p model.Person) string {
	mgr := "none: top of the chart"
	if p.ReportsTo != "" {
		mgr = m.name(p.ReportsTo)
	}
	switch n := len(m.chart.Reports(p.ID)); n {
	case 0:
	case 1:
		mgr += " · 1 person reports to them"
	default:
		mgr += fmt.Sprintf(" · %d people report to them", n)
	}
	return mgr
}

// signalWords lists the person's sentiment, influence, power and ADKAR
// barrier.
func signalWords(p model.Person) string {
	var sig []string
	if p.Sentiment != "" {
		sig = append(sig, string(p.Sentiment))
	}
	if p.Influence != "" {
		sig = append(sig, string(p.Influence)+" influence")
	}
	if p.Power != "" {
		sig = append(sig, string(p.Power)+" power")
	}
	if p.ADKAR != "" {
		sig = append(sig, "ADKAR "+string(p.ADKAR))
	}
	return strings.Join(sig, " · ")
}

// influenceWords lists whom the person influences and who influences
// them, each with the influence's attributes.
func (m *Model) influenceWords(p model.Person) (infl, by string) {
	var out, in []string
	for _, e := range m.rec.Edges {
		attrs := edgeAttrs(e)
		if attrs != "" {
			attrs = " (" + attrs + ")"
		}
		if e.From == p.ID {
			out = append(out, "→ "+m.name(e.To)+attrs)
		}
		if e.To == p.ID {
			in = append(in, "← "+m.name(e.From)+attrs)
		}
	}
	return strings.Join(out, "; "), strings.Join(in, "; ")
}

// recentWords lists the person's latest timeline entries, newest first.
func (m *Model) recentWords(p model.Person) string {
	var recent []model.TimelineEntry
	for _, e := range m.rec.Timeline {
		for _, id := range e.People {
			if id == p.ID {
				recent = append(recent, e)
			}
		}
	}
	sort.SliceStable(recent, func(i, j int) bool { return recent[i].When.After(recent[j].When) })
	var rl []string
	for i, e := range recent {
		if i == model.RecentPerPerson {
			break
		}
		s := model.DateOf(e.When.In(m.ctx.Now().Location())).String() + " " + string(e.Kind) + ": " + termsafe.Line(e.Title)
		if e.Internal {
			s = "[int] " + s
		}
		rl = append(rl, s)
	}
	return strings.Join(rl, "\n")
}

// cutToHeight keeps lines to h, saying what is cut instead of dropping it
// silently: at 80x24 the influence lines, recent entries and notes are
// below the fold.
func cutToHeight(t *common.Theme, lines []string, w, h int) []string {
	if len(lines) <= h || h <= 1 {
		return lines
	}
	var names []string
	for _, l := range lines[h-1:] {
		if plain := ansi.Strip(l); plain != "" && plain[0] != ' ' {
			label, _, _ := strings.Cut(plain, "  ") // a field's label, padded
			names = append(names, strings.ToLower(strings.TrimSpace(label)))
		}
	}
	more := fmt.Sprintf("… %d more lines", len(lines)-h+1)
	if len(names) > 0 {
		more += " (" + strings.Join(names, ", ") + ")"
	}
	return append(lines[:h-1], t.Faint.Render(ansi.Truncate(more+": a taller window shows them", w, "…")))
}

func fit(lines []string, h int) []string {
	if len(lines) > h {
		lines = lines[:h]
	}
	for len(lines) < h {
		lines = append(lines, "")
	}
	return lines
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if f := m.form.Form(); f != nil {
		return f.ShortHelp()
	}
	k := m.ctx.Keys
	if m.pick != nil || m.asking != "" {
		return nil
	}
	// Adding, changing and removing people first: at 80 columns the bar
	// has room for a few keys, and folding is learnt at the first look.
	return []key.Binding{k.New, k.Edit, k.Delete, common.Hint("enter/←/→", "fold"), m.jumpKey(),
		k.ToggleAll, k.MarkLeft, k.Move, k.DottedLine, k.Influence}
}

// jumpKey is the filter key, which jumps to a person here.
func (m *Model) jumpKey() key.Binding {
	k := m.ctx.Keys
	return common.Hint(k.Filter.Help().Key, "jump to a person", k.Filter.Keys()...)
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if f := m.form.Form(); f != nil {
		return f.FullHelp()
	}
	k := m.ctx.Keys
	return [][]key.Binding{
		k.MovementKeys(),
		{common.Labeled(k.Open, "fold/unfold reports"), common.Labeled(k.Select, "fold/unfold reports"), common.Labeled(k.Left, "fold, or up to the manager"),
			common.Labeled(k.Right, "unfold, or down to a report"), k.ToggleAll, m.jumpKey()},
		{k.New, k.Edit, k.Delete, k.Undo, k.MarkLeft, k.Move, k.DottedLine, k.Influence, k.RemoveInfluence},
	}
}
