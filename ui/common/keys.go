package common

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
)

// KeyMap is every action the UI offers, bound to keys. The same bindings
// drive the help bar, the full help (?) and the keybinding docs, so they
// cannot drift apart. Panes take the bindings they use from here; a
// focused text input gets a key before any of these.
type KeyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Left, Right                             key.Binding
	Open, Back                              key.Binding
	NextTab, PrevTab, Tab                   key.Binding // Tab: 1..9 jump to a tab
	Filter, ClearFilter, Sort               key.Binding
	FilterTag, FilterStage, ShowHandedOff   key.Binding
	FilterDue                               key.Binding // overdue, renewing soon, untouched
	New, Edit, Delete, Select, Undo, Trash  key.Binding
	Kind, Internal                          key.Binding // timeline: filter by kind, toggle internal
	NextField, PrevField, Submit, Editor    key.Binding // forms
	// A form whose record another bob changed while it was open: keep
	// the text typed in the form, or take the record's.
	KeepMine, TakeTheirs     key.Binding
	Export, Import, TakeBack key.Binding
	// EmptyTrash deletes every item in the trash for good (after a
	// question, and a backup of the book).
	EmptyTrash key.Binding
	// ImportCSV opens the CSV import (accounts or people from a CRM or
	// spreadsheet export). On its preview: CSVUpdate lets matching rows
	// update the book, DateOrder switches day/month order, Currency sets
	// the currency of amounts that name none, SkipBad imports the good
	// rows and writes the bad ones beside the file.
	ImportCSV, CSVUpdate, DateOrder, Currency, SkipBad key.Binding
	// On the preview of a handoff bundle's import: ConflictPolicy
	// switches who wins a conflict (keep yours, take theirs), and
	// IncomingChecklist turns the incoming transition checklist on the
	// new accounts on or off (the command line's --no-playbook).
	ConflictPolicy, IncomingChecklist key.Binding
	// The export wizard: on the completeness check, FixGap opens the
	// account under the cursor to fix its gaps, GoOnAnyway goes on with
	// gaps left and CheckAgain checks again; CreateIdentity makes the
	// CSM's identity where there is none; AssignRest gives every account
	// not yet assigned to the successor under the cursor.
	FixGap, GoOnAnyway, CheckAgain, CreateIdentity, AssignRest key.Binding
	// HomeFolder takes a file picker to the home folder.
	HomeFolder key.Binding
	// OwnID shows the CSM's own public id (the line `bob id show` prints)
	// and copies it, to send to a colleague.
	OwnID key.Binding
	// The people map: expand or collapse every node, mark a person as
	// left (or back), move a person with their reports, add or remove a
	// dotted-line manager, add or remove an influence line.
	ToggleAll, MarkLeft, Move, DottedLine key.Binding
	Influence, RemoveInfluence            key.Binding
	// Checklists and success plans: skip a step or task, write a note on
	// it, apply a playbook (to the open account or to every selected one),
	// move a checklist's anchor day, add a step after the one under the
	// cursor or remove it, update an objective's current value, and fill
	// the readiness assessment.
	Skip, Note, Apply, MoveAnchor key.Binding
	AddStep, RemoveStep           key.Binding
	UpdateMetric, Readiness       key.Binding
	// Renewal changes the account's renewal date on the Overview.
	Renewal key.Binding
	// An email step: copy the email with OSC 52, write it as an .eml file.
	Copy, WriteFile key.Binding
	// Confirm answers yes to a question such as "delete? (y/n)"; any
	// other key answers no.
	Confirm key.Binding
	// ShowAll renders the whole of a long timeline body, which the reader
	// otherwise cuts after its first part.
	ShowAll               key.Binding
	Help, Quit, ForceQuit key.Binding
}

