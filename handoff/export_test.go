package handoff

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"bob/demo"
	"bob/model"
	"bob/store"

	"filippo.io/age"
)

// exportBook is a store holding acme and globex, with the sender Ana's
// identity and her colleague Ben's.
type exportBook struct {
	st  *store.Store
	ana Identity
	ben Identity
	c   *Colleagues
}

func newExportBook(t *testing.T) exportBook {
	t.Helper()
	st := openStore(t)
	if err := st.ReplaceRecords([]model.AccountRecord{acme(), globex()}); err != nil {
		t.Fatal(err)
	}
	ana, err := CreateIdentity(t.TempDir(), "Ana Lima", "ana@example.com")
	if err != nil {
		t.Fatal(err)
	}
	ben, err := CreateIdentity(t.TempDir(), "Ben Okoro", "ben@example.com")
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadColleagues(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Add(ben.Public().String()); err != nil {
		t.Fatal(err)
	}
	return exportBook{st: st, ana: ana, ben: ben, c: c}
}

func dump(t *testing.T, st *store.Store) string {
	t.Helper()
	var b bytes.Buffer
	if err := st.Dump(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// defaultList is what `bob list` and the account list show by default.
func defaultList(t *testing.T, st *store.Store) []string {
	t.Helper()
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, s := range sums {
		if !s.HandedOff() {
			names = append(names, s.Name)
		}
	}
	return names
}

func TestExportMarksAndTakeBack(t *testing.T) {
	b := newExportBook(t)
	to, err := FindSuccessor(b.c, "ben okoro")
	if err != nil || to.Email != "ben@example.com" {
		t.Fatalf("FindSuccessor = %+v, %v", to, err)
	}
	enc, err := KeyEncryption(b.c, b.ana, to)
	recips := enc.Recipients
	if err != nil || len(recips) != 2 {
		t.Fatalf("KeyEncryption = %d recipients, %v", len(recips), err)
	}
	before := map[string]model.AccountRecord{}
	for _, id := range []string{id(1), id(100)} {
		before[id], _ = b.st.Record(id)
	}
	path := filepath.Join(t.TempDir(), "to-ben.bob.zip.age")
	var calls int
	res, err := Export(b.st, path, ExportOptions{
		AccountIDs:    []string{id(1), id(100)},
		From:          b.ana,
		To:            Party{Name: to.Name, Email: to.Email},
		Encryption:    Encryption{Recipients: recips},
		Now:           now,
		Progress:      func(done, total int) { calls++ },
		MarkHandedOff: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Path != path || res.Accounts != 2 || res.Bytes != fi.Size() || calls != 3 {
		t.Errorf("result = %+v, progress calls %d", res, calls)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("bundle mode = %v, want 0600", fi.Mode().Perm())
	}
	wantGaps, _ := Gaps(b.st, []string{id(1), id(100)}, now)
	if !reflect.DeepEqual(res.Gaps, wantGaps) || len(res.Gaps) == 0 {
		t.Errorf("gaps = %v, want %v", res.Gaps, wantGaps)
	}

	// Both the successor and the sender can open it; it is signed by Ana.
	for _, who := range []Identity{b.ben, b.ana} {
		o, err := ReadFile(path, ReadOptions{Identities: []age.Identity{who.AgeIdentity}})
		if err != nil {
			t.Fatalf("%s cannot open the bundle: %v", who.Name, err)
		}
		if !o.Signed() || !o.SignedBy.Equal(b.ana.Public().SigningKey) || o.Manifest.To.Name != "Ben Okoro" || len(o.Records) != 2 {
			t.Errorf("opened by %s: signed %v, manifest %+v", who.Name, o.Signed(), o.Manifest)
		}
		for _, r := range o.Records {
			if h, ok := model.LatestHandoff(r.Handoffs); ok && h.Status == model.HandoffSent {
				t.Errorf("the bundle carries the sender's mark on %s", r.Account.Name)
			}
		}
	}

	// Both accounts are marked and leave the default list.
	for _, acc := range []string{id(1), id(100)} {
		rec, err := b.st.Record(acc)
		if err != nil {
			t.Fatal(err)
		}
		h, _ := model.LatestHandoff(rec.Handoffs)
		if h.Status != model.HandoffSent || h.From != "Ana Lima" || h.To != "Ben Okoro" || !h.When.Equal(now) {
			t.Errorf("latest handoff of %s = %+v", rec.Account.Name, h)
		}
		if !rec.Account.Updated.Equal(before[acc].Account.Updated) {
			t.Errorf("marking %s changed its Updated time", rec.Account.Name)
		}
	}
	if got := defaultList(t, b.st); len(got) != 0 {
		t.Errorf("default list after export = %v, want none", got)
	}

	// Taking Acme back brings it, and only it, back; nothing else changes.
	if err := TakeBack(b.st, id(1), "Ana Lima", now.Add(3600e9)); err != nil {
		t.Fatal(err)
	}
	if got := defaultList(t, b.st); !reflect.DeepEqual(got, []string{"Acme Corp"}) {
		t.Errorf("default list after taking Acme back = %v", got)
	}
	rec, _ := b.st.Record(id(1))
	h, _ := model.LatestHandoff(rec.Handoffs)
	if h.Status != model.HandoffTakenBack || h.To != "Ana Lima" || h.From != "Ben Okoro" || len(rec.Handoffs) != len(before[id(1)].Handoffs)+2 {
		t.Errorf("after take back: %+v (%d handoffs)", h, len(rec.Handoffs))
	}
	rec.Handoffs, before[id(1)] = nil, withoutHandoffs(before[id(1)])
	rec.Canonicalize()
	if canonJSON(t, rec) != canonJSON(t, before[id(1)]) {
		t.Error("taking back changed more than the handoff history")
	}

	// Taking back what is not handed off is refused.
	err = TakeBack(b.st, id(1), "Ana Lima", now.Add(7200e9))
	checkErr(t, err, ErrBadInput, "is not handed off")
}

func withoutHandoffs(r model.AccountRecord) model.AccountRecord {
	r.Handoffs = nil
	r.Canonicalize()
	return r
}

func TestExportFailureMarksNothing(t *testing.T) {
	b := newExportBook(t)
	ok := ExportOptions{AccountIDs: []string{id(1)}, From: b.ana, To: Party{Name: "Ben Okoro"},
		Encryption: Encryption{None: true}, Now: now, MarkHandedOff: true}
	readonly := t.TempDir()
	if err := os.Chmod(readonly, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(readonly, 0o700) })

	tests := []struct {
		name string
		path string
		mod  func(*ExportOptions)
		want string
	}{
		{"missing folder", filepath.Join(t.TempDir(), "no", "such", "folder", "b.bob.zip"), nil, "no such file"},
		{"no accounts", filepath.Join(t.TempDir(), "b.bob.zip"), func(o *ExportOptions) { o.AccountIDs = nil }, "no accounts"},
		{"twice", filepath.Join(t.TempDir(), "b.bob.zip"), func(o *ExportOptions) { o.AccountIDs = []string{id(1), id(1)} }, "chosen twice"},
		{"unknown", filepath.Join(t.TempDir(), "b.bob.zip"), func(o *ExportOptions) { o.AccountIDs = []string{id(1), id(999)} }, "not in the book"},
		{"no encryption", filepath.Join(t.TempDir(), "b.bob.zip"), func(o *ExportOptions) { o.Encryption = Encryption{} }, "no encryption"},
		{"no path", "", nil, "no file"},
	}
	if os.Geteuid() != 0 && runtime.GOOS != "windows" {
		tests = append(tests, struct {
			name string
			path string
			mod  func(*ExportOptions)
			want string
		}{"read-only folder", filepath.Join(readonly, "b.bob.zip"), nil, "permission denied"})
	}
	was := dump(t, b.st)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := ok
			if tc.mod != nil {
				tc.mod(&o)
			}
			_, err := Export(b.st, tc.path, o)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Export error = %v, want %q", err, tc.want)
			}
			if dump(t, b.st) != was {
				t.Error("a failed export changed the book")
			}
			if tc.path != "" {
				if _, err := os.Stat(tc.path); !errors.Is(err, os.ErrNotExist) {
					t.Errorf("a failed export left a file: %v", err)
				}
			}
		})
	}
}

