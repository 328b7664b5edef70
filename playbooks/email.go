package playbooks

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"bob/model"
)

// EmailData is what an email step's subject and body can say: the
// account, the person it goes to, the account's sponsor and champion, the
// CSM writing it and the successor taking over. Only these fields exist,
// so a template cannot reach the CSM's private notes; docs/playbooks.md
// lists them.
type EmailData struct {
	Account   EmailAccount
	Recipient EmailPerson
	Sponsor   EmailPerson
	Champion  EmailPerson
	CSM       EmailPerson
	Successor EmailPerson
}

// EmailAccount is the part of an account an email may mention.
type EmailAccount struct {
	Name     string
	Domain   string
	Goals    string
	Renewal  string // YYYY-MM-DD, or empty
	Products string // comma-separated
}

// EmailPerson is the part of a person an email may mention.
type EmailPerson struct {
	Name      string
	FirstName string
	Title     string
	Email     string
}

// PersonFields turns a stakeholder into the fields an email may use.
func PersonFields(p model.Person) EmailPerson {
	return NamedPerson(p.Name, p.Email, p.Title)
}

// NamedPerson is an EmailPerson for someone who is not a stakeholder:
// the CSM or the successor.
func NamedPerson(name, email, title string) EmailPerson {
	first, _, _ := strings.Cut(strings.TrimSpace(name), " ")
	return EmailPerson{Name: name, FirstName: first, Title: title, Email: email}
}

// NewEmailData gathers the fields for an email to recipient on the
// account in rec, written by csm to introduce successor (either may be
// empty).
func NewEmailData(rec model.AccountRecord, recipient model.Person, csm, successor EmailPerson) EmailData {
	a := rec.Account
	d := EmailData{
		Account: EmailAccount{
			Name: a.Name, Domain: a.Domain, Goals: a.Goals, Renewal: a.Renewal.String(),
			Products: strings.Join(a.Products, ", "),
		},
		Recipient: PersonFields(recipient),
		CSM:       csm,
		Successor: successor,
	}
	for _, p := range rec.People {
		if !p.Active() {
			continue
		}
		if p.HasRole(model.RoleSponsor) && d.Sponsor.Name == "" {
			d.Sponsor = PersonFields(p)
		}
		if p.HasRole(model.RoleChampion) && d.Champion.Name == "" {
			d.Champion = PersonFields(p)
		}
	}
	return d
}

// parseTemplate parses an email template and allows only text, fields
// and {{if}}/{{else}} on fields: no loops and no functions, so a template
// can neither run long nor do anything but fill in the fields.
func parseTemplate(text string) (*template.Template, error) {
	t, err := template.New("email").Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	if t.Tree == nil {
		return t, nil
	}
	if err := plainNodes(t.Tree.Root); err != nil {
		return nil, fmt.Errorf("template: email:%d: %w", lineOf(text, err.pos), err.err)
	}
	return t, nil
}

type nodeError struct {
	pos parse.Pos
	err error
}

func plainNodes(list *parse.ListNode) *nodeError {
	if list == nil {
		return nil
	}
	for _, n := range list.Nodes {
		switch n := n.(type) {
		case *parse.TextNode:
		case *parse.ActionNode:
			if err := fieldOnly(n.Pipe); err != nil {
				return &nodeError{n.Pos, err}
			}
		case *parse.IfNode:
			if err := fieldOnly(n.Pipe); err != nil {
				return &nodeError{n.Pos, err}
			}
			if err := plainNodes(n.List); err != nil {
				return err
			}
			if err := plainNodes(n.ElseList); err != nil {
				return err
			}
		default:
			return &nodeError{n.Position(), fmt.Errorf("only fields and {{if}} are allowed in an email, not %s", n)}
		}
	}
	return nil
}

func fieldOnly(p *parse.PipeNode) error {
	if p == nil || len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return fmt.Errorf("only fields such as {{.Account.Name}} are allowed, not %s", p)
	}
	if _, ok := p.Cmds[0].Args[0].(*parse.FieldNode); !ok {
		return fmt.Errorf("only fields such as {{.Account.Name}} are allowed, not %s", p)
	}
	return nil
}

func lineOf(text string, pos parse.Pos) int {
	if int(pos) > len(text) {
		pos = parse.Pos(len(text))
	}
	return 1 + strings.Count(text[:pos], "\n")
}

// sample fills every field, so checking a template against it finds the
// fields that do not exist and nothing else.
var sample = EmailData{
	Account:   EmailAccount{Name: "a", Domain: "a", Goals: "a", Renewal: "a", Products: "a"},
	Recipient: EmailPerson{"a", "a", "a", "a"}, Sponsor: EmailPerson{"a", "a", "a", "a"},
	Champion: EmailPerson{"a", "a", "a", "a"}, CSM: EmailPerson{"a", "a", "a", "a"},
	Successor: EmailPerson{"a", "a", "a", "a"},
}

var tmplLine = regexp.MustCompile(`^template: email:(\d+)(?::\d+)?: (.*)$`)

// CheckTemplate parses and trial-runs an email template. On a problem it
// returns the line within the template (from 1) and what to do; msg is
// empty when the template is good.
func CheckTemplate(text string) (line int, msg string) {
	t, err := parseTemplate(text)
	if err == nil {
		err = t.Execute(&bytes.Buffer{}, sample)
	}
	if err == nil {
		return 0, ""
	}
	line, detail := 1, err.Error()
	if m := tmplLine.FindStringSubmatch(detail); m != nil {
		line, _ = strconv.Atoi(m[1])
		detail = m[2]
	}
	if i := strings.Index(detail, "can't evaluate field "); i >= 0 {
		f := strings.Fields(detail[i+len("can't evaluate field "):])
		if len(f) > 0 {
			return line, fmt.Sprintf("the email has no field %s: use one of the fields listed in docs/playbooks.md (e.g. {{.Account.Name}}, {{.Recipient.FirstName}}, {{.Successor.Name}})", f[0])
		}
	}
	return line, "the email template is not valid (" + detail + "): fields are written {{.Account.Name}}"
}

// RenderEmail personalises an email step's subject and body. The
// templates were checked when the playbook was loaded; an error here
// (a checklist from an older bob or another CSM's bundle) says which
// part failed.
func RenderEmail(e model.EmailTemplate, d EmailData) (subject, body string, err error) {
	run := func(what, text string) (string, error) {
		t, err := parseTemplate(text)
		if err != nil {
			return "", fmt.Errorf("the email's %s: %w", what, err)
		}
		var b bytes.Buffer
		if err := t.Execute(&b, d); err != nil {
			return "", fmt.Errorf("the email's %s: %w", what, err)
		}
		return b.String(), nil
	}
	if subject, err = run("subject", e.Subject); err != nil {
		return "", "", err
	}
	if body, err = run("body", e.Body); err != nil {
		return "", "", err
	}
	return strings.TrimSpace(strings.ReplaceAll(subject, "\n", " ")), body, nil
}
