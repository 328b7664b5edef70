package store

import (
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"bob/internal/entryjson"
)

// A migration brings the file from version-1 to version. Migrations run in
// order, all in one transaction, so a file is never left half-upgraded.
type migration struct {
	version int
	what    string
	apply   func(tx *bolt.Tx) error
}

// migrations is the schema's history. Append only: never edit or reorder
// a migration that has shipped, because books out there are at its version.
//
// A migration changes the layout only, with code of its own, so that what
// it does never changes when the live code changes. What is derived from
// the records (the summaries, the due-item index) is not a migration's
// business: after the migrations, rebuildDerived recomputes all of it with
// today's code, in the same transaction, whenever the schema changed.
var migrations = []migration{
	{1, "create the core buckets", func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketAccounts, bucketPeople, bucketEdges,
			bucketTimeline, bucketTimelineIDs, bucketPlans, bucketCommitments, bucketRisks,
			bucketChecklists, bucketHandoffs} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil
	}},
	{2, "add account summaries (so the list loads without whole records) and the trash", func(tx *bolt.Tx) error {
		if _, err := tx.CreateBucketIfNotExists(bucketTrash); err != nil {
			return err
		}
		_, err := tx.CreateBucketIfNotExists(bucketSummaries)
		return err // filled by rebuildDerived
	}},
	{3, "add the due-item index (so Today loads without whole records)", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketDue)
		return err // filled by rebuildDerived
	}},
	{4, "add the account team, the renewal outcome and the escalation status", func(tx *bolt.Tx) error {
		// The new fields are optional parts of records already stored, so
		// no record changes. The version is what matters: a bob from
		// before them would drop them silently the next time it rewrote
		// an account or a timeline entry; at schema 4 it refuses the book
		// and asks for the newer bob instead.
		return nil
	}},
	{5, "store the account summaries in a compact encoding (the list loads several times faster)", func(tx *bolt.Tx) error {
		// rebuildDerived writes every summary again in the new encoding;
		// the version keeps an older bob, which reads them as JSON, out.
		return nil
	}},
	{6, "add the timeline's per-person index and entry counts (an account opens without reading its whole timeline)", func(tx *bolt.Tx) error {
		for _, b := range [][]byte{[]byte("timeline_people"), []byte("timeline_counts")} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return err
			}
		}
		return nil // filled by rebuildDerived
	}},
	{7, "add the account list's index and counts (the first screen reads as many accounts as it shows)", func(tx *bolt.Tx) error {
		return nil // made and filled by rebuildDerived
	}},
}

// SchemaVersion is the schema this bob writes.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

var keySchema = []byte("schema")

func readVersion(tx *bolt.Tx) (int, error) {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return 0, nil
	}
	raw := meta.Get(keySchema)
	if raw == nil {
		return 0, nil
	}
	v, err := strconv.Atoi(string(raw))
	if err != nil {
		return 0, fmt.Errorf("schema version %q is not a number", raw)
	}
	return v, nil
}

// migrate applies the migrations the file lacks, after a backup.
func (s *Store) migrate(have int) error {
	want := SchemaVersion()
	switch {
	case have > want:
		return fmt.Errorf("open %s: %w (schema %d; this bob reads up to %d): install the newer bob", s.path, ErrTooNew, have, want)
	case have == want:
		return nil
	}
	// A big book's leaf pages may still be being walked: an upgrade is a
	// write, and a damaged file gets neither a backup nor a write.
	if err := s.leavesChecked(); err != nil {
		return err
	}
	if err := s.damagedErr(); err != nil {
		return err
	}
	backup := ""
	if have > 0 {
		if s.upgrading != nil {
			s.upgrading(have, want)
		}
		var err error
		if backup, err = s.BackupAuto(fmt.Sprintf("schema%d", have)); err != nil {
			return fmt.Errorf("back up %s before upgrading it: %w (nothing was changed)", s.path, err)
		}
	}
	return s.applyMigrations(have, want, backup)
}

// applyMigrations brings the file from schema from to schema to, then
// rebuilds what is derived from the records; backup is the copy taken
// before ("" for a new book, which needs none).
func (s *Store) applyMigrations(from, to int, backup string) error {
	found := from
	err := s.update(func(tx *bolt.Tx) (err error) {
		// Read again under the write's lock: another bob may have
		// upgraded the book (or restored a backup over it) since Open
		// read its schema, and migrations applied from the wrong one
		// would skip some, or write this bob's schema over a newer one.
		if found, err = readVersion(tx); err != nil || found >= to {
			return err
		}
		for _, m := range migrations {
			if m.version <= found || m.version > to {
				continue
			}
			if err := m.apply(tx); err != nil {
				return fmt.Errorf("migration %d (%s): %w", m.version, m.what, err)
			}
			if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(strconv.Itoa(m.version))); err != nil {
				return err
			}
		}
		return rebuildDerived(tx)
	})
	switch {
	case err == nil && found > to:
		return fmt.Errorf("open %s: %w (schema %d; this bob reads up to %d): install the newer bob", s.path, ErrTooNew, found, to)
	case err == nil:
		return nil
	case backup != "":
		return fmt.Errorf("upgrade %s from schema %d to %d: %w (the book was left as it was; the copy taken before is %s)",
			s.path, from, to, err, backup)
	}
	return fmt.Errorf("set up %s (schema %d): %w (nothing was written)", s.path, to, err)
}

// rebuildDerived recomputes the timeline's indexes and every account's
// summary and due-item entry from its records, with today's code: they are caches of the records,
// so after a change of schema they are made again rather than migrated.
func rebuildDerived(tx *bolt.Tx) error {
	// The summaries find the last touches through the timeline's indexes.
	if err := rebuildTimelineIndexes(tx); err != nil {
		return err
	}
	if err := rebuildListIndex(tx); err != nil {
		return err
	}
	return tx.Bucket(bucketAccounts).ForEach(func(k, _ []byte) error {
		return refreshSummary(tx, string(k))
	})
}

func putJSON(b *bolt.Bucket, key []byte, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return b.Put(key, raw)
}

func getJSON(b *bolt.Bucket, key []byte, v any) (bool, error) {
	raw := b.Get(key)
	if raw == nil {
		return false, nil
	}
	return true, unmarshal(key, raw, v)
}

// getFound reads the record under key into v; a missing one is an
// ErrNotFound that names it as "<what> <id>".
func getFound(b *bolt.Bucket, key []byte, v any, what, id string) error {
	ok, err := getJSON(b, key, v)
	if err == nil && !ok {
		err = fmt.Errorf("%s %s: %w", what, id, ErrNotFound)
	}
	return err
}

// unmarshal decodes the stored record raw (under key) into v. An account,
// a timeline entry or another of an account's records, read into a zero
// value, goes through entryjson's parser for the JSON the store writes
// (through encoding/json, reading a book's records was about a quarter
// of an export); anything it declines, encoding/json reads or refuses as
// it always did.
func unmarshal(key, raw []byte, v any) error {
	if entryjson.DecodeValue(raw, v) {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return &recordDamage{key: string(key), err: err}
	}
	return nil
}

// recordDamage is a stored record that cannot be read: the file is
// damaged (or was written by something other than bob).
type recordDamage struct {
	key string
	err error
}

func (e *recordDamage) Error() string {
	return fmt.Sprintf("record %s is damaged: %v (run bob check; restore from a backup if it fails)", e.key, e.err)
}