func TestExportWithoutMarking(t *testing.T) {
	b := newExportBook(t)
	was := dump(t, b.st)
	path := filepath.Join(t.TempDir(), "b.bob.zip")
	_, err := Export(b.st, path, ExportOptions{AccountIDs: []string{id(100)}, From: b.ana, To: Party{Name: "Ben Okoro"},
		Encryption: Encryption{None: true}, Redact: true, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if dump(t, b.st) != was {
		t.Error("an export without MarkHandedOff changed the book")
	}
	o, err := ReadFile(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !o.Manifest.Redacted || len(o.Records) != 1 {
		t.Errorf("manifest = %+v", o.Manifest)
	}
}

func TestProtectionOf(t *testing.T) {
	dir := t.TempDir()
	ben := newAgeIdentity(t)
	write := func(name string, e Encryption) string {
		path := filepath.Join(dir, name)
		if err := WriteFile(path, testBundle(), WriteOptions{Encryption: e}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	notBundle := filepath.Join(dir, "notes.txt")
	os.WriteFile(notBundle, []byte("hi"), 0o600)
	for path, want := range map[string]Protection{
		write("plain.bob.zip", Encryption{None: true}):                                      ProtectionNone,
		write("keys.bob.zip.age", Encryption{Recipients: []age.Recipient{ben.Recipient()}}): ProtectionRecipients,
		write("pass.bob.zip.age", Encryption{Passphrase: "correct horse"}):                  ProtectionPassphrase,
		notBundle: ProtectionNone,
	} {
		got, err := ProtectionOf(path)
		if err != nil || got != want {
			t.Errorf("ProtectionOf(%s) = %q, %v; want %q", filepath.Base(path), got, err, want)
		}
	}
	_, err := ProtectionOf(filepath.Join(dir, "nope"))
	checkErr(t, err, ErrBadInput, "cannot open")
}

func TestApplyWithNewAccount(t *testing.T) {
	st := openStore(t)
	if err := st.ReplaceRecords([]model.AccountRecord{globex()}); err != nil {
		t.Fatal(err)
	}
	opened := openedBundle(t, testBundle())
	var seen []string
	extra := func(r model.AccountRecord) model.AccountRecord {
		seen = append(seen, r.Account.ID)
		r.Checklists = append(r.Checklists, model.Checklist{ID: id(500), AccountID: r.Account.ID, Playbook: "transition-incoming",
			Title: "Incoming transition", Applied: model.DateOf(now), Steps: []model.Step{{ID: id(501), Title: "Meet the champion"}},
			Created: now, Updated: now})
		return r
	}
	res, err := ApplyWith(st, opened, PolicyKeep, ApplyOptions{NewAccount: extra})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(seen, []string{id(1)}) || res.Written != 2 {
		t.Fatalf("NewAccount saw %v, wrote %d; want only the new account", seen, res.Written)
	}
	acme, _ := st.Record(id(1))
	if n := len(acme.Checklists); n != len(opened.Records[0].Checklists)+1 {
		t.Errorf("the new account has %d checklists", n)
	}
	if g, _ := st.Record(id(100)); len(g.Checklists) != 0 {
		t.Error("NewAccount changed an existing account")
	}

	// A record made invalid imports nothing, and the error says which
	// account and what is wrong with it.
	for _, c := range []struct {
		name   string
		broken func(model.AccountRecord) model.AccountRecord
		want   []string
	}{
		{"no name", func(r model.AccountRecord) model.AccountRecord { r.Account.Name = ""; return r },
			[]string{id(1), "name"}},
		{"a checklist of another account", func(r model.AccountRecord) model.AccountRecord {
			r.Checklists = append(r.Checklists, model.Checklist{ID: id(510), AccountID: id(100), Playbook: "transition-incoming",
				Title: "Incoming transition", Applied: model.DateOf(now), Created: now, Updated: now})
			return r
		}, []string{"Acme Corp", id(1), id(510), "belongs to account"}},
	} {
		st2 := openStore(t)
		_, err := ApplyWith(st2, opened, PolicyKeep, ApplyOptions{NewAccount: c.broken})
		if err == nil {
			t.Fatalf("%s: an invalid record from NewAccount was imported", c.name)
		}
		for _, w := range append(c.want, "nothing was imported", "your book is unchanged") {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q does not say %q", c.name, err, w)
			}
		}
		if n, _ := st2.Count(); n != 0 {
			t.Errorf("%s: a failed import wrote %d accounts", c.name, n)
		}
	}
	// ...nor does it change the bundle as read: an import of it writes
	// the new account as it was.
	st3 := openStore(t)
	if _, err := ApplyWith(st3, opened, PolicyKeep, ApplyOptions{}); err != nil {
		t.Fatal(err)
	}
	if a, _ := st3.Record(id(1)); len(a.Checklists) != len(opened.Records[0].Checklists) || a.Account.Name != "Acme Corp" {
		t.Errorf("a refused NewAccount changed the bundle: %d checklists, name %q", len(a.Checklists), a.Account.Name)
	}
}

// TestExportGapsAtAreWhatGapsFinds: an export judging its gaps at
// another time and place returns what the completeness check run
// before it would have found, redacted or not, and writes the same
// bundle as without.
func TestExportGapsAtAreWhatGapsFinds(t *testing.T) {
	st := openStore(t)
	if err := demo.Fill(st, demo.Options{Accounts: 30, Seed: 5, Now: now}, nil); err != nil {
		t.Fatal(err)
	}
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, s := range sums {
		ids = append(ids, s.ID)
	}
	// Late in the evening far east of UTC: another day than the bundle's.
	at := now.Add(10*time.Hour + 123*time.Millisecond).In(time.FixedZone("UTC+14", 14*3600))
	want, err := Gaps(st, ids, at)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, redact := range []bool{false, true} {
		opts := ExportOptions{AccountIDs: ids, From: Identity{Name: "Ana Lima"}, To: Party{Name: "Ben Okoro"},
			Encryption: Encryption{None: true}, Redact: redact, Now: now}
		plainPath, atPath := filepath.Join(dir, "plain.bob.zip"), filepath.Join(dir, "at.bob.zip")
		if _, err := Export(st, plainPath, opts); err != nil {
			t.Fatal(err)
		}
		opts.GapsAt = at
		res, err := Export(st, atPath, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res.Gaps, want) || len(want) == 0 {
			t.Errorf("redact %v: gaps = %v, want %v", redact, res.Gaps, want)
		}
		a, _ := os.ReadFile(plainPath)
		b, _ := os.ReadFile(atPath)
		if !bytes.Equal(a, b) || len(a) == 0 {
			t.Errorf("redact %v: the bundle differs with GapsAt", redact)
		}
	}
}
