//go:build ignore

// Command vulnfilter reads govulncheck -format json on stdin and applies the
// project's policy (docs/SECURITY.md): it fails (exit 1) on a vulnerable
// symbol that the code calls in a required module, unless the advisory is
// listed in the allow file (first argument) with a reason. Findings in the
// standard library are printed as warnings: they are fixed by a newer Go
// toolchain, which CI can't install (the production image builds with the
// newest patch release). Run by .ci/vulncheck.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type frame struct {
	Module, Version, Package, Function string
}

type message struct {
	OSV *struct {
		ID      string `json:"id"`
		Summary string `json:"summary"`
	} `json:"osv"`
	Finding *struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	} `json:"finding"`
}

type finding struct {
	module, version, fixed, symbol string
}

func main() {
	allowed := readAllow(os.Args[1])
	summaries := map[string]string{}
	called := map[string]finding{}
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var m message
		if err := dec.Decode(&m); err == io.EOF {
			break
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "vulnfilter: bad govulncheck output:", err)
			os.Exit(2)
		}
		switch {
		case m.OSV != nil:
			summaries[m.OSV.ID] = m.OSV.Summary
		case m.Finding != nil && len(m.Finding.Trace) > 0 && m.Finding.Trace[0].Function != "":
			f := m.Finding.Trace[0]
			called[m.Finding.OSV] = finding{module: f.Module, version: f.Version, fixed: m.Finding.FixedVersion,
				symbol: f.Package + "." + f.Function}
		}
	}
	ids := make([]string, 0, len(called))
	for id := range called {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	failed := 0
	for _, id := range ids {
		f := called[id]
		fixed := f.fixed
		if fixed == "" {
			fixed = "no fix"
		}
		verdict := "FAIL"
		switch {
		case allowed[id] != "":
			verdict = "allowed (" + allowed[id] + ")"
		case f.module == "stdlib" || f.module == "toolchain":
			verdict = "warning: needs Go " + strings.TrimPrefix(fixed, "v")
		default:
			failed++
		}
		fmt.Printf("%s %s@%s (fixed in %s), calls %s: %s\n    -> %s\n", id, f.module, f.version, fixed, f.symbol, summaries[id], verdict)
	}
	fmt.Printf("vulncheck: %d called vulnerabilities, %d failing the check\n", len(ids), failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// readAllow reads "ID reason" lines; # starts a comment.
func readAllow(name string) map[string]string {
	data, err := os.ReadFile(name)
	if err != nil {
		fmt.Fprintln(os.Stderr, "vulnfilter:", err)
		os.Exit(2)
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		out[id] = strings.TrimSpace(reason)
	}
	return out
}
