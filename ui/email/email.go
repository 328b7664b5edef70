// Package email is the email step of a checklist: pick the recipient among
// the account's people, see the step's subject and body personalised for
// them (the account, the CSM, the successor), edit it (in the app or in
// $EDITOR), then copy it to the clipboard with OSC 52 (works over SSH) or
// write an .eml file any mail program opens. Either is followed by one
// question: log it as an email on the timeline, linked to the recipient,
// and tick the step, in one store call (store.SetStepState with Log).
//
// The identity, the colleagues and the file are read and written in
// tea.Cmds; View only draws.
package email

import (
	"errors"
	"fmt"
	"io/fs"
	"net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/atomicfile"
	"bob/handoff"
	"bob/model"
	"bob/playbooks"
	"bob/store"
	"bob/termsafe"
	"bob/ui/account/tabkit"
	"bob/ui/common"
	"bob/ui/form"
	"bob/ui/picker"
)

// ClosedMsg says the email screen closed. It comes back to the tab that
// opened the screen (replies are routed to whoever asked).
type ClosedMsg struct{}

type loadedMsg struct {
	csm        playbooks.EmailPerson
	colleagues []handoff.Public
	folder     string
}

type editedMsg struct{ subject, body string }

// doneMsg says the email was copied or written: the question follows.
type doneMsg struct{ what string }

type stage int

const (
	stageLoading stage = iota
	stageRecipient
	stageSuccessor
	stagePreview
	stageLog
)

// Model is the email of one step.
type Model struct {
	ctx   *common.Context
	rec   model.AccountRecord
	list  model.Checklist
	step  model.Step
	stage stage

	csm        playbooks.EmailPerson
	successor  playbooks.EmailPerson
	colleagues []handoff.Public
	folder     string

	pick      *picker.Model
	recipient model.Person
	input     textinput.Model
	form      *form.Model

	subject, body string
	edited        bool
	did           string // "copied" or "written to …"

	width, height int
}

// New opens the email of step (on checklist c of the account in rec). tab
// comes back in ClosedMsg so the opener knows it closed.
func New(ctx *common.Context, rec model.AccountRecord, c model.Checklist, step model.Step) *Model {
	in := textinput.New()
	// A still cursor: a blinking one is a timer that keeps redrawing.
	in.Cursor.SetMode(cursor.CursorStatic)
	in.Placeholder = "Jordan Lee <jordan@example.com>"
	in.PlaceholderStyle = ctx.Theme.Faint
	in.CharLimit = 300
	return &Model{ctx: ctx, rec: rec, list: c, step: step, input: in, width: ctx.Width, height: ctx.Height}
}

// Init reads the CSM's identity (their name and email) and colleagues
// (the successor's email).
func (m *Model) Init() tea.Cmd {
	dir, author := m.ctx.ConfigDir, m.ctx.Author
	return func() tea.Msg {
		msg := loadedMsg{csm: playbooks.NamedPerson(author, "", "")}
		if dir != "" {
			if me, err := handoff.LoadIdentity(dir); err == nil {
				name := me.Name
				if name == "" {
					name = author
				}
				msg.csm = playbooks.NamedPerson(name, me.Email, "")
			}
			if cs, err := handoff.LoadColleagues(dir); err == nil {
				msg.colleagues = cs.List()
			}
		}
		msg.folder = "."
		if h, err := os.UserHomeDir(); err == nil && h != "" {
			msg.folder = h
		}
		return msg
	}
}

// SetSize implements common.Component.
func (m *Model) SetSize(w, h int) {
	m.width, m.height = w, h
	if m.form != nil {
		m.form.SetSize(w, h)
	}
}

func (m *Model) close() tea.Cmd {
	return func() tea.Msg { return ClosedMsg{} }
}

