package deployments_test

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestCompose checks the compose file: a one-shot migrate service, then the
// API on the default port without migrations of its own.
func TestCompose(t *testing.T) {
	t.Parallel()
	var compose map[string]any
	for _, d := range loadDocs(t) {
		if d.file == "docker-compose.yml" {
			compose = d.v
		}
	}
	services, _ := get(compose, "services").(map[string]any)
	api, migrate := services["api"], services["migrate"]
	if api == nil || migrate == nil {
		t.Fatalf("compose services %v: want api and migrate", services)
	}
	for name, svc := range services {
		if get(svc, "build") == nil && !strings.HasPrefix(str(svc, "image"), "orders-api") {
			continue // not orders-api (PostgreSQL)
		}
		vars := map[string]string{}
		for k, v := range get(svc, "environment").(map[string]any) {
			vars[k], _ = v.(string)
		}
		checkEnv(t, "compose "+name, vars)
	}
	if cmd := list(migrate, "command"); len(cmd) != 1 || cmd[0] != "migrate" {
		t.Errorf("migrate service command %v, want [migrate]", cmd)
	}
	if str(api, "depends_on", "migrate", "condition") != "service_completed_successfully" {
		t.Error("the api service does not wait for the migration")
	}
	vars := map[string]string{}
	for k, v := range get(api, "environment").(map[string]any) {
		vars[k], _ = v.(string)
	}
	cfg := checkEnv(t, "compose api", vars)
	checkPort(t, "compose api", cfg)
	if cfg.MigrateOnStart {
		t.Error("compose api: MIGRATE_ON_START is true, but the migrate service migrates")
	}
	ports := list(api, "ports")
	if len(ports) != 1 || !strings.HasSuffix(ports[0].(string), ":"+strconv.Itoa(defaultPort(t))) {
		t.Errorf("compose api ports %v, want one mapping to container port %d", ports, defaultPort(t))
	}
	grace, err := time.ParseDuration(str(api, "stop_grace_period"))
	if err != nil || grace <= cfg.ShutdownTimeout {
		t.Errorf("compose api stop_grace_period %q, want more than SHUTDOWN_TIMEOUT %v", str(api, "stop_grace_period"), cfg.ShutdownTimeout)
	}
}
