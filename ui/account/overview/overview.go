// Package overview is the Overview tab of the account 360 view: every
// fact a successor needs to pick the account up (goals, usage, contract,
// commitments, challenges, projects, people, decision rhythm, tech stack,
// history, customer context), grouped and scrollable, with the internal
// context set apart and marked so it is never read out to the customer.
//
// It only renders the record it is given; it never reads or writes the
// book. Editing the account opens the account form as a new screen.
package overview

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/termsafe"
	"bob/ui/account/tabkit"
	"bob/ui/accountform"
	"bob/ui/common"
	"bob/ui/form"
)

// RenewalKey opens the quick renewal-date form.
var RenewalKey = key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "renewal date"))

// Model is the Overview tab.
//
// It is a read-only page (drawn by Render) with two forms on top: the
// account form and the quick renewal-date form.
type Model struct {
	*tabkit.Page
	ctx           *common.Context
	width, height int
	form          *form.Model // the renewal form, while open
}

// New returns an empty Overview tab; the account view gives it the record.
func New(ctx *common.Context) *Model {
	return &Model{ctx: ctx, Page: tabkit.NewPage(ctx, "Overview", func(rec model.AccountRecord, width int) string {
		return Render(ctx.Theme, rec, ctx.Now(), width)
	})}
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.Page.SetSize(w, h)
	if m.form != nil {
		m.form.SetSize(w, h)
	}
}

// Modal implements tabkit.Modal: the renewal form takes every key.
func (m *Model) Modal() bool { return m.form != nil }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tabkit.FormClosedMsg); ok {
		m.form = nil
		return m, nil
	}
	if m.form != nil {
		_, cmd := m.form.Update(msg)
		return m, cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	rec, loaded := m.Record()
	switch {
	case key.Matches(km, m.ctx.Keys.Edit):
		if !loaded {
			return m, common.Cannot("the account is still loading")
		}
		f := accountform.New(m.ctx, rec.Account.ID)
		return m, func() tea.Msg { return common.PushMsg{Screen: f} }
	case key.Matches(km, RenewalKey):
		if !loaded {
			return m, common.Cannot("the account is still loading")
		}
		m.openRenewal(rec.Account)
		return m, nil
	}
	m.Page.Update(km)
	return m, nil
}

// View implements tea.Model.
func (m *Model) View() string {
	if m.form != nil {
		return m.form.View()
	}
	return m.Page.View()
}

// openRenewal shows a one-field form for the renewal date: the date a CSM
// changes most, without the whole account form. The write re-reads the
// account so that it changes nothing else.
func (m *Model) openRenewal(a model.Account) {
	st, id := m.ctx.Store, a.ID
	help := "YYYY-MM-DD, or +1y, +12m from today; empty clears it"
	if !a.ContractStart.IsZero() {
		help += " · contract started " + a.ContractStart.String()
	}
	fields := func(a model.Account) []form.Field {
		return []form.Field{{Key: "renewal", Label: "Renewal", Kind: form.Date, Value: a.Renewal.String(), Help: help}}
	}
	f := form.New(m.ctx, "Renewal date of "+a.Name, fields(a), func(v form.Values) tea.Cmd {
		d := v.Date("renewal")
		return func() tea.Msg {
			if _, err := st.UpdateAccount(id, func(a *model.Account) error { a.Renewal = d; return nil }); err != nil {
				return err
			}
			what := "renewal date cleared"
			if !d.IsZero() {
				what = "renewal date set to " + d.String()
			}
			return tea.BatchMsg{
				func() tea.Msg { return common.BookChangedMsg{AccountID: id, What: what} },
				common.Info("%s", what),
			}
		}
	})
	// Another bob may change the renewal date while the form is open.
	f.Watch(id, func() ([]form.Field, error) {
		cur, err := st.Account(id)
		if err != nil {
			return nil, err
		}
		return fields(cur), nil
	})
	m.form = tabkit.Embed(f, m.width, m.height)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.form != nil {
		return m.form.ShortHelp()
	}
	k := m.ctx.Keys
	return []key.Binding{
		RenewalKey,
		key.NewBinding(key.WithKeys("e"), key.WithHelp(k.Edit.Help().Key, "edit account")),
		tabkit.ScrollHelp,
	}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	if m.form != nil {
		return m.form.FullHelp()
	}
	return [][]key.Binding{{k.Edit, RenewalKey}, m.Page.FullHelp()[0]}
}

