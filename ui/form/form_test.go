package form_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
	"bob/ui/common"
	"bob/ui/form"
	"bob/ui/uitest"
)

// recorder wraps a form and keeps every message that reaches it, so a
// test can see what the form sent (BackMsg, StatusMsg...).
type recorder struct {
	f    *form.Model
	seen []tea.Msg
}

func (r *recorder) Init() tea.Cmd { return nil }
func (r *recorder) View() string  { return r.f.View() }
func (r *recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	r.seen = append(r.seen, msg)
	_, cmd := r.f.Update(msg)
	return r, cmd
}

func (r *recorder) got(t *testing.T, want func(tea.Msg) bool) bool {
	t.Helper()
	for _, m := range r.seen {
		if want(m) {
			return true
		}
	}
	return false
}

func isBack(m tea.Msg) bool { _, ok := m.(common.BackMsg); return ok }

func fields() []form.Field {
	return []form.Field{
		{Key: "name", Label: "Name", Kind: form.Text},
		{Key: "stage", Label: "Stage", Kind: form.Select, Options: []string{"", "onboarding", "adoption", "renewal"}},
		{Key: "renewal", Label: "Renewal", Kind: form.Date, Group: "Contract"},
		{Key: "arr", Label: "ARR", Kind: form.Money, Group: "Contract"},
		{Key: "active", Label: "Active", Kind: form.Bool},
		{Key: "notes", Label: "Notes", Kind: form.LongText},
	}
}

func newForm(t *testing.T, submit func(form.Values) tea.Cmd) (*recorder, *common.Context) {
	t.Helper()
	ctx := uitest.Context(t, 80, 24)
	if submit == nil {
		submit = func(form.Values) tea.Cmd { return nil }
	}
	return &recorder{f: form.New(ctx, "Test form", fields(), submit)}, ctx
}

func TestTypingAndTabOrder(t *testing.T) {
	var got form.Values
	r, _ := newForm(t, func(v form.Values) tea.Cmd { got = v; return nil })
	if !r.f.Capturing() || r.f.Focused() != "name" {
		t.Fatalf("focus %q capturing %v, want name and true", r.f.Focused(), r.f.Capturing())
	}
	uitest.Drive(r, uitest.Keys("Acme", "tab")...)
	if r.f.Focused() != "stage" || r.f.Capturing() {
		t.Fatalf("after tab: focus %q capturing %v", r.f.Focused(), r.f.Capturing())
	}
	uitest.Drive(r, uitest.Keys("tab", "+7d", "enter", "120k", "down", "space", "shift+tab", "up")...)
	if r.f.Focused() != "renewal" {
		t.Fatalf("focus %q, want renewal", r.f.Focused())
	}
	uitest.Drive(r, uitest.Keys("ctrl+s")...)
	if got == nil {
		t.Fatal("submit not called")
	}
	if got.String("name") != "Acme" || got.Date("renewal") != model.MustDate("2026-11-30") ||
		got.Money("arr") != (model.Money{Minor: 12_000_000, Currency: "USD"}) || !got.Bool("active") {
		t.Fatalf("values = %v", got)
	}
	if !r.got(t, isBack) {
		t.Fatal("a successful save did not close the form")
	}
}

func TestSelectCycling(t *testing.T) {
	r, _ := newForm(t, nil)
	uitest.Drive(r, uitest.Keys("tab", "right", "right")...)
	if v := r.f.Value("stage"); v != "adoption" {
		t.Fatalf("stage = %q, want adoption", v)
	}
	uitest.Drive(r, uitest.Keys("left", "left", "left")...)
	if v := r.f.Value("stage"); v != "renewal" {
		t.Fatalf("stage after wrapping left = %q, want renewal", v)
	}
}

func TestParseErrorsShowInlineBeforeAnyStoreCall(t *testing.T) {
	called := false
	r, _ := newForm(t, func(form.Values) tea.Cmd { called = true; return nil })
	uitest.Drive(r, uitest.Keys("X", "tab", "tab", "next week", "tab", "lots", "ctrl+s")...)
	if called {
		t.Fatal("submit was called with unparseable fields")
	}
	if r.f.Focused() != "renewal" {
		t.Fatalf("focus %q, want the first bad field (renewal)", r.f.Focused())
	}
	view := uitest.Plain(r.View())
	for _, want := range []string{`"next week" is not a date`, `"lots" is not an amount`} {
		if !strings.Contains(view, want) {
			t.Errorf("view lacks %q:\n%s", want, view)
		}
	}
	if r.got(t, isBack) {
		t.Fatal("form closed despite errors")
	}
}

