package httpapi

import (
	"bytes"
	"encoding/json"
)

// duplicateKey returns a member name that one object of data (valid JSON)
// has twice, if any. The walker sees the last of two equal members while
// encoding/json decodes both into the field, so a body like
// {"number":1,"number":"a"} passes the walker and then fails to decode:
// decodeStrict asks this to tell that client error from a bug.
func duplicateKey(data []byte) (string, bool) {
	type frame struct {
		keys    map[string]bool // nil for an array
		wantKey bool
	}
	var stack []frame
	valueDone := func() {
		if n := len(stack); n > 0 && stack[n-1].keys != nil {
			stack[n-1].wantKey = true
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			top := len(stack) - 1
			if top < 0 || stack[top].keys == nil || !stack[top].wantKey {
				valueDone()
				continue
			}
			key, _ := tok.(string)
			if stack[top].keys[key] {
				return key, true
			}
			stack[top].keys[key], stack[top].wantKey = true, false
		}
	}
}
