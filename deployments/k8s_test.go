package deployments_test

import (
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"
)

// cluster is the Kubernetes objects by kind, then name: the kustomization
// itself and what it renders.
type cluster map[string]map[string]map[string]any

// testDatabaseURL is the DATABASE_URL that loadCluster's operator writes.
const testDatabaseURL = "postgres://orders:s3cret@db.internal:5432/orders?sslmode=require"

// loadCluster renders k8s/ as an operator would deploy it, with a
// database.env of testDatabaseURL.
func loadCluster(t *testing.T) cluster {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "k8s")
	copyDir(t, "k8s", dir)
	if err := os.WriteFile(filepath.Join(dir, "database.env"), []byte("DATABASE_URL="+testDatabaseURL+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return renderCluster(t, dir)
}

// renderCluster builds the kustomization of dir into a cluster.
func renderCluster(t *testing.T, dir string) cluster {
	t.Helper()
	objs, err := build(dir)
	if err != nil {
		t.Fatalf("kubectl apply -k %s: %v", dir, err)
	}
	k, err := readObjects(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	c := cluster{}
	for _, v := range append(objs, k...) {
		kind, name := str(v, "kind"), str(v, "metadata", "name")
		if c[kind] == nil {
			c[kind] = map[string]map[string]any{}
		}
		if c[kind][name] != nil {
			t.Fatalf("two %s named %q", kind, name)
		}
		c[kind][name] = v
	}
	return c
}

// one returns the only object of kind.
func (c cluster) one(t *testing.T, kind string) map[string]any {
	t.Helper()
	if len(c[kind]) != 1 {
		t.Fatalf("%d objects of kind %s, want 1", len(c[kind]), kind)
	}
	for _, v := range c[kind] {
		return v
	}
	return nil
}

// env returns the environment of container in pod spec: its ConfigMaps and
// Secrets (envFrom), then its env entries, values from Secrets resolved.
func (c cluster) env(t *testing.T, container any) map[string]string {
	t.Helper()
	vars := map[string]string{}
	for _, from := range list(container, "envFrom") {
		ref, kind, key := get(from, "configMapRef"), "ConfigMap", "data"
		if ref == nil {
			ref, kind, key = get(from, "secretRef"), "Secret", "data"
		}
		obj := c[kind][str(ref, "name")]
		if obj == nil {
			t.Fatalf("envFrom names %s %q, which is not in the manifests", kind, str(ref, "name"))
		}
		for k, v := range obj[key].(map[string]any) {
			vars[k], _ = v.(string)
			if kind == "Secret" {
				vars[k] = secretValue(t, obj, k)
			}
		}
	}
	for _, e := range list(container, "env") {
		name := str(e, "name")
		vars[name] = str(e, "value")
		if ref := get(e, "valueFrom", "secretKeyRef"); ref != nil {
			s := c["Secret"][str(ref, "name")]
			if s == nil || secretValue(t, s, str(ref, "key")) == "" {
				t.Fatalf("env %s: secret %q has no key %q", name, str(ref, "name"), str(ref, "key"))
			}
			vars[name] = secretValue(t, s, str(ref, "key"))
		}
	}
	return vars
}

func TestDeployment(t *testing.T) {
	t.Parallel()
	c := loadCluster(t)
	dep := c.one(t, "Deployment")
	pod := get(dep, "spec", "template", "spec")
	if n := num(dep, "spec", "replicas"); n != 3 {
		t.Errorf("replicas = %d, want 3", n)
	}
	if !subset(get(dep, "spec", "selector", "matchLabels"), get(dep, "spec", "template", "metadata", "labels")) {
		t.Error("the Deployment's selector does not match its pod labels")
	}
	if len(list(pod, "containers")) != 1 {
		t.Fatalf("%d containers, want 1", len(list(pod, "containers")))
	}
	ctr := get(pod, "containers", 0)
	if args := list(ctr, "args"); len(args) != 1 || args[0] != "serve" || get(ctr, "command") != nil {
		t.Errorf("container runs command %v args %v, want the image's entrypoint with serve", get(ctr, "command"), args)
	}
	cfg := checkEnv(t, "Deployment", c.env(t, ctr))
	checkPort(t, "Deployment", cfg)
	if cfg.MigrateOnStart {
		t.Error("MIGRATE_ON_START is true in the Deployment: the migration Job migrates, replicas must not")
	}
	if p := num(ctr, "ports", 0, "containerPort"); p != defaultPort(t) || str(ctr, "ports", 0, "name") != "http" {
		t.Errorf("container port %d named %q, want %d named http", p, str(ctr, "ports", 0, "name"), defaultPort(t))
	}
	checkProbes(t, ctr)
	checkSecurity(t, "Deployment", pod, ctr)
	checkResources(t, "Deployment", ctr)

	preStop := time.Duration(num(ctr, "lifecycle", "preStop", "sleep", "seconds")) * time.Second
	grace := time.Duration(num(pod, "terminationGracePeriodSeconds")) * time.Second
	if preStop <= 0 {
		t.Error("no preStop sleep: the server would stop before the endpoints drop the pod")
	}
	if grace <= cfg.ShutdownTimeout+preStop {
		t.Errorf("terminationGracePeriodSeconds %v <= preStop %v + SHUTDOWN_TIMEOUT %v", grace, preStop, cfg.ShutdownTimeout)
	}
	ann := get(dep, "spec", "template", "metadata", "annotations")
	if str(ann, "prometheus.io/port") != strconv.Itoa(defaultPort(t)) || !routes()["GET "+str(ann, "prometheus.io/path")] {
		t.Errorf("scrape annotations %v do not name the metrics route on port %d", ann, defaultPort(t))
	}
}

func TestServicePDBAndHPA(t *testing.T) {
	t.Parallel()
	c := loadCluster(t)
	dep := c.one(t, "Deployment")
	labels := get(dep, "spec", "template", "metadata", "labels")

	svc := c.one(t, "Service")
	if !subset(get(svc, "spec", "selector"), labels) {
		t.Error("the Service's selector does not match the Deployment's pods")
	}
	if tp := get(svc, "spec", "ports", 0, "targetPort"); tp != "http" && tp != defaultPort(t) {
		t.Errorf("Service targetPort %v, want http or %d", tp, defaultPort(t))
	}

	pdb := c.one(t, "PodDisruptionBudget")
	if str(pdb, "apiVersion") != "policy/v1" || num(pdb, "spec", "minAvailable") != 2 {
		t.Errorf("PodDisruptionBudget %s minAvailable %v, want policy/v1 and 2", str(pdb, "apiVersion"), get(pdb, "spec", "minAvailable"))
	}
	if !subset(get(pdb, "spec", "selector", "matchLabels"), labels) {
		t.Error("the PodDisruptionBudget's selector does not match the Deployment's pods")
	}

	hpa := c.one(t, "HorizontalPodAutoscaler")
	if str(hpa, "apiVersion") != "autoscaling/v2" {
		t.Errorf("HorizontalPodAutoscaler apiVersion %s, want autoscaling/v2", str(hpa, "apiVersion"))
	}
	ref := get(hpa, "spec", "scaleTargetRef")
	if str(ref, "kind") != "Deployment" || str(ref, "name") != str(dep, "metadata", "name") {
		t.Errorf("HorizontalPodAutoscaler scales %v, not the Deployment", ref)
	}
	if lo, hi := num(hpa, "spec", "minReplicas"), num(hpa, "spec", "maxReplicas"); lo != num(dep, "spec", "replicas") || hi <= lo {
		t.Errorf("HorizontalPodAutoscaler min %d max %d, want min = the Deployment's replicas < max", lo, hi)
	}
	if str(hpa, "spec", "metrics", 0, "resource", "name") != "cpu" {
		t.Errorf("HorizontalPodAutoscaler metrics %v, want CPU", get(hpa, "spec", "metrics"))
	}
}

func TestMigrationJob(t *testing.T) {
	t.Parallel()
	c := loadCluster(t)
	job := c.one(t, "Job")
	pod := get(job, "spec", "template", "spec")
	ctr := get(pod, "containers", 0)
	if args := list(ctr, "args"); len(args) != 1 || args[0] != "migrate" || get(ctr, "command") != nil {
		t.Errorf("the Job runs command %v args %v, want the image's entrypoint with migrate", get(ctr, "command"), args)
	}
	dep := c.one(t, "Deployment")
	if str(ctr, "image") != str(dep, "spec", "template", "spec", "containers", 0, "image") {
		t.Error("the Job does not run the Deployment's image")
	}
	if rp := str(pod, "restartPolicy"); rp != "Never" && rp != "OnFailure" {
		t.Errorf("restartPolicy %q", rp)
	}
	checkEnv(t, "Job", c.env(t, ctr))
	checkSecurity(t, "Job", pod, ctr)
	checkResources(t, "Job", ctr)
}

func TestKustomization(t *testing.T) {
	t.Parallel()
	c := loadCluster(t)
	k := c.one(t, "Kustomization")
	var listed []string
	for _, r := range list(k, "resources") {
		listed = append(listed, r.(string))
	}
	entries, err := os.ReadDir("k8s")
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if ext := path.Ext(e.Name()); (ext == ".yaml" || ext == ".yml") && e.Name() != "kustomization.yaml" {
			files = append(files, e.Name())
		}
	}
	slices.Sort(listed)
	if !slices.Equal(listed, files) {
		t.Errorf("kustomization resources %v, want every manifest of k8s/: %v", listed, files)
	}
	for _, kind := range []string{"ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler", "Job"} {
		if len(c[kind]) == 0 {
			t.Errorf("no %s in k8s/", kind)
		}
	}
}