// Render lays out the overview of rec for the given width. It is pure, so
// other screens (a handoff preview) can show the same page.
func Render(t *common.Theme, rec model.AccountRecord, now time.Time, width int) string {
	a := rec.Account
	lw := 18
	if width < 60 {
		lw = 12
	}
	d := tabkit.NewDoc(t, width, lw)

	// Every flag in full: the header has room for the worst few only.
	if flags := model.Flags(rec, now); len(flags) > 0 {
		d.Section(fmt.Sprintf("Flags (%d)", len(flags)))
		for _, f := range flags {
			mark := map[model.Severity]string{model.SeverityCritical: "!!!", model.SeverityHigh: "!!", model.SeverityMedium: "!"}[f.Severity]
			d.Line(t.Severity(f.Severity).Render(termsafe.Line(fmt.Sprintf("%-3s %s", mark, f.Text))))
		}
	}

	d.Section("Goals & success")
	d.Field("Goals & metrics", a.Goals)
	d.Field("Fiscal year", fiscalYear(a.FiscalYearStart))
	d.Field("Success plans", plansSummary(rec.Plans))

	d.Section("Usage")
	d.Field("Products", strings.Join(a.Products, ", "))
	d.Field("Use cases", a.UseCases)

	d.Section("Contract")
	d.Field("ARR", a.ARR.String())
	d.Field("Contract start", a.ContractStart.String())
	renewal := a.Renewal.String()
	if renewal != "" {
		renewal += " (" + model.RenewalCountdown(a.Renewal, now) + ")"
	}
	d.Field("Renewal", renewal)
	d.Field("Renewal outcome", string(a.RenewalOutcome))
	d.Field("Entitlements", a.Entitlements)
	d.Field("Expansion", a.Expansion)
	health := string(a.Health)
	if a.HealthReason != "" {
		health += ": " + a.HealthReason
	}
	if a.HealthScore > 0 {
		health += fmt.Sprintf(" (score %d)", a.HealthScore)
	}
	d.Field("Health", health)
	d.Field("Stage", string(a.Stage))

	d.Section("Commitments & risks")
	d.Field("Commitments", commitmentsSummary(rec.Commitments, now))
	d.Field("Open risks", risksSummary(rec.Risks))

	d.Section("Challenges & projects")
	d.Field("Challenges", a.Challenges)
	d.Field("Projects", a.Projects)

	d.Section("People")
	roles := []model.Role{model.RoleSponsor, model.RoleEconomicBuyer, model.RoleDecisionMaker, model.RoleChampion, model.RoleDetractor}
	for _, r := range roles {
		d.Field(capitalize(string(r)), withRole(rec.People, r))
	}
	d.Field("ADKAR barrier", barrier(rec.People))
	d.Field("Decision rhythm", string(a.DecisionRhythm))
	d.Field("Last touch", lastTouch(rec.Timeline, now))

	d.Section("Account team (our side)")
	for _, r := range a.Team.Roles() {
		d.Field(r[0], r[1])
	}

	d.Section("Context")
	d.Field("Tech stack", a.TechStack)
	d.Field("History", a.RelationshipHistory)
	d.Field("Customer context", a.CustomerContext)
	if len(a.Custom) > 0 {
		// What a spreadsheet import could not map, kept by its column's name.
		d.Section("Custom fields")
		for _, k := range sortedKeys(a.Custom) {
			d.Field(termsafe.Line(k), termsafe.Text(a.Custom[k]))
		}
	}

	d.Styled(t.Internal.Bold(true), "[INTERNAL] never share with the customer")
	d.FieldPrefix("[int] ", "Internal context", a.InternalContext)
	d.FieldPrefix("[int] ", "Unwritten", a.UnwrittenKnowledge)
	return d.String()
}

