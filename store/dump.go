package store

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

var zeroTime time.Time

// DumpFormat names the whole-book JSON that Dump writes and Restore reads.
const DumpFormat = "bob-book"

// DumpVersion is the version of that format. Version 2 adds, after the
// trash, the counts of accounts and trash items and a SHA-256 checksum,
// so that a dump cut short, padded or edited is refused whole.
const DumpVersion = 2

// dumpSum is the checksum a version-2 dump carries: SHA-256 over each
// account record and then each trash item, each as compact JSON followed
// by a newline. It is computed from the records, not from the file's
// bytes, so the reader can check it while it streams.
type dumpSum struct{ h hash.Hash }

func newDumpSum() dumpSum { return dumpSum{sha256.New()} }

func (d dumpSum) add(v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	d.h.Write(raw)
	d.h.Write([]byte{'\n'})
	return nil
}

func (d dumpSum) hex() string { return hex.EncodeToString(d.h.Sum(nil)) }

// dumpCounts is what a version-2 dump says it holds.
type dumpCounts struct {
	Accounts int `json:"accounts"`
	Trash    int `json:"trash"`
}

// Dump writes the whole book as canonical JSON: accounts in ID order,
// each record canonicalized, then the trash. Two dumps of the same book
// are byte-identical. It streams one account at a time from a single
// read transaction, so it sees one consistent state of the book.
func (s *Store) Dump(w io.Writer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	err := s.view(func(tx *bolt.Tx) error {
		fmt.Fprintf(bw, "{\n  \"format\": %q,\n  \"version\": %d,\n  \"accounts\": [", DumpFormat, DumpVersion)
		sum := newDumpSum()
		var counts dumpCounts
		var err error
		counts.Accounts, err = dumpBucket(bw, sum, tx.Bucket(bucketAccounts), func(k, _ []byte) (any, error) {
			rec, err := recordTx(tx, string(k))
			return rec, err
		})
		if err != nil {
			return err
		}
		bw.WriteString(",\n  \"trash\": [")
		counts.Trash, err = dumpBucket(bw, sum, tx.Bucket(bucketTrash), func(k, v []byte) (any, error) {
			var it TrashItem
			if err := unmarshal(k, v, &it); err != nil {
				return nil, err
			}
			it.Record.Canonicalize()
			return it, nil
		})
		if err != nil {
			return err
		}
		fmt.Fprintf(bw, ",\n  \"counts\": {\"accounts\": %d, \"trash\": %d},\n  \"sha256\": %q\n}\n", counts.Accounts, counts.Trash, sum.hex())
		return nil
	})
	if err != nil {
		return s.wrap("dump the book", err)
	}
	return s.wrap("dump the book", bw.Flush())
}

// dumpBucket writes what elem makes of each of the bucket's keys as the
// elements of a JSON array (whose '[' is written already), adds each to
// the checksum and returns how many there were.
func dumpBucket(bw *bufio.Writer, sum dumpSum, b *bolt.Bucket, elem func(k, v []byte) (any, error)) (int, error) {
	n := 0
	err := b.ForEach(func(k, v []byte) error {
		x, err := elem(k, v)
		if err != nil {
			return err
		}
		if err := sum.add(x); err != nil {
			return err
		}
		return writeElem(bw, &n, x)
	})
	if err != nil {
		return n, err
	}
	closeArray(bw, n)
	return n, nil
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
		ix := &entryIndex{}
		err := readDump(r, func(rec model.AccountRecord) error { return writeRecordTx(tx, rec, ix) },
			func(it TrashItem) error { return putJSON(tx.Bucket(bucketTrash), []byte(it.ID), it) })
		if err != nil {
			return err
		}
		return ix.flush(tx)
	})
	return s.wrap("restore", err)
}

// readDump reads a dump and hands each account record and trash item,
// once checked, to account and trash. It returns an error unless the
// whole dump is sound (see Restore); the caller's transaction makes the
// handed-over records count only then.
func readDump(r io.Reader, account func(model.AccountRecord) error, trash func(TrashItem) error) error {
	d := &dumpReader{dec: json.NewDecoder(bufio.NewReaderSize(r, 1<<16)), sum: newDumpSum(),
		fields: map[string]bool{}, account: account, trash: trash}
	if err := expectDelim(d.dec, '{'); err != nil {
		return err
	}
	for d.dec.More() {
		if err := d.field(); err != nil {
			return err
		}
	}
	return d.end()
}

// dumpReader is readDump's state between the dump's fields.
type dumpReader struct {
	dec      *json.Decoder
	account  func(model.AccountRecord) error
	trash    func(TrashItem) error
	format   string
	version  int
	counts   *dumpCounts // what the dump says it holds
	checksum string
	got      dumpCounts // what it holds
	sum      dumpSum
	fields   map[string]bool
}

