package testdb

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// Suite is a package's database tests, for running them on both backends.
// The package's tests get their database from NewFor, so each runs on
// PostgreSQL as usual; the package's test named SQLiteSuite calls Run, which
// runs the SQLite ones again below it, where NewFor gives SQLite. Check keeps
// the lists complete as tests are added.
type Suite struct {
	// Openers are the package's helpers that open a database, like newEnv.
	Openers []string
	// SQLite are the tests that run on SQLite too.
	SQLite []func(*testing.T)
	// PostgresOnly are the tests that open a database but test something
	// only PostgreSQL has, by name, with the reason.
	PostgresOnly map[string]string
}

// Run runs the SQLite tests as subtests of t, each named after its function.
func (s Suite) Run(t *testing.T) {
	for _, test := range s.SQLite {
		t.Run(funcName(test), test)
	}
}

// Check fails t when a test of the package (its _test.go files in the
// working directory) reaches an opener, directly or through other
// functions of the package, and is in neither list.
func (s Suite) Check(t *testing.T) {
	t.Helper()
	listed := map[string]bool{}
	for _, test := range s.SQLite {
		listed[funcName(test)] = true
	}
	for name := range s.PostgresOnly {
		listed[name] = true
	}
	calls, err := packageCalls()
	if err != nil {
		t.Fatalf("testdb: read the package's tests: %v", err)
	}
	for _, name := range reaching(calls, s.Openers) {
		if strings.HasPrefix(name, "Test") && name != SQLiteSuite && !listed[name] {
			t.Errorf("%s opens a database but is in neither list of the package's testdb.Suite: "+
				"add it to SQLite, or to PostgresOnly with the reason", name)
		}
	}
}

// funcName returns the name of a package-level function, without its package.
func funcName(fn func(*testing.T)) string {
	full := runtime.FuncForPC(reflect.ValueOf(fn).Pointer()).Name()
	return full[strings.LastIndex(full, ".")+1:]
}

// packageCalls returns, for each function declared in the _test.go files of
// the working directory, the names of the functions it calls.
func packageCalls() (map[string][]string, error) {
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		return nil, err
	}
	calls := map[string][]string{}
	fset := token.NewFileSet()
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Recv != nil { // tests and the helpers that open are functions
				continue
			}
			name := fn.Name.Name
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok {
					switch f := call.Fun.(type) {
					case *ast.Ident:
						calls[name] = append(calls[name], f.Name)
					case *ast.IndexExpr: // a generic helper, like open[T](t)
						if id, ok := f.X.(*ast.Ident); ok {
							calls[name] = append(calls[name], id.Name)
						}
					}
				}
				return true
			})
		}
	}
	return calls, nil
}

// reaching returns the functions that call one of targets, directly or
// through others.
func reaching(calls map[string][]string, targets []string) []string {
	reached := slices.Clone(targets)
	for grew := true; grew; {
		grew = false
		for name, callees := range calls {
			if !slices.Contains(reached, name) && slices.ContainsFunc(callees, func(c string) bool {
				return slices.Contains(reached, c)
			}) {
				reached, grew = append(reached, name), true
			}
		}
	}
	return reached
}