func fiscalYear(month int) string {
	if month < 1 || month > 12 {
		return ""
	}
	return "starts in " + time.Month(month).String()
}

func plansSummary(plans []model.SuccessPlan) string {
	if len(plans) == 0 {
		return ""
	}
	var parts []string
	for _, p := range plans {
		s := p.Title
		if p.Status != "" {
			s += " (" + string(p.Status) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func commitmentsSummary(cs []model.Commitment, now time.Time) string {
	if len(cs) == 0 {
		return ""
	}
	count := map[model.CommitmentStatus]int{}
	var next *model.Commitment
	for i, c := range cs {
		st := c.Status
		if c.Open() {
			st = model.CommitmentOpen
			if !c.Due.IsZero() && (next == nil || c.Due.Before(next.Due)) {
				next = &cs[i]
			}
		}
		count[st]++
	}
	var parts []string
	for _, st := range model.CommitmentStatuses {
		if count[st] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", count[st], st))
		}
	}
	s := strings.Join(parts, ", ")
	if next != nil {
		s += fmt.Sprintf("; next due %s: %s", next.Due, next.What)
		if next.Due.DaysFrom(now) < 0 {
			s += " (OVERDUE)"
		}
	}
	return s
}

func risksSummary(rs []model.Risk) string {
	var open []model.Risk
	for _, r := range rs {
		if r.Open() {
			open = append(open, r)
		}
	}
	if len(open) == 0 {
		return "none"
	}
	rank := func(s model.Severity) int {
		for i, x := range model.Severities {
			if x == s {
				return i
			}
		}
		return -1
	}
	sort.SliceStable(open, func(i, j int) bool { return rank(open[i].Severity) > rank(open[j].Severity) })
	var parts []string
	for _, r := range open {
		parts = append(parts, fmt.Sprintf("%s (%s)", r.Title, r.Severity))
	}
	return strings.Join(parts, "; ")
}

func withRole(people []model.Person, r model.Role) string {
	var out []string
	for _, p := range people {
		if !p.HasRole(r) {
			continue
		}
		s := p.Name
		if p.Title != "" {
			s += ", " + p.Title
		}
		if p.Sentiment != "" {
			s += " (" + string(p.Sentiment) + ")"
		}
		if !p.Active() {
			s += " [left the company]"
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		if r == model.RoleDetractor {
			return "none known"
		}
		return ""
	}
	return strings.Join(out, "; ")
}

// barrier gives the ADKAR barrier per department or group, so that one
// person far behind does not set the barrier for the whole account.
func barrier(people []model.Person) string {
	gs := model.GroupBarriers(people)
	if len(gs) == 0 {
		return "not assessed"
	}
	var parts []string
	for _, g := range gs {
		s := g.Group + ": " + string(g.Barrier)
		if g.Barrier == model.ADKARAdopted {
			s = g.Group + ": adopted"
		}
		if n := len(g.Behind); n > 0 {
			s += fmt.Sprintf(" (%d behind)", n)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "; ")
}

func lastTouch(entries []model.TimelineEntry, now time.Time) string {
	var last *model.TimelineEntry
	for i, e := range entries {
		if e.IsTouch() && (last == nil || e.When.After(last.When)) {
			last = &entries[i]
		}
	}
	if last == nil {
		return "never"
	}
	days := -model.DateOf(last.When.In(now.Location())).DaysFrom(now)
	ago := fmt.Sprintf("%d days ago", days)
	switch days {
	case 0:
		ago = "today"
	case 1:
		ago = "yesterday"
	}
	return fmt.Sprintf("%s, %s: %s", ago, last.Kind, last.Title)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// Changed reports a half-typed form, so that ctrl+c asks before it is lost.
func (m *Model) Changed() bool { return m.form != nil && m.form.Changed() }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
