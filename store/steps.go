package store

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"bob/model"
)

// StepChange is what SetStepState and SetTaskState do to a checklist step
// or a success-plan task.
type StepChange struct {
	// State is the new state: done, skipped, or open (reopen).
	State model.StepState
	// Note, when not empty, replaces the step's note.
	Note string
	// By is who made the change (the identity's name); it is kept on the
	// step and is the author of the timeline entry.
	By string
	// Log, when set, is written to the timeline in the same transaction
	// instead of the automatic internal note: an email step logs the
	// email it sent this way.
	Log *model.TimelineEntry
}

// StepUpdate is the result of SetStepState.
type StepUpdate struct {
	AccountID string
	Checklist model.Checklist // the checklist as saved
	Step      model.Step      // the step as saved
	// EntryID is the timeline entry written with the change, or "".
	EntryID string
}

// SetStepState changes one checklist step's state, in one transaction:
// the step (found by its ID; accountID narrows the search and may be ""
// when only the step ID is known) gets its new state, note, who and when;
// done and skipped steps that carry a note are logged to the account's
// timeline as an internal note (or as change.Log when given), so the
// history shows who did what when; the account list's summary (open
// steps, next due) is refreshed. This is the one function every screen
// and command uses to tick, skip or reopen a step.
func (s *Store) SetStepState(accountID, stepID string, change StepChange) (StepUpdate, error) {
	now := s.now()
	day := model.DateOf(now)
	var up StepUpdate
	err := s.update(func(tx *bolt.Tx) error {
		c, err := findByChild(tx, kindChecklist, accountID, stepID, "checklist step")
		if err != nil {
			return err
		}
		i := c.Step(stepID)
		if i < 0 {
			return fmt.Errorf("checklist step %s: %w", stepID, ErrNotFound)
		}
		st := &c.Steps[i]
		if err := st.Move(change.State, change.Note, day, change.By); err != nil {
			return err
		}
		c.Updated = now
		entryID, err := saveMoved(tx, bucketChecklists, c.AccountID, c.ID, c, change, now, "step", st.Title, c.Title, st.Note)
		if err != nil {
			return err
		}
		up = StepUpdate{AccountID: c.AccountID, Checklist: c, Step: *st, EntryID: entryID}
		return nil
	})
	return up, s.wrap("change checklist step "+stepID, err)
}

// TaskUpdate is the result of SetTaskState.
type TaskUpdate struct {
	AccountID string
	Plan      model.SuccessPlan
	Task      model.Task
	EntryID   string
}

// SetTaskState changes one success-plan task's state the way SetStepState
// changes a step's: one transaction, the note and who and when kept on
// the task, an internal timeline note for a done or skipped task with a
// note, the summary refreshed.
func (s *Store) SetTaskState(accountID, taskID string, change StepChange) (TaskUpdate, error) {
	now := s.now()
	day := model.DateOf(now)
	var up TaskUpdate
	err := s.update(func(tx *bolt.Tx) error {
		p, err := findByChild(tx, kindPlan, accountID, taskID, "success plan task")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(p.Tasks, func(t model.Task) bool { return t.ID == taskID })
		if i < 0 {
			return fmt.Errorf("success plan task %s: %w", taskID, ErrNotFound)
		}
		t := &p.Tasks[i]
		if err := t.Move(change.State, change.Note, day, change.By); err != nil {
			return err
		}
		p.Updated = now
		entryID, err := saveMoved(tx, bucketPlans, p.AccountID, p.ID, p, change, now, "task", t.Title, p.Title, t.Note)
		if err != nil {
			return err
		}
		up = TaskUpdate{AccountID: p.AccountID, Plan: p, Task: *t, EntryID: entryID}
		return nil
	})
	return up, s.wrap("change success plan task "+taskID, err)
}

// saveMoved is what SetStepState and SetTaskState do once a step or task
// has moved: check and save the record that holds it, log the change to
// the timeline and refresh the account's summary and due items, all in tx.
// It returns the timeline entry written, or "".
func saveMoved(tx *bolt.Tx, bucket []byte, accountID, recordID string, rec interface{ Validate() error }, change StepChange, now time.Time, what, title, parent, note string) (string, error) {
	if err := rec.Validate(); err != nil {
		return "", err
	}
	if err := putJSON(tx.Bucket(bucket), childKey(accountID, recordID), rec); err != nil {
		return "", err
	}
	entryID, err := logProgress(tx, accountID, change, now, what, title, parent, note)
	if err != nil {
		return "", err
	}
	return entryID, touchAccount(tx, accountID, now, true)
}

