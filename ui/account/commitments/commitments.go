// Package commitments is the "Commitments & risks" tab of the account 360
// view: the promises and service levels agreed with the customer (what,
// to whom, due, how measured, Kano category, status) and the named risks
// to the renewal (severity, title, status, mitigation), with create, edit,
// delete (to the trash, after a y/n question) and undo of the last delete.
//
// Reads come from the record the account view hands it; every write runs
// in a tea.Cmd through the store and announces itself with
// common.BookChangedMsg so the view reloads. Nothing here blocks in Update
// or does I/O in View.
package commitments

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
)

// item is one row: a commitment or a risk.
type item struct {
	risk       bool
	commitment model.Commitment
	r          model.Risk
}

func (it item) id() string {
	if it.risk {
		return it.r.ID
	}
	return it.commitment.ID
}

func (it item) noun() string {
	if it.risk {
		return "risk"
	}
	return "commitment"
}

func (it item) title() string {
	if it.risk {
		return it.r.Title
	}
	return it.commitment.What
}

// Model is the Commitments & risks tab.
type Model struct {
	ctx       *common.Context
	accountID string
	rec       model.AccountRecord
	loaded    bool

	items  []item
	nCom   int // items[:nCom] are commitments, the rest risks
	cursor int

	form tabkit.FormSlot
	q    tabkit.Question // "new" or "delete" while a one-key question is open

	undo tabkit.Undo
	want tabkit.Want

	width, height int
}

// New returns the tab for an account; the account view gives it the record.
func New(ctx *common.Context, accountID string) *Model {
	return &Model{ctx: ctx, accountID: accountID, q: tabkit.NewQuestion(ctx)}
}

// TabName implements common.TabComponent.
func (m *Model) TabName() string { return "Commitments & risks" }

// SetRecord implements tabkit.RecordTab; the cursor stays on the same item
// where it can.
func (m *Model) SetRecord(rec model.AccountRecord) {
	cur := ""
	if it, ok := m.selected(); ok {
		cur = it.id()
	}
	keep := m.want.Or(cur)
	m.rec, m.loaded = rec, true
	m.items = m.items[:0]
	for _, c := range rec.Commitments {
		m.items = append(m.items, item{commitment: c})
	}
	m.nCom = len(m.items)
	for _, r := range rec.Risks {
		m.items = append(m.items, item{risk: true, r: r})
	}
	m.pick(keep)
	m.cursor = max(0, min(m.cursor, len(m.items)-1))
}

// pick moves the cursor to the item with the given ID, if listed.
func (m *Model) pick(id string) {
	if i := m.want.Find(id, len(m.items), func(i int) bool { return m.items[i].id() == id }); i >= 0 {
		m.cursor = i
	}
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.form.SetSize(w, h)
}

// Modal implements tabkit.Modal: a form or a question takes every key.
func (m *Model) Modal() bool { return m.form.Form() != nil || m.q.Asking != "" }

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool { return m.Modal() }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, tabkit.Editable{Keys: m.ctx.Keys, AccountID: m.accountID, Undo: &m.undo, Want: &m.want, Form: &m.form,
		Focus: m.pick, Key: m.key}.Update(msg)
}

// key takes a key while no form is open.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	switch m.q.Asking {
	case "new":
		return m.q.Choose(msg, "added", m.newChoices()...)
	case "delete":
		_, ok := m.selected()
		return m.q.Confirm(k, msg, ok, "deleted", m.delete)
	}
	if k.MoveCursor(msg, &m.cursor, len(m.items), m.listHeight()) {
		return nil
	}
	switch {
	case key.Matches(msg, k.New):
		if !m.loaded {
			return common.Cannot("the account is still loading")
		}
		m.q.Asking = "new"
	case key.Matches(msg, k.Edit):
		it, ok := m.selected()
		if !ok {
			return common.Cannot("nothing to edit: press n to add a commitment or a risk")
		}
		return m.open(it)
	case key.Matches(msg, k.Delete):
		if _, ok := m.selected(); !ok {
			return common.Cannot("nothing to delete: the lists are empty")
		}
		m.q.Asking = "delete"
	case key.Matches(msg, k.Undo):
		return m.undo.Restore(m.ctx.Store, "commitment or risk")
	}
	return nil
}

