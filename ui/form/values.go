package form

import (
	"strconv"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"bob/model"
)

// Values is what a form hands to its submit function: each field's value
// by Key, already checked and normalised by the form, so the typed
// getters below cannot fail ("today" has become "2026-11-23", "120k" has
// become "USD 120,000", a Bool is "true" or "false").
type Values map[string]string

// String returns the text of a field (Text, LongText, Select).
func (v Values) String(key string) string { return v[key] }

// Date returns a Date field's day; the zero Date when empty.
func (v Values) Date(key string) model.Date {
	d, _ := model.ParseDate(v[key])
	return d
}

// Time returns a DateTime field's moment in loc; the zero time when
// empty (callers read it as "now").
func (v Values) Time(key string, loc *time.Location) time.Time {
	if v[key] == "" {
		return time.Time{}
	}
	if loc == nil {
		loc = time.Local
	}
	t, _ := time.ParseInLocation(DateTimeLayout, v[key], loc)
	return t
}

// Money returns a Money field's amount.
func (v Values) Money(key string) model.Money {
	m, _ := model.ParseMoney(v[key], "")
	return m
}

// Int returns an Int field's number; 0 when empty.
func (v Values) Int(key string) int {
	n, _ := strconv.Atoi(v[key])
	return n
}

// Bool returns a Bool field's state.
func (v Values) Bool(key string) bool { return v[key] == "true" }

// Tags returns a Tags field's tags.
func (v Values) Tags(key string) []string { return SplitTags(v[key]) }

// Mentions returns the names (from names) mentioned as "@Name" in any
// of the given fields.
func (v Values) Mentions(names []string, keys ...string) []string {
	text := ""
	for _, k := range keys {
		text += v[k] + "\n"
	}
	return Mentions(text, names)
}

// Options lists the values of a string enum as a Select field's options,
// with an empty first option when blank (a value not set yet).
func Options[T ~string](vs []T, blank bool) []string {
	out := make([]string, 0, len(vs)+1)
	if blank {
		out = append(out, "")
	}
	for _, v := range vs {
		out = append(out, string(v))
	}
	return out
}

// Save is the command a form's submit returns for one store call: call
// runs in the command; its error comes back to the form (a
// *model.ValidationError under its fields), and on success ok says what
// happened next.
func Save[T any](call func() (T, error), ok func(T) tea.Msg) tea.Cmd {
	return func() tea.Msg {
		v, err := call()
		if err != nil {
			return err
		}
		return ok(v)
	}
}
