package importer

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"bob/handoff"
	"bob/playbooks"
	"bob/termsafe"
	"bob/ui/common"
)

// The preview says, before anything is written, who the bundle comes
// from, what it would add and change, and how conflicts are settled.

var (
	importKey = common.Hint("enter", "import")
	scrollKey = common.Hint("pgup/pgdown", "scroll differences", "pgup", "pgdown")
)

func (m *Model) previewKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.Keys
	if m.askTrust {
		m.askTrust = false
		if key.Matches(msg, k.Confirm) {
			return m.apply()
		}
		return common.Info("not imported")
	}
	n := 0
	if m.preview != nil {
		n = len(m.preview.Accounts)
	}
	switch {
	case key.Matches(msg, k.Back, k.Quit):
		m.step, m.opened, m.preview, m.planned = stepFile, nil, nil, nil
		return m.relist()
	case key.Matches(msg, k.Up):
		m.cursor, m.detail = max(m.cursor-1, 0), 0
		m.offset = common.ScrollOffset(m.cursor, m.offset, n, m.accountRows())
	case key.Matches(msg, k.Down):
		m.cursor, m.detail = max(min(m.cursor+1, n-1), 0), 0
		m.offset = common.ScrollOffset(m.cursor, m.offset, n, m.accountRows())
	case key.Matches(msg, k.PageDown):
		m.detail += max(m.detailRows()-1, 1)
	case key.Matches(msg, k.PageUp):
		m.detail = max(m.detail-max(m.detailRows()-1, 1), 0)
	case key.Matches(msg, k.ConflictPolicy):
		if m.policy == handoff.PolicyKeep {
			m.policy = handoff.PolicyTheirs
		} else {
			m.policy = handoff.PolicyKeep
		}
		return m.plan()
	case key.Matches(msg, k.IncomingChecklist):
		m.noChecklist = !m.noChecklist
		if m.noChecklist {
			return common.Info("the incoming checklist will not start")
		}
		return common.Info("the incoming checklist starts on the new accounts")
	case key.Matches(msg, importKey):
		if m.planning || m.preview == nil {
			return common.Cannot("the preview is still being made: wait a moment")
		}
		// An unknown signer or another receiver needs an explicit yes,
		// as --trust-unknown and --not-for-me do on the command line.
		if m.trust.Check(false, false) != nil {
			m.askTrust = true
			return nil
		}
		return m.apply()
	}
	return nil
}

// apply imports the opened bundle in a tea.Cmd.
func (m *Model) apply() tea.Cmd {
	m.applying = true
	st, o, pol := m.ctx.Store, m.opened, m.policy
	opts := handoff.ApplyOptions{Now: m.ctx.Now(), Preview: m.planned}
	if pb, ok := m.incoming(); ok && !m.noChecklist {
		opts.NewAccount = handoff.StartChecklist(pb, opts.Now)
	}
	return func() tea.Msg {
		res, err := handoff.ApplyWith(st, o, pol, opts)
		return appliedMsg{res: res, err: err}
	}
}

// incoming is the incoming transition playbook: the CSM's own version if
// one loaded, else the built-in.
func (m *Model) incoming() (playbooks.Playbook, bool) {
	for _, pb := range m.ctx.Playbooks {
		if pb.Name == playbooks.TransitionIncoming {
			return pb, true
		}
	}
	return playbooks.Builtin(playbooks.TransitionIncoming)
}

