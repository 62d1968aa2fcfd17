package config

import "strconv"

// positive accepts a whole number >= 1.
func (p *parser) positive(name string, dst *int) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	n, err := strconv.ParseInt(v, 10, 32)
	if err != nil || n < 1 {
		p.fail(name, "a whole number >= 1", v)
		return
	}
	*dst = int(n)
}
