package httpapi

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// A cursor is opaque to clients: base64url(JSON position) "." checksum. The
// checksum covers the position and the query it belongs to (route and
// filters), so a tampered cursor, or one from another query, is a 400.
type cursor struct {
	Version int    `json:"v"`
	Time    int64  `json:"t"`           // sort key, Unix microseconds
	ID      string `json:"i,omitempty"` // orders: tie-breaker id
	Seq     int64  `json:"s,omitempty"` // attempts: tie-breaker recording order
}

const cursorVersion = 1

// cursorEncoding refuses the base64 spellings that differ only in unused
// trailing bits, so that a changed cursor never decodes to the same one.
var cursorEncoding = base64.RawURLEncoding.Strict()

// valid reports whether c holds a position the database can take: a time
// of years 0001-9999 and a non-negative sequence. The checksum is not a
// secret, so a client can forge a cursor: this keeps a forged one harmless.
func (c cursor) valid() bool {
	t := time.UnixMicro(c.Time).UTC()
	return order.ValidTime(t) && c.Seq >= 0
}

var errBadCursor = &errs.Error{Code: errs.BadRequest, Detail: "the query has invalid parameters",
	Fields: []errs.FieldError{{Field: "cursor", Message: "is not a cursor of this query: pass next_cursor as it was returned, with the same filters"}}}

// queryScope identifies the query a cursor belongs to: path and filters
// (every parameter except cursor, limit and fields, in a canonical order):
// a client may change the page size or the fields while it pages.
func queryScope(path string, params url.Values) []byte {
	keys := make([]string, 0, len(params))
	for k := range params {
		if k != "cursor" && k != "limit" && k != "fields" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(path)
	for _, k := range keys {
		b.WriteString("\x00" + k + "=" + strings.Join(params[k], ","))
	}
	return []byte(b.String())
}

func cursorSum(payload, scope []byte) []byte {
	h := sha256.New()
	h.Write([]byte("orders-api cursor\x00"))
	h.Write(scope)
	h.Write([]byte{0})
	h.Write(payload)
	return h.Sum(nil)[:12]
}

func encodeCursor(c cursor, scope []byte) string {
	c.Version = cursorVersion
	payload := mustJSON(c)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(cursorSum(payload, scope))
}

func decodeCursor(s string, scope []byte) (cursor, error) {
	p64, sum64, ok := strings.Cut(s, ".")
	payload, err1 := cursorEncoding.DecodeString(p64) // strict: one spelling per cursor
	sum, err2 := cursorEncoding.DecodeString(sum64)
	if !ok || err1 != nil || err2 != nil || !bytes.Equal(sum, cursorSum(payload, scope)) {
		return cursor{}, errBadCursor
	}
	var c cursor
	if err := json.Unmarshal(payload, &c); err != nil || c.Version != cursorVersion || !c.valid() {
		return cursor{}, errBadCursor
	}
	return c, nil
}

func orderCursor(k order.OrderKey) cursor {
	return cursor{Time: k.Time.UnixMicro(), ID: k.ID.String()}
}

func (c cursor) orderKey() (order.OrderKey, error) {
	id, err := uuid.Parse(c.ID)
	if err != nil {
		return order.OrderKey{}, errBadCursor
	}
	return order.OrderKey{Time: time.UnixMicro(c.Time).UTC(), ID: id}, nil
}

func attemptCursor(k order.AttemptKey) cursor {
	return cursor{Time: k.OccurredAt.UnixMicro(), Seq: k.Seq}
}

func (c cursor) attemptKey() order.AttemptKey {
	return order.AttemptKey{OccurredAt: time.UnixMicro(c.Time).UTC(), Seq: c.Seq}
}
