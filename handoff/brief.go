package handoff

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

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
	// Note is the outgoing CSM's cover note; it opens the brief.
	Note string
}

// forSuccessor reports whether the page is written for a successor (a
// bundle's brief) rather than for the owner (bob show).
func (c briefContext) forSuccessor() bool { return c.To.Name != "" }

const notRecorded = "_Not recorded._"

// AccountPage renders everything about one account as the Markdown page the
// brief carries, without the handoff header: what `bob show` prints.
// Internal fields are included and marked INTERNAL.
func AccountPage(rec model.AccountRecord, now time.Time) []byte {
	return renderAccountBrief(briefContext{Now: now, StepIDs: true}, rec)
}

// renderAccountBrief writes brief/<slug>.md for one account.
func renderAccountBrief(ctx briefContext, rec model.AccountRecord) []byte {
	return appendAccountBrief(nil, ctx, rec)
}

// appendAccountBrief appends renderAccountBrief's bytes to dst.
func appendAccountBrief(dst []byte, ctx briefContext, rec model.AccountRecord) []byte {
	w := mdWriter{b: dst}
	a := rec.Account
	name := personNames(rec.People)
	writeBriefHead(&w, ctx, a)
	writeFacts(&w, ctx, a)
	if ctx.forSuccessor() {
		writeSuccessorStart(&w, ctx, rec)
	} else {
		writeAttention(&w, ctx, rec)
	}

	w.section("Goals and success metrics")
	w.para(a.Goals)
	w.section("How they use the product")
	w.para(a.UseCases)
	w.section("Contract, entitlements and expansion")
	w.sub("Entitlements", a.Entitlements)
	w.sub("Where they want to expand", a.Expansion)
	writeCommitments(&w, rec.Commitments)
	w.section("Challenges and open issues")
	w.para(a.Challenges)
	w.section("Projects and deadlines")
	w.para(a.Projects)

	writePeople(&w, rec, name)
	writePlans(&w, ctx, rec.Plans)
	writeRisks(&w, rec, ctx.Now)
	writeOpenSteps(&w, ctx, rec.Checklists)
	writeHighlights(&w, ctx, rec, name)

	w.section("Relationship history")
	w.para(a.RelationshipHistory)
	w.section("Tech stack")
	w.para(a.TechStack)
	w.section("Customer context")
	w.para(a.CustomerContext)
	writeHandoffs(&w, rec.Handoffs)
	if !ctx.Redacted {
		writeInternal(&w, rec)
	}
	return w.bytes()
}

// personNames returns a function naming a person by ID (the ID itself
// for someone not in the account).
func personNames(people []model.Person) func(id string) string {
	byID := make(map[string]model.Person, len(people))
	for _, p := range people {
		byID[p.ID] = p
	}
	return func(id string) string {
		if p, ok := byID[id]; ok {
			return p.Name
		}
		return id
	}
}

// writeBriefHead writes the title and who the brief is from and to.
func writeBriefHead(w *mdWriter, ctx briefContext, a model.Account) {
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

}

// writeFacts writes the table of the account's key facts.
func writeFacts(w *mdWriter, ctx briefContext, a model.Account) {
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
	row("Renewal outcome", string(a.RenewalOutcome))
	if a.FiscalYearStart >= 1 && a.FiscalYearStart <= 12 {
		row("Fiscal year starts", time.Month(a.FiscalYearStart).String())
	} else {
		row("Fiscal year starts", "not recorded")
	}
	row("Decision rhythm", nonEmpty(string(a.DecisionRhythm), "not recorded"))
	row("Products", strings.Join(a.Products, ", "))
	row("Tags", strings.Join(a.Tags, ", "))
	w.blank()

}

// writeAttention writes the flags and gaps, for a brief that is not a
// successor's.
func writeAttention(w *mdWriter, ctx briefContext, rec model.AccountRecord) {
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
}

