package demo

import (
	"strconv"
	"strings"

	"bob/model"
)

// rootTitles head the org chart: small companies buy from the top.
var (
	rootTitlesSmall = []string{"Chief Executive Officer", "Founder & CEO", "Managing Director", "President"}
	rootTitlesLarge = []string{"Chief Operating Officer", "Chief Information Officer", "Chief Digital Officer", "Chief Transformation Officer"}
)

// people builds the people map: an org chart three or four levels deep
// (executive, heads of function, managers, staff), the stakeholder roles on
// it, and influence edges between people.
func (g *gen) people() {
	r := &g.r
	n := r.between(g.seg.people[0], g.seg.people[1])
	l1 := r.between(g.seg.level1[0], g.seg.level1[1])
	rest := n - 1 - l1
	l2 := (rest*55 + 99) / 100
	if l2 < 1 {
		l2 = 1
	}
	l3 := rest - l2

	ps := make([]model.Person, 0, 1+l1+l2+l3)
	fns := make([]function, 0, cap(ps))
	teams := make([]string, 0, cap(ps))
	g.first = make([]string, 0, cap(ps))
	g.level = make([]int, 0, cap(ps))

	add := func(level int, fn function, manager int, team, title string) {
		p := model.Person{AccountID: g.acc.ID, Title: title, Status: model.PersonActive}
		first, last := g.newName(ps)
		p.Name = first + " " + last
		p.Email = strings.ToLower(first) + "." + strings.ToLower(strings.ReplaceAll(last, " ", "")) + "@" + g.acc.Domain
		if g.reg.phone != "" && r.chance(0.6) {
			p.Phone = g.reg.phone + digits(r, g.reg.digits)
		}
		// Most people were mapped when the account was set up; some later.
		if level > 0 && r.chance(0.15) {
			p.Created = g.between(g.start, g.b.now)
		} else {
			p.Created = g.later(g.created, 30*day)
		}
		p.Updated = g.later(p.Created, g.b.now.Sub(p.Created))
		p.ID = g.id.at(p.Created)
		if manager >= 0 {
			p.ReportsTo = ps[manager].ID
		}
		ps = append(ps, p)
		fns = append(fns, fn)
		teams = append(teams, team)
		g.first = append(g.first, first)
		g.level = append(g.level, level)
	}

	// Level 0: the top of the chart.
	if g.seg.name == "smb" {
		add(0, fnExec, -1, "", pick(r, rootTitlesSmall))
	} else {
		add(0, fnExec, -1, "", pick(r, rootTitlesLarge))
	}
	// Level 1: heads of function. The business line and IT are always
	// there; in small companies the top executive holds the budget.
	order := []function{fnBusiness, fnIT, fnFinance, fnOps, fnHR}
	for k := 0; k < l1; k++ {
		fn := order[k%len(order)]
		team := g.teamFor(fn)
		add(1, fn, 0, team, g.title(fn, 1, team))
	}
	// Level 2: managers under the heads, weighted towards the business
	// line and IT, who use the product most.
	for k := 0; k < l2; k++ {
		m := 1 + r.intn(l1)
		if fns[m] != fnBusiness && fns[m] != fnIT && r.chance(0.5) {
			m = 1 // the business line
		}
		team := teams[m]
		if fns[m] == fnBusiness && r.chance(0.4) {
			team = pick(r, g.teams)
		}
		add(2, fns[m], m, team, g.title(fns[m], 2, team))
	}
	// Level 3: staff under the managers.
	for k := 0; k < l3; k++ {
		m := 1 + l1 + r.intn(l2)
		add(3, fns[m], m, teams[m], g.title(fns[m], 3, teams[m]))
	}
	g.rec.People = ps

	g.roles(fns)
	g.traits()
	g.dottedLines()
	g.edges()
}

// teamFor names the department a head of function runs.
func (g *gen) teamFor(fn function) string {
	switch fn {
	case fnBusiness:
		return g.teams[0]
	case fnFinance:
		return "Finance"
	case fnIT:
		return "IT"
	case fnOps:
		return "Operations"
	default:
		return "People"
	}
}

func (g *gen) title(fn function, level int, team string) string {
	t := pick(&g.r, titles[fn][level])
	if strings.Contains(t, "{t}") {
		t = strings.Replace(t, "{t}", team, 1)
	}
	return t
}

// newName returns a first and last name not yet used in ps.
func (g *gen) newName(ps []model.Person) (string, string) {
	for {
		first, last := pick(&g.r, firstNames), pick(&g.r, lastNames)
		taken := false
		for _, p := range ps {
			if len(p.Name) == len(first)+1+len(last) && strings.HasPrefix(p.Name, first+" ") && strings.HasSuffix(p.Name, last) {
				taken = true
				break
			}
		}
		if !taken {
			return first, last
		}
	}
}

