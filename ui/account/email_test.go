package account_test

import (
	"bytes"
	"encoding/base64"
	"mime"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"bob/model"
	"bob/playbooks"
	"bob/store"
	"bob/ui/account"
	"bob/ui/common"
	"bob/ui/uitest"
)

// transition applies the outgoing transition to the fixture's account,
// handing it to Jordan Lee, and opens the Playbooks tab on the customer
// notice.
func transition(t *testing.T, w, h int) (*fixture, model.Step) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	f := open(t, w, h)
	st, acc := f.ctx.Store, f.rec.Account.ID
	pb, _ := playbooks.Builtin(playbooks.TransitionOutgoing)
	if _, err := st.ApplyChecklists([]model.Checklist{pb.Checklist(acc, model.DateOf(uitest.Now))}); err != nil {
		t.Fatal(err)
	}
	if err := st.AddHandoffs([]model.Handoff{{AccountID: acc, From: "Sam Rivera", To: "Jordan Lee", Status: model.HandoffPreparing}}); err != nil {
		t.Fatal(err)
	}
	f.r.m.SelectTab(account.TabPlaybooks)
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc})
	var notice model.Step
	for _, c := range f.plansOrLists(t) {
		if c.Playbook == playbooks.TransitionOutgoing {
			notice = c.Steps[0]
		}
	}
	f.r.m.Tab(account.TabPlaybooks).(interface{ Focus(string) }).Focus(notice.ID)
	return f, notice
}

func (f *fixture) plansOrLists(t *testing.T) []model.Checklist {
	cs, err := f.ctx.Store.Checklists(f.rec.Account.ID)
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

func TestCustomerNoticeCopiedLoggedAndTicked(t *testing.T) {
	f, notice := transition(t, 100, 30)
	var clip bytes.Buffer
	t.Cleanup(common.SetClipboardOutput(&clip))

	f.keys("enter")
	if v := f.view(); !strings.Contains(v, "Send Reach the right stakeholders in time to…") || !strings.Contains(v, "Dana Whitfield") {
		t.Fatalf("no recipient picker:\n%s", v)
	}
	f.keys("dana", "enter")
	v := f.view()
	for _, want := range []string{"Subject: Acme Corp: introducing your new customer success manager, Jordan Lee", "Dear Dana,", "Jordan Lee will be your customer", "Sam Rivera"} {
		if !strings.Contains(v, want) {
			t.Fatalf("preview lacks %q:\n%s", want, v)
		}
	}
	f.keys("c")
	seq := clip.String()
	if !strings.HasPrefix(seq, "\x1b]52;c;") || !strings.HasSuffix(seq, "\x07") {
		t.Fatalf("not an OSC 52 sequence: %q", seq)
	}
	text, err := base64.StdEncoding.DecodeString(strings.TrimSuffix(strings.TrimPrefix(seq, "\x1b]52;c;"), "\x07"))
	if err != nil || !strings.Contains(string(text), "Subject: Acme Corp: introducing") || !strings.Contains(string(text), "Dear Dana,") {
		t.Fatalf("clipboard %q %v", text, err)
	}
	if !strings.Contains(f.view(), "Log it on the timeline as an email to Dana Whitfield and tick the step? (y/n)") {
		t.Fatalf("no question:\n%s", f.view())
	}
	f.keys("y")
	var got model.Step
	for _, c := range f.plansOrLists(t) {
		for _, s := range c.Steps {
			if s.ID == notice.ID {
				got = s
			}
		}
	}
	if got.State != model.StepDone || got.DoneBy != "Sam Rivera" {
		t.Fatalf("step %+v", got)
	}
	tl := f.timeline(t)
	e := tl[0]
	if e.Kind != model.KindEmail || e.Internal || len(e.People) != 1 || e.People[0] != f.person("Dana Whitfield") ||
		!strings.Contains(e.Title, "Jordan Lee") || !strings.Contains(e.Body, "Dear Dana,") {
		t.Fatalf("entry %+v", e)
	}
}

func TestCustomerNoticeWrittenAsEML(t *testing.T) {
	f, notice := transition(t, 100, 30)
	f.keys("enter", "priya", "enter", "w")
	if st := f.r.status(true); len(st) == 0 || !strings.Contains(st[len(st)-1], "Priya Nair has no email on file") {
		t.Fatalf("status %v", st)
	}
	f.keys("esc")
	people, _ := f.ctx.Store.People(f.rec.Account.ID)
	for _, p := range people {
		if p.Name == "Priya Nair" {
			p.Email = "priya@acme.example"
			if _, err := f.ctx.Store.PutPerson(p); err != nil {
				t.Fatal(err)
			}
		}
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: f.rec.Account.ID})
	f.keys("enter", "priya", "enter", "w")
	home, _ := os.UserHomeDir()
	files, _ := filepath.Glob(filepath.Join(home, "*.eml"))
	if len(files) != 1 {
		t.Fatalf("files %v", files)
	}
	if fi, _ := os.Stat(files[0]); fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v", fi.Mode())
	}
	raw, _ := os.ReadFile(files[0])
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	subj, _ := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	to, err := msg.Header.AddressList("To")
	if err != nil || to[0].Name != "Priya Nair" || !strings.Contains(subj, "Jordan Lee") {
		t.Fatalf("to %+v subject %q %v", to, subj, err)
	}
	// n: not logged, the step stays open.
	f.keys("n")
	for _, c := range f.plansOrLists(t) {
		for _, s := range c.Steps {
			if s.ID == notice.ID && !s.Open() {
				t.Fatal("the step was ticked after n")
			}
		}
	}
	if !strings.Contains(f.view(), "[ ] ✉ Reach the right stakeholders") {
		t.Fatalf("the tab did not come back:\n%s", f.view())
	}
}

