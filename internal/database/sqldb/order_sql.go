package sqldb

import (
	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/orders-api/orders-api/internal/order"
)

// The statements of orders that both engines run as they are.
const (
	// OrderExistsSQL probes the primary key of orders: $1 store, $2 id.
	OrderExistsSQL = `SELECT EXISTS (SELECT 1 FROM orders WHERE store_id = $1 AND id = $2)`

	// UpdateOrderSQL saves what UpdateOrder may change: $1 store, $2 id,
	// then status, the customer and updated_at.
	UpdateOrderSQL = `UPDATE orders SET status = $3, customer_name = $4, customer_email = $5,
			customer_document = $6, updated_at = $7 WHERE store_id = $1 AND id = $2`

	// AttemptStoresSQL lists the stores with attempts by a skip scan of the
	// store index: one index probe per store, not a scan of the table.
	AttemptStoresSQL = `WITH RECURSIVE s(store_id) AS (
			SELECT (SELECT store_id FROM integration_attempts ORDER BY store_id LIMIT 1)
			UNION ALL
			SELECT (SELECT a.store_id FROM integration_attempts a WHERE a.store_id > s.store_id ORDER BY a.store_id LIMIT 1)
			FROM s WHERE s.store_id IS NOT NULL)
		SELECT store_id FROM s WHERE store_id IS NOT NULL`

	// CountOldAttemptsSQL is retention's dry run: $1 store, $2 cutoff.
	CountOldAttemptsSQL = `SELECT count(*) FROM integration_attempts WHERE store_id = $1 AND occurred_at < $2`
)

// OrderSQL returns the read of one order: $1 store, $2 id. An engine may
// append a locking clause.
func OrderSQL() string { return orderSQL }

// orderSQL is OrderSQL's text, made once.
var orderSQL = `SELECT ` + orderColumns + ` FROM orders o WHERE o.store_id = $1 AND o.id = $2`

// UpdateOrder saves the status and customer of o, the order id of storeID,
// with UpdateOrderSQL. Errors are the driver's.
func UpdateOrder(g *gorm.DB, storeID string, id uuid.UUID, o order.Order) error {
	return g.Exec(UpdateOrderSQL, storeID, id, string(o.Status), o.Customer.Name, o.Customer.Email,
		o.Customer.Document, o.UpdatedAt).Error
}
