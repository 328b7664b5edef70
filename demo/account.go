package demo

import (
	"math"
	"strconv"
	"strings"
	"time"

	"bob/model"
)

// segment is a customer size band: it sets ARR, the size of the people
// map and how many products are bought.
type segment struct {
	name      string
	weight    int
	arrLo     float64 // whole currency units
	arrHi     float64
	round     int64 // ARR is rounded to a multiple of this
	people    [2]int
	level1    [2]int
	products  [2]int
	employees [2]int
}

var segments = []segment{
	{"enterprise", 18, 250_000, 2_400_000, 5_000, [2]int{11, 18}, [2]int{3, 4}, [2]int{2, 4}, [2]int{5_000, 60_000}},
	{"mid-market", 40, 40_000, 250_000, 1_000, [2]int{7, 12}, [2]int{2, 3}, [2]int{1, 3}, [2]int{500, 5_000}},
	{"smb", 42, 6_000, 40_000, 500, [2]int{5, 8}, [2]int{2, 2}, [2]int{1, 2}, [2]int{40, 500}},
}

// gen builds one account record. It lives only while that account is
// made, so the book's memory stays flat.
type gen struct {
	b   *book
	r   rng
	id  ids
	rec model.AccountRecord
	acc *model.Account

	ind     *industry
	reg     *region
	seg     *segment
	created time.Time
	start   time.Time // the account's timeline starts here
	today   model.Date

	products []string // bought
	teams    []string // using the product
	stack    []tool   // the customer's tech stack
	first    []string // first name of each person, parallel to rec.People
	level    []int    // org-chart level of each person, parallel to rec.People

	sponsor, champion, buyer, decider, detractor int // person index or -1

	prevCSM   string    // who owned the account before, if inherited
	inherited time.Time // when it was inherited

	sb strings.Builder
	v  vars
}

// vars are the values fill substitutes; roll picks a fresh set.
type vars struct {
	product, other, person, team, tool, rival, site string
	month                                           time.Month
}

// account makes account i of the book.
func (b *book) account(i int) model.AccountRecord {
	g := &gen{b: b, r: newRNG(b.o.Seed, uint64(i)+1)}
	g.id = ids{account: uint32(i) ^ b.mask, r: &g.r}
	g.acc = &g.rec.Account
	g.sponsor, g.champion, g.buyer, g.decider, g.detractor = -1, -1, -1, -1, -1
	g.today = model.DateOf(b.now)

	// Creation times strictly increase with i, so IDs come out in order.
	g.created = b.slot(i, g.r.float())
	if ms := g.created.UnixMilli(); ms <= b.prevMs {
		g.created = time.UnixMilli(b.prevMs + 1).UTC()
	}
	b.prevMs = g.created.UnixMilli()
	g.start = b.window
	if s := g.created.Add(day); s.After(g.start) {
		g.start = s
	}

	g.basics(i)
	g.contract()
	g.people()
	g.health()
	g.texts()
	g.timeline()
	g.plans()
	g.commitments()
	g.risks()
	g.checklists()
	g.rec.Canonicalize()
	return g.rec
}

// age is how long the account has been a customer.
func (g *gen) age() time.Duration { return g.b.now.Sub(g.created) }

// between returns a time in [lo, hi) in whole seconds, or lo when the
// span is empty.
func (g *gen) between(lo, hi time.Time) time.Time {
	t := lo.Add(g.r.duration(hi.Sub(lo))).Truncate(time.Second)
	if t.Before(lo) {
		return lo
	}
	return t
}

// later returns a time after t by up to d, never after now.
func (g *gen) later(t time.Time, d time.Duration) time.Time {
	u := t.Add(g.r.duration(d)).Truncate(time.Second)
	if u.After(g.b.now) {
		u = g.b.now
	}
	if u.Before(t) {
		u = t
	}
	return u
}

