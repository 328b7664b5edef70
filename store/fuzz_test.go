package store

import (
	"strings"
	"testing"

	"bob/model"
)

// FuzzReadDump: whatever the dump reader is given, it never panics, and
// what it accepts is whole: every record it hands over is valid, and a
// cut or padded copy of an accepted dump is refused.
func FuzzReadDump(f *testing.F) {
	st, _ := openTestF(f)
	a, b := sampleRecord("Acme", t0), sampleRecord("Globex", t0.Add(1))
	if err := st.ReplaceRecords([]model.AccountRecord{a, b}); err != nil {
		f.Fatal(err)
	}
	st.DeleteRisk(a.Account.ID, a.Risks[0].ID)
	st.DeleteAccount(b.Account.ID)
	var sb strings.Builder
	if err := st.Dump(&sb); err != nil {
		f.Fatal(err)
	}
	good := sb.String()
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add(good + "{}")
	f.Add(strings.Replace(good, `"version": 2`, `"version": 1`, 1))
	f.Add(`{"format": "bob-book", "version": 1, "accounts": [], "trash": []}`)
	f.Add(`{"format": "bob-book", "version": 2, "accounts": [], "trash": [], "counts": {"accounts": 0, "trash": 0}, "sha256": ""}`)
	f.Add("")
	f.Add("[]")
	f.Fuzz(func(t *testing.T, in string) {
		n := 0
		err := readDump(strings.NewReader(in), func(rec model.AccountRecord) error {
			if err := rec.Validate(); err != nil {
				t.Fatalf("an invalid record was handed over: %v", err)
			}
			n++
			return nil
		}, func(it TrashItem) error {
			if err := it.Validate(); err != nil {
				t.Fatalf("an invalid trash item was handed over: %v", err)
			}
			return nil
		})
		if err != nil || strings.TrimSpace(in) == "" {
			return
		}
		// Accepted: the same dump cut before its end is refused.
		trimmed := strings.TrimRight(in, " \t\r\n")
		if readDump(strings.NewReader(trimmed[:len(trimmed)-1]), func(model.AccountRecord) error { return nil }, func(TrashItem) error { return nil }) == nil {
			t.Fatalf("a dump cut by its last byte was accepted")
		}
	})
}

// openTestF is openTest for a fuzz target's setup.
func openTestF(f *testing.F) (*Store, string) {
	f.Helper()
	path := f.TempDir() + "/book.db"
	c := &clock{t: t0}
	st, err := Open(path, &Options{Now: c.now})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { st.Close() })
	return st, path
}
