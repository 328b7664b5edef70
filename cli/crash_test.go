package cli

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"bob/demo"
	"bob/model"
	"bob/store"
)

// The crash test: a writer process performs a seeded random sequence of
// the writes bob makes (new accounts, edits, timeline entries and their
// deletion, imports of whole accounts, spreadsheet imports, playbook
// applications) on one book and is killed with SIGKILL at a random moment.
// After every kill the book must open, `bob check` must pass, and every
// write the writer reported as committed must be there.
//
// It runs a few kills by default (seconds, for CI). For a long run:
//
//	BOB_CRASH_KILLS=1000 go test -run TestCrashKill -timeout 60m ./cli
//
// BOB_CRASH_SEED fixes the seed to replay a failure.

const (
	crashBookEnv = "BOB_CRASH_BOOK"
	crashSeedEnv = "BOB_CRASH_SEED"
)

func TestCrashKill(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns writer processes")
	}
	kills := 12
	if s := os.Getenv("BOB_CRASH_KILLS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("BOB_CRASH_KILLS=%q: %v", s, err)
		}
		kills = n
	}
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv(crashSeedEnv); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (replay with %s=%d)", seed, crashSeedEnv, seed)
	r := rand.New(rand.NewPCG(seed, 1))
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", filepath.Join(dir, "config"))
	book := filepath.Join(dir, "book.db")
	var log crashLog
	start := time.Now()
	committed := 0
	for i := range kills {
		out := runWriterUntilKilled(t, book, r.Uint64(), time.Duration(r.IntN(80))*time.Millisecond)
		committed += log.read(out)
		if _, _, err := bob(t, "", "check", "--db", book); err != nil {
			t.Fatalf("kill %d: bob check: %v", i+1, err)
		}
		if err := log.verify(book); err != nil {
			t.Fatalf("kill %d: %v", i+1, err)
		}
		if (i+1)%100 == 0 {
			t.Logf("%d kills, %d writes committed, %s", i+1, committed, time.Since(start).Round(time.Second))
		}
	}
	t.Logf("%d kills in %s: the book opened and passed bob check after each; all %d writes reported committed were there",
		kills, time.Since(start).Round(time.Millisecond), committed)
}

// runWriterUntilKilled starts the writer on book and kills it with SIGKILL
// wait after it has opened the book. It returns what the writer reported.
func runWriterUntilKilled(t *testing.T, book string, seed uint64, wait time.Duration) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$")
	cmd.Env = append(os.Environ(), crashBookEnv+"="+book, crashSeedEnv+"="+strconv.FormatUint(seed, 10))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	done := make(chan struct{})
	ready := make(chan struct{})
	go func() {
		defer close(done)
		sc := bufio.NewScanner(stdout)
		first := true
		for sc.Scan() {
			line := sc.Text()
			if first && line == "ready" {
				close(ready)
				first = false
				continue
			}
			out.WriteString(line + "\n")
		}
		if first {
			close(ready)
		}
	}()
	<-ready
	time.Sleep(wait)
	cmd.Process.Signal(syscall.SIGKILL)
	<-done
	cmd.Wait()
	if strings.Contains(stderr.String(), "FAIL") || strings.Contains(out.String(), "writer failed") {
		t.Fatalf("the writer failed before it was killed:\n%s%s", out.String(), stderr.String())
	}
	return out.String()
}

// crashLog is what the writers said, across all kills. An intent line is
// written before a write, a committed line after it returned: a write
// with an intent but no commitment may or may not be in the book.
type crashLog struct {
	accounts   map[string]bool   // created, must exist
	entries    map[string]bool   // created, must exist unless a delete was intended
	deleting   map[string]bool   // delete intended
	deleted    map[string]bool   // delete committed: must be gone
	goals      map[string]int    // account -> the last committed edit's number
	goalsMax   map[string]int    // account -> the last intended edit's number
	imported   map[string]int    // account -> its timeline length
	checklists map[string]string // checklist -> account
}

func (l *crashLog) init() {
	if l.accounts == nil {
		l.accounts, l.entries, l.deleting, l.deleted = map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
		l.goals, l.goalsMax, l.imported, l.checklists = map[string]int{}, map[string]int{}, map[string]int{}, map[string]string{}
	}
}

// read takes in one writer's output and returns how many writes it
// reported committed. A line cut by the kill has no newline and is
// ignored by the scanner's caller (it is never a committed line).
func (l *crashLog) read(out string) int {
	l.init()
	n := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		what, id := f[1], f[2]
		num := 0
		if len(f) > 3 {
			num, _ = strconv.Atoi(f[3])
		}
		switch f[0] {
		case "intent":
			switch what {
			case "delete-entry":
				l.deleting[id] = true
			case "edit":
				l.goalsMax[id] = max(l.goalsMax[id], num)
			}
		case "committed":
			n++
			switch what {
			case "account", "csv-account":
				l.accounts[id] = true
			case "entry":
				l.entries[id] = true
			case "delete-entry":
				l.deleted[id] = true
			case "edit":
				l.goals[id] = max(l.goals[id], num)
			case "import":
				l.accounts[id] = true
				l.imported[id] = num
			case "checklist":
				l.checklists[id] = f[3]
			}
		}
	}
	return n
}

