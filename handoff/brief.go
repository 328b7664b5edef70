package handoff

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"bob/model"
)

// The brief is the part of the bundle written for people: a successor (or
// their manager) can read it in any Markdown viewer without bob. It says
// everything DOMAIN.md lists as what a successor needs, and marks what
// must never reach the customer as INTERNAL.

// briefContext is what every page of the brief needs besides the record.
type briefContext struct {
	From, To Party
	// Now is when the bundle was made: countdowns count from it.
	Now      time.Time
	Redacted bool
	Signed   bool
	// StepIDs shows each open step's ID, for `bob show`: the ID is what
	// `bob step done` takes. A brief for a successor leaves them out.
	StepIDs bool
}

// highlightsExternal is how many of the latest external timeline entries
// the brief shows; escalations, risks and milestones are always shown.
const highlightsExternal = 15

const notRecorded = "_Not recorded._"

// AccountPage renders everything about one account as the Markdown page the
// brief carries, without the handoff header: what `bob show` prints.
// Internal fields are included and marked INTERNAL.
func AccountPage(rec model.AccountRecord, now time.Time) []byte {
	return renderAccountBrief(briefContext{Now: now, StepIDs: true}, rec)
}

// renderAccountBrief writes brief/<slug>.md for one account.
func renderAccountBrief(ctx briefContext, rec model.AccountRecord) []byte {
	var w mdWriter
	a := rec.Account
	people := make(map[string]model.Person, len(rec.People))
	for _, p := range rec.People {
		people[p.ID] = p
	}
	name := func(id string) string {
		if p, ok := people[id]; ok {
			return p.Name
		}
		return id
	}

	w.line("# " + inline(a.Name))
	w.blank()
	if ctx.From.Name == "" && ctx.To.Name == "" {
		w.line(fmt.Sprintf("Account %s, as of %s.", a.ID, ctx.Now.Format("2 January 2006")))
	} else {
		w.line(fmt.Sprintf("Handoff brief from %s to %s, %s. Written by bob from the account record; the record itself is in `accounts/%s.json`.",
			inline(ctx.From.Name), inline(ctx.To.Name), ctx.Now.Format("2 January 2006"), a.ID))
	}
	if ctx.Redacted {
		w.blank()
		w.line("> **Redacted:** internal context, unwritten knowledge, notes on people and internal timeline entries were left out of this bundle.")
	}
	w.blank()

	w.line("| | |")
	w.line("|---|---|")
	row := func(k, v string) {
		if v != "" {
			w.line("| " + k + " | " + cell(v) + " |")
		}
	}
	row("Domain", a.Domain)
	row("Segment", a.Segment)
	row("Owner", a.Owner)
	row("Stage", string(a.Stage))
	row("Health", healthWords(a))
	row("ARR", a.ARR.String())
	row("Contract start", a.ContractStart.String())
	if !a.Renewal.IsZero() {
		row("Renewal", a.Renewal.String()+" ("+model.RenewalCountdown(a.Renewal, ctx.Now)+")")
	}
	if a.FiscalYearStart >= 1 && a.FiscalYearStart <= 12 {
		row("Fiscal year starts", time.Month(a.FiscalYearStart).String())
	} else {
		row("Fiscal year starts", "not recorded")
	}
	row("Decision rhythm", nonEmpty(string(a.DecisionRhythm), "not recorded"))
	row("Products", strings.Join(a.Products, ", "))
	row("Tags", strings.Join(a.Tags, ", "))
	w.blank()

	w.section("Needs attention")
	var attention []string
	for _, f := range model.Flags(rec, ctx.Now) {
		attention = append(attention, "**"+string(f.Severity)+":** "+inline(f.Text))
	}
	for _, g := range Check(rec, ctx.Now) {
		if g.Kind != GapNoSponsor && g.Kind != GapNoChampion { // already flagged above
			attention = append(attention, inline(g.Text))
		}
	}
	w.list(attention, "Nothing flagged.")

	w.section("Goals and success metrics")
	w.para(a.Goals)
	w.section("How they use the product")
	w.para(a.UseCases)
	w.section("Contract, entitlements and expansion")
	w.sub("Entitlements", a.Entitlements)
	w.sub("Where they want to expand", a.Expansion)

	w.section("Commitments and service levels")
	var commits []string
	for _, c := range rec.Commitments {
		parts := []string{"**" + inline(c.What) + "**"}
		if c.To != "" {
			parts = append(parts, "promised to "+inline(c.To))
		}
		if !c.Due.IsZero() {
			parts = append(parts, "due "+c.Due.String())
		}
		if c.Measure != "" {
			parts = append(parts, "measured by "+inline(c.Measure))
		}
		if c.Kano != "" {
			parts = append(parts, string(c.Kano))
		}
		parts = append(parts, "status: "+nonEmpty(string(c.Status), string(model.CommitmentOpen)))
		commits = append(commits, strings.Join(parts, " · "))
	}
	w.list(commits, notRecorded)

	w.section("Challenges and open issues")
	w.para(a.Challenges)
	w.section("Projects and deadlines")
	w.para(a.Projects)

	w.section("People")
	if line := barrierLine(rec.People); line != "" {
		w.line(line)
		w.blank()
	}
	w.list(peopleTree(rec.People), notRecorded)

	w.section("Who influences whom")
	var edges []string
	for _, e := range rec.Edges {
		s := "**" + inline(name(e.From)) + "** → **" + inline(name(e.To)) + "**"
		var q []string
		if e.Strength != "" {
			q = append(q, string(e.Strength)+" influence")
		}
		if e.Sentiment != "" {
			q = append(q, string(e.Sentiment))
		}
		if len(q) > 0 {
			s += " (" + strings.Join(q, ", ") + ")"
		}
		if e.Note != "" {
			s += ": " + inline(e.Note)
		}
		edges = append(edges, s)
	}
	w.list(edges, notRecorded)

	w.section("Success plans")
	if len(rec.Plans) == 0 {
		w.line(notRecorded)
		w.blank()
	}
	for _, p := range rec.Plans {
		writePlan(&w, p, ctx.Now)
	}

	w.section("Open risks")
	var risks []string
	for _, r := range sortedRisks(rec.Risks) {
		s := "**" + string(r.Severity) + ": " + inline(r.Title) + "**"
		if r.Description != "" {
			s += ". " + inline(r.Description)
		}
		if r.Mitigation != "" {
			s += " Mitigation: " + inline(r.Mitigation)
		}
		risks = append(risks, s)
	}
	w.list(risks, "None open.")

	w.section("Open checklist steps")
	open := false
	for _, c := range rec.Checklists {
		if c.Finished() {
			continue
		}
		open = true
		w.line(fmt.Sprintf("**%s** (%s, applied %s)", inline(c.Title), inline(c.Playbook), c.Applied))
		w.blank()
		for _, s := range c.Steps {
			if s.Open() {
				line := "- [ ] " + inline(s.Title) + dueWords(s.Due, ctx.Now)
				if ctx.StepIDs {
					line += " `" + s.ID + "`"
				}
				w.line(line)
			}
		}
		w.blank()
	}
	if !open {
		w.line("None open.")
		w.blank()
	}

	w.section("Timeline highlights")
	var tl []string
	for _, e := range highlights(rec.Timeline) {
		s := e.When.UTC().Format("2006-01-02") + " · " + string(e.Kind) + " · **" + inline(e.Title) + "**"
		if len(e.People) > 0 {
			names := make([]string, len(e.People))
			for i, id := range e.People {
				names[i] = inline(name(id))
			}
			s += " with " + strings.Join(names, ", ")
		}
		if e.Internal {
			s += " **(INTERNAL)**"
		}
		if ex := excerpt(e.Body); ex != "" {
			s += "  \n  " + ex
		}
		tl = append(tl, s)
	}
	w.list(tl, notRecorded)

	w.section("Relationship history")
	w.para(a.RelationshipHistory)
	w.section("Tech stack")
	w.para(a.TechStack)
	w.section("Customer context")
	w.para(a.CustomerContext)

	if len(rec.Handoffs) > 0 {
		w.section("Handoffs")
		var hs []string
		for _, h := range rec.Handoffs {
			s := h.When.UTC().Format("2006-01-02") + ": " + string(h.Status)
			if h.From != "" {
				s += " from " + inline(h.From)
			}
			if h.To != "" {
				s += " to " + inline(h.To)
			}
			if h.Note != "" {
				s += ": " + inline(h.Note)
			}
			hs = append(hs, s)
		}
		w.list(hs, "")
	}

	if !ctx.Redacted {
		writeInternal(&w, rec)
	}
	return w.bytes()
}

