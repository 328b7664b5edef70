package model

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// FieldError is one problem with one field of a record.
type FieldError struct {
	Field   string
	Problem string
}

func (e FieldError) Error() string { return e.Field + ": " + e.Problem }

// ValidationError lists every problem found in a record, so a form can
// show each next to its field and a command can print them all at once.
type ValidationError struct {
	Problems []FieldError
}

func (e *ValidationError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.Error()
	}
	return strings.Join(parts, "; ")
}

// For returns the problem reported for field, or "".
func (e *ValidationError) For(field string) string {
	for _, p := range e.Problems {
		if p.Field == field {
			return p.Problem
		}
	}
	return ""
}

type validator struct{ problems []FieldError }

func (v *validator) add(field, problem string) {
	v.problems = append(v.problems, FieldError{field, problem})
}

func (v *validator) required(field, s string) {
	if strings.TrimSpace(s) == "" {
		v.add(field, "is required")
	}
}

func (v *validator) maxLen(field, s string, n int) {
	if len(s) > n && utf8.RuneCountInString(s) > n {
		v.add(field, fmt.Sprintf("is longer than %d characters", n))
	}
}

func (v *validator) id(field, s string) {
	if s == "" {
		v.add(field, "is required")
	} else if !ValidID(s) {
		v.add(field, fmt.Sprintf("%s is not a valid id", Quote(s)))
	}
}

// oneOf accepts the empty string (unset) or one of allowed.
func oneOf[T ~string](v *validator, field, s string, allowed []T) {
	if s == "" {
		return
	}
	for _, a := range allowed {
		if string(a) == s {
			return
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	v.add(field, fmt.Sprintf("%s is not one of: %s", Quote(s), strings.Join(names, ", ")))
}

func (v *validator) err() error {
	if len(v.problems) == 0 {
		return nil
	}
	return &ValidationError{Problems: v.problems}
}

func looksLikeEmail(s string) bool {
	at := strings.IndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t") && strings.Count(s, "@") == 1
}

// custom checks a custom-fields map: at most MaxListLen fields, each
// named by one non-empty line and holding long text.
func (v *validator) custom(field string, m map[string]string) {
	v.count(field, len(m), MaxListLen)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		before := len(v.problems)
		if strings.TrimSpace(k) == "" {
			v.add(field, "a custom field needs a name")
		}
		v.line(field, k, MaxNameLen)
		v.text(field+" "+Quote(k), m[k])
		if len(v.problems) > before {
			return // one problem is enough to act on
		}
	}
}
