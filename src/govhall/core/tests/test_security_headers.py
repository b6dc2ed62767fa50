"""Security headers: no-store on anything personal, Permissions-Policy, HSTS when configured, staff sessions ending
with the browser; and `manage.py check --deploy` clean with production settings (.env.example)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory

from govhall.accounts.constants import Role
from govhall.accounts.tests.factories import person, staff
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.middleware import PrivacyHeadersMiddleware

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


def test_deploy_checks_pass_with_production_settings(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(PROJECT / "src"),
        "DJANGO_SETTINGS_MODULE": "govhall.settings",
        "GOVHALL_VAR_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "a-real-production-key-" + "k3Y9#pQ2$vL8@wN5%zR1^tB6&mX4*cJ7!" * 2,
        "ALLOWED_HOSTS": "zwfw.example.gov.cn",
        "SITE_URL": "https://zwfw.example.gov.cn",
        "SECURE_COOKIES": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_PRELOAD": "true",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto=https",
        "FIELD_ENCRYPTION_KEYS": "x5bJ0iA6XzjZMW1wmqUuH0m7qAd4nR2kqg7QGbWZg2M=",
        "BLIND_INDEX_KEYS": "a-separate-blind-index-key-for-production-use",
        "OIDC_RSA_PRIVATE_KEY_FILE": str(oidc_key(tmp_path)),
        "VIRUS_SCAN_PROVIDER": "govhall.cases.scanning.ClamdScanner",
        "OIDC_REDIRECT_SCHEMES": "https",
    }
    result = subprocess.run(
        [sys.executable, str(PROJECT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def oidc_key(folder: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    path = folder / "oidc.pem"
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return path
