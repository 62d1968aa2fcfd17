package httpapi

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/orders-api/orders-api/internal/httpapi/wire"
	"github.com/orders-api/orders-api/internal/idempotency"
)

// benchAttempt is a connector's attempt as W1 sends it.
const benchAttempt = `{"system":"bling","status":"error","action":"order.export","message":"Cliente sem CPF: campo obrigatório no ERP",` +
	`"error_code":"customer.document_missing","occurred_at":"2026-11-26T14:04:59Z",` +
	`"details":{"http_status":422,"response":"{\"erro\":\"CPF obrigatório\"}","headers":{"x-request-id":"abc-123"}}}`

// BenchmarkDecodeBody measures the decoding of a body alone, as the
// handlers and the service do it with an Idempotency-Key: one parse, the
// fingerprint, the strict decode, the mapping to the domain and its
// validation (docs/PERFORMANCE.md, "Decoding a body").
func BenchmarkDecodeBody(b *testing.B) {
	id := uuid.MustParse("0193a0b2-7c1e-7d2a-9f00-1c2d3e4f5a6b")
	var sb strings.Builder
	sb.WriteString(`{"attempts":[`)
	for i := range 500 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"order_id":%q,%s`, id, strings.TrimPrefix(benchAttempt, "{"))
	}
	sb.WriteString(`]}`)
	batch := []byte(sb.String())
	single := []byte(benchAttempt)
	now := time.Now()
	b.Run("attempt", func(b *testing.B) {
		b.SetBytes(int64(len(single)))
		b.ReportAllocs()
		for b.Loop() {
			body, err := wire.Parse(single)
			if err != nil {
				b.Fatal(err)
			}
			_ = idempotency.Fingerprint("POST", "/orders/x/integration-history", body.Value.AppendCanonical(nil))
			var req CreateAttemptRequest
			if err := wire.Decode(body, &req, attemptReadOnly); err != nil {
				b.Fatal(err)
			}
			in, _ := req.toNewAttempt(id, "bling")
			if err := in.Validate(now); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("batch500", func(b *testing.B) {
		b.SetBytes(int64(len(batch)))
		b.ReportAllocs()
		for b.Loop() {
			body, err := wire.Parse(batch)
			if err != nil {
				b.Fatal(err)
			}
			_ = idempotency.Fingerprint("POST", "/integration-history/batch", body.Value.AppendCanonical(nil))
			var env batchEnvelope
			if err := wire.Decode(body, &env, nil); err != nil {
				b.Fatal(err)
			}
			for _, item := range env.Attempts {
				var req BatchAttempt
				if err := item.Decode(&req, []string{"id", "recorded_at"}); err != nil {
					b.Fatal(err)
				}
				in, _ := req.toNewAttempt(id, "bling")
				if err := in.Validate(now); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
}
