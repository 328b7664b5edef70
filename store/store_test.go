package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"bob/model"
)

var t0 = time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)

// clock is a settable test clock that moves one second on every reading,
// so that consecutive writes get distinct times.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { c.t = c.t.Add(time.Second); return c.t }

func openTest(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.db")
	c := &clock{t: t0}
	st, err := Open(path, &Options{Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st, path
}

func mustAccount(t *testing.T, st *Store, name string) model.Account {
	t.Helper()
	a, err := st.PutAccount(model.Account{Name: name, Health: model.HealthGreen,
		ARR: model.Money{Minor: 12_000_000, Currency: "USD"}, Renewal: model.MustDate("2027-03-01")})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// sampleRecord builds a small but complete account record.
func sampleRecord(name string, at time.Time) model.AccountRecord {
	acc := model.NewIDAt(at)
	boss := model.Person{ID: model.NewIDAt(at), AccountID: acc, Name: "Ada Boss", Roles: []model.Role{model.RoleSponsor}, Created: at, Updated: at}
	champ := model.Person{ID: model.NewIDAt(at), AccountID: acc, Name: "Cy Champ", ReportsTo: boss.ID, Roles: []model.Role{model.RoleChampion}, Created: at, Updated: at}
	return model.AccountRecord{
		Account: model.Account{ID: acc, Name: name, Stage: model.StageAdoption, Health: model.HealthYellow,
			ARR: model.Money{Minor: 5_000_000, Currency: "EUR"}, Renewal: model.MustDate("2027-01-15"), Created: at, Updated: at},
		People: []model.Person{boss, champ},
		Edges:  []model.InfluenceEdge{{ID: model.NewIDAt(at), AccountID: acc, From: champ.ID, To: boss.ID, Strength: model.LevelHigh, Created: at, Updated: at}},
		Timeline: []model.TimelineEntry{
			{ID: model.NewIDAt(at), AccountID: acc, When: at.Add(-48 * time.Hour), Kind: model.KindCall, Title: "QBR", People: []string{boss.ID, champ.ID}, Created: at, Updated: at},
			{ID: model.NewIDAt(at), AccountID: acc, When: at.Add(-24 * time.Hour), Kind: model.KindNote, Internal: true, Title: "risk triage", Created: at, Updated: at},
		},
		Plans:       []model.SuccessPlan{{ID: model.NewIDAt(at), AccountID: acc, Title: "Rollout", Tasks: []model.Task{{ID: model.NewIDAt(at), Title: "train admins"}}, Created: at, Updated: at}},
		Commitments: []model.Commitment{{ID: model.NewIDAt(at), AccountID: acc, What: "P1 response in 1h", Created: at, Updated: at}},
		Risks:       []model.Risk{{ID: model.NewIDAt(at), AccountID: acc, Title: "budget cut", Severity: model.SeverityHigh, Created: at, Updated: at}},
		Checklists: []model.Checklist{{ID: model.NewIDAt(at), AccountID: acc, Playbook: "onboarding", Title: "Onboarding", Applied: model.DateOf(at),
			Steps: []model.Step{{ID: model.NewIDAt(at), Title: "kickoff", State: model.StepDone}, {ID: model.NewIDAt(at), Title: "training"}}, Created: at, Updated: at}},
	}
}

func TestFileIsPrivate(t *testing.T) {
	_, path := openTest(t)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("book mode = %v, want 0600", fi.Mode().Perm())
	}
}

// TestTwoStoresShareTheBook: a second handle on an open book reads and
// writes at once, and each sees what the other wrote, named in Changes.
func TestTwoStoresShareTheBook(t *testing.T) {
	app, path := openTest(t)
	acme := mustAccount(t, app, "Acme")
	cli, err := Open(path, &Options{LockTimeout: 100 * time.Millisecond})
	if err != nil {
		t.Fatalf("second open: %v", err)
	}
	defer cli.Close()
	if changes, replaced, err := app.Changes(); err != nil || replaced || len(changes) != 0 {
		t.Fatalf("nothing changed yet: %v %v %v", changes, replaced, err)
	}
	globex := mustAccount(t, cli, "Globex")
	if _, err := cli.UpdateAccount(acme.ID, func(a *model.Account) error { a.Health = model.HealthRed; return nil }); err != nil {
		t.Fatal(err)
	}
	mustAccount(t, app, "Initech") // the app's own write between the two polls
	changes, replaced, err := app.Changes()
	if err != nil || replaced || len(changes) != 2 {
		t.Fatalf("after two outside writes: %+v %v %v", changes, replaced, err)
	}
	if changes[0].Accounts[0] != globex.ID || changes[1].Accounts[0] != acme.ID || changes[1].Pid != os.Getpid() {
		t.Fatalf("changes name the wrong accounts: %+v", changes)
	}
	if changes, _, _ := app.Changes(); len(changes) != 0 {
		t.Fatalf("changes reported twice: %+v", changes)
	}
	if changes, _, _ := cli.Changes(); len(changes) != 1 || changes[0].Accounts[0] == acme.ID {
		t.Fatalf("the other handle sees the app's write: %+v", changes)
	}
	if n, _ := cli.Count(); n != 3 {
		t.Fatalf("count = %d, want 3", n)
	}
}

// TestInterleavedWritesKeepTheBookWhole writes from several handles at
// once, in a seeded random order, then checks the book: every write that
// reported success is there, and the summaries and due-item index agree.
func TestInterleavedWritesKeepTheBookWhole(t *testing.T) {
	_, path := openTest(t)
	const handles, writes = 4, 40
	var wg sync.WaitGroup
	saved := make([][]string, handles)
	for h := 0; h < handles; h++ {
		wg.Add(1)
		go func(h int) {
			defer wg.Done()
			st, err := Open(path, nil)
			if err != nil {
				t.Error(err)
				return
			}
			defer st.Close()
			rng := rand.New(rand.NewPCG(uint64(h), 14))
			var mine []string
			for i := 0; i < writes; i++ {
				switch {
				case len(mine) == 0 || rng.IntN(3) == 0:
					a, err := st.PutAccount(model.Account{Name: fmt.Sprintf("H%d-%d", h, i), Health: model.HealthGreen})
					if err != nil {
						t.Errorf("handle %d: %v", h, err)
						return
					}
					mine = append(mine, a.ID)
				case rng.IntN(2) == 0:
					id := mine[rng.IntN(len(mine))]
					if _, err := st.PutEntry(model.TimelineEntry{AccountID: id, When: time.Now(), Kind: model.KindNote, Title: fmt.Sprintf("note %d", i)}); err != nil {
						t.Errorf("handle %d: %v", h, err)
						return
					}
				default:
					if _, err := st.Summaries(); err != nil {
						t.Errorf("handle %d: %v", h, err)
						return
					}
				}
			}
			saved[h] = mine
		}(h)
	}
	wg.Wait()
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for h, ids := range saved {
		for _, id := range ids {
			if _, err := st.Account(id); err != nil {
				t.Fatalf("handle %d's account %s: %v", h, id, err)
			}
		}
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Fatalf("check after interleaved writes: %v %v", probs, err)
	}
}

func TestSummaryFollowsWrites(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	if _, err := st.PutEntry(model.TimelineEntry{AccountID: a.ID, Kind: model.KindCall, Title: "call", When: t0.Add(-72 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	// An internal note is newer but is not a touch.
	if _, err := st.PutEntry(model.TimelineEntry{AccountID: a.ID, Kind: model.KindNote, Internal: true, Title: "note", When: t0}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.PutRisk(model.Risk{AccountID: a.ID, Title: "champion leaving", Severity: model.SeverityHigh}); err != nil {
		t.Fatal(err)
	}
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 {
		t.Fatalf("got %d summaries", len(sums))
	}
	s := sums[0]
	if !s.LastTouch.Equal(t0.Add(-72*time.Hour)) || s.OpenRisks != 1 || s.Name != "Acme" {
		t.Fatalf("summary = %+v", s)
	}
}

func TestTimelineNewestFirstAndBackDating(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	var ids []string
	for i := range 5 {
		e, err := st.PutEntry(model.TimelineEntry{AccountID: a.ID, Kind: model.KindMeeting, Title: "m", When: t0.Add(time.Duration(i) * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	// Back-date the newest entry to before all others.
	e, err := st.Entry(ids[4])
	if err != nil {
		t.Fatal(err)
	}
	e.When = t0.Add(-time.Hour)
	if _, err := st.PutEntry(e); err != nil {
		t.Fatal(err)
	}
	got, err := st.Timeline(a.ID, TimelineQuery{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{ids[3], ids[2], ids[1], ids[0], ids[4]}
	if len(got) != len(want) {
		t.Fatalf("got %d entries, want %d (the moved entry must not be duplicated)", len(got), len(want))
	}
	for i := range want {
		if got[i].ID != want[i] {
			t.Fatalf("entry %d = %s, want %s", i, got[i].ID, want[i])
		}
	}
	page, _ := st.Timeline(a.ID, TimelineQuery{Limit: 2, Before: got[1].When})
	if len(page) != 2 || page[0].ID != ids[1] {
		t.Fatalf("paging before %v: got %v", got[1].When, page)
	}
}

func TestEntryMustLinkOwnPeople(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	b := mustAccount(t, st, "Bolt")
	p, err := st.PutPerson(model.Person{AccountID: b.ID, Name: "Bo"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = st.PutEntry(model.TimelineEntry{AccountID: a.ID, Kind: model.KindCall, Title: "x", People: []string{p.ID}})
	if err == nil {
		t.Fatal("linking another account's person was accepted")
	}
}

func TestReportsToCycleRefused(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	p1, _ := st.PutPerson(model.Person{AccountID: a.ID, Name: "One"})
	p2, err := st.PutPerson(model.Person{AccountID: a.ID, Name: "Two", ReportsTo: p1.ID})
	if err != nil {
		t.Fatal(err)
	}
	p1.ReportsTo = p2.ID
	_, err = st.PutPerson(p1)
	var ve *model.ValidationError
	if !errors.As(err, &ve) || ve.For("reports_to") == "" {
		t.Fatalf("cycle: err = %v, want a reports_to validation error", err)
	}
}

func TestValidationNamesField(t *testing.T) {
	st, _ := openTest(t)
	_, err := st.PutAccount(model.Account{Name: "", Health: "purple"})
	var ve *model.ValidationError
	if !errors.As(err, &ve) || ve.For("name") == "" || ve.For("health") == "" {
		t.Fatalf("err = %v, want problems for name and health", err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatal("an invalid account was written")
	}
}

func TestDeleteAndRestoreAccount(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, st)
	trashID, err := st.DeleteAccount(rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Count(); n != 0 {
		t.Fatal("account still there after delete")
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Fatalf("check after delete: %v", probs)
	}
	if err := st.RestoreTrash(trashID); err != nil {
		t.Fatal(err)
	}
	if after := dump(t, st); after != before {
		t.Fatalf("restore did not bring the account back as it was\nbefore:\n%s\nafter:\n%s", before, after)
	}
}

func TestDeletePersonUnlinksAndRestoreRelinks(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	boss, champ := rec.People[0], rec.People[1]
	if _, err := st.DeletePerson(rec.Account.ID, boss.ID); err == nil || !strings.Contains(err.Error(), "reporting to them") {
		t.Fatalf("deleting a manager: err = %v, want a refusal", err)
	}
	trashID, err := st.DeletePerson(rec.Account.ID, champ.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := st.Record(rec.Account.ID)
	if len(got.Edges) != 0 || len(got.Timeline[0].People) != 1 {
		t.Fatalf("after delete: edges %v, links %v", got.Edges, got.Timeline[0].People)
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Fatalf("check after delete: %v", probs)
	}
	if err := st.RestoreTrash(trashID); err != nil {
		t.Fatal(err)
	}
	got, _ = st.Record(rec.Account.ID)
	if len(got.People) != 2 || len(got.Edges) != 1 || len(got.Timeline[0].People) != 2 {
		t.Fatalf("after restore: %d people, %d edges, links %v", len(got.People), len(got.Edges), got.Timeline[0].People)
	}
}

func TestDeleteRiskAndRestore(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	r, _ := st.PutRisk(model.Risk{AccountID: a.ID, Title: "exec sponsor left", Severity: model.SeverityCritical})
	trashID, err := st.DeleteRisk(a.ID, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rs, _ := st.Risks(a.ID); len(rs) != 0 {
		t.Fatal("risk still listed")
	}
	items, _ := st.Trash()
	if len(items) != 1 || items[0].Title != "exec sponsor left" {
		t.Fatalf("trash = %+v", items)
	}
	if err := st.RestoreTrash(trashID); err != nil {
		t.Fatal(err)
	}
	if rs, _ := st.Risks(a.ID); len(rs) != 1 || rs[0].ID != r.ID {
		t.Fatalf("risks after restore: %+v", rs)
	}
	if sums, _ := st.Summaries(); sums[0].OpenRisks != 1 {
		t.Fatal("summary not refreshed after restore")
	}
}

func dump(t *testing.T, st *Store) string {
	t.Helper()
	var b bytes.Buffer
	if err := st.Dump(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestDumpRestoreDumpIsIdentical(t *testing.T) {
	st, _ := openTest(t)
	recs := []model.AccountRecord{sampleRecord("Acme", t0), sampleRecord("Bolt", t0.Add(time.Hour)), sampleRecord("Core", t0.Add(2*time.Hour))}
	if err := st.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteRisk(recs[1].Account.ID, recs[1].Risks[0].ID); err != nil {
		t.Fatal(err)
	}
	first := dump(t, st)
	if second := dump(t, st); second != first {
		t.Fatal("two dumps of the same book differ")
	}
	other, _ := openTest(t)
	if err := other.Restore(strings.NewReader(first)); err != nil {
		t.Fatal(err)
	}
	if again := dump(t, other); again != first {
		t.Fatalf("dump -> restore -> dump differs:\n%s\n---\n%s", first, again)
	}
	if probs, _ := other.Check(); len(probs) > 0 {
		t.Fatalf("restored book has problems: %v", probs)
	}
}

func TestRestoreRefusesBadInputAndLeavesBookAlone(t *testing.T) {
	st, _ := openTest(t)
	good := dumpOf(t, sampleRecord("Acme", t0))
	bad := strings.Replace(good, `"name": "Cy Champ"`, `"name": ""`, 1)
	cases := map[string]string{
		"empty":          "",
		"not json":       "hello",
		"wrong format":   `{"format": "other", "version": 1, "accounts": []}`,
		"newer version":  `{"format": "bob-book", "version": 99, "accounts": []}`,
		"truncated":      good[:len(good)/2],
		"invalid record": bad,
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if err := st.Restore(strings.NewReader(in)); err == nil {
				t.Fatal("accepted")
			}
			if n, _ := st.Count(); n != 0 {
				t.Fatalf("a failed restore left %d accounts behind", n)
			}
		})
	}
	mustAccount(t, st, "Existing")
	if err := st.Restore(strings.NewReader(good)); !errors.Is(err, ErrNotEmpty) {
		t.Fatalf("restore into a full book: err = %v, want ErrNotEmpty", err)
	}
}

func dumpOf(t *testing.T, recs ...model.AccountRecord) string {
	t.Helper()
	st, _ := openTest(t)
	if err := st.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	return dump(t, st)
}

func TestFindAccount(t *testing.T) {
	st, _ := openTest(t)
	acme := mustAccount(t, st, "Acme Corp")
	mustAccount(t, st, "Acme Labs")
	mustAccount(t, st, "Globex")
	for q, want := range map[string]string{acme.ID: "Acme Corp", "acme corp": "Acme Corp", "glob": "Globex"} {
		a, err := st.FindAccount(q)
		if err != nil || a.Name != want {
			t.Errorf("FindAccount(%q) = %q, %v; want %q", q, a.Name, err, want)
		}
	}
	if _, err := st.FindAccount("acme"); !errors.Is(err, ErrAmbiguous) {
		t.Errorf("ambiguous: err = %v", err)
	}
	if _, err := st.FindAccount("initech"); !errors.Is(err, ErrNotFound) {
		t.Errorf("missing: err = %v", err)
	}
}

func TestBackupIsPrivateAndOpens(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	out := filepath.Join(t.TempDir(), "copy.db")
	if err := st.Backup(out); err != nil {
		t.Fatal(err)
	}
	if err := st.Backup(path); err == nil {
		t.Fatal("backing up onto the book itself was accepted")
	}
	fi, _ := os.Stat(out)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup mode %v", fi.Mode().Perm())
	}
	cp, err := Open(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cp.Close()
	if n, _ := cp.Count(); n != 1 {
		t.Fatalf("backup holds %d accounts", n)
	}
}

func TestBackupAutoKeepsTheNewest(t *testing.T) {
	st, _ := openTest(t)
	for range KeepBackups + 3 {
		if _, err := st.BackupAuto("import"); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(st.BackupDir(), "*-import.db"))
	if len(files) != KeepBackups {
		t.Fatalf("%d backups kept, want %d", len(files), KeepBackups)
	}
}

func TestCheckFindsOrphans(t *testing.T) {
	st, _ := openTest(t)
	rec := sampleRecord("Acme", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	if probs, err := st.Check(); err != nil || len(probs) != 0 {
		t.Fatalf("clean book: %v %v", probs, err)
	}
	// Remove the account behind the store's back: its people are orphans.
	if err := st.update(func(tx *boltTx) error {
		return tx.Bucket(bucketAccounts).Delete([]byte(rec.Account.ID))
	}); err != nil {
		t.Fatal(err)
	}
	probs, _ := st.Check()
	var orphans int
	for _, p := range probs {
		if strings.Contains(p.What, "does not exist") {
			orphans++
		}
	}
	if orphans == 0 {
		t.Fatalf("check missed the orphans: %v", probs)
	}
}

func TestAddHandoffsIsAllOrNothingAndLeavesAccountsAlone(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	b := mustAccount(t, st, "Bolt")
	bad := []model.Handoff{
		{AccountID: a.ID, From: "Sam", To: "Kim", Status: model.HandoffSent},
		{AccountID: model.NewID(), From: "Sam", To: "Kim", Status: model.HandoffSent},
	}
	if err := st.AddHandoffs(bad); !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
	if hs, _ := st.Handoffs(a.ID); len(hs) != 0 {
		t.Fatal("a failed AddHandoffs wrote part of its handoffs")
	}
	good := []model.Handoff{
		{AccountID: a.ID, From: "Sam", To: "Kim", Status: model.HandoffSent},
		{AccountID: b.ID, From: "Sam", To: "Lee", Status: model.HandoffSent},
	}
	if err := st.AddHandoffs(good); err != nil {
		t.Fatal(err)
	}
	sums, _ := st.Summaries()
	for _, s := range sums {
		if !s.HandedOff() {
			t.Errorf("%s not marked handed off: %+v", s.Name, s)
		}
	}
	if got, _ := st.Account(a.ID); !got.Updated.Equal(a.Updated) {
		t.Errorf("account Updated moved from %v to %v", a.Updated, got.Updated)
	}
}

func TestEntryIDOfAnotherAccountIsRefused(t *testing.T) {
	st, _ := openTest(t)
	a, b := sampleRecord("Acme", t0), sampleRecord("Bolt", t0)
	if err := st.ReplaceRecords([]model.AccountRecord{a}); err != nil {
		t.Fatal(err)
	}
	before := dump(t, st)
	// Bolt arrives (say, in a bundle) with an entry that reuses Acme's entry ID.
	b.Timeline[0].ID = a.Timeline[0].ID
	if err := st.ReplaceRecords([]model.AccountRecord{b}); err == nil || !strings.Contains(err.Error(), "another account") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if after := dump(t, st); after != before {
		t.Fatal("the refused write changed the book")
	}
}

func TestRestoreRefusesWhatIsBackAlready(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	r, _ := st.PutRisk(model.Risk{AccountID: a.ID, Title: "budget", Severity: model.SeverityHigh})
	trashID, _ := st.DeleteRisk(a.ID, r.ID)
	// The same risk comes back (an import, say) and is changed since.
	r.Title = "budget, now approved"
	if err := st.update(func(tx *boltTx) error { return putJSON(tx.Bucket(bucketRisks), childKey(a.ID, r.ID), r) }); err != nil {
		t.Fatal(err)
	}
	if err := st.RestoreTrash(trashID); err == nil || !strings.Contains(err.Error(), "in the book again") {
		t.Fatalf("err = %v, want a refusal", err)
	}
	if rs, _ := st.Risks(a.ID); len(rs) != 1 || rs[0].Title != "budget, now approved" {
		t.Fatalf("the newer risk was replaced: %+v", rs)
	}
}

func TestUpdateAccountValidatesAndKeepsOtherFields(t *testing.T) {
	st, _ := openTest(t)
	a := mustAccount(t, st, "Acme")
	got, err := st.UpdateAccount(a.ID, func(x *model.Account) error { x.Renewal = model.MustDate("2028-01-01"); return nil })
	if err != nil || got.Name != "Acme" || got.Renewal != model.MustDate("2028-01-01") {
		t.Fatalf("UpdateAccount = %+v, %v", got, err)
	}
	if _, err := st.UpdateAccount(a.ID, func(x *model.Account) error { x.Name = ""; return nil }); err == nil {
		t.Fatal("an invalid change was saved")
	}
	if cur, _ := st.Account(a.ID); cur.Name != "Acme" {
		t.Fatal("a refused change was written")
	}
}
