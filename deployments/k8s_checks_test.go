package deployments_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
)

// checkProbes checks the probes of the API container against the routes.
func checkProbes(t *testing.T, ctr any) {
	t.Helper()
	table := routes()
	for probe, want := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz"} {
		path := str(ctr, probe, "httpGet", "path")
		if path != want || !table["GET "+path] {
			t.Errorf("%s path %q: want %s, a GET route of httpapi.NewServer", probe, path, want)
		}
		port := get(ctr, probe, "httpGet", "port")
		if port != "http" && port != defaultPort(t) {
			t.Errorf("%s port %v, want http or %d", probe, port, defaultPort(t))
		}
		if to := num(ctr, probe, "timeoutSeconds"); to < 3 {
			t.Errorf("%s timeoutSeconds %d: under the server's 2 s readiness bound plus a margin", probe, to)
		}
	}
}

// checkSecurity checks the pod and container security contexts.
func checkSecurity(t *testing.T, where string, pod, ctr any) {
	t.Helper()
	if get(pod, "securityContext", "runAsNonRoot") != true {
		t.Errorf("%s: pod securityContext.runAsNonRoot is not true", where)
	}
	if get(ctr, "securityContext", "readOnlyRootFilesystem") != true ||
		get(ctr, "securityContext", "allowPrivilegeEscalation") != false {
		t.Errorf("%s: container securityContext %v: want readOnlyRootFilesystem and no privilege escalation",
			where, get(ctr, "securityContext"))
	}
	if !slices.Contains(list(ctr, "securityContext", "capabilities", "drop"), any("ALL")) {
		t.Errorf("%s: capabilities are not all dropped", where)
	}
}

// checkResources checks requests and limits: a memory limit above the
// service's 150 MB working set, and requests no larger than limits.
func checkResources(t *testing.T, where string, ctr any) {
	t.Helper()
	for _, res := range []string{"cpu", "memory"} {
		req, lim := get(ctr, "resources", "requests", res), get(ctr, "resources", "limits", res)
		if req == nil || lim == nil {
			t.Errorf("%s: %s request %v, limit %v: want both", where, res, req, lim)
		}
	}
	req := bytesOf(t, str(ctr, "resources", "requests", "memory"))
	lim := bytesOf(t, str(ctr, "resources", "limits", "memory"))
	if lim < 150<<20 || req > lim {
		t.Errorf("%s: memory request %d, limit %d bytes: want a limit >= 150 MiB, above the request", where, req, lim)
	}
}

// bytesOf parses a Kubernetes memory quantity with a binary suffix.
func bytesOf(t *testing.T, q string) int64 {
	t.Helper()
	for suffix, mult := range map[string]int64{"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30} {
		if n, ok := strings.CutSuffix(q, suffix); ok {
			v, err := strconv.ParseInt(n, 10, 64)
			if err == nil {
				return v * mult
			}
		}
	}
	t.Fatalf("memory quantity %q: use Ki, Mi or Gi", q)
	return 0
}

// subset reports whether every label of sel is in labels.
func subset(sel, labels any) bool {
	s, _ := sel.(map[string]any)
	l, _ := labels.(map[string]any)
	for k, v := range s {
		if l[k] != v {
			return false
		}
	}
	return len(s) > 0
}
