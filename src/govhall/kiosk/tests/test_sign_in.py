"""Signing in at the kiosk: the ID card through the card-reader provider (signed reads, checked) and the phone's QR
code (accounts.qrlogin); the idle rule on the server."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from govhall.accounts import qrlogin
from govhall.accounts.models import PersonProfile, QrLogin
from govhall.accounts.tests.factories import IDS, person
from govhall.core.models import AuditEvent
from govhall.kiosk import cardreader, services
from govhall.kiosk.session import SEEN
from govhall.kiosk.tests.factories import kiosk, opened, signed_in_by_card

pytestmark = pytest.mark.django_db

NEW_PERSON = ("孙七", "110101198505120619")


def test_card_signs_in_a_known_person(client, outside_world):
    alice = person("alice")
    device = kiosk()
    signed_in_by_card(opened(client, device), outside_world, device, "测试alice", IDS[0])
    assert int(client.session["_auth_user_id"]) == alice.pk
    page = client.get("/kiosk/").content.decode()
    assert "测*****" in page and "退出" in page and "测试alice" not in page  # the name masked
    assert AuditEvent.objects.filter(action="accounts.login", actor=alice, detail__method="id_card").exists()


def test_card_of_a_new_person_makes_a_verified_account(client, outside_world):
    device = kiosk()
    signed_in_by_card(opened(client, device), outside_world, device, *NEW_PERSON)
    profile = PersonProfile.objects.get(real_name="孙七")
    assert profile.verified_by.endswith(f"kiosk:{device.code}") and profile.user.phone == ""


def test_no_card_on_the_reader(client, outside_world):
    device = kiosk()
    opened(client, device)
    outside_world.cards[device.code] = None
    response = client.post(reverse("kiosk:login_card"), follow=True)
    assert "没有读到身份证" in response.content.decode()
    assert "_auth_user_id" not in client.session


def read(**changes):
    fields = {"device": "k1", "name": NEW_PERSON[0], "document_number": NEW_PERSON[1]}
    fields |= {"read_at": str(int(time.time())), "nonce": "n1"} | changes
    return fields


def answer_with(monkeypatch, fields, secret="test-cardreader-secret"):
    signature = cardreader.read_signature(secret, **{k: fields[k] for k in fields if k != "signature"})
    real = cardreader.providers.signed_request

    def reader_answers(url, **kwargs):  # the identity check still goes to the demo service
        if "/cardreader/" in url:
            return {"present": True, **fields, "signature": signature}
        return real(url, **kwargs)

    monkeypatch.setattr(cardreader.providers, "signed_request", reader_answers)


def test_forged_read_is_refused(monkeypatch):
    device = kiosk()
    answer_with(monkeypatch, read(), secret="someone-else")
    with pytest.raises(services.KioskError, match="校验未通过"):
        services.sign_in_by_card(device=device, ip_address=None)


def test_read_for_another_kiosk_old_or_replayed_is_refused(monkeypatch):
    device = kiosk()
    answer_with(monkeypatch, read(device="k2"))
    with pytest.raises(services.KioskError, match="校验未通过"):
        services.sign_in_by_card(device=device, ip_address=None)
    answer_with(monkeypatch, read(read_at=str(int(time.time()) - 3600)))
    with pytest.raises(services.KioskError, match="超时"):
        services.sign_in_by_card(device=device, ip_address=None)
    answer_with(monkeypatch, read(nonce="same"))
    services.sign_in_by_card(device=device, ip_address=None)
    with pytest.raises(services.KioskError, match="已使用过"):
        services.sign_in_by_card(device=device, ip_address=None)


def test_reader_that_cannot_be_reached(settings):
    settings.CARD_READER_URL = "http://127.0.0.1:9/cardreader"
    with pytest.raises(services.KioskError, match="读卡器暂时无法使用"):
        services.sign_in_by_card(device=kiosk(), ip_address=None)


def test_phone_qr_signs_in_at_the_kiosk(client, monkeypatch):
    alice = person("alice")
    device = kiosk()
    opened(client, device)
    tokens = []
    real = qrlogin.create_qr_login

    def keep(**kwargs):
        found, token = real(**kwargs)
        tokens.append(token)
        return found, token

    monkeypatch.setattr(qrlogin, "create_qr_login", keep)
    page = client.get(reverse("kiosk:login"))
    assert 'src="data:image/svg+xml' in page.content.decode()
    assert QrLogin.objects.get().channel == "kiosk"
    phone = Client(HTTP_USER_AGENT="Mobile")
    phone.force_login(alice)
    confirm_page = phone.get(reverse("accounts:qr_confirm", args=[tokens[0]])).content.decode()
    assert "在自助终端上登录？" in confirm_page
    phone.post(reverse("accounts:qr_confirm", args=[tokens[0]]), {"answer": "confirm"})
    response = client.post(reverse("kiosk:login_qr"), {"next": "/kiosk/progress/"})
    assert response["Location"] == "/kiosk/progress/"
    assert client.get("/kiosk/progress/").status_code == 200
    assert int(client.session["_auth_user_id"]) == alice.pk


def test_idle_session_is_signed_out_on_the_server(client, outside_world, settings):
    alice = person("alice")
    device = kiosk()
    signed_in_by_card(opened(client, device), outside_world, device, "测试alice", IDS[0])
    session = client.session
    session[SEEN] = int(time.time()) - settings.KIOSK_IDLE_SECONDS - settings.KIOSK_COUNTDOWN_SECONDS - 60
    session.save()
    response = client.get("/kiosk/progress/")
    assert response["Location"] == reverse("kiosk:home")
    assert "_auth_user_id" not in client.session
    assert alice.pk  # nothing of alice's was shown


def test_reset_signs_out(client, outside_world):
    person("alice")
    device = kiosk()
    signed_in_by_card(opened(client, device), outside_world, device, "测试alice", IDS[0])
    client.post(reverse("kiosk:reset"))
    assert "_auth_user_id" not in client.session
    assert client.get("/kiosk/progress/").status_code == 200  # the public lookup again
    assert "办件编号" in client.get("/kiosk/progress/").content.decode()


def test_portal_session_does_not_follow_onto_a_kiosk(client):
    client.force_login(person("alice"))
    opened(client, kiosk())
    assert "_auth_user_id" not in client.session
