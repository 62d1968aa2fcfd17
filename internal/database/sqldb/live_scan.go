package sqldb

import (
	"fmt"
	"time"
)

// scanTime is a nullable time that scans from either engine: PostgreSQL
// gives a time.Time; SQLite gives a time.Time for a DATETIME column but its
// stored text (sqliteTime) for an expression such as max(occurred_at).
type scanTime struct{ t *time.Time }

// Scan implements sql.Scanner.
func (s *scanTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		s.t = nil
	case time.Time:
		t := x.UTC()
		s.t = &t
	case string:
		return s.parse(x)
	case []byte:
		return s.parse(string(x))
	default:
		return fmt.Errorf("database: unable to scan %T as a time", v)
	}
	return nil
}

func (s *scanTime) parse(text string) error {
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return fmt.Errorf("database: unable to scan %q as a time: %w", text, err)
	}
	t = t.UTC()
	s.t = &t
	return nil
}
