package accounts

import (
	"os"
	"path/filepath"
	"testing"

	"bob/model"
	"bob/ui/uitest"
)

// The first screen drawn from the head of the list is the screen the
// whole list then shows: the same title, rows and columns.
func TestPreviewIsTheFirstScreenOfTheWholeList(t *testing.T) {
	for _, withHandedOff := range []bool{false, true} {
		ctx := uitest.Context(t, 120, 30)
		ctx.ConfigDir = t.TempDir()
		var recs []model.AccountRecord
		for _, f := range fixtures {
			recs = append(recs, f.record())
		}
		recs[2].Account.ARR = model.Money{Minor: 7_000_00, Currency: "EUR"} // a second currency widens the ARR column
		if err := ctx.Store.ReplaceRecords(recs); err != nil {
			t.Fatal(err)
		}
		if withHandedOff {
			prefs := filepath.Join(ctx.ConfigDir, PrefsFile)
			if err := os.WriteFile(prefs, []byte(`{"sort": "name", "show_handed_off": true}`), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		if ok, with := PreviewView(ctx.ConfigDir); !ok || with != withHandedOff {
			t.Fatalf("PreviewView: %v, %v; want true, %v", ok, with, withHandedOff)
		}
		head, err := ctx.Store.SummariesHead(PreviewRows, withHandedOff)
		if err != nil {
			t.Fatal(err)
		}
		m := NewPreview(ctx, head, withHandedOff)
		m.SetSize(120, 6) // four rows fit, of six accounts
		first := uitest.Plain(m.View())
		if !m.previewing() {
			t.Fatal("the preview is not drawn")
		}
		uitest.Drive(m, m.Init()())
		if m.book == nil {
			t.Fatal("the list did not load")
		}
		if whole := uitest.Plain(m.View()); whole != first {
			t.Errorf("handed off shown %v: the preview\n%s\nthe whole list\n%s", withHandedOff, first, whole)
		}
	}
}

// Filter text typed before the whole list is there hides the preview: the
// rows under a filter are the filter's.
func TestFilterTextHidesThePreview(t *testing.T) {
	ctx := uitest.Context(t, 120, 30)
	var recs []model.AccountRecord
	for _, f := range fixtures {
		recs = append(recs, f.record())
	}
	if err := ctx.Store.ReplaceRecords(recs); err != nil {
		t.Fatal(err)
	}
	head, err := ctx.Store.SummariesHead(10, false)
	if err != nil {
		t.Fatal(err)
	}
	m := NewPreview(ctx, head, false)
	m.SetSize(120, 20)
	uitest.Drive(m, uitest.Keys("/", "glo")...)
	if m.previewing() {
		t.Fatalf("the preview is drawn under filter text:\n%s", uitest.Plain(m.View()))
	}
}

// A remembered order other than by name, or a tag or stage, has no
// preview: its first rows are not the head of the list by name.
func TestNoPreviewForAnotherOrder(t *testing.T) {
	dir := t.TempDir()
	for _, prefs := range []string{`{"sort": "arr"}`, `{"sort": "name", "tag": "emea"}`, `{"sort": "name", "stage": "renewal"}`, `{`} {
		if err := os.WriteFile(filepath.Join(dir, PrefsFile), []byte(prefs), 0o600); err != nil {
			t.Fatal(err)
		}
		if ok, _ := PreviewView(dir); ok {
			t.Errorf("%s: a preview", prefs)
		}
	}
}
