package account_test

import (
	"strings"
	"testing"

	"bob/model"
	"bob/ui/account"
	"bob/ui/account/people"
	"bob/ui/common"
	"bob/ui/uitest"
)

func (f *fixture) stakeholder(t *testing.T, name string) model.Person {
	t.Helper()
	ps, err := f.ctx.Store.People(f.rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if p.Name == name {
			return p
		}
	}
	t.Fatalf("no person %q in the book", name)
	return model.Person{}
}

func (f *fixture) lastStatus() string {
	s := f.r.status(false)
	if len(s) == 0 {
		return ""
	}
	return s[len(s)-1]
}

func TestPeopleTreeFolds(t *testing.T) {
	f := open(t, 80, 22)
	f.keys("3")
	v := uitest.Plain(f.view())
	if !strings.Contains(v, "Lee Chen") || !strings.Contains(v, "▾ Dana Whitfield") {
		t.Fatalf("tree not expanded at first:\n%s", v)
	}
	f.keys("j", "j", "enter") // Priya: collapse
	v = uitest.Plain(f.view())
	if strings.Contains(v, "└─   Lee Chen") || !strings.Contains(v, "▸ Priya Nair [CHAMP] · Ops Manager (+1)") {
		t.Fatalf("Priya not collapsed:\n%s", v)
	}
	f.keys("l", "l") // expand, then on to Lee
	if v := uitest.Plain(f.view()); !strings.Contains(v, "› ") || !strings.Contains(v, "Lee Chen\nAnalyst") {
		t.Fatalf("l did not expand and move to the report:\n%s", v)
	}
	f.keys("h") // Lee is a leaf: go to the manager
	f.keys("z")
	if v := uitest.Plain(f.view()); strings.Contains(v, "Priya Nair [CHAMP]") {
		t.Fatalf("z did not collapse everything:\n%s", v)
	}
	f.keys("z")
	if v := uitest.Plain(f.view()); !strings.Contains(v, "Lee Chen [USER]") {
		t.Fatalf("z did not expand everything:\n%s", v)
	}
	f.keys("g", "h", "h")
	if s := f.lastStatus(); !strings.Contains(s, "top of the chart") {
		t.Fatalf("h on a top said %q", s)
	}
	f.keys("/", "lee", "enter")
	if v := uitest.Plain(f.view()); !strings.Contains(v, "Lee Chen\nAnalyst") {
		t.Fatalf("/ did not jump to Lee:\n%s", v)
	}
}

