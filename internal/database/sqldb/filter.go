package sqldb

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/orders-api/orders-api/internal/order"
)

// OrdersQuery returns the page query of f: up to f.Limit+1 orders of
// storeID matching f, in f.Sort order (one query; the states of the page
// are another, each engine's).
func OrdersQuery(storeID string, f order.OrderFilter) (string, []any) {
	if f.Sort == "" {
		f.Sort = order.SortPlacedDesc
	}
	var q query
	store := q.arg(storeID)
	q.add("o.store_id = " + store)
	src := integrationFilter(&q, store, f)
	if f.Sort.ByUpdated() {
		src.timeCol = "o.updated_at"
	}
	if f.Status != nil {
		q.where("o.status = %s", string(*f.Status))
	}
	whereIf(&q, "o.number = %s", f.Number)
	whereIf(&q, src.placedCol+" >= %s", f.PlacedAfter)
	whereIf(&q, src.placedCol+" < %s", f.PlacedBefore)
	whereIf(&q, "o.updated_at >= %s", f.UpdatedAfter)
	desc := f.Sort.Desc()
	if f.After != nil {
		q.where("("+src.timeCol+", "+src.idCol+") "+keyset(desc), f.After.Time, f.After.ID)
	}
	dir := direction(desc)
	text := fmt.Sprintf("SELECT %s FROM %s %s ORDER BY %s %s, %s %s LIMIT %s",
		orderColumnsOf(f), src.from, q.clause(), src.timeCol, dir, src.idCol, dir, q.arg(limit(f.Limit)+1))
	return text, q.args
}

// orderSource is where a page of orders is read from, and its key columns.
type orderSource struct {
	from, timeCol, idCol, placedCol string
}

// integrationFilter adds f's integration filters to q and returns the
// source of the page. A system filter in placed order (unless it asks for
// orders without that system) is driven by order_integrations, whose copy of
// placed_at and indexes give the page in order; other filters walk an
// orders index in the sort's order.
func integrationFilter(q *query, store string, f order.OrderFilter) orderSource {
	none := f.IntegrationStatus != nil && *f.IntegrationStatus == order.IntegrationNone
	switch {
	case f.System != nil && !f.Sort.ByUpdated() && !none:
		q.add("oi.store_id = " + store)
		q.where("oi.system = %s", *f.System)
		if f.IntegrationStatus != nil {
			q.where("oi.status = %s", string(*f.IntegrationStatus))
		}
		whereIf(q, "oi.error_code = %s", f.ErrorCode)
		return orderSource{from: "order_integrations oi JOIN orders o ON o.id = oi.order_id",
			timeCol: "oi.placed_at", idCol: "oi.order_id", placedCol: "oi.placed_at"}
	case f.System != nil:
		systemExists(q, store, *f.System, f.IntegrationStatus)
		errorCodeExists(q, store, f.System, f.ErrorCode)
	case f.ErrorCode != nil && !f.Sort.ByUpdated():
		whereIf(q, "o.integration_status = %s", f.IntegrationStatus)
		return errorCodeSource(q, store, *f.ErrorCode)
	default:
		whereIf(q, "o.integration_status = %s", f.IntegrationStatus)
		errorCodeExists(q, store, nil, f.ErrorCode)
	}
	return orderSource{from: "orders o", timeCol: "o.placed_at", idCol: "o.id", placedCol: "o.placed_at"}
}

// systemExists filters orders by their state on system: any state, a given
// one, or none at all (no attempt for that system yet).
func systemExists(q *query, store, system string, status *order.IntegrationStatus) {
	sub := "SELECT 1 FROM order_integrations oi WHERE oi.order_id = o.id AND oi.store_id = " + store +
		" AND oi.system = " + q.arg(system)
	switch {
	case status == nil:
		q.add("EXISTS (" + sub + ")")
	case *status == order.IntegrationNone:
		q.add("NOT EXISTS (" + sub + ")")
	default:
		q.add("EXISTS (" + sub + " AND oi.status = " + q.arg(string(*status)) + ")")
	}
}

// limit returns n, or the default page size when n is not positive.
func limit(n int) int {
	if n <= 0 {
		return order.DefaultLimit
	}
	return n
}

// AttemptsQuery returns the page query of f: up to f.Limit+1 attempts of
// storeID matching f, newest first (occurred_at descending, then the most
// recently recorded).
func AttemptsQuery(storeID string, f order.AttemptFilter) (string, []any) {
	var q query
	q.where("store_id = %s", storeID)
	whereIf(&q, "order_id = %s", f.OrderID)
	whereIf(&q, "system = %s", f.System)
	if f.Status != nil {
		q.where("status = %s", string(*f.Status))
	}
	whereIf(&q, "error_code = %s", f.ErrorCode)
	whereIf(&q, "occurred_at >= %s", f.OccurredAfter)
	whereIf(&q, "occurred_at < %s", f.OccurredBefore)
	if f.After != nil {
		q.where("(occurred_at, seq) < (%s, %s)", f.After.OccurredAt, f.After.Seq)
	}
	text := fmt.Sprintf("SELECT %s FROM integration_attempts %s ORDER BY occurred_at DESC, seq DESC LIMIT %s",
		attemptColumns, q.clause(), q.arg(limit(f.Limit)+1))
	return text, q.args
}

// query builds a SELECT's WHERE clause with numbered placeholders, which GORM
// passes to pgx untouched.
type query struct {
	conds []string
	args  []any
}

// arg adds v as an argument and returns its placeholder.
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

// where adds a condition; each %s of format is replaced by the placeholder
// of the next value.
func (q *query) where(format string, values ...any) {
	ph := make([]any, len(values))
	for i, v := range values {
		ph[i] = q.arg(v)
	}
	q.conds = append(q.conds, fmt.Sprintf(format, ph...))
}

// add adds a condition whose placeholders were made with arg.
func (q *query) add(cond string) { q.conds = append(q.conds, cond) }

// whereIf adds a condition of one value when v is not nil.
func whereIf[T any](q *query, format string, v *T) {
	if v != nil {
		q.where(format, *v)
	}
}

// clause returns the conditions joined by AND, after WHERE.
func (q *query) clause() string { return "WHERE " + strings.Join(q.conds, " AND ") }

// keyset returns the row comparison that keeps rows strictly after a
// position, in a list ordered by the columns ascending or descending.
func keyset(desc bool) string {
	if desc {
		return "< (%s, %s)"
	}
	return "> (%s, %s)"
}

// direction returns the ORDER BY direction of a sort.
func direction(desc bool) string {
	if desc {
		return "DESC"
	}
	return "ASC"
}
