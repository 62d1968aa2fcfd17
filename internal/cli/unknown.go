package cli

import (
	"fmt"
	"strings"
)

// commandNames are the commands, for the hint of a mistyped one.
func commandNames() []string {
	return []string{"serve", "demo", "migrate", "keys", "healthcheck", "retention"}
}

// unknownCommand is the one-line error of a command that does not exist,
// with the likely one it was meant to be, if any, and where to look.
func unknownCommand(name string) error {
	if guess := closest(name, commandNames()); guess != "" {
		return fmt.Errorf("unknown command %q: did you mean %s? (run orders-api -h for help)", name, guess)
	}
	return fmt.Errorf("unknown command %q (run orders-api -h for help)", name)
}

// closest is the name within two edits of s (a typo), or of which s is a
// prefix; "" when none is.
func closest(s string, names []string) string {
	s = strings.ToLower(s)
	for _, n := range names {
		if editDistance(s, n) <= 2 || (len(s) >= 3 && strings.HasPrefix(n, s)) {
			return n
		}
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
