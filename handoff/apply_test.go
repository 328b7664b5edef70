package handoff

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"bob/model"
	"bob/store"
)

func openStore(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "book.db"), &store.Options{Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func openedBundle(t *testing.T, b Bundle) *Opened {
	t.Helper()
	o, err := ReadBytes(mustWrite(t, b, WriteOptions{Signer: testSigner(), Encryption: Encryption{None: true}}), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestApplyIntoEmptyBookThenAgain(t *testing.T) {
	st := openStore(t)
	b := testBundle()
	// The sender recorded the handoff before exporting.
	b.Records[0].Handoffs = append(b.Records[0].Handoffs, model.Handoff{ID: id(90), AccountID: id(1), From: "Ana Lima", To: "Ben Okoro",
		When: now, Status: model.HandoffSent})
	opened := openedBundle(t, b)

	p, err := Plan(st, opened, PolicyKeep)
	if err != nil {
		t.Fatal(err)
	}
	if p.Count(StatusNew) != 2 {
		t.Fatalf("plan: %s", p.Summary())
	}
	if sums, _ := st.Summaries(); len(sums) != 0 {
		t.Fatal("Plan wrote to the book")
	}

	res, err := Apply(st, opened, PolicyKeep)
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 2 || res.Backup == "" {
		t.Errorf("result = %+v", res)
	}
	if _, err := os.Stat(res.Backup); err != nil {
		t.Errorf("no backup before the import: %v", err)
	}
	rec, err := st.Record(id(1))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Account.Owner != "Ben Okoro" {
		t.Errorf("owner = %q, want the receiver", rec.Account.Owner)
	}
	last, _ := model.LatestHandoff(rec.Handoffs)
	if last.Status != model.HandoffReceived || last.From != "Ana Lima" || last.To != "Ben Okoro" || !last.When.After(now) {
		t.Errorf("latest handoff = %+v, want received from Ana", last)
	}
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sums {
		if s.HandedOff() || s.Handoff != model.HandoffReceived {
			t.Errorf("summary of %s: handoff %q", s.Name, s.Handoff)
		}
	}
	// Everything else arrived as sent.
	want := canonical(opened.Records[0])
	want.Account.Owner = "Ben Okoro"
	want.Handoffs = append(want.Handoffs, last)
	// ...but for the sender's open outgoing steps, kept as their history.
	closePredecessorSteps(&want, "Ana Lima", model.DateOf(now))
	if canonJSON(t, rec) != canonJSON(t, want) {
		t.Errorf("stored record differs from the bundle:\n got %s\nwant %s", canonJSON(t, rec), canonJSON(t, want))
	}

	// The same bundle again: nothing to write, no backup.
	again, err := Apply(st, opened, PolicyTheirs)
	if err != nil {
		t.Fatal(err)
	}
	if again.Written != 0 || again.Backup != "" || again.Preview.Count(StatusUnchanged) != 2 || again.Preview.Conflicts() != 0 {
		t.Errorf("re-import: %+v %s", again, again.Preview.Summary())
	}
	rec2, _ := st.Record(id(1))
	if canonJSON(t, rec2) != canonJSON(t, rec) {
		t.Error("re-import changed the account")
	}
}

func TestApplyConflicts(t *testing.T) {
	for _, tt := range []struct {
		policy Policy
		health model.Health
	}{{PolicyKeep, model.HealthGreen}, {PolicyTheirs, model.HealthYellow}} {
		t.Run(string(tt.policy), func(t *testing.T) {
			st := openStore(t)
			opened := openedBundle(t, testBundle())
			if _, err := Apply(st, opened, PolicyKeep); err != nil {
				t.Fatal(err)
			}
			local, _ := st.Record(id(1))
			local.Account.Health = model.HealthGreen
			local.Timeline = append(local.Timeline, model.TimelineEntry{ID: id(37), AccountID: id(1), When: now, Kind: model.KindCall,
				Title: "Ben's first call", Author: "Ben Okoro", Created: now, Updated: now})
			if err := st.ReplaceRecords([]model.AccountRecord{local}); err != nil {
				t.Fatal(err)
			}
			res, err := Apply(st, opened, tt.policy)
			if err != nil {
				t.Fatal(err)
			}
			if res.Preview.Conflicts() != 1 {
				t.Errorf("conflicts: %s", conflictsText(res.Preview.Accounts[0].Conflicts))
			}
			rec, _ := st.Record(id(1))
			if rec.Account.Health != tt.health {
				t.Errorf("health = %s, want %s", rec.Account.Health, tt.health)
			}
			if len(rec.Timeline) != 7 {
				t.Errorf("the receiver's own timeline entry was lost: %d entries", len(rec.Timeline))
			}
		})
	}
}

func TestPlanRefusesUnknownPolicy(t *testing.T) {
	_, err := Plan(openStore(t), openedBundle(t, testBundle()), "newest")
	checkErr(t, err, ErrBadInput, "not a conflict policy")
}

// ApplyWith writes the preview the user saw when the book is still as
// the preview read it, and plans again when something was written to the
// book in between, so that write is merged rather than overwritten.
func TestApplyReusesThePreviewOfAnUnchangedBook(t *testing.T) {
	opened := openedBundle(t, testBundle())

	st := openStore(t)
	p, err := Plan(st, opened, PolicyKeep)
	if err != nil {
		t.Fatal(err)
	}
	res, err := ApplyWith(st, opened, PolicyKeep, ApplyOptions{Preview: &p})
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 2 || res.Preview.basis != p.basis {
		t.Errorf("the preview of an unchanged book was planned again (written %d)", res.Written)
	}

	// Another policy than the preview's: planned again.
	st = openStore(t)
	if p, err = Plan(st, opened, PolicyKeep); err != nil {
		t.Fatal(err)
	}
	res, err = ApplyWith(st, opened, PolicyTheirs, ApplyOptions{Preview: &p})
	if err != nil {
		t.Fatal(err)
	}
	if res.Preview.Policy != PolicyTheirs || res.Preview.basis == p.basis {
		t.Errorf("a preview of another policy was written")
	}

	// The book changes between the preview and the import.
	st = openStore(t)
	if p, err = Plan(st, opened, PolicyKeep); err != nil {
		t.Fatal(err)
	}
	mine := acme()
	mine.Account.Goals = "Goals written after the preview"
	if err := st.ReplaceRecords([]model.AccountRecord{mine}); err != nil {
		t.Fatal(err)
	}
	res, err = ApplyWith(st, opened, PolicyKeep, ApplyOptions{Preview: &p})
	if err != nil {
		t.Fatal(err)
	}
	if res.Preview.Count(StatusNew) != 1 || res.Written != 2 {
		t.Errorf("import after a change: %s, written %d; want one new account", res.Preview.Summary(), res.Written)
	}
	rec, err := st.Record(mine.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Account.Goals != mine.Account.Goals {
		t.Errorf("the write made after the preview was lost: goals %q", rec.Account.Goals)
	}
}

// An import refused as it is written (here: one of its timeline entries
// has the ID of an entry of another account of the book) leaves no backup
// of its own, and every older one where it was: its backup was the book
// as it still is, and taking it pushed none out.
func TestRefusedImportKeepsTheOlderBackups(t *testing.T) {
	st := openStore(t)
	other := globex()
	other.Account.ID, other.Account.Name = id(200), "Initech"
	other.People[0].ID, other.People[0].AccountID = id(201), id(200)
	other.Timeline[0].AccountID, other.Timeline[0].People = id(200), []string{id(201)}
	if err := st.ReplaceRecords([]model.AccountRecord{other}); err != nil {
		t.Fatal(err)
	}
	dir := st.BackupDir()
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var older []string
	for i := range store.KeepBackups {
		name := fmt.Sprintf("2020010%dT000000.000Z-import.db", i+1)
		if err := os.WriteFile(filepath.Join(dir, name), []byte("an older backup"), 0o600); err != nil {
			t.Fatal(err)
		}
		older = append(older, name)
	}
	if _, err := Apply(st, openedBundle(t, testBundle()), PolicyKeep); err == nil {
		t.Fatal("an import of an entry of another account was written")
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var have []string
	for _, e := range ents {
		have = append(have, e.Name())
	}
	if !slices.Equal(have, older) {
		t.Errorf("backups after a refused import: %v, want the older ones as they were: %v", have, older)
	}
}