// newChoices are the answers to "new what?".
func (m *Model) newChoices() []tabkit.Choice {
	return []tabkit.Choice{
		{Key: "c", Name: "commitment", Pick: func() tea.Cmd { return m.open(item{}) }},
		{Key: "r", Name: "risk", Pick: func() tea.Cmd { return m.open(item{risk: true}) }},
	}
}

func (m *Model) selected() (item, bool) {
	if m.cursor < 0 || m.cursor >= len(m.items) {
		return item{}, false
	}
	return m.items[m.cursor], true
}

// open shows the form for a new (zero) or existing item.
func (m *Model) open(it item) tea.Cmd {
	var f *form.Model
	if it.risk {
		f = m.riskForm(it.r)
	} else {
		f = m.commitmentForm(it.commitment)
	}
	m.form.Open(f, m.width, m.height)
	return nil
}

func (m *Model) commitmentForm(c model.Commitment) *form.Model {
	title := "New commitment"
	if c.ID != "" {
		title = "Edit commitment"
	}
	var names []string
	for _, p := range m.rec.People {
		names = append(names, p.Name)
	}
	fields := commitmentFields(c, names)
	st, acc := m.ctx.Store, m.accountID
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		c := c
		c.AccountID = acc
		c.What, c.To, c.Measure = v.String("what"), v.String("to"), v.String("measure")
		c.Due = v.Date("due")
		c.Kano = model.Kano(v.String("kano"))
		c.Status = model.CommitmentStatus(v.String("status"))
		return form.Save(func() (model.Commitment, error) { return st.PutCommitment(c) },
			func(saved model.Commitment) tea.Msg {
				return tabkit.Wrote(acc, saved.ID, fmt.Sprintf("saved commitment %q", saved.What))
			})
	})
	// Another bob may change the commitment while the form is open.
	return form.WatchItem(f, acc, c.ID, fmt.Sprintf("commitment %q", c.What),
		func() ([]model.Commitment, error) { return st.Commitments(acc) },
		func(x model.Commitment) string { return x.ID },
		func(cur model.Commitment) ([]form.Field, error) { return commitmentFields(cur, names), nil })
}

// commitmentFields are the commitment form's fields, filled from c.
func commitmentFields(c model.Commitment, names []string) []form.Field {
	status := string(c.Status)
	if status == "" {
		status = string(model.CommitmentOpen)
	}
	return []form.Field{
		{Key: "what", Label: "What", Kind: form.Text, Value: c.What, Help: "what was promised, e.g. P1 response within 1 hour"},
		{Key: "to", Label: "To whom", Kind: form.Text, Value: c.To, Help: "the person or team it was promised to" + hintNames(names)},
		{Key: "due", Label: "Due", Kind: form.Date, Value: c.Due.String(), Help: "YYYY-MM-DD, today, +30d; empty for an ongoing service level"},
		{Key: "measure", Label: "Measured by", Kind: form.Text, Value: c.Measure, Help: "how we know it is kept, e.g. the support SLA report"},
		{Key: "kano", Label: "Kano", Kind: form.Select, Options: form.Options(model.Kanos, true), Value: string(c.Kano),
			Help: "basic: expected, missing it disappoints · performance: more is better · delighter: unexpected"},
		{Key: "status", Label: "Status", Kind: form.Select, Options: form.Options(model.CommitmentStatuses, false), Value: status},
	}
}

func hintNames(names []string) string {
	if len(names) == 0 {
		return ""
	}
	if len(names) > 4 {
		names = append(names[:4:4], "…")
	}
	return " (" + strings.Join(names, ", ") + ")"
}

