package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// replica is one server started with run, in this process, as main would.
type replica struct {
	addr string
	log  *syncBuffer
	stop context.CancelFunc
	done chan error
	once sync.Once
	err  error
}

// startReplica runs `orders-api serve` with vars until stopped (at the
// latest when t ends).
func startReplica(t *testing.T, vars map[string]string) *replica {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &replica{log: &syncBuffer{}, stop: cancel, done: make(chan error, 1)}
	go func() { r.done <- Run(ctx, []string{"orders-api", "serve"}, getenv(vars), io.Discard, r.log) }()
	t.Cleanup(func() { _ = r.shutdown() })
	r.addr = waitListening(t, r.log)
	return r
}

// shutdown sends the replica its SIGTERM (cancels its context) and waits
// for run to return; its result is kept for later calls.
func (r *replica) shutdown() error {
	r.once.Do(func() {
		r.stop()
		select {
		case r.err = <-r.done:
		case <-time.After(30 * time.Second):
			r.err = errors.New("the server did not stop within 30s")
		}
	})
	return r.err
}

// url is the URL of path on the replica.
func (r *replica) url(path string) string { return "http://" + r.addr + path }

// logLines returns the replica's JSON log lines, decoded.
func (r *replica) logLines(t *testing.T) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(r.log.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var line map[string]any
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Errorf("%s: log line is not JSON: %q", r.addr, sc.Text())
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// answer is one HTTP answer.
type answer struct {
	status   int
	header   http.Header
	body     []byte
	replayed bool
}

// call sends one request; err is a transport error (no answer).
func call(ctx context.Context, client *http.Client, method, url, token string, body []byte, headers ...string) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return answer{}, err
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: b,
		replayed: resp.Header.Get("Idempotent-Replayed") == "true"}, nil
}

// samples returns the samples of a Prometheus text body whose series
// start with prefix, by series.
func samples(t *testing.T, body []byte, prefix string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, line := range strings.Split(string(body), "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			t.Fatalf("bad sample %q", line)
		}
		out[line[:i]] = v
	}
	return out
}

// sum adds up samples.
func sum(samples map[string]float64) float64 {
	total := 0.0
	for _, v := range samples {
		total += v
	}
	return total
}