func TestEmailEditAndKeysSayWhy(t *testing.T) {
	f, _ := transition(t, 100, 30)
	f.keys("enter", "dana", "enter", "z")
	if st := f.r.status(true); len(st) == 0 || !strings.Contains(st[len(st)-1], "c copies, w writes an .eml file") {
		t.Fatalf("status %v", st)
	}
	f.keys("e")
	for range 80 {
		f.keys("backspace")
	}
	f.keys("Hello from Sam", "ctrl+s")
	if v := f.view(); !strings.Contains(v, "Subject: Hello from Sam") || !strings.Contains(v, "edited for this email only") {
		t.Fatalf("after edit:\n%s", v)
	}
	f.keys("esc")
	if !strings.Contains(f.view(), "Outgoing transition") {
		t.Fatalf("esc did not close:\n%s", f.view())
	}
}

func TestEmailGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		f, _ := transition(t, size[0], size[1])
		f.keys("enter")
		name := map[int]string{80: "80x24", 120: "120x40"}[size[0]]
		uitest.Golden(t, "email-pick-"+name, f.screen(size[0]))
		f.keys("dana", "enter")
		uitest.Golden(t, "email-"+name, f.screen(size[0]))
	}
}

// TestEmailPreviewLeavesHelpToTheApp: while the recipient is picked every
// key is the picker's (typing "?" searches); the preview takes none of
// its own, so ? shows the keys, and esc still closes the email, not the
// account.
func TestEmailPreviewLeavesHelpToTheApp(t *testing.T) {
	f, _ := transition(t, 100, 30)
	f.keys("enter")
	if !f.r.m.Capturing() {
		t.Fatal("the recipient picker does not take every key")
	}
	f.keys("dana", "enter")
	if f.r.m.Capturing() || !f.r.m.HandlesBack() {
		t.Fatalf("preview: capturing %v, handles back %v; want false, true", f.r.m.Capturing(), f.r.m.HandlesBack())
	}
	f.keys("esc")
	if v := f.view(); strings.Contains(v, "Dear Dana,") || f.r.m.HandlesBack() {
		t.Fatalf("esc did not close the email:\n%s", v)
	}
}

// TestEmailEditShowsAnOutsideChange: the email's edit form is open when
// another bob changes the step's text: the typed subject stays, the body
// is named as changed and ctrl+t takes it, personalised.
func TestEmailEditShowsAnOutsideChange(t *testing.T) {
	f, notice := transition(t, 100, 30)
	acc := f.rec.Account.ID
	f.keys("enter", "dana", "enter", "e", " (draft)")
	if v := f.view(); !strings.Contains(v, "Edit the email to") || !strings.Contains(v, "(draft)") {
		t.Fatalf("the edit form is not open with the typed text:\n%s", v)
	}
	other, err := store.Open(f.ctx.Store.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var listID string
	for _, c := range f.plansOrLists(t) {
		if c.Playbook == playbooks.TransitionOutgoing {
			listID = c.ID
		}
	}
	if _, err := other.UpdateChecklist(acc, listID, func(x *model.Checklist) error {
		for i := range x.Steps {
			if x.Steps[i].ID == notice.ID {
				x.Steps[i].Email.Body = "Dear {{.Recipient.FirstName}}, a short note from the command line."
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "changed Acme Corp: Body") || !strings.Contains(v, "(draft)") {
		t.Fatalf("the conflict is not shown, or the typed text is gone:\n%s", v)
	}
	f.keys("ctrl+t")
	if v := f.view(); strings.Contains(v, "! changed outside") || !strings.Contains(v, "Dear Dana, a short note from the command line.") || !strings.Contains(v, "(draft)") {
		t.Fatalf("after ctrl+t the form should hold theirs and the typed text:\n%s", v)
	}
	// Saved, then opened again: the edited text is no outside change.
	f.keys("ctrl+s", "e")
	uitest.Drive(f.r, common.BookChangedMsg{AccountID: acc, Outside: true, What: "changed outside: bob (pid 7) changed Acme Corp"})
	if v := f.view(); !strings.Contains(v, "Edit the email to") || strings.Contains(v, "! changed outside") {
		t.Fatalf("an email edited earlier shows a conflict nobody made:\n%s", v)
	}
}
