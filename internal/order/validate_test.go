package order

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/orders-api/orders-api/internal/errs"
)

// fieldsOf returns the fields named by a validation error, or nil.
func fieldsOf(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	e, ok := errs.As(err)
	if !ok || e.Code != errs.Invalid {
		t.Fatalf("error %v is not a validation error", err)
	}
	var fields []string
	for _, f := range e.Fields {
		fields = append(fields, f.Field)
	}
	return fields
}

func validOrder() NewOrder {
	return NewOrder{Number: "100234", Customer: Customer{Name: "Ana Souza"}, TotalCents: ptr(int64(19990)),
		Items: []Item{{SKU: "CAM-01", Name: "Camiseta", Quantity: 2, UnitPriceCents: 9995}}}
}

func TestNewOrderValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(*NewOrder)
		want   []string
	}{
		{"valid", func(*NewOrder) {}, nil},
		{"number too long", func(n *NewOrder) { n.Number = strings.Repeat("9", 41) }, []string{"number"}},
		{"number with NUL", func(n *NewOrder) { n.Number = "1\x002" }, []string{"number"}},
		{"bad status", func(n *NewOrder) { n.Status = ptr(Status("lost")) }, []string{"status"}},
		{"blank name and bad email", func(n *NewOrder) { n.Customer = Customer{Name: " ", Email: ptr("ana@")} }, []string{"customer.name", "customer.email"}},
		{"email with display name", func(n *NewOrder) { n.Customer.Email = ptr("Ana <ana@example.com>") }, []string{"customer.email"}},
		{"lowercase currency", func(n *NewOrder) { n.Currency = ptr("brl") }, []string{"currency"}},
		{"unknown currency", func(n *NewOrder) { n.Currency = ptr("XYZ") }, []string{"currency"}},
		{"missing total", func(n *NewOrder) { n.TotalCents = nil }, []string{"total_cents"}},
		{"total above JSON-safe", func(n *NewOrder) { n.TotalCents = ptr(int64(MaxSafeInteger + 1)) }, []string{"total_cents"}},
		{"item quantity and price", func(n *NewOrder) { n.Items[0].Quantity, n.Items[0].UnitPriceCents = MaxQuantity+1, -1 },
			[]string{"items[0].quantity", "items[0].unit_price_cents"}},
		{"too many items", func(n *NewOrder) { n.Items = make([]Item, MaxItems+1); fillItems(n.Items) }, []string{"items"}},
		{"placed_at year 10000", func(n *NewOrder) { n.PlacedAt = ptr(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)) }, []string{"placed_at"}},
		{"placed_at year 0 in UTC", func(n *NewOrder) {
			n.PlacedAt = ptr(time.Date(1, 1, 1, 0, 30, 0, 0, time.FixedZone("+01", 3600)))
		}, []string{"placed_at"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := validOrder()
			tt.change(&n)
			if got := fieldsOf(t, n.Validate()); !slices.Equal(got, tt.want) {
				t.Fatalf("fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func fillItems(items []Item) {
	for i := range items {
		items[i] = Item{SKU: "s", Name: "n", Quantity: 1}
	}
}

func TestNewAttemptValidate(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 26, 14, 0, 0, 0, time.UTC)
	valid := func() NewAttempt {
		return NewAttempt{System: "bling", Status: AttemptError, Message: "Cliente sem CPF"}
	}
	tests := []struct {
		name   string
		change func(*NewAttempt)
		want   []string
	}{
		{"valid", func(*NewAttempt) {}, nil},
		{"missing system", func(a *NewAttempt) { a.System = "" }, []string{"system"}},
		{"system not a slug", func(a *NewAttempt) { a.System = "Bling ERP" }, []string{"system"}},
		{"bad status", func(a *NewAttempt) { a.Status = "done" }, []string{"status"}},
		{"2000 characters count as characters", func(a *NewAttempt) { a.Message = strings.Repeat("é", 2000) }, nil},
		{"message too long", func(a *NewAttempt) { a.Message = strings.Repeat("a", 2001) }, []string{"message"}},
		{"error code not a slug", func(a *NewAttempt) { a.ErrorCode = ptr("Customer Missing") }, []string{"error_code"}},
		{"occurred 4 minutes ahead", func(a *NewAttempt) { a.OccurredAt = ptr(now.Add(4 * time.Minute)) }, nil},
		{"occurred 6 minutes ahead", func(a *NewAttempt) { a.OccurredAt = ptr(now.Add(6 * time.Minute)) }, []string{"occurred_at"}},
		{"details not an object", func(a *NewAttempt) { a.Details = json.RawMessage(`[1]`) }, []string{"details"}},
		{"details with NUL", func(a *NewAttempt) { a.Details = json.RawMessage(`{"a":"x\u0000"}`) }, []string{"details"}},
		{"details with unsafe integer", func(a *NewAttempt) { a.Details = json.RawMessage(`{"id":9007199254740993}`) }, []string{"details"}},
		{"details with infinite number", func(a *NewAttempt) { a.Details = json.RawMessage(`{"x":1e400}`) }, []string{"details"}},
		{"details over 16 KiB", func(a *NewAttempt) {
			a.Details = json.RawMessage(`{"r":"` + strings.Repeat("x", MaxDetailsBytes) + `"}`)
		}, []string{"details"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid()
			tt.change(&a)
			if got := fieldsOf(t, a.Validate(now)); !slices.Equal(got, tt.want) {
				t.Fatalf("fields = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPatchApply(t *testing.T) {
	t.Parallel()
	email := "ana@example.com"
	o := Order{Status: StatusPaid, Customer: Customer{Name: "Ana", Email: &email}}
	changed, err := Patch{Customer: &CustomerPatch{Email: Optional[*string]{Set: true}}}.Apply(&o)
	if err != nil || !changed || o.Customer.Email != nil || o.Customer.Name != "Ana" {
		t.Fatalf("clearing email: changed=%v err=%v customer=%+v", changed, err, o.Customer)
	}
	if changed, _ := (Patch{Status: ptr(StatusPaid)}).Apply(&o); changed {
		t.Fatal("same status reported as a change")
	}
	o.Status = StatusCanceled
	if _, err := (Patch{Status: ptr(StatusPaid)}).Apply(&o); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("leaving canceled: err = %v, want Conflict", err)
	}
	if changed, err := (Patch{Status: ptr(StatusCanceled)}).Apply(&o); changed || err != nil {
		t.Fatalf("canceled to canceled: changed=%v err=%v", changed, err)
	}
}
