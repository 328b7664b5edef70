package export

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"bob/handoff"
	"bob/ui/common"
	"bob/ui/form"
)

// A bundle is signed with the sender's identity, so a CSM without one is
// stopped before the first step and offered to create one here.

type (
	// identityCreatedMsg: the identity was created and saved.
	identityCreatedMsg struct{ id handoff.Identity }
	// identityFormClosedMsg: the identity form was cancelled.
	identityFormClosedMsg struct{}
)

func (m *Model) identityKey(msg tea.KeyMsg) tea.Cmd {
	switch {
	case m.isBack(msg):
		return back
	case key.Matches(msg, m.ctx.Keys.CreateIdentity) && m.idMissing:
		m.openIdentityForm()
		return nil
	case key.Matches(msg, m.ctx.Keys.CreateIdentity):
		return common.Cannot("your identity file exists but cannot be used: fix it as the message says; bob will not replace it")
	}
	return nil
}

// openIdentityForm opens the name and email form. Saving it creates the
// identity in a tea.Cmd.
func (m *Model) openIdentityForm() {
	dir := m.ctx.ConfigDir
	name := m.ctx.Author
	f := form.New(m.ctx, "Create your bob identity", []form.Field{
		{Key: "name", Label: "Your name", Kind: form.Text, Value: name, Help: "as colleagues know you; it goes on every bundle you send"},
		{Key: "email", Label: "Work email", Kind: form.Text, Placeholder: "you@example.com"},
	}, func(v form.Values) tea.Cmd {
		return func() tea.Msg {
			id, err := handoff.CreateIdentity(dir, v.String("name"), v.String("email"))
			if err != nil {
				return err
			}
			return identityCreatedMsg{id: id}
		}
	})
	f.OnClose(func(saved bool) tea.Msg {
		if saved {
			return nil // identityCreatedMsg follows
		}
		return identityFormClosedMsg{}
	}).WithHelpLine(false)
	f.SetSize(m.width, max(m.height-2, 1))
	m.idForm = f
}

func (m *Model) identityView() string {
	t := m.ctx.Theme
	if m.idForm != nil {
		return m.idForm.View()
	}
	var b strings.Builder
	if !m.idMissing {
		b.WriteString(t.Error.Render("Your bob identity cannot be used:") + "\n")
		b.WriteString(common.ErrorText(m.idErr) + "\n\n")
		b.WriteString(t.Faint.Render("Bundles are signed with it, so nothing can be handed over until it is fixed."))
		return b.String()
	}
	b.WriteString(t.Bold.Render("You have no bob identity yet.") + "\n\n")
	b.WriteString("Your identity signs the bundles you send, so your successors can tell they\n")
	b.WriteString("come from you, and lets colleagues encrypt the bundles they send you.\n")
	b.WriteString("It is two key pairs kept in " + t.Subtle.Render(m.ctx.ConfigDir) + ", readable by you only.\n\n")
	b.WriteString(t.Bold.Render("c") + " creates it now (your name and work email); " + t.Bold.Render("esc") + " closes the wizard.")
	return b.String()
}

func (m *Model) identityHelp() []key.Binding {
	if m.idMissing {
		return []key.Binding{m.ctx.Keys.CreateIdentity}
	}
	return nil
}
