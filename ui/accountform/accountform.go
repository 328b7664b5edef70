// Package accountform is the screen that creates or edits an account:
// every field of model.Account, grouped the way a successor reads them
// (identity; health and stage; contract; the customer's world; internal
// context), built on the shared form component in bob/ui/form.
//
// It must never read or write the book outside a tea.Cmd: the account is
// loaded with store.Account and saved with store.UpdateAccount (a new one
// with store.PutAccount) in commands,
// and a refused save shows each problem next to its field.
package accountform

import (
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/common"
	"bob/ui/form"
)

// Model is the account form screen. Until an edited account has loaded
// it shows a loading line; then it is a form.Model.
type Model struct {
	ctx           *common.Context
	id            string // "" for a new account
	form          *form.Model
	loadErr       error
	width, height int
}

// loadedMsg brings the account to edit.
type loadedMsg struct {
	id  string
	acc model.Account
	err error
}

// New returns the form for the account with the given ID, or for a new
// account when accountID is "".
func New(ctx *common.Context, accountID string) *Model {
	m := &Model{ctx: ctx, id: accountID, width: ctx.Width, height: ctx.Height}
	if accountID == "" {
		m.build(model.Account{Owner: ctx.Author})
	}
	return m
}

// Init loads the account to edit.
func (m *Model) Init() tea.Cmd {
	if m.id == "" {
		return nil
	}
	st, id := m.ctx.Store, m.id
	return func() tea.Msg {
		a, err := st.Account(id)
		return loadedMsg{id: id, acc: *common.Safe(&a), err: err}
	}
}

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if l, ok := msg.(loadedMsg); ok {
		if l.id != m.id || m.form != nil {
			return m, nil
		}
		if l.err != nil {
			m.loadErr = l.err
			return m, common.Fail(l.err)
		}
		m.build(l.acc)
		return m, nil
	}
	if m.form == nil {
		if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, m.ctx.Keys.Back) {
			return m, func() tea.Msg { return common.BackMsg{} }
		}
		return m, nil
	}
	_, cmd := m.form.Update(msg)
	return m, cmd
}

// View implements tea.Model.
func (m *Model) View() string {
	t := m.ctx.Theme
	switch {
	case m.form != nil:
		return m.form.View()
	case m.loadErr != nil:
		return t.Title.Render("Edit account") + "\n\n" +
			t.Error.Render("The account could not be loaded: "+common.ErrorText(m.loadErr)) + "\n" +
			t.Faint.Render("esc goes back")
	}
	return t.Title.Render("Edit account") + "\n\n" + t.Faint.Render("Loading…")
}

// SetSize implements common.Component.
func (m *Model) SetSize(width, height int) {
	m.width, m.height = width, height
	if m.form != nil {
		m.form.SetSize(width, height)
	}
}

// Capturing reports whether the form wants every key (a text field has
// focus, or it asks to discard changes).
func (m *Model) Capturing() bool { return m.form != nil && m.form.Capturing() }

// Changed reports whether the form holds edits that are not saved, so
// the root hands it esc and q instead of closing it unasked.
func (m *Model) Changed() bool { return m.form != nil && m.form.Changed() }

// Form returns the form once it is built (nil while loading), for tests
// and for panes that want to look at a field.
func (m *Model) Form() *form.Model { return m.form }

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.form == nil {
		return []key.Binding{m.ctx.Keys.Back}
	}
	return m.form.ShortHelp()
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding {
	if m.form == nil {
		return [][]key.Binding{{m.ctx.Keys.Back}}
	}
	return m.form.FullHelp()
}

// months names the months for the fiscal-year field; index = month number.
var months = []string{"", "January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December"}

