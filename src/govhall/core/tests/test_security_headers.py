"""Security headers: no-store on anything personal, Permissions-Policy, HSTS when configured, staff sessions ending
with the browser; and `manage.py check --deploy` clean with production settings (.env.example)."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.middleware import PrivacyHeadersMiddleware
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
PROJECT = Path(django_settings.PROJECT_DIR)


def test_public_pages_stay_cacheable_and_personal_ones_are_not_stored(client):
    public = client.get("/")
    assert "no-store" not in public.get("Cache-Control", "")
    assert "camera=()" in public["Permissions-Policy"] and "geolocation=(self)" in public["Permissions-Policy"]
    client.force_login(person("alice"))
    assert "no-store" in client.get("/").get("Cache-Control", "")
    assert "no-store" in client.get("/accounts/me/").get("Cache-Control", "")


def test_the_api_is_never_stored(client):
    assert "no-store" in client.get("/api/v1/catalog/departments").get("Cache-Control", "")


def test_a_view_choosing_its_own_caching_keeps_it():
    request = RequestFactory().get("/")
    request.user = person("bob")
    response = PrivacyHeadersMiddleware(lambda r: HttpResponse(headers={"Cache-Control": "max-age=60"}))(request)
    assert response["Cache-Control"] == "max-age=60"


def test_hsts_is_sent_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_staff_sessions_end_with_the_browser_and_people_keep_theirs(client):
    from govhall.accounts.views import _start_session

    clerk = staff("clerk", Role.WINDOW_CLERK, department=DepartmentFactory())
    for user, expires_with_browser in ((clerk, True), (person("carol"), False)):
        request = RequestFactory().post("/accounts/login/")
        from django.contrib.sessions.backends.db import SessionStore

        request.session = SessionStore()
        request.channel = "web"  # type: ignore[attr-defined]
        _start_session(request, user, "password")
        assert request.session.get_expire_at_browser_close() is expires_with_browser