func (l *crashLog) verify(book string) error {
	st, err := store.Open(book, nil)
	if err != nil {
		return fmt.Errorf("the book does not open: %w", err)
	}
	defer st.Close()
	for id := range l.accounts {
		if _, err := st.Account(id); err != nil {
			return fmt.Errorf("account %s was reported committed: %w", id, err)
		}
	}
	for id := range l.entries {
		_, err := st.Entry(id)
		switch {
		case l.deleted[id] && err == nil:
			return fmt.Errorf("entry %s was reported deleted but is there", id)
		case !l.deleting[id] && err != nil:
			return fmt.Errorf("entry %s was reported committed: %w", id, err)
		}
	}
	for id, n := range l.goals {
		acc, err := st.Account(id)
		if err != nil {
			return err
		}
		got, _ := strconv.Atoi(strings.TrimPrefix(acc.Goals, "goal "))
		if got < n || got > l.goalsMax[id] {
			return fmt.Errorf("account %s: goals %q, want edit %d..%d", id, acc.Goals, n, l.goalsMax[id])
		}
	}
	for id, n := range l.imported {
		rec, err := st.Record(id)
		if err != nil {
			return err
		}
		if len(rec.Timeline) < n { // the writer may add entries, never deletes these
			return fmt.Errorf("imported account %s has %d entries, want %d", id, len(rec.Timeline), n)
		}
	}
	for cl, acc := range l.checklists {
		cs, err := st.Checklists(acc)
		if err != nil {
			return err
		}
		found := false
		for _, c := range cs {
			found = found || c.ID == cl
		}
		if !found {
			return fmt.Errorf("checklist %s on account %s was reported committed but is missing", cl, acc)
		}
	}
	return nil
}

// TestCrashWriter is the process TestCrashKill kills; it does nothing
// unless started by it.
func TestCrashWriter(t *testing.T) {
	book := os.Getenv(crashBookEnv)
	if book == "" {
		t.Skip("started only by TestCrashKill")
	}
	seed, _ := strconv.ParseUint(os.Getenv(crashSeedEnv), 10, 64)
	say := func(format string, args ...any) { fmt.Fprintf(os.Stdout, format+"\n", args...) }
	if err := crashWrite(book, seed, say); err != nil {
		say("writer failed: %v", err)
		t.Fatal(err)
	}
}

// crashWrite writes forever (until killed), saying what it is about to do
// and what has been committed.
func crashWrite(book string, seed uint64, say func(string, ...any)) error {
	st, err := store.Open(book, &store.Options{LockTimeout: 10 * time.Second})
	if err != nil {
		return err
	}
	defer st.Close()
	r := rand.New(rand.NewPCG(seed, 2))
	sums, err := st.Summaries()
	if err != nil {
		return err
	}
	var accounts []string
	for _, s := range sums {
		accounts = append(accounts, s.ID)
	}
	var entries []string
	pb, err := findPlaybook("onboarding")
	if err != nil {
		return err
	}
	say("ready")
	pick := func() string { return accounts[r.IntN(len(accounts))] }
	for n := 1; ; n++ {
		op := r.IntN(100)
		if len(accounts) == 0 {
			op = 0
		}
		switch {
		case op < 8: // a new account
			a, err := st.PutAccount(model.Account{Name: fmt.Sprintf("Crash %d-%d", seed%100000, n), Health: model.HealthGreen})
			if err != nil {
				return err
			}
			accounts = append(accounts, a.ID)
			say("committed account %s", a.ID)
		case op < 45: // a timeline entry
			e, err := st.PutEntry(model.TimelineEntry{AccountID: pick(), When: time.Now().Add(-time.Duration(r.IntN(1000)) * time.Hour),
				Kind: model.KindCall, Title: fmt.Sprintf("call %d", n)})
			if err != nil {
				return err
			}
			entries = append(entries, e.ID)
			say("committed entry %s", e.ID)
		case op < 65: // an edit of an account
			// Edits are numbered by the clock, so a later writer's edits
			// count higher than an earlier one's.
			id, v := pick(), time.Now().UnixNano()
			say("intent edit %s %d", id, v)
			if _, err := st.UpdateAccount(id, func(a *model.Account) error { a.Goals = fmt.Sprintf("goal %d", v); return nil }); err != nil {
				return err
			}
			say("committed edit %s %d", id, v)
		case op < 75 && len(entries) > 0: // delete an entry
			i := r.IntN(len(entries))
			id := entries[i]
			entries = append(entries[:i], entries[i+1:]...)
			say("intent delete-entry %s", id)
			if _, err := st.DeleteEntry(id); err != nil {
				return err
			}
			say("committed delete-entry %s", id)
		case op < 83: // import a whole account (as a bundle import does)
			var rec model.AccountRecord
			err := demo.Generate(demo.Options{Accounts: 1, Seed: int64(r.Uint64() >> 1), EntriesPerAccount: 5}, func(x model.AccountRecord) error {
				rec = x
				return nil
			})
			if err != nil {
				return err
			}
			if _, err := st.Account(rec.Account.ID); err == nil {
				continue // the same demo account again: nothing new
			}
			if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
				return err
			}
			accounts = append(accounts, rec.Account.ID)
			say("committed import %s %d", rec.Account.ID, len(rec.Timeline))
		case op < 91: // a spreadsheet import: accounts in one transaction
			var rows []model.Account
			for j := range 1 + r.IntN(3) {
				rows = append(rows, model.Account{ID: model.NewID(), Name: fmt.Sprintf("Sheet %d-%d-%d", seed%100000, n, j), Health: model.HealthYellow})
			}
			if err := st.ImportRows(rows, nil); err != nil {
				return err
			}
			for _, a := range rows {
				accounts = append(accounts, a.ID)
				say("committed csv-account %s", a.ID)
			}
		default: // apply a playbook
			acc, err := st.Account(pick())
			if err != nil {
				return err
			}
			cs, _ := pb.ForAccounts([]model.Account{acc}, model.DateOf(time.Now()), model.Date{})
			res, err := st.ApplyChecklists(cs)
			if err != nil {
				return err
			}
			for _, c := range res.Applied {
				say("committed checklist %s %s", c.ID, c.AccountID)
			}
		}
	}
}