// Field keys are the field names model.Account.Validate reports, so a
// refused save lands next to the right field.
func fields(a model.Account) []form.Field {
	const (
		identity = "Identity"
		health   = "Health and stage"
		contract = "Contract"
		customer = "The customer"
		team     = "Account team (our side)"
		internal = "Internal (never shown to the customer)"
	)
	arr := ""
	if !a.ARR.IsZero() {
		arr = a.ARR.String()
	}
	currency := a.ARR.Currency
	if currency == "" {
		currency = "USD"
	}
	score := ""
	if a.HealthScore != 0 {
		score = strconv.Itoa(a.HealthScore)
	}
	long := func(key, label, group, help, value string) form.Field {
		return form.Field{Key: key, Label: label, Kind: form.LongText, Group: group, Value: value,
			Help: help + " · Markdown · ctrl+e opens $EDITOR"}
	}
	return []form.Field{
		{Key: "name", Label: "Name", Kind: form.Text, Group: identity, Value: a.Name, Placeholder: "the customer's name"},
		{Key: "domain", Label: "Domain", Kind: form.Text, Group: identity, Value: a.Domain, Placeholder: "example.com"},
		{Key: "segment", Label: "Segment", Kind: form.Text, Group: identity, Value: a.Segment, Placeholder: "enterprise, mid-market…"},
		{Key: "tags", Label: "Tags", Kind: form.Tags, Group: identity, Value: strings.Join(a.Tags, ", "), Help: "words separated by commas or spaces"},
		{Key: "owner", Label: "Owner", Kind: form.Text, Group: identity, Value: a.Owner, Help: "the CSM who owns the account"},

		{Key: "health", Label: "Health", Kind: form.Select, Group: health, Value: string(a.Health),
			Options: form.Options(model.Healths, true), Shortcuts: map[string]string{"g": "green", "y": "yellow", "r": "red"}},
		{Key: "health_score", Label: "Health score", Kind: form.Int, Group: health, Value: score, Help: "0-100, empty if not scored"},
		{Key: "health_reason", Label: "Health reason", Kind: form.Text, Group: health, Value: a.HealthReason, Placeholder: "why this health"},
		{Key: "stage", Label: "Lifecycle stage", Kind: form.Select, Group: health, Value: string(a.Stage), Options: form.Options(model.Stages, true)},

		{Key: "arr", Label: "ARR", Kind: form.Money, Group: contract, Value: arr, Options: []string{currency},
			Help: "e.g. 120000, 120k, USD 1.5M"},
		{Key: "contract_start", Label: "Contract start", Kind: form.Date, Group: contract, Value: a.ContractStart.String(),
			Help: "YYYY-MM-DD, today, -3m"},
		{Key: "renewal", Label: "Renewal", Kind: form.Date, Group: contract, Value: a.Renewal.String(),
			Help: "YYYY-MM-DD, +1y, +90d"},
		{Key: "renewal_outcome", Label: "Renewal outcome", Kind: form.Select, Group: contract, Value: string(a.RenewalOutcome),
			Options: form.Options(model.RenewalOutcomes, true), Help: "where the next renewal stands, once the conversation started"},
		{Key: "fiscal_year_start", Label: "Fiscal year starts", Kind: form.Select, Group: contract,
			Value: months[max(min(a.FiscalYearStart, 12), 0)], Options: months, Help: "the month the customer's fiscal year starts"},
		long("entitlements", "Entitlements", contract, "what they are entitled to", a.Entitlements),
		long("expansion", "Expansion", contract, "where they want to expand", a.Expansion),

		long("goals", "Goals", customer, "goals, priorities and success metrics", a.Goals),
		{Key: "products", Label: "Products", Kind: form.Text, Group: customer, Value: strings.Join(a.Products, ", "),
			Help: "separated by commas"},
		long("use_cases", "Use cases", customer, "which teams use it, how, and what next", a.UseCases),
		long("challenges", "Challenges", customer, "challenges, open issues, improvement areas", a.Challenges),
		long("projects", "Projects", customer, "ongoing projects, roll-outs and their deadlines", a.Projects),
		long("tech_stack", "Tech stack", customer, "their stack and the tools used next to ours", a.TechStack),
		{Key: "decision_rhythm", Label: "Decision rhythm", Kind: form.Select, Group: customer,
			Value: string(a.DecisionRhythm), Options: form.Options(model.DecisionRhythms, true)},
		long("relationship_history", "Relationship history", customer, "acquired? hard implementation? past engagements?", a.RelationshipHistory),
		long("customer_context", "Customer context", customer, "what a successor should know about them", a.CustomerContext),
		long("custom", "Custom fields", customer, "one a line, Name: value (a line break in a value is \\n)", customText(a.Custom)),

		{Key: "team.account_executive", Label: "Account executive", Kind: form.Text, Group: team, Value: a.Team.AccountExecutive, Placeholder: "name <email>"},
		{Key: "team.solutions_architect", Label: "Solutions architect", Kind: form.Text, Group: team, Value: a.Team.SolutionsArchitect, Placeholder: "name <email>"},
		{Key: "team.support", Label: "Support contact", Kind: form.Text, Group: team, Value: a.Team.Support, Placeholder: "a person or a queue"},
		{Key: "team.partner", Label: "Partner", Kind: form.Text, Group: team, Value: a.Team.Partner, Placeholder: "who, and which part of the service they run"},

		long("internal_context", "Internal context", internal, "risk triage, blockers, past escalations", a.InternalContext),
		long("unwritten_knowledge", "Unwritten knowledge", internal, "promises made, landmines, lead times", a.UnwrittenKnowledge),
	}
}

