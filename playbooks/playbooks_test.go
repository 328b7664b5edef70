package playbooks

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"bob/model"
)

func TestBuiltinsParseAndApply(t *testing.T) {
	for _, name := range []string{Onboarding, Adoption, Renewal, TransitionOutgoing, TransitionIncoming} {
		pb, ok := Builtin(name)
		if !ok {
			t.Fatalf("no built-in %s", name)
		}
		c := pb.Checklist(model.NewID(), model.MustDate("2026-11-23"))
		if err := c.Validate(); err != nil {
			t.Errorf("%s: checklist invalid: %v", name, err)
		}
		if len(c.Steps) != len(pb.Steps) || c.OpenSteps() != len(pb.Steps) {
			t.Errorf("%s: %d steps, %d open", name, len(c.Steps), c.OpenSteps())
		}
	}
}

func TestParse(t *testing.T) {
	in := `# comment
name: kickoff
title: Kick-off
description: first
  and second line

step: Call the sponsor
due: +2w
detail: Say hello
  and listen.

step: Send notes
`
	pb, err := Parse(strings.NewReader(in), "test")
	if err != nil {
		t.Fatal(err)
	}
	if pb.Description != "first\nand second line" || len(pb.Steps) != 2 {
		t.Fatalf("parsed %+v", pb)
	}
	if s := pb.Steps[0]; s.DueDays != 14 || s.Detail != "Say hello\nand listen." {
		t.Fatalf("step 0 = %+v", s)
	}
	c := pb.Checklist(model.NewID(), model.MustDate("2026-11-23"))
	if c.Steps[0].Due != model.MustDate("2026-12-07") || c.Steps[1].Due != model.MustDate("2026-11-23") {
		t.Fatalf("due dates %v %v", c.Steps[0].Due, c.Steps[1].Due)
	}
}

func TestParseErrorsNameTheLine(t *testing.T) {
	cases := map[string]struct{ in, want string }{
		"unknown key":   {"name: x\ntitle: X\nstep: a\nowner: me", ":4: unknown key"},
		"bad due":       {"name: x\ntitle: X\nstep: a\ndue: soon", `:4: due "soon"`},
		"due no step":   {"name: x\ntitle: X\ndue: +1d", ":3: due belongs to a step"},
		"no colon":      {"name: x\njust words", ":2: write `key: value`"},
		"stray indent":  {"  hello", ":1: an indented line continues nothing"},
		"no steps":      {"name: x\ntitle: X", "at least one step"},
		"bad name":      {"name: My Playbook\ntitle: X\nstep: a", "lower-case"},
		"header late":   {"name: x\ntitle: X\nstep: a\ntitle: Y", ":4: title belongs in the header"},
		"empty step":    {"name: x\ntitle: X\nstep:", ":3: a step needs a title"},
		"missing title": {"name: x\nstep: a", "title is required"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(c.in), "f.playbook")
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "f.playbook") {
				t.Fatalf("err = %v, want it to name the file and contain %q", err, c.want)
			}
		})
	}
}

func TestLoadAllUserOverridesAndErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "renewal.playbook"), []byte("name: renewal\ntitle: My renewal\nstep: Call\n"), 0o600)
	os.WriteFile(filepath.Join(dir, "qbr.playbook"), []byte("name: qbr\ntitle: QBR\nstep: Prepare deck\n"), 0o600)
	all, err := LoadAll(dir)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Playbook{}
	for _, pb := range all {
		byName[pb.Name] = pb
	}
	if byName["renewal"].Title != "My renewal" || byName["qbr"].Title != "QBR" || byName[TransitionIncoming].Source != "built-in" {
		t.Fatalf("LoadAll = %+v", byName)
	}
	os.WriteFile(filepath.Join(dir, "broken.playbook"), []byte("name: broken\ntitle: B\nstep: x\ndue: tomorrow\n"), 0o600)
	all, err = LoadAll(dir)
	if err == nil || !strings.Contains(err.Error(), "broken.playbook:4:") {
		t.Fatalf("broken file: err = %v", err)
	}
	// The others still load: one typo never hides the rest.
	names := map[string]bool{}
	for _, pb := range all {
		names[pb.Name] = true
	}
	if !names["qbr"] || names["broken"] || !names[Onboarding] {
		t.Fatalf("with a broken file, loaded %v", names)
	}
	if all, err := LoadAll(filepath.Join(dir, "missing")); err != nil || len(all) != len(Builtins()) {
		t.Fatalf("missing dir: %d, %v", len(all), err)
	}
}

