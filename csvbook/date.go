package csvbook

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"bob/model"
)

// DateOrder says how a date like 03/04/2027 is read: day first (most of
// the world) or month first (the United States).
type DateOrder string

// The date orders.
const (
	OrderUnknown DateOrder = ""
	DMY          DateOrder = "dmy"
	MDY          DateOrder = "mdy"
)

// ParseDateOrder reads a --date-order value.
func ParseDateOrder(s string) (DateOrder, error) {
	switch DateOrder(strings.ToLower(strings.TrimSpace(s))) {
	case "":
		return OrderUnknown, nil
	case DMY:
		return DMY, nil
	case MDY:
		return MDY, nil
	}
	return "", fmt.Errorf("date order %q: use dmy (31/03/2027) or mdy (3/31/2027)", s)
}

// months maps month names and abbreviations in English, German, French
// and Spanish (lower case, without a trailing dot) to their number.
var months = map[string]time.Month{}

func init() {
	names := [][]string{
		{"january", "jan", "januar", "jänner", "janvier", "janv", "enero", "ene"},
		{"february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero"},
		{"march", "mar", "märz", "maerz", "mär", "mars", "marzo"},
		{"april", "apr", "avril", "avr", "abril", "abr"},
		{"may", "mai", "mayo", "may"},
		{"june", "jun", "juni", "juin", "junio"},
		{"july", "jul", "juli", "juillet", "juil", "julio"},
		{"august", "aug", "août", "aout", "agosto", "ago"},
		{"september", "sep", "sept", "septembre", "septiembre", "setiembre"},
		{"october", "oct", "oktober", "okt", "octobre", "octubre"},
		{"november", "nov", "novembre", "noviembre"},
		{"december", "dec", "dezember", "dez", "décembre", "décembre", "diciembre", "dic", "déc"},
	}
	for i, ns := range names {
		for _, n := range ns {
			months[n] = time.Month(i + 1)
		}
	}
}

// slashed holds the two leading numbers of a date written a/b/yyyy (or
// with '-'), whose order the file must settle.
type slashed struct{ a, b, year int }

// ParseDate reads a date as exports write it: 2027-03-31 (also with a
// time after it), 31.03.2027, 3/31/2027 or 31/03/2027, "Mar 31, 2027",
// "31 March 2027", "31-Mar-2027", "31. März 2027". Numeric dates with
// '/' or '-' need order when both numbers could be the month; with
// OrderUnknown such a date is an *AmbiguousDateError.
func ParseDate(s string, order DateOrder) (model.Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return model.Date{}, nil
	}
	bad := fmt.Errorf("%q is not a date (write it as 2027-03-31)", s)
	// ISO, possibly with a time of day.
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		if d, err := model.ParseDate(s[:10]); err == nil && (len(s) == 10 || s[10] == 'T' || s[10] == ' ') {
			return d, nil
		}
		return model.Date{}, bad
	}
	// Drop a time of day after a space: "3/31/2027 0:00".
	if f := strings.Fields(s); len(f) == 2 && strings.Contains(f[1], ":") {
		s = f[0]
	}
	if n, ok := numbers(s, '.'); ok && len(n) == 3 {
		return makeDate(n[2], n[1], n[0], s)
	}
	for _, sep := range []byte{'/', '-'} {
		if n, ok := numbers(s, sep); ok && len(n) == 3 {
			if n[0] > 31 { // yyyy/mm/dd
				return makeDate(n[0], n[1], n[2], s)
			}
			sl := slashed{n[0], n[1], n[2]}
			o := order
			switch {
			case sl.a > 12 && sl.b > 12:
				return model.Date{}, bad
			case sl.a > 12:
				o = DMY
			case sl.b > 12:
				o = MDY
			case sl.a == sl.b:
				o = DMY
			}
			switch o {
			case DMY:
				return makeDate(sl.year, sl.b, sl.a, s)
			case MDY:
				return makeDate(sl.year, sl.a, sl.b, s)
			}
			return model.Date{}, &AmbiguousDateError{Value: s}
		}
	}
	return parseWordDate(s, bad)
}

// AmbiguousDateError is a date such as 03/04/2027 that could be the 3rd of
// April or March the 4th, when nothing in the file settles which.
type AmbiguousDateError struct{ Value string }

func (e *AmbiguousDateError) Error() string {
	return fmt.Sprintf("%q could be day/month or month/day: choose with --date-order dmy or mdy", e.Value)
}

// DateOrderOf settles the order of a file's numeric dates from the
// values that are not ambiguous: a first number above 12 means day first,
// a second above 12 month first. It returns OrderUnknown when no value
// decides, and an error when values decide both ways.
func DateOrderOf(values []string) (DateOrder, error) {
	var dmy, mdy string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if f := strings.Fields(v); len(f) == 2 && strings.Contains(f[1], ":") {
			v = f[0]
		}
		for _, sep := range []byte{'/', '-'} {
			n, ok := numbers(v, sep)
			if !ok || len(n) != 3 || n[0] > 31 {
				continue
			}
			if n[0] > 12 && n[1] <= 12 && dmy == "" {
				dmy = v
			}
			if n[1] > 12 && n[0] <= 12 && mdy == "" {
				mdy = v
			}
		}
	}
	switch {
	case dmy != "" && mdy != "":
		return OrderUnknown, fmt.Errorf("dates are written both day first (%s) and month first (%s): fix the file or choose with --date-order", dmy, mdy)
	case dmy != "":
		return DMY, nil
	case mdy != "":
		return MDY, nil
	}
	return OrderUnknown, nil
}

func numbers(s string, sep byte) ([]int, bool) {
	parts := strings.Split(strings.TrimSuffix(s, string(sep)), string(sep))
	out := make([]int, 0, len(parts))
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" || len(p) > 4 {
			return nil, false
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, false
		}
		out = append(out, n)
	}
	if len(out) == 3 && len(strings.TrimSpace(parts[2])) <= 2 {
		out[2] += 2000 // two-digit years: Excel's 3/31/27
	}
	return out, true
}

func makeDate(y, m, d int, s string) (model.Date, error) {
	if m < 1 || m > 12 || d < 1 || d > 31 || y < 1900 || y > 2200 {
		return model.Date{}, fmt.Errorf("%q is not a date (write it as 2027-03-31)", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return model.Date{}, fmt.Errorf("%q is not a day of the calendar", s)
	}
	return model.DateOf(t), nil
}

// parseWordDate reads dates with a month name: "Mar 31, 2027",
// "31 March 2027", "31-Mar-2027", "31. März 2027", "31 de marzo de 2027".
func parseWordDate(s string, bad error) (model.Date, error) {
	f := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return r == ' ' || r == ',' || r == '-' || r == '.' || r == '/'
	})
	var day, year int
	var month time.Month
	for _, w := range f {
		if w == "de" || w == "del" {
			continue
		}
		if m, ok := months[w]; ok && month == 0 {
			month = m
			continue
		}
		n, err := strconv.Atoi(w)
		switch {
		case err != nil:
			return model.Date{}, bad
		case len(w) == 4 && year == 0:
			year = n
		case day == 0 && len(w) <= 2:
			day = n
		case year == 0 && len(w) == 2:
			year = 2000 + n
		default:
			return model.Date{}, bad
		}
	}
	if month == 0 || day == 0 || year == 0 {
		return model.Date{}, bad
	}
	return makeDate(year, int(month), day, s)
}