func TestValidationErrorShowsUnderItsField(t *testing.T) {
	r, _ := newForm(t, func(form.Values) tea.Cmd {
		return func() tea.Msg {
			return &model.ValidationError{Problems: []model.FieldError{{Field: "renewal", Problem: "is before the contract start"}}}
		}
	})
	uitest.Drive(r, uitest.Keys("Acme", "ctrl+s")...)
	if r.f.Focused() != "renewal" || r.f.Error("renewal") != "is before the contract start" {
		t.Fatalf("focus %q error %q", r.f.Focused(), r.f.Error("renewal"))
	}
	if !strings.Contains(uitest.Plain(r.View()), "✗ is before the contract start") {
		t.Fatalf("error not shown:\n%s", r.View())
	}
	if r.got(t, isBack) {
		t.Fatal("form closed on a validation error")
	}
}

func TestStoreErrorGoesToStatusLine(t *testing.T) {
	r, _ := newForm(t, func(form.Values) tea.Cmd {
		return func() tea.Msg { return errors.New("book is locked by another bob") }
	})
	uitest.Drive(r, uitest.Keys("Acme", "ctrl+s")...)
	if !r.got(t, func(m tea.Msg) bool {
		s, ok := m.(common.StatusMsg)
		return ok && s.Error && strings.Contains(s.Text, "locked")
	}) {
		t.Fatal("no error StatusMsg")
	}
	if r.got(t, isBack) {
		t.Fatal("form closed on a store error")
	}
}

func TestEscWithChangesAsks(t *testing.T) {
	r, _ := newForm(t, nil)
	uitest.Drive(r, uitest.Keys("esc")...)
	if !r.got(t, isBack) {
		t.Fatal("esc on an unchanged form did not close it")
	}
	r, _ = newForm(t, nil)
	uitest.Drive(r, uitest.Keys("Acme", "esc")...)
	if r.got(t, isBack) {
		t.Fatal("esc with changes closed without asking")
	}
	if !strings.Contains(r.View(), "discard changes? y/n") || !r.f.Capturing() {
		t.Fatalf("no prompt:\n%s", r.View())
	}
	uitest.Drive(r, uitest.Keys("n")...)
	if r.f.Value("name") != "Acme" || strings.Contains(r.View(), "discard changes?") {
		t.Fatal("n did not return to the form")
	}
	uitest.Drive(r, uitest.Keys("esc", "y")...)
	if !r.got(t, isBack) {
		t.Fatal("y did not discard")
	}
}

func TestMentionCompletion(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	people := []string{"Dana Whitfield", "Priya Nair", "Dan Brown"}
	var got form.Values
	f := form.New(ctx, "Entry", []form.Field{
		{Key: "title", Label: "Title", Kind: form.Text, Mentions: people},
		{Key: "body", Label: "Body", Kind: form.LongText, Mentions: people},
	}, func(v form.Values) tea.Cmd { got = v; return nil })
	r := &recorder{f: f}
	uitest.Drive(r, uitest.Keys("Call with @pri")...)
	if !strings.Contains(uitest.Plain(r.View()), "> @Priya Nair") {
		t.Fatalf("no suggestion:\n%s", r.View())
	}
	uitest.Drive(r, uitest.Keys("tab", "and @dwhit", "enter")...)
	if v := r.f.Value("title"); v != "Call with @Priya Nair and @Dana Whitfield " {
		t.Fatalf("title = %q", v)
	}
	uitest.Drive(r, uitest.Keys("tab", "cc @danb", "enter", "ctrl+s")...)
	if got == nil {
		t.Fatal("not saved")
	}
	names := got.Mentions(people, "title", "body")
	if strings.Join(names, ",") != "Dana Whitfield,Priya Nair,Dan Brown" {
		t.Fatalf("mentions = %v (body %q)", names, got.String("body"))
	}
}

func TestParseDate(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"": "", "today": "2026-11-23", "tomorrow": "2026-11-24", "yesterday": "2026-11-22",
		"+30d": "2026-12-23", "-3d": "2026-11-20", "+2w": "2026-12-07", "+1m": "2026-12-23",
		"+1y": "2027-11-23", "2027-01-31": "2027-01-31", " Today ": "2026-11-23",
	} {
		d, err := form.ParseDate(in, now)
		if err != nil || d.String() != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %s", in, d, err, want)
		}
	}
	for _, bad := range []string{"next week", "2026-13-01", "+x", "+3q", "1/2/2026"} {
		if _, err := form.ParseDate(bad, now); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
}

