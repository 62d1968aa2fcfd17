// Package deployments_test checks the deployment files against the code,
// without a cluster or a Docker engine: every YAML document under
// deployments/ parses, the probes name routes of the HTTP server, the ports
// are the default HTTP_ADDR port, and every environment variable given to
// orders-api is one that config.Load reads, with values it accepts.
package deployments_test

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/orders-api/orders-api/internal/config"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// doc is one YAML document of a file under deployments/.
type doc struct {
	file string
	v    map[string]any
}

// loadDocs parses every YAML document under the current directory.
func loadDocs(t *testing.T) []doc {
	t.Helper()
	var docs []doc
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || (!strings.HasSuffix(path, ".yaml") && !strings.HasSuffix(path, ".yml")) {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dec := yaml.NewDecoder(bytes.NewReader(b))
		for n := 0; ; n++ {
			var v map[string]any
			err := dec.Decode(&v)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Errorf("%s: document %d: %v", path, n, err)
				break
			}
			if v != nil {
				docs = append(docs, doc{file: filepath.ToSlash(path), v: v})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return docs
}

// get walks v along path: string keys into maps, int indexes into lists. It
// returns nil when a step is missing.
func get(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return nil
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

func str(v any, path ...any) string {
	s, _ := get(v, path...).(string)
	return s
}

func num(v any, path ...any) int {
	n, _ := get(v, path...).(int)
	return n
}

func list(v any, path ...any) []any {
	l, _ := get(v, path...).([]any)
	return l
}

// routes returns the route table of the HTTP server as "METHOD path".
func routes() map[string]bool {
	set := map[string]bool{}
	for _, r := range httpapi.NewServer(httpapi.Deps{}).Routes() {
		set[r.Method+" "+r.Path] = true
	}
	return set
}

// defaultPort is the port of the default HTTP_ADDR.
func defaultPort(t *testing.T) int {
	t.Helper()
	_, p, err := net.SplitHostPort(config.Default().HTTPAddr)
	if err != nil {
		t.Fatal(err)
	}
	port, err := strconv.Atoi(p)
	if err != nil {
		t.Fatal(err)
	}
	return port
}

// runtimeVars are read by the Go runtime, not by config.Load.
var runtimeVars = map[string]bool{"GOMEMLIMIT": true, "GOMAXPROCS": true, "GOGC": true}

// configVars returns the names of the variables config.Load reads, by
// asking it.
func configVars() map[string]bool {
	seen := map[string]bool{}
	_, _ = config.Load(func(name string) string {
		seen[name] = true
		return ""
	})
	return seen
}

// checkEnv checks that every name of vars is read by orders-api, and that
// config.Load accepts the values. It returns the loaded configuration.
func checkEnv(t *testing.T, where string, vars map[string]string) config.Config {
	t.Helper()
	known := configVars()
	for name := range vars {
		if !known[name] && !runtimeVars[name] {
			t.Errorf("%s: environment variable %s is read neither by config.Load nor by the Go runtime", where, name)
		}
	}
	cfg, err := config.Load(func(name string) string { return vars[name] })
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	if cfg.DatabaseURL == "" {
		t.Errorf("%s: no DATABASE_URL", where)
	}
	return cfg
}

// checkPort checks that cfg listens on the default port.
func checkPort(t *testing.T, where string, cfg config.Config) {
	t.Helper()
	if _, p, _ := net.SplitHostPort(cfg.HTTPAddr); p != strconv.Itoa(defaultPort(t)) {
		t.Errorf("%s: HTTP_ADDR %q, want the default port %d", where, cfg.HTTPAddr, defaultPort(t))
	}
}

func TestEveryDocumentParses(t *testing.T) {
	t.Parallel()
	files := map[string]int{}
	for _, d := range loadDocs(t) {
		files[d.file]++
		if strings.HasPrefix(d.file, "k8s/") && (str(d.v, "apiVersion") == "" || str(d.v, "kind") == "") {
			t.Errorf("%s: a Kubernetes document without apiVersion or kind", d.file)
		}
	}
	for _, want := range []string{"docker-compose.yml", "k8s/kustomization.yaml", "k8s/deployment.yaml"} {
		if files[want] == 0 {
			t.Errorf("%s: missing or empty (parsed: %v)", want, files)
		}
	}
}
