package contacts

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"

	"fmt"
	"golang.org/x/text/encoding/unicode"
	"testing"
	"time"

	"bob/model"
)

// TestPlanImportFollowsChangedEmails: a card that gives someone a new
// email is found by it from the next card on, and no longer by the old.
func TestPlanImportFollowsChangedEmails(t *testing.T) {
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	acc := model.NewIDAt(now)
	ann := model.Person{ID: model.NewIDAt(now), AccountID: acc, Name: "Ann Lee", Email: "ann@old.example", Status: model.PersonActive}
	cards := []Contact{
		{Line: 1, Name: "Ann Lee", Email: "ann@new.example"},      // matched by name: her email changes
		{Line: 5, Name: "A. Lee", Email: "ANN@new.example"},       // the new email: Ann again, a duplicate
		{Line: 9, Name: "Someone Else", Email: "ann@old.example"}, // the old email is nobody's now
		{Line: 13, Name: "Bo Ray", ManagerName: "ann lee"},        // a manager by name, any case
	}
	plan, err := PlanImport(acc, []model.Person{ann}, cards, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []Outcome{Changed, Duplicate, New, New}
	for i, s := range plan.Steps {
		if s.Outcome != want[i] {
			t.Errorf("card on line %d: %v, want %v", s.Contact.Line, s.Outcome, want[i])
		}
	}
	if got := plan.Steps[3].Person.ReportsTo; got != ann.ID {
		t.Errorf("Bo Ray reports to %q, want Ann (%s)", got, ann.ID)
	}
}

// BenchmarkPlanImportLargeFile is a company-wide contacts export into one
// account: finding each card's person and manager must not walk everyone
// (it took 70 s for 30,000 cards; now about a second).
func BenchmarkPlanImportLargeFile(b *testing.B) {
	now := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	acc := model.NewIDAt(now)
	var cards []Contact
	for i := 0; i < 20000; i++ {
		c := Contact{Line: i*6 + 1, Name: fmt.Sprintf("Person %d", i), Email: fmt.Sprintf("p%d@example.com", i)}
		if i > 0 {
			c.ManagerName = fmt.Sprintf("Person %d", i/10)
		}
		cards = append(cards, c)
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := PlanImport(acc, nil, cards, now); err != nil {
			b.Fatal(err)
		}
	}
}

// TestReadUTF16AddressBook: a vCard file saved as "Unicode" by a Windows
// program (UTF-16 with a byte-order mark) reads as its UTF-8 twin does.
func TestReadUTF16AddressBook(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "google.vcf"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Read(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	for name, order := range map[string]unicode.Endianness{"UTF-16LE": unicode.LittleEndian, "UTF-16BE": unicode.BigEndian} {
		wide, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Read(bytes.NewReader(wide))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}
}
