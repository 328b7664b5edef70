package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

var update = flag.Bool("update", false, "rewrite the files under testdata")

// writeSchema1 writes a book as bob's schema 1 laid it out: the core
// buckets, no summaries and no trash.
func writeSchema1(t *testing.T, path string) model.AccountRecord {
	t.Helper()
	db, err := bolt.Open(path, FileMode, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rec := sampleRecord("Schema One Ltd", t0)
	err = db.Update(func(tx *bolt.Tx) error {
		if err := migrations[0].apply(tx); err != nil {
			return err
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte("1")); err != nil {
			return err
		}
		raw, _ := json.Marshal(rec.Account)
		if err := tx.Bucket(bucketAccounts).Put([]byte(rec.Account.ID), raw); err != nil {
			return err
		}
		if err := putAll(tx, kindPerson, rec.People); err != nil {
			return err
		}
		if err := putAll(tx, kindRisk, rec.Risks); err != nil {
			return err
		}
		for _, e := range rec.Timeline {
			if err := putEntryTx(tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestMigrateFromSchema1(t *testing.T) {
	fixture := filepath.Join("testdata", "book-schema1.db")
	if *update {
		os.Remove(fixture)
		writeSchema1(t, fixture)
	}
	path := filepath.Join(t.TempDir(), "book.db")
	raw, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatalf("%v (run go test ./store -run Schema1 -update to write it)", err)
	}
	if err := os.WriteFile(path, raw, FileMode); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	sums, err := st.Summaries()
	if err != nil || len(sums) != 1 {
		t.Fatalf("summaries after migration: %v %v", sums, err)
	}
	if sums[0].Name != "Schema One Ltd" || sums[0].OpenRisks != 1 || sums[0].LastTouch.IsZero() {
		t.Fatalf("summary built by the migration is wrong: %+v", sums[0])
	}
	if _, err := st.Trash(); err != nil {
		t.Fatalf("trash after migration: %v", err)
	}
	if probs, _ := st.Check(); len(probs) > 0 {
		t.Fatalf("migrated book has problems: %v", probs)
	}
	backups, _ := filepath.Glob(filepath.Join(st.BackupDir(), "*-schema1.db"))
	if len(backups) != 1 {
		t.Fatalf("want one backup taken before migrating, found %v", backups)
	}
	// The backup is the untouched schema-1 file.
	db, err := bolt.Open(backups[0], FileMode, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if v, _ := readVersion(tx); v != 1 {
			t.Errorf("backup is at schema %d, want 1", v)
		}
		return nil
	})
}

func TestEachMigrationAppliesOnItsPredecessor(t *testing.T) {
	for i, m := range migrations {
		t.Run(fmt.Sprintf("%d %s", m.version, m.what), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "book.db")
			db, err := bolt.Open(path, FileMode, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			err = db.Update(func(tx *bolt.Tx) error {
				for _, prev := range migrations[:i+1] {
					if err := prev.apply(tx); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestNewerSchemaRefused(t *testing.T) {
	st, path := openTest(t)
	st.update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(SchemaVersion()+1)))
	})
	st.Close()
	_, err := Open(path, nil)
	if !errors.Is(err, ErrTooNew) {
		t.Fatalf("err = %v, want ErrTooNew", err)
	}
}

// TestAWriterWaitsThenNamesTheHolder holds a write transaction in a
// child process: this process's write and read wait, then fail with
// ErrLocked naming the child; once the child lets go, both succeed.
func TestAWriterWaitsThenNamesTheHolder(t *testing.T) {
	if os.Getenv("BOB_TEST_HOLD") != "" {
		return
	}
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := Open(path, &Options{LockTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=TestHelperHoldBook")
	cmd.Env = append(os.Environ(), "BOB_TEST_HOLD="+path)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "holding\n" {
		t.Fatalf("child did not open the book: %q %v", line, err)
	}
	start := time.Now()
	_, err = st.PutAccount(model.Account{Name: "Acme", Health: model.HealthGreen})
	if !errors.Is(err, ErrLocked) || time.Since(start) < 250*time.Millisecond {
		t.Fatalf("err = %v after %v, want ErrLocked after waiting", err, time.Since(start))
	}
	want := fmt.Sprintf("(pid %d) is writing to it; try again in a moment", cmd.Process.Pid)
	if runtime.GOOS == "linux" && !strings.Contains(err.Error(), want) {
		t.Fatalf("err = %v, want it to name the holder: %q", err, want)
	}
	if _, err := st.Summaries(); !errors.Is(err, ErrLocked) {
		t.Fatalf("read during another's write: %v, want ErrLocked", err)
	}
	stdin.Close()
	cmd.Wait()
	if _, err := st.PutAccount(model.Account{Name: "Acme", Health: model.HealthGreen}); err != nil {
		t.Fatalf("after the holder let go: %v", err)
	}
}

func TestHelperHoldBook(t *testing.T) {
	path := os.Getenv("BOB_TEST_HOLD")
	if path == "" {
		t.Skip("helper process for TestAWriterWaitsThenNamesTheHolder")
	}
	st, err := Open(path, nil)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(1)
	}
	defer st.Close()
	st.update(func(*bolt.Tx) error {
		fmt.Println("holding")
		io.Copy(io.Discard, os.Stdin) // hold until the parent closes stdin
		return nil
	})
}

// TestMigration4KeepsTheAccountTeam opens a schema-3 book: it is backed up
// as it was, upgraded, and from then on the account team, the renewal
// outcome and an escalation's status are kept across a reopen.
func TestMigration4KeepsTheAccountTeam(t *testing.T) {
	path := filepath.Join(t.TempDir(), "book.db")
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	acc := mustAccount(t, st, "Schema Three Ltd")
	st.update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(keySchema, []byte("3")) })
	st.Close()

	if st, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	backups, _ := filepath.Glob(filepath.Join(st.BackupDir(), "*-schema3.db"))
	if len(backups) != 1 {
		t.Fatalf("want one backup taken before migrating to 4, found %v", backups)
	}
	db, err := bolt.Open(backups[0], FileMode, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	db.View(func(tx *bolt.Tx) error {
		if v, _ := readVersion(tx); v != 3 {
			t.Errorf("backup is at schema %d, want 3", v)
		}
		return nil
	})
	db.Close()

	acc.Team = model.AccountTeam{AccountExecutive: "Sam Seller <sam@example.com>", Partner: "Northwind Services"}
	acc.RenewalOutcome = model.RenewalNegotiating
	if _, err := st.PutAccount(acc); err != nil {
		t.Fatal(err)
	}
	esc, err := st.PutEntry(model.TimelineEntry{AccountID: acc.ID, When: t0, Kind: model.KindEscalation,
		Title: "P1 outage", Status: model.EscalationResolved})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rec, err := st.Record(acc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Account.Team != acc.Team || rec.Account.RenewalOutcome != model.RenewalNegotiating {
		t.Errorf("after reopening: team %+v, outcome %q", rec.Account.Team, rec.Account.RenewalOutcome)
	}
	if len(rec.Timeline) != 1 || rec.Timeline[0].ID != esc.ID || rec.Timeline[0].Status != model.EscalationResolved {
		t.Errorf("after reopening, the escalation is %+v", rec.Timeline)
	}
}

// TestFailedUpgradeNamesItsBackup: an upgrade that fails names the copy
// taken before it, and setting up a new book that fails claims no backup.
func TestFailedUpgradeNamesItsBackup(t *testing.T) {
	was := migrations
	defer func() { migrations = was }()
	migrations = append(append([]migration(nil), was...), migration{SchemaVersion() + 1, "fail on purpose", func(*bolt.Tx) error {
		return errors.New("no room")
	}})

	fixture, err := os.ReadFile(filepath.Join("testdata", "book-schema1.db"))
	if err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(t.TempDir(), "old.db")
	if err := os.WriteFile(old, fixture, FileMode); err != nil {
		t.Fatal(err)
	}
	_, err = Open(old, nil)
	backups, _ := filepath.Glob(filepath.Join(BackupDirOf(old), "*-schema1.db"))
	if err == nil || len(backups) != 1 || !strings.Contains(err.Error(), "the copy taken before is "+backups[0]) {
		t.Errorf("failed upgrade: %v (backups %v)", err, backups)
	}

	fresh := filepath.Join(t.TempDir(), "new.db")
	_, err = Open(fresh, nil)
	if err == nil || strings.Contains(err.Error(), "backup") || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("failed set-up of a new book: %v", err)
	}
}

// An upgrade reads the schema again in its own write: a book another bob
// upgraded meanwhile, to this schema or past it, is left as it is.
func TestUpgradeRereadsTheSchema(t *testing.T) {
	st, path := openTest(t)
	mustAccount(t, st, "Acme")
	for _, tc := range []struct {
		found int
		err   error
	}{{SchemaVersion(), nil}, {SchemaVersion() + 1, ErrTooNew}} {
		err := st.update(func(tx *bolt.Tx) error {
			return tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(tc.found)))
		})
		if err != nil {
			t.Fatal(err)
		}
		// As if Open had read an older schema before the other bob's
		// upgrade.
		if err := st.applyMigrations(SchemaVersion()-1, SchemaVersion(), ""); !errors.Is(err, tc.err) {
			t.Fatalf("schema %d found: %v, want %v", tc.found, err, tc.err)
		}
		db, err := bolt.Open(path, FileMode, &bolt.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		db.View(func(tx *bolt.Tx) error {
			if v, _ := readVersion(tx); v != tc.found {
				t.Errorf("schema %d after the upgrade, want %d", v, tc.found)
			}
			return nil
		})
		db.Close()
	}
}