func TestParseReportsEveryProblem(t *testing.T) {
	in := "name: x\ntitle: X\nstep: a\ndue: soon\nowner: me\nstep: b\ndue: +1y\n"
	_, err := Parse(strings.NewReader(in), "f.playbook")
	var ps Problems
	if !errors.As(err, &ps) || len(ps) != 3 {
		t.Fatalf("err = %v, want three problems", err)
	}
	for i, want := range []int{4, 5, 7} {
		if ps[i].Line != want || ps[i].File != "f.playbook" {
			t.Errorf("problem %d = %+v, want line %d", i, ps[i], want)
		}
	}
}

func TestOffsets(t *testing.T) {
	cases := []struct {
		in   string
		want int
		ok   bool
	}{
		{"+0d", 0, true}, {"-0d", 0, true}, {"+3d", 3, true}, {"+2w", 14, true}, {"-120d", -120, true},
		{"-4w", -28, true}, {"3d", 0, false}, {"+d", 0, false}, {"+-3d", 0, false}, {"+ 3d", 0, false},
		{"+3m", 0, false}, {"+9999d", 0, false}, {"-600w", 0, false}, {"+1e3d", 0, false},
	}
	for _, c := range cases {
		got, err := parseOffset(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("parseOffset(%q) = %d, %v; want %d, ok=%v", c.in, got, err, c.want, c.ok)
		}
	}
}

func TestRenewalCountsBackFromTheRenewalDate(t *testing.T) {
	pb, _ := Builtin(Renewal)
	if pb.Anchor != model.AnchorRenewal {
		t.Fatalf("renewal anchor = %q", pb.Anchor)
	}
	acc := model.Account{ID: model.NewID(), Name: "Acme", Renewal: model.MustDate("2027-01-15")}
	today := model.MustDate("2026-08-01")
	day, err := pb.AnchorDay(acc, today, model.Date{})
	if err != nil || day != acc.Renewal {
		t.Fatalf("AnchorDay = %v, %v", day, err)
	}
	c := pb.ChecklistAt(acc.ID, today, day)
	want := []string{"2026-09-17", "2026-10-17", "2026-11-16", "2026-12-16", "2027-01-15"}
	for i, s := range c.Steps {
		if s.Due.String() != want[i] {
			t.Errorf("step %d %q due %s, want %s", i, s.Title, s.Due, want[i])
		}
	}
	if c.Applied != today || c.Anchor != acc.Renewal || c.AnchorKind != model.AnchorRenewal {
		t.Fatalf("checklist applied %v anchor %v %v", c.Applied, c.Anchor, c.AnchorKind)
	}
	if _, err := pb.AnchorDay(model.Account{Name: "NoDate"}, today, model.Date{}); err == nil || !strings.Contains(err.Error(), "NoDate has no renewal date") {
		t.Fatalf("no renewal date: %v", err)
	}
	if d, err := pb.AnchorDay(model.Account{Name: "NoDate"}, today, model.MustDate("2027-03-01")); err != nil || d != model.MustDate("2027-03-01") {
		t.Fatalf("asked day wins: %v %v", d, err)
	}
}

