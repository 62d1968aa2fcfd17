package config

import "strconv"

// maxDeliveries bounds REQUEST_MAX_DELIVERIES.
const maxDeliveries = 1000

// deliveries parses a number of leases, 1 to maxDeliveries.
func (p *parser) deliveries(name string, dst *int) {
	v, ok := p.lookup(name)
	if !ok {
		return
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > maxDeliveries {
		p.fail(name, "a whole number from 1 to 1000", v)
		return
	}
	*dst = n
}