// DefaultKeyMap follows terminal habits: arrows and j/k, g/G, / to filter,
// enter to open, esc to go back, tab or 1-9 for tabs.
func DefaultKeyMap() *KeyMap {
	b := func(help string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(keys[0], help))
	}
	return &KeyMap{
		Up:                b("up", "up", "k"),
		Down:              b("down", "down", "j"),
		Top:               b("top", "g", "home"),
		Bottom:            b("bottom", "G", "end"),
		PageUp:            b("page up", "pgup", "ctrl+u"),
		PageDown:          b("page down", "pgdown", "ctrl+d"),
		Left:              b("left", "left", "h"),
		Right:             b("right", "right", "l"),
		Open:              b("open", "enter"),
		Back:              b("back", "esc"),
		NextTab:           b("next tab", "tab"),
		PrevTab:           b("previous tab", "shift+tab"),
		Tab:               b("go to tab", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
		Filter:            b("filter", "/"),
		ClearFilter:       b("clear filter", "esc"),
		Sort:              b("sort", "s"),
		FilterTag:         b("filter by tag", "t"),
		FilterStage:       b("filter by stage", "S"),
		ShowHandedOff:     b("show handed off", "H"),
		FilterDue:         b("filter by what is due", "F"),
		New:               b("new", "n"),
		Edit:              b("edit", "e"),
		Delete:            b("delete", "d"),
		Select:            b("select", "space", " "), // bubbletea names the space bar " "
		Undo:              b("undo delete", "u"),
		Trash:             b("trash", "T"),
		Kind:              b("filter kind", "f"),
		Internal:          b("internal/external", "i"),
		NextField:         b("next field", "tab", "down"),
		PrevField:         b("previous field", "shift+tab", "up"),
		Submit:            b("save", "ctrl+s"),
		Editor:            b("open $EDITOR", "ctrl+e"),
		KeepMine:          b("keep mine (outside change)", "ctrl+o"),
		TakeTheirs:        b("take theirs (outside change)", "ctrl+t"),
		Export:            b("export", "x"),
		Import:            b("import", "I"),
		TakeBack:          b("take back", "b"),
		ImportCSV:         b("import CSV", "C"),
		CSVUpdate:         b("update matches on/off", "u"),
		DateOrder:         b("day/month order", "o"),
		Currency:          b("currency", "c"),
		SkipBad:           b("skip bad rows on/off", "s"),
		ConflictPolicy:    b("policy", "p"),
		IncomingChecklist: b("checklist on/off", "c"),
		FixGap:            b("open to fix", "o"),
		GoOnAnyway:        b("go on anyway", "c"),
		CheckAgain:        b("check again", "r"),
		CreateIdentity:    b("create my identity", "c"),
		AssignRest:        b("assign rest", "a"),
		HomeFolder:        b("home folder", "~"),
		OwnID:             b("show and copy your public id", "i"),
		EmptyTrash:        b("empty the trash", "E"),
		ToggleAll:         b("expand/collapse all", "z"),
		MarkLeft:          b("mark left/back", "L"),
		Move:              b("move under…", "m"),
		DottedLine:        b("dotted-line manager", "D"),
		Influence:         b("add or change influence", "w"),
		RemoveInfluence:   b("remove influence", "W"),
		Skip:              b("skip step", "s"),
		Note:              b("note", "N"),
		Apply:             b("apply playbook", "a"),
		MoveAnchor:        b("move anchor day", "A"),
		AddStep:           b("add step (after this one)", "o"),
		RemoveStep:        b("remove step", "X"),
		UpdateMetric:      b("update current value", "c"),
		Readiness:         b("readiness assessment", "r"),
		Renewal:           b("renewal date", "r"),
		Copy:              b("copy (OSC 52)", "c"),
		WriteFile:         b("write .eml file", "w"),
		Confirm:           b("yes", "y", "Y"),
		ShowAll:           b("show all of a long body", "a"),
		Help:              b("help", "?"),
		Quit:              b("quit", "q"),
		ForceQuit:         b("quit", "ctrl+c"),
	}
}

