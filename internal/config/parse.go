package config

import (
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// parser reads variables and collects one problem per bad variable, so that
// a misconfigured start reports all of them at once.
type parser struct {
	getenv   func(string) string
	problems []string
}

// lookup returns the trimmed value of name and whether it is set (not blank).
func (p *parser) lookup(name string) (string, bool) {
	v := strings.TrimSpace(p.getenv(name))
	return v, v != ""
}

func (p *parser) fail(name, want, got string) {
	p.problems = append(p.problems, fmt.Sprintf("%s must be %s, got %q", name, want, got))
}

// databaseURL accepts an empty value or a postgres URL. A bad value is never
// echoed, since it may hold a password: only its scheme is.
func (p *parser) databaseURL(name string) string {
	v, ok := p.lookup(name)
	if !ok {
		return ""
	}
	const notShown = " (the value is not shown: it may hold a password)"
	u, err := url.Parse(v)
	switch {
	case err != nil || misparsed(u):
		p.problems = append(p.problems, name+" must be a valid postgres:// URL, with special characters"+
			" of the password percent-encoded"+notShown)
	case u.Scheme != "postgres" && u.Scheme != "postgresql":
		p.problems = append(p.problems, fmt.Sprintf("%s must be empty or a URL starting with postgres:// or postgresql://,"+
			" got scheme %q%s", name, u.Scheme, notShown))
	default:
		return v
	}
	return ""
}

// addr accepts host:port or :port with a numeric port.
func (p *parser) addr(name string, dst *string) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	_, port, err := net.SplitHostPort(v)
	if n, perr := strconv.Atoi(port); err != nil || perr != nil || n < 0 || n > 65535 {
		p.fail(name, `host:port or :port with a numeric port, like ":8080"`, v)
		return
	}
	*dst = v
}

func (p *parser) level(name string, dst *slog.Level) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	levels := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}
	l, found := levels[strings.ToLower(v)]
	if !found {
		p.fail(name, "debug, info, warn or error", v)
		return
	}
	*dst = l
}

func (p *parser) oneOf(name string, dst *string, a, b string) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	if lower := strings.ToLower(v); lower == a || lower == b {
		*dst = lower
		return
	}
	p.fail(name, a+" or "+b, v)
}

func (p *parser) boolean(name string, dst *bool) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		p.fail(name, "true or false", v)
		return
	}
	*dst = b
}

// bytes accepts a whole number of bytes from 1 to 1 GiB.
func (p *parser) bytes(name string, dst *int64) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 || n > 1<<30 {
		p.fail(name, "a whole number of bytes from 1 to 1073741824", v)
		return
	}
	*dst = n
}

// rate accepts a finite number >= 0; 0 turns the rate limit off.
func (p *parser) rate(name string, dst *float64) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		p.fail(name, "a number >= 0", v)
		return
	}
	*dst = f
}

// count accepts a whole number >= 0; 0 turns the rate limit off.
func (p *parser) count(name string, dst *int) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 0 {
		p.fail(name, "a whole number >= 0", v)
		return
	}
	*dst = int(n)
}

// duration accepts a Go duration greater than zero, like 15s or 2m.
func (p *parser) duration(name string, dst *time.Duration) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		p.fail(name, `a duration > 0 like "15s" or "2m"`, v)
		return
	}
	*dst = d
}