// writeInternal writes the section that must never reach the customer.
func writeInternal(w *mdWriter, rec model.AccountRecord) {
	a := rec.Account
	w.section("INTERNAL: never share with the customer")
	w.line("> Everything below is internal to our company.")
	w.blank()
	w.line("### Internal context")
	w.blank()
	w.para(a.InternalContext)
	w.line("### Unwritten knowledge")
	w.blank()
	w.para(a.UnwrittenKnowledge)
	w.line("### Notes on people")
	w.blank()
	var notes []string
	for _, p := range sortedPeople(rec.People) {
		if p.Notes != "" {
			notes = append(notes, "**"+inline(p.Name)+"**: "+inline(p.Notes))
		}
	}
	w.list(notes, notRecorded)
}

func writePlan(w *mdWriter, p model.SuccessPlan, now time.Time) {
	head := "### " + inline(p.Title)
	var q []string
	if p.Scope != "" {
		s := string(p.Scope)
		if p.ScopeName != "" {
			s += ": " + inline(p.ScopeName)
		}
		q = append(q, s)
	}
	q = append(q, nonEmpty(string(p.Status), "no status"))
	w.line(head + " (" + strings.Join(q, ", ") + ")")
	w.blank()
	in := p.Intent
	for _, kv := range [][2]string{
		{"Why they bought", in.WhyBought},
		{"What success looks like", in.Success},
		{"How it is measured", in.Measured},
		{"What adoption means to them", in.AdoptionMeans},
	} {
		if kv[1] != "" {
			w.line("- **" + kv[0] + ":** " + inline(kv[1]))
		}
	}
	if in != (model.Intent{}) {
		w.blank()
	}
	if len(p.Objectives) > 0 {
		w.line("| Objective | Metric | Baseline | Current | Target | Progress | Status | Due |")
		w.line("|---|---|---|---|---|---|---|---|")
		for _, o := range p.Objectives {
			m := o.Metric
			unit := ""
			if m.Unit != "" {
				unit = " " + m.Unit
			}
			w.line(fmt.Sprintf("| %s | %s | %s | %s | %s | %d%% | %s | %s |",
				cell(o.Title), cell(m.Name), num(m.Baseline)+unit, num(m.Current)+unit, num(m.Target)+unit,
				int(m.Progress()*100+0.5), cell(string(o.Status)), o.Due))
		}
		w.blank()
	}
	var tasks []string
	for _, t := range p.Tasks {
		if t.Open() {
			s := "[ ] " + inline(t.Title)
			if t.Owner != "" {
				s += " (" + inline(t.Owner) + ")"
			}
			tasks = append(tasks, s+dueWords(t.Due, now))
		}
	}
	if len(tasks) > 0 {
		w.line("Open tasks:")
		w.blank()
		w.list(tasks, "")
	}
	if len(p.Achievements) > 0 {
		w.line("Achievements:")
		w.blank()
		var as []string
		for _, a := range p.Achievements {
			s := a.When.String() + ": " + inline(a.Title)
			if a.Note != "" {
				s += ": " + inline(a.Note)
			}
			as = append(as, s)
		}
		w.list(as, "")
	}
	if len(p.Readiness) > 0 {
		w.line("Readiness (maturity 1-5):")
		w.blank()
		w.line("| Pillar | Current | Target | Gap |")
		w.line("|---|---|---|---|")
		scores := append([]model.PillarScore(nil), p.Readiness...)
		sort.SliceStable(scores, func(i, j int) bool { return pillarIndex(scores[i].Pillar) < pillarIndex(scores[j].Pillar) })
		var gaps []string
		for _, s := range scores {
			w.line(fmt.Sprintf("| %s | %d | %d | %d |", s.Pillar, s.Current, s.Target, s.Gap()))
		}
		sort.SliceStable(scores, func(i, j int) bool { return scores[i].Gap() > scores[j].Gap() })
		for _, s := range scores {
			if s.Gap() > 0 {
				gaps = append(gaps, fmt.Sprintf("%s (%d)", s.Pillar, s.Gap()))
			}
		}
		w.blank()
		if len(gaps) > 0 {
			w.line("Readiness gaps, biggest first: " + strings.Join(gaps, ", ") + ".")
			w.blank()
		}
	}
}