func (m *Model) riskForm(r model.Risk) *form.Model {
	title := "New risk"
	if r.ID != "" {
		title = "Edit risk"
	}
	fields := riskFields(r)
	st, acc := m.ctx.Store, m.accountID
	f := form.New(m.ctx, title, fields, func(v form.Values) tea.Cmd {
		r := r
		r.AccountID = acc
		r.Title, r.Description, r.Mitigation = v.String("title"), v.String("description"), v.String("mitigation")
		r.Severity = model.Severity(v.String("severity"))
		r.Status = model.RiskStatus(v.String("status"))
		return form.Save(func() (model.Risk, error) { return st.PutRisk(r) },
			func(saved model.Risk) tea.Msg {
				return tabkit.Wrote(acc, saved.ID, fmt.Sprintf("saved risk %q", saved.Title))
			})
	})
	// Another bob may change the risk while the form is open.
	return form.WatchItem(f, acc, r.ID, fmt.Sprintf("risk %q", r.Title),
		func() ([]model.Risk, error) { return st.Risks(acc) },
		func(x model.Risk) string { return x.ID },
		func(cur model.Risk) ([]form.Field, error) { return riskFields(cur), nil })
}

// riskFields are the risk form's fields, filled from r.
func riskFields(r model.Risk) []form.Field {
	sev, status := string(r.Severity), string(r.Status)
	if sev == "" {
		sev = string(model.SeverityMedium)
	}
	if status == "" {
		status = string(model.RiskOpen)
	}
	return []form.Field{
		{Key: "title", Label: "Title", Kind: form.Text, Value: r.Title, Help: "the threat to the renewal, in a few words"},
		{Key: "severity", Label: "Severity", Kind: form.Select, Options: form.Options(model.Severities, false), Value: sev},
		{Key: "status", Label: "Status", Kind: form.Select, Options: form.Options(model.RiskStatuses, false), Value: status},
		{Key: "description", Label: "Description", Kind: form.LongText, Value: r.Description},
		{Key: "mitigation", Label: "Mitigation", Kind: form.LongText, Value: r.Mitigation, Help: "what we do about it"},
	}
}

func (m *Model) delete() tea.Cmd {
	it, ok := m.selected()
	if !ok {
		return nil
	}
	st, acc := m.ctx.Store, m.accountID
	what := fmt.Sprintf("%s %q", it.noun(), it.title())
	return tabkit.Delete(what, it.id(), func() (string, error) {
		if it.risk {
			return st.DeleteRisk(acc, it.id())
		}
		return st.DeleteCommitment(acc, it.id())
	})
}

// detailH is the lines under the lists that show the item under the cursor.
const detailH = 3

// listHeight is the lines the two lists share (headings included).
func (m *Model) listHeight() int { return max(m.height-detailH-1, 3) }

// View implements tea.Model.
func (m *Model) View() string {
	if v, ok := m.form.Cover(m.ctx.Theme, m.loaded); ok {
		return v
	}
	t := m.ctx.Theme
	w := max(m.width, 40)
	listH := m.listHeight()
	if m.q.Asking != "" {
		listH = max(listH-1, 2) // room for the question
	}

	var lines []string
	sel := 0
	lines = append(lines, t.Header.Render(fmt.Sprintf("Commitments (%d)", m.nCom)))
	cw := commitmentCols(w)
	lines = append(lines, t.Subtle.Render("  "+row(cw, "STATUS", "WHAT", "TO", "DUE", "KANO", "MEASURE")))
	if m.nCom == 0 {
		lines = append(lines, t.Faint.Render("  none: press n, then c"))
	}
	now := m.ctx.Now()
	for i, it := range m.items {
		if i == m.nCom {
			lines = append(lines, "", t.Header.Render(fmt.Sprintf("Risks (%d)", len(m.items)-m.nCom)))
			lines = append(lines, t.Subtle.Render("  "+row(riskCols(w), "SEVERITY", "STATUS", "TITLE", "MITIGATION")))
		}
		var text string
		if it.risk {
			r := it.r
			text = row(riskCols(w), string(r.Severity), string(r.Status), r.Title, oneLine(r.Mitigation))
			if i != m.cursor {
				text = t.Severity(r.Severity).Render(text)
			}
		} else {
			c := it.commitment
			status := string(c.Status)
			if c.Open() && !c.Due.IsZero() && c.Due.DaysFrom(now) < 0 {
				status = "OVERDUE"
			}
			text = row(cw, status, c.What, c.To, c.Due.String(), string(c.Kano), c.Measure)
		}
		if i == m.cursor {
			sel = len(lines)
			lines = append(lines, t.Cursor.Render("▸ "+text))
		} else {
			lines = append(lines, "  "+text)
		}
	}
	if len(m.items) == m.nCom {
		lines = append(lines, "", t.Header.Render("Risks (0)"), t.Faint.Render("  none: press n, then r"))
	}
	// window the list around the cursor
	top := 0
	if sel >= listH {
		top = sel - listH + 1
	}
	end := min(len(lines), top+listH)
	out := append([]string{}, lines[top:end]...)
	for len(out) < listH {
		out = append(out, "")
	}
	out = append(out, t.Faint.Render(strings.Repeat("─", w)))
	out = append(out, m.detail(w, detailH)...)
	if m.q.Asking != "" {
		out = append(out, m.prompt())
	}
	return strings.Join(out, "\n")
}

