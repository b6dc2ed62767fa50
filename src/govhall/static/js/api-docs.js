// /api/v1/docs: starts Swagger UI (static/vendor, from npm swagger-ui-dist) with the settings the page carries in
// data-swagger-settings. A static file, so the page needs no inline script under the site's CSP.
(function () {
  "use strict";
  var node = document.getElementById("swagger-ui");
  if (!node || !window.SwaggerUIBundle) { return; }
  var settings = JSON.parse(node.getAttribute("data-swagger-settings"));
  settings.dom_id = "#swagger-ui";
  settings.presets = [window.SwaggerUIBundle.presets.apis];
  settings.plugins = [window.SwaggerUIBundle.plugins.DownloadUrl];
  window.ui = window.SwaggerUIBundle(settings);
})();
