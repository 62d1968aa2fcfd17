package main

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// cpuSnapshot is the CPU time used so far by every process, by pid, with
// its command name.
type cpuSnapshot struct {
	at   time.Time
	used map[int]procTime
}

type procTime struct {
	comm string
	cpu  time.Duration
}

// ours are the processes of a run: PostgreSQL is shared with whatever else
// uses the server, so it is counted apart.
var ours = []string{"orders-api", "orders-bench", "wrk", "oapi", "ob"}

// snapshotCPU reads /proc/*/stat.
func snapshotCPU() cpuSnapshot {
	s := cpuSnapshot{at: time.Now(), used: map[int]procTime{}}
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		open, closing := strings.IndexByte(string(b), '('), strings.LastIndexByte(string(b), ')')
		if open < 0 || closing < open {
			continue
		}
		s.used[pid] = procTime{comm: string(b[open+1 : closing]), cpu: processCPU(pid)}
	}
	return s
}

// noiseReport is how busy the machine was, apart from the run, between two snapshots.
type noiseReport struct {
	others   float64 // share of the machine's CPUs used by other processes
	postgres float64 // share used by PostgreSQL (the run's and others')
	top      []string
}

// since returns what happened between before and s; mine are the
// PostgreSQL backends of the run's databases: the others' are not the run's.
func (s cpuSnapshot) since(before cpuSnapshot, mine map[int]bool) noiseReport {
	wall := s.at.Sub(before.at) * time.Duration(runtime.NumCPU())
	byComm := map[string]time.Duration{}
	var r noiseReport
	for pid, p := range s.used {
		d := p.cpu - before.used[pid].cpu
		if d <= 0 {
			continue
		}
		switch {
		case p.comm == "postgres" && (mine[pid] || !backend(pid)):
			r.postgres += float64(d) / float64(wall)
		case p.comm == "postgres":
			r.others += float64(d) / float64(wall)
			byComm["postgres (other databases)"] += d
		case !slices.Contains(ours, p.comm):
			r.others += float64(d) / float64(wall)
			byComm[p.comm] += d
		}
	}
	names := make([]string, 0, len(byComm))
	for c := range byComm {
		names = append(names, c)
	}
	slices.SortFunc(names, func(a, b string) int { return int(byComm[b] - byComm[a]) })
	for _, c := range names[:min(3, len(names))] {
		if share := int(100 * float64(byComm[c]) / float64(wall)); share >= 1 {
			r.top = append(r.top, c+" "+strconv.Itoa(share)+"%")
		}
	}
	return r
}

func (r noiseReport) String() string {
	s := "others used " + strconv.Itoa(int(100*r.others)) + "% of the CPUs"
	if len(r.top) > 0 {
		s += " (" + strings.Join(r.top, ", ") + ")"
	}
	return s
}

// backend reports whether a postgres process is a client backend (its
// command line names a database) rather than the server's own processes.
func backend(pid int) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	return err == nil && strings.Contains(string(b), ")") // "postgres: 15/main: user db host(port) state"
}