func pillarIndex(p model.Pillar) int {
	for i, x := range model.Pillars {
		if x == p {
			return i
		}
	}
	return len(model.Pillars)
}

// barrierLine gives the ADKAR barrier per department or group, or "".
func barrierLine(people []model.Person) string {
	var parts []string
	for _, g := range model.GroupBarriers(people) {
		s := inline(g.Group) + ": **" + string(g.Barrier) + "**"
		if n := len(g.Behind); n > 0 {
			s += fmt.Sprintf(" (%d behind)", n)
		}
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return ""
	}
	return "ADKAR barrier by group: " + strings.Join(parts, "; ") + "."
}

// PeopleTree writes the account's org chart as the handoff brief does: a
// Markdown list, each person under the one they report to, with their
// roles, ratings and contact details. bob people prints it.
func PeopleTree(people []model.Person) string {
	var w mdWriter
	if line := barrierLine(people); line != "" {
		w.line(line)
		w.blank()
	}
	w.list(peopleTree(people), notRecorded)
	return w.b.String()
}

// peopleTree lists the people as an org chart: each under the person they
// report to, indented, managers before reports, names in order.
func peopleTree(people []model.Person) []string {
	byID := map[string]bool{}
	for _, p := range people {
		byID[p.ID] = true
	}
	reports := map[string][]model.Person{}
	var roots []model.Person
	for _, p := range sortedPeople(people) {
		if p.ReportsTo != "" && byID[p.ReportsTo] {
			reports[p.ReportsTo] = append(reports[p.ReportsTo], p)
		} else {
			roots = append(roots, p)
		}
	}
	names := map[string]string{}
	for _, p := range people {
		names[p.ID] = p.Name
	}
	var out []string
	seen := map[string]bool{}
	var walk func(p model.Person, depth int)
	walk = func(p model.Person, depth int) {
		if seen[p.ID] { // a cycle: Validate forbids it, but never loop
			return
		}
		seen[p.ID] = true
		// Items after the first carry their own indentation; mdWriter.list
		// adds the "- " marker to the first level only.
		out = append(out, strings.Repeat("  ", depth)+personLine(p, names))
		for _, r := range reports[p.ID] {
			walk(r, depth+1)
		}
	}
	for _, p := range roots {
		walk(p, 0)
	}
	for _, p := range sortedPeople(people) { // anyone left on a cycle
		walk(p, 0)
	}
	return out
}

