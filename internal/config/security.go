package config

import (
	"net/netip"
	"net/url"
	"strings"
)

// JWTEnabled reports whether the admin SPA's JWTs are accepted.
func (c Config) JWTEnabled() bool { return c.JWTJWKSFile != "" || c.JWTPublicKeyFile != "" }

// CORSOrigins returns the browser origins allowed to call the API.
func (c Config) CORSOrigins() []string { return splitList(c.CORSAllowedOrigins) }

// TrustedProxies returns the networks of the proxies whose X-Forwarded-For
// header is believed.
func (c Config) TrustedProxies() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range splitList(c.TrustedProxiesList) {
		out = append(out, netip.MustParsePrefix(s)) // checked by Load
	}
	return out
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// jwt reads the JWT_* variables: at most one key file, and then the issuer
// and audience are required, so that no token of another application of
// the identity provider is ever accepted.
func (p *parser) jwt(c *Config) {
	c.JWTJWKSFile, _ = p.lookup("JWT_JWKS_FILE")
	c.JWTPublicKeyFile, _ = p.lookup("JWT_PUBLIC_KEY_FILE")
	c.JWTIssuer, _ = p.lookup("JWT_ISSUER")
	c.JWTAudience, _ = p.lookup("JWT_AUDIENCE")
	switch {
	case c.JWTJWKSFile != "" && c.JWTPublicKeyFile != "":
		p.problems = append(p.problems, "JWT_JWKS_FILE and JWT_PUBLIC_KEY_FILE are both set: give one of them")
	case c.JWTEnabled():
		for _, v := range []struct{ name, value string }{{"JWT_ISSUER", c.JWTIssuer}, {"JWT_AUDIENCE", c.JWTAudience}} {
			if v.value == "" {
				p.problems = append(p.problems, v.name+" must be set when JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE is")
			}
		}
	case c.JWTIssuer != "" || c.JWTAudience != "":
		p.problems = append(p.problems, "JWT_ISSUER and JWT_AUDIENCE need JWT_JWKS_FILE or JWT_PUBLIC_KEY_FILE")
	}
}

// origins accepts a comma-separated list of origins, scheme://host[:port]
// with scheme http or https and nothing else; "*" is refused: only the
// configured SPAs may call the API from a browser.
func (p *parser) origins(name string) string {
	v, ok := p.lookup(name)
	if !ok {
		return ""
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.Contains(u.Host, "*") {
			p.fail(name, `a comma-separated list of origins like "https://admin.example.com" (no "*", no path)`, v)
			return ""
		}
		out = append(out, strings.ToLower(u.Scheme+"://"+u.Host))
	}
	return strings.Join(out, ",")
}

// prefixes accepts a comma-separated list of IP addresses and CIDRs.
func (p *parser) prefixes(name string) string {
	v, ok := p.lookup(name)
	if !ok {
		return ""
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		s = strings.TrimSpace(s)
		pre, err := netip.ParsePrefix(s)
		if err != nil {
			addr, aerr := netip.ParseAddr(s)
			if aerr != nil || addr.Zone() != "" {
				p.fail(name, `a comma-separated list of IP addresses or CIDRs like "10.0.0.0/8"`, v)
				return ""
			}
			pre = netip.PrefixFrom(addr, addr.BitLen())
		}
		out = append(out, pre.Masked().String())
	}
	return strings.Join(out, ",")
}
