package httpapi

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkDuplicateMembers compares the duplicate scan with the parse it
// follows, on an order of 500 items.
func BenchmarkDuplicateMembers(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`{"number":"100234","customer":{"name":"Ana Souza","email":"ana@example.com"},"total_cents":19990,"items":[`)
	for i := range 500 {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"sku":"CAM-%d","name":"Camiseta \"azul\"","quantity":2,"unit_price_cents":9995}`, i)
	}
	sb.WriteString(`]}`)
	data := []byte(sb.String())
	b.Run("parseJSON", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseJSON(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("duplicateMembers", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if d := duplicateMembers(data); d != nil {
				b.Fatal(d)
			}
		}
	})
	b.Run("decodeStrict", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			var req CreateOrderRequest
			if err := decodeStrict(data, &req, orderReadOnly); err != nil {
				b.Fatal(err)
			}
		}
	})
}
