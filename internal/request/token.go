package request

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
)

// tokenPrefix marks lease tokens, so that one pasted in the wrong place is
// recognisable (and never taken for an API key, whose prefix is oak_).
const tokenPrefix = "olt_"

// NewToken returns a new random lease token and the hash that storage
// keeps instead of it.
func NewToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken returns the stored form of a lease token: its SHA-256.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// SameToken compares a stored hash with a given token's hash in constant
// time.
func SameToken(stored, given []byte) bool {
	return len(stored) == sha256.Size && subtle.ConstantTimeCompare(stored, given) == 1
}
