package store

import (
	"errors"
	"testing"

	"bob/model"
)

func TestUpdatePerson(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	boss, _ := st.PutPerson(model.Person{AccountID: a.ID, Name: "Boss"})
	p, _ := st.PutPerson(model.Person{AccountID: a.ID, Name: "Pat", Title: "Ops", ReportsTo: boss.ID})
	cases := []struct {
		name    string
		change  func(p *model.Person) error
		wantErr bool
		check   func(p model.Person) bool
	}{
		{"mark left", func(p *model.Person) error { p.Status = model.PersonLeft; return nil }, false,
			func(p model.Person) bool { return !p.Active() && p.Title == "Ops" }},
		{"change refused", func(*model.Person) error { return errors.New("no") }, true, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := st.UpdatePerson(a.ID, p.ID, c.change)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v", err)
			}
			if c.check != nil && !c.check(got) {
				t.Fatalf("person = %+v", got)
			}
		})
	}
	// Boss under Pat would be a loop: refused, and Boss stays on top.
	_, err := st.UpdatePerson(a.ID, boss.ID, func(x *model.Person) error { x.ReportsTo = p.ID; return nil })
	var ve *model.ValidationError
	if !errors.As(err, &ve) || ve.For("reports_to") == "" {
		t.Fatalf("loop: err = %v", err)
	}
	if _, err := st.UpdatePerson(a.ID, model.NewID(), func(*model.Person) error { return nil }); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown person: err = %v", err)
	}
}

func TestPutPeopleAllOrNothing(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	boss := model.Person{ID: model.NewID(), AccountID: a.ID, Name: "Boss"}
	pat := model.Person{AccountID: a.ID, Name: "Pat", ReportsTo: boss.ID}
	if _, err := st.PutPeople(a.ID, []model.Person{pat, boss}); err != nil {
		t.Fatalf("a report saved before their manager in one batch: %v", err)
	}
	bad := model.Person{AccountID: a.ID, Name: "Bad\x1b[31m"}
	if _, err := st.PutPeople(a.ID, []model.Person{{AccountID: a.ID, Name: "Ok"}, bad}); err == nil {
		t.Fatal("a name with a control character was accepted")
	}
	ps, _ := st.People(a.ID)
	if len(ps) != 2 {
		t.Fatalf("people = %d, want 2: a failed batch wrote something", len(ps))
	}
}