func TestParseDateTime(t *testing.T) {
	now := time.Date(2026, 11, 23, 10, 5, 0, 0, time.UTC)
	for in, want := range map[string]string{
		"now": "2026-11-23 10:05", "yesterday": "2026-11-22 10:05", "-3d": "2026-11-20 10:05",
		"2026-11-02": "2026-11-02 10:05", "2026-11-02 14:30": "2026-11-02 14:30", "14:30": "2026-11-23 14:30",
		"yesterday 9:15": "2026-11-22 09:15",
	} {
		got, err := form.ParseDateTime(in, now)
		if err != nil || form.FormatDateTime(got) != want {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if got, err := form.ParseDateTime("", now); err != nil || !got.IsZero() {
		t.Errorf("empty = %v, %v", got, err)
	}
	for _, bad := range []string{"soon", "2026-11-02 25:00", "a b c"} {
		if _, err := form.ParseDateTime(bad, now); err == nil {
			t.Errorf("ParseDateTime(%q) accepted", bad)
		}
	}
}

func TestMentions(t *testing.T) {
	names := []string{"Ann", "Ann Lee", "Bo"}
	if got := form.Mentions("met @ann lee and bo@x.com", names); strings.Join(got, ",") != "Ann Lee" {
		t.Fatalf("got %v", got)
	}
	if got := form.Mentions("@Ann, @Bo", names); strings.Join(got, ",") != "Ann,Bo" {
		t.Fatalf("got %v", got)
	}
}

func TestScrollsAt80x24(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	var fs []form.Field
	for i := range 30 {
		fs = append(fs, form.Field{Key: string(rune('a'+i%26)) + strings.Repeat("x", i/26), Label: "Field " + string(rune('A'+i%26)), Kind: form.Text})
	}
	f := form.New(ctx, "Tall", fs, func(form.Values) tea.Cmd { return nil })
	for range 29 {
		f.Update(tea.KeyMsg{Type: tea.KeyTab})
	}
	view := f.View()
	if n := strings.Count(view, "\n") + 1; n != 24 {
		t.Fatalf("view has %d lines, want 24", n)
	}
	if !strings.Contains(view, "▸ Field D") {
		t.Fatalf("focused last field not visible:\n%s", view)
	}
}

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		ctx := uitest.Context(t, size[0], size[1])
		f := form.New(ctx, "Edit account", fields(), func(form.Values) tea.Cmd { return nil })
		uitest.Drive(f, uitest.Keys("Acme", "tab", "right", "tab", "soon", "ctrl+s")...)
		uitest.Golden(t, "form-"+sizeName(size), f.View())
	}
}

func sizeName(s [2]int) string {
	return strings.ReplaceAll(strings.TrimSpace(strings.Join([]string{itoa(s[0]), itoa(s[1])}, "x")), " ", "")
}

func itoa(n int) string {
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func TestFastTypingIsTakenOneKeyAtATime(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	f := form.New(ctx, "Entry", []form.Field{
		{Key: "kind", Label: "Kind", Kind: form.Select, Options: []string{"call", "note"}, Shortcuts: map[string]string{"c": "call", "n": "note"}, Next: "title"},
		{Key: "internal", Label: "Internal", Kind: form.Bool, Hotkey: "i"},
		{Key: "title", Label: "Title", Kind: form.Text},
	}, func(form.Values) tea.Cmd { return nil })
	uitest.Drive(f, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("inHello")})
	if f.Value("kind") != "note" || f.Value("internal") != "true" || f.Value("title") != "Hello" {
		t.Fatalf("kind %q internal %q title %q", f.Value("kind"), f.Value("internal"), f.Value("title"))
	}
}

func TestPickField(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	var got form.Values
	f := form.New(ctx, "Pick", []form.Field{
		{Key: "boss", Label: "Manager", Kind: form.Pick, Options: []string{"Dana Whitfield", "Priya Nair", "Lee Chen"}},
	}, func(v form.Values) tea.Cmd { got = v; return nil })
	r := &recorder{f: f}
	uitest.Drive(r, uitest.Keys("pri")...)
	if v := uitest.Plain(r.View()); !strings.Contains(v, "Priya Nair") {
		t.Fatalf("no suggestion for 'pri':\n%s", v)
	}
	uitest.Drive(r, uitest.Keys("tab", "ctrl+s")...)
	if got["boss"] != "Priya Nair" {
		t.Fatalf("picked %q, want Priya Nair", got["boss"])
	}
	got = nil
	f2 := form.New(ctx, "Pick", []form.Field{
		{Key: "boss", Label: "Manager", Kind: form.Pick, Options: []string{"Dana Whitfield"}},
	}, func(v form.Values) tea.Cmd { got = v; return nil })
	r2 := &recorder{f: f2}
	uitest.Drive(r2, uitest.Keys("zzz", "ctrl+s")...)
	if got != nil || f2.Error("boss") == "" {
		t.Fatalf("a name nobody has was accepted: %v / %q", got, f2.Error("boss"))
	}
}

