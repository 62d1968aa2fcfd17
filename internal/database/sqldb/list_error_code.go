package sqldb

// errorCodeSource is the source of a page of orders filtered by an error
// code without a system, in placed order: the distinct orders of the
// states with that code, walked in order on
// order_integrations_error_code_idx (an order's states are adjacent in
// it, so DISTINCT streams), then joined to orders.
func errorCodeSource(q *query, store, code string) orderSource {
	from := "(SELECT DISTINCT oi.placed_at, oi.order_id FROM order_integrations oi WHERE oi.store_id = " + store +
		" AND oi.error_code = " + q.arg(code) + ") e JOIN orders o ON o.id = e.order_id"
	return orderSource{from: from, timeCol: "e.placed_at", idCol: "e.order_id", placedCol: "e.placed_at"}
}

// errorCodeExists filters orders having a state with the code (of system,
// when given).
func errorCodeExists(q *query, store string, system, code *string) {
	if code == nil {
		return
	}
	sub := "SELECT 1 FROM order_integrations oi WHERE oi.order_id = o.id AND oi.store_id = " + store
	if system != nil {
		sub += " AND oi.system = " + q.arg(*system)
	}
	q.add("EXISTS (" + sub + " AND oi.error_code = " + q.arg(*code) + ")")
}