// writeCommitments writes what was promised and how it is measured.
func writeCommitments(w *mdWriter, cs []model.Commitment) {
	w.section("Commitments and service levels")
	var commits []string
	for _, c := range cs {
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
}

// writePeople writes the people, the ADKAR barrier and who influences
// whom, then our side's account team.
func writePeople(w *mdWriter, rec model.AccountRecord, name func(string) string) {
	a := rec.Account
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

	w.section("Account team (our side)")
	var team []string
	for _, r := range a.Team.Roles() {
		if r[1] != "" {
			team = append(team, "**"+r[0]+":** "+inline(r[1]))
		}
	}
	w.list(team, notRecorded)
}

// writePlans writes the success plans still running in full, then the
// finished ones a line each.
func writePlans(w *mdWriter, ctx briefContext, plans []model.SuccessPlan) {
	w.section("Success plans")
	if len(plans) == 0 {
		w.line(notRecorded)
		w.blank()
	}
	var finished []string
	for _, p := range plans {
		if p.Status == model.PlanAchieved || p.Status == model.PlanAbandoned {
			finished = append(finished, planLine(p))
			continue
		}
		writePlan(w, p, ctx.Now)
	}
	if len(finished) > 0 {
		w.line("Finished plans:")
		w.blank()
		w.list(finished, "")
	}
}

// writeOpenSteps writes the checklist steps not done yet; a successor's
// brief leaves the outgoing transition checklist to its own section.
func writeOpenSteps(w *mdWriter, ctx briefContext, lists []model.Checklist) {
	w.section("Open checklist steps")
	open := false
	for _, c := range lists {
		if c.Finished() || (ctx.forSuccessor() && c.Playbook == TransitionPlaybook) {
			continue // the outgoing checklist is listed as what was not finished
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
}

// writeHighlights writes the timeline entries a successor should read,
// and where the rest is.
func writeHighlights(w *mdWriter, ctx briefContext, rec model.AccountRecord, name func(string) string) {
	a := rec.Account
	w.section("Timeline highlights")
	var tl []string
	for _, e := range highlights(rec, ctx.Now) {
		s := e.When.UTC().Format("2006-01-02") + " · " + string(e.Kind) + " · **" + inline(e.Title) + "**"
		if len(e.People) > 0 {
			names := make([]string, len(e.People))
			for i, id := range e.People {
				names[i] = inline(name(id))
			}
			s += " with " + strings.Join(names, ", ")
		}
		if e.Kind == model.KindEscalation {
			s += " (" + e.EscalationWords() + ")"
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
	if n := len(rec.Timeline); n > len(tl) {
		w.line(fmt.Sprintf("The full timeline (%s) is in `accounts/%s.json`.", model.Plural(n, "entry"), a.ID))
		w.blank()
	}
}

// writeHandoffs writes the account's handoff history, if it has one.
func writeHandoffs(w *mdWriter, hs []model.Handoff) {
	if len(hs) == 0 {
		return
	}
	w.section("Handoffs")
	var lines []string
	for _, h := range hs {
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
		lines = append(lines, s)
	}
	w.list(lines, "")
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
	w.line("### " + inline(p.Title) + " (" + strings.Join(p.Facets(inline), ", ") + ")")
	w.blank()
	for _, q := range p.Intent.Answers() {
		if q.Answer != "" {
			w.line("- **" + q.Question + ":** " + inline(q.Answer))
		}
	}
	if p.Intent != (model.Intent{}) {
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
				int(m.Progress()*100+0.5), cell(string(o.Status)), objectiveDue(o, now)))
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

// objectiveDue is an objective's due date, flagged when it passed before
// the objective was achieved or dropped.
func objectiveDue(o model.Objective, now time.Time) string {
	if o.Due.IsZero() {
		return ""
	}
	if o.Due.DaysFrom(now) < 0 && o.Status != model.PlanAchieved && o.Status != model.PlanAbandoned {
		return o.Due.String() + " **(past due)**"
	}
	return o.Due.String()
}

// writeSuccessorStart writes what a successor reads first on an account
// page: the first two weeks, what needs attention, and what the outgoing
// CSM did not finish.
func writeSuccessorStart(w *mdWriter, ctx briefContext, rec model.AccountRecord) {
	w.section("First two weeks")
	w.list(FirstWeeks(rec, ctx.From.Name, ctx.Now), "Nothing urgent: read the brief and meet the people below at your pace.")
	w.section("Needs attention")
	w.list(successorAttention(rec, ctx.From.Name, ctx.Now), "Nothing flagged.")
	w.line("### Not finished by " + inline(nonEmpty(ctx.From.Name, "the previous CSM")))
	w.blank()
	w.line("History, not your to-dos: the import closes these steps and starts your own incoming checklist.")
	w.blank()
	var left []string
	for _, s := range Unfinished(rec, ctx.Now) {
		left = append(left, "[ ] "+s)
	}
	w.list(left, "Nothing: the outgoing transition checklist is finished.")
}

// writeRisks writes the risks (open ones in full, the rest in one line)
// and the escalations, each with its status.
func writeRisks(w *mdWriter, rec model.AccountRecord, now time.Time) {
	w.section("Risks and escalations")
	var risks, past []string
	for _, r := range model.OpenRisks(dedupRisks(rec.Risks)) {
		s := "**" + string(r.Severity) + ": " + inline(r.Title) + "** (open)"
		if r.Description != "" {
			s += ". " + inline(r.Description)
		}
		if r.Mitigation != "" {
			s += " Mitigation: " + inline(r.Mitigation)
		}
		risks = append(risks, s)
	}
	for _, r := range dedupRisks(rec.Risks) {
		if !r.Open() {
			past = append(past, string(r.Severity)+": "+inline(r.Title)+" ("+string(r.Status)+")")
		}
	}
	w.list(risks, "No open risks.")
	if len(past) > 0 {
		w.line("Mitigated or closed: " + strings.Join(past, "; ") + ".")
		w.blank()
	}
	var esc []string
	for e := range newestFirst(rec.Timeline) {
		if e.Kind == model.KindEscalation {
			esc = append(esc, e.When.UTC().Format("2006-01-02")+" · **"+inline(e.Title)+"** ("+e.EscalationWords()+")")
		}
	}
	if len(esc) > 0 {
		w.line("Escalations:")
		w.blank()
		w.list(esc, "")
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
	return string(w.b)
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
		q = append(q, strings.Join(p.RoleNames(), ", "))
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

// sortedPeople returns the people by name, then ID, for reading only:
// people already in that order (as a canonical record mostly holds
// them) are given back as they are, not copied, a brief reading them so
// five times.
func sortedPeople(people []model.Person) []model.Person {
	byName := func(a, b *model.Person) int {
		if c := strings.Compare(a.Name, b.Name); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	}
	sorted := true
	for i := 1; i < len(people) && sorted; i++ {
		sorted = byName(&people[i-1], &people[i]) <= 0
	}
	if sorted {
		return people
	}
	out := append([]model.Person(nil), people...)
	slices.SortStableFunc(out, func(a, b model.Person) int { return byName(&a, &b) })
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

// renderIndex writes brief/README.md: who to whom and when, the outgoing
// CSM's cover note, a one-screen summary of the bundle, and the accounts
// ordered by urgency with the reason for each.
//
// recs need not hold their timelines: gaps are the completeness check's
// findings for each of them, made while the whole record was at hand.
func renderIndex(ctx briefContext, recs []model.AccountRecord, gaps [][]Gap, slugs []string) []byte {
	var w mdWriter
	w.line("# Handoff: " + inline(ctx.From.Name) + " → " + inline(ctx.To.Name))
	w.blank()
	from := inline(ctx.From.Name)
	if ctx.From.Email != "" {
		from += " <" + inline(ctx.From.Email) + ">"
	}
	w.line(fmt.Sprintf("Made by %s for %s on %s.", from, inline(ctx.To.Name), ctx.Now.Format("2 January 2006, 15:04 MST")))
	w.blank()
	if note := strings.TrimSpace(ctx.Note); note != "" {
		w.section("A note from " + inline(ctx.From.Name))
		lines := strings.Split(note, "\n")
		for i, l := range lines {
			l = strings.TrimRight("> "+l, " ")
			// Two trailing spaces keep the author's line breaks in a
			// Markdown viewer; blank lines separate paragraphs anyway.
			if l != ">" && i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
				l += "  "
			}
			w.line(l)
		}
		w.blank()
	}

	order, urgency := ByUrgency(recs, ctx.Now)
	w.section("At a glance")
	w.list(glance(recs, gaps, order, urgency, ctx.Now), "")
	if ctx.Redacted {
		w.line("> **Redacted:** internal context, unwritten knowledge, notes on people and internal timeline entries were left out of this bundle.")
		w.blank()
	} else {
		w.line("> This bundle holds **internal** context (marked INTERNAL in each brief). Never forward it to a customer.")
		w.blank()
	}

	w.section("Accounts by urgency")
	w.line("| Account | Why now | ARR | Renewal | Health |")
	w.line("|---|---|---|---|---|")
	for _, i := range order {
		a := recs[i].Account
		renewal := ""
		if !a.Renewal.IsZero() {
			renewal = a.Renewal.String() + " (" + model.RenewalCountdown(a.Renewal, ctx.Now) + ")"
		}
		why := "not urgent"
		if urgency[i].Urgent() {
			why = strings.Join(urgency[i].Reasons, "; ")
		}
		w.line(fmt.Sprintf("| [%s](%s.md) | %s | %s | %s | %s |", cell(a.Name), slugs[i], cell(why), a.ARR, renewal, nonEmpty(string(a.Health), "unknown")))
	}
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

// glance is the one-screen summary of the whole bundle: how many accounts
// and how much ARR, the renewals of the next 90 days, red health and
// critical risks, the gaps to close, and the accounts to start with.
func glance(recs []model.AccountRecord, gaps [][]Gap, order []int, urgency []Urgency, now time.Time) []string {
	var out []string
	out = append(out, fmt.Sprintf("**%s**, total ARR %s.", model.Plural(len(recs), "account"), nonEmpty(totalARR(recs), "not recorded")))
	var soon, passed []string
	var soonRecs []model.AccountRecord
	byRenewal := append([]int(nil), order...)
	sort.SliceStable(byRenewal, func(x, y int) bool {
		return recs[byRenewal[x]].Account.Renewal.Before(recs[byRenewal[y]].Account.Renewal)
	})
	red, critical := 0, 0
	for _, i := range byRenewal {
		r := recs[i]
		a := r.Account
		if !a.Renewal.IsZero() {
			switch d := a.Renewal.DaysFrom(now); {
			case d < 0:
				passed = append(passed, inline(a.Name)+" ("+model.RenewalCountdown(a.Renewal, now)+")")
			case d <= model.RenewalSoonDays:
				soon = append(soon, inline(a.Name)+" ("+model.RenewalCountdown(a.Renewal, now)+")")
				soonRecs = append(soonRecs, r)
			}
		}
		if a.Health == model.HealthRed {
			red++
		}
		for _, x := range dedupRisks(r.Risks) {
			if x.Open() && x.Severity == model.SeverityCritical {
				critical++
			}
		}
	}
	s := fmt.Sprintf("**Renewals in the next %d days:** ", model.RenewalSoonDays)
	if len(soon) == 0 {
		s += "none."
	} else {
		s += fmt.Sprintf("%d, ARR %s: %s.", len(soon), totalARR(soonRecs), strings.Join(soon, ", "))
	}
	out = append(out, s)
	if len(passed) > 0 {
		out = append(out, "**Renewal date passed:** "+strings.Join(passed, ", ")+".")
	}
	out = append(out, fmt.Sprintf("**Red health:** %d. **Open critical risks:** %d.", red, critical))
	g := gapWordsOf(gaps)
	if len(g) == 0 {
		out = append(out, "**Gaps to close:** none.")
	} else {
		out = append(out, "**Gaps to close:** "+strings.Join(g, "; ")+".")
	}
	var start []string
	for _, i := range order {
		if len(start) == 2 || !urgency[i].Urgent() {
			break
		}
		start = append(start, "**"+inline(recs[i].Account.Name)+"** ("+inline(strings.Join(urgency[i].Reasons, "; "))+")")
	}
	if len(start) == 0 {
		out = append(out, "**Start with:** nothing is urgent; the accounts below are in renewal order.")
	} else {
		out = append(out, "**Start with:** "+strings.Join(start, ", then ")+".")
	}
	return out
}

// totalARR sums the accounts' ARR per currency, e.g. "EUR 45,000 + USD
// 120,000"; "" when none is recorded.
func totalARR(recs []model.AccountRecord) string {
	totals := map[string]int64{}
	saturated := map[string]bool{}
	var currencies []string
	for _, r := range recs {
		a := r.Account
		if a.ARR.Minor == 0 {
			continue
		}
		if _, ok := totals[a.ARR.Currency]; !ok {
			currencies = append(currencies, a.ARR.Currency)
		}
		sum, over := model.SumMinor(totals[a.ARR.Currency], a.ARR.Minor)
		totals[a.ARR.Currency] = sum
		saturated[a.ARR.Currency] = saturated[a.ARR.Currency] || over
	}
	sort.Strings(currencies)
	var sums []string
	for _, c := range currencies {
		s := model.Money{Minor: totals[c], Currency: c}.String()
		if saturated[c] {
			s = "more than " + s // never a wrapped, negative total
		}
		sums = append(sums, s)
	}
	return strings.Join(sums, " + ")
}

// briefSlugs picks a distinct file name for each account's brief page.
func briefSlugs(recs []model.AccountRecord) []string {
	accounts := make([]model.Account, len(recs))
	for i, r := range recs {
		accounts[i] = r.Account
	}
	return briefSlugsOf(accounts)
}

// briefSlugsOf is briefSlugs for the accounts alone: the names are chosen
// before any record is read.
func briefSlugsOf(accounts []model.Account) []string {
	taken := map[string]bool{"readme": true}
	out := make([]string, len(accounts))
	for i, a := range accounts {
		id := strings.ToLower(a.ID)
		s := slugify(a.Name)
		if s == "" {
			s = "account-" + id
		}
		if taken[s] {
			s += "-" + id[max(0, len(id)-6):]
		}
		if taken[s] {
			s = slugify(a.Name) + "-" + id
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
type mdWriter struct{ b []byte }

func (w *mdWriter) line(s string) { w.b = append(append(w.b, s...), '\n') }
func (w *mdWriter) blank()        { w.b = append(w.b, '\n') }

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

func (w *mdWriter) bytes() []byte { return w.b }

// inline flattens text onto one line.
func inline(s string) string {
	if isInline(s) {
		return s // most text is: a brief inlines thousands of strings
	}
	return strings.Join(strings.Fields(s), " ")
}

// isInline reports whether inline would give s back as it is: words
// (as strings.Fields finds them) separated by single spaces, none at
// either end.
func isInline(s string) bool {
	space := true // a space first is one too many
	for _, r := range s {
		was := space
		if space = unicode.IsSpace(r); space && (r != ' ' || was) {
			return false
		}
	}
	return !space || s == ""
}

// cell makes text safe inside a table cell.
func cell(s string) string {
	return strings.ReplaceAll(inline(s), "|", `\|`)
}