func (m *Model) prompt() string {
	t := m.ctx.Theme
	switch m.q.Asking {
	case "new":
		return t.Warn.Render("new: " + tabkit.Choices(m.newChoices()...) + " · esc cancel")
	case "delete":
		it, _ := m.selected()
		return common.Question(t, m.width, fmt.Sprintf("delete %s %q? it goes to the trash", it.noun(), it.title()), m.ctx.Keys.YesNo())
	}
	return ""
}

// detail shows the selected item in full, wrapped to h lines.
func (m *Model) detail(w, h int) []string {
	it, ok := m.selected()
	if !ok {
		return tabkit.Detail(nil, w, h)
	}
	var s string
	if it.risk {
		r := it.r
		s = fmt.Sprintf("Risk: %s (%s, %s).", r.Title, r.Severity, r.Status)
		if r.Description != "" {
			s += " " + oneLine(r.Description)
		}
		if r.Mitigation != "" {
			s += " Mitigation: " + oneLine(r.Mitigation)
		}
	} else {
		c := it.commitment
		s = "Commitment: " + c.What
		if c.To != "" {
			s += " · to " + c.To
		}
		if !c.Due.IsZero() {
			s += " · due " + c.Due.String()
		}
		if c.Measure != "" {
			s += " · measured by " + c.Measure
		}
		if c.Kano != "" {
			s += " · " + string(c.Kano)
		}
		if c.Status != "" {
			s += " · " + string(c.Status)
		}
	}
	return tabkit.Detail(tabkit.Wrap(s, w), w, h)
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// commitmentCols are the widths of status, what, to, due, kano, measure.
func commitmentCols(w int) []int {
	fixed := 8 + 14 + 10 + 11 + 5 + 2 // columns, gaps, cursor
	rest := max(w-fixed, 20)
	what := rest * 6 / 10
	return []int{8, what, 14, 10, 11, rest - what}
}

// riskCols are the widths of severity, status, title, mitigation.
func riskCols(w int) []int {
	fixed := 9 + 10 + 3 + 2
	rest := max(w-fixed, 20)
	return []int{9, 10, rest / 2, rest - rest/2}
}

func row(widths []int, cells ...string) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = tabkit.Cell(c, widths[i])
	}
	return strings.Join(parts, " ")
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if f := m.form.Form(); f != nil {
		return f.ShortHelp()
	}
	k := m.ctx.Keys
	return []key.Binding{key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", "move")), k.New, k.Edit, k.Delete, k.Undo}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if f := m.form.Form(); f != nil {
		return f.FullHelp()
	}
	k := m.ctx.Keys
	return [][]key.Binding{k.MovementKeys(), {k.New, k.Edit, k.Delete, k.Undo}}
}

// Changed reports a half-typed form, so that ctrl+c asks before it is lost.
func (m *Model) Changed() bool { return m.form.Changed() }
