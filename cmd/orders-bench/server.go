package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// service is a running server of the run: the orders-api binary, or the
// HTTP floor (floor.go).
type service struct {
	cmd  *exec.Cmd
	addr string // 127.0.0.1:port
	done chan error
}

// startService runs bin serve on a free loopback port against dbURL, with
// the rate limit off, its log going to logPath, and waits until it answers
// /readyz. extra are more NAME=value variables, such as PPROF_ADDR.
func startService(ctx context.Context, bin, dbURL, logPath string, extra []string) (*service, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"),
		"DATABASE_URL=" + dbURL, "HTTP_ADDR=" + addr, "RATE_LIMIT_RPS=0", "RATE_LIMIT_BURST=0",
		"LOG_LEVEL=info", "LOG_FORMAT=json", "SHUTDOWN_TIMEOUT=5s"}
	cmd.Env = append(cmd.Env, extra...)
	return startServer(ctx, cmd, addr, logPath)
}

// startFloor runs this program as the HTTP floor of W2 against dbURL.
func startFloor(ctx context.Context, dbURL, logPath string, conns int) (*service, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	return startServer(ctx, exec.Command(self, floorCommand, addr, dbURL, strconv.Itoa(conns)), addr, logPath)
}

// startServer starts cmd, which listens on addr, with its output going to
// logPath, and waits until it answers /readyz.
func startServer(ctx context.Context, cmd *exec.Cmd, addr, logPath string) (*service, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", cmd.Path, err)
	}
	s := &service{cmd: cmd, addr: addr, done: make(chan error, 1)}
	go func() { s.done <- cmd.Wait(); logFile.Close() }()
	if err := s.waitReady(ctx, 20*time.Second); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w (see %s)", err, logPath)
	}
	return s, nil
}

// waitReady polls /readyz until it answers 200, the process ends or limit passes.
func (s *service) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: time.Second}
	for time.Now().Before(deadline) {
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("%s exited at start: %v", s.cmd.Path, err)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		resp, err := client.Get("http://" + s.addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("%s did not become ready within %v", s.cmd.Path, limit)
}

// url returns the service's base URL.
func (s *service) url() string { return "http://" + s.addr }

// peakRSS returns the process's peak resident set size (VmHWM) in bytes.
func (s *service) peakRSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

// stop sends SIGTERM and waits up to 10 s for a graceful exit, then kills.
func (s *service) stop() {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// freePort returns a free loopback address.
func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// processCPU returns the user and system CPU time process pid has used.
// /proc counts it in USER_HZ ticks, 100 a second on Linux.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// the fields after the command name, which is in parentheses
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(f[11], 10, 64)
	stime, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(utime+stime) * 10 * time.Millisecond
}
