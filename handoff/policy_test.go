package handoff_test

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"bob/handoff"
	"bob/handoff/policytest"
	"bob/model"
	"bob/store"
)

// The rules' own tests run the cases of package policytest; the command
// line's and the export wizard's tests run the same cases.

func TestFindSuccessorAndKeyEncryption(t *testing.T) {
	dir := t.TempDir()
	policytest.AddColleagues(t, dir)
	c, err := handoff.LoadColleagues(dir)
	if err != nil {
		t.Fatal(err)
	}
	me, err := handoff.CreateIdentity(t.TempDir(), "Sam Rivera", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range policytest.SuccessorCases {
		t.Run(tc.Typed, func(t *testing.T) {
			to, err := handoff.FindSuccessor(c, tc.Typed)
			if len(tc.Err) > 0 {
				if err == nil || !errors.Is(err, handoff.ErrBadInput) {
					t.Fatalf("FindSuccessor(%q) = %+v, %v; want an error", tc.Typed, to, err)
				}
				for _, want := range tc.Err {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("error %q lacks %q", err, want)
					}
				}
				return
			}
			if err != nil || to.Name != tc.Name || (to.Colleague != nil) != tc.Colleague {
				t.Fatalf("FindSuccessor(%q) = %+v, %v; want %s, colleague %v", tc.Typed, to, err, tc.Name, tc.Colleague)
			}
			enc, err := handoff.KeyEncryption(c, me, to)
			switch {
			case tc.Colleague && (err != nil || len(enc.Recipients) != 2):
				t.Errorf("KeyEncryption to a colleague = %d recipients, %v; want theirs and mine", len(enc.Recipients), err)
			case !tc.Colleague && (!errors.Is(err, handoff.ErrNoKey) || enc.Recipients != nil || enc.Passphrase != "" || enc.None):
				t.Errorf("KeyEncryption without a key = %+v, %v; want no choice and ErrNoKey", enc, err)
			}
		})
	}
	if _, err := handoff.FindSuccessor(c, "  "); err == nil {
		t.Error("an empty successor was accepted")
	}
	// Without an identity of one's own, the bundle goes to the colleague's key alone.
	to, _ := handoff.FindSuccessor(c, "ben@example.com")
	if enc, err := handoff.KeyEncryption(c, handoff.Identity{Name: "Sam"}, to); err != nil || len(enc.Recipients) != 1 {
		t.Errorf("KeyEncryption without an own key = %d, %v", len(enc.Recipients), err)
	}
	// Without a colleagues list, every name is taken as typed.
	if to, err := handoff.FindSuccessor(nil, "Ben Okoro"); err != nil || to.Colleague != nil {
		t.Errorf("FindSuccessor without colleagues = %+v, %v", to, err)
	}
}

func TestRecipientEncryption(t *testing.T) {
	dir := t.TempDir()
	policytest.AddColleagues(t, dir)
	c, _ := handoff.LoadColleagues(dir)
	me, _ := handoff.CreateIdentity(t.TempDir(), "Sam Rivera", "sam@example.com")
	other, _ := handoff.CreateIdentity(t.TempDir(), "Eve", "eve@example.com")
	key := other.AgeIdentity.Recipient().String()
	for _, tc := range []struct {
		given, words, err string
	}{
		{given: key, words: "the key " + key[:12]},
		{given: "okoro", words: "Ben Okoro's key"},
		{given: "age1nonsense", err: "not a valid age key"},
		{given: "Dana Wu", err: "not one of your colleagues"},
		{given: "car", err: "2 colleagues' names contain"},
	} {
		enc, words, err := handoff.RecipientEncryption(c, me, tc.given)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("RecipientEncryption(%q) = %v, want %q", tc.given, err, tc.err)
			}
			continue
		}
		if err != nil || !strings.HasPrefix(words, tc.words) || len(enc.Recipients) != 2 {
			t.Errorf("RecipientEncryption(%q) = %d recipients, %q, %v", tc.given, len(enc.Recipients), words, err)
		}
	}
}