func TestAnchors(t *testing.T) {
	asked, err := Parse(strings.NewReader("name: golive\ntitle: Go-live\nanchor: asked\nstep: Prepare\ndue: -2w\nstep: Go live\ndue: +0d\n"), "g")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := asked.AnchorDay(model.Account{}, model.MustDate("2026-01-01"), model.Date{}); err == nil {
		t.Fatal("an asked anchor without a day must be refused")
	}
	// Month ends and leap days: offsets are calendar days.
	c := asked.ChecklistAt(model.NewID(), model.MustDate("2028-01-01"), model.MustDate("2028-03-01"))
	if c.Steps[0].Due.String() != "2028-02-16" || c.Steps[1].Due.String() != "2028-03-01" {
		t.Fatalf("dues %v %v", c.Steps[0].Due, c.Steps[1].Due)
	}
	_, err = Parse(strings.NewReader("name: x\ntitle: X\nstep: a\ndue: -3d\n"), "x.playbook")
	if err == nil || !strings.Contains(err.Error(), "anchor the playbook on the renewal date") {
		t.Fatalf("negative offset from the applied day: %v", err)
	}
	_, err = Parse(strings.NewReader("name: x\ntitle: X\nanchor: someday\nstep: a\n"), "x.playbook")
	if err == nil || !strings.Contains(err.Error(), "x.playbook:3: anchor") {
		t.Fatalf("bad anchor: %v", err)
	}
}