// findByChild finds the record of kind k that holds a child (a step, a
// task) with that ID. A record's bytes are searched before it is decoded,
// so finding a step by ID alone costs one pass over the bucket's bytes,
// not a decode of every checklist in the book.
func findByChild[T any](tx *bolt.Tx, k kind[T], accountID, childID, what string) (T, error) {
	var zero T
	if !model.ValidID(childID) {
		return zero, fmt.Errorf("%q is not a %s ID (bob show ACCOUNT --json prints them)", childID, what)
	}
	needle := []byte(`"id":"` + childID + `"`)
	var prefix []byte
	if accountID != "" {
		prefix = accountPrefix(accountID)
	}
	c := tx.Bucket(k.bucket).Cursor()
	key, v := c.First()
	if prefix != nil {
		key, v = c.Seek(prefix)
	}
	for ; key != nil && bytes.HasPrefix(key, prefix); key, v = c.Next() {
		if !bytes.Contains(v, needle) {
			continue
		}
		var rec T
		if err := unmarshal(key, v, &rec); err != nil {
			return zero, err
		}
		return rec, nil
	}
	return zero, fmt.Errorf("%s %s: %w", what, childID, ErrNotFound)
}

// logProgress writes the timeline entry for a step or task change: the
// caller's own entry when it gave one, else an internal note when a done
// or skipped step carries a note. It returns the entry's ID or "".
func logProgress(tx *bolt.Tx, accountID string, change StepChange, now time.Time, what, title, parent, note string) (string, error) {
	var e model.TimelineEntry
	switch {
	case change.Log != nil:
		e = *change.Log
	case change.State != model.StepOpen && strings.TrimSpace(change.Note) != "":
		e = model.TimelineEntry{
			Kind: model.KindNote, Internal: true,
			Title: progressTitle(change.State, what, title),
			Body:  note + "\n\n(" + parent + ")",
		}
	default:
		return "", nil
	}
	e.AccountID = accountID
	if e.ID == "" {
		e.ID = model.NewIDAt(now)
	}
	if e.When.IsZero() {
		e.When = now
	}
	if e.Author == "" {
		e.Author = change.By
	}
	e.Created, e.Updated = now, now
	if err := e.Validate(); err != nil {
		return "", err
	}
	for _, p := range e.People {
		if tx.Bucket(bucketPeople).Get(childKey(accountID, p)) == nil {
			return "", fmt.Errorf("linked person %s is not a stakeholder of this account", p)
		}
	}
	return e.ID, putEntryTx(tx, e)
}

// progressTitle is the timeline title of a step or task change, cut to
// fit the entry's title limit.
func progressTitle(state model.StepState, what, title string) string {
	verb := map[model.StepState]string{model.StepDone: "done", model.StepSkipped: "skipped"}[state]
	t := strings.ToUpper(what[:1]) + what[1:] + " " + verb + ": " + title
	if r := []rune(t); len(r) > 300 {
		t = string(r[:299]) + "…"
	}
	return t
}

// ApplyResult is what ApplyChecklists did.
type ApplyResult struct {
	Applied []model.Checklist
	Skipped []model.SkippedAccount
}

// ApplyChecklists starts new checklists on their accounts in one
// transaction: all are written or none. An account that still has an open
// checklist of the same playbook (or gets two in this call) is skipped
// and named, never given a second open copy. A missing account or an
// invalid checklist fails the whole call.
func (s *Store) ApplyChecklists(cs []model.Checklist) (ApplyResult, error) {
	now := s.now()
	var res ApplyResult
	err := s.update(func(tx *bolt.Tx) error {
		res = ApplyResult{}
		startedNow := map[string]bool{} // account + playbook started in this call
		for _, c := range cs {
			var a model.Account
			if err := getFound(tx.Bucket(bucketAccounts), []byte(c.AccountID), &a, "account", c.AccountID); err != nil {
				return err
			}
			open, err := openChecklistTx(tx, c.AccountID, c.Playbook)
			if err != nil {
				return err
			}
			if open != nil || startedNow[c.AccountID+"/"+c.Playbook] {
				since := "in this call"
				if open != nil {
					since = "applied " + open.Applied.String()
				}
				res.Skipped = append(res.Skipped, model.SkippedAccount{AccountID: a.ID, Name: a.Name,
					Reason: fmt.Sprintf("%s is still open (%s): finish or skip its steps first", c.Title, since)})
				continue
			}
			kindChecklist.stamp(&c, model.NewIDAt(now), now)
			if err := c.Validate(); err != nil {
				return fmt.Errorf("%s: %w", a.Name, err)
			}
			if tx.Bucket(bucketChecklists).Get(childKey(c.AccountID, c.ID)) != nil {
				return fmt.Errorf("checklist %s already exists on %s: nothing was applied", c.ID, a.Name)
			}
			if err := putJSON(tx.Bucket(bucketChecklists), childKey(c.AccountID, c.ID), c); err != nil {
				return err
			}
			startedNow[c.AccountID+"/"+c.Playbook] = true
			res.Applied = append(res.Applied, c)
		}
		if len(res.Applied) == 0 {
			// Every account was skipped: roll back, so that a command
			// that changed nothing leaves the file byte for byte as it was.
			return errNothingApplied
		}
		for _, c := range res.Applied {
			if err := touchAccount(tx, c.AccountID, now, true); err != nil {
				return err
			}
		}
		return nil
	})
	if errors.Is(err, errNothingApplied) {
		return res, nil
	}
	if err != nil {
		return ApplyResult{}, s.wrap("apply the playbook", err)
	}
	return res, nil
}

