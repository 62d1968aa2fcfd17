package httpapi

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// An event id is "<tx>.<seq>.<check>": the attempt's position in recording
// order (order.EventPos) and a checksum over it and the store, so that an
// id of another store, or a changed one, is a 400. Like a cursor it is not
// a secret: a forged id only makes its own stream skip or repeat events.
const eventIDCheckLen = 12

// errBadEventID is the 400 of a malformed or foreign Last-Event-ID.
var errBadEventID = &errs.Error{Code: errs.BadRequest, Detail: "the query has invalid parameters",
	Fields: []errs.FieldError{{Field: "Last-Event-ID", Message: "is not an event id of this store's stream: pass the id of the last event received"}}}

// encodeEventID returns the id of the event at pos in storeID's stream.
func encodeEventID(storeID string, pos order.EventPos) string {
	p := strconv.FormatUint(pos.Tx, 10) + "." + strconv.FormatInt(pos.Seq, 10)
	return p + "." + eventIDCheck(storeID, p)
}

// decodeEventID returns the position of an id of storeID's stream.
func decodeEventID(storeID, id string) (order.EventPos, error) {
	i := strings.LastIndexByte(id, '.')
	if i < 0 || len(id) > 64 || id[i+1:] != eventIDCheck(storeID, id[:i]) {
		return order.EventPos{}, errBadEventID
	}
	txText, seqText, ok := strings.Cut(id[:i], ".")
	tx, err1 := strconv.ParseUint(txText, 10, 64)
	seq, err2 := strconv.ParseInt(seqText, 10, 64)
	if !ok || err1 != nil || err2 != nil || seq < 0 || tx > 1<<62 {
		return order.EventPos{}, errBadEventID
	}
	return order.EventPos{Tx: tx, Seq: seq}, nil
}

// eventIDCheck is the checksum of a position's text in storeID's stream.
func eventIDCheck(storeID, pos string) string {
	h := sha256.New()
	h.Write([]byte("orders-api event\x00"))
	h.Write([]byte(storeID))
	h.Write([]byte{0})
	h.Write([]byte(pos))
	return hex.EncodeToString(h.Sum(nil))[:eventIDCheckLen]
}
