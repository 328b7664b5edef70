package form

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"bob/model"
)

// DateTimeLayout is how a date with a time of day is written and shown.
const DateTimeLayout = "2006-01-02 15:04"

// ParseDate reads a calendar day as a user types it: "2026-12-01",
// "today", "tomorrow", "yesterday", or an offset from today such as
// "+30d", "-3d", "+2w", "+6m" (months) or "+1y". The empty string is the
// zero (unset) Date.
func ParseDate(s string, now time.Time) (model.Date, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	today := model.DateOf(now)
	switch s {
	case "":
		return model.Date{}, nil
	case "today", "now":
		return today, nil
	case "tomorrow":
		return today.AddDays(1), nil
	case "yesterday":
		return today.AddDays(-1), nil
	}
	if s[0] == '+' || s[0] == '-' {
		if d, ok := offset(today, s); ok {
			return d, nil
		}
		return model.Date{}, fmt.Errorf("%q is not a date: write YYYY-MM-DD, today, +30d or -3d", s)
	}
	d, err := model.ParseDate(s)
	if err != nil {
		return model.Date{}, fmt.Errorf("%q is not a date: write YYYY-MM-DD, today, +30d or -3d", s)
	}
	return d, nil
}

// offset applies "+30d", "-2w", "+6m" or "+1y" to day.
func offset(day model.Date, s string) (model.Date, bool) {
	if len(s) < 2 {
		return model.Date{}, false
	}
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	body := s[1:]
	unit := byte('d')
	if last := body[len(body)-1]; last < '0' || last > '9' {
		unit, body = last, body[:len(body)-1]
	}
	n, err := strconv.Atoi(body)
	if err != nil || n < 0 || n > 100000 {
		return model.Date{}, false
	}
	n *= sign
	t := day.Time()
	switch unit {
	case 'd':
		t = t.AddDate(0, 0, n)
	case 'w':
		t = t.AddDate(0, 0, 7*n)
	case 'm':
		t = t.AddDate(0, n, 0)
	case 'y':
		t = t.AddDate(n, 0, 0)
	default:
		return model.Date{}, false
	}
	return model.DateOf(t), true
}

// ParseDateTime reads a moment as a user types it: "now", any day that
// ParseDate accepts ("yesterday", "-3d", "2026-11-02"), optionally
// followed by a time of day ("2026-11-02 14:30", "yesterday 9:15"), or a
// time of day alone ("14:30", meaning today). A day without a time keeps
// the current time of day, so back-dated entries stay in a sensible
// order. The empty string is the zero time, which callers read as "now".
// Times are in now's location.
func ParseDateTime(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if strings.EqualFold(s, "now") {
		return now, nil
	}
	bad := fmt.Errorf("%q is not a date and time: write now, yesterday, -3d, 2026-11-02 or 2026-11-02 14:30", s)
	day, clock := s, ""
	if f := strings.Fields(s); len(f) == 2 {
		day, clock = f[0], f[1]
	} else if len(f) > 2 {
		return time.Time{}, bad
	} else if strings.Contains(s, ":") {
		day, clock = "today", s
	}
	d, err := ParseDate(day, now)
	if err != nil {
		return time.Time{}, bad
	}
	h, mi, sec := now.Clock()
	if clock != "" {
		ct, err := time.Parse("15:04", clock)
		if err != nil {
			return time.Time{}, bad
		}
		h, mi, sec = ct.Hour(), ct.Minute(), 0
	}
	return time.Date(d.Year, d.Month, d.Day, h, mi, sec, 0, now.Location()), nil
}

// FormatDateTime writes t the way ParseDateTime reads it back.
func FormatDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(DateTimeLayout)
}

// SplitTags splits a tag field on commas and spaces, dropping empties and
// repeats, keeping the order typed.
func SplitTags(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// Mentions returns the names from names that text mentions as "@Name"
// (case-insensitive), in the order of names. Longer names are matched
// first so that "@Ann Lee" is not also read as "@Ann".
func Mentions(text string, names []string) []string {
	lower := strings.ToLower(text)
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	// longest first, stable
	for i := 1; i < len(order); i++ {
		for j := i; j > 0 && len(names[order[j]]) > len(names[order[j-1]]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	found := make([]bool, len(names))
	for _, i := range order {
		n := strings.ToLower(names[i])
		if n == "" {
			continue
		}
		at := "@" + n
		if k := nextMention(lower, at, 0); k >= 0 {
			found[i] = true
			// blank it out so a shorter name cannot match inside it
			lower = lower[:k] + strings.Repeat(" ", len(at)) + lower[k+len(at):]
		}
	}
	var out []string
	for i, ok := range found {
		if ok {
			out = append(out, names[i])
		}
	}
	return out
}

// nextMention finds at ("@name", lower case) in lower from byte from on,
// as a whole name (not the start of a longer one), or returns -1.
func nextMention(lower, at string, from int) int {
	for from <= len(lower) {
		k := strings.Index(lower[from:], at)
		if k < 0 {
			return -1
		}
		k += from
		end := k + len(at)
		if end == len(lower) || !isNameRune(rune(lower[end])) {
			return k
		}
		from = end
	}
	return -1
}

func isNameRune(r rune) bool {
	return r == '_' || r == '-' || r == '\'' || (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') || r >= 0x80
}

// UnknownMentions returns the "@name"s in text that match none of names:
// the word after the "@", and a second word when it is capitalised, as in
// "@Jane Roe". An "@" inside a word (an email address) is not a mention.
// The timeline uses it so an unknown name is never saved silently as text.
func UnknownMentions(text string, names []string) []string {
	lower := strings.ToLower(text)
	if len(lower) != len(text) {
		text = lower // a case change that moves bytes: read the lower text
	}
	sorted := append([]string(nil), names...)
	sort.SliceStable(sorted, func(i, j int) bool { return len(sorted[i]) > len(sorted[j]) })
	for _, n := range sorted {
		at := "@" + strings.ToLower(n)
		if at == "@" {
			continue
		}
		blank := strings.Repeat(" ", len(at))
		for k := nextMention(lower, at, 0); k >= 0; k = nextMention(lower, at, k+len(at)) {
			lower = lower[:k] + blank + lower[k+len(at):]
			text = text[:k] + blank + text[k+len(at):]
		}
	}
	var out []string
	seen := map[string]bool{}
	for i := 0; i < len(lower); i++ {
		if lower[i] != '@' || (i > 0 && !strings.ContainsRune(" \t\n([{,;\"'", rune(lower[i-1]))) {
			continue
		}
		word := func(from int) int {
			j := from
			for j < len(lower) && (isNameRune(rune(lower[j])) || lower[j] >= 0x80) {
				j++
			}
			return j
		}
		end := word(i + 1)
		if end == i+1 {
			continue
		}
		// "@Jane Roe": take the surname too when it is capitalised.
		if end+1 < len(text) && text[end] == ' ' && text[end+1] >= 'A' && text[end+1] <= 'Z' {
			end = word(end + 1)
		}
		name := strings.TrimRight(text[i+1:end], "-'_")
		if name != "" && !seen[strings.ToLower(name)] {
			seen[strings.ToLower(name)] = true
			out = append(out, name)
		}
		i = end
	}
	return out
}