func personLine(p model.Person, names map[string]string) string {
	s := "**" + inline(p.Name) + "**"
	if !p.Active() {
		s += " (left)"
	}
	if p.Title != "" {
		s += ", " + inline(p.Title)
	}
	var q []string
	if len(p.Roles) > 0 {
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = string(r)
		}
		q = append(q, strings.Join(roles, ", "))
	}
	if p.Influence != "" {
		q = append(q, string(p.Influence)+" influence")
	}
	if p.Power != "" {
		q = append(q, string(p.Power)+" power")
	}
	if p.Sentiment != "" {
		q = append(q, string(p.Sentiment))
	}
	switch p.ADKAR {
	case model.ADKARUnknown:
	case model.ADKARAdopted:
		q = append(q, "ADKAR: adopted")
	default:
		q = append(q, "ADKAR barrier: "+string(p.ADKAR))
	}
	if len(p.DottedLine) > 0 {
		dl := make([]string, len(p.DottedLine))
		for i, id := range p.DottedLine {
			dl[i] = inline(nonEmpty(names[id], id))
		}
		q = append(q, "dotted line to "+strings.Join(dl, ", "))
	}
	if p.Email != "" {
		q = append(q, inline(p.Email))
	}
	if p.Phone != "" {
		q = append(q, inline(p.Phone))
	}
	if len(q) > 0 {
		s += " · " + strings.Join(q, " · ")
	}
	return s
}