// successorOf is who the account goes to: the latest handoff being
// prepared or sent.
func successorOf(rec model.AccountRecord, colleagues []handoff.Public) playbooks.EmailPerson {
	var h *model.Handoff
	for i := range rec.Handoffs {
		x := &rec.Handoffs[i]
		if (x.Status == model.HandoffPreparing || x.Status == model.HandoffSent) && x.To != "" && (h == nil || x.When.After(h.When)) {
			h = x
		}
	}
	if h == nil {
		return playbooks.EmailPerson{}
	}
	for _, c := range colleagues {
		if strings.EqualFold(c.Name, h.To) {
			return playbooks.NamedPerson(c.Name, c.Email, "")
		}
	}
	return playbooks.NamedPerson(h.To, "", "")
}

var successorField = regexp.MustCompile(`\.Successor\b`)

func (m *Model) openRecipients() {
	var items []picker.Item
	people := append([]model.Person{}, m.rec.People...)
	// The sponsor and the champion first: the notice is for them.
	rank := func(p model.Person) int {
		switch {
		case p.HasRole(model.RoleSponsor):
			return 0
		case p.HasRole(model.RoleChampion):
			return 1
		}
		return 2
	}
	for r := 0; r < 3; r++ {
		for _, p := range people {
			if !p.Active() || rank(p) != r {
				continue
			}
			hint := p.Title
			if len(p.Roles) > 0 {
				hint += " · " + string(p.Roles[0])
			}
			if p.Email == "" {
				hint += " · no email"
			}
			items = append(items, picker.Item{ID: p.ID, Label: p.Name, Hint: strings.TrimPrefix(hint, " · ")})
		}
	}
	m.stage = stageRecipient
	m.pick = picker.New(m.ctx, "Send "+m.step.Title+" to…", "type a few letters of a name or title", items, func(it picker.Item) tea.Cmd {
		for _, p := range m.rec.People {
			if p.ID == it.ID {
				m.recipient = p
			}
		}
		return m.afterRecipient()
	})
}

func (m *Model) afterRecipient() tea.Cmd {
	usesSuccessor := successorField.MatchString(m.step.Email.Subject + m.step.Email.Body)
	if usesSuccessor && m.successor.Name == "" {
		m.stage = stageSuccessor
		m.input.Focus()
		return nil
	}
	return m.render()
}

// render personalises the step's email for the recipient.
func (m *Model) render() tea.Cmd {
	data := playbooks.NewEmailData(m.rec, m.recipient, m.csm, m.successor)
	subject, body, err := playbooks.RenderEmail(*m.step.Email, data)
	if err != nil {
		m.stage = stagePreview
		return common.Fail(fmt.Errorf("%w: edit the text with %s", err, m.ctx.Keys.Edit.Help().Key))
	}
	m.subject, m.body, m.stage = subject, body, stagePreview
	return nil
}

// Capturing reports whether this screen takes every key: while a name is
// typed, a form is open or a question waits. The preview does not, so ?
// shows its keys there.
func (m *Model) Capturing() bool { return m.form != nil || m.stage != stagePreview }

// Update implements tea.Model.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case loadedMsg:
		m.csm, m.colleagues, m.folder = msg.csm, msg.colleagues, msg.folder
		m.successor = successorOf(m.rec, m.colleagues)
		if len(m.rec.People) == 0 {
			return m, tea.Batch(common.Cannot("the account has no people to write to: add them on the People tab"), m.close())
		}
		m.openRecipients()
		return m, nil
	case editedMsg:
		m.subject, m.body, m.edited = msg.subject, msg.body, true
		return m, common.Info("the email is changed for this time only; the playbook keeps its text")
	case formClosed:
		m.form = nil
		return m, nil
	case doneMsg:
		m.did, m.stage = msg.what, stageLog
		return m, nil
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	if m.form != nil {
		_, cmd := m.form.Update(msg)
		return m, cmd
	}
	return m, nil
}

type formClosed struct{}

