package testdb

import (
	"slices"
	"testing"
)

// TestSQLite is named SQLiteSuite: its subtests get SQLite.
func TestSQLite(t *testing.T) {
	t.Parallel()
	t.Run("sub", func(t *testing.T) {
		if BackendOf(t) != SQLite {
			t.Errorf("BackendOf(%s) = %s, want sqlite", t.Name(), BackendOf(t))
		}
	})
}

func TestBackendOf(t *testing.T) {
	t.Parallel()
	if BackendOf(t) != PostgreSQL {
		t.Errorf("BackendOf(%s) = %s, want postgres", t.Name(), BackendOf(t))
	}
}

func TestReaching(t *testing.T) {
	t.Parallel()
	calls := map[string][]string{
		"TestA": {"helper"}, "helper": {"newEnv"}, "TestB": {"newEnv", "other"}, "TestC": {"other"}, "other": {"strings"},
	}
	got := reaching(calls, []string{"newEnv"})
	slices.Sort(got)
	if want := []string{"TestA", "TestB", "helper", "newEnv"}; !slices.Equal(got, want) {
		t.Errorf("reaching = %v, want %v", got, want)
	}
}
