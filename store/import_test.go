package store

import (
	"bytes"
	"os"
	"testing"

	"bob/model"
)

func TestImportRowsIsAllOrNothing(t *testing.T) {
	st, path := openTest(t)
	acc := mustAccount(t, st, "Acme")
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	a, b := model.NewID(), model.NewID()
	tests := []struct {
		name     string
		accounts []model.Account
		people   []model.Person
	}{
		{"a reports-to loop", []model.Account{{Name: "New Co"}}, []model.Person{
			{ID: a, AccountID: acc.ID, Name: "Ann", ReportsTo: b},
			{ID: b, AccountID: acc.ID, Name: "Bob", ReportsTo: a},
		}},
		{"a manager in no account", nil, []model.Person{{AccountID: acc.ID, Name: "Cid", ReportsTo: model.NewID()}}},
		{"a person of an account not in the book", nil, []model.Person{{AccountID: model.NewID(), Name: "Dee"}}},
		{"an invalid account after a good one", []model.Account{{Name: "Good"}, {Name: "Bad\x1b]0;x\x07"}}, nil},
	}
	for _, tt := range tests {
		if err := st.ImportRows(tt.accounts, tt.people); err == nil {
			t.Errorf("%s: imported", tt.name)
		}
		if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
			t.Errorf("%s: the file changed", tt.name)
		}
	}
	err = st.ImportRows([]model.Account{{Name: "New Co"}}, []model.Person{
		{ID: a, AccountID: acc.ID, Name: "Ann"}, {ID: b, AccountID: acc.ID, Name: "Bob", ReportsTo: a},
	})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Count(); n != 2 {
		t.Errorf("%d accounts", n)
	}
	if ps, _ := st.People(acc.ID); len(ps) != 2 || ps[1].ReportsTo != a && ps[0].ReportsTo != a {
		t.Errorf("people %+v", ps)
	}
}
