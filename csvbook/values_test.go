package csvbook

import (
	"errors"
	"testing"

	"bob/model"
)

func TestParseAmount(t *testing.T) {
	tests := []struct {
		in, currency string
		minor        int64
		cur          string
		bad          bool
	}{
		{"$1,200,000.00", "", 120000000, "USD", false},
		{"120.000,00 €", "", 12000000, "EUR", false},
		{"1 200 000,00 EUR", "", 120000000, "EUR", false},
		{"1\u00a0200\u00a0000,00\u00a0EUR", "", 120000000, "EUR", false},
		{"120k", "GBP", 12000000, "GBP", false},
		{"1.5M", "USD", 150000000, "USD", false},
		{"USD 3.2M", "", 320000000, "USD", false},
		{"CHF 1'200'000.50", "", 120000050, "CHF", false},
		{"€120.000", "", 12000000, "EUR", false},
		{"1,500", "USD", 150000, "USD", false},
		{"1,5", "EUR", 150, "EUR", false},
		{"85,500.505", "USD", 8550051, "USD", false},
		{"99,000.00", "PLN", 9900000, "PLN", false},
		{"", "", 0, "", false},
		{"5000", "", 0, "", true}, // no currency at all
		{"lots", "USD", 0, "", true},
		{"-100", "USD", 0, "", true},
		{"1.2.3,4,5", "USD", 0, "", true},
		{"$100 EUR", "", 0, "", true},
		{"99999999999999999999", "USD", 0, "", true},
	}
	for _, tt := range tests {
		m, err := ParseAmount(tt.in, tt.currency)
		if tt.bad {
			if err == nil {
				t.Errorf("ParseAmount(%q) = %v, want an error", tt.in, m)
			}
			continue
		}
		if err != nil || m.Minor != tt.minor || m.Currency != tt.cur {
			t.Errorf("ParseAmount(%q, %q) = %v, %v; want %d %s", tt.in, tt.currency, m, err, tt.minor, tt.cur)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in    string
		order DateOrder
		want  string
		amb   bool
		bad   bool
	}{
		{"2027-03-31", "", "2027-03-31", false, false},
		{"2027-03-31T00:00:00Z", "", "2027-03-31", false, false},
		{"2027-03-31 10:22", "", "2027-03-31", false, false},
		{"3/31/2027", "", "2027-03-31", false, false},
		{"31/03/2027", "", "2027-03-31", false, false},
		{"31.03.2027", "", "2027-03-31", false, false},
		{"Mar 31, 2027", "", "2027-03-31", false, false},
		{"31 March 2027", "", "2027-03-31", false, false},
		{"31-Mar-2027", "", "2027-03-31", false, false},
		{"31. März 2027", "", "2027-03-31", false, false},
		{"31 mars 2027", "", "2027-03-31", false, false},
		{"31 de marzo de 2027", "", "2027-03-31", false, false},
		{"3/31/27", "", "2027-03-31", false, false},
		{"3/31/2027 0:00", "", "2027-03-31", false, false},
		{"03/04/2027", DMY, "2027-04-03", false, false},
		{"03/04/2027", MDY, "2027-03-04", false, false},
		{"04/04/2027", "", "2027-04-04", false, false},
		{"03/04/2027", "", "", true, false},
		{"2027-02-30", "", "", false, true},
		{"31.02.2027", "", "", false, true},
		{"soon", "", "", false, true},
		{"13/13/2027", "", "", false, true},
	}
	for _, tt := range tests {
		d, err := ParseDate(tt.in, tt.order)
		var amb *AmbiguousDateError
		switch {
		case tt.amb:
			if !errors.As(err, &amb) {
				t.Errorf("ParseDate(%q) = %v, %v; want ambiguous", tt.in, d, err)
			}
		case tt.bad:
			if err == nil {
				t.Errorf("ParseDate(%q) = %v; want an error", tt.in, d)
			}
		default:
			if err != nil || d != model.MustDate(tt.want) {
				t.Errorf("ParseDate(%q, %q) = %v, %v; want %s", tt.in, tt.order, d, err, tt.want)
			}
		}
	}
}

func TestDateOrderOf(t *testing.T) {
	tests := []struct {
		values []string
		want   DateOrder
		err    bool
	}{
		{[]string{"03/04/2027", "31/03/2027"}, DMY, false},
		{[]string{"03/04/2027", "3/31/2027"}, MDY, false},
		{[]string{"03/04/2027", "05/06/2027"}, OrderUnknown, false},
		{[]string{"2027-03-31", "31.03.2027"}, OrderUnknown, false},
		{[]string{"31/03/2027", "3/31/2027"}, OrderUnknown, true},
	}
	for _, tt := range tests {
		got, err := DateOrderOf(tt.values)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("DateOrderOf(%q) = %q, %v; want %q (error %v)", tt.values, got, err, tt.want, tt.err)
		}
	}
}

