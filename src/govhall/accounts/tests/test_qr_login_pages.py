"""The 扫码登录 pages: the QR code on the login page, its status, the phone's confirmation, the sign-in."""

import pytest
from django.urls import reverse

from govhall.accounts.models import QrLogin
from govhall.accounts.tests.factories import person

pytestmark = pytest.mark.django_db


def show_login(client):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    assert 'src="data:image/svg+xml' in response.content.decode()
    assert "qr-login.js" in response.content.decode()
    return QrLogin.objects.get(pk=client.session["qr_login_id"])


def test_desktop_signs_in_after_the_phone_confirms(client, monkeypatch):
    alice = person("alice")
    tokens = []
    from govhall.accounts import qrlogin

    real = qrlogin.create_qr_login

    def keep(**kwargs):
        found, token = real(**kwargs)
        tokens.append(token)
        return found, token

    monkeypatch.setattr(qrlogin, "create_qr_login", keep)
    found = show_login(client)
    assert client.get(reverse("accounts:qr_status")).json()["state"] == "pending"
    old_session = client.session.session_key

    from django.test import Client

    phone = Client(HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile")
    phone.force_login(alice)
    url = reverse("accounts:qr_confirm", args=[tokens[0]])
    page = phone.get(url)
    assert "在电脑上登录？" in page.content.decode()
    assert phone.post(url, {"answer": "confirm"}).status_code == 200
    assert client.get(reverse("accounts:qr_status")).json()["state"] == "confirmed"

    response = client.post(reverse("accounts:qr_finish"), {"next": "/cases/"})
    assert response.status_code == 302 and response["Location"] == "/cases/"
    assert int(client.session["_auth_user_id"]) == alice.pk
    assert client.session.session_key != old_session  # the session key was rotated
    assert "qr_login_id" not in client.session
    found.refresh_from_db()
    assert found.state == "used"


def test_finish_without_confirmation_goes_back_to_login(client):
    show_login(client)
    response = client.post(reverse("accounts:qr_finish"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_confirm_page_needs_sign_in_and_a_good_token(client):
    url = reverse("accounts:qr_confirm", args=["a" * 43])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(person("alice"))
    assert client.get(url).status_code == 400
    assert client.get(reverse("accounts:qr_confirm", args=["bad token!"])).status_code == 404


def test_status_without_a_code_reads_expired(client):
    assert client.get(reverse("accounts:qr_status")).json() == {"state": "expired", "seconds_left": 0}


def test_a_phone_is_not_shown_a_code_to_scan(client):
    page = client.get(reverse("accounts:login"), HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Mobile")
    assert page.status_code == 200 and "扫码登录" not in page.content.decode()
    assert not QrLogin.objects.exists()