func (g *gen) basics(i int) {
	a, r := g.acc, &g.r
	a.ID = g.id.at(g.created)
	a.Owner = g.b.o.Owner
	a.Created = g.created

	// The name: a root and a tail, spread over the book so that no two
	// accounts share one until the name space is used up.
	space := uint64(len(nameRoots) * len(g.b.tails))
	c := g.b.names.at(uint64(i) % space)
	root, t := nameRoots[c/uint64(len(g.b.tails))], g.b.tails[c%uint64(len(g.b.tails))]
	name := root + " " + t.word
	dom := root + t.word
	if round := uint64(i) / space; round > 0 {
		q := qualifiers[(round-1)%uint64(len(qualifiers))]
		name += " " + q
		dom += q
		if extra := (round - 1) / uint64(len(qualifiers)); extra > 0 {
			n := strconv.FormatUint(extra+1, 10)
			name += " " + n
			dom += n
		}
	}
	ind := t.industry
	if ind < 0 {
		ind = r.intn(len(industries))
	}
	g.ind = &industries[ind]
	w := make([]int, len(regions))
	for k, x := range regions {
		w[k] = x.weight
	}
	g.reg = &regions[r.weighted(w...)]
	g.seg = &segments[r.weighted(segments[0].weight, segments[1].weight, segments[2].weight)]

	a.Name = name
	a.Domain = strings.ToLower(dom) + pick(r, g.reg.tlds)
	a.Segment = g.seg.name

	g.products = pickN(r, products, r.between(g.seg.products[0], g.seg.products[1]))
	a.Products = g.products
	g.teams = pickN(r, g.ind.teams, r.between(2, 4))
	g.stack = make([]tool, 0, 7)
	for _, k := range r.shuffled(len(toolsByKind))[:r.between(4, 7)] {
		g.stack = append(g.stack, tool{toolsByKind[k].kind, pick(r, toolsByKind[k].tools)})
	}

	// Some accounts came from a colleague's book.
	if len(g.b.others) > 0 && g.b.now.Sub(g.start) > 120*day && r.chance(0.35) {
		g.prevCSM = pick(r, g.b.others)
		g.inherited = g.between(g.start.Add(30*day), g.b.now.Add(-45*day))
	}
}

// contract sets ARR, the current term and the renewal: renewals fall from
// 30 days ago (overdue) to 18 months ahead.
func (g *gen) contract() {
	a, r := g.acc, &g.r
	arr := math.Exp(math.Log(g.seg.arrLo) + r.float()*(math.Log(g.seg.arrHi)-math.Log(g.seg.arrLo)))
	whole := int64(arr) / g.seg.round * g.seg.round
	if whole < g.seg.round {
		whole = g.seg.round
	}
	a.ARR = model.Money{Minor: whole * 100, Currency: g.reg.currency}
	a.FiscalYearStart = []int{1, 4, 7, 10, 0}[r.weighted(55, 12, 13, 8, 12)]

	// The renewal ends the current term, which started on or before today.
	churned := g.age() > 400*day && r.chance(0.02)
	term := []int{12, 24, 36}[r.weighted(65, 22, 13)]
	var renewal model.Date
	if churned || r.chance(0.05) {
		renewal = g.today.AddDays(-r.between(1, 30))
	} else {
		renewal = g.today.AddDays(r.between(0, min(540, term*30-1)))
	}
	since := model.DateOf(g.created)
	startDay := model.DateOf(renewal.Time().AddDate(0, -term, 0))
	if startDay.Before(since) {
		// Younger than the term: renew yearly from the first signature.
		startDay = since
		renewal = model.DateOf(since.Time().AddDate(1, 0, 0))
		for renewal.DaysFrom(g.b.now) < -30 {
			startDay, renewal = renewal, model.DateOf(renewal.Time().AddDate(1, 0, 0))
		}
	}
	a.ContractStart, a.Renewal = startDay, renewal
	if churned {
		a.Stage = model.StageChurned
	}
}

