package playbooks

import (
	"fmt"

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
	f.Watch(acc, func() ([]form.Field, error) {
		cs, err := st.Checklists(acc)
		if err != nil {
			return nil, err
		}
		for _, x := range cs {
			if x.ID != c.ID {
				continue
			}
			for _, cur := range x.Steps {
				if cur.ID == id {
					return stepFields(*common.Safe(&cur)), nil
				}
			}
		}
		return nil, fmt.Errorf("step %q: %w", s.Title, store.ErrNotFound)
	})
	m.compose = tabkit.Embed(f, m.width, m.height)
	return nil
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
