package deployments_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// deploySteps returns the commands of the first sh block of the Kubernetes
// section of docs/OPERATIONS.md, continuation lines joined, comments dropped.
func deploySteps(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../docs/OPERATIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## Kubernetes\n")
	section, _, _ = strings.Cut(section, "\n## ")
	_, block, ok2 := strings.Cut(section, "```sh\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("docs/OPERATIONS.md: no sh block in its ## Kubernetes section")
	}
	var steps []string
	cmd := ""
	for _, line := range strings.Split(block, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if s, ok := strings.CutSuffix(line, "\\"); ok {
			cmd += s
			continue
		}
		if cmd += line; strings.TrimSpace(cmd) != "" {
			steps = append(steps, strings.TrimSpace(cmd))
		}
		cmd = ""
	}
	return steps
}

// TestDocumentedDeploy follows docs/OPERATIONS.md's deploy steps on a copy
// of the manifests: the commands that write files run in a shell, then the
// kustomization is built as kubectl apply -k would. The Secret the pods read
// must be the operator's, not one shipped in the repository.
func TestDocumentedDeploy(t *testing.T) {
	t.Parallel()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh to run the documented steps")
	}
	steps := deploySteps(t)
	apply := slices.Index(steps, "kubectl apply -k deployments/k8s")
	if apply < 0 {
		t.Fatalf("docs/OPERATIONS.md never runs kubectl apply -k deployments/k8s: %q", steps)
	}
	root := t.TempDir()
	copyDir(t, "k8s", filepath.Join(root, "deployments", "k8s"))
	_ = os.Remove(filepath.Join(root, "deployments", "k8s", "database.env")) // a developer's own, if any
	if _, err := build(filepath.Join(root, "deployments", "k8s")); err == nil || !strings.Contains(err.Error(), "database.env") {
		t.Errorf("kubectl apply -k before the operator wrote database.env: %v, want an error naming it", err)
	}

	wantURL := ""
	for _, step := range steps[:apply] {
		if !strings.Contains(step, ">") {
			continue // a cluster command (kubectl, kustomize edit)
		}
		if m := regexp.MustCompile(`postgres://[^' ]+`).FindString(step); m != "" {
			wantURL = m
		}
		cmd := exec.Command("sh", "-c", step)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("documented step %q: %v\n%s", step, err, out)
		}
	}
	if wantURL == "" {
		t.Fatalf("no documented step before kubectl apply writes the operator's DATABASE_URL: %q", steps[:apply])
	}

	c := renderCluster(t, filepath.Join(root, "deployments", "k8s"))
	secret := c["Secret"]["orders-api-db"]
	if len(c["Secret"]) != 1 || secret == nil {
		t.Fatalf("rendered Secrets %v, want only orders-api-db", c["Secret"])
	}
	if got := secretValue(t, secret, "DATABASE_URL"); got != wantURL {
		t.Errorf("the rendered Secret's DATABASE_URL is %q, want the operator's %q", got, wantURL)
	}
	for _, kind := range []string{"Deployment", "Job"} {
		ctr := get(c.one(t, kind), "spec", "template", "spec", "containers", 0)
		if got := c.env(t, ctr)["DATABASE_URL"]; got != wantURL {
			t.Errorf("%s: DATABASE_URL %q, want the operator's %q", kind, got, wantURL)
		}
	}
}

// TestNoShippedSecret: no manifest under deployments/ is a Secret, and the
// files the secretGenerator reads are git-ignored.
func TestNoShippedSecret(t *testing.T) {
	t.Parallel()
	for _, d := range loadDocs(t) {
		if str(d.v, "kind") == "Secret" {
			t.Errorf("%s ships Secret %s: the operator's Secret would be overwritten by it", d.file, str(d.v, "metadata", "name"))
		}
	}
	k, err := readKustomization("k8s")
	if err != nil {
		t.Fatal(err)
	}
	ignore, err := os.ReadFile("k8s/.gitignore")
	if err != nil {
		t.Fatal(err)
	}
	ignored := strings.Split(string(ignore), "\n")
	for _, g := range k.SecretGenerator {
		for _, env := range g.Envs {
			if !slices.Contains(ignored, env) {
				t.Errorf("secretGenerator %s reads %s, which k8s/.gitignore does not list", g.Name, env)
			}
		}
	}
}

// TestImagePinned: the image is a release tag or a digest, not latest,
// since the pods pull only when the node lacks the image.
func TestImagePinned(t *testing.T) {
	t.Parallel()
	c := loadCluster(t)
	for _, kind := range []string{"Deployment", "Job"} {
		ctr := get(c.one(t, kind), "spec", "template", "spec", "containers", 0)
		img := str(ctr, "image")
		name, tag, _ := strings.Cut(img, ":")
		if strings.Contains(img, "@sha256:") {
			continue
		}
		if !strings.Contains(name, "/") || tag == "" || tag == "latest" {
			t.Errorf("%s: image %q (pull policy %s): want REGISTRY/NAME with a release tag or a digest",
				kind, img, str(ctr, "imagePullPolicy"))
		}
	}
}