// highlights picks the timeline entries a successor should read first:
// the latest external ones, plus every escalation, risk and milestone,
// newest first.
func highlights(entries []model.TimelineEntry) []model.TimelineEntry {
	sorted := append([]model.TimelineEntry(nil), entries...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if !a.When.Equal(b.When) {
			return a.When.After(b.When)
		}
		return a.ID > b.ID
	})
	var out []model.TimelineEntry
	external := 0
	for _, e := range sorted {
		important := e.Kind == model.KindEscalation || e.Kind == model.KindRisk || e.Kind == model.KindMilestone
		if !e.Internal && external < highlightsExternal {
			external++
			out = append(out, e)
		} else if important {
			out = append(out, e)
		}
	}
	return out
}

func sortedPeople(people []model.Person) []model.Person {
	out := append([]model.Person(nil), people...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// sortedRisks returns the open risks, worst first.
func sortedRisks(risks []model.Risk) []model.Risk {
	var out []model.Risk
	for _, r := range risks {
		if r.Open() {
			out = append(out, r)
		}
	}
	rank := func(s model.Severity) int {
		for i, x := range model.Severities {
			if x == s {
				return i
			}
		}
		return -1
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].Severity) > rank(out[j].Severity) })
	return out
}

func healthWords(a model.Account) string {
	if a.Health == model.HealthUnknown {
		return ""
	}
	s := string(a.Health)
	if a.HealthScore > 0 {
		s += fmt.Sprintf(" (score %d)", a.HealthScore)
	}
	if a.HealthReason != "" {
		s += ": " + a.HealthReason
	}
	return s
}

func dueWords(d model.Date, now time.Time) string {
	if d.IsZero() {
		return ""
	}
	s := ", due " + d.String()
	if d.DaysFrom(now) < 0 {
		s += " (overdue)"
	}
	return s
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// excerpt is the first line of a body, cut to a readable length.
func excerpt(body string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(body), "\n")
	line = strings.TrimSpace(line)
	if r := []rune(line); len(r) > 160 {
		line = strings.TrimSpace(string(r[:157])) + "..."
	}
	return inline(line)
}

