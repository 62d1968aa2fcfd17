package testdb

import "testing"

func TestParseBackend(t *testing.T) {
	t.Parallel()
	for value, want := range map[string]Backend{"": PostgreSQL, "postgres": PostgreSQL, "sqlite": SQLite} {
		if got, err := parseBackend(value); got != want || err != nil {
			t.Errorf("parseBackend(%q) = %q, %v; want %q", value, got, err, want)
		}
	}
	for _, value := range []string{"pg", "SQLite", "mysql", " postgres"} {
		if got, err := parseBackend(value); err == nil {
			t.Errorf("parseBackend(%q) = %q, want an error", value, got)
		}
	}
}

// TestRequire: on the run's backend the test goes on; on the other it is
// skipped with the reason.
func TestRequire(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		require func(testing.TB, string)
		runs    Backend
	}{{"RequirePostgres", RequirePostgres, PostgreSQL}, {"RequireSQLite", RequireSQLite, SQLite}} {
		t.Run(tc.name, func(t *testing.T) {
			went := false
			t.Run("probe", func(t *testing.T) {
				tc.require(t, "the reason")
				went = true
			})
			if want := BackendOf(t) == tc.runs; went != want {
				t.Errorf("on %s, %s let the test go on: %v, want %v", BackendOf(t), tc.name, went, want)
			}
		})
	}
}
