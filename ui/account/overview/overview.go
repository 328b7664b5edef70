// Package overview is the Overview tab of the account 360 view: every
// fact a successor needs to pick the account up (goals, usage, contract,
// commitments, challenges, projects, people, decision rhythm, tech stack,
// history, customer context), grouped and scrollable, with the internal
// context set apart and marked so it is never read out to the customer.
//
// It renders the record it is given. Its writes (the renewal date, a
// handoff record's note, a handoff record to the trash) run in tea.Cmds;
// editing the account opens the account form as a new screen.
package overview

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/model"
	"bob/termsafe"
	"bob/ui/account/tabkit"
	"bob/ui/accountform"
	"bob/ui/common"
	"bob/ui/form"
)

// Model is the Overview tab.
//
// It is a read-only page (drawn by Render) with two forms on top: the
// account form and the quick renewal-date form.
type Model struct {
	*tabkit.Page
	ctx           *common.Context
	width, height int
	form          tabkit.FormSlot // the renewal or handoff-note form, while open
	handoff       string          // ID of the marked handoff record; empty: the newest
	asking        bool            // the delete question on the marked record is open
	undo          tabkit.Undo
}

// New returns an empty Overview tab; the account view gives it the record.
func New(ctx *common.Context) *Model {
	m := &Model{ctx: ctx}
	m.Page = tabkit.NewPage(ctx, "Overview", func(rec model.AccountRecord, width int) string {
		h, _ := m.marked(rec)
		return render(ctx.Theme, rec, ctx.Now(), width, h.ID)
	}).Locate(func(rec model.AccountRecord, id string) []string {
		return []string{"Handoffs", "▸"}
	})
	return m
}

// marked is the handoff record the keys act on: the one picked with the
// select key if it is still there, else the newest.
func (m *Model) marked(rec model.AccountRecord) (model.Handoff, bool) {
	hs := handoff.HistoryNewestFirst(rec.Handoffs)
	for _, h := range hs {
		if h.ID == m.handoff {
			return h, true
		}
	}
	if len(hs) == 0 {
		return model.Handoff{}, false
	}
	return hs[0], true
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	m.Page.SetSize(w, h)
	m.form.SetSize(w, h)
}

// Modal implements tabkit.Modal: a form or the delete question takes
// every key.
func (m *Model) Modal() bool { return m.form.Form() != nil || m.asking }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tabkit.DeletedMsg:
		rec, _ := m.Record()
		return m, m.undo.Deleted(m.ctx.Keys, rec.Account.ID, msg)
	case tabkit.RestoredMsg:
		m.handoff = msg.Item
		rec, _ := m.Record()
		return m, tabkit.Restored(rec.Account.ID, msg)
	}
	if cmd, ok := m.form.Update(msg); ok {
		return m, cmd
	}
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return m, nil
	}
	rec, loaded := m.Record()
	k := m.ctx.Keys
	if m.asking {
		m.asking = false
		h, ok := m.marked(rec)
		if !ok || !key.Matches(km, k.Confirm) {
			return m, common.Info("not deleted")
		}
		st, what := m.ctx.Store, "the "+string(h.Status)+" record of "+h.When.In(m.ctx.Now().Location()).Format("2006-01-02")
		return m, tabkit.Delete(what, h.ID, func() (string, error) { return st.DeleteHandoff(h.AccountID, h.ID) })
	}
	switch {
	case key.Matches(km, k.Select, k.Note, k.Delete):
		if !loaded {
			return m, common.Cannot("the account is still loading")
		}
		h, ok := m.marked(rec)
		if !ok {
			return m, common.Cannot("no handoff record: this account has not changed hands")
		}
		switch {
		case key.Matches(km, k.Select):
			hs := handoff.HistoryNewestFirst(rec.Handoffs)
			i := slices.IndexFunc(hs, func(x model.Handoff) bool { return x.ID == h.ID })
			m.handoff = hs[(i+1)%len(hs)].ID
			m.Page.Focus(m.handoff)
			return m, common.Info("marked the %s record of %s (%d of %d)", h.Status, hs[(i+1)%len(hs)].When.In(m.ctx.Now().Location()).Format("2006-01-02"), (i+1)%len(hs)+1, len(hs))
		case key.Matches(km, k.Note):
			m.openNote(h)
		default:
			m.asking = true
		}
		return m, nil
	case key.Matches(km, k.Undo):
		return m, m.undo.Restore(m.ctx.Store, "handoff record")
	case key.Matches(km, m.ctx.Keys.Edit):
		if !loaded {
			return m, common.Cannot("the account is still loading")
		}
		f := accountform.New(m.ctx, rec.Account.ID)
		return m, func() tea.Msg { return common.PushMsg{Screen: f} }
	case key.Matches(km, k.Renewal):
		if !loaded {
			return m, common.Cannot("the account is still loading")
		}
		m.openRenewal(rec.Account)
		return m, nil
	case key.Matches(km, k.New):
		// The Overview sums the other tabs up: what is new is added there.
		return m, common.Cannot(fmt.Sprintf("the Overview adds nothing: %s edits the account; %s adds on the Timeline, People, Plans, Playbooks and Commitments & risks tabs",
			k.Edit.Help().Key, k.New.Help().Key))
	}
	m.Page.Update(km)
	return m, nil
}

