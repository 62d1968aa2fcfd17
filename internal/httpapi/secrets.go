package httpapi

import (
	"net/http"
	"strings"
)

// mayBeSecret reports whether a client-chosen value that the server logs
// and echoes (X-Request-ID) could be a credential: it looks like an API key
// (oak_...), or it is a piece of the request's own Authorization header.
// Such a value is replaced, so that a confused client never gets its key
// into the logs.
func mayBeSecret(v string, r *http.Request) bool {
	if strings.HasPrefix(strings.ToLower(v), "oak_") {
		return true
	}
	auth := r.Header.Get("Authorization")
	return len(v) >= 16 && auth != "" && strings.Contains(auth, v)
}