// health judges the account from what is known about it, then sets the
// lifecycle stage that follows.
func (g *gen) health() {
	a, r := g.acc, &g.r
	noSponsor := !model.HasActiveRole(g.rec.People, model.RoleSponsor)
	noChampion := !model.HasActiveRole(g.rec.People, model.RoleChampion)
	w := [3]int{55, 30, 15}
	if noSponsor {
		w = [3]int{20, 45, 35}
	} else if noChampion {
		w = [3]int{35, 45, 20}
	}
	if a.Stage == model.StageChurned {
		w = [3]int{0, 0, 1}
	}
	a.Health = model.Healths[r.weighted(w[:]...)]
	if r.chance(0.92) {
		switch a.Health {
		case model.HealthGreen:
			a.HealthScore = r.between(72, 96)
		case model.HealthYellow:
			a.HealthScore = r.between(48, 71)
		default:
			a.HealthScore = r.between(12, 47)
		}
	}
	g.roll()
	switch {
	case noSponsor && a.Health != model.HealthGreen:
		a.HealthReason = "no active executive sponsor"
	case noChampion && a.Health != model.HealthGreen && r.chance(0.5):
		a.HealthReason = "champion gone; adoption stalling"
	default:
		a.HealthReason = g.fill(pick(r, healthReasons[string(a.Health)]))
	}

	switch age := g.age(); {
	case a.Stage == model.StageChurned:
	case age < 120*day:
		a.Stage = model.StageOnboarding
	case a.Health == model.HealthRed && r.chance(0.75):
		a.Stage = model.StageAtRisk
	case a.Renewal.DaysFrom(g.b.now) <= 100:
		a.Stage = model.StageRenewal
	case age < 365*day:
		a.Stage = model.StageAdoption
	case r.chance(0.25):
		a.Stage = model.StageExpansion
	default:
		a.Stage = model.StageValue
	}
	switch {
	case a.Stage == model.StageOnboarding:
		a.DecisionRhythm = model.DecisionRhythms[r.weighted(40, 40, 20)]
	case g.seg.name == "enterprise":
		a.DecisionRhythm = model.DecisionRhythms[r.weighted(15, 50, 35)]
	default:
		a.DecisionRhythm = model.DecisionRhythms[r.weighted(40, 35, 25)]
	}
	if r.chance(0.04) {
		a.DecisionRhythm = "" // not yet known
	}

	tags := []string{g.ind.name, g.reg.name}
	for _, k := range r.shuffled(len(tagPool))[:r.between(0, 3)] {
		tags = append(tags, tagPool[k])
	}
	if a.Health == model.HealthRed && !contains(tags, "watchlist") {
		tags = append(tags, "watchlist")
	}
	if g.prevCSM != "" && r.chance(0.5) {
		tags = append(tags, "inherited")
	}
	a.Tags = tags
}

// texts writes the account's Markdown fields from the phrase lists.
func (g *gen) texts() {
	a, r := g.acc, &g.r
	g.roll()
	a.Goals = g.lines(goalLines, r.between(2, 3))
	g.roll()
	a.UseCases = g.lines(useCaseLines, r.between(2, 3))
	g.roll()
	a.Challenges = g.lines(challengeLines, r.between(1, 3))
	g.roll()
	a.Projects = g.lines(projectLines, r.between(1, 2))
	a.TechStack = g.techStack()
	a.RelationshipHistory = g.history()
	g.roll()
	a.CustomerContext = g.customerContext()
	g.roll()
	a.InternalContext = g.lines(internalLines, r.between(1, 3))
	g.roll()
	a.UnwrittenKnowledge = g.lines(unwrittenLines, r.between(1, 3))
	a.Entitlements = g.entitlements()
	if r.chance(0.7) {
		g.roll()
		a.Expansion = g.lines(expansionLines, r.between(1, 2))
	}
	a.Updated = g.later(g.b.now.Add(-30*day), 30*day)
	if a.Updated.Before(a.Created) {
		a.Updated = a.Created
	}
}

// tool is one line of a tech stack: "CRM: Salesforce".
type tool struct{ kind, name string }

func (g *gen) techStack() string {
	sb := &g.sb
	sb.Reset()
	for i, t := range g.stack {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString("- ")
		sb.WriteString(t.kind)
		sb.WriteString(": ")
		sb.WriteString(t.name)
	}
	return sb.String()
}

func (g *gen) history() string {
	r := &g.r
	sb := &g.sb
	sb.Reset()
	sb.WriteString("- Customer since ")
	sb.WriteString(g.created.Month().String())
	sb.WriteByte(' ')
	sb.WriteString(strconv.Itoa(g.created.Year()))
	sb.WriteString(".")
	if g.prevCSM != "" {
		sb.WriteString("\n- Inherited from ")
		sb.WriteString(g.prevCSM)
		sb.WriteString(" in ")
		sb.WriteString(g.inherited.Month().String())
		sb.WriteByte(' ')
		sb.WriteString(strconv.Itoa(g.inherited.Year()))
		sb.WriteString(".")
	}
	head := sb.String()
	g.roll()
	return head + "\n" + g.lines(historyLines, r.between(1, 2))
}

func (g *gen) customerContext() string {
	r := &g.r
	emp := r.between(g.seg.employees[0], g.seg.employees[1])
	if emp > 1000 {
		emp = emp / 100 * 100
	}
	head := "- " + thousands(emp) + " employees; headquarters in " + pick(r, g.reg.cities) + ".\n"
	return head + g.lines(g.ind.context, r.between(1, 2))
}