func (m *Model) key(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.form != nil {
		_, cmd := m.form.Update(msg)
		return cmd
	}
	switch m.stage {
	case stageLoading:
		if key.Matches(msg, k.Back) {
			return m.close()
		}
		return common.Cannot("reading your identity: a moment")
	case stageRecipient:
		cmd, done := m.pick.Update(m.ctx, msg)
		if done {
			m.pick = nil
			if m.recipient.ID == "" {
				return tea.Batch(cmd, m.close())
			}
		}
		return cmd
	case stageSuccessor:
		switch msg.String() {
		case "esc":
			return m.close()
		case "enter":
			v := strings.TrimSpace(m.input.Value())
			if v == "" {
				return common.Cannot("the email introduces the successor: type their name (and email)")
			}
			if a, err := mail.ParseAddress(v); err == nil {
				m.successor = playbooks.NamedPerson(a.Name, a.Address, "")
			} else {
				m.successor = playbooks.NamedPerson(v, "", "")
				for _, c := range m.colleagues {
					if strings.EqualFold(c.Name, v) {
						m.successor = playbooks.NamedPerson(c.Name, c.Email, "")
					}
				}
			}
			m.input.Blur()
			return m.render()
		}
		var cmd tea.Cmd
		m.input, cmd = m.input.Update(msg)
		return cmd
	case stageLog:
		if key.Matches(msg, k.Confirm) {
			return m.logAndTick()
		}
		return tea.Batch(common.Info("%s; not logged, the step stays as it was", m.did), m.close())
	}
	// The preview.
	switch {
	case key.Matches(msg, k.Back):
		return tea.Batch(common.Info("email closed: nothing was sent or logged"), m.close())
	case key.Matches(msg, k.Edit), key.Matches(msg, k.Editor):
		return m.openEditor(key.Matches(msg, k.Editor))
	case key.Matches(msg, k.Copy):
		return m.copy()
	case key.Matches(msg, k.WriteFile):
		return m.write()
	}
	return common.Cannot(fmt.Sprintf("%s copies, %s writes an .eml file, %s edits, %s closes",
		k.Copy.Help().Key, k.WriteFile.Help().Key, k.Edit.Help().Key, k.Back.Help().Key))
}

// openEditor edits the subject and body in a form; ctrl+e in the body (or
// straight away, from ctrl+e) opens $EDITOR.
func (m *Model) openEditor(editor bool) tea.Cmd {
	fields := emailFields(m.subject, m.body, m.editorHelp())
	f := form.New(m.ctx, "Edit the email to "+m.recipient.Name, fields, func(v form.Values) tea.Cmd {
		s, b := v.String("subject"), v.String("body")
		return func() tea.Msg { return editedMsg{subject: s, body: b} }
	})
	f.Watch(m.rec.Account.ID, m.watch())
	f.OnClose(func(bool) tea.Msg { return formClosed{} })
	f.SetSize(m.width, m.height)
	m.form = f
	if editor {
		// Straight to $EDITOR on the body.
		_, cmd := f.Update(tea.KeyMsg{Type: tea.KeyTab})
		_, cmd2 := f.Update(tea.KeyMsg{Type: tea.KeyCtrlE})
		return tea.Batch(cmd, cmd2)
	}
	return nil
}

// watch reads the email again for the edit form when another bob changes
// the account: the step's text, the recipient, the account. A field whose
// personalised text did not change keeps what the form opened with (an
// earlier edit of this email included); one that did is the new text.
func (m *Model) watch() func() ([]form.Field, error) {
	st, acc, listID, stepID, recipientID := m.ctx.Store, m.rec.Account.ID, m.list.ID, m.step.ID, m.recipient.ID
	csm, successor, help := m.csm, m.successor, m.editorHelp()
	was := playbooks.NewEmailData(m.rec, m.recipient, csm, successor)
	baseSubject, baseBody, baseErr := playbooks.RenderEmail(*m.step.Email, was)
	subject, body := m.subject, m.body
	return func() ([]form.Field, error) {
		a, err := st.Account(acc)
		if err != nil {
			return nil, err
		}
		people, err := st.People(acc)
		if err != nil {
			return nil, err
		}
		lists, err := st.Checklists(acc)
		if err != nil {
			return nil, err
		}
		var step *model.Step
		for _, l := range lists {
			for i := range l.Steps {
				if l.ID == listID && l.Steps[i].ID == stepID {
					step = &l.Steps[i]
				}
			}
		}
		if step == nil || step.Email == nil {
			return nil, fmt.Errorf("email step: %w", store.ErrNotFound)
		}
		// The personalised text is drawn from the account and its people.
		cur := model.AccountRecord{Account: a, People: people}
		common.Safe(&cur)
		to := model.Person{}
		for _, p := range cur.People {
			if p.ID == recipientID {
				to = p
			}
		}
		if to.ID == "" {
			return nil, fmt.Errorf("the recipient: %w", store.ErrNotFound)
		}
		s, b, err := playbooks.RenderEmail(*common.Safe(step).Email, playbooks.NewEmailData(cur, to, csm, successor))
		if err != nil || baseErr != nil {
			// A text that does not render is no outside change to
			// take into the form.
			s, b = baseSubject, baseBody
		}
		if s == baseSubject {
			s = subject
		}
		if b == baseBody {
			b = body
		}
		return emailFields(s, b, help), nil
	}
}