func TestPeopleAddMoveMarkLeftInfluence(t *testing.T) {
	f := open(t, 80, 22)
	f.keys("3", "n", "Ola Berg", "tab", "Head of Support", "tab", "Support", "tab", "pri", "tab", "ctrl+s")
	ola := f.stakeholder(t, "Ola Berg")
	priya := f.stakeholder(t, "Priya Nair")
	if ola.ReportsTo != priya.ID || ola.Department != "Support" {
		t.Fatalf("Ola = %+v, want under Priya in Support", ola)
	}
	if v := uitest.Plain(f.view()); !strings.Contains(v, "Ola Berg\nHead of Support") {
		t.Fatalf("cursor not on the new person:\n%s", v)
	}

	// Move Dana (the top) under Ola: a loop, refused and named.
	f.keys("g", "m", "ola", "enter")
	if s := f.lastStatus(); !strings.Contains(s, "not moved: a reporting loop: Dana Whitfield → Ola Berg → Priya Nair → Dana Whitfield") {
		t.Fatalf("loop message = %q", s)
	}
	if f.stakeholder(t, "Dana Whitfield").ReportsTo != "" {
		t.Fatal("a loop was written")
	}
	// Move Priya (with Lee and Ola) to the top.
	f.keys("/", "priya", "enter", "m", "nobody", "enter")
	if p := f.stakeholder(t, "Priya Nair"); p.ReportsTo != "" {
		t.Fatalf("Priya not moved: %+v", p)
	}
	if f.stakeholder(t, "Lee Chen").ReportsTo != priya.ID {
		t.Fatal("the subtree did not move with Priya")
	}

	// Mark the champion as left: the Overview flags it.
	f.keys("L")
	if p := f.stakeholder(t, "Priya Nair"); p.Active() || p.LeftOn.IsZero() {
		t.Fatalf("Priya not marked left: %+v", p)
	}
	f.keys("1")
	if v := uitest.Plain(f.view()); !strings.Contains(v, "no active champion") {
		t.Fatalf("overview lacks the flag:\n%s", v)
	}
	f.keys("3", "L")
	if !f.stakeholder(t, "Priya Nair").Active() {
		t.Fatal("L did not bring Priya back")
	}

	// An influence line from Priya to Ola.
	// Priya has a line already: w asks which line, a new one first.
	f.keys("w", "enter", "ola", "tab", "tab", "tab", "right", "right", "right", "tab", "tab", "weekly 1:1", "ctrl+s")
	edges, _ := f.ctx.Store.Edges(f.rec.Account.ID)
	found := false
	for _, e := range edges {
		if e.From == priya.ID && e.To == ola.ID && e.Strength == model.LevelHigh {
			found = true
		}
	}
	if !found {
		t.Fatalf("edge not saved: %+v", edges)
	}
	// Change it: w, pick the line, the form holds what it says.
	f.keys("w", "ola", "enter")
	if v := uitest.Plain(f.view()); !strings.Contains(v, "weekly 1:1") || !strings.Contains(v, "high") {
		t.Fatalf("the line's form is not filled in:\n%s", v)
	}
	f.keys("tab", "tab", "left", "ctrl+s")
	edges, _ = f.ctx.Store.Edges(f.rec.Account.ID)
	changed := false
	for _, e := range edges {
		if e.From == priya.ID && e.To == ola.ID {
			changed = e.Strength == model.LevelMedium && e.Note == "weekly 1:1"
		}
	}
	if len(edges) != 2 || !changed {
		t.Fatalf("edges after the change = %+v, want Priya → Ola medium with its note", edges)
	}
	// Remove it again, confirmed, and undo.
	f.keys("W", "ola", "enter", "y")
	edges, _ = f.ctx.Store.Edges(f.rec.Account.ID)
	if len(edges) != 1 {
		t.Fatalf("edges after removal = %+v", edges)
	}
	f.keys("u")
	if edges, _ = f.ctx.Store.Edges(f.rec.Account.ID); len(edges) != 2 {
		t.Fatalf("undo did not restore the edge: %+v", edges)
	}

	// Dotted line from Ola to Dana, then delete Ola (asked) and undo.
	f.keys("/", "ola", "enter", "D", "dana", "enter")
	if dl := f.stakeholder(t, "Ola Berg").DottedLine; len(dl) != 1 {
		t.Fatalf("dotted line = %v", dl)
	}
	f.keys("d", "n")
	f.stakeholder(t, "Ola Berg")
	f.keys("d", "y")
	if ps, _ := f.ctx.Store.People(f.rec.Account.ID); len(ps) != 4 {
		t.Fatalf("Ola not deleted: %d people", len(ps))
	}
	f.keys("u")
	f.stakeholder(t, "Ola Berg")
}

func TestPeopleSelect(t *testing.T) {
	f := open(t, 120, 38)
	lee := f.stakeholder(t, "Lee Chen")
	f.r.m.SelectTab(account.TabPeople)
	f.keys("3", "j", "enter") // collapse Dana
	f.r.m.Tab(account.TabPeople).(*people.Model).Select(lee.ID)
	if v := uitest.Plain(f.view()); !strings.Contains(v, "│ Lee Chen") {
		t.Fatalf("Select did not open the tree on Lee:\n%s", v)
	}
}

