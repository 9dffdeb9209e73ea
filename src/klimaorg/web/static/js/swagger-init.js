// Swagger UI for /api/docs, loaded from the package (no CDN, no inline script: strict CSP).
// A small layout plugin renders only the operations and schemas inside the page's own <main>
// (Swagger's default layout brings a second <main> and its own title block).
"use strict";

function KlimaOrgLayoutPlugin(system) {
  var h = system.React.createElement;
  function KlimaOrgLayout(props) {
    var Errors = props.getComponent("errors", true);
    var Operations = props.getComponent("operations", true);
    var Models = props.getComponent("Models", true);
    return h("div", { className: "swagger-ui" }, h(Errors), h(Operations), h(Models));
  }
  return { components: { KlimaOrgLayout: KlimaOrgLayout } };
}

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
    plugins: [KlimaOrgLayoutPlugin],
    layout: "KlimaOrgLayout",
  });
});
