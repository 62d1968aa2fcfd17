package wire

import (
	"bytes"
	"encoding/json"
	"strconv"
	"sync"

	"github.com/labstack/echo/v4"
)

// Serializer is echo's JSON serializer, except that a response is
// encoded whole before it is sent, with its Content-Length, in one write.
// Echo's default streams the encoder into the response, which net/http
// sends chunked, one socket write per 2-4 KiB: thirteen writes for a page
// of 50 orders, each a costly system call on loopback (docs/PERFORMANCE.md).
// The bytes sent are the same: json.Encoder with HTML escaping and a final
// newline, or an Appender's own encoding of the same bytes.
type Serializer struct {
	echo.DefaultJSONSerializer            // Deserialize
	buffers                    *sync.Pool // of *bytes.Buffer, reused across responses
}

// maxPooled bounds the buffers kept for reuse; a larger one is dropped.
const maxPooled = 1 << 20

// NewSerializer returns a Serializer with its pool of buffers.
func NewSerializer() Serializer {
	return Serializer{buffers: &sync.Pool{New: func() any { return new(bytes.Buffer) }}}
}

// Serialize encodes i into a buffer, then writes it with its length.
func (s Serializer) Serialize(c echo.Context, i any, indent string) error {
	buf := s.buffers.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= maxPooled {
			buf.Reset()
			s.buffers.Put(buf)
		}
	}()
	if a, ok := i.(Appender); ok && indent == "" {
		buf.Write(append(a.AppendJSON(buf.AvailableBuffer()), '\n'))
	} else {
		enc := json.NewEncoder(buf)
		if indent != "" {
			enc.SetIndent("", indent)
		}
		if err := enc.Encode(i); err != nil {
			return err
		}
	}
	c.Response().Header().Set(echo.HeaderContentLength, strconv.Itoa(buf.Len()))
	_, err := c.Response().Write(buf.Bytes())
	return err
}
