package csvbook

import (
	"fmt"
	"math"
	"strings"
	"unicode"

	"bob/model"
)

// currencySymbols maps the symbols exports write before or after an
// amount to ISO 4217 codes. "$" is read as US dollars, as every CRM does.
// Longer symbols come first so that "US$" is not read as "$".
var currencySymbols = []struct{ sym, code string }{
	{"US$", "USD"}, {"R$", "BRL"}, {"A$", "AUD"}, {"C$", "CAD"}, {"Fr.", "CHF"},
	{"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}, {"₹", "INR"},
}

// ParseAmount reads an amount the way exports write it: "$1,200,000.00",
// "120.000,00 €", "1 200 000,00 EUR", "CHF 1'200'000", "120k", "1.5M".
// The currency comes from a symbol or code in the text, else from
// currency; with neither, it is an error that says to set one. A single
// separator followed by exactly three digits groups thousands ("1.500",
// "1,500"); otherwise the last separator is the decimal one.
func ParseAmount(s, currency string) (model.Money, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "" {
		return model.Money{}, nil
	}
	cur := ""
	// Take a currency code or symbol off either end.
	for range 2 {
		s = strings.TrimSpace(s)
		if code, rest, ok := cutCurrency(s); ok {
			if cur != "" && cur != code {
				return model.Money{}, fmt.Errorf("%q names two currencies", orig)
			}
			cur, s = code, rest
		}
	}
	if cur == "" {
		cur = strings.ToUpper(strings.TrimSpace(currency))
	}
	neg := false
	if strings.HasPrefix(s, "-") || (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) {
		neg = true
		s = strings.Trim(s, "-()")
	}
	mult := 0 // power of ten
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mult, s = 3, s[:n-1]
		case 'm', 'M':
			mult, s = 6, s[:n-1]
		}
	}
	// Drop grouping characters: spaces (also the no-break kinds) and apostrophes.
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\'' || r == '’' || r == '\u202f' {
			return -1
		}
		return r
	}, s)
	whole, frac, err := splitDecimal(s)
	if err != nil || whole+frac == "" {
		return model.Money{}, fmt.Errorf("%q is not an amount (write e.g. 1200000.00, 120k or EUR 1.200.000,00)", strings.TrimSpace(orig))
	}
	// Exact arithmetic on the digits: minor units = whole.frac * 10^(mult+2).
	digits := whole + frac
	shift := mult + 2 - len(frac)
	for ; shift > 0; shift-- {
		digits += "0"
	}
	round := false
	if shift < 0 {
		cut := len(digits) + shift
		round = digits[cut] >= '5'
		digits = digits[:cut]
	}
	var minor int64
	for _, d := range digits {
		if minor > (math.MaxInt64-9)/10 {
			return model.Money{}, fmt.Errorf("%q is too large an amount", strings.TrimSpace(orig))
		}
		minor = minor*10 + int64(d-'0')
	}
	if round {
		minor++
	}
	if neg {
		return model.Money{}, fmt.Errorf("%q is negative; an ARR cannot be", strings.TrimSpace(orig))
	}
	if minor != 0 && cur == "" {
		return model.Money{}, fmt.Errorf("%q has no currency: add one to the file or choose one (--currency EUR)", strings.TrimSpace(orig))
	}
	return model.Money{Minor: minor, Currency: cur}, nil
}

// cutCurrency takes a currency symbol or three-letter code off the start
// or the end of s.
func cutCurrency(s string) (code, rest string, ok bool) {
	for _, cs := range currencySymbols {
		if strings.HasPrefix(s, cs.sym) {
			return cs.code, s[len(cs.sym):], true
		}
		if strings.HasSuffix(s, cs.sym) && len(s) > len(cs.sym) {
			return cs.code, s[:len(s)-len(cs.sym)], true
		}
	}
	if len(s) >= 4 && isCode(s[:3]) && !isLetter(s[3]) {
		return strings.ToUpper(s[:3]), s[3:], true
	}
	if n := len(s); n >= 4 && isCode(s[n-3:]) && !isLetter(s[n-4]) {
		return strings.ToUpper(s[n-3:]), s[:n-3], true
	}
	return "", s, false
}

func isCode(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isLetter(s[i]) {
			return false
		}
	}
	return true
}

func isLetter(b byte) bool { return b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' }

// splitDecimal splits "1.200.000,50" into "1200000" and "50", deciding
// which of '.' and ',' is the decimal separator.
func splitDecimal(s string) (whole, frac string, err error) {
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '.' || r == ',') {
			return "", "", fmt.Errorf("unexpected %q", r)
		}
	}
	lastDot, lastComma := strings.LastIndex(s, "."), strings.LastIndex(s, ",")
	dec := -1
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = max(lastDot, lastComma)
		if strings.Count(s, s[dec:dec+1]) > 1 {
			return "", "", fmt.Errorf("both separators used for grouping")
		}
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		at := lastDot
		if lastComma >= 0 {
			sep, at = ',', lastComma
		}
		// Several of one kind, or exactly three digits after it: grouping.
		if strings.Count(s, string(sep)) == 1 && len(s)-at-1 != 3 {
			dec = at
		}
	}
	if dec >= 0 {
		whole, frac = s[:dec], s[dec+1:]
	} else {
		whole = s
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	if strings.ContainsAny(frac, ".,") {
		return "", "", fmt.Errorf("two decimal separators")
	}
	return whole, frac, nil
}

// FormatAmount writes minor units as a plain decimal ("1200000.00"),
// which ParseAmount reads back exactly and every spreadsheet understands.
func FormatAmount(m model.Money) string {
	if m.Minor == 0 && m.Currency == "" {
		return ""
	}
	return fmt.Sprintf("%d.%02d", m.Minor/100, m.Minor%100)
}
