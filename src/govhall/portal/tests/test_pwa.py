"""The installable app: the manifest, the service worker at the root, the offline page and /favicon.ico."""

import json

import pytest
from django.test import Client

from govhall.portal import pwa


def test_the_manifest_names_the_app_and_its_icons(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "政务服务"
    assert manifest["start_url"].startswith("/")
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == "#0b5cad"
    icons = {(icon["sizes"], icon["purpose"]) for icon in manifest["icons"]}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= icons
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200, icon["src"]


def test_the_service_worker_is_served_from_the_root_as_a_script(client: Client) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert response["Cache-Control"] == "no-cache"
    # The site's CSP lets a same-origin script be a worker and lets the worker fetch from the site.
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    body = response.content.decode()
    assert "__VERSION__" not in body and "{{" not in body
    assert json.dumps(pwa.OFFLINE_PAGE_PREFIXES) in body
    # Personal pages are never among the pages it keeps.
    for personal in ("/cases/", "/accounts/", "/workbench/", "/api/", "/payments/", "/licences/", "/me/", "/tickets/"):
        assert not any(prefix.startswith(personal) for prefix in pwa.OFFLINE_PAGE_PREFIXES + pwa.OFFLINE_PAGES)
    # A hall's ticket and calling pages are not the service map.
    assert not any(prefix.startswith("/halls/") for prefix in pwa.OFFLINE_PAGE_PREFIXES)


def test_the_service_worker_version_follows_its_shell(client: Client, settings) -> None:
    first = client.get("/sw.js").content
    assert client.get("/sw.js").content == first
    settings.STATIC_URL = "/assets/"
    assert client.get("/sw.js").content != first


@pytest.mark.django_db
def test_the_offline_page_says_so(client: Client) -> None:
    response = client.get("/offline/")
    assert response.status_code == 200
    assert "您当前处于离线状态" in response.content.decode()


def test_the_favicon_is_at_the_root(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_icons(client: Client) -> None:
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert 'rel="apple-touch-icon"' in html and 'href="/favicon.ico"' in html
