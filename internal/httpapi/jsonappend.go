package httpapi

import (
	"strconv"
	"unicode/utf8"
)

// jsonAppender is a response that writes its own JSON: byte for byte what
// encoding/json writes for it (FuzzAppendJSON checks), without reflection.
// Orders and history are the service's most frequent answers (SPEC 8's W2
// and W3), and encoding/json took a tenth to a seventh of their CPU
// (docs/PERFORMANCE.md).
type jsonAppender interface {
	appendJSON(dst []byte) []byte
}

func (l AttemptList) appendJSON(b []byte) []byte { return appendPage(b, l.Data, l.NextCursor) }

func (l OrderList) appendJSON(b []byte) []byte { return appendPage(b, l.Data, l.NextCursor) }

// appendPage appends a page of a list: {"data": [...], "next_cursor": ...}.
func appendPage[T jsonAppender](b []byte, data []T, next *string) []byte {
	b = append(b, `{"data":`...)
	if data == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range data {
			if i > 0 {
				b = append(b, ',')
			}
			b = data[i].appendJSON(b)
		}
		b = append(b, ']')
	}
	b = appendStringPtr(append(b, `,"next_cursor":`...), next)
	return append(b, '}')
}

func (a AttemptResponse) appendJSON(b []byte) []byte {
	b = appendString(append(b, `{"id":`...), a.ID)
	b = appendString(append(b, `,"order_id":`...), a.OrderID)
	b = appendString(append(b, `,"system":`...), a.System)
	b = appendString(append(b, `,"status":`...), a.Status)
	b = appendStringPtr(append(b, `,"action":`...), a.Action)
	b = appendString(append(b, `,"message":`...), a.Message)
	b = appendStringPtr(append(b, `,"error_code":`...), a.ErrorCode)
	b = appendStringPtr(append(b, `,"external_id":`...), a.ExternalID)
	b = appendString(append(b, `,"occurred_at":`...), a.OccurredAt)
	b = appendString(append(b, `,"recorded_at":`...), a.RecordedAt)
	b = append(b, `,"details":`...)
	if len(a.Details) == 0 {
		b = append(b, "null"...)
	} else {
		b = appendCompact(b, a.Details)
	}
	b = appendStringPtr(append(b, `,"request_id":`...), a.RequestID)
	return append(b, '}')
}

func (o OrderResponse) appendJSON(b []byte) []byte {
	b = appendString(append(b, `{"id":`...), o.ID)
	b = appendString(append(b, `,"number":`...), o.Number)
	b = appendString(append(b, `,"status":`...), o.Status)
	b = appendString(append(b, `,"customer":{"name":`...), o.Customer.Name)
	b = appendStringPtr(append(b, `,"email":`...), o.Customer.Email)
	b = appendStringPtr(append(b, `,"document":`...), o.Customer.Document)
	b = appendString(append(b, `},"currency":`...), o.Currency)
	b = strconv.AppendInt(append(b, `,"total_cents":`...), o.TotalCents, 10)
	b = append(b, `,"items":`...)
	if o.Items == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, it := range o.Items {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(append(b, `{"sku":`...), it.SKU)
			b = appendString(append(b, `,"name":`...), it.Name)
			b = strconv.AppendInt(append(b, `,"quantity":`...), it.Quantity, 10)
			b = strconv.AppendInt(append(b, `,"unit_price_cents":`...), it.UnitPriceCents, 10)
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	b = appendString(append(b, `,"placed_at":`...), o.PlacedAt)
	b = appendString(append(b, `,"created_at":`...), o.CreatedAt)
	b = appendString(append(b, `,"updated_at":`...), o.UpdatedAt)
	return append(o.Integration.appendJSON(append(b, `,"integration":`...)), '}')
}

func (r IntegrationResponse) appendJSON(b []byte) []byte {
	b = appendString(append(b, `{"status":`...), r.Status)
	b = appendStringPtr(append(b, `,"last_attempt_at":`...), r.LastAttemptAt)
	b = append(b, `,"systems":`...)
	if r.Systems == nil {
		return append(b, "null}"...)
	}
	b = append(b, '[')
	for i, s := range r.Systems {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(append(b, `{"system":`...), s.System)
		b = appendString(append(b, `,"status":`...), s.Status)
		b = appendString(append(b, `,"message":`...), s.Message)
		b = appendStringPtr(append(b, `,"error_code":`...), s.ErrorCode)
		b = appendString(append(b, `,"last_attempt_at":`...), s.LastAttemptAt)
		b = strconv.AppendInt(append(b, `,"attempts":`...), s.Attempts, 10)
		b = append(b, '}')
	}
	return append(b, "]}"...)
}

func appendStringPtr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, *s)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string as encoding/json writes it with
// HTML escaping (its default): <, > and & as \u003c, \u003e and \u0026,
// U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(append(b, s[start:]...), '"')
}

// appendCompact appends src, a valid JSON value, as encoding/json writes a
// json.RawMessage: without white space outside strings, and with <, >, &,
// U+2028 and U+2029 escaped.
func appendCompact(b, src []byte) []byte {
	inString, escaped := false, false
	start := 0
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '<' || c == '>' || c == '&':
			b = append(append(b, src[start:i]...), '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			start = i + 1
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && src[i+2]&^1 == 0xA8:
			b = append(append(b, src[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[src[i+2]&0xF])
			i += 2
			start = i + 1
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			b = append(b, src[start:i]...)
			start = i + 1
		}
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		}
	}
	return append(b, src[start:]...)
}