// errNothingApplied rolls back an ApplyChecklists that skipped every
// account; it never reaches the caller.
var errNothingApplied = errors.New("no checklist applied")

// openChecklistTx returns the account's open checklist of the playbook, or
// nil.
func openChecklistTx(tx *bolt.Tx, accountID, playbook string) (*model.Checklist, error) {
	cs, err := listTx(tx, kindChecklist, accountID)
	if err != nil {
		return nil, err
	}
	for i := range cs {
		if cs[i].Playbook == playbook && !cs[i].Finished() {
			return &cs[i], nil
		}
	}
	return nil, nil
}

// MoveChecklistAnchor moves a checklist's anchor to day (a renewal that
// moved, a go-live that slipped) and shifts every open step's due date
// with it, in one transaction.
func (s *Store) MoveChecklistAnchor(accountID, checklistID string, day model.Date) (model.Checklist, error) {
	var c model.Checklist
	err := s.updateChild(bucketChecklists, "checklist", accountID, checklistID, &c, func(now time.Time) error {
		if day.IsZero() {
			return fmt.Errorf("give the day the checklist counts from")
		}
		c.MoveAnchor(day)
		c.Updated = now
		return nil
	})
	return c, s.wrap("move the checklist's anchor", err)
}

// UpdateChecklist changes a checklist in one transaction: change gets the
// checklist as stored and edits it in place (a step's title, due day or
// detail); the result is validated and saved. A step's state changes
// through SetStepState, which also logs it.
func (s *Store) UpdateChecklist(accountID, checklistID string, change func(c *model.Checklist) error) (model.Checklist, error) {
	var c model.Checklist
	err := s.updateChild(bucketChecklists, "checklist", accountID, checklistID, &c, func(now time.Time) error {
		if err := change(&c); err != nil {
			return err
		}
		c.ID, c.AccountID, c.Updated = checklistID, accountID, now
		return c.Validate()
	})
	return c, s.wrap("save checklist", err)
}

// UpdatePlan changes a success plan in one transaction: change gets the
// plan as stored and edits it in place; the result is validated and
// saved. A quick edit (an objective's current value, one task) thus never
// overwrites another write that landed since the screen read the plan.
func (s *Store) UpdatePlan(accountID, planID string, change func(p *model.SuccessPlan) error) (model.SuccessPlan, error) {
	var p model.SuccessPlan
	err := s.updateChild(bucketPlans, "success plan", accountID, planID, &p, func(now time.Time) error {
		if err := change(&p); err != nil {
			return err
		}
		p.ID, p.AccountID, p.Updated = planID, accountID, now
		return p.Validate()
	})
	return p, s.wrap("save success plan", err)
}

// updateChild changes one record an account holds (a checklist, a
// success plan) in one transaction: it reads the record under the
// account's key in bucket into v, lets edit change it (edit gets the time
// of the write and refuses by returning an error), saves it and touches
// the account. noun names the record in the not-found error.
func (s *Store) updateChild(bucket []byte, noun, accountID, id string, v any, edit func(now time.Time) error) error {
	now := s.now()
	return s.update(func(tx *bolt.Tx) error {
		if err := getFound(tx.Bucket(bucket), childKey(accountID, id), v, noun, id); err != nil {
			return err
		}
		if err := edit(now); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucket), childKey(accountID, id), v); err != nil {
			return err
		}
		return touchAccount(tx, accountID, now, true)
	})
}

// ObjectiveUpdate is the result of RecordObjective.
type ObjectiveUpdate struct {
	AccountID string
	Plan      model.SuccessPlan
	Objective model.Objective // as saved
	// Before is the objective's metric before the change, so a screen or
	// a command can say how far the value moved.
	Before model.Metric
}

