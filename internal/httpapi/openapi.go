package httpapi

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/orders-api/orders-api/api"
	"github.com/orders-api/orders-api/docs"
	"github.com/orders-api/orders-api/internal/errs"
	"github.com/orders-api/orders-api/internal/swaggerui"
)

// openapiJSON serves the contract, api/openapi.json, as built into the binary.
//
//	@Summary		The OpenAPI 3.0 contract (JSON)
//	@Description	This document: api/openapi.json of the build, generated from the handlers' annotations. Generate clients from it; the Swagger UI is at /swagger/index.html.
//	@ID				getOpenAPIJSON
//	@Tags			contract
//	@Produce		json
//	@Success		200	{object}	object	"The OpenAPI 3.0 document"
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Router			/openapi.json [get]
func (s *server) openapiJSON(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, api.JSON)
}

// openapiYAML serves the contract, api/openapi.yaml, as built into the binary.
//
//	@Summary		The OpenAPI 3.0 contract (YAML)
//	@Description	The same document as /openapi.json, as YAML (api/openapi.yaml of the build).
//	@ID				getOpenAPIYAML
//	@Tags			contract
//	@Produce		application/yaml
//	@Success		200	{object}	object	"The OpenAPI 3.0 document"
//	@Failure		400	{object}	Problem	"Unknown query parameter"
//	@Failure		500	{object}	Problem	"Internal error (a bug): detail names the request id to report"
//	@Router			/openapi.yaml [get]
func (s *server) openapiYAML(c echo.Context) error {
	return c.Blob(http.StatusOK, "application/yaml", api.YAML)
}

// swaggerUI serves the Swagger UI page under /swagger/ (index.html shows
// /openapi.json), and at /swagger/doc.json swag's own Swagger 2.0 document.
// /swagger/ redirects to index.html.
func swaggerUI(c echo.Context) error {
	name := path.Clean(c.Param("*"))
	switch name {
	case ".", "/":
		return c.Redirect(http.StatusMovedPermanently, "/swagger/index.html")
	case "doc.json":
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSONCharsetUTF8, []byte(docs.SwaggerInfo.ReadDoc()))
	}
	b, err := fs.ReadFile(swaggerui.FS, name)
	if err != nil || strings.HasPrefix(name, "..") {
		return errs.New(errs.NotFound, "no such file of the Swagger UI")
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	return c.Blob(http.StatusOK, ctype, b)
}
