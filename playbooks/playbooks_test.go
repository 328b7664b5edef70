package playbooks

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
		"unknown key":   {"name: x\ntitle: X\nstep: a\nowner: me", "line 4: unknown key"},
		"bad due":       {"name: x\ntitle: X\nstep: a\ndue: soon", `line 4: due "soon"`},
		"due no step":   {"name: x\ntitle: X\ndue: +1d", "line 3: due belongs to a step"},
		"no colon":      {"name: x\njust words", "line 2: write `key: value`"},
		"stray indent":  {"  hello", "line 1: an indented line continues nothing"},
		"no steps":      {"name: x\ntitle: X", "at least one step"},
		"bad name":      {"name: My Playbook\ntitle: X\nstep: a", "lower-case"},
		"header late":   {"name: x\ntitle: X\nstep: a\ntitle: Y", "line 4: title belongs in the header"},
		"empty step":    {"name: x\ntitle: X\nstep:", "line 3: a step needs a title"},
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
	if _, err := LoadAll(dir); err == nil || !strings.Contains(err.Error(), "broken.playbook") {
		t.Fatalf("broken file: err = %v", err)
	}
	if all, err := LoadAll(filepath.Join(dir, "missing")); err != nil || len(all) != len(Builtins()) {
		t.Fatalf("missing dir: %d, %v", len(all), err)
	}
}
