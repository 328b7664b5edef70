package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Words for people, the same on the command line and on the screens.

// Plural writes a count with its noun: "1 account", "2 accounts",
// "3 entries" (a consonant and y make -ies; "days" stay days).
func Plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	if len(word) > 1 && strings.HasSuffix(word, "y") && !strings.ContainsRune("aeiou", rune(word[len(word)-2])) {
		return strconv.Itoa(n) + " " + word[:len(word)-1] + "ies"
	}
	return strconv.Itoa(n) + " " + word + "s"
}

// SizeWords writes a file size for people, in units of 1024: "812 B",
// "14 KB", "2.5 MB", "512 MB", "2 GB". It is the one way bob words a size,
// whether of a file written or of a limit a file broke.
func SizeWords(n int64) string {
	switch {
	case n >= 1<<30:
		return tenths(n, 1<<30) + " GB"
	case n >= 1<<20:
		return tenths(n, 1<<20) + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", (n+1<<9)>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// tenths is n/unit with one decimal, left out when it is 0: "2.5", "512".
func tenths(n, unit int64) string {
	return strings.TrimSuffix(strconv.FormatFloat(float64(n)/float64(unit), 'f', 1, 64), ".0")
}
