package main

import (
	"strings"
	"testing"
)

// TestRunHelp: the program's run is the command line's, help on stdout.
func TestRunHelp(t *testing.T) {
	t.Parallel()
	var stdout, stderr strings.Builder
	if err := run(t.Context(), []string{"orders-api", "-h"}, func(string) string { return "" }, &stdout, &stderr); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout.String(), "Usage: orders-api") || stderr.Len() > 0 {
		t.Errorf("stdout %q, stderr %q: want the usage on stdout alone", stdout.String(), stderr.String())
	}
}
