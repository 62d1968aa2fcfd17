package cli

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// getenv returns a getenv over vars.
func getenv(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// TestRunWithoutDatabase covers the commands and failures that end before a
// database is opened: DATABASE_URL names a server that is not there, so a
// command that reached for it would fail otherwise. A command line that
// can't be parsed prints the usage, a bad value or an unknown command only
// one line (noUsage); help asked for goes to stdout (onStdout).
func TestRunWithoutDatabase(t *testing.T) {
	t.Parallel()
	const noUsage, onStdout = "\x00no usage", "\x00stdout:"
	tests := []struct {
		name       string
		args       []string
		vars       map[string]string
		wantErr    string // "" for success
		wantStderr string
	}{
		{"help flag", []string{"-h"}, nil, "", onStdout + "Usage: orders-api [command]"},
		{"help long flag", []string{"--help"}, nil, "", onStdout + "Usage: orders-api [command]"},
		{"help command", []string{"help"}, nil, "", onStdout + "keys create --store S --role R"},
		{"unknown command", []string{"frobnicate"}, nil, `unknown command "frobnicate" (run orders-api -h for help)`, noUsage},
		{"mistyped command", []string{"migarte"}, nil,
			`unknown command "migarte": did you mean migrate? (run orders-api -h for help)`, noUsage},
		{"retention without age", []string{"retention"}, nil, "retention: --older-than is required", "Usage: orders-api retention"},
		{"retention help", []string{"retention", "-h"}, nil, "", onStdout + "See docs/OPERATIONS.md for a cron job"},
		{"retention bad age", []string{"retention", "--older-than", "400"}, nil, `--older-than "400"`, noUsage},
		{"retention too recent", []string{"retention", "--older-than", "12h"}, nil,
			"retention: --older-than must be at least 24h, got 12h (run orders-api retention -h for help)", noUsage},
		{"retention bad batch", []string{"retention", "--older-than", "400d", "--batch", "0"}, nil, "--batch must be", noUsage},
		{"retention unparsable batch", []string{"retention", "--older-than", "400d", "--batch", "x"}, nil,
			`retention: invalid value "x" for flag -batch`, noUsage},
		{"retention unknown flag", []string{"retention", "--older", "400d"}, nil, "flag provided but not defined", "Usage: orders-api retention"},
		{"demo extra argument", []string{"demo", "now"}, nil, `demo: unexpected argument "now"`, "Usage: orders-api demo"},
		{"serve help", []string{"serve", "-h"}, nil, "", onStdout + "Usage: orders-api serve"},
		{"serve bad flag", []string{"serve", "--port", "1"}, nil, "serve: flag provided but not defined: -port", "Usage: orders-api serve"},
		{"serve extra argument", []string{"serve", "now"}, nil, `serve: unexpected argument "now"`, "Usage: orders-api serve"},
		{"bad config", []string{"migrate"}, map[string]string{"RATE_LIMIT_RPS": "abc"},
			`config: RATE_LIMIT_RPS must be a number >= 0, got "abc"`, ""},
		{"keys without subcommand", []string{"keys"}, nil, "keys: missing subcommand", "orders-api keys revoke ID"},
		{"keys unknown subcommand", []string{"keys", "rotate"}, nil, `keys: unknown subcommand "rotate"`, ""},
		{"keys create help", []string{"keys", "create", "-h"}, nil, "", onStdout + "orders-api keys create --store S"},
		{"keys list bad store", []string{"keys", "list", "--store", "ACME"}, nil, "keys list: --store must be a store id", noUsage},
		{"keys list without store", []string{"keys", "list"}, nil, "keys list: --store is required", "Usage:"},
		{"keys revoke bad id", []string{"keys", "revoke", "nope"}, nil,
			`keys revoke: "nope" is not a valid key ID: an ID is a UUID, as shown by keys list (run orders-api keys revoke -h for help)`, noUsage},
		{"keys revoke two ids", []string{"keys", "revoke", "0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b", "x"}, nil,
			"keys revoke: give exactly one key ID", "Usage:"},
		{"keys revoke no id", []string{"keys", "revoke"}, nil, "keys revoke: give exactly one key ID", "Usage:"},
		{"keys create without flags", []string{"keys", "create"}, nil, "keys create: --store and --role are required", "Usage:"},
		{"keys create without role", []string{"keys", "create", "--store", "acme"}, nil, "keys create: --role is required", "Usage:"},
		{"keys create bad role", []string{"keys", "create", "--store", "acme", "--role", "owner"}, nil,
			"keys create: --role: must be admin, reader or connector (run orders-api keys create -h for help)", noUsage},
		{"keys create connector without system", []string{"keys", "create", "--store", "acme", "--role", "connector"}, nil,
			"keys create: --system: a connector key needs the slug of its system", noUsage},
		{"keys create bad store and name", []string{"keys", "create", "--store", "Acme Inc", "--role", "admin", "--name", "a\x00b"}, nil,
			"keys create: --store: must be a lowercase slug", noUsage},
		{"healthcheck bad config", []string{"healthcheck"}, map[string]string{"HTTP_ADDR": "8080"}, "config: HTTP_ADDR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			vars := map[string]string{"DATABASE_URL": "postgres://postgres@127.0.0.1:1/none?sslmode=disable&connect_timeout=1"}
			maps.Copy(vars, tt.vars)
			err := Run(t.Context(), append([]string{"orders-api"}, tt.args...), getenv(vars), &stdout, &stderr)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("run: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("run error = %v, want it to contain %q", err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Errorf("run error %q is not one line", err)
			}
			if help, ok := strings.CutPrefix(tt.wantStderr, onStdout); ok {
				if !strings.Contains(stdout.String(), help) || stderr.Len() > 0 {
					t.Errorf("stdout = %q, stderr = %q; want the help, containing %q, on stdout alone", stdout.String(), stderr.String(), help)
				}
				return
			}
			switch {
			case tt.wantStderr == noUsage && stderr.Len() > 0:
				t.Errorf("stderr = %q, want nothing but the error", stderr.String())
			case tt.wantStderr != noUsage && !strings.Contains(stderr.String(), tt.wantStderr):
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.wantStderr)
			}
			if stdout.Len() > 0 {
				t.Errorf("stdout = %q, want nothing", stdout.String())
			}
		})
	}
}

func TestHealthcheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		wantErr string
	}{
		{"healthy", http.StatusOK, ""},
		{"unhealthy", http.StatusServiceUnavailable, "503 Service Unavailable"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/healthz" {
					http.NotFound(w, r)
					return
				}
				w.WriteHeader(tt.status)
			}))
			defer srv.Close()
			vars := map[string]string{"HTTP_ADDR": srv.Listener.Addr().String()}
			err := Run(context.Background(), []string{"orders-api", "healthcheck"}, getenv(vars), &strings.Builder{}, &strings.Builder{})
			if (tt.wantErr == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("healthcheck = %v, want error containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestHealthURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ addr, want string }{
		{":8080", "http://127.0.0.1:8080/healthz"},
		{"0.0.0.0:9000", "http://127.0.0.1:9000/healthz"},
		{"[::]:8080", "http://127.0.0.1:8080/healthz"},
		{"[::1]:8080", "http://[::1]:8080/healthz"},
		{"localhost:8081", "http://localhost:8081/healthz"},
		{"10.0.0.5:8080", "http://10.0.0.5:8080/healthz"},
	}
	for _, tt := range tests {
		if got := healthURL(tt.addr); got != tt.want {
			t.Errorf("healthURL(%q) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}
