package store

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"sort"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// Problem is one thing wrong with the book, in words a user can act on.
type Problem struct {
	Where string // e.g. "person 01J..." or "database page 42"
	What  string
}

func (p Problem) String() string { return p.Where + ": " + p.What }

// Check verifies the file (bbolt's own page check) and the book's rules:
// every record belongs to an existing account and sits under its key,
// every record is valid, reports-to stays inside one account and has no
// cycles, and the summaries and timeline index match the records.
//
// The file is first walked page by page with plain reads (see pages.go);
// bbolt's check and the rules run only if that walk finds nothing, since
// bbolt follows page numbers without looking. A panic while reading the
// records is reported as a problem, never a crash.
func (s *Store) Check() ([]Problem, error) {
	ps, err := CheckFile(s.path)
	if err != nil {
		return nil, err
	}
	if len(ps) > 0 {
		s.note(damaged(s.path, ps[0]))
		return ps, nil
	}
	// Any problem marks the store damaged, so nothing writes to a book
	// found broken; the first problem with the file itself (bbolt's
	// check, a record that cannot be read) is what the error names.
	var fileDamage error
	add := func(where, format string, args ...any) {
		p := Problem{where, fmt.Sprintf(format, args...)}
		ps = append(ps, p)
		for _, a := range args {
			if e, ok := a.(error); ok && fileDamage == nil {
				var rd *recordDamage
				if errors.As(e, &rd) {
					fileDamage = damaged(s.path, p)
				}
			}
		}
	}
	err = protect(s.path, func() error {
		return s.withDB(false, false, func(db *bolt.DB) error {
			return db.View(func(tx *bolt.Tx) error { return checkRules(tx, add) })
		})
	})
	var d *DamagedError
	if errors.As(err, &d) {
		add("database file", "%s", d.Detail)
		fileDamage, err = d, nil
	}
	if fileDamage == nil && len(ps) > 0 {
		fileDamage = damaged(s.path, ps[0])
	}
	if fileDamage != nil {
		s.note(fileDamage)
	}
	if what := s.Partial(); what != "" {
		// Not damage: the records are sound, just not all there.
		ps = append(ps, Problem{"book", "is partial: " + what + " was stopped before it finished; delete the file and run it again"})
	}
	return ps, s.wrap("check "+s.path, err)
}

// checkRules checks the book's rules in tx, as Check says, telling add
// each problem.
func checkRules(tx *bolt.Tx, add func(string, string, ...any)) error {
	for err := range tx.Check() {
		add("database file", "%v", err)
	}
	accounts, err := checkAccounts(tx, add)
	if err != nil {
		return err
	}
	checkIndexes(tx, accounts, add)
	checkListIndex(tx, add)
	people := map[string][]model.Person{}
	checkKind(tx, kindPerson, accounts, add, func(p model.Person) { people[p.AccountID] = append(people[p.AccountID], p) })
	checkKind(tx, kindEdge, accounts, add, nil)
	checkKind(tx, kindPlan, accounts, add, nil)
	checkKind(tx, kindCommitment, accounts, add, nil)
	checkKind(tx, kindRisk, accounts, add, nil)
	checkKind(tx, kindChecklist, accounts, add, nil)
	checkKind(tx, kindHandoff, accounts, add, nil)
	checkReportsTo(people, add)
	checkTimeline(tx, accounts, add)
	return nil
}

// checkAccounts checks each account (its key, its rules, its summary and
// due-item entry) and returns the IDs of those that can be read.
func checkAccounts(tx *bolt.Tx, add func(string, string, ...any)) (map[string]bool, error) {
	accounts := map[string]bool{}
	err := tx.Bucket(bucketAccounts).ForEach(func(k, v []byte) error {
		var a model.Account
		if err := unmarshal(k, v, &a); err != nil {
			add("account "+string(k), "%v", err)
			return nil
		}
		accounts[string(k)] = true
		if a.ID != string(k) {
			add("account "+string(k), "is stored under the wrong key (its id is %s)", a.ID)
		}
		if err := a.Validate(); err != nil {
			add("account "+string(k), "%v", err)
		}
		if tx.Bucket(bucketSummaries).Get(k) == nil {
			add("account "+string(k), "has no summary in the account list")
		}
		if tx.Bucket(bucketDue).Get(k) == nil {
			add("account "+string(k), "has no entry in the due-item index")
		}
		return nil
	})
	return accounts, err
}

// checkIndexes checks that every summary and due-item entry belongs to an
// account, and that each summary can be read.
func checkIndexes(tx *bolt.Tx, accounts map[string]bool, add func(string, string, ...any)) {
	_ = tx.Bucket(bucketSummaries).ForEach(func(k, v []byte) error {
		if !accounts[string(k)] {
			add("summary "+string(k), "belongs to no account")
		}
		if _, err := summaryAt(k, v); err != nil {
			add("summary "+string(k), "%v", err)
		}
		return nil
	})
	_ = tx.Bucket(bucketDue).ForEach(func(k, _ []byte) error {
		if !accounts[string(k)] {
			add("due-item index entry "+string(k), "belongs to no account")
		}
		return nil
	})
}

