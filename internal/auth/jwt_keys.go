package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
)

// minRSABits is the smallest RSA modulus accepted for RS256.
const minRSABits = 2048

// LoadKeySet reads the identity provider's keys from a JWKS file (RFC 7517)
// or a PEM file of public keys or certificates; exactly one is given.
func LoadKeySet(jwksFile, pemFile string) (KeySet, error) {
	name, parse := jwksFile, ParseJWKS
	if jwksFile == "" {
		name, parse = pemFile, ParsePEM
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	keys, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return keys, nil
}

// jwk is one key of a JWKS, with the members RS256 and ES256 keys use.
type jwk struct {
	Kty, Kid, Use, Alg, Crv string
	N, E, X, Y              string
}

// ParseJWKS returns the RS256 and ES256 signing keys of a JWKS document.
// Keys for other uses or algorithms are skipped; a set without any usable
// key, or with a malformed one, is an error.
func ParseJWKS(data []byte) (KeySet, error) {
	var doc struct{ Keys []jwk }
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not a JWKS document: %w", err)
	}
	var set KeySet
	for i, k := range doc.Keys {
		if (k.Use != "" && k.Use != "sig") || (k.Alg != "" && k.Alg != "RS256" && k.Alg != "ES256") {
			continue
		}
		key, err := k.publicKey()
		if err != nil {
			return nil, fmt.Errorf("key %d (kid %q): %w", i, k.Kid, err)
		}
		if key != nil {
			set = append(set, PublicKey{ID: k.Kid, Key: key})
		}
	}
	if len(set) == 0 {
		return nil, errors.New("no RS256 or ES256 signing key in the JWKS")
	}
	return set, nil
}

// publicKey decodes k; nil for a key type orders-api does not use.
func (k jwk) publicKey() (any, error) {
	switch {
	case k.Kty == "RSA":
		n, err1 := base64.RawURLEncoding.DecodeString(k.N)
		e, err2 := base64.RawURLEncoding.DecodeString(k.E)
		if err1 != nil || err2 != nil || len(e) == 0 || len(e) > 4 {
			return nil, errors.New("malformed RSA modulus or exponent")
		}
		return checkRSA(&rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(new(big.Int).SetBytes(e).Int64())})
	case k.Kty == "EC" && k.Crv == "P-256":
		x, err1 := base64.RawURLEncoding.DecodeString(k.X)
		y, err2 := base64.RawURLEncoding.DecodeString(k.Y)
		if err1 != nil || err2 != nil || len(x) != 32 || len(y) != 32 {
			return nil, errors.New("malformed P-256 coordinates")
		}
		key, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
		if err != nil {
			return nil, fmt.Errorf("not a P-256 point: %w", err)
		}
		return key, nil
	}
	return nil, nil
}

// ParsePEM returns the RSA and P-256 keys of PEM "PUBLIC KEY" and
// "CERTIFICATE" blocks.
func ParsePEM(data []byte) (KeySet, error) {
	var set KeySet
	for {
		var block *pem.Block
		block, data = pem.Decode(data)
		if block == nil {
			break
		}
		var pub any
		switch block.Type {
		case "PUBLIC KEY":
			k, err := x509.ParsePKIXPublicKey(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("PUBLIC KEY block: %w", err)
			}
			pub = k
		case "CERTIFICATE":
			cert, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("CERTIFICATE block: %w", err)
			}
			pub = cert.PublicKey
		default:
			return nil, fmt.Errorf("unexpected PEM block %q: give PUBLIC KEY or CERTIFICATE blocks (never a private key)", block.Type)
		}
		k, err := fromPublic(pub)
		if err != nil {
			return nil, err
		}
		set = append(set, PublicKey{Key: k})
	}
	if len(set) == 0 {
		return nil, errors.New("no PEM PUBLIC KEY or CERTIFICATE block")
	}
	return set, nil
}

// fromPublic accepts an RSA key of at least 2048 bits or a P-256 key.
func fromPublic(pub any) (any, error) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return checkRSA(k)
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return nil, errors.New("an EC key must be on P-256 (ES256)")
		}
		return k, nil
	}
	return nil, fmt.Errorf("a %T key can't verify RS256 or ES256", pub)
}

func checkRSA(k *rsa.PublicKey) (*rsa.PublicKey, error) {
	if k.N.BitLen() < minRSABits || k.E < 3 || k.E%2 == 0 {
		return nil, fmt.Errorf("an RSA key needs at least %d bits and an odd exponent >= 3", minRSABits)
	}
	return k, nil
}