// successorLine says what the import does besides merging: the sender's
// open outgoing steps become their history, and the incoming checklist
// starts on the new accounts (or not).
func (m *Model) successorLine(p *handoff.Preview) string {
	var parts []string
	if n := p.PredecessorSteps; n > 0 {
		parts = append(parts, common.Plural(n, "open outgoing step")+" of "+m.opened.Manifest.From.Name+" kept as history")
	}
	if n := p.Count(handoff.StatusNew); n > 0 {
		if _, ok := m.incoming(); ok && !m.noChecklist {
			parts = append(parts, "incoming checklist on "+common.Plural(n, "new account"))
		} else {
			parts = append(parts, "no incoming checklist")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "On import: " + strings.Join(parts, " · ")
}

// trustQuestion is the question enter asks before importing a bundle
// that needs a yes.
func (m *Model) trustQuestion() string {
	var why []string
	if m.trust.Unknown() {
		if m.trust.Signer == handoff.SignerNone {
			why = append(why, "it is not signed")
		} else {
			why = append(why, "its signer's key "+m.trust.Fingerprint+" is not a colleague's (compare it with them by another channel)")
		}
	}
	if m.trust.NotForYou {
		why = append(why, "it is for "+m.trust.To.Name+", not for you")
	}
	return "Import it although " + strings.Join(why, " and ") + "? " + m.ctx.Keys.Confirm.Help().Key + " imports, any other key goes back."
}

// signerLine says who signed the bundle: a known colleague, a key bob
// does not know, or no one.
// The words are handoff.Trust's, which the command line prints too; the
// whole fingerprint is shown, to be compared with the sender.
func (m *Model) signerLine() string {
	t := m.ctx.Theme
	words := termsafe.Line(m.trust.SignerWords())
	if m.trust.Unknown() {
		return t.Warn.Render("⚠ " + words)
	}
	return t.OK.Render("✓ " + words)
}

// notForMe warns when the bundle names someone else as its receiver:
// importing it makes them the owner of its accounts.
func (m *Model) notForMe() string {
	if w := m.trust.NotForYouWords(); w != "" {
		return "⚠ " + termsafe.Line(w)
	}
	return ""
}

// bundleLine says for whom, when, and how the bundle was protected.
func (m *Model) bundleLine() string {
	o := m.opened
	parts := []string{"For " + o.Manifest.To.Name, "made " + o.Manifest.CreatedAt.In(m.ctx.Now().Location()).Format("2006-01-02")}
	parts = append(parts, o.Protection.OpenedWords())
	if o.Manifest.Redacted {
		parts = append(parts, "redacted")
	}
	return strings.Join(parts, " · ")
}

// accountRows is how many accounts the preview lists at once.
func (m *Model) accountRows() int {
	n := 0
	if m.preview != nil {
		n = len(m.preview.Accounts)
	}
	return max(min(n, (m.height-9)/2), 1)
}

// detailRows is how many lines of differences fit under the accounts.
func (m *Model) detailRows() int {
	return max(m.height-9-m.accountRows()-2, 2)
}

func (m *Model) previewView() string {
	t := m.ctx.Theme
	var b strings.Builder
	b.WriteString(wrapped(m.signerLine(), m.width) + "\n")
	b.WriteString(t.Subtle.Render(ansi.Truncate(filepath.Base(m.openPath), m.width, "…")) + "\n")
	b.WriteString(t.Subtle.Render(ansi.Truncate(m.bundleLine(), m.width, "…")) + "\n")
	if w := m.notForMe(); w != "" {
		b.WriteString(wrapped(t.Warn.Render(w), m.width) + "\n")
	}
	if m.err != nil {
		b.WriteString(m.errView() + "\n")
	}
	p := m.preview
	if p == nil {
		b.WriteString("\n" + t.Faint.Render("Comparing with your book…"))
		return b.String()
	}
	policy := "keep yours"
	if m.policy == handoff.PolicyTheirs {
		policy = "take theirs"
	}
	b.WriteString(t.Bold.Render("Import: "+p.Summary()) + "\n")
	for _, c := range p.Collisions {
		b.WriteString(wrapped(t.Warn.Render("⚠ Same ID as your "+strconvQuote(c.Yours)+", but the bundle calls it "+strconvQuote(c.Theirs)+": most likely another customer."), m.width) + "\n")
	}
	for _, o := range p.OwnerChanges {
		from := o.From
		if from == "" {
			from = "no one"
		}
		b.WriteString(t.Subtle.Render(ansi.Truncate("Owner of "+o.Name+": "+from+" → "+o.To, m.width, "…")) + "\n")
	}
	if m.askTrust {
		b.WriteString(wrapped(t.Warn.Render(m.trustQuestion()), m.width) + "\n")
	}
	b.WriteString("Conflicts: " + t.Selected.Render("‹ "+policy+" ›") + t.Faint.Render("  "+m.ctx.Keys.ConflictPolicy.Help().Key+" switches; enter imports") + "\n")
	if note := m.opened.Manifest.Note; note != "" {
		first, _, _ := strings.Cut(note, "\n")
		b.WriteString(t.Subtle.Render(ansi.Truncate(termsafe.Line("Note from "+m.opened.Manifest.From.Name+": "+first), m.width, "…")) + "\n")
	}
	if l := m.successorLine(p); l != "" {
		b.WriteString(wrapped(t.Subtle.Render(termsafe.Line(l)), m.width) + "\n")
	}
	b.WriteString("\n")

	rows := m.accountRows()
	// Update keeps offset; this only corrects it for a resize, without
	// changing the model in View.
	offset := common.ScrollOffset(m.cursor, m.offset, len(p.Accounts), rows)
	nameW := max(min(m.width-40, 30), 12)
	end := min(offset+rows, len(p.Accounts))
	for i := offset; i < end; i++ {
		a := p.Accounts[i]
		line := fmt.Sprintf("%-9s %-*s %s", a.Status, nameW, ansi.Truncate(a.Name, nameW, "…"), m.changeWords(a))
		if i == m.cursor {
			b.WriteString(t.Cursor.Render("› "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	if len(p.Accounts) > end {
		b.WriteString(t.Faint.Render(fmt.Sprintf("  … %d more (↓)", len(p.Accounts)-end)) + "\n")
	}
	if m.cursor < len(p.Accounts) {
		b.WriteString("\n" + m.detailView(p.Accounts[m.cursor]))
	}
	return strings.TrimRight(b.String(), "\n")
}

// changeWords says in a few words what importing an account does.
func (m *Model) changeWords(a handoff.AccountMerge) string {
	switch a.Status {
	case handoff.StatusNew:
		return "new to your book"
	case handoff.StatusUnchanged:
		return "you have all of it"
	}
	var parts []string
	if w := a.AddedWords(); w != "" {
		parts = append(parts, "adds "+w)
	}
	if n := len(a.Conflicts); n > 0 {
		parts = append(parts, common.Plural(n, "difference"))
	}
	return strings.Join(parts, " · ")
}

// detailView shows what importing the account under the cursor does:
// what it adds, and every field that differs, with the side that wins.
func (m *Model) detailView(a handoff.AccountMerge) string {
	t := m.ctx.Theme
	var lines []string
	switch a.Status {
	case handoff.StatusNew:
		lines = append(lines, m.para(t.Bold.Render(a.Name)+" is new to your book: it brings "+orNothing(a.AddedWords())+".")...)
	case handoff.StatusUnchanged:
		lines = append(lines, m.para(t.Bold.Render(a.Name)+": your book holds everything in the bundle already.")...)
	default:
		head := t.Bold.Render(a.Name) + " is in your book"
		if w := a.AddedWords(); w != "" {
			head += "; the bundle adds " + w
		}
		lines = append(lines, m.para(head+".")...)
		if len(a.Conflicts) > 0 {
			fw := max(min(m.width/3, 30), 16)
			vw := max((m.width-fw-14)/2, 10)
			lines = append(lines, t.Header.Render(fmt.Sprintf("%-*s %-*s %-*s %s", fw, "field", vw, "yours", vw, "theirs", "takes")))
			for _, c := range a.Conflicts {
				// JSON names ("health_reason") read as words.
				field := strings.ReplaceAll(c.Field, "_", " ")
				what := field
				if c.Kind != "account" {
					what = c.Kind + " " + c.Label + " · " + field
				}
				won := "yours"
				if c.Winner == handoff.SideIncoming {
					won = "theirs"
				}
				lines = append(lines, fmt.Sprintf("%-*s %-*s %-*s %s",
					fw, ansi.Truncate(what, fw, "…"), vw, ansi.Truncate(oneLine(c.Local), vw, "…"),
					vw, ansi.Truncate(oneLine(c.Incoming), vw, "…"), won))
			}
		}
	}
	rows := m.detailRows()
	m.detail = max(0, min(m.detail, max(len(lines)-rows, 0)))
	shown := lines[m.detail:min(len(lines), m.detail+rows)]
	out := strings.Join(shown, "\n")
	if m.detail+rows < len(lines) {
		out += "\n" + t.Faint.Render(fmt.Sprintf("  … %d more lines (pgdown)", len(lines)-m.detail-rows))
	}
	return out
}

// para wraps a paragraph to the screen's width.
func (m *Model) para(s string) []string {
	return strings.Split(ansi.Wordwrap(s, max(m.width-2, 20), ""), "\n")
}

func orNothing(s string) string {
	if s == "" {
		return "the account alone"
	}
	return s
}

// oneLine flattens a value written over several lines.
func oneLine(s string) string {
	if s == "" {
		return "—"
	}
	return strings.Join(strings.Fields(s), " ")
}

// wrapped wraps a styled line to the width (the style is kept on every
// line).
func wrapped(s string, w int) string {
	return ansi.Wrap(s, max(w, 20), " ")
}

func (m *Model) previewHelp() []key.Binding {
	k := m.ctx.Keys
	move := k.UpDown("account")
	return []key.Binding{importKey, k.ConflictPolicy, k.IncomingChecklist, move}
}

func (m *Model) doneView() string {
	t := m.ctx.Theme
	r := m.result
	var b strings.Builder
	from := m.opened.Manifest.From.Name
	if r.Written == 0 {
		b.WriteString(t.OK.Render("Nothing to import: your book already holds everything in this bundle.") + "\n")
		b.WriteString(t.Subtle.Render(r.Preview.Summary()) + "\n")
	} else {
		b.WriteString(t.OK.Render(fmt.Sprintf("✓ Imported %s from %s.", common.Plural(r.Written, "account"), from)) + "\n")
		b.WriteString(t.Subtle.Render(r.Preview.Summary()) + "\n\n")
		b.WriteString("They are in your account list now, marked received from " + from + ".\n\n")
		b.WriteString("Your book was backed up before the import:\n")
		b.WriteString("  " + r.Backup + "\n")
		b.WriteString(t.Faint.Render("To undo the import, quit bob and copy that file over "+m.ctx.Store.Path()+".") + "\n\n")
		for _, l := range r.Owned.Lines("Today, tab on the account list, lists what is due") {
			b.WriteString(wrapped(termsafe.Line(l), m.width) + "\n")
		}
	}
	b.WriteString("\n" + t.Faint.Render("enter closes"))
	return b.String()
}

// strconvQuote quotes a name for a warning line (names in the preview
// were made safe when it was made).
func strconvQuote(s string) string { return "\u201c" + s + "\u201d" }
