package handoff

import (
	"encoding/json"
	"reflect"
	"testing"

	"bob/model"
	"bob/playbooks"
)

// The records of a bundle as read share their lists with everything an
// import makes of them (the plan's merged records, the records written)
// rather than copying them: a whole book's timelines are most of an
// import's bytes. The bundle as read must still stay as it was: the
// app's import screen plans it again with the other policy, and the
// preview the user saw is written as it was. So no step of an import may
// change a list of the bundle's where it is, nor append into room left at
// the end of one (the next plan's append would overwrite it).
func TestImportLeavesTheBundleAsRead(t *testing.T) {
	pb, ok := playbooks.Builtin(playbooks.TransitionIncoming)
	if !ok {
		t.Fatal("no built-in incoming transition playbook")
	}
	for _, redact := range []bool{false, true} {
		name := "plain"
		if redact {
			name = "redacted" // the merge puts the receiver's private notes back
		}
		t.Run(name, func(t *testing.T) {
			// Globex is in the book (with a note of the receiver's and a
			// title that conflicts); Acme is new and has open steps of the
			// sender's outgoing checklist, which the import closes.
			st := openStore(t)
			mine := globex()
			mine.People[0].Notes = "Met at the offsite."
			mine.Timeline[0].Title = "Renewal terms, first draft"
			if err := st.ReplaceRecords([]model.AccountRecord{mine}); err != nil {
				t.Fatal(err)
			}
			opened, err := ReadBytes(mustWrite(t, testBundle(), WriteOptions{Encryption: Encryption{None: true}, Redact: redact}), ReadOptions{})
			if err != nil {
				t.Fatal(err)
			}
			for i := range opened.Records {
				growLists(&opened.Records[i])
			}
			read := recordsJSON(t, opened.Records)

			keep, err := Plan(st, opened, PolicyKeep)
			if err != nil {
				t.Fatal(err)
			}
			if keep.PredecessorSteps == 0 || keep.Count(StatusNew) != 1 || keep.Count(StatusExisting) != 1 {
				t.Fatalf("plan: %s, %d predecessor steps; want one new account with steps to close and one existing", keep.Summary(), keep.PredecessorSteps)
			}
			seen := recordsJSON(t, keep.Records)
			if _, err := Plan(st, opened, PolicyTheirs); err != nil {
				t.Fatal(err)
			}
			if got := recordsJSON(t, keep.Records); got != seen {
				t.Errorf("planning again changed the preview planned before:\n got %s\nwant %s", got, seen)
			}
			res, err := ApplyWith(st, opened, PolicyKeep, ApplyOptions{Preview: &keep, NewAccount: StartChecklist(pb, now), Now: now})
			if err != nil {
				t.Fatal(err)
			}
			if res.Written != 2 || res.Owned.Started != 1 {
				t.Fatalf("import: written %d, %d checklists started; want 2 and 1", res.Written, res.Owned.Started)
			}
			if got := recordsJSON(t, keep.Records); got != seen {
				t.Errorf("the import changed the preview the user saw:\n got %s\nwant %s", got, seen)
			}
			acme, err := st.Record(id(1))
			if err != nil {
				t.Fatal(err)
			}
			if len(acme.Checklists) != 2 || len(acme.Handoffs) != 2 || acme.Checklists[0].Steps[1].State != model.StepSkipped {
				t.Errorf("the new account was written with %d checklists (step 2 %q) and %d handoffs; want the incoming one started, the outgoing steps closed and the handoff received",
					len(acme.Checklists), acme.Checklists[0].Steps[1].State, len(acme.Handoffs))
			}

			// And once more, planned inside the import, with the other
			// policy, into a book that has neither account.
			if _, err := ApplyWith(openStore(t), opened, PolicyTheirs, ApplyOptions{NewAccount: StartChecklist(pb, now), Now: now}); err != nil {
				t.Fatal(err)
			}
			if got := recordsJSON(t, opened.Records); got != read {
				t.Errorf("the import changed the bundle as read:\n got %s\nwant %s", got, read)
			}
			for _, r := range opened.Records {
				spareUntouched(t, r)
			}
		})
	}
}

// recordsJSON is the records' whole content, nested lists (a
// checklist's steps, a timeline entry's people) included.
func recordsJSON(t *testing.T, recs []model.AccountRecord) string {
	t.Helper()
	b, err := json.Marshal(recs)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// growLists leaves room at the end of each of the record's lists, and of
// its checklists' steps, as a decoder may.
func growLists(r *model.AccountRecord) {
	eachList(r, func(l reflect.Value) {
		more := reflect.MakeSlice(l.Type(), l.Len(), l.Len()+3)
		reflect.Copy(more, l)
		l.Set(more)
	})
}

// spareUntouched fails if anything was appended into the room growLists
// left.
func spareUntouched(t *testing.T, r model.AccountRecord) {
	t.Helper()
	eachList(&r, func(l reflect.Value) {
		for i := l.Len(); i < l.Cap(); i++ {
			if !l.Slice(0, l.Cap()).Index(i).IsZero() {
				t.Errorf("account %s: an append wrote into the room after the bundle's %s", r.Account.Name, l.Type())
				return
			}
		}
	})
}

// eachList calls f on each list of the record (its account's tags and
// products too) and on each checklist's steps.
func eachList(r *model.AccountRecord, f func(reflect.Value)) {
	lists := func(v reflect.Value) {
		for i := range v.NumField() {
			if v.Field(i).Kind() == reflect.Slice {
				f(v.Field(i))
			}
		}
	}
	lists(reflect.ValueOf(r).Elem())
	lists(reflect.ValueOf(&r.Account).Elem())
	for i := range r.Checklists {
		f(reflect.ValueOf(&r.Checklists[i].Steps).Elem())
	}
	for i := range r.Timeline {
		f(reflect.ValueOf(&r.Timeline[i].People).Elem())
	}
}
