// Package playbooks is the Playbooks tab of the account 360 view,
// read-only for now: each playbook applied to the account as a checklist,
// with its steps' state and due date, overdue steps marked in words.
//
// It only renders the record it is given; it never reads or writes the
// book.
package playbooks

import (
	"fmt"
	"time"

	"bob/model"
	"bob/ui/account/tabkit"
	"bob/ui/common"
)

// New returns the Playbooks tab: a read-only page drawn by Render.
func New(ctx *common.Context) *tabkit.Page {
	return tabkit.NewPage(ctx, "Playbooks", func(rec model.AccountRecord, width int) string {
		return Render(ctx.Theme, rec.Checklists, ctx.Now(), width)
	}).Locate(Locate)
}

// Locate finds a checklist or a step on the page (for an account opened
// from Today at that item): the lines that lead to it.
func Locate(rec model.AccountRecord, id string) []string {
	for _, c := range rec.Checklists {
		if c.ID == id {
			return []string{c.Title}
		}
		for _, s := range c.Steps {
			if s.ID == id {
				return []string{c.Title, s.Title}
			}
		}
	}
	return nil
}

// Render draws every checklist. It is pure.
func Render(t *common.Theme, lists []model.Checklist, now time.Time, width int) string {
	d := tabkit.NewDoc(t, width, 0)
	if len(lists) == 0 {
		d.Line(t.Faint.Render("No playbooks applied yet."))
		return d.String()
	}
	for _, c := range lists {
		done := len(c.Steps) - c.OpenSteps()
		head := fmt.Sprintf("%s (%d/%d done)", c.Title, done, len(c.Steps))
		d.Section(head)
		sub := "playbook " + c.Playbook
		if !c.Applied.IsZero() {
			sub += " · applied " + c.Applied.String()
		}
		d.Line(t.Subtle.Render(sub))
		for _, s := range c.Steps {
			box := "[ ]"
			switch s.State {
			case model.StepDone:
				box = "[x]"
			case model.StepSkipped:
				box = "[-]"
			}
			line := box + " " + s.Title
			if !s.Due.IsZero() {
				line += t.Subtle.Render(" · due " + s.Due.String())
				if s.Open() {
					if n := s.Due.DaysFrom(now); n < 0 {
						line += " " + t.Error.Render(fmt.Sprintf("OVERDUE %dd", -n))
					} else if n == 0 {
						line += " " + t.Warn.Render("due today")
					}
				}
			}
			if s.State == model.StepDone && !s.DoneOn.IsZero() {
				line += t.Faint.Render(" · done " + s.DoneOn.String())
			}
			d.Line(line)
			if s.Note != "" {
				d.Para(4, s.Note)
			}
		}
	}
	return d.String()
}