// digits returns n random decimal digits.
func digits(r *rng, n int) string {
	var b [8]byte
	for i := 0; i < n; i++ {
		b[i] = byte('0' + r.intn(10))
	}
	return string(b[:n])
}

// roles hands out the stakeholder roles. Most accounts have an executive
// sponsor, a champion and often a detractor; some lack a sponsor or a
// champion (or theirs left the company) so that risk flags show in the demo.
func (g *gen) roles(fns []function) {
	r := &g.r
	ps := g.rec.People
	byLevel := func(level int) []int {
		var out []int
		for i, l := range g.level {
			if l == level {
				out = append(out, i)
			}
		}
		return out
	}
	l1, l2, l3 := byLevel(1), byLevel(2), byLevel(3)
	addRole := func(i int, role model.Role) {
		if !ps[i].HasRole(role) {
			ps[i].Roles = append(ps[i].Roles, role)
		}
	}

	g.decider = l1[0]
	addRole(g.decider, model.RoleDecisionMaker)
	switch r.weighted(76, 8, 6, 10) {
	case 0: // the top executive sponsors the project
		g.sponsor = 0
	case 1: // the business head does
		g.sponsor = g.decider
	case 2: // the sponsor left and nobody took over
		g.sponsor = 0
		ps[0].Status = model.PersonLeft
	case 3: // nobody ever sponsored it
	}
	if g.sponsor >= 0 {
		addRole(g.sponsor, model.RoleSponsor)
	}
	g.buyer = 0
	for _, i := range l1 {
		if fns[i] == fnFinance {
			g.buyer = i
			break
		}
	}
	addRole(g.buyer, model.RoleEconomicBuyer)

	// The technical owner is the first IT manager, else the head of IT.
	tech := l1[1]
	for _, i := range l2 {
		if fns[i] == fnIT {
			tech = i
			break
		}
	}
	addRole(tech, model.RoleTechnicalOwner)

	// 0: an active champion; 1: the champion left; 2: none was found.
	if c := r.weighted(80, 7, 13); c < 2 {
		g.champion = pick(r, l2)
		for k := 0; k < 3 && fns[g.champion] != fnBusiness && fns[g.champion] != fnIT; k++ {
			g.champion = pick(r, l2)
		}
		addRole(g.champion, model.RoleChampion)
		if c == 1 {
			ps[g.champion].Status = model.PersonLeft
		}
	}

	if len(ps) > 4 && r.chance(0.55) {
		cands := append(append([]int(nil), l1...), l2...)
		for k := 0; k < 6; k++ {
			d := pick(r, cands)
			if d != g.sponsor && d != g.champion {
				g.detractor = d
				addRole(d, model.RoleDetractor)
				break
			}
		}
	}

	inf := append(append([]int(nil), l2...), l3...)
	for k := r.between(1, 2); k > 0; k-- {
		i := pick(r, inf)
		if i != g.champion && i != g.detractor {
			addRole(i, model.RoleInfluencer)
		}
	}
	for _, i := range l3 {
		if len(ps[i].Roles) == 0 {
			addRole(i, model.RoleEndUser)
		}
	}
	for _, i := range l2 {
		if len(ps[i].Roles) == 0 && r.chance(0.5) {
			addRole(i, model.RoleEndUser)
		}
	}

	// A few more people moved on.
	for i := 1; i < len(ps); i++ {
		if i != g.sponsor && i != g.champion && ps[i].Status == model.PersonActive && r.chance(0.05) {
			ps[i].Status = model.PersonLeft
		}
	}
}

