package cli

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"
)

func TestAgendaCommand(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	db := filepath.Join(dir, "book.db")
	if _, _, err := bob(t, "", "demo", "--db", db, "--accounts", "30", "--seed", "3"); err != nil {
		t.Fatal(err)
	}
	out, _, err := bob(t, "", "agenda", "--db", db)
	if err != nil || !strings.HasPrefix(out, "Today, ") || !strings.Contains(out, "\nRenewals in the next 120 days (") {
		t.Fatalf("agenda: %v\n%s", err, out)
	}
	out, _, err = bob(t, "", "agenda", "--db", db, "--markdown", "--days", "14")
	if err != nil || !strings.HasPrefix(out, "# Today, ") || !strings.Contains(out, "\n## Due in the next 14 days (") {
		t.Fatalf("agenda --markdown: %v\n%s", err, out)
	}
	out, _, err = bob(t, "", "agenda", "--db", db, "--json")
	if err != nil {
		t.Fatal(err)
	}
	var ag struct {
		Overdue []struct {
			Kind, ID, AccountID, Account, Due, State string
		} `json:"overdue"`
		Renewals []struct {
			AccountID string `json:"account_id"`
		} `json:"renewals"`
	}
	if err := json.Unmarshal([]byte(out), &ag); err != nil {
		t.Fatalf("agenda --json is not JSON: %v", err)
	}
	if len(ag.Overdue) == 0 || len(ag.Renewals) == 0 {
		t.Fatalf("the demo book has overdue items and renewals: %s", out)
	}
	for _, it := range ag.Overdue {
		if it.Kind == "" || it.ID == "" || it.Account == "" || it.Due == "" || it.State == "" {
			t.Fatalf("an item lacks its kind, ID, account, due date or state: %+v", it)
		}
	}

	cal := filepath.Join(dir, "due.ics")
	_, errOut, err := bob(t, "", "agenda", "--db", db, "--ics", "-o", cal)
	if err != nil || !strings.Contains(errOut, "Wrote ") {
		t.Fatalf("agenda --ics: %v %s", err, errOut)
	}
	fi, err := os.Stat(cal)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("calendar file: %v %v", fi, err)
	}
	f, _ := os.Open(cal)
	defer f.Close()
	parsed, err := ics.ParseCalendar(f)
	if err != nil {
		t.Fatalf("the calendar does not parse: %v", err)
	}
	uids := map[string]bool{}
	for _, e := range parsed.Events() {
		uids[e.Id()] = true
	}
	for _, r := range ag.Renewals {
		if !uids["renewal-"+r.AccountID+"@bob"] {
			t.Fatalf("renewal of %s is not in the calendar", r.AccountID)
		}
	}

	// bob list --due renewal:120 lists the accounts of Today's renewals.
	out, _, err = bob(t, "", "list", "--db", db, "--due", "renewal:120", "--json")
	var listed []struct{ ID string }
	if err != nil || json.Unmarshal([]byte(out), &listed) != nil || len(listed) != len(ag.Renewals) {
		t.Fatalf("list --due renewal:120 gave %d accounts, want the %d renewals: %v", len(listed), len(ag.Renewals), err)
	}
	if _, _, err := bob(t, "", "list", "--db", db, "--due", "soon"); !errors.As(err, new(usageError)) {
		t.Fatalf("list --due soon: err = %v, want a usage error", err)
	}

	for _, args := range [][]string{{"--json", "--ics"}, {"-o", cal}, {"--days", "-1"}} {
		_, _, err := bob(t, "", append([]string{"agenda", "--db", db}, args...)...)
		var u usageError
		if !errors.As(err, &u) {
			t.Fatalf("agenda %v: err = %v, want a usage error", args, err)
		}
	}
}
