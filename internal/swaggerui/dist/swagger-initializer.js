// Swagger UI of orders-api: the OpenAPI 3 contract served by this same
// service (/openapi.json), with no request to any other host (no validator
// badge, no telemetry).
window.onload = function () {
  window.ui = SwaggerUIBundle({
    url: new URL("../openapi.json", window.location.href).href,
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    displayOperationId: true,
    defaultModelsExpandDepth: 0,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
};
