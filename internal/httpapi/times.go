package httpapi

import (
	"time"

	"github.com/orders-api/orders-api/internal/httpapi/wire"
)

// parseTime reads a timestamp of a query parameter (wire.ParseTime).
func parseTime(s string) (time.Time, error) { return wire.ParseTime(s) }