func TestUnknownMentions(t *testing.T) {
	names := []string{"Priya Nair", "Dana Whitfield", "Lee"}
	cases := []struct{ text, want string }{
		{"Sync with @Priya Nair and @lee", ""},
		{"Call with @Jane Roe about @priya nair", "Jane Roe"},
		{"mail bob@acme.example, then @omar", "omar"},
		{"@Lee and @Leena", "Leena"},
		{"@jane and @Jane again", "jane"},
	}
	for _, c := range cases {
		got := strings.Join(form.UnknownMentions(c.text, names), "|")
		if got != c.want {
			t.Errorf("UnknownMentions(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

// TestOnlyIfHidesAFieldThatDoesNotApply: a field shown only for one
// choice is not drawn, skipped by tab and saved empty (not checked) for
// the others, and appears as soon as its choice is made.
func TestOnlyIfHidesAFieldThatDoesNotApply(t *testing.T) {
	var got form.Values
	ctx := uitest.Context(t, 80, 24)
	fs := []form.Field{
		{Key: "kind", Label: "Kind", Kind: form.Select, Options: []string{"call", "escalation"}},
		{Key: "due", Label: "Resolve by", Kind: form.Date, Value: "not a date",
			OnlyIf: form.Condition{Key: "kind", Values: []string{"escalation"}}},
		{Key: "title", Label: "Title", Kind: form.Text},
	}
	r := &recorder{f: form.New(ctx, "Entry", fs, func(v form.Values) tea.Cmd { got = v; return nil })}
	if v := uitest.Plain(r.View()); strings.Contains(v, "Resolve by") {
		t.Fatalf("the field shows for a call:\n%s", v)
	}
	uitest.Drive(r, uitest.Keys("tab")...)
	if r.f.Focused() != "title" {
		t.Fatalf("tab from kind went to %q, want title (the hidden field skipped)", r.f.Focused())
	}
	uitest.Drive(r, uitest.Keys("x", "shift+tab")...)
	if r.f.Focused() != "kind" {
		t.Fatalf("shift+tab from title went to %q, want kind", r.f.Focused())
	}
	uitest.Drive(r, uitest.Keys("ctrl+s")...)
	if got == nil || got.String("due") != "" || got.String("title") != "x" {
		t.Fatalf("saved %v: want the hidden field empty and not checked", got)
	}
	got = nil
	r = &recorder{f: form.New(ctx, "Entry", fs, func(v form.Values) tea.Cmd { got = v; return nil })}
	uitest.Drive(r, uitest.Keys("right")...)
	if v := uitest.Plain(r.View()); !strings.Contains(v, "Resolve by") {
		t.Fatalf("the field does not show for an escalation:\n%s", v)
	}
	uitest.Drive(r, uitest.Keys("tab")...)
	if r.f.Focused() != "due" {
		t.Fatalf("tab went to %q, want due", r.f.Focused())
	}
	uitest.Drive(r, uitest.Keys("ctrl+s")...)
	if got != nil {
		t.Fatalf("saved %v with a bad date in a shown field", got)
	}
}

// TestPlaceholderWithoutColourReadsAsOne: with no colour (NO_COLOR; the
// tests' profile) a placeholder cannot be faint, so it is bracketed and
// does not read as a value already typed in.
func TestPlaceholderWithoutColourReadsAsOne(t *testing.T) {
	ctx := uitest.Context(t, 80, 24)
	f := form.New(ctx, "New account", []form.Field{
		{Key: "name", Label: "Name", Kind: form.Text, Placeholder: "the customer's name"},
		{Key: "domain", Label: "Domain", Kind: form.Text, Placeholder: "example.com"},
	}, func(form.Values) tea.Cmd { return nil })
	v := uitest.Plain(f.View())
	for _, want := range []string{"Name   (the customer's name)", "Domain (example.com)"} {
		if !strings.Contains(v, want) {
			t.Errorf("the form lacks %q:\n%s", want, v)
		}
	}
}

// The form's help is drawn from the key map: rebound keys show as
// rebound.
func TestHelpShowsReboundKeys(t *testing.T) {
	r, ctx := newForm(t, nil)
	if err := ctx.Keys.ParseKeyConfig(strings.NewReader("next-field = ctrl+n, down\nback = ctrl+g\n")); err != nil {
		t.Fatal(err)
	}
	var help []string
	for _, b := range r.f.ShortHelp() {
		help = append(help, b.Help().Key+" "+b.Help().Desc)
	}
	got := strings.Join(help, " • ")
	for _, want := range []string{"ctrl+n/shift+tab next/prev field", "ctrl+g cancel"} {
		if !strings.Contains(got, want) {
			t.Errorf("help %q lacks %q", got, want)
		}
	}
}
