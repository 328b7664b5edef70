package store

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// assertIndexCurrent checks that every account's entry in the due-item
// index is exactly what its whole record gives, and that no entry
// outlives its account.
func assertIndexCurrent(t *testing.T, st *Store, after string) {
	t.Helper()
	sums, due, err := st.DueIndex()
	if err != nil {
		t.Fatalf("after %s: %v", after, err)
	}
	if len(due) != len(sums) {
		t.Fatalf("after %s: %d index entries for %d accounts", after, len(due), len(sums))
	}
	for _, s := range sums {
		rec, err := st.Record(s.ID)
		if err != nil {
			t.Fatalf("after %s: %v", after, err)
		}
		want := model.IndexDue(rec)
		got, ok := due[s.ID]
		if !ok {
			t.Fatalf("after %s: account %s has no index entry", after, s.Name)
		}
		if !reflect.DeepEqual(normalise(t, got), normalise(t, want)) {
			t.Fatalf("after %s: index of %s is stale\n got %+v\nwant %+v", after, s.Name, got, want)
		}
		if wantNext := want.EarliestDue(); s.NextDue != wantNext {
			t.Fatalf("after %s: summary's next due %v, want %v", after, s.NextDue, wantNext)
		}
	}
}

// normalise compares through JSON, as the index is stored: times lose
// their monotonic clock reading and empty slices equal nil ones.
func normalise(t *testing.T, d model.AccountDue) string {
	t.Helper()
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

func TestDueIndexKeptCurrentByEveryWrite(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Index Co", t0)
	rec.Checklists[0].Steps[1].Due = model.MustDate("2026-11-03")
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	assertIndexCurrent(t, st, "an import (ReplaceRecords)")
	acc := rec.Account.ID
	boss := rec.People[0]
	var trashIDs []string
	steps := []struct {
		what  string
		write func() error
	}{
		{"a step's due date changed", func() error {
			c := rec.Checklists[0]
			c.Steps = append([]model.Step(nil), c.Steps...)
			c.Steps[1].Due = model.MustDate("2026-10-20")
			_, err := st.PutChecklist(c)
			return err
		}},
		{"a step ticked done", func() error {
			cs, _ := st.Checklists(acc)
			cs[0].Steps[1].State = model.StepDone
			_, err := st.PutChecklist(cs[0])
			return err
		}},
		{"a step reopened with SetStepState", func() error {
			cs, _ := st.Checklists(acc)
			_, err := st.SetStepState(acc, cs[0].Steps[1].ID, StepChange{State: model.StepOpen, By: "Sam"})
			return err
		}},
		{"a step ticked with SetStepState", func() error {
			cs, _ := st.Checklists(acc)
			_, err := st.SetStepState("", cs[0].Steps[1].ID, StepChange{State: model.StepDone, By: "Sam"})
			return err
		}},
		{"a checklist applied with ApplyChecklists", func() error {
			_, err := st.ApplyChecklists([]model.Checklist{{ID: model.NewIDAt(t0), AccountID: acc, Playbook: "adoption", Title: "Adoption review",
				Steps: []model.Step{{ID: model.NewIDAt(t0), Title: "re-measure", Due: model.MustDate("2026-11-20")}}}})
			return err
		}},
		{"a checklist's anchor moved", func() error {
			cs, _ := st.Checklists(acc)
			for _, c := range cs {
				if c.Playbook == "adoption" {
					_, err := st.MoveChecklistAnchor(acc, c.ID, model.MustDate("2026-12-01"))
					return err
				}
			}
			return nil
		}},
		{"a renewal checklist applied", func() error {
			_, err := st.PutChecklist(model.Checklist{AccountID: acc, Playbook: model.PlaybookRenewal, Title: "Renewal",
				Steps: []model.Step{{ID: model.NewIDAt(t0), Title: "renewal call", Due: model.MustDate("2026-11-02")}}})
			return err
		}},
		{"a plan task given a due date", func() error {
			ps, _ := st.Plans(acc)
			ps[0].Tasks[0].Due = model.MustDate("2026-11-04")
			ps[0].Status = model.PlanActive
			ps[0].Objectives = []model.Objective{{ID: model.NewIDAt(t0), Title: "50% adoption", Due: model.MustDate("2026-10-01")}}
			_, err := st.PutPlan(ps[0])
			return err
		}},
		{"a plan task done", func() error {
			ps, _ := st.Plans(acc)
			ps[0].Tasks[0].State = model.StepDone
			_, err := st.PutPlan(ps[0])
			return err
		}},
		{"a plan task reopened with SetTaskState", func() error {
			ps, _ := st.Plans(acc)
			_, err := st.SetTaskState(acc, ps[0].Tasks[0].ID, StepChange{State: model.StepOpen, By: "Sam"})
			return err
		}},
		{"a plan task ticked with SetTaskState", func() error {
			ps, _ := st.Plans(acc)
			_, err := st.SetTaskState(acc, ps[0].Tasks[0].ID, StepChange{State: model.StepDone, By: "Sam"})
			return err
		}},
		{"a commitment given a due date", func() error {
			cs, _ := st.Commitments(acc)
			cs[0].Due = model.MustDate("2026-11-05")
			_, err := st.PutCommitment(cs[0])
			return err
		}},
		{"a commitment met", func() error {
			cs, _ := st.Commitments(acc)
			cs[0].Status = model.CommitmentMet
			_, err := st.PutCommitment(cs[0])
			return err
		}},
		{"a risk mitigated", func() error {
			rs, _ := st.Risks(acc)
			rs[0].Status = model.RiskMitigated
			_, err := st.PutRisk(rs[0])
			return err
		}},
		{"a critical risk added", func() error {
			_, err := st.PutRisk(model.Risk{AccountID: acc, Title: "sponsor left", Severity: model.SeverityCritical})
			return err
		}},
		{"a new champion", func() error {
			_, err := st.PutPerson(model.Person{AccountID: acc, Name: "New Champ", Roles: []model.Role{model.RoleChampion}})
			return err
		}},
		{"a call with the sponsor", func() error {
			_, err := st.PutEntry(model.TimelineEntry{AccountID: acc, When: t0.Add(time.Hour), Kind: model.KindCall, Title: "sync", People: []string{boss.ID}})
			return err
		}},
		{"an internal note naming the sponsor (not a touch)", func() error {
			_, err := st.PutEntry(model.TimelineEntry{AccountID: acc, When: t0.Add(2 * time.Hour), Kind: model.KindNote, Internal: true, Title: "triage", People: []string{boss.ID}})
			return err
		}},
		{"the call deleted", func() error {
			tl, _ := st.Timeline(acc, TimelineQuery{})
			for _, e := range tl {
				if e.Title == "sync" {
					id, err := st.DeleteEntry(e.ID)
					trashIDs = append(trashIDs, id)
					return err
				}
			}
			t.Fatal("call not found")
			return nil
		}},
		{"the call restored from the trash", func() error { return st.RestoreTrash(trashIDs[len(trashIDs)-1]) }},
		{"the champion deleted", func() error {
			ps, _ := st.People(acc)
			for _, p := range ps {
				if p.Name == "New Champ" {
					id, err := st.DeletePerson(acc, p.ID)
					trashIDs = append(trashIDs, id)
					return err
				}
			}
			return nil
		}},
		{"the champion restored", func() error { return st.RestoreTrash(trashIDs[len(trashIDs)-1]) }},
		{"a checklist deleted", func() error {
			cs, _ := st.Checklists(acc)
			id, err := st.DeleteChecklist(acc, cs[0].ID)
			trashIDs = append(trashIDs, id)
			return err
		}},
		{"the checklist restored", func() error { return st.RestoreTrash(trashIDs[len(trashIDs)-1]) }},
		{"an outgoing transition started", func() error {
			_, err := st.PutChecklist(model.Checklist{AccountID: acc, Playbook: model.PlaybookTransitionOutgoing, Title: "Outgoing transition",
				Steps: []model.Step{{ID: model.NewIDAt(t0), Title: "tell the customer", Due: model.MustDate("2026-11-10")}}})
			if err == nil {
				_, err = st.PutHandoff(model.Handoff{AccountID: acc, From: "me", To: "Sam", Status: model.HandoffPreparing})
			}
			return err
		}},
		{"a spreadsheet import adds a sponsor", func() error {
			a, _ := st.Account(acc)
			return st.ImportRows([]model.Account{a}, []model.Person{{AccountID: acc, Name: "CSV Sponsor", Roles: []model.Role{model.RoleSponsor}}})
		}},
		{"the renewal date moved", func() error {
			_, err := st.UpdateAccount(acc, func(a *model.Account) error { a.Renewal = model.MustDate("2026-12-01"); return nil })
			return err
		}},
		{"the account deleted", func() error {
			id, err := st.DeleteAccount(acc)
			trashIDs = append(trashIDs, id)
			return err
		}},
		{"the account restored", func() error { return st.RestoreTrash(trashIDs[len(trashIDs)-1]) }},
		{"a dump restored into an empty book", func() error {
			var buf bytes.Buffer
			if err := st.Dump(&buf); err != nil {
				return err
			}
			other, _ := openTest(t)
			if err := other.Restore(&buf); err != nil {
				return err
			}
			assertIndexCurrent(t, other, "a restore")
			return nil
		}},
	}
	for _, s := range steps {
		if err := s.write(); err != nil {
			t.Fatalf("%s: %v", s.what, err)
		}
		assertIndexCurrent(t, st, s.what)
	}
	// The index moved with the writes: spot-check what Today will read.
	_, due, _ := st.DueIndex()
	d := due[acc]
	if !d.RenewalChecklist || !d.ActivePlan || len(d.Outgoing) != 1 || len(d.Risks) != 1 || len(d.KeyPeople) != 4 {
		t.Fatalf("index after the writes: %+v", d)
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Fatalf("book has problems: %v", probs)
	}
}

// writeSchema2 writes a book as schema 2 left it: summaries and trash,
// no due-item index.
func writeSchema2(t *testing.T, path string) model.AccountRecord {
	t.Helper()
	db, err := bolt.Open(path, FileMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := sampleRecord("Schema Two Ltd", t0)
	rec.Checklists[0].Steps[1].Due = model.MustDate("2026-10-30")
	err = db.Update(func(tx *bolt.Tx) error {
		for _, m := range migrations[:2] {
			if err := m.apply(tx); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte("2")); err != nil {
			return err
		}
		return writeRecordTx(tx, rec, nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestMigrateFromSchema2BuildsTheDueIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	rec := writeSchema2(t, path)
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	assertIndexCurrent(t, st, "the migration")
	_, due, _ := st.DueIndex()
	if items := due[rec.Account.ID].Items; len(items) != 1 || items[0].Title != "training" {
		t.Fatalf("index built by the migration: %+v", due[rec.Account.ID])
	}
	backups, _ := filepath.Glob(filepath.Join(st.BackupDir(), "*-schema2.db"))
	if len(backups) != 1 {
		t.Fatalf("want one backup taken before migrating, found %v", backups)
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Fatalf("migrated book has problems: %v", probs)
	}
}
