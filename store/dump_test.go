package store

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
)

// bookWithTrash is a dump of two accounts, one more deleted account and
// a deleted risk in the trash.
func bookWithTrash(t *testing.T) (out string, kept, deleted string) {
	t.Helper()
	st, _ := openTest(t)
	a, b, c := sampleRecord("Acme", t0), sampleRecord("Globex", t0.Add(1)), sampleRecord("Initech", t0.Add(2))
	if err := st.ReplaceRecords([]model.AccountRecord{a, b, c}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteAccount(c.Account.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DeleteRisk(a.Account.ID, a.Risks[0].ID); err != nil {
		t.Fatal(err)
	}
	return dump(t, st), a.Account.ID, c.Account.ID
}

// TestRestoreRefusesACutOrPaddedDump: a dump cut anywhere, or with
// anything appended, restores nothing, trash included.
func TestRestoreRefusesACutOrPaddedDump(t *testing.T) {
	good, _, _ := bookWithTrash(t)
	var bad []string
	for cut := 1; cut < len(good)-1; cut += 1 + len(good)/150 {
		bad = append(bad, good[:cut])
	}
	// Cut exactly after the accounts, after the trash, before the end.
	for _, mark := range []string{`,
  "trash"`, `,
  "counts"`, `,
  "sha256"`, "\n}"} {
		bad = append(bad, good[:strings.Index(good, mark)])
	}
	bad = append(bad, good+"{}", good+`"more"`, good+"]", strings.TrimSuffix(good, "}\n")+`, "extra": 1}`)
	for i, in := range bad {
		st, _ := openTest(t)
		if err := st.Restore(strings.NewReader(in)); err == nil {
			t.Fatalf("case %d (%d bytes of %d) was restored", i, len(in), len(good))
		}
		if n, _ := st.Count(); n != 0 {
			t.Fatalf("case %d: a failed restore left %d accounts", i, n)
		}
		if tr, _ := st.Trash(); len(tr) != 0 {
			t.Fatalf("case %d: a failed restore left %d trash items", i, len(tr))
		}
	}
}

func TestRestoreChecksCountsAndChecksum(t *testing.T) {
	good, _, _ := bookWithTrash(t)
	cases := map[string]string{
		"counts lie":           strings.Replace(good, `"trash": 2}`, `"trash": 1}`, 1),
		"edited name":          strings.Replace(good, `"name": "Globex"`, `"name": "Globex Corp"`, 1),
		"a trash item dropped": dropLastTrashItem(t, good),
		"no checksum": good[:strings.Index(good, `,
  "sha256"`)] + "\n}\n",
	}
	for name, in := range cases {
		t.Run(name, func(t *testing.T) {
			if in == good {
				t.Fatal("the case did not change the dump")
			}
			st, _ := openTest(t)
			if err := st.Restore(strings.NewReader(in)); err == nil {
				t.Fatal("accepted")
			}
			if n, _ := st.Count(); n != 0 {
				t.Fatalf("a failed restore left %d accounts", n)
			}
		})
	}
	st, _ := openTest(t)
	if err := st.Restore(strings.NewReader(good)); err != nil {
		t.Fatalf("the good dump: %v", err)
	}
	if tr, _ := st.Trash(); len(tr) != 2 {
		t.Fatalf("restored %d trash items, want 2", len(tr))
	}
}

func dropLastTrashItem(t *testing.T, dump string) string {
	var d map[string]json.RawMessage
	if err := json.Unmarshal([]byte(dump), &d); err != nil {
		t.Fatal(err)
	}
	var items []json.RawMessage
	json.Unmarshal(d["trash"], &items)
	d["trash"], _ = json.Marshal(items[:len(items)-1])
	out, _ := json.Marshal(d)
	return string(out)
}

// TestRestoreAcceptsAVersion1Dump: dumps written before the checksum
// still restore (they are checked for structure only).
func TestRestoreAcceptsAVersion1Dump(t *testing.T) {
	good, _, _ := bookWithTrash(t)
	v1 := strings.Replace(good[:strings.Index(good, `,
  "counts"`)]+"\n}\n", `"version": 2`, `"version": 1`, 1)
	st, _ := openTest(t)
	if err := st.Restore(strings.NewReader(v1)); err != nil {
		t.Fatal(err)
	}
	if n, _ := st.Count(); n != 2 {
		t.Fatalf("restored %d accounts", n)
	}
}

// craftTrash rewrites the first trash item of a dump and fixes up the
// checksum so that only the item's validation can refuse it.
func craftTrash(t *testing.T, dump string, change func(it *TrashItem)) string {
	t.Helper()
	var d struct {
		Format   string            `json:"format"`
		Version  int               `json:"version"`
		Accounts []json.RawMessage `json:"accounts"`
		Trash    []TrashItem       `json:"trash"`
	}
	if err := json.Unmarshal([]byte(dump), &d); err != nil {
		t.Fatal(err)
	}
	change(&d.Trash[0])
	d.Version = 1 // no checksum to fix: the item's own check must refuse it
	out, _ := json.Marshal(d)
	return string(out)
}

// TestRestoreValidatesTrashItems: a crafted trash item that would replace
// a live account (an account item whose record is another account, with
// no name and health "purple") is refused by restore, and a crafted item
// already in the trash is refused by RestoreTrash, which writes exactly
// the record it checked.
func TestRestoreValidatesTrashItems(t *testing.T) {
	good, kept, deleted := bookWithTrash(t)
	crafted := map[string]func(it *TrashItem){
		"record of another account": func(it *TrashItem) {
			it.Record.Account.ID = kept
			it.Record.Account.Name = ""
			it.Record.Account.Health = "purple"
		},
		"unknown kind":           func(it *TrashItem) { it.Kind = "planet" },
		"invalid account record": func(it *TrashItem) { it.Record.Account.Health = "purple" },
		"bad account id":         func(it *TrashItem) { it.AccountID = "x" },
		"child of another account": func(it *TrashItem) {
			if len(it.Record.People) > 0 {
				it.Record.People[0].AccountID = kept
			}
		},
	}
	for name, change := range crafted {
		t.Run(name, func(t *testing.T) {
			in := craftTrash(t, good, change)
			st, _ := openTest(t)
			if err := st.Restore(strings.NewReader(in)); err == nil {
				t.Fatal("a crafted trash item was restored")
			}
			if n, _ := st.Count(); n != 0 {
				t.Fatalf("a failed restore left %d accounts", n)
			}
		})
	}
	// The same item slipped into the trash bucket directly.
	st, path := openTest(t)
	if err := st.Restore(strings.NewReader(good)); err != nil {
		t.Fatal(err)
	}
	items, _ := st.Trash()
	var target TrashItem
	for _, it := range items {
		if it.AccountID == deleted {
			target = it
		}
	}
	target.Record.Account.ID = kept
	target.Record.Account.Name = ""
	target.Record.Account.Health = "purple"
	if err := st.update(func(tx *boltTx) error { return putJSON(tx.Bucket(bucketTrash), []byte(target.ID), target) }); err != nil {
		t.Fatal(err)
	}
	st.Close()
	before, _ := os.ReadFile(path)
	st, err := Open(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.RestoreTrash(target.ID); err == nil {
		t.Fatal("RestoreTrash wrote a record other than the one it checked")
	}
	st.Close()
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Fatal("a refused restore from the trash changed the book")
	}
	_ = filepath.Join
}
