package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Money is an amount in integer minor units (cents) of an ISO 4217
// currency. Integers, because ARR is summed and compared and must never
// drift by a rounding error.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency"`
}

// IsZero reports whether no amount is set.
func (m Money) IsZero() bool { return m.Minor == 0 }

// String writes the amount with thousands separators, e.g. "USD 120,000".
// Cents are shown only when there are any.
func (m Money) String() string {
	if m.Currency == "" && m.Minor == 0 {
		return ""
	}
	neg := m.Minor < 0
	v := m.Minor
	if neg {
		v = -v
	}
	whole, cents := v/100, v%100
	s := groupThousands(strconv.FormatInt(whole, 10))
	if cents != 0 {
		s += fmt.Sprintf(".%02d", cents)
	}
	if neg {
		s = "-" + s
	}
	if m.Currency == "" {
		return s
	}
	return m.Currency + " " + s
}

// Short writes the amount compactly for narrow columns: "14.5k",
// "120k", "1.2M".
func (m Money) Short() string {
	whole := m.Minor / 100
	switch {
	case whole >= 1_000_000:
		return strconv.FormatFloat(float64(whole)/1e6, 'f', 1, 64) + "M"
	case whole >= 100_000:
		return strconv.FormatInt(whole/1000, 10) + "k"
	case whole >= 1_000:
		// One decimal below 100k, where it tells accounts apart: "14.5k",
		// but "14k", not "14.0k".
		return strings.TrimSuffix(strconv.FormatFloat(float64(whole/100)/10, 'f', 1, 64), ".0") + "k"
	default:
		return strconv.FormatInt(whole, 10)
	}
}

// ShortNamed writes the amount compactly (Short) for a column of amounts
// in more than one currency, led by its own so that no two currencies
// read alike ("EUR 14.5k"); with named false, or no currency, as Short.
// A column names currencies when the book holds more than one
// (SeveralCurrencies).
func (m Money) ShortNamed(named bool) string {
	if named && m.Currency != "" {
		return m.Currency + " " + m.Short()
	}
	return m.Short()
}

// SeveralCurrencies reports whether the accounts' ARR is in more than one
// currency (accounts without an ARR left out).
func SeveralCurrencies(sums []AccountSummary) bool {
	first := ""
	for _, s := range sums {
		switch c := s.ARR.Currency; {
		case s.ARR.IsZero() || c == "":
		case first == "":
			first = c
		case c != first:
			return true
		}
	}
	return false
}

func groupThousands(digits string) string {
	var b strings.Builder
	for i, r := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ParseMoney reads an amount as a user types it: "120000", "120,000.50",
// "USD 120000", "120k" or "1.5M". A missing currency is taken from
// defaultCurrency.
func ParseMoney(s, defaultCurrency string) (Money, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Money{Currency: defaultCurrency}, nil
	}
	cur := defaultCurrency
	if f := strings.Fields(s); len(f) == 2 {
		cur, s = strings.ToUpper(f[0]), f[1]
	}
	mult := 1.0
	switch {
	case strings.HasSuffix(s, "k") || strings.HasSuffix(s, "K"):
		mult, s = 1e3, s[:len(s)-1]
	case strings.HasSuffix(s, "m") || strings.HasSuffix(s, "M"):
		mult, s = 1e6, s[:len(s)-1]
	}
	s = strings.ReplaceAll(s, ",", "")
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return Money{}, fmt.Errorf("%s is not an amount: write e.g. 120000, 120k or USD 1.5M", Quote(s))
	}
	minor := f * mult * 100
	if minor > MaxMinor {
		return Money{}, fmt.Errorf("%s is more than the largest amount bob records (%s)", Quote(s), Money{Minor: MaxMinor}.String())
	}
	return Money{Minor: int64(minor + 0.5), Currency: cur}, nil
}

// MaxMinor is the largest amount an account records, in minor units:
// 1,000,000,000,000.00 in any currency, above any real contract, and small
// enough that the totals of a book of ten thousand accounts cannot
// overflow. (SumMinor saturates beyond that anyway.)
const MaxMinor = 100_000_000_000_000

// SumMinor returns a + b, or math.MaxInt64 and true when the sum would
// overflow: a total is shown as "more than" rather than wrapping to a
// negative number.
func SumMinor(a, b int64) (int64, bool) {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64, true
	}
	if b < 0 && a < math.MinInt64-b {
		return math.MinInt64, true
	}
	return a + b, false
}
