package deployments_test

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// kustomization is the part of kustomize's Kustomization that k8s/ uses.
// It is decoded with KnownFields, so a field that build does not model
// fails the tests instead of being ignored.
type kustomization struct {
	APIVersion      string            `yaml:"apiVersion"`
	Kind            string            `yaml:"kind"`
	Resources       []string          `yaml:"resources"`
	SecretGenerator []secretGenerator `yaml:"secretGenerator"`
	Labels          []struct {
		Pairs map[string]string `yaml:"pairs"`
	} `yaml:"labels"`
	Images []image `yaml:"images"`
}

// secretGenerator makes a Secret from env files (KEY=VALUE lines).
type secretGenerator struct {
	Name    string   `yaml:"name"`
	Type    string   `yaml:"type"`
	Envs    []string `yaml:"envs"`
	Options struct {
		DisableNameSuffixHash bool `yaml:"disableNameSuffixHash"`
	} `yaml:"options"`
}

// image rewrites the containers' image Name to NewName with NewTag or Digest.
type image struct {
	Name    string `yaml:"name"`
	NewName string `yaml:"newName"`
	NewTag  string `yaml:"newTag"`
	Digest  string `yaml:"digest"`
}

// readKustomization decodes dir/kustomization.yaml.
func readKustomization(dir string) (kustomization, error) {
	var k kustomization
	b, err := os.ReadFile(filepath.Join(dir, "kustomization.yaml"))
	if err != nil {
		return k, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&k); err != nil {
		return k, fmt.Errorf("kustomization.yaml: %w", err)
	}
	return k, nil
}

// build renders the kustomization of dir as kubectl apply -k would: its
// resources, the generated Secrets (data base64-encoded), the labels on
// every object and the images set on the containers of pod templates.
func build(dir string) ([]map[string]any, error) {
	k, err := readKustomization(dir)
	if err != nil {
		return nil, err
	}
	var objs []map[string]any
	for _, r := range k.Resources {
		docs, err := readObjects(filepath.Join(dir, r))
		if err != nil {
			return nil, err
		}
		objs = append(objs, docs...)
	}
	for _, g := range k.SecretGenerator {
		s, err := generateSecret(dir, g)
		if err != nil {
			return nil, err
		}
		objs = append(objs, s)
	}
	for _, o := range objs {
		meta := o["metadata"].(map[string]any)
		labels, _ := meta["labels"].(map[string]any)
		if labels == nil {
			labels = map[string]any{}
			meta["labels"] = labels
		}
		for _, l := range k.Labels {
			for name, v := range l.Pairs {
				labels[name] = v
			}
		}
		setImages(o, k.Images)
	}
	return objs, nil
}

// readObjects parses the YAML documents of a resource file.
func readObjects(path string) ([]map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var objs []map[string]any
	dec := yaml.NewDecoder(bytes.NewReader(b))
	for {
		var v map[string]any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			return objs, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if v != nil {
			objs = append(objs, v)
		}
	}
}

// generateSecret makes the Secret of g from its env files, which must exist.
func generateSecret(dir string, g secretGenerator) (map[string]any, error) {
	if !g.Options.DisableNameSuffixHash {
		return nil, fmt.Errorf("secretGenerator %s: build does not model the name's hash suffix", g.Name)
	}
	data := map[string]any{}
	for _, env := range g.Envs {
		f, err := os.Open(filepath.Join(dir, env))
		if err != nil {
			return nil, fmt.Errorf("secretGenerator %s: %w", g.Name, err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			key, value, ok := strings.Cut(line, "=")
			if !ok || key == "" {
				_ = f.Close()
				return nil, fmt.Errorf("secretGenerator %s: %s: line %q is not KEY=VALUE", g.Name, env, line)
			}
			data[key] = base64.StdEncoding.EncodeToString([]byte(value))
		}
		if err := errors.Join(sc.Err(), f.Close()); err != nil {
			return nil, fmt.Errorf("secretGenerator %s: %s: %w", g.Name, env, err)
		}
	}
	return map[string]any{"apiVersion": "v1", "kind": "Secret", "type": g.Type,
		"metadata": map[string]any{"name": g.Name}, "data": data}, nil
}

// setImages applies images to the containers of o's pod template.
func setImages(o map[string]any, images []image) {
	for _, field := range []string{"containers", "initContainers"} {
		for _, c := range list(o, "spec", "template", "spec", field) {
			ctr := c.(map[string]any)
			for _, im := range images {
				if ctr["image"] != im.Name {
					continue
				}
				ctr["image"] = im.NewName + ":" + im.NewTag
				if im.Digest != "" {
					ctr["image"] = im.NewName + "@" + im.Digest
				}
			}
		}
	}
}

// secretValue returns key of Secret s, from stringData or base64 data.
func secretValue(t *testing.T, s any, key string) string {
	t.Helper()
	if v := str(s, "stringData", key); v != "" {
		return v
	}
	b, err := base64.StdEncoding.DecodeString(str(s, "data", key))
	if err != nil {
		t.Fatalf("secret %s: data %s: %v", str(s, "metadata", "name"), key, err)
	}
	return string(b)
}

// copyDir copies the regular files of src into dst, which it creates.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
