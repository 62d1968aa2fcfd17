package sqldb

import "strings"

// Columns collects a row's columns, each with its scan target, in the order
// of a SELECT list. It is a value, passed along and returned by each Add,
// so that a scan allocates nothing but the targets' slice.
type Columns struct {
	names []string // nil while scanning
	dest  []any
	list  bool   // collect names (List), not only targets
	skip  uint64 // bit 0 set: leave the next column out (see Skip); shifted by each Add
}

// Skip is a set of a row type's columns, by their place in its Columns
// (bit i: the i-th column added), that a query leaves out: ListOf omits
// them, ScanAllOf scans the others alone and leaves them zero.
type Skip uint64

// Add returns c with the column name, scanned into dest (a pointer into
// the row), unless c skips it.
func (c Columns) Add(name string, dest any) Columns {
	skipped := c.skip&1 != 0
	c.skip >>= 1
	if skipped {
		return c
	}
	if c.list {
		c.names = append(c.names, name)
	}
	c.dest = append(c.dest, dest)
	return c
}

// Row is a pointer to a row type T that lists its columns with their scan
// targets: the one table from which both its SELECT list (List) and its
// scans (ScanAll) come, so that the two can't disagree.
type Row[T any] interface {
	*T
	Columns(c Columns) Columns
}

// maxColumns is the room for targets that ScanAll makes at once: the most
// columns of a row type.
const maxColumns = 16

// List returns T's columns as a SELECT list, each qualified by alias unless
// alias is "".
func List[T any, P Row[T]](alias string) string { return ListOf[T, P](alias, 0) }

// ListOf is List without the columns of skip.
func ListOf[T any, P Row[T]](alias string, skip Skip) string {
	c := P(new(T)).Columns(Columns{list: true, skip: uint64(skip)})
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
	return ScanAllOf[T, P](rows, adapt, 0)
}

// ScanAllOf is ScanAll of a query whose SELECT list is ListOf(alias, skip):
// the columns of skip are left zero.
func ScanAllOf[T any, P Row[T]](rows Rows, adapt func([]any), skip Skip) ([]T, error) {
	var out []T
	dest := make([]any, 0, maxColumns)
	for rows.Next() {
		var zero T
		out = append(out, zero)
		dest = P(&out[len(out)-1]).Columns(Columns{dest: dest[:0], skip: uint64(skip)}).dest
		if adapt != nil {
			adapt(dest)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
	}
	return out, rows.Err()
}

// Value is a row of one column: a count, a flag, a store id.
type Value[V any] struct{ V V }

// Columns lists Value's column (its expression is the query's) and its
// scan target.
func (r *Value[V]) Columns(c Columns) Columns { return c.Add("", &r.V) }

// Values returns the values of rows, in order (nil for none).
func Values[V any](rows []Value[V]) []V {
	if len(rows) == 0 {
		return nil
	}
	out := make([]V, len(rows))
	for i, r := range rows {
		out[i] = r.V
	}
	return out
}
