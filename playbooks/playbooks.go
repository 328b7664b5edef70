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
	"sort"
	"strconv"
	"strings"

	"bob/model"
)

// Ext is the file name ending of a playbook file.
const Ext = ".playbook"

// Playbook is a named list of steps.
type Playbook struct {
	Name        string // file-safe name, e.g. "transition-outgoing"
	Title       string // e.g. "Outgoing transition"
	Description string
	Steps       []StepTemplate
	// Source is the file it came from ("built-in" for embedded ones).
	Source string
}

// StepTemplate is one step of a playbook.
type StepTemplate struct {
	Title  string
	Detail string // Markdown
	// DueDays is how many days after the playbook is applied the step is due.
	DueDays int
}

//go:embed builtin/*.playbook
var builtinFS embed.FS

var builtins = mustLoadBuiltins()

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
	pb, ok := builtins[name]
	return pb, ok
}

// Builtins returns every embedded playbook, by name.
func Builtins() []Playbook {
	out := make([]Playbook, 0, len(builtins))
	for _, pb := range builtins {
		out = append(out, pb)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// LoadAll returns the built-in playbooks and the user's own from dir (a
// missing dir means none). A user's playbook with a built-in's name
// replaces it. A malformed file is an error naming the file and line, so
// a typo is caught instead of a step silently going missing.
func LoadAll(dir string) ([]Playbook, error) {
	byName := map[string]Playbook{}
	for n, pb := range builtins {
		byName[n] = pb
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"+Ext))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("read playbook: %w", err)
		}
		pb, err := Parse(f, path)
		f.Close()
		if err != nil {
			return nil, err
		}
		pb.Source = path
		byName[pb.Name] = pb
	}
	out := make([]Playbook, 0, len(byName))
	for _, pb := range byName {
		out = append(out, pb)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// Parse reads a playbook file. The format is a header of `key: value`
// lines (name, title, description), then one block per step separated by
// blank lines, each starting with `step: <title>` and optionally `due: +Nd`
// (or +Nw) and `detail: <text>`; lines indented by two spaces continue
// the previous value. Lines starting with # are comments. where names the
// file in errors.
func Parse(r io.Reader, where string) (Playbook, error) {
	var pb Playbook
	var step *StepTemplate
	var last *string // the value an indented line continues
	fail := func(n int, format string, args ...any) (Playbook, error) {
		return Playbook{}, fmt.Errorf("playbook %s, line %d: %s", where, n, fmt.Sprintf(format, args...))
	}
	sc := bufio.NewScanner(r)
	n := 0
	for sc.Scan() {
		n++
		raw := sc.Text()
		trimmed := strings.TrimSpace(raw)
		switch {
		case trimmed == "":
			last = nil
			continue
		case strings.HasPrefix(trimmed, "#"):
			continue
		case strings.HasPrefix(raw, "  ") || strings.HasPrefix(raw, "\t"):
			if last == nil {
				return fail(n, "an indented line continues nothing: indent only lines that go on from the line above")
			}
			if *last == "" {
				*last = trimmed
			} else {
				*last += "\n" + trimmed
			}
			continue
		}
		key, value, ok := strings.Cut(trimmed, ":")
		if !ok {
			return fail(n, "write `key: value` (keys: name, title, description, step, due, detail)")
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "name", "title", "description":
			if step != nil {
				return fail(n, "%s belongs in the header, before the first step", key)
			}
			switch key {
			case "name":
				pb.Name, last = value, &pb.Name
			case "title":
				pb.Title, last = value, &pb.Title
			case "description":
				pb.Description, last = value, &pb.Description
			}
		case "step":
			if value == "" {
				return fail(n, "a step needs a title")
			}
			pb.Steps = append(pb.Steps, StepTemplate{Title: value})
			step = &pb.Steps[len(pb.Steps)-1]
			last = &step.Title
		case "due":
			if step == nil {
				return fail(n, "due belongs to a step: write `step: ...` first")
			}
			d, err := parseOffset(value)
			if err != nil {
				return fail(n, "%v", err)
			}
			step.DueDays, last = d, nil
		case "detail":
			if step == nil {
				return fail(n, "detail belongs to a step: write `step: ...` first")
			}
			step.Detail, last = value, &step.Detail
		default:
			return fail(n, "unknown key %q (keys: name, title, description, step, due, detail)", key)
		}
		// Re-point step after appends: the slice may have moved.
		if len(pb.Steps) > 0 && step != nil {
			step = &pb.Steps[len(pb.Steps)-1]
		}
	}
	if err := sc.Err(); err != nil {
		return Playbook{}, fmt.Errorf("playbook %s: %w", where, err)
	}
	if err := pb.Validate(); err != nil {
		return Playbook{}, fmt.Errorf("playbook %s: %w", where, err)
	}
	return pb, nil
}

func parseOffset(s string) (int, error) {
	bad := fmt.Errorf("due %q: write +N followed by d (days) or w (weeks), e.g. +3d or +2w", s)
	if len(s) < 3 || s[0] != '+' {
		return 0, bad
	}
	v, err := strconv.Atoi(s[1 : len(s)-1])
	if err != nil || v < 0 || v > 3650 {
		return 0, bad
	}
	switch s[len(s)-1] {
	case 'd':
		return v, nil
	case 'w':
		return v * 7, nil
	}
	return 0, bad
}

// Validate checks that a playbook can be applied.
func (pb Playbook) Validate() error {
	var errs []error
	if !nameRE.MatchString(pb.Name) {
		errs = append(errs, fmt.Errorf("name %q must be lower-case letters, digits and dashes", pb.Name))
	}
	if strings.TrimSpace(pb.Title) == "" {
		errs = append(errs, errors.New("title is required"))
	}
	if len(pb.Steps) == 0 {
		errs = append(errs, errors.New("a playbook needs at least one step"))
	}
	return errors.Join(errs...)
}

// Checklist applies the playbook to an account: one open step per step
// template, due DueDays after start.
func (pb Playbook) Checklist(accountID string, start model.Date) model.Checklist {
	at := start.Time()
	c := model.Checklist{
		ID: model.NewIDAt(at), AccountID: accountID, Playbook: pb.Name, Title: pb.Title, Applied: start,
	}
	for _, s := range pb.Steps {
		c.Steps = append(c.Steps, model.Step{
			ID: model.NewIDAt(at), Title: s.Title, Detail: s.Detail, Due: start.AddDays(s.DueDays), State: model.StepOpen,
		})
	}
	return c
}
