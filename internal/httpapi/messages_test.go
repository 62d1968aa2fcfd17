package httpapi_test

import (
	"bytes"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/orders-api/orders-api/internal/auth"
	"github.com/orders-api/orders-api/internal/httpapi"
)

// TestProblemNotHTMLEscaped: a problem's detail reads in the body as
// written: Bearer <key>, not Bearer \u003ckey\u003e.
func TestProblemNotHTMLEscaped(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	r := v.do("GET", "/orders", "", nil)
	wantProblem(t, r, 401)
	if !bytes.Contains(r.Body, []byte("Authorization: Bearer <key>")) {
		t.Errorf("401 body %s, want the literal Authorization: Bearer <key>", r.Body)
	}
}

// TestForbiddenNamesTheCaller: a reader with an API key is "a reader key",
// a reader signed in with a JWT is "a reader", a user rather than a key.
func TestForbiddenNamesTheCaller(t *testing.T) {
	t.Parallel()
	v, idp := newSPAEnv(t, httpapi.Config{})
	for name, tc := range map[string]struct{ token, want string }{
		"jwt": {idp.token(t, map[string]any{"role": "reader"}, nil, nil), "a reader may not do this"},
		"key": {v.key("acme", auth.RoleReader), "a reader key may not do this"},
	} {
		p := wantProblem(t, v.do("POST", "/orders", tc.token, v.orderBody(nil)), 403)
		if p.Detail != tc.want {
			t.Errorf("%s reader: detail %q, want %q", name, p.Detail, tc.want)
		}
	}
}

// TestJWTWhileJWTsAreOff: a JWT sent to a server without identity provider
// keys is told that JWTs are not accepted, not that its "API key" is bad;
// a malformed API key keeps the API key message.
func TestJWTWhileJWTsAreOff(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	_, idp := newSPAEnv(t, httpapi.Config{})
	p := wantProblem(t, v.do("GET", "/orders", idp.token(t, nil, nil, nil), nil), 401)
	if !strings.Contains(p.Detail, "JWT") || !strings.Contains(p.Detail, "accepts none") {
		t.Errorf("a JWT while JWTs are off: detail %q, want it to say the server accepts no JWTs", p.Detail)
	}
	p = wantProblem(t, v.do("GET", "/orders", "not.a.jwt", nil), 401)
	if strings.Contains(p.Detail, "JWT") {
		t.Errorf("a malformed key: detail %q talks of JWTs", p.Detail)
	}
}

// TestPatchFixedField: PATCH of a field set at creation says it can't be
// changed, rather than that it is unknown; a truly unknown field stays
// unknown.
func TestPatchFixedField(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	o := v.createOrder(admin, nil)
	for _, field := range []string{"number", "total_cents", "items", "currency", "placed_at"} {
		body := map[string]any{field: nil, "status": "paid"}
		p := wantProblem(t, v.do("PATCH", "/orders/"+o.ID, admin, body), 422, field)
		if i := slices.IndexFunc(p.Errors, func(e httpapi.FieldProblem) bool { return e.Field == field }); !strings.Contains(p.Errors[i].Message, "can't be changed") {
			t.Errorf("PATCH {%q: ...}: %q, want it to say the field can't be changed", field, p.Errors[i].Message)
		}
	}
	p := wantProblem(t, v.do("PATCH", "/orders/"+o.ID, admin, map[string]any{"colour": "red"}), 422, "colour")
	if strings.Contains(p.Errors[0].Message, "can't be changed") {
		t.Errorf("an unknown field: %q", p.Errors[0].Message)
	}
	if got := v.getOrder(admin, o.ID); got.Status != o.Status {
		t.Errorf("a refused PATCH changed the status to %s", got.Status)
	}
}

// TestTimeFilterPlusHint: an offset whose + arrived as a space (an
// unencoded + in the URL) gets a hint at %2B; other bad times don't.
func TestTimeFilterPlusHint(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	admin := v.key("acme", auth.RoleAdmin)
	p := wantProblem(t, v.do("GET", "/orders?placed_after=2026-11-26T14:03:07+03:00", admin, nil), 400, "placed_after")
	if !strings.Contains(p.Errors[0].Message, "%2B") {
		t.Errorf("placed_after with a space for +: %q, want a hint at %%2B", p.Errors[0].Message)
	}
	p = wantProblem(t, v.do("GET", "/integration-history?occurred_before="+url.QueryEscape("yesterday at noon"), admin, nil), 400, "occurred_before")
	if strings.Contains(p.Errors[0].Message, "%2B") {
		t.Errorf("a time that is not one: %q hints at %%2B", p.Errors[0].Message)
	}
	v.must(v.do("GET", "/orders?placed_after=2026-11-26T14:03:07%2B03:00", admin, nil), 200)
}

// TestHealthHead: HEAD works on the probes, with the GET's status and no body.
func TestHealthHead(t *testing.T) {
	t.Parallel()
	v := newEnv(t)
	for _, path := range []string{"/healthz", "/readyz"} {
		r := v.must(v.do("HEAD", path, "", nil), 200)
		if len(r.Body) != 0 {
			t.Errorf("HEAD %s: body %q", path, r.Body)
		}
		wantProblem(t, v.do("GET", path+"?x=1", "", nil), 400)
		if r := v.do("HEAD", path+"?x=1", "", nil); r.Code != 400 || len(r.Body) != 0 {
			t.Errorf("HEAD %s?x=1: %d %q, want 400 without a body", path, r.Code, r.Body)
		}
	}
}
