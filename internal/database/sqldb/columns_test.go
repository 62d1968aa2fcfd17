package sqldb

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm/schema"
)

// checkColumns fails t unless P's Columns lists every field of T once, in
// the struct's order, under the column name GORM gives it (GORM writes
// these rows with Create).
func checkColumns[T any, P Row[T]](t *testing.T) {
	t.Helper()
	var r T
	c := P(&r).Columns(Columns{list: true})
	v, naming := reflect.ValueOf(&r).Elem(), schema.NamingStrategy{}
	if len(c.dest) != v.NumField() {
		t.Fatalf("%T: %d columns for %d fields", r, len(c.dest), v.NumField())
	}
	for i := range v.NumField() {
		field := v.Type().Field(i)
		if reflect.ValueOf(c.dest[i]).Pointer() != v.Field(i).Addr().Pointer() {
			t.Errorf("%T: column %d (%s) does not scan into field %s", r, i, c.names[i], field.Name)
		}
		if want := naming.ColumnName("", field.Name); c.names[i] != want {
			t.Errorf("%T: field %s is column %q, GORM's name is %q", r, field.Name, c.names[i], want)
		}
	}
}

func TestRowColumns(t *testing.T) {
	t.Parallel()
	checkColumns[OrderRow](t)
	checkColumns[StateRow](t)
	checkColumns[AttemptRow](t)
	checkColumns[LockedOrder](t)
}

func TestList(t *testing.T) {
	t.Parallel()
	if got, want := List[LockedOrder]("o"), "o.id, o.placed_at, o.integration_status, o.last_attempt_at"; got != want {
		t.Errorf("List(o) = %q, want %q", got, want)
	}
	if got, want := List[LockedOrder](""), "id, placed_at, integration_status, last_attempt_at"; got != want {
		t.Errorf("List() = %q, want %q", got, want)
	}
}

// fakeRows are rows of LockedOrder's columns, scanned by position.
type fakeRows struct {
	rows [][]any
	i    int
	err  error
}

func (f *fakeRows) Next() bool { f.i++; return f.i <= len(f.rows) }
func (f *fakeRows) Err() error { return f.err }
func (f *fakeRows) Scan(dest ...any) error {
	row := f.rows[f.i-1]
	if len(dest) != len(row) {
		return errors.New("wrong number of targets")
	}
	for i, d := range dest {
		reflect.ValueOf(d).Elem().Set(reflect.ValueOf(row[i]))
	}
	return nil
}

// TestScanAll: each row lands in its own element, every column in its
// field; adapt sees each row's targets; the rows' error is returned.
func TestScanAll(t *testing.T) {
	t.Parallel()
	a, b := uuid.New(), uuid.New()
	at := time.Date(2026, 11, 26, 14, 3, 7, 0, time.UTC)
	rows := &fakeRows{rows: [][]any{{a, at, "error", &at}, {b, at.Add(time.Hour), "none", (*time.Time)(nil)}}}
	adapted := 0
	got, err := ScanAll[LockedOrder](rows, func(dest []any) { adapted += len(dest) })
	want := []LockedOrder{{a, at, "error", &at}, {b, at.Add(time.Hour), "none", nil}}
	if err != nil || !reflect.DeepEqual(got, want) || adapted != 8 {
		t.Errorf("ScanAll = %+v, %v (adapted %d targets); want %+v (8)", got, err, adapted, want)
	}
	fail := errors.New("cut")
	if _, err := ScanAll[LockedOrder](&fakeRows{err: fail}, nil); err != fail {
		t.Errorf("ScanAll's error = %v, want the rows' %v", err, fail)
	}
	n, err := ScanAll[Value[int64]](&fakeRows{rows: [][]any{{int64(3)}, {int64(4)}}}, nil)
	if err != nil || !reflect.DeepEqual(n, []Value[int64]{{3}, {4}}) {
		t.Errorf("ScanAll of values = %v, %v; want [3 4]", n, err)
	}
}