// View implements tea.Model.
func (m *Model) View() string {
	if f := m.form.Form(); f != nil {
		return f.View()
	}
	if m.asking {
		rec, _ := m.Record()
		h, _ := m.marked(rec)
		q := common.Question(m.ctx.Theme, m.width, fmt.Sprintf("delete the %s record (%s -> %s, %s)? it goes to the trash",
			h.Status, h.From, h.To, h.When.In(m.ctx.Now().Location()).Format("2006-01-02")), m.ctx.Keys.YesNo())
		return tabkit.Fit(m.Page.View(), m.width, max(m.height-1, 1)) + "\n" + q
	}
	return m.Page.View()
}

// openNote shows a one-field form for the note of a handoff record. The
// write re-reads the record so that it changes nothing else.
func (m *Model) openNote(h model.Handoff) {
	st, id := m.ctx.Store, h.ID
	fields := func(h model.Handoff) []form.Field {
		return []form.Field{{Key: "note", Label: "Note", Kind: form.LongText, Value: h.Note}}
	}
	title := fmt.Sprintf("Note on the %s record (%s -> %s, %s)", h.Status, h.From, h.To, h.When.In(m.ctx.Now().Location()).Format("2006-01-02"))
	f := form.New(m.ctx, title, fields(h), func(v form.Values) tea.Cmd {
		note := strings.TrimSpace(v.String("note"))
		return func() tea.Msg {
			cur, err := st.Handoff(id)
			if err != nil {
				return err
			}
			cur.Note = note
			if _, err := st.PutHandoff(cur); err != nil {
				return err
			}
			return tea.BatchMsg{
				func() tea.Msg { return common.BookChangedMsg{AccountID: cur.AccountID, What: "handoff note saved"} },
				common.Info("handoff note saved"),
			}
		}
	})
	m.form.Open(f, m.width, m.height)
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
	m.form.Open(f, m.width, m.height)
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if f := m.form.Form(); f != nil {
		return f.ShortHelp()
	}
	k := m.ctx.Keys
	if m.asking {
		return k.Answers("delete", "keep")
	}
	bs := []key.Binding{k.Renewal, common.Labeled(k.Edit, "edit account")}
	if rec, _ := m.Record(); len(rec.Handoffs) > 0 {
		// Only where there is a record to act on: the bar has room for
		// few keys at 80 columns, and ? lists them all.
		keys := k.Select.Help().Key + "/" + k.Note.Help().Key + "/" + k.Delete.Help().Key
		bs = append(bs, key.NewBinding(key.WithKeys(k.Select.Keys()...), key.WithHelp(keys, "handoff")))
	}
	return append(bs, tabkit.ScrollHelp)
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	k := m.ctx.Keys
	if f := m.form.Form(); f != nil {
		return f.FullHelp()
	}
	return [][]key.Binding{{k.Edit, k.Renewal}, handoffKeys(k), m.Page.FullHelp()[0]}
}