// renderIndex writes brief/README.md: who to whom, when, and a table of
// the accounts.
func renderIndex(ctx briefContext, recs []model.AccountRecord, slugs []string) []byte {
	var w mdWriter
	w.line("# Handoff: " + inline(ctx.From.Name) + " → " + inline(ctx.To.Name))
	w.blank()
	from := inline(ctx.From.Name)
	if ctx.From.Email != "" {
		from += " <" + inline(ctx.From.Email) + ">"
	}
	w.line(fmt.Sprintf("Made by %s for %s on %s.", from, inline(ctx.To.Name), ctx.Now.Format("2 January 2006, 15:04 MST")))
	w.blank()
	if ctx.Redacted {
		w.line("> **Redacted:** internal context, unwritten knowledge, notes on people and internal timeline entries were left out of this bundle.")
		w.blank()
	} else {
		w.line("> This bundle holds **internal** context (marked INTERNAL in each brief). Never forward it to a customer.")
		w.blank()
	}
	w.line("| Account | ARR | Renewal | Health |")
	w.line("|---|---|---|---|")
	totals := map[string]int64{}
	var currencies []string
	for i, r := range recs {
		a := r.Account
		renewal := ""
		if !a.Renewal.IsZero() {
			renewal = a.Renewal.String() + " (" + model.RenewalCountdown(a.Renewal, ctx.Now) + ")"
		}
		w.line(fmt.Sprintf("| [%s](%s.md) | %s | %s | %s |", cell(a.Name), slugs[i], a.ARR, renewal, nonEmpty(string(a.Health), "unknown")))
		if a.ARR.Minor != 0 {
			if _, ok := totals[a.ARR.Currency]; !ok {
				currencies = append(currencies, a.ARR.Currency)
			}
			totals[a.ARR.Currency] += a.ARR.Minor
		}
	}
	w.blank()
	sort.Strings(currencies)
	var sums []string
	for _, c := range currencies {
		sums = append(sums, model.Money{Minor: totals[c], Currency: c}.String())
	}
	w.line(fmt.Sprintf("%d accounts; total ARR %s.", len(recs), nonEmpty(strings.Join(sums, " + "), "not recorded")))
	w.blank()
	w.section("What is in this bundle")
	items := []string{
		"`brief/`: this brief, one page per account, for reading.",
		"`accounts/`: one record per account as JSON, for bob to import.",
		"`manifest.json`: who sent it to whom, the accounts, and the SHA-256 of every file.",
	}
	if ctx.Signed {
		items = append(items, "`signature`: the sender's ed25519 signature over the manifest.")
	}
	w.list(items, "")
	w.line("To take the accounts over, import this file in bob: it checks the signature and every file before it changes anything, and shows what the import will add or change.")
	return w.bytes()
}

// briefSlugs picks a distinct file name for each account's brief page.
func briefSlugs(recs []model.AccountRecord) []string {
	taken := map[string]bool{"readme": true}
	out := make([]string, len(recs))
	for i, r := range recs {
		id := strings.ToLower(r.Account.ID)
		s := slugify(r.Account.Name)
		if s == "" {
			s = "account-" + id
		}
		if taken[s] {
			s += "-" + id[max(0, len(id)-6):]
		}
		if taken[s] {
			s = slugify(r.Account.Name) + "-" + id
		}
		taken[s] = true
		out[i] = s
	}
	return out
}

// slugify makes a file name any OS accepts from a name: lowercase ASCII
// letters and digits, words joined by dashes.
func slugify(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
		if b.Len() >= 60 {
			break
		}
	}
	return b.String()
}

// mdWriter builds a Markdown page.
type mdWriter struct{ b strings.Builder }

func (w *mdWriter) line(s string) { w.b.WriteString(s); w.b.WriteByte('\n') }
func (w *mdWriter) blank()        { w.b.WriteByte('\n') }

func (w *mdWriter) section(title string) {
	w.line("## " + title)
	w.blank()
}

// para writes user-written Markdown as it is, or says it is missing: a
// missing fact is itself worth knowing.
func (w *mdWriter) para(s string) {
	s = strings.TrimSpace(s)
	if s == "" {
		s = notRecorded
	}
	w.line(s)
	w.blank()
}

func (w *mdWriter) sub(title, s string) {
	w.line("**" + title + ":**")
	w.blank()
	w.para(s)
}

// list writes a bulleted list; items starting with spaces are nested.
func (w *mdWriter) list(items []string, empty string) {
	if len(items) == 0 {
		if empty != "" {
			w.line(empty)
			w.blank()
		}
		return
	}
	for _, it := range items {
		trimmed := strings.TrimLeft(it, " ")
		w.line(it[:len(it)-len(trimmed)] + "- " + trimmed)
	}
	w.blank()
}

func (w *mdWriter) bytes() []byte { return []byte(w.b.String()) }

// inline flattens text onto one line.
func inline(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// cell makes text safe inside a table cell.
func cell(s string) string {
	return strings.ReplaceAll(inline(s), "|", `\|`)
}
