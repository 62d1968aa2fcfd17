package app

import (
	"context"
	"log/slog"
	"testing"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/errs"
)

// allow is an Authenticator that lets every token in.
type allow struct{}

func (allow) Authenticate(context.Context, string) (auth.Identity, error) {
	return auth.Identity{}, nil
}

// TestSchemaGate: closed while the check fails, with its 503; open for good
// once it passes; a nil authenticator stays nil.
func TestSchemaGate(t *testing.T) {
	t.Parallel()
	pending := errs.New(errs.Unavailable, "the database has pending migrations")
	calls, result := 0, error(pending)
	g := newSchemaGate(t.Context(), func(context.Context) error { calls++; return result }, slog.New(slog.DiscardHandler))
	a := g.guard(allow{})
	if _, err := a.Authenticate(t.Context(), "t"); errs.CodeOf(err) != errs.Unavailable {
		t.Fatalf("closed gate: %v, want Unavailable", err)
	}
	result = nil
	for range 3 {
		if _, err := a.Authenticate(t.Context(), "t"); err != nil {
			t.Fatalf("open gate: %v", err)
		}
	}
	if calls != 3 {
		t.Errorf("%d checks, want 3: none once the gate is open", calls)
	}
	if g.guard(nil) != nil {
		t.Error("guard(nil) is not nil: httpapi would take JWTs for configured")
	}
}
