// Swagger UI for /api/docs, loaded from the package (no CDN, no inline script: strict CSP).
"use strict";
window.addEventListener("DOMContentLoaded", function () {
  var host = document.getElementById("swagger-ui");
  if (!host || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: host.getAttribute("data-openapi-url"),
    domNode: host,
    deepLinking: false,
    defaultModelsExpandDepth: 0,
  });
});
