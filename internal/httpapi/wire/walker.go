package wire

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/orders-api/orders-api/internal/errs"
)

// walker decodes a parsed Value into the Go type it is meant for, checking
// it on the way and collecting every unknown field and wrong type with its
// path. It is what lets Decode report all problems at once, with paths like
// items[1].quantity, and fill the request in the same walk.
type walker struct {
	readOnly []string // top-level fields the server owns
	problems []errs.FieldError
	dups     []string // the body's members given twice, for the Items it hands out
	// The paths of the []Item arrays: the handler decodes each of their
	// items alone, so what is wrong inside one is that item's problem
	// (httpapi's batch.go), not the whole body's.
	itemLists []string
	fields    map[reflect.Type]map[string]field // jsonFields, once per type and decode
}

// field is a struct field the walker fills.
type field struct {
	index []int
	typ   reflect.Type
}

var (
	rawMessageType = reflect.TypeFor[json.RawMessage]()
	itemType       = reflect.TypeFor[Item]()
	nullableIface  = reflect.TypeFor[nullableField]()
)

func (w *walker) add(path, msg string) {
	w.problems = append(w.problems, errs.FieldError{Field: path, Message: msg})
}

// walk checks v against dst's type and stores it in dst, addressable.
func (w *walker) walk(v Value, dst reflect.Value, path string) {
	t := dst.Type()
	switch {
	case t == rawMessageType:
		dst.SetBytes(v.AppendCompact(nil))
		return
	case reflect.PointerTo(t).Implements(nullableIface):
		n := dst.Addr().Interface().(nullableField)
		if v.Kind == Null {
			n.present(true)
		} else {
			w.walk(v, n.present(false), path)
		}
		return
	case t.Kind() == reflect.Pointer:
		if v.Kind != Null {
			dst.Set(reflect.New(t.Elem()))
			w.walk(v, dst.Elem(), path)
		}
		return
	case v.Kind == Null:
		w.add(path, "must not be null")
		return
	}
	w.walkKind(v, dst, path)
}

func (w *walker) walkKind(v Value, dst reflect.Value, path string) {
	switch dst.Kind() {
	case reflect.String:
		if v.Kind != String {
			w.add(path, "must be a string")
			return
		}
		dst.SetString(v.Text)
	case reflect.Int64, reflect.Int:
		n, err := strconv.ParseInt(v.Text, 10, 64)
		if v.Kind != Number || err != nil {
			w.add(path, "must be an integer")
			return
		}
		dst.SetInt(n)
	case reflect.Bool:
		if v.Kind != True && v.Kind != False {
			w.add(path, "must be true or false")
			return
		}
		dst.SetBool(v.Kind == True)
	case reflect.Slice:
		w.walkSlice(v, dst, path)
	case reflect.Struct:
		w.walkObject(v, dst, path)
	default: // no request type has one: encoding/json decides
		if err := json.Unmarshal(v.AppendCompact(nil), dst.Addr().Interface()); err != nil {
			w.add(path, "has the wrong type")
		}
	}
}

func (w *walker) walkSlice(v Value, dst reflect.Value, path string) {
	if v.Kind != Array {
		w.add(path, "must be an array")
		return
	}
	dst.Set(reflect.MakeSlice(dst.Type(), len(v.Items), len(v.Items)))
	if dst.Type().Elem() == itemType {
		w.itemLists = append(w.itemLists, path)
		for i, it := range v.Items {
			dst.Index(i).Set(reflect.ValueOf(Item{Body{Value: it, Dups: within(w.dups, fmt.Sprintf("%s[%d]", path, i))}}))
		}
		return
	}
	for i, it := range v.Items {
		w.walk(it, dst.Index(i), fmt.Sprintf("%s[%d]", path, i))
	}
}

func (w *walker) walkObject(v Value, dst reflect.Value, path string) {
	if v.Kind != Object {
		w.add(path, "must be an object")
		return
	}
	fields := w.jsonFields(dst.Type())
	members := v.Members
	if !slices.IsSortedFunc(members, byName) { // problems are listed by name
		members = slices.SortedFunc(slices.Values(members), byName)
	}
	for _, m := range members {
		p := join(path, m.Name)
		f, ok := fields[m.Name]
		switch {
		case ok:
			w.walk(m.Value, dst.FieldByIndex(f.index), p)
		case path == "" && slices.Contains(w.readOnly, m.Name):
			w.add(p, "is read-only: the server sets it")
		default:
			w.add(p, "is not a known field")
		}
	}
}

// jsonFields maps the JSON names of t's fields to the fields.
func (w *walker) jsonFields(t reflect.Type) map[string]field {
	if m, ok := w.fields[t]; ok {
		return m
	}
	if w.fields == nil {
		w.fields = map[reflect.Type]map[string]field{}
	}
	m := structFields(t)
	w.fields[t] = m
	return m
}

func structFields(t reflect.Type) map[string]field {
	m := make(map[string]field, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			for k, inner := range structFields(f.Type) {
				m[k] = field{index: append([]int{i}, inner.index...), typ: inner.typ}
			}
			continue
		}
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		m[name] = field{index: []int{i}, typ: f.Type}
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

// within returns the paths of dups inside the value at path, relative to it.
func within(dups []string, path string) []string {
	var in []string
	for _, d := range dups {
		if rest, ok := strings.CutPrefix(d, path); ok && (rest == "" || rest[0] == '.' || rest[0] == '[') {
			if rest != "" {
				in = append(in, strings.TrimPrefix(rest, "."))
			}
		}
	}
	return in
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
