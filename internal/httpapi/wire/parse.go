package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/orders-api/orders-api/internal/errs"
)

// A JSON object may legally name a member twice; encoding/json then keeps
// the last value, and so would PostgreSQL's jsonb. A client that sends
// {"number":"n1","number":"n2"} or two "customer" objects surely meant
// something else, and the walker never sees the first copy, so an unknown
// field or an oversized value inside it would pass unseen. Decode therefore
// refuses (400) every body with a member given twice, at any depth, details
// included (docs/SECURITY.md). jsontext rejects them as it parses; a body it
// rejects so is parsed again, on that error path alone, to name every one.

// Body is a parsed request body.
type Body struct {
	Value Value
	// Dups are the paths (items[0].sku, as the walker writes them) of the
	// members given twice, in document order; nil when there are none.
	Dups []string
}

// Parse parses data as exactly one JSON value, keeping numbers exact. Its
// errors are the 400s a client gets for a body that is not JSON; a member
// given twice is no error here but listed in Body.Dups.
func Parse(data []byte) (*Body, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, errs.New(errs.BadRequest, "the body is empty; send a JSON object")
	}
	if !utf8.Valid(data) {
		return nil, errs.New(errs.BadRequest, "the body is not valid UTF-8")
	}
	p := parser{}
	v, err := p.parse(data)
	if errors.Is(err, jsontext.ErrDuplicateName) {
		p = parser{dups: []string{}}
		v, err = p.parse(data)
	}
	if err != nil {
		return nil, syntaxError(data, err)
	}
	return &Body{Value: v, Dups: p.dups}, nil
}

// parser builds a Value from jsontext's tokens. With dups nil, jsontext
// rejects a member given twice; otherwise the parser allows them and
// collects their paths.
type parser struct {
	dec  *jsontext.Decoder
	dups []string
	path []segment // collecting only: the path of the value being parsed
}

func (p *parser) parse(data []byte) (Value, error) {
	p.dec = jsontext.NewDecoder(bytes.NewBuffer(data),
		jsontext.AllowInvalidUTF8(true), // lone surrogates (\ud800) become U+FFFD, as in encoding/json
		jsontext.AllowDuplicateNames(p.dups != nil))
	v, err := p.value()
	if err != nil {
		return Value{}, err
	}
	if _, err := p.dec.ReadToken(); !errors.Is(err, io.EOF) {
		return Value{}, errTrailing
	}
	return v, nil
}

var errTrailing = errors.New("more data after the JSON value")

func (p *parser) value() (Value, error) {
	tok, err := p.dec.ReadToken()
	if err != nil {
		return Value{}, err
	}
	switch tok.Kind() {
	case 'n':
		return Value{Kind: Null}, nil
	case 'f':
		return Value{Kind: False}, nil
	case 't':
		return Value{Kind: True}, nil
	case '"':
		return Value{Kind: String, Text: tok.String()}, nil
	case '0':
		return Value{Kind: Number, Text: tok.String()}, nil
	case '[':
		return p.array()
	default: // '{'
		return p.object()
	}
}

func (p *parser) array() (Value, error) {
	v := Value{Kind: Array, Items: []Value{}}
	for p.dec.PeekKind() != ']' {
		if p.dups != nil {
			p.path = append(p.path, segment{index: len(v.Items), inArray: true})
		}
		item, err := p.value()
		if err != nil {
			return Value{}, err
		}
		if p.dups != nil {
			p.path = p.path[:len(p.path)-1]
		}
		v.Items = append(v.Items, item)
	}
	_, err := p.dec.ReadToken()
	return v, err
}

func (p *parser) object() (Value, error) {
	v := Value{Kind: Object, Members: []Member{}}
	var seen map[string]int // collecting only: name -> index in v.Members
	for p.dec.PeekKind() != '}' {
		tok, err := p.dec.ReadToken()
		if err != nil {
			return Value{}, err
		}
		name := tok.String()
		if p.dups == nil {
			val, err := p.value()
			if err != nil {
				return Value{}, err
			}
			v.Members = append(v.Members, Member{Name: name, Value: val})
			continue
		}
		if seen, err = p.collect(&v, seen, name); err != nil {
			return Value{}, err
		}
	}
	_, err := p.dec.ReadToken()
	return v, err
}

// collect parses the value of member name of v, allowing a name given
// twice: its path is recorded when the name is read (the order of
// jsontext's errors), and the last value counts, as in encoding/json.
func (p *parser) collect(v *Value, seen map[string]int, name string) (map[string]int, error) {
	if seen == nil {
		seen = map[string]int{}
	}
	p.path = append(p.path, segment{name: name})
	i, given := seen[name]
	if given {
		p.addDup(joinPath(p.path))
	}
	val, err := p.value()
	p.path = p.path[:len(p.path)-1]
	switch {
	case err != nil:
		return nil, err
	case given:
		v.Members[i].Value = val
	default:
		seen[name] = len(v.Members)
		v.Members = append(v.Members, Member{Name: name, Value: val})
	}
	return seen, nil
}

// addDup records a duplicate path once (a member given thrice is one).
func (p *parser) addDup(path string) {
	for _, d := range p.dups {
		if d == path {
			return
		}
	}
	p.dups = append(p.dups, path)
}

// segment is one step of a path: a member's name or an array's index.
type segment struct {
	name    string
	index   int
	inArray bool
}

// joinPath writes a path as the walker does: a.b, a[0].b.
func joinPath(segs []segment) string {
	var b []byte
	for _, s := range segs {
		switch {
		case s.inArray:
			b = append(append(append(b, '['), strconv.Itoa(s.index)...), ']')
		case len(b) > 0:
			b = append(append(b, '.'), s.name...)
		default:
			b = append(b, s.name...)
		}
	}
	return string(b)
}

// syntaxError describes a body jsontext refused as encoding/json describes
// it, so that the 400 a client reads stays what it was: "malformed JSON at
// byte N: ...". Only a refused body pays for this second parse.
func syntaxError(data []byte, err error) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if derr := dec.Decode(&v); derr != nil {
		var syn *json.SyntaxError
		if errors.As(derr, &syn) {
			return errs.Wrap(errs.BadRequest, derr, fmt.Sprintf("malformed JSON at byte %d: %s", syn.Offset, syn.Error()))
		}
		return errs.Wrap(errs.BadRequest, derr, "malformed JSON: the body ends too early")
	}
	if _, terr := dec.Token(); !errors.Is(terr, io.EOF) || errors.Is(err, errTrailing) {
		return errs.New(errs.BadRequest, "malformed JSON: more data after the JSON object")
	}
	return errs.Wrap(errs.BadRequest, err, "malformed JSON: "+err.Error())
}
