package account_test

import (
	"strings"
	"testing"

	"bob/model"
	"bob/store"
	"bob/ui/account"
	"bob/ui/account/people"
	"bob/ui/common"
	"bob/ui/uitest"
)

// TestCommitmentFormShowsAnOutsideChange: a commitment is open in its form
// when another bob changes it; the form keeps the typed text, names the
// changed field, and takes theirs on ctrl+t. Removed outside, ctrl+t
// closes the form.
func TestCommitmentFormShowsAnOutsideChange(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	f.keys("6", "g", "e", " weekly")
	typed := "weekly"
	if v := f.view(); !strings.Contains(v, "Edit commitment") || !strings.Contains(v, typed) {
		t.Fatalf("the form is not open with the typed text:\n%s", v)
	}
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	cs, _ := other.Commitments(acc)
	c := cs[0]
	c.Measure = "the support SLA report, monthly"
	if _, err := other.PutCommitment(c); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	v := f.view()
	if !strings.Contains(v, "! changed outside: bob (pid 7) changed Acme Corp: Measured by") || !strings.Contains(v, typed) {
		t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
	}
	f.keys("ctrl+t")
	if v := f.view(); strings.Contains(v, "! changed outside") || !strings.Contains(v, "the support SLA report, monthly") || !strings.Contains(v, typed) {
		t.Fatalf("after ctrl+t the form should hold theirs and the typed text:\n%s", v)
	}
	if _, err := other.DeleteCommitment(acc, c.ID); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "! removed outside") {
		t.Fatalf("the removal is not shown:\n%s", v)
	}
	f.keys("ctrl+t")
	if v := f.view(); strings.Contains(v, "Edit commitment") {
		t.Fatalf("ctrl+t on a removed record should close the form:\n%s", v)
	}
}

// TestEntryFormKeepsMineOverAnOutsideChange: an entry open in its edit
// form is changed by another bob; ctrl+o keeps the user's edit, the field
// they did not touch takes the outside change, and saving writes both.
func TestEntryFormKeepsMineOverAnOutsideChange(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	f.keys("2", "g", "e", " (draft)")
	if v := f.view(); !strings.Contains(v, "Edit timeline entry") || !strings.Contains(v, "(draft)") {
		t.Fatalf("the edit form is not open with the typed text:\n%s", v)
	}
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	es, _ := other.Timeline(acc, store.TimelineQuery{})
	e := es[0]
	e.Body = "Changed from the command line."
	if _, err := other.PutEntry(e); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "changed Acme Corp: Body") || !strings.Contains(v, "(draft)") {
		t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
	}
	f.keys("ctrl+o", "ctrl+s")
	saved, err := f.ctx.Store.Entry(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The title the user edited is theirs; the body they did not touch
	// keeps the outside change.
	if !strings.HasSuffix(saved.Title, " (draft)") || saved.Body != e.Body {
		t.Fatalf("keep mine then save wrote %q / %q", saved.Title, saved.Body)
	}
}

// TestPersonFormShowsAnOutsideChange: a stakeholder open in the people
// form is changed by another bob: the form keeps the typed name and names
// the changed field.
func TestPersonFormShowsAnOutsideChange(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	f.keys("3", "e", " Jr")
	v := f.view()
	if !strings.Contains(v, "Edit ") || !strings.Contains(v, " Jr") {
		t.Fatalf("the person form is not open with the typed text:\n%s", v)
	}
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	people, _ := other.People(acc)
	var p model.Person
	for _, x := range people {
		if strings.Contains(v, "Edit "+x.Name) {
			p = x
		}
	}
	if p.ID == "" {
		t.Fatalf("which person is open?\n%s", v)
	}
	p.Title = "Chief Operating Officer"
	if _, err := other.PutPerson(p); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "changed Acme Corp: Title") || !strings.Contains(v, " Jr") {
		t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
	}
}

// TestRenewalFormShowsAnOutsideChange: the renewal date form names an
// outside change to the date and takes it on ctrl+t.
func TestRenewalFormShowsAnOutsideChange(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	f.keys("1", "r")
	if v := f.view(); !strings.Contains(v, "Renewal date of") {
		t.Fatalf("the renewal form is not open:\n%s", v)
	}
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.UpdateAccount(acc, func(a *model.Account) error { a.Renewal = model.MustDate("2028-03-31"); return nil }); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "changed Acme Corp: Renewal") {
		t.Fatalf("the conflict is not shown:\n%s", v)
	}
	f.keys("ctrl+t")
	if v := f.view(); !strings.Contains(v, "2028-03-31") {
		t.Fatalf("ctrl+t did not take the outside date:\n%s", v)
	}
}

// TestInfluenceFormShowsAnOutsideChange: an influence line open in its
// form is changed by another bob: the form keeps the typed note, names
// the changed field, and takes the outside strength on ctrl+t.
func TestInfluenceFormShowsAnOutsideChange(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	edges, _ := f.ctx.Store.Edges(acc)
	e := edges[0]
	f.keys("3")
	f.r.m.Tab(account.TabPeople).(interface{ Focus(string) }).Focus(e.From)
	f.keys("w", "dana", "enter")
	form := f.r.m.Tab(account.TabPeople).(*people.Model).Form()
	if form == nil || form.Value("note") != "weekly 1:1" {
		t.Fatalf("the line's form is not open:\n%s", f.view())
	}
	form.Focus("note")
	f.keys(" over lunch")
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	e.Strength = model.LevelLow
	if _, err := other.PutEdge(e); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "changed Acme Corp: Strength") || form.Value("note") != "weekly 1:1 over lunch" {
		t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
	}
	f.keys("ctrl+t")
	if form.Conflict() || form.Value("strength") != string(model.LevelLow) || form.Value("note") != "weekly 1:1 over lunch" {
		t.Fatalf("after ctrl+t strength = %q, note = %q", form.Value("strength"), form.Value("note"))
	}
}

// TestStepFormShowsAnOutsideChange: a checklist step open in its form is
// changed by another bob: the typed title stays, the detail is named and
// taken on ctrl+t.
func TestStepFormShowsAnOutsideChange(t *testing.T) {
	f := open(t, 100, 30)
	acc := f.rec.Account.ID
	f.r.m.SelectTab(account.TabPlaybooks)
	c := f.checklist(t)
	s := c.Steps[0]
	f.r.m.Tab(account.TabPlaybooks).(interface{ Focus(string) }).Focus(s.ID)
	f.keys("e", " (on site)")
	if v := f.view(); !strings.Contains(v, "Edit step of") || !strings.Contains(v, s.Title+" (on site)") {
		t.Fatalf("the step form is not open with the typed text:\n%s", v)
	}
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.UpdateChecklist(acc, c.ID, func(x *model.Checklist) error {
		x.Steps[0].Detail = "Bring the badges."
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "changed Acme Corp: Detail") || !strings.Contains(v, s.Title+" (on site)") {
		t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
	}
	f.keys("ctrl+t")
	if v := f.view(); strings.Contains(v, "! changed outside") || !strings.Contains(v, "Bring the badges.") || !strings.Contains(v, s.Title+" (on site)") {
		t.Fatalf("after ctrl+t the form should hold theirs and the typed text:\n%s", v)
	}
}
