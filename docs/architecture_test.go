package docs_test

import (
	"bufio"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The import rules of docs/ARCHITECTURE.md, checked on the tree: each rule
// names the packages it binds (by directory, with their subdirectories),
// the import paths they must not use (by prefix), and the directories it
// exempts, with the reason in ARCHITECTURE.md.
var importRules = []struct {
	name      string
	forbidden []string
	binds     func(dir string) bool
}{
	{
		name:      "only storage speaks to the database drivers",
		forbidden: []string{"gorm.io/", "github.com/jackc/pgx", "github.com/glebarez/", "modernc.org/sqlite", "riverqueue.com/", "github.com/riverqueue/river/riverdriver"},
		binds: func(dir string) bool {
			return !under(dir, "internal/database") && !under(dir, "internal/testdb") && !under(dir, "cmd/orders-bench")
		},
	},
	{
		name:      "the domain knows neither HTTP nor storage",
		forbidden: []string{"github.com/labstack/echo", "gorm.io/", "net/http", "github.com/jackc/pgx", "github.com/orders-api/orders-api/internal/database", "github.com/orders-api/orders-api/internal/httpapi"},
		binds: func(dir string) bool {
			return under(dir, "internal/order") || under(dir, "internal/request") || under(dir, "internal/idempotency")
		},
	},
	{
		name:      "HTTP depends on the domain, not on storage",
		forbidden: []string{"github.com/orders-api/orders-api/internal/database", "gorm.io/", "github.com/jackc/pgx"},
		binds:     func(dir string) bool { return under(dir, "internal/httpapi") },
	},
}

// maxMainLines bounds cmd/orders-api: main wires, nothing else.
const maxMainLines = 300

func under(dir, root string) bool { return dir == root || strings.HasPrefix(dir, root+"/") }

// TestImportRules fails for every non-test Go file whose imports break a rule.
func TestImportRules(t *testing.T) {
	files := goFiles(t)
	if len(files) < 50 {
		t.Fatalf("found only %d Go files under the module root: is the test run from docs/?", len(files))
	}
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, filepath.Join("..", path), nil, parser.ImportsOnly)
		if err != nil {
			t.Fatalf("parse %s: %v", path, err)
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			for _, rule := range importRules {
				if !rule.binds(dir) {
					continue
				}
				for _, bad := range rule.forbidden {
					if strings.HasPrefix(p, bad) {
						t.Errorf("%s imports %s: %s", path, p, rule.name)
					}
				}
			}
		}
	}
}

// TestMainOnlyWires keeps cmd/orders-api to flags, usage text and calls.
func TestMainOnlyWires(t *testing.T) {
	total := 0
	for _, path := range goFiles(t) {
		if filepath.ToSlash(filepath.Dir(path)) == "cmd/orders-api" {
			total += codeLines(t, filepath.Join("..", path))
		}
	}
	if total == 0 || total >= maxMainLines {
		t.Errorf("cmd/orders-api has %d lines of code (not blank, not comments, no tests); want 1-%d", total, maxMainLines-1)
	}
}

// goFiles lists the module's non-test Go files, relative to its root,
// leaving out generated swag output and node_modules.
func goFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel("..", path)
		if err != nil {
			return err
		}
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatalf("walk the module: %v", err)
	}
	return out
}

// codeLines counts the lines of path that are neither blank nor comments.
func codeLines(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	n, inBlock := 0, false
	s := bufio.NewScanner(f)
	for s.Scan() {
		line := strings.TrimSpace(s.Text())
		switch {
		case inBlock:
			inBlock = !strings.Contains(line, "*/")
		case line == "" || strings.HasPrefix(line, "//"):
		case strings.HasPrefix(line, "/*"):
			inBlock = !strings.Contains(line, "*/")
		default:
			n++
		}
	}
	if err := s.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return n
}
