"""A changed password ends what the old one opened (accounts.credentials): the apps' OAuth access, refresh and ID
tokens and unused codes are revoked (the API answers 401 to the old bearer token), other sessions end while the
changer's own stays (update_session_auth_hash), and an audit row says what was revoked — after 忘记密码 via SMS and
after a change anywhere else (back office, `manage.py changepassword`)."""

import pytest
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.test import Client, RequestFactory
from django.utils import timezone
from oauth2_provider.models import get_application_model, get_refresh_token_model

from govhall.accounts import services
from govhall.accounts.tests.factories import person
from govhall.cases.tests.api_factories import app_headers
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db
NEW = "Xin#mima2026ok"
API = "/api/v1/appointments"  # any endpoint taking a person's bearer token


def refresh_token(user):
    application = get_application_model().objects.get(name="办事 App")
    return get_refresh_token_model().objects.create(
        user=user, application=application, token="refresh-" + user.username
    )


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def outbox(settings, tmp_path):
    settings.SMS_OUTBOX_FILE = str(tmp_path / "outbox.jsonl")
    return tmp_path / "outbox.jsonl"


def test_forgotten_password_reset_revokes_the_apps_tokens(client, outbox):
    alice, bob = person("alice", phone="13811112222"), person("bob", number=1)
    headers, bobs = app_headers(alice, "openid appointments"), app_headers(bob, "openid appointments")
    refresh = refresh_token(alice)
    assert client.get(API, headers=headers).status_code == 200
    services.send_code(phone="13811112222", purpose="reset", ip_address="10.0.0.1", channel="web")
    code = outbox.read_text(encoding="utf-8").split("验证码为 ")[-1][:6]
    services.reset_password(phone="13811112222", code=code, new_password=NEW, channel="web", ip_address="10.0.0.1")
    refused = client.get(API, headers=headers)
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Bearer"
    refresh.refresh_from_db()
    assert refresh.revoked is not None and refresh.revoked <= timezone.now()
    assert client.get(API, headers=bobs).status_code == 200  # nobody else's
    row = AuditEvent.objects.get(action="accounts.password_changed")
    assert (row.actor, row.channel, row.ip_address) == (alice, "web", "10.0.0.1")
    assert row.detail == {"access_tokens": 1, "refresh_tokens": 1, "id_tokens": 0, "codes": 0, "sessions": "ended"}


def test_a_change_elsewhere_ends_other_sessions_but_keeps_the_changers(client):
    alice = person("alice")
    headers = app_headers(alice, "openid appointments")
    changer, other = signed_in(alice), signed_in(alice)
    alice.set_password(NEW)  # as the back office's password form and `changepassword` do
    alice.save()
    request = RequestFactory().get("/")
    request.session, request.user = changer.session, alice
    update_session_auth_hash(request, alice)  # what the view that changed it does for the changer (a new key too)
    request.session.save()
    changer.cookies[settings.SESSION_COOKIE_NAME] = request.session.session_key
    assert changer.get("/accounts/me/").status_code == 200
    assert other.get("/accounts/me/").status_code == 302  # signed out: its session's password hash is old
    assert client.get(API, headers=headers).status_code == 401
    row = AuditEvent.objects.get(action="accounts.password_changed")
    assert (row.actor, row.channel, row.detail["access_tokens"]) == (None, "system", 1)


def test_only_a_password_change_revokes(client):
    alice = person("alice")  # a new account's first password is no change
    headers = app_headers(alice, "openid appointments")
    alice.first_name = "丽"
    alice.save()
    assert client.get(API, headers=headers).status_code == 200
    assert not AuditEvent.objects.filter(action="accounts.password_changed").exists()
