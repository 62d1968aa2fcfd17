// Package wiretest holds the test oracles shared by the tests of wire and
// of the packages that decode with it.
package wiretest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
)

// RefDuplicates is the reference for wire.Parse's Body.Dups: the paths of the
// members given twice in data (valid JSON), in document order, found with
// encoding/json's Decoder.Token, slow but plainly right.
func RefDuplicates(data []byte) []string {
	type frame struct {
		keys    map[string]bool // nil for an array
		key     string
		index   int
		wantKey bool
	}
	var stack []*frame
	var dups []string
	valueDone := func() {
		if n := len(stack); n > 0 {
			if f := stack[n-1]; f.keys != nil {
				f.wantKey = true
			} else {
				f.index++
			}
		}
	}
	path := func(key string) string {
		p := ""
		for _, f := range stack[:len(stack)-1] {
			if f.keys != nil {
				p = join(p, f.key)
			} else {
				p = fmt.Sprintf("%s[%d]", p, f.index)
			}
		}
		return join(p, key)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			return dups
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{keys: map[string]bool{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &frame{})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
			valueDone()
		default:
			top := len(stack) - 1
			if top < 0 || stack[top].keys == nil || !stack[top].wantKey {
				valueDone()
				continue
			}
			key := tok.(string)
			if stack[top].keys[key] && !slices.Contains(dups, path(key)) {
				dups = append(dups, path(key))
			}
			stack[top].keys[key], stack[top].key, stack[top].wantKey = true, key, false
		}
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
