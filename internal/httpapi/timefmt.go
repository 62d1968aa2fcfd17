package httpapi

import (
	"errors"
	"time"

	"github.com/orders-api/orders-api/internal/order"
)

// formatTime writes a timestamp as the contract says: RFC 3339 in UTC with
// Z, fractional seconds only when not zero, at most microseconds.
func formatTime(t time.Time) string {
	return t.UTC().Truncate(time.Microsecond).Format("2006-01-02T15:04:05.999999Z07:00")
}

func formatTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := formatTime(*t)
	return &s
}

var errTime = errors.New("must be an RFC 3339 timestamp such as 2026-11-26T14:03:07Z, within the years 0001 to 9999 in UTC")

// parseTime reads an RFC 3339 timestamp with any offset; the result must
// lie within the years 0001-9999 in UTC.
func parseTime(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil || !order.ValidTime(t) {
		return time.Time{}, errTime
	}
	return t, nil
}
