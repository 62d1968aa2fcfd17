package httpapi

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/order"
)

// exportParams are the query parameters of the export: the history filters
// and format (no limit or cursor: the answer holds every match).
var exportParams = []string{"system", "status", "error_code", "occurred_after", "occurred_before", "format"}

// The export formats.
const (
	formatCSV    = "csv"
	formatNDJSON = "ndjson"
)

// csvHeader is the header row of the CSV export, in the order of appendCSVRow.
var csvHeader = []string{"id", "order_id", "order_number", "system", "status", "action", "message", "error_code",
	"external_id", "occurred_at", "recorded_at"}

// export streams every matching attempt of the store, newest first.
//
//	@Summary		Export integration history (CSV or NDJSON)
//	@Description	Every attempt of the key's store matching the history filters, newest first (occurred_at, then the most recently recorded), in one streamed answer: no limit or cursor. csv (the default): RFC 4180 with CRLF line ends and a header row id,order_id,order_number,system,status,action,message,error_code,external_id,occurred_at,recorded_at; empty fields for null; a field starting with =, +, -, @, a tab or a carriage return gets a leading ' (spreadsheet formula injection). ndjson: one attempt per line exactly as the history endpoints show it. An answer that ends early (a database failure midway) is cut off without its last chunk, so a client never takes a partial export for a whole one.
//	@ID				exportIntegrationHistory
//	@Tags			integration-history
//	@Produce		text/csv
//	@Produce		application/x-ndjson
//	@Security		BearerAuth
//	@Param			system			query		string				false	"Only this system"															minlength(1)	maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			status			query		string				false	"Only this status: pending (Pendente), success (Concluído), error (Erro)"	Enums(pending, success, error)
//	@Param			error_code		query		string				false	"Only this error code"														minlength(1)		maxlength(64)	extensions(x-pattern=^[a-z0-9][a-z0-9._-]*$)
//	@Param			occurred_after	query		string				false	"occurred_at >= this (RFC 3339)"											format(date-time)	maxlength(35)
//	@Param			occurred_before	query		string				false	"occurred_at < this (RFC 3339)"												format(date-time)	maxlength(35)
//	@Param			format			query		string				false	"csv (the default) or ndjson"												Enums(csv, ndjson)	default(csv)
//	@Success		200				{string}	string				"The attempts: CSV with a header row, or NDJSON"
//	@Header			200				{string}	Content-Disposition	"attachment; filename=\"integration-history.csv\" (or .ndjson)"
//	@Failure		400				{object}	Problem				"Bad or unknown query parameter"
//	@Failure		401				{object}	Problem				"Missing or invalid key"
//	@Failure		429				{object}	Problem				"Rate limited"
//	@Failure		500				{object}	Problem				"Internal error (a bug): detail names the request id to report"
//	@Failure		503				{object}	Problem				"Database unavailable"
//	@Router			/integration-history/export [get]
func (s *server) export(c echo.Context) error {
	f, err := historyFilter(c)
	if err != nil {
		return err
	}
	format := formatCSV
	if v := c.QueryParam("format"); c.QueryParams().Has("format") {
		if v != formatCSV && v != formatNDJSON {
			return &errs.Error{Code: errs.BadRequest, Detail: "the query has invalid parameters",
				Fields: []errs.FieldError{{Field: "format", Message: "must be one of csv, ndjson"}}}
		}
		format = v
	}
	h := c.Response().Header()
	if format == formatCSV {
		h.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
		h.Set(echo.HeaderContentDisposition, `attachment; filename="integration-history.csv"`)
	} else {
		h.Set(echo.HeaderContentType, "application/x-ndjson")
		h.Set(echo.HeaderContentDisposition, `attachment; filename="integration-history.ndjson"`)
	}
	return s.writeExport(c, f, format)
}

// writeExport sends the header row (CSV), then each chunk of the walk as it
// is read. The response is committed at the first chunk: a failure after it
// can't become a problem, so the connection is cut instead (abortResponse).
func (s *server) writeExport(c echo.Context, f order.AttemptFilter, format string) error {
	w := newStreamWriter(c)
	var buf []byte
	if format == formatCSV {
		buf = appendCSVRecord(buf, csvHeader)
	}
	started := false
	start := func() error {
		if !started {
			c.Response().WriteHeader(http.StatusOK)
			started = true
		}
		return nil
	}
	fields := make([]string, len(csvHeader))
	err := s.live.ExportAttempts(c.Request().Context(), identity(c).StoreID, f, func(rows []order.ExportRow) error {
		for _, r := range rows {
			if format == formatCSV {
				buf = appendCSVRecord(buf, csvFields(fields, r))
			} else {
				buf = append(toAttemptResponse(r.Attempt).AppendJSON(buf), '\n')
			}
		}
		_ = start()
		if err := w.write(buf); err != nil {
			return err
		}
		s.metrics.ExportRows(len(rows))
		buf = buf[:0]
		return nil
	})
	switch {
	case err != nil && !started:
		return err // nothing sent yet: an ordinary problem answer
	case err != nil:
		s.abortResponse(c, err)
		return nil
	}
	_ = start()
	return w.write(buf) // the header row of an empty export, or nothing
}

// csvFields fills fields with r's values in csvHeader's order.
func csvFields(fields []string, r order.ExportRow) []string {
	a := toAttemptResponse(r.Attempt)
	fields[0], fields[1], fields[2], fields[3], fields[4] = a.ID, a.OrderID, r.OrderNumber, a.System, a.Status
	fields[5], fields[6], fields[7], fields[8] = deref(a.Action), a.Message, deref(a.ErrorCode), deref(a.ExternalID)
	fields[9], fields[10] = a.OccurredAt, a.RecordedAt
	return fields
}

// deref returns *s, or "" for nil (CSV's empty field for null).
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// appendCSVRecord appends one RFC 4180 record, ended by CRLF. A field is
// quoted when it holds a quote, comma, CR or LF, with its quotes doubled,
// and its text kept exactly (encoding/csv's UseCRLF would rewrite the line
// breaks inside fields). A field that a spreadsheet would take for a
// formula gets a leading ' first.
func appendCSVRecord(b []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			b = append(b, ',')
		}
		if f != "" && strings.IndexByte("=+-@\t\r", f[0]) >= 0 {
			f = "'" + f
		}
		if !strings.ContainsAny(f, "\",\r\n") {
			b = append(b, f...)
			continue
		}
		b = append(b, '"')
		for j := 0; j < len(f); j++ {
			if f[j] == '"' {
				b = append(b, '"')
			}
			b = append(b, f[j])
		}
		b = append(b, '"')
	}
	return append(b, '\r', '\n')
}

// abortResponse cuts the connection of a streamed answer that failed midway,
// so that the client sees an error rather than a short but well-ended body.
func (s *server) abortResponse(c echo.Context, err error) {
	if c.Request().Context().Err() == nil { // else the client went away: nothing to report
		s.log.ErrorContext(c.Request().Context(), "export failed midway", "request_id", requestID(c), "error", err.Error())
	}
	if conn, _, herr := http.NewResponseController(c.Response()).Hijack(); herr == nil {
		_ = conn.Close()
	}
}
