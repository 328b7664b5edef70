package playbooks

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"bob/model"
)

// Ext is the file name ending of a playbook file.
const Ext = ".playbook"

// Playbook is a named list of steps.
type Playbook struct {
	Name        string // file-safe name, e.g. "transition-outgoing"
	Title       string // e.g. "Outgoing transition"
	Description string
	// Anchor is the day the steps' offsets count from: the day applied
	// (the default), the account's renewal date, or a day asked for.
	Anchor model.AnchorKind
	Steps  []StepTemplate
	// Source is the file it came from ("built-in" for embedded ones).
	Source string
}

// StepTemplate is one step of a playbook.
type StepTemplate struct {
	Title  string
	Detail string // Markdown
	// DueDays is how many days after the anchor the step is due; negative
	// before it (-90 is three months before a renewal).
	DueDays int
	// Email, when set, makes the step an email whose subject and body are
	// templates over EmailData.
	Email *model.EmailTemplate
}

//go:embed builtin/*.playbook
var builtinFS embed.FS

// builtins are the embedded playbooks, parsed the first time one is
// asked for rather than at start-up: a command that uses none (and the
// app, which loads them beside opening the book) does not wait for them.
var builtins = sync.OnceValue(mustLoadBuiltins)

func mustLoadBuiltins() map[string]Playbook {
	out := map[string]Playbook{}
	entries, err := fs.ReadDir(builtinFS, "builtin")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		f, err := builtinFS.Open("builtin/" + e.Name())
		if err != nil {
			panic(err)
		}
		pb, err := Parse(f, "built-in "+e.Name())
		f.Close()
		if err != nil {
			panic(fmt.Sprintf("built-in playbook %s: %v", e.Name(), err))
		}
		pb.Source = "built-in"
		out[pb.Name] = pb
	}
	return out
}

// Names of the built-in playbooks other packages refer to.
const (
	Onboarding         = "onboarding"
	Adoption           = "adoption"
	Renewal            = "renewal"
	TransitionOutgoing = "transition-outgoing"
	TransitionIncoming = "transition-incoming"
)

// Builtin returns the embedded playbook with that name.
func Builtin(name string) (Playbook, bool) {
	pb, ok := builtins()[name]
	return pb, ok
}

