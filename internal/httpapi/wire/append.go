package wire

import "unicode/utf8"

// Appender is a response that writes its own JSON: byte for byte what
// encoding/json writes for it (httpapi's FuzzAppendJSON checks), without
// reflection. Orders and history are the service's most frequent answers,
// and encoding/json took a tenth to a seventh of their CPU
// (docs/PERFORMANCE.md).
type Appender interface {
	AppendJSON(dst []byte) []byte
}

// AppendPage appends a page of a list: {"data": [...], "next_cursor": ...}.
func AppendPage[T Appender](b []byte, data []T, next *string) []byte {
	b = append(b, `{"data":`...)
	if data == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range data {
			if i > 0 {
				b = append(b, ',')
			}
			b = data[i].AppendJSON(b)
		}
		b = append(b, ']')
	}
	b = AppendStringPtr(append(b, `,"next_cursor":`...), next)
	return append(b, '}')
}

// AppendStringPtr appends *s as AppendString does, or null.
func AppendStringPtr(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return AppendString(b, *s)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string as encoding/json writes it with
// HTML escaping (its default): <, > and & as \u003c, \u003e and \u0026,
// U+2028 and U+2029 escaped, invalid UTF-8 as U+FFFD.
func AppendString(b []byte, s string) []byte { return appendString(b, s, true) }

// appendString appends s as a JSON string as encoding/json writes it, with
// or without HTML escaping.
func appendString(b []byte, s string, html bool) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && (!html || c != '<' && c != '>' && c != '&') {
				i++
				continue
			}
			b = appendEscape(append(b, s[start:i]...), c)
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

// appendEscape appends the escape of the ASCII byte c.
func appendEscape(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}

// AppendRaw appends src, a valid JSON value, as encoding/json writes a
// json.RawMessage: without white space outside strings, and with <, >, &,
// U+2028 and U+2029 escaped.
func AppendRaw(b, src []byte) []byte {
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
