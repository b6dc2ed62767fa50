"""The API's interactive documentation (/api/v1/docs): Swagger UI served from our own static files (npm
`swagger-ui-dist`, copied into static/vendor by `make assets`), started by a static script — no CDN, no inline script,
so the site's Content-Security-Policy holds on this page too."""

import json
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import Swagger

if TYPE_CHECKING:
    from ninja import NinjaAPI

SWAGGER_SETTINGS: dict[str, Any] = {
    "layout": "BaseLayout",
    "deepLinking": True,
    # The badge would ask validator.swagger.io about our schema: not from here.
    "validatorUrl": None,
}


class LocalSwagger(Swagger):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api: "NinjaAPI", **kwargs: Any) -> HttpResponse:
        openapi_url = self.get_openapi_url(api, kwargs)
        settings = {**self.settings, "url": openapi_url}
        context = {"swagger_settings": json.dumps(settings), "api": api, "openapi_url": openapi_url}
        return render(request, self.template, context)


def local_swagger() -> LocalSwagger:
    return LocalSwagger(settings=SWAGGER_SETTINGS)
