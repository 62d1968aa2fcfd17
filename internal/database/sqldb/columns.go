package sqldb

import "strings"

// Columns collects a row's columns, each with its scan target, in the order
// of a SELECT list.
type Columns struct {
	names []string
	dest  []any
}

// Add adds the column name, scanned into dest (a pointer into the row).
func (c *Columns) Add(name string, dest any) {
	c.names = append(c.names, name)
	c.dest = append(c.dest, dest)
}

// Row is a pointer to a row type T that lists its columns with their scan
// targets: the one table from which both its SELECT list (List) and its
// scans (ScanAll) come, so that the two can't disagree.
type Row[T any] interface {
	*T
	Columns(c *Columns)
}

// List returns T's columns as a SELECT list, each qualified by alias unless
// alias is "".
func List[T any, P Row[T]](alias string) string {
	var c Columns
	P(new(T)).Columns(&c)
	if alias == "" {
		return strings.Join(c.names, ", ")
	}
	return alias + "." + strings.Join(c.names, ", "+alias+".")
}

// Rows is what the scans read: *sql.Rows and pgx.Rows both are.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// ScanAll scans every row of rows into a T through T's columns. adapt, when
// not nil, changes the targets before each scan (pgstore's binary UUIDs).
// Each row is scanned in place in the result: no copy, and one slice of
// targets for the whole query.
func ScanAll[T any, P Row[T]](rows Rows, adapt func([]any)) ([]T, error) {
	var out []T
	var c Columns
	for rows.Next() {
		var zero T
		out = append(out, zero)
		c.names, c.dest = c.names[:0], c.dest[:0]
		P(&out[len(out)-1]).Columns(&c)
		if adapt != nil {
			adapt(c.dest)
		}
		if err := rows.Scan(c.dest...); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// ScanValues scans every row of rows, of one column, into a V: a count, a
// flag, a store id.
func ScanValues[V any](rows Rows) ([]V, error) {
	var out []V
	for rows.Next() {
		var zero V
		out = append(out, zero)
		if err := rows.Scan(&out[len(out)-1]); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}
