package store

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// filled returns a summary with every field set, by reflection, so that
// a field added to model.AccountSummary without a place in the encoding
// fails TestSummaryEncodingKeepsEveryField instead of vanishing.
func filled(t *testing.T) model.AccountSummary {
	t.Helper()
	var s model.AccountSummary
	v := reflect.ValueOf(&s).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		switch x := f.Addr().Interface().(type) {
		case *string:
			*x = "field " + strconv.Itoa(i) + " ünïcode"
		case *[]string:
			*x = []string{"emea", "", "pilot"}
		case *int:
			*x = 1000 + i
		case *model.Money:
			*x = model.Money{Minor: -12_345_678_901, Currency: "EUR"}
		case *model.Date:
			*x = model.Date{Year: 2027, Month: time.March, Day: 10 + i}
		case *time.Time:
			*x = time.Date(2026, 11, 30, 9, 15, 7, 123456789+i, time.FixedZone("", 90*60))
		default:
			switch f.Kind() {
			case reflect.String: // Stage, Health, HandoffStatus
				f.SetString("kind " + strconv.Itoa(i))
			default:
				t.Fatalf("AccountSummary.%s (%s) has no place in the summary encoding: add it to appendSummary and decodeSummary",
					v.Type().Field(i).Name, f.Type())
			}
		}
	}
	return s
}

func TestSummaryEncodingKeepsEveryField(t *testing.T) {
	full := filled(t)
	cases := []struct {
		name string
		sum  model.AccountSummary
	}{
		{"every field", full},
		{"zero", model.AccountSummary{}},
		{"no tags, UTC times", model.AccountSummary{ID: "01A", Name: "Acme", Updated: t0, LastTouch: t0.Add(-time.Hour)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := decodeSummary(appendSummary(nil, c.sum))
			if err != nil {
				t.Fatal(err)
			}
			// The same value as JSON (what bob list --json prints): times
			// keep their instant and their offset.
			want, _ := json.Marshal(c.sum)
			have, _ := json.Marshal(got)
			if string(want) != string(have) {
				t.Fatalf("round trip:\n got %s\nwant %s", have, want)
			}
		})
	}
}

func TestDamagedSummaryIsAnErrorNotAPanic(t *testing.T) {
	good := appendSummary(nil, filled(t))
	for cut := range len(good) {
		if _, err := decodeSummary(good[:cut]); err == nil {
			t.Fatalf("a summary cut to %d of %d bytes decoded", cut, len(good))
		}
	}
	for _, bad := range [][]byte{[]byte(`{"id":"01A"}`), append(append([]byte(nil), good...), 0), {summaryFormat, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}} {
		if _, err := decodeSummary(bad); err == nil {
			t.Fatalf("%q decoded", bad)
		}
	}
}

// TestMigration5RewritesSummaries opens a schema-4 book whose summaries
// are JSON: the upgrade writes them all in the compact encoding.
func TestMigration5RewritesSummaries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := sampleRecord("Acme Logistics", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	want, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	// Back to schema 4, as a bob of schema 4 left it: JSON summaries.
	err = st.update(func(tx *bolt.Tx) error {
		raw, _ := json.Marshal(want[0])
		if err := tx.Bucket(bucketSummaries).Put([]byte(rec.Account.ID), raw); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("4"))
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()

	st, err = Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("after the upgrade:\n got %s\nwant %s", g, w)
	}
	st.view(func(tx *bolt.Tx) error {
		if raw := tx.Bucket(bucketSummaries).Get([]byte(rec.Account.ID)); len(raw) == 0 || raw[0] != summaryFormat {
			t.Errorf("the summary was not rewritten: %q", raw)
		}
		return nil
	})
}

func TestSummaryOfOneAccount(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme Logistics", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	all, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	one, found, err := st.Summary(rec.Account.ID)
	if err != nil || !found {
		t.Fatalf("found %v, %v", found, err)
	}
	a, _ := json.Marshal(all[0])
	o, _ := json.Marshal(one)
	if string(a) != string(o) {
		t.Fatalf("one summary %s, in the list %s", o, a)
	}
	if _, found, err := st.Summary("01NOSUCHACCOUNT0000000000"); found || err != nil {
		t.Fatalf("an account that is not there: found %v, %v", found, err)
	}
}

func TestLowerNames(t *testing.T) {
	names := []string{"Acme Corp", "ÉCOLE Öffentlich", "", "already lower", "MIXED Case 42", "İstanbul Ltd"}
	var sums []model.AccountSummary
	for _, n := range names {
		sums = append(sums, model.AccountSummary{Name: n})
	}
	for i, got := range lowerNames(sums) {
		if want := strings.ToLower(names[i]); got != want {
			t.Errorf("%q: %q, want %q", names[i], got, want)
		}
	}
}