func TestSelect(t *testing.T) {
	st, err := store.Open(filepath.Join(t.TempDir(), "book.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := st.ReplaceRecords(policytest.Book()); err != nil {
		t.Fatal(err)
	}
	sums, err := st.Summaries()
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]string{}
	names := map[string]string{}
	for _, s := range sums {
		byName[s.Name], names[s.ID] = s.ID, s.Name
	}
	for _, tc := range policytest.SelectionCases {
		t.Run(tc.Name, func(t *testing.T) {
			sel := handoff.Selection{All: tc.All}
			for _, n := range tc.Selected {
				sel.IDs = append(sel.IDs, byName[n])
			}
			if tc.Tag != "" {
				sel.Tags = []string{tc.Tag}
			}
			got, err := handoff.Select(sums, sel)
			if tc.Err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.Err) {
					t.Fatalf("Select = %+v, %v; want %q", got, err, tc.Err)
				}
				if tc.Tag != "" && !errors.Is(err, handoff.ErrNoSuchTag) {
					t.Errorf("the error %v is not ErrNoSuchTag", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var gotNames, again []string
			for _, id := range got.IDs {
				gotNames = append(gotNames, names[id])
			}
			for _, a := range got.Again {
				again = append(again, a.Name)
			}
			if !slices.Equal(gotNames, tc.Want) || !slices.Equal(again, tc.Again) {
				t.Errorf("Select = %v (again %v), want %v (again %v)", gotNames, again, tc.Want, tc.Again)
			}
		})
	}
	if _, err := handoff.Select(sums, handoff.Selection{}); !errors.Is(err, handoff.ErrNothingToHandOver) || !errors.Is(err, handoff.ErrBadInput) {
		t.Errorf("an empty selection: %v, want ErrNothingToHandOver", err)
	}
	if _, err := handoff.Select([]model.AccountSummary{sums[0]}, handoff.Selection{IDs: []string{"01UNKNOWN"}}); !errors.Is(err, handoff.ErrNothingToHandOver) {
		t.Errorf("a selection of unknown IDs: %v, want ErrNothingToHandOver", err)
	}
}

func TestOpenOptions(t *testing.T) {
	dir := t.TempDir()
	me, err := handoff.CreateIdentity(t.TempDir(), "Sam Rivera", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, noID := handoff.LoadIdentity(t.TempDir())
	write := func(name string, enc handoff.Encryption) string {
		path := filepath.Join(dir, name)
		b := handoff.Bundle{From: handoff.Party{Name: "Ana"}, To: handoff.Party{Name: "Sam"}, Records: policytest.Book()[:1]}
		if err := handoff.WriteFile(path, b, handoff.WriteOptions{Encryption: enc}); err != nil {
			t.Fatal(err)
		}
		return path
	}
	keyed := write("k.bob.zip.age", handoff.Encryption{Recipients: []age.Recipient{me.AgeIdentity.Recipient()}})
	plain := write("p.bob.zip", handoff.Encryption{None: true})

	prot, opts, err := handoff.OpenOptions(keyed, me, nil)
	if err != nil || prot != handoff.ProtectionRecipients || len(opts.Identities) != 1 {
		t.Errorf("keyed bundle with an identity: %v, %+v, %v", prot, opts, err)
	}
	if _, err := handoff.ReadFile(keyed, opts); err != nil {
		t.Errorf("the options do not open the bundle: %v", err)
	}
	if _, _, err := handoff.OpenOptions(keyed, handoff.Identity{}, noID); !errors.Is(err, handoff.ErrIdentity) || !strings.Contains(err.Error(), "bob id create") {
		t.Errorf("keyed bundle without an identity: %v", err)
	}
	// A plain bundle needs no identity at all.
	if prot, _, err := handoff.OpenOptions(plain, handoff.Identity{}, noID); err != nil || prot != handoff.ProtectionNone {
		t.Errorf("plain bundle without an identity: %v, %v", prot, err)
	}
	if _, _, err := handoff.OpenOptions(filepath.Join(dir, "nope"), me, nil); err == nil || !strings.Contains(err.Error(), "cannot open") {
		t.Errorf("missing file: %v", err)
	}
}

// TestProtectionCases runs the cases of what opening a bundle needs
// (package policytest) through OpenOptions and ReadFile. The command
// line's and the import screen's tests run the same cases.
func TestProtectionCases(t *testing.T) {
	me, err := handoff.CreateIdentity(t.TempDir(), "Sam Rivera", "sam@example.com")
	if err != nil {
		t.Fatal(err)
	}
	_, noID := handoff.LoadIdentity(t.TempDir())
	for _, tc := range policytest.ProtectionCases {
		t.Run(tc.Name, func(t *testing.T) {
			who, idErr := me, error(nil)
			if !tc.Identity {
				who, idErr = handoff.Identity{}, noID
			}
			path := policytest.WriteBundle(t, t.TempDir(), tc, who)
			prot, opts, err := handoff.OpenOptions(path, who, idErr)
			if tc.Err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.Err) {
					t.Fatalf("error %v, want %q", err, tc.Err)
				}
				return
			}
			if err != nil || prot != tc.Protection {
				t.Fatalf("OpenOptions: %v, %v; want %v", prot, err, tc.Protection)
			}
			if prot == handoff.ProtectionPassphrase {
				opts.Passphrase = policytest.Passphrase
			}
			if _, err := handoff.ReadFile(path, opts); err != nil {
				t.Fatalf("the options do not open the bundle: %v", err)
			}
		})
	}
}

func TestHistoryNewestFirst(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 9, 0, 0, 0, time.UTC) }
	hs := []model.Handoff{
		{ID: "a", When: day(1)}, {ID: "b", When: day(5)}, {ID: "c", When: day(3)}, {ID: "d", When: day(5)},
	}
	var got []string
	for _, h := range handoff.HistoryNewestFirst(hs) {
		got = append(got, h.ID)
	}
	if want := []string{"b", "d", "c", "a"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v (newest first, ties as stored)", got, want)
	}
	if hs[0].ID != "a" || hs[1].ID != "b" {
		t.Error("the history given was reordered")
	}
}
