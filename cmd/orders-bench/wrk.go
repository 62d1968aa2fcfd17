package main

import (
	"bufio"
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// The wrk scripts, one per workload, and workload.lua, which they share
// (require "workload"): it prints their results as one "WRK {json}" line
// from done().
//
//go:embed wrk/*.lua
var scripts embed.FS

// writeScripts copies the wrk scripts into dir, where wrk can read them.
func writeScripts(dir string) error {
	entries, err := scripts.ReadDir("wrk")
	if err != nil {
		return err
	}
	for _, e := range entries {
		b, err := scripts.ReadFile("wrk/" + e.Name())
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// wrkResult is what a script's done() prints.
type wrkResult struct {
	Requests   int64   `json:"requests"`
	DurationUS int64   `json:"duration_us"`
	Connect    int64   `json:"connect"`
	Read       int64   `json:"read"`
	Write      int64   `json:"write"`
	Status     int64   `json:"status"` // responses with a status above 399
	Timeout    int64   `json:"timeout"`
	P50US      float64 `json:"p50_us"`
	P99US      float64 `json:"p99_us"`
	MeanUS     float64 `json:"mean_us"`
	MaxUS      float64 `json:"max_us"`
}

// measure converts r to a measurement.
func (r wrkResult) measure() measurement {
	secs := float64(r.DurationUS) / 1e6
	return measurement{ops: r.Requests, rate: float64(r.Requests) / secs,
		p50: time.Duration(r.P50US) * time.Microsecond, p99: time.Duration(r.P99US) * time.Microsecond,
		mean:   time.Duration(r.MeanUS) * time.Microsecond,
		errors: r.Connect + r.Read + r.Write + r.Status + r.Timeout}
}

// wrkRun is one wrk invocation.
type wrkRun struct {
	bin, dir, script, url string
	conns, threads        int
	duration              time.Duration
	args                  []string
}

// run runs wrk and returns its results.
func (w wrkRun) run(ctx context.Context) (wrkResult, error) {
	ctx, cancel := context.WithTimeout(ctx, w.duration+30*time.Second)
	defer cancel()
	args := []string{"-t", strconv.Itoa(w.threads), "-c", strconv.Itoa(w.conns),
		"-d", fmt.Sprintf("%ds", int(w.duration.Seconds())), "--timeout", "10s",
		"-s", filepath.Join(w.dir, w.script), w.url, "--"}
	cmd := exec.CommandContext(ctx, w.bin, append(args, w.args...)...)
	cmd.Env = append(os.Environ(), "LUA_PATH="+filepath.Join(w.dir, "?.lua")+";;") // require finds workload.lua
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		return wrkResult{}, fmt.Errorf("wrk %s: %w: %s", w.script, err, strings.TrimSpace(stderr.String()))
	}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		if j, ok := strings.CutPrefix(sc.Text(), "WRK "); ok {
			var r wrkResult
			if err := json.Unmarshal([]byte(j), &r); err != nil {
				return wrkResult{}, fmt.Errorf("wrk %s: bad result line: %w", w.script, err)
			}
			return r, nil
		}
	}
	return wrkResult{}, errors.New("wrk " + w.script + ": no result line in: " + out.String())
}
