package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/orders-api/orders-api/internal/errs"
)

// walker checks a parsed JSON value against the Go type it will be decoded
// into, collecting every unknown field and wrong type with its path. It is
// what lets bind report all problems at once, with paths like items[1].quantity.
type walker struct {
	readOnly []string // top-level fields the server owns
	problems []errs.FieldError
	// The paths of the []json.RawMessage arrays: the handler decodes each
	// of their items alone, with decodeStrict, so what is wrong inside one
	// is that item's problem (batch.go), not the whole body's.
	itemLists []string
}

// nullableType is implemented by PATCH fields that tell absent from null.
type nullableType interface{ elemType() reflect.Type }

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	nullableIface  = reflect.TypeFor[nullableType]()
)

func (w *walker) add(path, msg string) {
	w.problems = append(w.problems, errs.FieldError{Field: path, Message: msg})
}

func (w *walker) walk(v any, t reflect.Type, path string) {
	switch {
	case t == rawMessageType:
		return
	case reflect.PointerTo(t).Implements(nullableIface):
		if v != nil {
			w.walk(v, reflect.New(t).Interface().(nullableType).elemType(), path)
		}
		return
	case t.Kind() == reflect.Pointer:
		if v != nil {
			w.walk(v, t.Elem(), path)
		}
		return
	case v == nil:
		w.add(path, "must not be null")
		return
	}
	switch t.Kind() {
	case reflect.String:
		if _, ok := v.(string); !ok {
			w.add(path, "must be a string")
		}
	case reflect.Int64, reflect.Int:
		if n, ok := v.(json.Number); !ok || !isInt64(n) {
			w.add(path, "must be an integer")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			w.add(path, "must be true or false")
		}
	case reflect.Slice:
		w.walkSlice(v, t, path)
	case reflect.Struct:
		w.walkObject(v, t, path)
	}
}

func (w *walker) walkSlice(v any, t reflect.Type, path string) {
	items, ok := v.([]any)
	if !ok {
		w.add(path, "must be an array")
		return
	}
	if t.Elem() == rawMessageType {
		w.itemLists = append(w.itemLists, path)
		return
	}
	for i, item := range items {
		w.walk(item, t.Elem(), fmt.Sprintf("%s[%d]", path, i))
	}
}

func (w *walker) walkObject(v any, t reflect.Type, path string) {
	obj, ok := v.(map[string]any)
	if !ok {
		w.add(path, "must be an object")
		return
	}
	fields := jsonFields(t)
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		p := join(path, k)
		f, ok := fields[k]
		switch {
		case ok:
			w.walk(obj[k], f.Type, p)
		case path == "" && slices.Contains(w.readOnly, k):
			w.add(p, "is read-only: the server sets it")
		default:
			w.add(p, "is not a known field")
		}
	}
}

// jsonFields maps the JSON names of t's fields to the fields.
func jsonFields(t reflect.Type) map[string]reflect.StructField {
	m := make(map[string]reflect.StructField, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			maps.Copy(m, jsonFields(f.Type))
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = f
	}
	return m
}

// ownDuplicates drops from dups, the paths of the members given twice, those
// inside an item that the handler decodes alone (itemLists).
func (w *walker) ownDuplicates(dups []string) []string {
	own := dups[:0:0]
	for _, d := range dups {
		if !slices.ContainsFunc(w.itemLists, func(list string) bool { return strings.HasPrefix(d, list+"[") }) {
			own = append(own, d)
		}
	}
	return own
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func isInt64(n json.Number) bool {
	_, err := strconv.ParseInt(string(n), 10, 64)
	return err == nil
}

func reflectTypeOf(dst any) reflect.Type { return reflect.TypeOf(dst).Elem() }

func newNumberDecoder(data []byte) *json.Decoder {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec
}

func jsonUnmarshal(data []byte, dst any) error { return json.Unmarshal(data, dst) }

// malformed describes a JSON syntax error for a client, without echoing input.
func malformed(err error) error {
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return errs.Wrap(errs.BadRequest, err, fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error()))
	}
	return errs.Wrap(errs.BadRequest, err, "malformed JSON: the body ends too early")
}