func TestEmailTemplates(t *testing.T) {
	good := "name: x\ntitle: X\nstep: Tell them\nemail-subject: Hello {{.Account.Name}}\nemail-body: Dear {{.Recipient.FirstName}},\n  .\n  {{.Successor.Name}} takes over.\n"
	pb, err := Parse(strings.NewReader(good), "x.playbook")
	if err != nil {
		t.Fatal(err)
	}
	e := pb.Steps[0].Email
	if e == nil || e.Body != "Dear {{.Recipient.FirstName}},\n\n{{.Successor.Name}} takes over." {
		t.Fatalf("email = %+v", e)
	}
	rec := model.AccountRecord{Account: model.Account{Name: "Acme"}}
	subj, body, err := RenderEmail(*e, NewEmailData(rec, model.Person{Name: "Ada Lovelace"}, EmailPerson{}, NamedPerson("Sam Doe", "sam@example.com", "")))
	if err != nil || subj != "Hello Acme" || body != "Dear Ada,\n\nSam Doe takes over." {
		t.Fatalf("rendered %q %q %v", subj, body, err)
	}
	cases := map[string]struct{ in, want string }{
		"unknown field in body": {"name: x\ntitle: X\nstep: a\nemail-subject: Hi\nemail-body: Dear\n  {{.Recipient.Nickname}}\n", "x.playbook:6: the email has no field Nickname"},
		"unknown top field":     {"name: x\ntitle: X\nstep: a\nemail-subject: Hi {{.Boss}}\n", "x.playbook:4: the email has no field Boss"},
		"broken syntax":         {"name: x\ntitle: X\nstep: a\nemail-subject: Hi\nemail-body: a\n  b\n  {{.Account.Name\n", "x.playbook:7: the email template is not valid"},
		"a loop":                {"name: x\ntitle: X\nstep: a\nemail-subject: Hi\nemail-body: a\n  {{range 1000000000}}x{{end}}\n", "x.playbook:6: the email template is not valid"},
		"a function":            {"name: x\ntitle: X\nstep: a\nemail-subject: {{printf \"%s\" .Account.Name}}\n", "x.playbook:4: the email template is not valid"},
		"no subject":            {"name: x\ntitle: X\nstep: a\nemail-body: Hi\n", "needs an email-subject"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(c.in), "x.playbook")
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestOutgoingTransitionHasTheCustomerNotice(t *testing.T) {
	pb, _ := Builtin(TransitionOutgoing)
	if pb.Steps[0].Email == nil || !strings.Contains(pb.Steps[0].Email.Subject, "{{.Successor.Name}}") {
		t.Fatalf("the customer notice is not an email step: %+v", pb.Steps[0])
	}
}

func FuzzParse(f *testing.F) {
	for _, pb := range Builtins() {
		b, _ := builtinFS.ReadFile("builtin/" + pb.Name + Ext)
		f.Add(string(b))
	}
	f.Add("name: x\ntitle: X\nanchor: renewal\nstep: a\ndue: -3w\nemail-subject: {{.Account.Name}}\nemail-body: a\n  .\n  b\n")
	f.Add("  indented\n\x00\xff")
	f.Fuzz(func(t *testing.T, in string) {
		pb, err := Parse(strings.NewReader(in), "fuzz")
		if err != nil {
			var ps Problems
			if !errors.As(err, &ps) || len(ps) == 0 {
				t.Fatalf("error is not Problems: %v", err)
			}
			return
		}
		if err := pb.Validate(); err != nil {
			t.Fatalf("parsed but invalid: %v", err)
		}
		acc := model.Account{ID: model.NewID(), Name: "A", Renewal: model.MustDate("2027-01-15")}
		day, err := pb.AnchorDay(acc, model.MustDate("2026-06-01"), model.MustDate("2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		c := pb.ChecklistAt(acc.ID, model.MustDate("2026-06-01"), day)
		if err := c.Validate(); err != nil {
			t.Fatalf("checklist invalid: %v", err)
		}
		for _, s := range c.Steps {
			if s.Email != nil {
				if _, _, err := RenderEmail(*s.Email, sample); err != nil {
					t.Fatalf("a checked template fails to render: %v", err)
				}
			}
		}
	})
}

func TestEMLParsesBack(t *testing.T) {
	from := NamedPerson("Sam Rivera", "sam@example.com", "")
	to := NamedPerson("Dana Whitfield-Ørsted", "dana@acme.example", "VP")
	body := "Dear Dana,\n\nJordan Lee takes over — thank you.\nA very long line " + strings.Repeat("word ", 30) + "\n\nSam"
	raw := EML(from, to, "Acme: introducing your new CSM, Jordan Lee ✓", body, time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC))
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	dec := new(mime.WordDecoder)
	subj, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil || subj != "Acme: introducing your new CSM, Jordan Lee ✓" {
		t.Fatalf("subject %q %v", subj, err)
	}
	tos, err := msg.Header.AddressList("To")
	if err != nil || len(tos) != 1 || tos[0].Address != "dana@acme.example" || tos[0].Name != "Dana Whitfield-Ørsted" {
		t.Fatalf("to %+v %v", tos, err)
	}
	if f, err := msg.Header.AddressList("From"); err != nil || f[0].Address != "sam@example.com" {
		t.Fatalf("from %+v %v", f, err)
	}
	if d, err := msg.Header.Date(); err != nil || !d.Equal(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("date %v %v", d, err)
	}
	if !strings.Contains(msg.Header.Get("Content-Type"), "utf-8") {
		t.Fatalf("content type %q", msg.Header.Get("Content-Type"))
	}
	got, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
	if err != nil || strings.ReplaceAll(string(got), "\r\n", "\n") != body {
		t.Fatalf("body %q %v", got, err)
	}
	for _, line := range strings.Split(string(raw), "\r\n") {
		if len(line) > 78 {
			t.Fatalf("a line longer than 78: %q", line)
		}
	}
}

// A one-line field continued on an indented line folds into one line: a
// step title must never carry a newline into the checklist.
func TestContinuedOneLineFieldsFold(t *testing.T) {
	pb, err := Parse(strings.NewReader("name: x\ntitle: Incoming\n  transition\nstep: Read the\n  handoff brief\ndetail: first\n  second\n"), "x.playbook")
	if err != nil {
		t.Fatal(err)
	}
	if pb.Title != "Incoming transition" || pb.Steps[0].Title != "Read the handoff brief" {
		t.Fatalf("title %q, step %q: want each folded onto one line", pb.Title, pb.Steps[0].Title)
	}
	if pb.Steps[0].Detail != "first\nsecond" {
		t.Fatalf("detail %q: want its lines kept", pb.Steps[0].Detail)
	}
	if err := pb.Validate(); err != nil {
		t.Fatal(err)
	}
}
