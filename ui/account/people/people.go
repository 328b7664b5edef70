// Package people is the People tab of the account 360 view: the
// customer's org chart as an interactive tree by reports-to, each
// stakeholder with role badges and signals (sentiment, influence, power,
// ADKAR barrier, days since the last external touch), a detail panel for
// the person under the cursor (beside the tree when the terminal is wide,
// below it when narrow), and the people insights on top.
//
// Everything in it can be changed from it: add, edit and delete people
// (to the trash, with undo), mark them as left and back, move a person
// with everyone under them, dotted-line managers and influence lines.
// Reads come from the record the account view hands it; every write runs
// in a tea.Cmd through one store call (one transaction) and announces
// itself with common.BookChangedMsg so the view reloads. Nothing here
// blocks in Update or does I/O in View; only visible rows are drawn.
package people

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
	"bob/ui/picker"
)

// Model is the People tab.
type Model struct {
	ctx       *common.Context
	accountID string
	rec       model.AccountRecord
	loaded    bool

	chart     *model.OrgChart
	rows      []model.OrgRow
	collapsed map[string]bool
	cursor    int
	offset    int
	labels    map[string]string // person ID -> unique label for pickers
	byLabel   map[string]string
	touches   map[string]time.Time
	insights  []model.Insight
	barriers  []model.GroupBarrier

	form   tabkit.FormSlot
	pick   *picker.Model
	asking string // "delete" or "unlink" while a y/n question is open
	edge   model.InfluenceEdge

	undo tabkit.Undo
	want tabkit.Want

	width, height int
}

// New returns the People tab of an account; the account view gives it
// the record.
func New(ctx *common.Context, accountID string) *Model {
	return &Model{ctx: ctx, accountID: accountID, collapsed: map[string]bool{}}
}

// TabName implements common.TabComponent.
func (m *Model) TabName() string { return "People" }

// Select puts the cursor on a person (expanding their managers), now or
// as soon as the record has them.
func (m *Model) Select(personID string) {
	m.want.Set(personID)
	if m.loaded {
		m.pick0(personID)
	}
}

// Focus implements common.Focuser: the account opened on a person.
func (m *Model) Focus(personID string) { m.Select(personID) }

// SetRecord implements tabkit.RecordTab; the cursor stays on the same
// person where it can.
func (m *Model) SetRecord(rec model.AccountRecord) {
	cur, _ := m.current()
	keep := m.want.Or(cur.ID)
	m.rec, m.loaded = rec, true
	m.chart = model.NewOrgChart(rec.People)
	m.touches = model.LastTouches(rec.Timeline)
	m.insights = model.PeopleInsights(rec, m.ctx.Now())
	m.barriers = model.GroupBarriers(rec.People)
	m.labels, m.byLabel = labels(rec.People)
	m.flatten()
	if keep != "" {
		m.pick0(keep)
	}
}

// labels gives each person a label that no one else has: the name, with
// the title (or a piece of the ID) added where two share a name.
func labels(people []model.Person) (map[string]string, map[string]string) {
	count := map[string]int{}
	for _, p := range people {
		count[strings.ToLower(p.Name)]++
	}
	byID, byLabel := map[string]string{}, map[string]string{}
	for _, p := range people {
		l := p.Name
		if count[strings.ToLower(p.Name)] > 1 {
			if p.Title != "" {
				l += " (" + p.Title + ")"
			}
			if _, taken := byLabel[strings.ToLower(l)]; taken || p.Title == "" {
				l = p.Name + " (" + p.ID[len(p.ID)-6:] + ")"
			}
		}
		byID[p.ID], byLabel[strings.ToLower(l)] = l, p.ID
	}
	return byID, byLabel
}

func (m *Model) flatten() {
	m.rows = m.chart.Rows(m.collapsed)
	m.cursor = max(0, min(m.cursor, len(m.rows)-1))
}

// pick0 moves the cursor to a person, opening their managers.
func (m *Model) pick0(id string) {
	if _, ok := m.chart.Person(id); !ok {
		return
	}
	for _, boss := range m.chart.Chain(id) {
		delete(m.collapsed, boss)
	}
	m.flatten()
	if i := m.want.Find(id, len(m.rows), func(i int) bool { return m.rows[i].Person.ID == id }); i >= 0 {
		m.cursor = i
	}
}

func (m *Model) current() (model.Person, bool) {
	if m.cursor < 0 || m.cursor >= len(m.rows) {
		return model.Person{}, false
	}
	return m.rows[m.cursor].Person, true
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.form.SetSize(w, h)
}

