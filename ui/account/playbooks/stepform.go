package playbooks

import (
	"fmt"
	"slices"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/store"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
)

// openStepForm edits the step's title, due day and detail: a playbook's
// wording or day that does not fit this customer is changed here, not
// lived with. Its state changes with space and s, which log it.
func (m *Model) openStepForm(s model.Step, c model.Checklist) tea.Cmd {
	fields := stepFields(s)
	st, acc, id := m.ctx.Store, m.accountID, s.ID
	f := form.New(m.ctx, "Edit step of "+c.Title, fields, func(v form.Values) tea.Cmd {
		title, due, detail := v.String("title"), v.Date("due"), v.String("detail")
		return func() tea.Msg {
			_, err := st.UpdateChecklist(acc, c.ID, func(x *model.Checklist) error {
				for i := range x.Steps {
					if x.Steps[i].ID == id {
						x.Steps[i].Title, x.Steps[i].Due, x.Steps[i].Detail = title, due, detail
						return nil
					}
				}
				return fmt.Errorf("step %q is no longer in the checklist: %w", title, store.ErrNotFound)
			})
			if err != nil {
				return err
			}
			return tea.BatchMsg{common.Changed(acc, "", "saved step"), common.Info("saved step %q", title)}
		}
	})
	// Another bob may change the step (bob step, a second app) while the
	// form is open.
	form.WatchItem(f, acc, id, fmt.Sprintf("step %q", s.Title), func() ([]model.Step, error) {
		cs, err := st.Checklists(acc)
		if err != nil {
			return nil, err
		}
		x, err := form.Lookup(cs, c.ID, func(x model.Checklist) string { return x.ID }, fmt.Sprintf("step %q", s.Title))
		return x.Steps, err
	}, func(x model.Step) string { return x.ID }, func(cur model.Step) ([]form.Field, error) { return stepFields(cur), nil })
	m.compose = tabkit.Embed(f, m.width, m.height)
	return nil
}

// openAddForm asks for a new step (the same fields as the edit form) and
// adds it after s: a step this customer needs that the playbook lacks.
func (m *Model) openAddForm(s model.Step, c model.Checklist) tea.Cmd {
	st, acc := m.ctx.Store, m.accountID
	f := form.New(m.ctx, "New step of "+c.Title+" after "+s.Title, stepFields(model.Step{}), func(v form.Values) tea.Cmd {
		step := model.Step{Title: v.String("title"), Due: v.Date("due"), Detail: v.String("detail"), State: model.StepOpen}
		return common.Cmd(func() (store.StepEdit, error) { return st.AddStep(acc, c.ID, s.ID, step) },
			func(ed store.StepEdit) tea.Msg {
				return tea.BatchMsg{func() tea.Msg { return common.FocusMsg{AccountID: acc, Item: ed.Step.ID} },
					common.Changed(acc, "", "added step "+ed.Step.Title), common.Info("added step %q", ed.Step.Title)}
			})
	})
	m.compose = tabkit.Embed(f, m.width, m.height)
	return nil
}

// removeStep takes s out of its checklist and keeps it for undo, which
// puts it back as it was after the step it followed (first when it was
// first, or at the end when that step is gone too), through the one
// checklist update.
func (m *Model) removeStep(s model.Step, c model.Checklist) tea.Cmd {
	st, acc := m.ctx.Store, m.accountID
	before := ""
	if i := c.Step(s.ID); i > 0 {
		before = c.Steps[i-1].ID
	}
	what := fmt.Sprintf("step %q", s.Title)
	return m.undo.Removing(m.ctx.Keys, acc, "removed", what, func() error {
		_, err := st.RemoveStep(acc, s.ID)
		return err
	}, func() tea.Cmd {
		return common.Cmd(func() (model.Checklist, error) {
			return st.UpdateChecklist(acc, c.ID, func(x *model.Checklist) error {
				at := 0
				if before != "" {
					if at = x.Step(before) + 1; at == 0 {
						at = len(x.Steps)
					}
				}
				x.Steps = slices.Insert(x.Steps, at, s)
				return nil
			})
		}, func(model.Checklist) tea.Msg { return tabkit.Wrote(acc, s.ID, "restored "+what) })
	})
}

// stepFields are the step form's fields, filled from s.
func stepFields(s model.Step) []form.Field {
	return []form.Field{
		{Key: "title", Label: "Step", Kind: form.Text, Value: s.Title},
		{Key: "due", Label: "Due", Kind: form.Date, Value: s.Due.String(), Help: "YYYY-MM-DD, +2w; empty: no due day"},
		{Key: "detail", Label: "Detail", Kind: form.LongText, Value: s.Detail, Help: "how to do it · Markdown · ctrl+e opens $EDITOR"},
	}
}

// Changed reports a half-typed step form, so that ctrl+c asks before it
// is lost.
func (m *Model) Changed() bool {
	f, ok := m.compose.(*form.Model)
	return ok && f.Changed()
}