// handoffKeys are the keys on the marked handoff record, described as
// what they do here.
func handoffKeys(k *common.KeyMap) []key.Binding {
	return []key.Binding{common.Labeled(k.Select, "mark next handoff"), common.Labeled(k.Note, "handoff note"),
		common.Labeled(k.Delete, "delete handoff"), common.Labeled(k.Undo, "undo delete")}
}

// Render lays out the overview of rec for the given width. It is pure, so
// other screens (a handoff preview) can show the same page.
func Render(t *common.Theme, rec model.AccountRecord, now time.Time, width int) string {
	return render(t, rec, now, width, "")
}

// render is Render with the handoff record marked that the tab's keys act
// on (none when marked is empty).
func render(t *common.Theme, rec model.AccountRecord, now time.Time, width int, marked string) string {
	a := rec.Account
	lw := 18
	if width < 60 {
		lw = 12
	}
	d := tabkit.NewDoc(t, width, lw)

	flagsSection(d, t, rec, now)

	d.Section("Goals & success")
	d.Field("Goals & metrics", a.Goals)
	d.Field("Fiscal year", fiscalYear(a.FiscalYearStart))
	d.Field("Success plans", plansSummary(rec.Plans))

	d.Section("Usage")
	d.Field("Products", strings.Join(a.Products, ", "))
	d.Field("Use cases", a.UseCases)

	contractSection(d, a, now)

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

	handoffsSection(d, rec.Handoffs, now, marked)

	d.Styled(t.Internal.Bold(true), "[INTERNAL] never share with the customer")
	d.FieldPrefix("[int] ", "Internal context", a.InternalContext)
	d.FieldPrefix("[int] ", "Unwritten", a.UnwrittenKnowledge)
	return d.String()
}

// flagsSection lists every flag in full: the header has room for the
// worst few only.
func flagsSection(d *tabkit.Doc, t *common.Theme, rec model.AccountRecord, now time.Time) {
	flags := model.Flags(rec, now)
	if len(flags) == 0 {
		return
	}
	d.Section(fmt.Sprintf("Flags (%d)", len(flags)))
	for _, f := range flags {
		mark := map[model.Severity]string{model.SeverityCritical: "!!!", model.SeverityHigh: "!!", model.SeverityMedium: "!"}[f.Severity]
		d.Line(t.Severity(f.Severity).Render(termsafe.Line(fmt.Sprintf("%-3s %s", mark, f.Text))))
	}
}

// contractSection shows the contract: ARR, dates, renewal, health, stage.
func contractSection(d *tabkit.Doc, a model.Account, now time.Time) {
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
}

// handoffsSection lists every move between CSMs, newest first (the
// list's handoff column shows the newest only), marking the one the
// tab's keys act on.
func handoffsSection(d *tabkit.Doc, hs []model.Handoff, now time.Time, marked string) {
	if len(hs) == 0 {
		return
	}
	d.Section(fmt.Sprintf("Handoffs (%d)", len(hs)))
	for _, h := range handoff.HistoryNewestFirst(hs) {
		mark := "  "
		if h.ID == marked {
			mark = "▸ "
		}
		d.Line(fmt.Sprintf("%s%s  %-10s  %s -> %s", mark, h.When.In(now.Location()).Format("2006-01-02"), h.Status, orDash(h.From), orDash(h.To)))
		if h.Note != "" {
			d.Para(4, h.Note)
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
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
	open := model.OpenRisks(rs)
	if len(open) == 0 {
		return "none"
	}
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
// (The handoff-note form counts too.)
func (m *Model) Changed() bool { return m.form.Changed() }

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