// Builtins returns every embedded playbook, by name.
func Builtins() []Playbook {
	all := builtins()
	out := make([]Playbook, 0, len(all))
	for _, pb := range all {
		out = append(out, pb)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Problem is one thing wrong in a playbook file, at a line (0 when it is
// about the whole file), with what to do about it.
type Problem struct {
	File string
	Line int
	Text string
}

// Error writes the problem as "FILE:LINE: what is wrong and what to do".
func (p Problem) Error() string {
	if p.Line > 0 {
		return fmt.Sprintf("playbook %s:%d: %s", p.File, p.Line, p.Text)
	}
	return fmt.Sprintf("playbook %s: %s", p.File, p.Text)
}

// Problems is every problem found in one or more playbook files.
type Problems []Problem

// Error writes one problem per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.Error()
	}
	return strings.Join(lines, "\n")
}

// LoadAll returns the built-in playbooks and the user's own from dir (a
// missing dir means none). A user's playbook with a built-in's name
// replaces it. A malformed file is left out and reported: the error, when
// not nil, is Problems naming each file and line, and the playbooks
// returned are every one that loaded, so one typo never hides the rest.
func LoadAll(dir string) ([]Playbook, error) {
	byName := map[string]Playbook{}
	for n, pb := range builtins() {
		byName[n] = pb
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"+Ext))
	if err != nil {
		return Builtins(), err
	}
	sort.Strings(files)
	var problems Problems
	seen := map[string]string{}
	for _, path := range files {
		pb, err := ParseFile(path)
		if err != nil {
			problems = append(problems, asProblems(err, path)...)
			continue
		}
		if prev, ok := seen[pb.Name]; ok {
			problems = append(problems, Problem{File: path, Text: fmt.Sprintf("the name %s is also used by %s: give one of them another name", pb.Name, prev)})
			continue
		}
		seen[pb.Name] = path
		byName[pb.Name] = pb
	}
	out := make([]Playbook, 0, len(byName))
	for _, pb := range byName {
		out = append(out, pb)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	if len(problems) > 0 {
		return out, problems
	}
	return out, nil
}

// ParseFile reads and parses one playbook file.
func ParseFile(path string) (Playbook, error) {
	f, err := os.Open(path)
	if err != nil {
		return Playbook{}, Problems{{File: path, Text: fmt.Sprintf("cannot be read (%v): check its permissions", unwrapPath(err))}}
	}
	defer f.Close()
	pb, err := Parse(f, path)
	if err != nil {
		return Playbook{}, err
	}
	pb.Source = path
	return pb, nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func asProblems(err error, file string) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return Problems{{File: file, Text: err.Error()}}
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

const keyList = "name, title, description, anchor, step, due, detail, email-subject, email-body"

// maxFile bounds a playbook file: a playbook is a page of text, and a
// runaway file must not be read whole into memory.
const maxFile = 1 << 20

// Parse reads a playbook file. The format is a header of `key: value`
// lines (name, title, description, anchor), then one block per step
// separated by blank lines, each starting with `step: <title>` and
// optionally `due: +Nd` (or -Nd, +Nw, -Nw), `detail: <text>`, and for an
// email step `email-subject:` and `email-body:`; lines indented by two
// spaces continue the previous value (in an email body, an indented `.`
// is an empty line). Lines starting with # are comments. where names the
// file in errors. Every problem is reported, each with its line, as
// Problems.
func Parse(r io.Reader, where string) (Playbook, error) {
	p := &parser{where: where, lines: map[*string]int{}}
	sc := bufio.NewScanner(io.LimitReader(r, maxFile))
	sc.Buffer(make([]byte, 0, 4096), maxFile)
	n := 0
	for sc.Scan() {
		n++
		p.line(n, sc.Text())
	}
	if err := sc.Err(); err != nil {
		p.fail(n+1, "cannot be read: %v (a playbook is at most %s of text)", err, model.SizeWords(maxFile))
	}
	return p.finish()
}

// parser is Parse's state between lines.
type parser struct {
	where    string
	pb       Playbook
	problems Problems
	step     *StepTemplate   // the step being read; nil in the header
	last     *string         // the value an indented line continues
	body     bool            // whether last is an email body, where "." is an empty line
	oneLine  bool            // whether last is a one-line field (a name, a title, a subject): its indented lines fold into it with a space
	lines    map[*string]int // where each template starts, for template errors
}

func (p *parser) fail(n int, format string, args ...any) {
	p.problems = append(p.problems, Problem{File: p.where, Line: n, Text: fmt.Sprintf(format, args...)})
}

// line reads line n: text that cannot be in a playbook, a blank line, a
// comment, the continuation of a value, or a `key: value`.
func (p *parser) line(n int, raw string) {
	trimmed := strings.TrimSpace(raw)
	if !utf8.ValidString(raw) {
		p.fail(n, "is not UTF-8 text: save the file as UTF-8")
		return
	}
	if i := strings.IndexFunc(raw, isControl); i >= 0 {
		p.fail(n, "holds a control character (%U): remove it", []rune(raw[i:])[0])
		return
	}
	switch {
	case trimmed == "":
		p.last = nil
		return
	case strings.HasPrefix(trimmed, "#"):
		return
	case strings.HasPrefix(raw, "  ") || strings.HasPrefix(raw, "\t"):
		p.continued(n, trimmed)
		return
	}
	key, value, ok := strings.Cut(trimmed, ":")
	if !ok {
		p.fail(n, "write `key: value` (keys: %s)", keyList)
		return
	}
	key, value = strings.TrimSpace(key), strings.TrimSpace(value)
	p.body = false
	p.oneLine = key != "description" && key != "detail" && key != "email-body"
	switch key {
	case "name", "title", "description", "anchor":
		p.header(n, key, value)
	case "step":
		p.last = nil
		if value == "" {
			p.fail(n, "a step needs a title")
			p.step = nil
			return
		}
		p.pb.Steps = append(p.pb.Steps, StepTemplate{Title: value})
		p.step = &p.pb.Steps[len(p.pb.Steps)-1]
		p.last = &p.step.Title
	case "due", "detail", "email-subject", "email-body":
		p.stepField(n, key, value)
	default:
		p.last = nil
		p.fail(n, "unknown key %q (keys: %s)", key, keyList)
	}
}

// continued adds an indented line to the value it goes on from.
func (p *parser) continued(n int, trimmed string) {
	if p.last == nil {
		p.fail(n, "an indented line continues nothing: indent only lines that go on from the line above")
		return
	}
	if p.body && trimmed == "." {
		trimmed = ""
	}
	switch {
	case *p.last == "" && !p.body:
		*p.last = trimmed
	case p.oneLine:
		*p.last += " " + trimmed
	default:
		*p.last += "\n" + trimmed
	}
}

// header reads a key of the header: name, title, description, anchor.
func (p *parser) header(n int, key, value string) {
	pb := &p.pb
	if p.step != nil {
		p.fail(n, "%s belongs in the header, before the first step", key)
		p.last = nil
		return
	}
	switch key {
	case "name":
		pb.Name, p.last = value, &pb.Name
	case "title":
		pb.Title, p.last = value, &pb.Title
	case "description":
		pb.Description, p.last = value, &pb.Description
	case "anchor":
		p.last = nil
		if !slices.Contains(model.AnchorKinds, model.AnchorKind(value)) {
			p.fail(n, "anchor %q: write applied (the day it is applied), renewal (the renewal date) or asked (a day asked for when applying)", value)
			return
		}
		pb.Anchor = model.AnchorKind(value)
	}
}

// stepField reads a key of a step: due, detail, and an email's subject
// and body.
func (p *parser) stepField(n int, key, value string) {
	p.last = nil
	step := p.step
	if step == nil {
		p.fail(n, "%s belongs to a step: write `step: ...` first", key)
		return
	}
	switch key {
	case "due":
		d, err := parseOffset(value)
		if err != nil {
			p.fail(n, "%v", err)
			return
		}
		step.DueDays = d
	case "detail":
		step.Detail, p.last = value, &step.Detail
	case "email-subject", "email-body":
		if step.Email == nil {
			step.Email = &model.EmailTemplate{}
		}
		if key == "email-subject" {
			step.Email.Subject, p.last = value, &step.Email.Subject
		} else {
			step.Email.Body, p.last, p.body = value, &step.Email.Body, true
		}
		p.lines[p.last] = n
	}
}

// finish checks what needs the whole file (the email templates, the
// playbook's own rules) and returns the playbook or every problem.
func (p *parser) finish() (Playbook, error) {
	pb := p.pb
	for i, st := range pb.Steps {
		if st.Email == nil {
			continue
		}
		if st.Email.Subject == "" {
			p.fail(p.lines[&pb.Steps[i].Email.Body], "the email step %q needs an email-subject", st.Title)
		}
		for _, t := range []*string{&pb.Steps[i].Email.Subject, &pb.Steps[i].Email.Body} {
			if line, msg := CheckTemplate(*t); msg != "" {
				p.fail(p.lines[t]+line-1, "%s", msg)
			}
		}
	}
	for _, err := range pb.problems() {
		p.fail(0, "%s", err)
	}
	if len(p.problems) > 0 {
		return Playbook{}, p.problems
	}
	if pb.Anchor == "" {
		pb.Anchor = model.AnchorApplied
	}
	return pb, nil
}

// isControl reports a C0 or C1 control character other than the tab: a
// playbook's text is drawn on the terminal and written into emails.
func isControl(r rune) bool {
	return (r < 0x20 && r != '\t') || r == 0x7f || (r >= 0x80 && r < 0xa0)
}

// parseOffset reads a due offset: +Nd or -Nd in days, +Nw or -Nw in weeks.
func parseOffset(s string) (int, error) {
	bad := fmt.Errorf("due %q: write +N or -N followed by d (days) or w (weeks), e.g. +3d, +2w or -90d", s)
	if len(s) < 3 || (s[0] != '+' && s[0] != '-') {
		return 0, bad
	}
	digits := s[1 : len(s)-1]
	if strings.TrimLeft(digits, "0123456789") != "" {
		return 0, bad
	}
	v, err := strconv.Atoi(digits)
	if err != nil || v > 3650 {
		return 0, bad
	}
	switch s[len(s)-1] {
	case 'd':
	case 'w':
		v *= 7
		if v > 3650 {
			return 0, bad
		}
	default:
		return 0, bad
	}
	if s[0] == '-' {
		v = -v
	}
	return v, nil
}

// Validate checks that a playbook can be applied.
func (pb Playbook) Validate() error {
	var errs []error
	for _, p := range pb.problems() {
		errs = append(errs, errors.New(p))
	}
	return errors.Join(errs...)
}

func (pb Playbook) problems() []string {
	var out []string
	if !nameRE.MatchString(pb.Name) {
		out = append(out, fmt.Sprintf("name %q must be lower-case letters, digits and dashes", pb.Name))
	}
	if strings.TrimSpace(pb.Title) == "" {
		out = append(out, "title is required: add a `title: ...` line to the header")
	}
	if len(pb.Steps) == 0 {
		out = append(out, "a playbook needs at least one step: add a `step: ...` line")
	}
	// The checklist a playbook starts must pass the book's own rules (field
	// lengths, one-line titles), or applying it would fail long after the
	// file was accepted.
	if len(pb.Steps) > 0 && nameRE.MatchString(pb.Name) && strings.TrimSpace(pb.Title) != "" {
		day := model.MustDate("2026-01-01")
		if err := pb.ChecklistAt(model.NewIDAt(day.Time()), day, day).Validate(); err != nil {
			out = append(out, fmt.Sprintf("its checklist would not be valid: %v", err))
		}
	}
	if pb.Anchor == "" || pb.Anchor == model.AnchorApplied {
		for _, s := range pb.Steps {
			if s.DueDays < 0 {
				out = append(out, fmt.Sprintf("step %q is due before the playbook is applied: anchor the playbook on the renewal date or a day asked for (anchor: renewal), or use a + offset", s.Title))
				break
			}
		}
	}
	return out
}

// AnchorDay returns the day a new checklist of this playbook counts from
// on acc: today for an applied anchor, the account's renewal date for a
// renewal anchor, asked for an asked anchor. A non-zero asked always wins
// (the user chose the day). It is an error when the day is unknown.
func (pb Playbook) AnchorDay(acc model.Account, today, asked model.Date) (model.Date, error) {
	if !asked.IsZero() {
		return asked, nil
	}
	switch pb.Anchor {
	case model.AnchorRenewal:
		if acc.Renewal.IsZero() {
			return model.Date{}, fmt.Errorf("%s has no renewal date, and %s counts from it: set the renewal date first, or give the day to count from", acc.Name, pb.Title)
		}
		return acc.Renewal, nil
	case model.AnchorAsked:
		return model.Date{}, fmt.Errorf("%s counts from a day you choose: give that day", pb.Title)
	}
	return today, nil
}

// AnchorWords says in words what a playbook's offsets count from, for
// "counting from the ...".
func AnchorWords(k model.AnchorKind) string {
	switch k {
	case model.AnchorRenewal:
		return "renewal date"
	case model.AnchorAsked:
		return "day asked for"
	}
	return "day applied"
}

// ForAccounts builds one checklist of the playbook per account, applied
// today and each anchored where the playbook says (asked, when not zero,
// for every account). An account whose anchor day is unknown (no renewal
// date) is left out and named with the reason.
func (pb Playbook) ForAccounts(accs []model.Account, today, asked model.Date) ([]model.Checklist, []model.SkippedAccount) {
	var cs []model.Checklist
	var skipped []model.SkippedAccount
	for _, a := range accs {
		day, err := pb.AnchorDay(a, today, asked)
		if err != nil {
			skipped = append(skipped, model.SkippedAccount{AccountID: a.ID, Name: a.Name, Reason: err.Error()})
			continue
		}
		cs = append(cs, pb.ChecklistAt(a.ID, today, day))
	}
	return cs, skipped
}

// Checklist applies the playbook to an account: one open step per step
// template, due DueDays after start, which is both the day applied and the
// anchor.
func (pb Playbook) Checklist(accountID string, start model.Date) model.Checklist {
	return pb.ChecklistAt(accountID, start, start)
}

// ChecklistAt applies the playbook on the day applied with its offsets
// counted from anchor.
func (pb Playbook) ChecklistAt(accountID string, applied, anchor model.Date) model.Checklist {
	at := applied.Time()
	kind := pb.Anchor
	if kind == "" {
		kind = model.AnchorApplied
	}
	c := model.Checklist{
		ID: model.NewIDAt(at), AccountID: accountID, Playbook: pb.Name, Title: pb.Title,
		Applied: applied, AnchorKind: kind, Anchor: anchor,
	}
	for _, s := range pb.Steps {
		step := model.Step{
			ID: model.NewIDAt(at), Title: s.Title, Detail: s.Detail, Due: anchor.AddDays(s.DueDays), State: model.StepOpen,
		}
		if s.Email != nil {
			e := *s.Email
			step.Email = &e
		}
		c.Steps = append(c.Steps, step)
	}
	return c
}
