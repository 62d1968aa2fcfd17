package main

import (
	"context"
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
// database is opened.
func TestRunWithoutDatabase(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		vars       map[string]string
		wantErr    string // "" for success
		wantStderr string
	}{
		{"help flag", []string{"-h"}, nil, "", "Usage: orders-api [command]"},
		{"help command", []string{"help"}, nil, "", "keys create --store S --role R"},
		{"unknown command", []string{"frobnicate"}, nil, `unknown command "frobnicate"`, "Usage: orders-api"},
		{"retention without age", []string{"retention"}, nil, "retention: --older-than is required", "Usage: orders-api retention"},
		{"retention bad age", []string{"retention", "--older-than", "400"}, nil, `--older-than "400"`, ""},
		{"retention too recent", []string{"retention", "--older-than", "90m"}, nil, "at least 24h", ""},
		{"retention bad batch", []string{"retention", "--older-than", "400d", "--batch", "0"}, nil, "--batch must be", ""},
		{"demo extra argument", []string{"demo", "now"}, nil, `demo: unexpected argument "now"`, "Usage: orders-api demo"},
		{"serve help", []string{"serve", "-h"}, nil, "", "Usage: orders-api serve"},
		{"serve bad flag", []string{"serve", "--port", "1"}, nil, "serve: flag provided but not defined: -port", "Usage: orders-api serve"},
		{"serve extra argument", []string{"serve", "now"}, nil, `serve: unexpected argument "now"`, "Usage: orders-api serve"},
		{"bad config", []string{"migrate"}, map[string]string{"RATE_LIMIT_RPS": "abc"},
			`config: RATE_LIMIT_RPS must be a number >= 0, got "abc"`, ""},
		{"keys without subcommand", []string{"keys"}, nil, "keys: missing subcommand", "orders-api keys revoke ID"},
		{"keys unknown subcommand", []string{"keys", "rotate"}, nil, `keys: unknown subcommand "rotate"`, ""},
		{"keys create help", []string{"keys", "create", "-h"}, nil, "", "orders-api keys create --store S"},
		{"keys list bad store", []string{"keys", "list", "--store", "ACME"}, nil, "keys list: --store must be a store id", ""},
		{"keys revoke bad id", []string{"keys", "revoke", "nope"}, nil, "keys revoke: give exactly one key ID", ""},
		{"keys revoke two ids", []string{"keys", "revoke", "0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b", "x"}, nil,
			"keys revoke: give exactly one key ID", ""},
		{"healthcheck bad config", []string{"healthcheck"}, map[string]string{"HTTP_ADDR": "8080"}, "config: HTTP_ADDR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var stdout, stderr strings.Builder
			err := run(t.Context(), append([]string{"orders-api"}, tt.args...), getenv(tt.vars), &stdout, &stderr)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("run: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("run error = %v, want it to contain %q", err, tt.wantErr)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Errorf("run error %q is not one line", err)
			}
			if !strings.Contains(stderr.String(), tt.wantStderr) {
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
			err := run(context.Background(), []string{"orders-api", "healthcheck"}, getenv(vars), &strings.Builder{}, &strings.Builder{})
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