// editorHelp is the body field's help line.
func (m *Model) editorHelp() string { return m.ctx.Keys.Editor.Help().Key + " opens $EDITOR" }

// emailFields are the edit form's fields.
func emailFields(subject, body, help string) []form.Field {
	return []form.Field{
		{Key: "subject", Label: "Subject", Kind: form.Text, Value: subject},
		{Key: "body", Label: "Body", Kind: form.LongText, Value: body, Help: help},
	}
}

// text is the whole email as copied: the To line, the subject, the body.
func (m *Model) text() string {
	to := m.recipient.Name
	if m.recipient.Email != "" {
		to = (&mail.Address{Name: m.recipient.Name, Address: m.recipient.Email}).String()
	}
	return "To: " + to + "\nSubject: " + m.subject + "\n\n" + m.body
}

// copy puts the email on the clipboard with OSC 52, which the terminal
// (also over SSH, and in tmux with set-clipboard on) hands to the system.
func (m *Model) copy() tea.Cmd {
	text := m.text()
	return func() tea.Msg {
		if err := common.WriteClipboard(text); err != nil {
			return common.StatusMsg{Text: "copy the email: " + err.Error(), Error: true}
		}
		return doneMsg{what: "copied the email to the clipboard"}
	}
}

var unsafeName = regexp.MustCompile(`[^a-z0-9]+`)

// write saves the email as an .eml file in the home folder, never over an
// existing file.
func (m *Model) write() tea.Cmd {
	if m.recipient.Email == "" {
		return common.Cannot(m.recipient.Name + " has no email on file, so a mail program could not send the file: add it on the People tab, or copy the email (" + m.ctx.Keys.Copy.Help().Key + ")")
	}
	raw := playbooks.EML(m.csm, playbooks.PersonFields(m.recipient), m.subject, m.body, m.ctx.Now())
	slug := strings.Trim(unsafeName.ReplaceAllString(strings.ToLower(m.rec.Account.Name+" "+m.step.Title), "-"), "-")
	if len(slug) > 60 {
		slug = slug[:60]
	}
	base := filepath.Join(m.folder, slug)
	return func() tea.Msg {
		for i := 1; i < 100; i++ {
			path := base + ".eml"
			if i > 1 {
				path = fmt.Sprintf("%s-%d.eml", base, i)
			}
			err := atomicfile.WriteNew(path, raw)
			if errors.Is(err, fs.ErrExist) {
				continue
			}
			if err != nil {
				return common.StatusMsg{Text: "write the email: " + common.ErrorText(err) + " (copy it instead)", Error: true}
			}
			return doneMsg{what: "wrote " + path}
		}
		return common.StatusMsg{Text: "write the email: too many files named " + base + "-N.eml: remove some", Error: true}
	}
}