func TestTimelineUnknownMention(t *testing.T) {
	f := open(t, 80, 22)
	f.keys("2", "n", "c", "Call with @Jane Roe", "ctrl+s")
	if v := uitest.Plain(f.view()); !strings.Contains(v, "@Jane Roe matches nobody: a add to the people map") {
		t.Fatalf("no question about the unknown name:\n%s", v)
	}
	if es := f.timeline(t); len(es) != 2 {
		t.Fatalf("the entry was saved before the question was answered: %d entries", len(es))
	}
	f.keys("a")
	if v := uitest.Plain(f.view()); !strings.Contains(v, "Add to the people map") || !strings.Contains(v, "Jane Roe") {
		t.Fatalf("no person form with the name:\n%s", v)
	}
	f.keys("tab", "Controller", "ctrl+s")
	jane := f.stakeholder(t, "Jane Roe")
	var saved model.TimelineEntry
	for _, e := range f.timeline(t) {
		if e.Title == "Call with @Jane Roe" {
			saved = e
		}
	}
	if len(saved.People) != 1 || saved.People[0] != jane.ID || jane.Title != "Controller" {
		t.Fatalf("entry %+v, Jane %+v", saved, jane)
	}

	// Pick a close name instead.
	f.keys("n", "c", "Ping @Pria", "ctrl+s", "1")
	found := false
	for _, e := range f.timeline(t) {
		if e.Title == "Ping @Priya Nair" && len(e.People) == 1 {
			found = true
		}
	}
	if !found {
		t.Fatalf("picking the close name did not link Priya: %+v", f.timeline(t))
	}
	// Keep as text.
	f.keys("n", "c", "Lunch with @omar", "ctrl+s", "t")
	found = false
	for _, e := range f.timeline(t) {
		if e.Title == "Lunch with @omar" && len(e.People) == 0 {
			found = true
		}
	}
	if !found {
		t.Fatal("t did not save the entry as text")
	}
}

// TestPeopleHelpSaysWhatKeysDoHere: the bar starts with adding, changing
// and removing people, and the full help names what enter, space and the
// arrows do on the org chart (not "open", "select", "left").
func TestPeopleHelpSaysWhatKeysDoHere(t *testing.T) {
	f := open(t, 80, 24)
	f.r.m.SelectTab(account.TabPeople)
	short := f.r.m.ShortHelp()
	if len(short) < 3 || short[0].Help().Desc != "new" || short[2].Help().Desc != "delete" {
		t.Fatalf("the bar starts with %v", short)
	}
	var descs []string
	for _, col := range f.r.m.FullHelp() {
		for _, b := range col {
			descs = append(descs, b.Help().Key+" "+b.Help().Desc)
		}
	}
	all := strings.Join(descs, "\n")
	for _, want := range []string{"enter fold/unfold reports", "left fold, or up to the manager", "/ jump to a person"} {
		if !strings.Contains(all, want) {
			t.Errorf("full help lacks %q:\n%s", want, all)
		}
	}
}

// TestFullHelpNamesTheTabNumbers: the full help says 1-6 go to a tab,
// not "1".
func TestFullHelpNamesTheTabNumbers(t *testing.T) {
	f := open(t, 80, 24)
	found := false
	for _, col := range f.r.m.FullHelp() {
		for _, b := range col {
			if b.Help().Key == "1-6" && b.Help().Desc == "go to tab" {
				found = true
			}
		}
	}
	if !found {
		t.Fatalf("no 1-6 in the full help: %v", f.r.m.FullHelp())
	}
}

// TestHeaderKeepsTheRenewalCountdown: a long name at 80 columns pushes
// the renewal date out of the header, not the countdown.
func TestHeaderKeepsTheRenewalCountdown(t *testing.T) {
	f := open(t, 80, 24)
	a := f.rec.Account
	a.Name, a.HealthScore = "Castlerock Solutions", 58
	if _, err := f.ctx.Store.PutAccount(a); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, run(common.Changed(a.ID, "", "renamed"))...)
	first := strings.SplitN(f.view(), "\n", 2)[0]
	if !strings.Contains(first, "renews in 8 days") || strings.Contains(first, "…") {
		t.Fatalf("header: %q", first)
	}
}