// field reads one top-level field: its name, then its value.
func (d *dumpReader) field() error {
	dec := d.dec
	t, err := dec.Token()
	if err != nil {
		return notADump(err)
	}
	key, _ := t.(string)
	if d.fields[key] {
		return fmt.Errorf("this is not a bob dump: the field %q appears twice", key)
	}
	d.fields[key] = true
	if key != "format" && d.format == "" {
		return errors.New("this is not a bob dump: it does not start with its format")
	}
	switch key {
	case "format":
		if err := dec.Decode(&d.format); err != nil {
			return notADump(err)
		}
		if d.format != DumpFormat {
			return fmt.Errorf("this is not a bob dump (format %q, want %q)", d.format, DumpFormat)
		}
	case "version":
		if err := dec.Decode(&d.version); err != nil {
			return notADump(err)
		}
		if d.version > DumpVersion {
			return fmt.Errorf("the dump is version %d, newer than this bob reads (%d): install the newer bob", d.version, DumpVersion)
		}
		if d.version < 1 {
			return fmt.Errorf("this is not a bob dump: version %d", d.version)
		}
	case "accounts":
		seen := map[string]bool{}
		return readElems(dec, d.sum, &d.got.Accounts, func(rec model.AccountRecord) error {
			if seen[rec.Account.ID] {
				return fmt.Errorf("account %s appears twice in the dump", model.IDText(rec.Account.ID))
			}
			seen[rec.Account.ID] = true
			if err := rec.Validate(); err != nil {
				return fmt.Errorf("account %q (%s): %w", rec.Account.Name, model.IDText(rec.Account.ID), err)
			}
			return nil
		}, d.account)
	case "trash":
		trashed := map[string]bool{}
		return readElems(dec, d.sum, &d.got.Trash, func(it TrashItem) error {
			if err := it.Validate(); err != nil {
				return err
			}
			if trashed[it.ID] {
				return fmt.Errorf("trash item %s appears twice in the dump", it.ID)
			}
			trashed[it.ID] = true
			return nil
		}, d.trash)
	case "counts":
		if err := dec.Decode(&d.counts); err != nil || d.counts == nil {
			return notADump(fmt.Errorf("counts: %v", err))
		}
	case "sha256":
		if err := dec.Decode(&d.checksum); err != nil {
			return notADump(err)
		}
	default:
		return fmt.Errorf("this is not a bob dump: unexpected field %q", key)
	}
	return nil
}

// end checks the dump's end: nothing after it, every field there, and
// (from version 2) the counts and checksum matching what was read.
func (d *dumpReader) end() error {
	if d.format == "" {
		return errors.New("this is not a bob dump: it names no format")
	}
	// The end: the closing brace, then nothing but white space. A dump cut
	// between two fields ends without it; a padded one has more after it.
	if err := expectDelim(d.dec, '}'); err != nil {
		return err
	}
	if _, err := d.dec.Token(); err != io.EOF {
		return errors.New("the dump has more after its end (was something appended to it?): nothing was restored")
	}
	for _, f := range []string{"version", "accounts", "trash"} {
		if !d.fields[f] {
			return fmt.Errorf("the dump has no %q (is it cut short?): nothing was restored", f)
		}
	}
	if d.version < 2 {
		return nil // written before dumps carried counts and a checksum
	}
	if d.counts == nil || d.checksum == "" {
		return errors.New("the dump has no counts or checksum at its end (is it cut short?): nothing was restored")
	}
	if *d.counts != d.got {
		return fmt.Errorf("the dump says it holds %d accounts and %d trash items but holds %d and %d (is it cut short?): nothing was restored",
			d.counts.Accounts, d.counts.Trash, d.got.Accounts, d.got.Trash)
	}
	if d.checksum != d.sum.hex() {
		return errors.New("the dump's checksum does not match its contents (was it edited or damaged?): nothing was restored")
	}
	return nil
}

// readElems reads one array of the dump: each element is decoded, checked
// (check also refuses one seen before), counted in n, added to the
// checksum and handed to use.
func readElems[T any](dec *json.Decoder, sum dumpSum, n *int, check, use func(T) error) error {
	return eachElem(dec, func() error {
		var v T
		if err := dec.Decode(&v); err != nil {
			return notADump(err)
		}
		if err := check(v); err != nil {
			return err
		}
		*n++
		if err := sum.add(v); err != nil {
			return err
		}
		return use(v)
	})
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
	return fmt.Errorf("this is not a readable bob dump (%v): check the file is complete; nothing was restored", err)
}

// RestoreFile loads a dump into the book at path, all or nothing. When
// path does not exist yet, the book is built in a temporary file beside
// it and renamed into place only once the whole dump is in, so a failed
// restore leaves no new file behind. An existing book must be empty.
func RestoreFile(path string, r io.Reader, opts *Options) error {
	if _, err := os.Stat(path); err == nil {
		st, err := Open(path, opts)
		if err != nil {
			return err
		}
		defer st.Close()
		return st.Restore(r)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create the folder for %s: %w", path, err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".restoring-*")
	if err != nil {
		return fmt.Errorf("restore into %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	os.Remove(tmp) // bbolt creates it afresh; an empty file is not a book
	defer os.Remove(tmp)
	st, err := Open(tmp, opts)
	if err != nil {
		return err
	}
	if err := st.Restore(r); err != nil {
		st.Close()
		return err
	}
	if err := st.Close(); err != nil {
		return fmt.Errorf("restore into %s: %w", path, err)
	}
	// Link, not rename: it fails if a book appeared at path meanwhile,
	// instead of replacing it.
	if err := os.Link(tmp, path); err != nil {
		return fmt.Errorf("restore into %s: %w (nothing was changed)", path, err)
	}
	return nil
}