// Actions maps each action's name, as written in the key config file, to
// its binding.
func (k *KeyMap) Actions() map[string]*key.Binding {
	return map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "top": &k.Top, "bottom": &k.Bottom,
		"page-up": &k.PageUp, "page-down": &k.PageDown, "left": &k.Left, "right": &k.Right,
		"open": &k.Open, "back": &k.Back, "next-tab": &k.NextTab, "prev-tab": &k.PrevTab,
		"filter": &k.Filter, "clear-filter": &k.ClearFilter, "sort": &k.Sort,
		"filter-tag": &k.FilterTag, "filter-stage": &k.FilterStage, "show-handed-off": &k.ShowHandedOff,
		"filter-due": &k.FilterDue,
		"new":        &k.New, "edit": &k.Edit, "delete": &k.Delete, "select": &k.Select,
		"undo": &k.Undo, "trash": &k.Trash, "kind": &k.Kind, "internal": &k.Internal,
		"next-field": &k.NextField, "prev-field": &k.PrevField, "submit": &k.Submit,
		"editor": &k.Editor, "keep-mine": &k.KeepMine, "take-theirs": &k.TakeTheirs, "export": &k.Export, "import": &k.Import, "take-back": &k.TakeBack, "own-id": &k.OwnID, "empty-trash": &k.EmptyTrash,
		"import-csv": &k.ImportCSV, "csv-update": &k.CSVUpdate, "date-order": &k.DateOrder, "currency": &k.Currency,
		"skip-bad": &k.SkipBad, "conflict-policy": &k.ConflictPolicy, "incoming-checklist": &k.IncomingChecklist,
		"fix-gap": &k.FixGap, "go-on-anyway": &k.GoOnAnyway, "check-again": &k.CheckAgain,
		"create-identity": &k.CreateIdentity, "assign-rest": &k.AssignRest, "home-folder": &k.HomeFolder,
		"help": &k.Help, "quit": &k.Quit,
		"toggle-all": &k.ToggleAll, "mark-left": &k.MarkLeft, "move": &k.Move, "dotted-line": &k.DottedLine,
		"influence": &k.Influence, "remove-influence": &k.RemoveInfluence, "confirm": &k.Confirm,
		"skip": &k.Skip, "note": &k.Note, "apply": &k.Apply, "move-anchor": &k.MoveAnchor,
		"add-step": &k.AddStep, "remove-step": &k.RemoveStep,
		"update-metric": &k.UpdateMetric, "readiness": &k.Readiness, "renewal": &k.Renewal, "copy": &k.Copy, "write-file": &k.WriteFile,
		"show-all": &k.ShowAll,
	}
}

// YesNo is how a yes/no question shows its answers: the key bound to
// Confirm, then n for "any other key" ("y/n").
func (k *KeyMap) YesNo() string { return k.Confirm.Help().Key + "/n" }

// Answers are the help bar of an open yes/no question: Confirm, described
// as what yes does, and any other key, described as what no does.
func (k *KeyMap) Answers(yes, no string) []key.Binding {
	return []key.Binding{
		key.NewBinding(key.WithKeys(k.Confirm.Keys()...), key.WithHelp(k.Confirm.Help().Key, yes)),
		// (A binding without keys is never drawn: a hint's name stands
		// in for the keys, and matches no key pressed.)
		Hint("other keys", no),
	}
}

// LoadKeyConfig rebinds keys from the file at path, if it exists. Each
// line is `action = key[, key...]`; # starts a comment. An unknown action
// or key name is an error that names the line, so a typo is caught at
// start-up instead of silently leaving a key unbound.
func (k *KeyMap) LoadKeyConfig(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read key config: %w", err)
	}
	defer f.Close()
	if err := k.ParseKeyConfig(f); err != nil {
		return fmt.Errorf("key config %s: %w", path, err)
	}
	return nil
}

// ParseKeyConfig rebinds keys from r; see LoadKeyConfig for the format.
// A key may not end up on two actions that can be on screen together: a
// line that does so is an error naming both. Actions that share a key in
// the default map (esc for back and clear-filter, tab for next-tab and
// next-field) never meet on one screen, so they may share keys.
func (k *KeyMap) ParseKeyConfig(r io.Reader) error {
	actions := k.Actions()
	rebound := map[string]int{} // action -> the line that rebound it
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 && !strings.Contains(line[:i], "=") {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		name, rest, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("line %d: write it as `action = key, key`", n)
		}
		name = strings.TrimSpace(name)
		b, ok := actions[name]
		if !ok {
			return fmt.Errorf("line %d: unknown action %q (known: %s)", n, name, strings.Join(sortedNames(actions), ", "))
		}
		var keys []string
		for _, kk := range strings.Split(rest, ",") {
			kk = strings.TrimSpace(kk)
			if !ValidKeyName(kk) {
				return fmt.Errorf("line %d: %q is not a key name (use e.g. x, X, ctrl+x, alt+x, enter, esc, tab, space, up, f5)", n, kk)
			}
			keys = append(keys, kk)
			if kk == "space" {
				keys = append(keys, " ") // how Bubble Tea spells it
			}
		}
		b.SetKeys(keys...)
		b.SetHelp(keys[0], b.Help().Desc)
		rebound[name] = n
	}
	if err := sc.Err(); err != nil {
		return err
	}
	return conflicts(actions, rebound)
}

