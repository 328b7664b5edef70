package model

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time of day and no zone: renewal dates,
// due dates and contract starts are days on the customer's calendar, and
// must not shift when the laptop travels across time zones.
// The zero Date means "not set".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateLayout is how a Date is written in files and typed by the user.
const DateLayout = "2006-01-02"

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses a day written as YYYY-MM-DD. The empty string is the
// zero Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("%s is not a date: write it as YYYY-MM-DD", Quote(s))
	}
	return DateOf(t), nil
}

// MustDate is ParseDate for literals in code and tests.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// String writes the day as YYYY-MM-DD, or "" when unset.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(DateLayout)
}

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool { return d.Time().Before(e.Time()) }

// AddDays returns the day n days after d (before, for negative n).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysBetween returns how many days to lies after from (negative when it
// lies before). Both are calendar days, so no clock change can make a day
// 23 or 25 hours long.
func DaysBetween(from, to Date) int {
	return int(to.Time().Sub(from.Time()).Hours() / 24)
}

// DaysFrom returns how many days d lies after the calendar day of now:
// 0 today, negative in the past.
func (d Date) DaysFrom(now time.Time) int {
	today := DateOf(now).Time()
	return int(d.Time().Sub(today).Hours() / 24)
}

// MarshalText writes the day as YYYY-MM-DD ("" when unset).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads a day written as YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
