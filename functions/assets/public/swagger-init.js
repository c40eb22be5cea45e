// Starts Swagger UI on the API's own OpenAPI document (served by this app, no CDN).
window.addEventListener('load', () => {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui' });
});
