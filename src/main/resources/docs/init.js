// Swagger UI on this router's own document; "Authorize" takes an API key as a bearer token and
// keeps it in the browser across reloads; each operation shows its x-problem-codes.
window.ui = SwaggerUIBundle({
  url: "../openapi.yaml",
  dom_id: "#swagger-ui",
  deepLinking: true,
  persistAuthorization: true,
  tryItOutEnabled: false,
  showExtensions: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
});