// RecordObjective sets a success-plan objective's current value on day
// and logs the reading in its history (model.Objective.Record), in one
// transaction. The objective is found by its own ID; accountID narrows
// the search and may be "" when only the objective's ID is known. The
// Plans tab's quick update and the command line both call it.
func (s *Store) RecordObjective(accountID, objectiveID string, value float64, day model.Date) (ObjectiveUpdate, error) {
	now := s.now()
	var up ObjectiveUpdate
	err := s.update(func(tx *bolt.Tx) error {
		p, err := findByChild(tx, kindPlan, accountID, objectiveID, "success plan objective")
		if err != nil {
			return err
		}
		i := slices.IndexFunc(p.Objectives, func(o model.Objective) bool { return o.ID == objectiveID })
		if i < 0 {
			return fmt.Errorf("success plan objective %s: %w", objectiveID, ErrNotFound)
		}
		if day.IsZero() {
			return fmt.Errorf("give the day the value was measured")
		}
		before := p.Objectives[i].Metric
		p.Objectives[i].Record(value, day)
		p.Updated = now
		if err := p.Validate(); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketPlans), childKey(p.AccountID, p.ID), p); err != nil {
			return err
		}
		up = ObjectiveUpdate{AccountID: p.AccountID, Plan: p, Objective: p.Objectives[i], Before: before}
		return touchAccount(tx, p.AccountID, now, true)
	})
	return up, s.wrap("update success plan objective "+objectiveID, err)
}

// StepEdit is what AddStep and RemoveStep did: the checklist as saved,
// the step added or removed and where it stands (stood) in the list.
type StepEdit struct {
	AccountID string
	Checklist model.Checklist
	Step      model.Step
	Index     int
}

// AddStep adds an open step to a checklist, in one transaction, right
// after the step afterID (or at the end when afterID is ""); the
// account list's summary and the due items are refreshed. The step gets
// a new ID unless it carries one (undoing a removal puts the step back as
// it was). accountID narrows the search and may be "".
func (s *Store) AddStep(accountID, checklistID, afterID string, step model.Step) (StepEdit, error) {
	var ed StepEdit
	err := s.editChecklistTx(accountID, checklistID, "checklist", func(c *model.Checklist) error {
		at := len(c.Steps)
		if afterID != "" {
			if at = c.Step(afterID); at < 0 {
				return fmt.Errorf("the checklist %q has no step %s: %w", c.Title, model.IDText(afterID), ErrNotFound)
			}
			at++
		}
		if step.ID == "" {
			step.ID = model.NewID()
		}
		c.Steps = append(c.Steps[:at], append([]model.Step{step}, c.Steps[at:]...)...)
		ed = StepEdit{AccountID: c.AccountID, Step: step, Index: at}
		return nil
	}, func(c model.Checklist) { ed.Checklist = c })
	return ed, s.wrap("add a checklist step", err)
}

// RemoveStep takes a step out of its checklist, in one transaction; the
// account list's summary and the due items are refreshed. A checklist's
// last step is refused: deleting the checklist says that. The result
// names the step and where it stood so that it can be put back
// (AddStep after the step before it).
func (s *Store) RemoveStep(accountID, stepID string) (StepEdit, error) {
	var ed StepEdit
	err := s.editChecklistTx(accountID, stepID, "checklist step", func(c *model.Checklist) error {
		i := c.Step(stepID)
		if i < 0 {
			return fmt.Errorf("checklist step %s: %w", stepID, ErrNotFound)
		}
		if len(c.Steps) == 1 {
			return fmt.Errorf("%q is the last step of the checklist %q: delete the checklist instead", c.Steps[i].Title, c.Title)
		}
		ed = StepEdit{AccountID: c.AccountID, Step: c.Steps[i], Index: i}
		c.Steps = append(c.Steps[:i:i], c.Steps[i+1:]...)
		return nil
	}, func(c model.Checklist) { ed.Checklist = c })
	return ed, s.wrap("remove checklist step "+stepID, err)
}

// editChecklistTx finds the checklist that holds id (its own ID or one of
// its steps'), lets edit change it, validates and saves it and touches
// the account, all in one transaction; saved gets the checklist as saved.
func (s *Store) editChecklistTx(accountID, id, what string, edit func(c *model.Checklist) error, saved func(model.Checklist)) error {
	now := s.now()
	return s.update(func(tx *bolt.Tx) error {
		c, err := findByChild(tx, kindChecklist, accountID, id, what)
		if err != nil {
			return err
		}
		if what == "checklist" && c.ID != id {
			return fmt.Errorf("checklist %s: %w", id, ErrNotFound)
		}
		if err := edit(&c); err != nil {
			return err
		}
		c.Updated = now
		if err := c.Validate(); err != nil {
			return err
		}
		if err := putJSON(tx.Bucket(bucketChecklists), childKey(c.AccountID, c.ID), c); err != nil {
			return err
		}
		saved(c)
		return touchAccount(tx, c.AccountID, now, true)
	})
}
