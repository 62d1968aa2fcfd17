// Package wire is the JSON codec of the HTTP API: how a request body
// becomes Go values and how a response becomes bytes.
//
// A body is parsed once (Parse, with jsontext) into a Value tree that keeps
// member order and number literals. From that one tree come the idempotency
// fingerprint (Value.AppendCanonical), the strict decoding into a request
// type that reports every problem at once with its path (Decode), and the
// compact form of raw JSON fields such as details (Value.AppendCompact).
// Responses are written by hand-made append encoders on top of AppendString
// and AppendCompact, byte for byte what encoding/json writes (the fuzz
// oracles in this package and httpapi's check it).
package wire
