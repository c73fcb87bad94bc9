// Starts the vendored Swagger UI (swagger-ui-dist 5.35.0) on dateline's OpenAPI document.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
