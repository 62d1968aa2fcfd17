package deployments_test

import (
	"go/version"
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestDockerfileGo: the Dockerfile builds with a pinned Go image (a full
// version or a digest) that is at least the version go.mod needs; golang:1.26
// would be whatever 1.26.x the registry has that day.
func TestDockerfileGo(t *testing.T) {
	t.Parallel()
	mod, err := os.ReadFile("../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	need := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(mod)
	docker, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	from := regexp.MustCompile(`(?m)^FROM golang:(\S+)`).FindSubmatch(docker)
	if need == nil || from == nil {
		t.Fatalf("go.mod's go line %q, Dockerfile's FROM golang %q", need, from)
	}
	tag, _, _ := strings.Cut(string(from[1]), "@") // golang:1.26.8@sha256:... pins both
	if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(tag) {
		t.Errorf("Dockerfile: FROM golang:%s: want a full version (1.26.8), not a moving tag", from[1])
	}
	if version.Compare("go"+tag, "go"+string(need[1])) < 0 {
		t.Errorf("Dockerfile: golang:%s is older than go.mod's go %s", tag, need[1])
	}
}
