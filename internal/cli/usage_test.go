package cli

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// readme returns the project's README.
func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// words is s without Markdown backticks, its white space folded.
func words(s string) string { return strings.Join(strings.Fields(strings.ReplaceAll(s, "`", "")), " ") }

// TestUsageListsTheREADMEVariables: orders-api -h names every variable of
// the README's configuration table, and says what MIGRATE_ON_START does
// in the README's words.
func TestUsageListsTheREADMEVariables(t *testing.T) {
	t.Parallel()
	row := regexp.MustCompile("(?m)^\\| (`[A-Z_]+`[^|]*)\\|[^|]*\\| (.*) \\|$")
	name := regexp.MustCompile("`([A-Z][A-Z_]+)`")
	rows := row.FindAllStringSubmatch(readme(t), -1)
	if len(rows) < 15 {
		t.Fatalf("found %d rows in the README's configuration table", len(rows))
	}
	for _, r := range rows {
		for _, n := range name.FindAllStringSubmatch(r[1], -1) {
			if !strings.Contains(usage, n[1]) {
				t.Errorf("orders-api -h does not list %s", n[1])
			}
		}
		if strings.Contains(r[1], "MIGRATE_ON_START") && !strings.Contains(words(usage), words(r[2])) {
			t.Errorf("orders-api -h says of MIGRATE_ON_START otherwise than the README's %q", words(r[2]))
		}
	}
}

// TestIdempotencyRetentionStatedOnce: the docs and help texts that speak
// of the idempotency outcomes' retention give the one cut-off, in the same
// words, and no other.
func TestIdempotencyRetentionStatedOnce(t *testing.T) {
	t.Parallel()
	const said = "kept at least 24 hours, then purged"
	texts := map[string]string{"orders-api -h": usage, "orders-api retention -h": retentionUsage, "README.md": readme(t)}
	for _, doc := range []string{"OPERATIONS.md", "CONNECTORS.md", "PERFORMANCE.md"} {
		b, err := os.ReadFile("../../docs/" + doc)
		if err != nil {
			t.Fatal(err)
		}
		texts["docs/"+doc] = string(b)
	}
	other := regexp.MustCompile(`(?i)(idempoten|outcome)[^.]*\b(48|72|12) ?(h|hours)\b`)
	for name, text := range texts {
		if !strings.Contains(words(text), said) {
			t.Errorf("%s does not say that idempotency outcomes are %q", name, said)
		}
		if m := other.FindString(words(text)); m != "" {
			t.Errorf("%s gives another cut-off: %q", name, m)
		}
	}
}

// TestWalkThroughStopsByPID: the README's walk-through starts a binary in
// the background and stops it by its PID; kill %1, or killing `go run`,
// would leave the server running.
func TestWalkThroughStopsByPID(t *testing.T) {
	t.Parallel()
	text := readme(t)
	for _, want := range []string{"bin/orders-api serve & PID=$!", "kill $PID"} {
		if !strings.Contains(text, want) {
			t.Errorf("the README lacks %q", want)
		}
	}
	if strings.Contains(text, "kill %") || strings.Contains(text, "go run ./cmd/orders-api serve &") {
		t.Error("the README stops its server by job number, or backgrounds go run")
	}
}
