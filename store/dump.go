package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

var zeroTime time.Time

// DumpFormat names the whole-book JSON that Dump writes and Restore reads.
const DumpFormat = "bob-book"

// DumpVersion is the version of that format.
const DumpVersion = 1

// Dump writes the whole book as canonical JSON: accounts in ID order,
// each record canonicalized, then the trash. Two dumps of the same book
// are byte-identical. It streams one account at a time from a single
// read transaction, so it sees one consistent state of the book.
func (s *Store) Dump(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	err := s.view(func(tx *bolt.Tx) error {
		fmt.Fprintf(bw, "{\n  \"format\": %q,\n  \"version\": %d,\n  \"accounts\": [", DumpFormat, DumpVersion)
		n := 0
		err := tx.Bucket(bucketAccounts).ForEach(func(k, _ []byte) error {
			rec, err := recordTx(tx, string(k))
			if err != nil {
				return err
			}
			return writeElem(bw, &n, rec)
		})
		if err != nil {
			return err
		}
		closeArray(bw, n)
		bw.WriteString(",\n  \"trash\": [")
		n = 0
		err = tx.Bucket(bucketTrash).ForEach(func(k, v []byte) error {
			var it TrashItem
			if err := unmarshal(k, v, &it); err != nil {
				return err
			}
			it.Record.Canonicalize()
			return writeElem(bw, &n, it)
		})
		if err != nil {
			return err
		}
		closeArray(bw, n)
		bw.WriteString("\n}\n")
		return nil
	})
	if err != nil {
		return s.wrap("dump the book", err)
	}
	return s.wrap("dump the book", bw.Flush())
}

func writeElem(w *bufio.Writer, n *int, v any) error {
	raw, err := json.MarshalIndent(v, "    ", "  ")
	if err != nil {
		return err
	}
	if *n > 0 {
		w.WriteByte(',')
	}
	w.WriteString("\n    ")
	w.Write(raw)
	*n++
	return nil
}

func closeArray(w *bufio.Writer, n int) {
	if n > 0 {
		w.WriteString("\n  ")
	}
	w.WriteByte(']')
}

// Restore loads a dump into an empty book, in one transaction: either the
// whole dump is loaded or nothing is. It refuses a book that already holds
// accounts or trash (ErrNotEmpty), an unknown format, and invalid records.
func (s *Store) Restore(r io.Reader) error {
	err := s.update(func(tx *bolt.Tx) error {
		if k, _ := tx.Bucket(bucketAccounts).Cursor().First(); k != nil {
			return fmt.Errorf("%w: restore only fills an empty book (use --db to choose a new file)", ErrNotEmpty)
		}
		if k, _ := tx.Bucket(bucketTrash).Cursor().First(); k != nil {
			return fmt.Errorf("%w: its trash has items (use --db to choose a new file)", ErrNotEmpty)
		}
		return restoreTx(tx, json.NewDecoder(bufio.NewReaderSize(r, 1<<16)))
	})
	return s.wrap("restore", err)
}

func restoreTx(tx *bolt.Tx, dec *json.Decoder) error {
	if err := expectDelim(dec, '{'); err != nil {
		return err
	}
	var format string
	var version int
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return notADump(err)
		}
		key, _ := t.(string)
		switch key {
		case "format":
			if err := dec.Decode(&format); err != nil {
				return notADump(err)
			}
			if format != DumpFormat {
				return fmt.Errorf("this is not a bob dump (format %q, want %q)", format, DumpFormat)
			}
		case "version":
			if err := dec.Decode(&version); err != nil {
				return notADump(err)
			}
			if version > DumpVersion {
				return fmt.Errorf("the dump is version %d, newer than this bob reads (%d): install the newer bob", version, DumpVersion)
			}
		case "accounts":
			if format == "" {
				return errors.New("this is not a bob dump: no format before the accounts")
			}
			if err := eachElem(dec, func() error {
				var rec model.AccountRecord
				if err := dec.Decode(&rec); err != nil {
					return notADump(err)
				}
				if seen[rec.Account.ID] {
					return fmt.Errorf("account %s appears twice in the dump", rec.Account.ID)
				}
				seen[rec.Account.ID] = true
				if err := rec.Validate(); err != nil {
					return fmt.Errorf("account %q (%s): %w", rec.Account.Name, rec.Account.ID, err)
				}
				return writeRecordTx(tx, rec)
			}); err != nil {
				return err
			}
		case "trash":
			if err := eachElem(dec, func() error {
				var it TrashItem
				if err := dec.Decode(&it); err != nil {
					return notADump(err)
				}
				if !model.ValidID(it.ID) {
					return fmt.Errorf("trash item %q has no valid id", it.ID)
				}
				return putJSON(tx.Bucket(bucketTrash), []byte(it.ID), it)
			}); err != nil {
				return err
			}
		default:
			return fmt.Errorf("this is not a bob dump: unexpected field %q", key)
		}
	}
	if format == "" {
		return errors.New("this is not a bob dump: it names no format")
	}
	return nil
}

func eachElem(dec *json.Decoder, fn func() error) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for dec.More() {
		if err := fn(); err != nil {
			return err
		}
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, d json.Delim) error {
	t, err := dec.Token()
	if err != nil {
		return notADump(err)
	}
	if t != d {
		return fmt.Errorf("this is not a bob dump: expected %q, found %v", d, t)
	}
	return nil
}

func notADump(err error) error {
	return fmt.Errorf("this is not a readable bob dump (%v): check the file is complete", err)
}
