// The interactive API documentation at /api/docs, from Parity's own copy of Swagger UI.
// Kept out of the page so the Content Security Policy needs no inline script.
const mount = document.getElementById("swagger-ui");
if (mount && window.SwaggerUIBundle) {
  const csrfToken = mount.dataset.csrfToken;
  window.SwaggerUIBundle({
    url: mount.dataset.openapiUrl,
    domNode: mount,
    // Deep links put a link inside each operation's button, which screen readers and
    // keyboards cannot tell apart (axe: nested-interactive).
    deepLinking: false,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: (request) => {
      if (csrfToken) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
}