// checkReportsTo checks that reports-to stays inside each account and
// has no cycles.
func checkReportsTo(people map[string][]model.Person, add func(string, string, ...any)) {
	for _, acc := range sortedKeys(people) {
		byID := map[string]bool{}
		for _, p := range people[acc] {
			byID[p.ID] = true
		}
		for _, p := range people[acc] {
			if p.ReportsTo != "" && !byID[p.ReportsTo] {
				add("person "+p.ID, "reports to %s, who is not a person of the same account", p.ReportsTo)
			}
		}
		if cyc := model.ReportsToCycle(people[acc]); cyc != nil {
			add("account "+acc, "reports-to forms a cycle through %v", cyc)
		}
	}
}

func checkKind[T interface{ Validate() error }](tx *bolt.Tx, k kind[T], accounts map[string]bool,
	add func(string, string, ...any), each func(T)) {
	_ = tx.Bucket(k.bucket).ForEach(func(key, v []byte) error {
		var rec T
		where := k.name + " " + string(key)
		if err := unmarshal(key, v, &rec); err != nil {
			add(where, "%v", err)
			return nil
		}
		acc, id := k.ids(rec)
		if !bytes.Equal(key, childKey(acc, id)) {
			add(where, "is stored under the wrong key (it says account %s, id %s)", acc, id)
		}
		if !accounts[acc] {
			add(where, "belongs to account %s, which does not exist", acc)
		}
		if err := rec.Validate(); err != nil {
			add(where, "%v", err)
		}
		if each != nil {
			each(rec)
		}
		return nil
	})
}

func checkTimeline(tx *bolt.Tx, accounts map[string]bool, add func(string, string, ...any)) {
	ids := tx.Bucket(bucketTimelineIDs)
	pb := tx.Bucket(bucketTimelinePeople)
	counts := map[string]map[model.EntryKind]int{}
	_ = tx.Bucket(bucketTimeline).ForEach(func(key, v []byte) error {
		var e model.TimelineEntry
		where := "timeline entry " + string(key)
		if err := unmarshal(key, v, &e); err != nil {
			add(where, "%v", err)
			return nil
		}
		if !bytes.Equal(key, timelineKey(e.AccountID, e.When, e.ID)) {
			add(where, "is stored under the wrong key")
		}
		if !accounts[e.AccountID] {
			add(where, "belongs to account %s, which does not exist", e.AccountID)
		}
		if err := e.Validate(); err != nil {
			add(where, "%v", err)
		}
		if !bytes.Equal(ids.Get([]byte(e.ID)), key) {
			add(where, "is missing from the timeline index")
		}
		for _, p := range e.People {
			if tx.Bucket(bucketPeople).Get(childKey(e.AccountID, p)) == nil {
				add(where, "links %s, who is not a person of its account", p)
			}
			want := touchExternal
			if !e.IsTouch() {
				want = touchInternal
			}
			if pb != nil && !bytes.Equal(pb.Get(personEntryKey(e.AccountID, p, key)), want) {
				add(where, "is missing from the per-person timeline index under %s", p)
			}
		}
		if counts[e.AccountID] == nil {
			counts[e.AccountID] = map[model.EntryKind]int{}
		}
		counts[e.AccountID][e.Kind]++
		return nil
	})
	if pb != nil {
		_ = pb.ForEach(func(k, _ []byte) error {
			parts := bytes.SplitN(k, []byte("/"), 3)
			if len(parts) != 3 || tx.Bucket(bucketTimeline).Get(timelineKeyOf(string(parts[0]), k[:len(parts[0])+len(parts[1])+2], k)) == nil {
				add("per-person timeline index "+string(k), "points at a missing entry")
			}
			return nil
		})
	}
	if cb := tx.Bucket(bucketTimelineCounts); cb != nil {
		_ = cb.ForEach(func(k, v []byte) error {
			if _, ok := counts[string(k)]; !ok {
				add("timeline counts "+string(k), "counts entries of an account that has none")
			}
			return nil
		})
		for _, acc := range sortedKeys(counts) {
			got, err := countsTx(tx, acc)
			if err != nil {
				add("timeline counts "+acc, "%v", err)
				continue
			}
			if !maps.Equal(got, counts[acc]) {
				add("timeline counts "+acc, "say %v, the timeline holds %v", got, counts[acc])
			}
		}
	}
	_ = ids.ForEach(func(id, key []byte) error {
		if tx.Bucket(bucketTimeline).Get(key) == nil {
			add("timeline index "+string(id), "points at a missing entry")
		}
		return nil
	})
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CheckFile walks the book's file page by page with plain reads, without
// bbolt: it works on a file too damaged to open, and never writes.
func CheckFile(path string) ([]Problem, error) {
	ps, err := walkFile(path, walkFull)
	if err != nil {
		return nil, fmt.Errorf("check %s: %w", path, err)
	}
	return ps, nil
}

// RestoreHint says how to get the book at path back from its latest
// automatic backup, in one sentence.
func RestoreHint(path string) string {
	if b, ok := LatestBackup(path); ok {
		return fmt.Sprintf("the latest backup is %s (%s): bob backup restore %s --db %s", b.Name, b.Taken.Format("2006-01-02 15:04 UTC"), b.Name, path)
	}
	return "no automatic backup of it exists: restore a copy you made with bob backup restore FILE --db " + path + ", or a dump into a new file with bob restore"
}