func (g *gen) entitlements() string {
	r := &g.r
	sb := &g.sb
	sb.Reset()
	seatPrice := int64(r.between(400, 1200))
	seats := g.acc.ARR.Minor / 100 / seatPrice / int64(len(g.products))
	if seats < 5 {
		seats = 5
	}
	for i, p := range g.products {
		if i > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString("- ")
		sb.WriteString(p)
		sb.WriteString(": ")
		if i == 0 {
			sb.WriteString(thousands(int(seats)))
			sb.WriteString(" seats")
		} else {
			sb.WriteString("platform licence")
		}
	}
	sb.WriteString("\n- ")
	switch g.seg.name {
	case "enterprise":
		sb.WriteString(supportTiers[1])
		sb.WriteString("\n- ")
		sb.WriteString(strconv.Itoa(r.between(2, 4)))
		sb.WriteString(" sandbox environments")
	case "mid-market":
		sb.WriteString(pick(r, supportTiers))
	default:
		sb.WriteString(supportTiers[0])
	}
	return sb.String()
}

// roll picks a fresh set of values for fill.
func (g *gen) roll() {
	r := &g.r
	g.v.product = pick(r, g.products)
	g.v.other = pick(r, products)
	for k := 0; k < 3 && contains(g.products, g.v.other); k++ {
		g.v.other = pick(r, products)
	}
	g.v.team = pick(r, g.teams)
	g.v.tool = pick(r, g.stack).name
	g.v.rival = pick(r, rivals)
	g.v.site = pick(r, g.reg.cities)
	g.v.month = time.Month(r.between(1, 12))
	g.v.person = ""
	if len(g.first) > 0 {
		g.v.person = g.first[r.intn(len(g.first))]
	}
}

// fill expands the placeholders of a template (see words.go).
func (g *gen) fill(t string) string {
	if strings.IndexByte(t, '{') < 0 {
		return t
	}
	sb := &g.sb
	sb.Reset()
	g.fillInto(sb, t)
	return sb.String()
}

func (g *gen) fillInto(sb *strings.Builder, t string) {
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 || i+2 >= len(t) || t[i+2] != '}' {
			sb.WriteString(t)
			return
		}
		sb.WriteString(t[:i])
		switch t[i+1] {
		case 'c':
			sb.WriteString(g.acc.Name)
		case 'p':
			sb.WriteString(g.v.product)
		case 'q':
			sb.WriteString(g.v.other)
		case 'f':
			if g.v.person != "" {
				sb.WriteString(g.v.person)
			} else {
				sb.WriteString("the sponsor")
			}
		case 't':
			sb.WriteString(g.v.team)
		case 'x':
			sb.WriteString(g.v.tool)
		case 'k':
			sb.WriteString(g.v.rival)
		case 'm':
			sb.WriteString(g.v.month.String())
		case 'n':
			sb.WriteByte(byte('2' + g.r.intn(8)))
		case 'o':
			sb.WriteString(g.b.ownerFirst)
		case 's':
			sb.WriteString(g.v.site)
		default:
			sb.WriteString(t[i : i+3])
		}
		t = t[i+3:]
	}
}

// lines writes k different phrases from list as a Markdown bullet list.
func (g *gen) lines(list []string, k int) string {
	sb := &g.sb
	sb.Reset()
	g.linesInto(sb, list, k)
	return sb.String()
}

func (g *gen) linesInto(sb *strings.Builder, list []string, k int) {
	if k > len(list) {
		k = len(list)
	}
	var used [8]int
	for j := 0; j < k && j < len(used); j++ {
		x := g.r.intn(len(list))
		for again := true; again; {
			again = false
			for _, u := range used[:j] {
				if u == x {
					x = (x + 1) % len(list)
					again = true
					break
				}
			}
		}
		used[j] = x
		if j > 0 {
			sb.WriteByte('\n')
		}
		sb.WriteString("- ")
		g.fillInto(sb, list[x])
	}
}

// perm8 returns a random permutation of [0, n) for small n (at most 32).
func (r *rng) shuffled(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := r.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// pickN returns k different elements of s, in random order.
func pickN(r *rng, s []string, k int) []string {
	if k > len(s) {
		k = len(s)
	}
	out := make([]string, k)
	for i, j := range r.shuffled(len(s))[:k] {
		out[i] = s[j]
	}
	return out
}

func contains(s []string, x string) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// thousands writes n with comma separators: 12,400.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