// conflicts finds a key bound to two actions that the defaults keep apart
// and that the config brought together.
func conflicts(actions map[string]*key.Binding, rebound map[string]int) error {
	defaults := DefaultKeyMap().Actions()
	mayShare := func(a, b string) bool {
		for _, x := range defaults[a].Keys() {
			for _, y := range defaults[b].Keys() {
				if x == y {
					return true
				}
			}
		}
		return false
	}
	on := map[string][]string{} // key -> actions bound to it
	for _, name := range sortedNames(actions) {
		for _, kk := range actions[name].Keys() {
			for _, other := range on[kk] {
				if other == name || mayShare(name, other) {
					continue
				}
				_, ra := rebound[name]
				_, rb := rebound[other]
				if !ra && !rb {
					continue
				}
				line := max(rebound[name], rebound[other])
				if kk == " " {
					kk = "space"
				}
				return fmt.Errorf("line %d: %q would do two things, %s and %s: give one of them another key", line, kk, other, name)
			}
			on[kk] = append(on[kk], name)
		}
	}
	return nil
}

func sortedNames(m map[string]*key.Binding) []string {
	out := make([]string, 0, len(m))
	for n := range m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var namedKeys = map[string]bool{
	"enter": true, "esc": true, "tab": true, "shift+tab": true, "space": true, "backspace": true,
	"delete": true, "insert": true, "up": true, "down": true, "left": true, "right": true,
	"home": true, "end": true, "pgup": true, "pgdown": true, "shift+up": true, "shift+down": true,
	"shift+left": true, "shift+right": true, "ctrl+up": true, "ctrl+down": true, "ctrl+left": true,
	"ctrl+right": true, "ctrl+home": true, "ctrl+end": true,
}

// ValidKeyName reports whether s names a key the terminal can send, as
// Bubble Tea spells it.
func ValidKeyName(s string) bool {
	if namedKeys[s] {
		return true
	}
	if len([]rune(s)) == 1 && s != " " && s != "," {
		return true
	}
	if strings.HasPrefix(s, "f") {
		var n int
		if _, err := fmt.Sscanf(s, "f%d", &n); err == nil && n >= 1 && n <= 20 && fmt.Sprintf("f%d", n) == s {
			return true
		}
	}
	for _, mod := range []string{"ctrl+", "alt+"} {
		if rest, ok := strings.CutPrefix(s, mod); ok {
			if mod == "alt+" {
				rest = strings.TrimPrefix(rest, "ctrl+")
			}
			return len([]rune(rest)) == 1 || namedKeys[rest]
		}
	}
	return false
}

// UpDown is the up and down keys as one help entry ("↑/↓ move"), in a
// screen's words (desc); drawn from the key map, a rebound key shows as
// rebound.
func (k *KeyMap) UpDown(desc string) key.Binding { return Pair(k.Up, k.Down, desc) }

// Pair is two bindings as one help entry ("tab/shift+tab next/prev
// field"), matching the keys of both: drawn from the key map, a rebound
// key shows as rebound.
func Pair(a, b key.Binding, desc string) key.Binding {
	return key.NewBinding(key.WithKeys(slices.Concat(a.Keys(), b.Keys())...),
		key.WithHelp(a.Help().Key+"/"+b.Help().Key, desc))
}

// Labeled is b as a screen's help shows it, in that screen's words: the
// same keys (rebound ones included), another description.
func Labeled(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}
