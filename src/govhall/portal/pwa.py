"""The installable app (PWA, docs/phone.md): the web app manifest, the service worker served from the site's root so
it may control every page, the offline page and /favicon.ico. What the worker keeps for offline reading is decided
here (OFFLINE_PAGE_PREFIXES); personal pages are never stored."""

import hashlib
import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# Public pages the worker keeps (network first, the stored copy when offline): the home page and the service map
# (these paths exactly), search, guides, departments, themes and life events (paths starting so). Everything else —
# a hall's tickets and calling screen included — goes to the network only.
OFFLINE_PAGES = ["/", "/halls/"]
OFFLINE_PAGE_PREFIXES = ["/items/", "/search/", "/departments/", "/themes/", "/life-events/"]
# The app shell stored when the worker installs.
SHELL_STATIC = [
    "css/govhall.css",
    "js/early.js",
    "js/govhall.js",
    "js/menu.js",
    "vendor/htmx.min.js",
    "img/favicon.svg",
    "img/icon-192.png",
]
THEME_COLOUR = "#0b5cad"


@require_safe
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("政务服务"),
        "short_name": _("政务服务"),
        "description": _("查办事指南、在线申报、查办件进度"),
        "lang": "zh-CN",
        "start_url": "/?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f5f7fa",
        "theme_color": THEME_COLOUR,
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("img/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    offline_url = reverse("portal:offline")
    shell = [offline_url, *(static(path) for path in SHELL_STATIC)]
    body: str = render_to_string(
        "portal/pwa/sw.js",
        {
            "shell": json.dumps(shell),
            "offline_url": json.dumps(offline_url),
            "pages": json.dumps(OFFLINE_PAGES),
            "page_prefixes": json.dumps(OFFLINE_PAGE_PREFIXES),
            "static_prefix": json.dumps(settings.STATIC_URL),
        },
    )
    # A new version whenever the shell's URLs (hashed in production) or the worker's code change; the old stores go.
    body = body.replace("__VERSION__", hashlib.sha256(body.encode()).hexdigest()[:12])
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    # Browsers check for a new worker on every navigation; never let a cache hold an old one.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/pwa/offline.html")


@require_safe
def favicon(request: HttpRequest) -> FileResponse:
    path = finders.find("img/favicon.ico")
    if not path:
        raise Http404(_("没有找到图标。"))
    response = FileResponse(open(path, "rb"), content_type="image/x-icon")  # noqa: SIM115 (FileResponse closes it)
    response["Cache-Control"] = "public, max-age=86400"
    return response