// Form returns the open form (nil when none), for a caller that fills it.
func (m *Model) Form() *form.Model { return m.form.Form() }

// Modal implements tabkit.Modal: a form, a picker or a question takes
// every key.
func (m *Model) Modal() bool { return m.form.Form() != nil || m.pick != nil || m.asking != "" }

// Capturing implements common.Capturer.
func (m *Model) Capturing() bool { return m.Modal() }

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd { return nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	return m, tabkit.Editable{Keys: m.ctx.Keys, AccountID: m.accountID, Undo: &m.undo, Want: &m.want, Form: &m.form,
		Focus: m.Select, Key: m.key}.Update(msg)
}

// key takes a key while no form is open.
func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	if m.pick != nil {
		cmd, done := m.pick.Update(m.ctx, msg)
		if done {
			m.pick = nil
		}
		return cmd
	}
	k := m.ctx.Keys
	if m.asking != "" {
		asking := m.asking
		m.asking = ""
		if !key.Matches(msg, k.Confirm) {
			return common.Info("nothing deleted")
		}
		if asking == "unlink" {
			return m.deleteEdge(m.edge)
		}
		return m.deletePerson()
	}
	if !m.loaded {
		return common.Cannot("the account is still loading")
	}
	if k.MoveCursor(msg, &m.cursor, len(m.rows), m.treeHeight()) {
		return nil
	}
	switch {
	case key.Matches(msg, k.New):
		return m.openPersonForm(model.Person{})
	case key.Matches(msg, k.Filter):
		return m.openJump()
	case key.Matches(msg, k.ToggleAll):
		return m.toggleAll()
	case key.Matches(msg, k.Undo):
		return m.undo.Restore(m.ctx.Store, "person or influence line")
	}
	p, ok := m.current()
	if !ok {
		return common.Cannot("no stakeholders yet: press n to add the first")
	}
	r := m.rows[m.cursor]
	switch {
	case key.Matches(msg, k.Open), key.Matches(msg, k.Select):
		if r.Reports == 0 {
			return common.Cannot(p.Name + " has nobody reporting to them: nothing to expand")
		}
		m.toggle(p.ID)
	case key.Matches(msg, k.Right):
		switch {
		case r.Reports == 0:
			return common.Cannot(p.Name + " has nobody reporting to them: nothing to expand")
		case !r.Expanded:
			m.toggle(p.ID)
		default:
			m.cursor++ // on to the first report
		}
	case key.Matches(msg, k.Left):
		switch {
		case r.Expanded:
			m.toggle(p.ID)
		case r.Depth == 0:
			return common.Cannot(p.Name + " is at the top of the chart")
		default:
			m.pick0(p.ReportsTo)
		}
	case key.Matches(msg, k.Edit):
		return m.openPersonForm(p)
	case key.Matches(msg, k.Delete):
		m.asking = "delete"
	case key.Matches(msg, k.MarkLeft):
		return m.markLeft(p)
	case key.Matches(msg, k.Move):
		return m.openMove(p)
	case key.Matches(msg, k.DottedLine):
		return m.openDottedLine(p)
	case key.Matches(msg, k.Influence):
		return m.openInfluence(p)
	case key.Matches(msg, k.RemoveInfluence):
		return m.openUnlink(p)
	default:
		return nil
	}
	return nil
}

func (m *Model) toggle(id string) {
	if m.collapsed[id] {
		delete(m.collapsed, id)
	} else {
		m.collapsed[id] = true
	}
	m.flatten()
	m.pick0(id)
}

func (m *Model) toggleAll() tea.Cmd {
	keep, _ := m.current()
	if len(m.collapsed) > 0 {
		m.collapsed = map[string]bool{}
		m.flatten()
		m.pick0(keep.ID)
		return common.Info("expanded everyone")
	}
	for _, id := range m.chart.Managers() {
		m.collapsed[id] = true
	}
	m.flatten()
	// The cursor goes to the top of its branch, which stays visible.
	if chain := m.chart.Chain(keep.ID); len(chain) > 0 {
		keep.ID = chain[len(chain)-1]
	}
	for i, r := range m.rows {
		if r.Person.ID == keep.ID {
			m.cursor = i
		}
	}
	return common.Info("collapsed to the tops of the chart")
}

func (m *Model) name(id string) string {
	if p, ok := m.chart.Person(id); ok {
		return p.Name
	}
	return "(unknown)"
}

// Changed reports a half-typed form, so that ctrl+c asks before it is lost.
func (m *Model) Changed() bool { return m.form.Changed() }