// logAndTick logs the email on the timeline, linked to the recipient, and
// ticks the step, in one transaction.
func (m *Model) logAndTick() tea.Cmd {
	st, acc, by := m.ctx.Store, m.rec.Account.ID, m.ctx.Author
	stepID, did, name := m.step.ID, m.did, m.recipient.Name
	subject := m.subject
	if r := []rune(subject); len(r) > 300 {
		subject = string(r[:299]) + "…"
	}
	if strings.TrimSpace(subject) == "" {
		subject = m.step.Title
	}
	entry := &model.TimelineEntry{Kind: model.KindEmail, Title: subject, Body: m.body, People: []string{m.recipient.ID}}
	return tea.Batch(m.close(), common.Cmd(func() (store.StepUpdate, error) {
		return st.SetStepState(acc, stepID, store.StepChange{State: model.StepDone, By: by, Log: entry})
	}, func(up store.StepUpdate) tea.Msg {
		return tea.BatchMsg{common.Changed(acc, "", "emailed "+name),
			common.Info("%s; logged the email to %s on the timeline and ticked %q", did, name, up.Step.Title)}
	}))
}

// View implements tea.Model.
func (m *Model) View() string {
	if m.form != nil {
		return m.form.View()
	}
	t := m.ctx.Theme
	w, h := max(m.width, 40), max(m.height, 6)
	switch m.stage {
	case stageLoading:
		return t.Faint.Render("opening the email…")
	case stageRecipient:
		return strings.Join(m.pick.View(t, w, h), "\n")
	case stageSuccessor:
		return strings.Join([]string{
			t.Header.Render("Who takes the account over?"),
			t.Subtle.Render(ansi.Truncate("The email introduces the successor; no handoff names them yet.", w, "…")),
			"Successor: " + m.input.View(),
			t.Faint.Render("enter goes on · esc closes"),
		}, "\n")
	}
	lines := []string{
		t.Header.Render(ansi.Truncate("Email: "+termsafe.Line(m.step.Title), w, "…")),
		ansi.Truncate(t.Subtle.Render("To:      ")+termsafe.Line(m.toLine()), w, "…"),
		ansi.Truncate(t.Subtle.Render("Subject: ")+termsafe.Line(m.subject), w, "…"),
		t.Faint.Render(strings.Repeat("─", w)),
	}
	room := h - len(lines) - 2
	var body []string
	for _, l := range strings.Split(termsafe.Text(m.body), "\n") {
		if wrapped := tabkit.Wrap(l, w); len(wrapped) > 0 {
			body = append(body, wrapped...)
		} else {
			body = append(body, "")
		}
	}
	if len(body) > room {
		body = append(body[:max(room-1, 0)], t.Faint.Render(fmt.Sprintf("… %d more lines (%s edits)", len(body)-room+1, m.ctx.Keys.Edit.Help().Key)))
	}
	lines = append(lines, body...)
	for len(lines) < h-2 {
		lines = append(lines, "")
	}
	if m.stage == stageLog {
		k := m.ctx.Keys
		lines = append(lines, t.Subtle.Render(ansi.Truncate("✓ "+termsafe.Line(m.did), w, "…")),
			common.Question(t, w, fmt.Sprintf("Log it on the timeline as an email to %s and tick the step?",
				termsafe.Line(m.recipient.Name)), k.YesNo()))
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "")
	if m.edited {
		lines = append(lines, t.Faint.Render("edited for this email only"))
	} else {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

func (m *Model) toLine() string {
	if m.recipient.Email == "" {
		return m.recipient.Name + " (no email on file: add it on the People tab)"
	}
	return (&mail.Address{Name: m.recipient.Name, Address: m.recipient.Email}).String()
}

// ShortHelp implements help.KeyMap.
func (m *Model) ShortHelp() []key.Binding {
	if m.form != nil {
		return m.form.ShortHelp()
	}
	k := m.ctx.Keys
	switch m.stage {
	case stagePreview:
		return []key.Binding{k.Copy, k.WriteFile, k.Edit, k.Editor, k.Back}
	case stageLog:
		return k.Answers("log and tick", "leave the step as it was")
	}
	return []key.Binding{key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "choose")), k.Back}
}

// FullHelp implements help.KeyMap.
func (m *Model) FullHelp() [][]key.Binding { return [][]key.Binding{m.ShortHelp()} }