// apply writes the form's values over base, keeping what the form does
// not show (ID, created time).
func apply(base model.Account, v form.Values) model.Account {
	a := base
	a.Name = v.String("name")
	a.Domain = v.String("domain")
	a.Segment = v.String("segment")
	a.Tags = v.Tags("tags")
	a.Owner = v.String("owner")
	a.Health = model.Health(v.String("health"))
	a.HealthScore = v.Int("health_score")
	a.HealthReason = v.String("health_reason")
	a.Stage = model.Stage(v.String("stage"))
	a.ARR = v.Money("arr")
	a.ContractStart = v.Date("contract_start")
	a.Renewal = v.Date("renewal")
	a.RenewalOutcome = model.RenewalOutcome(v.String("renewal_outcome"))
	a.Team = model.AccountTeam{
		AccountExecutive: v.String("team.account_executive"), SolutionsArchitect: v.String("team.solutions_architect"),
		Support: v.String("team.support"), Partner: v.String("team.partner"),
	}
	a.FiscalYearStart = 0
	for i, name := range months {
		if name != "" && name == v.String("fiscal_year_start") {
			a.FiscalYearStart = i
		}
	}
	a.Entitlements = v.String("entitlements")
	a.Expansion = v.String("expansion")
	a.Goals = v.String("goals")
	a.Products = nil
	for _, p := range strings.Split(v.String("products"), ",") {
		if p = strings.TrimSpace(p); p != "" {
			a.Products = append(a.Products, p)
		}
	}
	a.UseCases = v.String("use_cases")
	a.Challenges = v.String("challenges")
	a.Projects = v.String("projects")
	a.TechStack = v.String("tech_stack")
	a.DecisionRhythm = model.DecisionRhythm(v.String("decision_rhythm"))
	a.RelationshipHistory = v.String("relationship_history")
	a.CustomerContext = v.String("customer_context")
	a.InternalContext = v.String("internal_context")
	a.UnwrittenKnowledge = v.String("unwritten_knowledge")
	a.Custom = parseCustom(v.String("custom"))
	return a
}

// customText writes custom fields one a line as "Name: value", sorted by
// name. Line breaks and backslashes are escaped (\n, \\), and so is a
// colon in a name (\:), so that every field stays on its line and
// parseCustom reads it back exactly.
func customText(m map[string]string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	escKey := strings.NewReplacer("\\", "\\\\", "\n", "\\n", ":", "\\:")
	escVal := strings.NewReplacer("\\", "\\\\", "\n", "\\n")
	for _, k := range keys {
		b.WriteString(escKey.Replace(k) + ": " + escVal.Replace(m[k]) + "\n")
	}
	return b.String()
}

// parseCustom reads what customText writes: the name ends at the first
// colon that is not escaped. A line without one, or with an empty value,
// is left out (that is how a field is removed).
func parseCustom(s string) map[string]string {
	out := map[string]string{}
	for _, line := range strings.Split(s, "\n") {
		var key strings.Builder
		rest, found := "", false
		for i := 0; i < len(line); i++ {
			c := line[i]
			if c == '\\' && i+1 < len(line) {
				i++
				if line[i] == 'n' {
					key.WriteByte('\n')
				} else {
					key.WriteByte(line[i])
				}
				continue
			}
			if c == ':' {
				rest, found = line[i+1:], true
				break
			}
			key.WriteByte(c)
		}
		k := strings.TrimSpace(key.String())
		rest = strings.TrimPrefix(rest, " ")
		if !found || k == "" || strings.TrimSpace(rest) == "" {
			continue
		}
		out[k] = unescape(rest)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			if s[i] == 'n' {
				b.WriteByte('\n')
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// build makes the form over a (the loaded account, or a blank one).
func (m *Model) build(a model.Account) {
	title := "New account"
	if a.ID != "" {
		title = "Edit " + a.Name
	}
	st := m.ctx.Store
	defer func() {
		if a.ID != "" {
			// Another bob may change the account while the form is open.
			m.form.Watch(a.ID, func() ([]form.Field, error) {
				cur, err := st.Account(a.ID)
				if err != nil {
					return nil, err
				}
				return fields(*common.Safe(&cur)), nil
			})
		}
	}()
	m.form = form.New(m.ctx, title, fields(a), func(v form.Values) tea.Cmd {
		return func() tea.Msg {
			var saved model.Account
			var err error
			if a.ID == "" {
				saved, err = st.PutAccount(apply(a, v))
			} else {
				// The form's fields go onto the account as it is now, in
				// one transaction: a write that landed since the form
				// opened (a tag, a handoff mark) is kept, not overwritten
				// by the copy the form was built from.
				saved, err = st.UpdateAccount(a.ID, func(cur *model.Account) error {
					*cur = apply(*cur, v)
					return nil
				})
			}
			if err != nil {
				return err // the form shows a validation error under its fields
			}
			return tea.BatchMsg{
				func() tea.Msg {
					return common.BookChangedMsg{AccountID: saved.ID, What: "saved " + saved.Name}
				},
				common.Info("saved %s", saved.Name),
			}
		}
	})
	// The root draws the help bar from ShortHelp: one is enough.
	m.form.WithHelpLine(false)
	m.form.SetSize(m.width, m.height)
}