// traits sets influence, sentiment, power, the ADKAR barrier and notes.
func (g *gen) traits() {
	r := &g.r
	ps := g.rec.People
	age := g.age()
	for i := range ps {
		p := &ps[i]
		level := g.level[i]
		switch level {
		case 0:
			p.Influence = model.LevelHigh
			p.Power = []model.Power{model.PowerFormal, model.PowerBoth}[r.weighted(60, 40)]
		case 1:
			p.Influence = []model.Level{model.LevelHigh, model.LevelMedium}[r.weighted(60, 40)]
			p.Power = []model.Power{model.PowerFormal, model.PowerBoth}[r.weighted(70, 30)]
		case 2:
			p.Influence = []model.Level{model.LevelLow, model.LevelMedium, model.LevelHigh}[r.weighted(20, 70, 10)]
			p.Power = []model.Power{model.PowerNone, model.PowerFormal, model.PowerInformal}[r.weighted(40, 45, 15)]
		default:
			p.Influence = []model.Level{model.LevelLow, model.LevelMedium}[r.weighted(75, 25)]
			p.Power = []model.Power{model.PowerNone, model.PowerInformal}[r.weighted(70, 30)]
		}
		p.Sentiment = model.Sentiments[r.weighted(45, 40, 15)]

		// The barrier: early letters in young accounts, later ones in
		// mature accounts.
		switch {
		case r.chance(0.15):
			p.ADKAR = model.ADKARUnknown
		case age < 180*day:
			p.ADKAR = model.ADKARStages[r.weighted(20, 25, 25, 15, 10, 5)]
		case age < 540*day:
			p.ADKAR = model.ADKARStages[r.weighted(8, 15, 20, 25, 17, 15)]
		default:
			p.ADKAR = model.ADKARStages[r.weighted(4, 8, 12, 20, 26, 30)]
		}

		switch {
		case p.HasRole(model.RoleDetractor):
			p.Sentiment = model.SentimentNegative
			p.ADKAR = []model.ADKAR{model.ADKARAwareness, model.ADKARDesire}[r.intn(2)]
			if p.Influence == model.LevelLow {
				p.Influence = model.LevelMedium
			}
		case p.HasRole(model.RoleChampion):
			p.Sentiment = model.SentimentPositive
			p.Influence = []model.Level{model.LevelMedium, model.LevelHigh}[r.intn(2)]
			p.Power = []model.Power{model.PowerFormal, model.PowerInformal, model.PowerBoth}[r.weighted(30, 30, 40)]
			p.ADKAR = []model.ADKAR{model.ADKARReinforcement, model.ADKARAdopted}[r.intn(2)]
		case p.HasRole(model.RoleSponsor):
			p.Sentiment = []model.Sentiment{model.SentimentPositive, model.SentimentNeutral}[r.weighted(80, 20)]
		}
		if p.HasRole(model.RoleInfluencer) {
			p.Influence = model.LevelHigh
			p.Power = model.PowerInformal
		}

		if p.Status == model.PersonLeft {
			left := g.between(g.start, g.b.now.Add(-14*day))
			p.Notes = "Left the company in " + left.Month().String() + " " + strconv.Itoa(left.Year()) + "."
			if p.HasRole(model.RoleSponsor) {
				p.Notes += " No new sponsor named yet."
			}
		} else if r.chance(0.35) {
			p.Notes = pick(r, personNotes)
		}
	}
}

// dottedLines gives some managers and staff an extra, dotted-line manager
// one level up who is not their direct manager.
func (g *gen) dottedLines() {
	r := &g.r
	ps := g.rec.People
	for i := range ps {
		if g.level[i] < 2 || !r.chance(0.18) {
			continue
		}
		for k := 0; k < 4; k++ {
			j := r.intn(len(ps))
			if g.level[j] == g.level[i]-1 && ps[j].ID != ps[i].ReportsTo {
				ps[i].DottedLine = []string{ps[j].ID}
				break
			}
		}
	}
}

// edges says who influences whom: the champion the sponsor, the detractor
// the economic buyer, influencers their peers, and a few more.
func (g *gen) edges() {
	r := &g.r
	ps := g.rec.People
	edges := make([]model.InfluenceEdge, 0, 8+len(ps)/3)
	type pair struct{ from, to int }
	var seen []pair
	add := func(from, to int, s model.Level, sent model.Sentiment) {
		if from < 0 || to < 0 || from == to {
			return
		}
		for _, x := range seen {
			if x == (pair{from, to}) {
				return
			}
		}
		seen = append(seen, pair{from, to})
		created := ps[from].Created
		if ps[to].Created.After(created) {
			created = ps[to].Created
		}
		created = g.later(created, 90*day)
		e := model.InfluenceEdge{
			ID: g.id.at(created), AccountID: g.acc.ID,
			From: ps[from].ID, To: ps[to].ID,
			Strength: s, Sentiment: sent,
			Created: created, Updated: created,
		}
		if r.chance(0.4) {
			e.Note = pick(r, edgeNotes)
		}
		edges = append(edges, e)
	}
	add(g.champion, g.sponsor, model.LevelHigh, model.SentimentPositive)
	add(g.champion, g.decider, model.LevelMedium, model.SentimentPositive)
	if g.detractor >= 0 {
		to := g.buyer
		if to == g.detractor {
			to = 0
		}
		add(g.detractor, to, []model.Level{model.LevelMedium, model.LevelHigh}[r.intn(2)], model.SentimentNegative)
	}
	for i := range ps {
		if ps[i].HasRole(model.RoleInfluencer) {
			for k := r.between(1, 2); k > 0; k-- {
				add(i, r.intn(len(ps)), model.LevelHigh, model.Sentiments[r.weighted(50, 35, 15)])
			}
		}
	}
	for k := r.between(1, 3) + len(ps)/6; k > 0; k-- {
		add(r.intn(len(ps)), r.intn(len(ps)), model.Levels[r.weighted(35, 45, 20)], model.Sentiments[r.weighted(45, 40, 15)])
	}
	g.rec.Edges = edges
}

// active lists the indexes of people still at the customer.
func (g *gen) active() []int {
	out := make([]int, 0, len(g.rec.People))
	for i, p := range g.rec.People {
		if p.Active() {
			out = append(out, i)
		}
	}
	return out
}
