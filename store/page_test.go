package store

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// randomTimeline gives rec n entries linking its people at random, some
// internal, many at the same time (ties decide which entries count).
func randomTimeline(r *rand.Rand, rec *model.AccountRecord, n int) {
	kinds := model.EntryKinds
	for i := range n {
		at := t0.Add(-time.Duration(r.IntN(n/3+1)) * time.Hour)
		e := model.TimelineEntry{ID: model.NewIDAt(at), AccountID: rec.Account.ID, When: at, Kind: kinds[r.IntN(len(kinds))],
			Internal: r.IntN(3) == 0, Title: fmt.Sprintf("entry %d", i), Created: at, Updated: at}
		for _, p := range rec.People {
			if r.IntN(3) == 0 {
				e.People = append(e.People, p.ID)
			}
		}
		rec.Timeline = append(rec.Timeline, e)
	}
	rec.Canonicalize()
}

func ids(es []model.TimelineEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.ID
	}
	return out
}

// checkView: the account view reads exactly the entries model.TouchEntries
// picks from the whole timeline, and the book passes its check (the
// per-person index and the counts match the entries).
func checkView(t *testing.T, st *Store, acc string) {
	t.Helper()
	full, err := st.Record(acc)
	if err != nil {
		t.Fatal(err)
	}
	v, err := st.AccountView(acc, &PageQuery{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(v.Record.Timeline), ids(model.TouchEntries(full.Timeline)); !slices.Equal(got, want) {
		t.Fatalf("the view's touch entries:\n%v\nwant\n%v", got, want)
	}
	if v.Page.Total != len(full.Timeline) {
		t.Fatalf("total %d, the timeline has %d", v.Page.Total, len(full.Timeline))
	}
	now := t0.Add(24 * time.Hour)
	if got, want := model.Flags(v.Record, now), model.Flags(full, now); !slices.Equal(got, want) {
		t.Fatalf("flags %v, want %v", got, want)
	}
	if probs, err := st.Check(); err != nil || len(probs) > 0 {
		t.Fatalf("check: %v %v", probs, err)
	}
}

func TestAccountViewReadsTheTouchEntries(t *testing.T) {
	st, _ := openTest(t)
	r := rand.New(rand.NewPCG(1, 2))
	rec := sampleRecord("Touchy Ltd", t0)
	for i := range 4 {
		at := t0.Add(time.Duration(i) * time.Minute)
		rec.People = append(rec.People, model.Person{ID: model.NewIDAt(at), AccountID: rec.Account.ID, Name: fmt.Sprintf("Person %d", i), Created: at, Updated: at})
	}
	randomTimeline(r, &rec, 300)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	acc := rec.Account.ID
	checkView(t, st, acc)

	// Every write keeps the indexes: a new entry, an edit that moves an
	// entry in time and changes its people and visibility, a delete, a
	// person deleted and restored, an entry restored.
	e, err := st.PutEntry(model.TimelineEntry{AccountID: acc, When: t0.Add(time.Hour), Kind: model.KindCall, Title: "new", People: []string{rec.People[2].ID}})
	if err != nil {
		t.Fatal(err)
	}
	checkView(t, st, acc)
	e.When, e.Internal, e.People = t0.Add(-500*time.Hour), true, []string{rec.People[3].ID, rec.People[0].ID}
	if _, err := st.PutEntry(e); err != nil {
		t.Fatal(err)
	}
	checkView(t, st, acc)
	full, _ := st.Record(acc)
	for _, x := range model.TouchEntries(full.Timeline)[:3] {
		if _, err := st.DeleteEntry(x.ID); err != nil {
			t.Fatal(err)
		}
		checkView(t, st, acc)
	}
	trashID, err := st.DeletePerson(acc, rec.People[4].ID)
	if err != nil {
		t.Fatal(err)
	}
	checkView(t, st, acc)
	if err := st.RestoreTrash(trashID); err != nil {
		t.Fatal(err)
	}
	checkView(t, st, acc)
	items, _ := st.Trash()
	for _, it := range items {
		if it.Kind == "timeline entry" {
			if err := st.RestoreTrash(it.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkView(t, st, acc)
	// An account deleted takes its index keys with it.
	if _, err := st.DeleteAccount(acc); err != nil {
		t.Fatal(err)
	}
	if probs, err := st.Check(); err != nil || len(probs) > 0 {
		t.Fatalf("check after deleting the account: %v %v", probs, err)
	}
}

// TestTimelinePages: pages read from cursor to cursor, either way and
// with a kind filter, put together make the timeline as the whole read
// returns it; Total and More say what lies beyond.
func TestTimelinePages(t *testing.T) {
	st, _ := openTest(t)
	r := rand.New(rand.NewPCG(3, 4))
	rec := sampleRecord("Paged Ltd", t0)
	randomTimeline(r, &rec, 250)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	acc := rec.Account.ID
	for _, kinds := range [][]model.EntryKind{nil, {model.KindCall}, {model.KindNote, model.KindRisk}, {model.KindHandoff}} {
		want, err := st.Timeline(acc, TimelineQuery{Kinds: kinds})
		if err != nil {
			t.Fatal(err)
		}
		// Down, page by page from the newest.
		var got []model.TimelineEntry
		q := PageQuery{Kinds: kinds, Limit: 17}
		for {
			p, err := st.TimelinePage(acc, q)
			if err != nil {
				t.Fatal(err)
			}
			if p.Total != len(want) {
				t.Fatalf("%v: total %d, want %d", kinds, p.Total, len(want))
			}
			got = append(got, p.Entries...)
			if !p.More {
				break
			}
			q.From = CursorAt(p.Entries[len(p.Entries)-1])
		}
		if !slices.Equal(ids(got), ids(want)) {
			t.Fatalf("%v: pages down differ from the whole timeline", kinds)
		}
		// Up, page by page from the oldest.
		got = nil
		q = PageQuery{Kinds: kinds, Limit: 17, Newer: true}
		for {
			p, err := st.TimelinePage(acc, q)
			if err != nil {
				t.Fatal(err)
			}
			got = append(slices.Clone(p.Entries), got...)
			if !p.More {
				break
			}
			q.From = CursorAt(p.Entries[0])
		}
		if !slices.Equal(ids(got), ids(want)) {
			t.Fatalf("%v: pages up differ from the whole timeline", kinds)
		}
		if len(want) < 3 {
			continue
		}
		// A page read again from its first entry, which a cursor keeps
		// its place without.
		p, _ := st.TimelinePage(acc, PageQuery{Kinds: kinds, From: CursorAt(want[1]), Inclusive: true, Limit: 2})
		if !slices.Equal(ids(p.Entries), ids(want[1:3])) {
			t.Fatalf("%v: inclusive page %v, want %v", kinds, ids(p.Entries), ids(want[1:3]))
		}
		if _, err := st.DeleteEntry(want[1].ID); err != nil {
			t.Fatal(err)
		}
		p, _ = st.TimelinePage(acc, PageQuery{Kinds: kinds, From: CursorAt(want[1]), Inclusive: true, Limit: 2})
		if !slices.Equal(ids(p.Entries), ids(want[2:min(4, len(want))])) {
			t.Fatalf("%v: after its first entry went: %v", kinds, ids(p.Entries))
		}
		if p.Total != len(want)-1 {
			t.Fatalf("%v: total after a delete %d, want %d", kinds, p.Total, len(want)-1)
		}
	}
}

// TestMigration6IndexesTheTimeline: a book from before the per-person
// index and the counts gets both on opening (after a backup), and its
// account view reads what the whole timeline says.
func TestMigration6IndexesTheTimeline(t *testing.T) {
	path := t.TempDir() + "/book.db"
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := sampleRecord("Schema Five Ltd", t0)
	randomTimeline(rand.New(rand.NewPCG(5, 6)), &rec, 120)
	if err := st.ReplaceRecords([]model.AccountRecord{rec}); err != nil {
		t.Fatal(err)
	}
	// Back to schema 5: no index, no counts.
	err = st.update(func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketTimelinePeople, bucketTimelineCounts} {
			if err := tx.DeleteBucket(b); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte("5"))
	})
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if st, err = Open(path, nil); err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if backups, _ := filepath.Glob(filepath.Join(st.BackupDir(), "*-schema5.db")); len(backups) != 1 {
		t.Fatalf("want one backup taken before migrating to 6, found %v", backups)
	}
	checkView(t, st, rec.Account.ID)
}