func TestMapColumns(t *testing.T) {
	tests := []struct {
		kind   Kind
		header string
		want   string
	}{
		{Accounts, "Account Name", "name"},
		{Accounts, "Company name", "name"},
		{Accounts, "Name", "name"},
		{Accounts, "Annual Revenue", "arr"},
		{Accounts, "ARR", "arr"},
		{Accounts, "Contract Value", "arr"},
		{Accounts, "Renewal Date", "renewal"},
		{Accounts, "Contract End Date", "renewal"},
		{Accounts, "Account Owner", "owner"},
		{Accounts, "CSM", "owner"},
		{Accounts, "Company owner", "owner"},
		{Accounts, "Firmenname", "name"},
		{Accounts, "Jahresumsatz", "arr"},
		{Accounts, "Verlängerungsdatum", "renewal"},
		{Accounts, "Kundenbetreuer", "owner"},
		{Accounts, "Nom du compte", "name"},
		{Accounts, "Chiffre d'affaires annuel", "arr"},
		{Accounts, "Date de renouvellement", "renewal"},
		{Accounts, "Propriétaire du compte", "owner"},
		{Accounts, "Nombre de la cuenta", "name"},
		{Accounts, "Ingresos anuales", "arr"},
		{Accounts, "Fecha de renovación", "renewal"},
		{Accounts, "Propietario de la cuenta", "owner"},
		{Accounts, "Website", "domain"},
		{Accounts, "Industry", "segment"},
		{Accounts, "Favourite Colour", ""},
		{People, "First Name", "first_name"},
		{People, "Last Name", "last_name"},
		{People, "Full Name", "name"},
		{People, "Title", "title"},
		{People, "Job Title", "title"},
		{People, "Reports To", "reports_to"},
		{People, "Manager", "reports_to"},
		{People, "Account Name", "account"},
		{People, "Company", "account"},
		{People, "E-Mail", "email"},
		{People, "Vorname", "first_name"},
		{People, "Nachname", "last_name"},
		{People, "Vorgesetzter", "reports_to"},
		{People, "Prénom", "first_name"},
		{People, "Nom", "last_name"},
		{People, "Supérieur hiérarchique", "reports_to"},
		{People, "Nombre", "first_name"},
		{People, "Apellidos", "last_name"},
		{People, "Cargo", "title"},
		{People, "Informa a", "reports_to"},
		{People, "Correo electrónico", "email"},
	}
	for _, tt := range tests {
		cols, err := MapColumns(tt.kind, []string{tt.header}, nil)
		if err != nil || cols[0].Field != tt.want {
			t.Errorf("%s %q maps to %q (%v), want %q", tt.kind, tt.header, cols[0].Field, err, tt.want)
		}
	}
}

func TestMapColumnsOverrides(t *testing.T) {
	header := []string{"Kunde", "Wert", "Notiz", "Name"}
	cols, err := MapColumns(Accounts, header, map[string]string{"Wert": "arr", "notiz": "skip", "Name": "custom"})
	if err != nil {
		t.Fatal(err)
	}
	want := []Column{
		{Index: 0, Header: "Kunde", Field: "name"},
		{Index: 1, Header: "Wert", Field: "arr", ByUser: true},
		{Index: 2, Header: "Notiz", Skipped: true, ByUser: true},
		{Index: 3, Header: "Name", ByUser: true},
	}
	for i := range want {
		if cols[i] != want[i] {
			t.Errorf("column %d = %+v, want %+v", i, cols[i], want[i])
		}
	}
	for _, bad := range []map[string]string{{"Nope": "arr"}, {"Wert": "nonsense"}} {
		if _, err := MapColumns(Accounts, header, bad); err == nil {
			t.Errorf("MapColumns with %v: want an error", bad)
		}
	}
	// Two columns for one field: the second is kept, not lost.
	cols, _ = MapColumns(Accounts, []string{"Account Name", "Company"}, nil)
	if cols[0].Field != "name" || cols[1].Field != "" || cols[1].Why == "" {
		t.Errorf("duplicate field: %+v", cols)
	}
}

func TestParseMapping(t *testing.T) {
	m, err := ParseMapping([]string{"Col A=name", " Wert = arr "})
	if err != nil || m["Col A"] != "name" || m["Wert"] != "arr" {
		t.Errorf("ParseMapping = %v, %v", m, err)
	}
	if _, err := ParseMapping([]string{"nothing"}); err == nil {
		t.Error("ParseMapping without '=': want an error")
	}
}
