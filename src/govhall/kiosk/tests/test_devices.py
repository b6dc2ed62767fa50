"""Opening a browser as a kiosk (kiosk.devices, /kiosk/start/), 长辈模式 by default, the reset."""

import pytest
from django.urls import reverse

from govhall.kiosk.devices import register_device
from govhall.kiosk.tests.factories import KEY, kiosk, opened

pytestmark = pytest.mark.django_db


def test_kiosk_pages_need_an_opened_device(client):
    assert client.get("/kiosk/")["Location"] == reverse("kiosk:start")
    device = kiosk()
    page = client.get(reverse("kiosk:start"))
    assert page.status_code == 200 and "终端密钥" in page.content.decode()
    assert client.post(reverse("kiosk:start"), {"device": device.code, "key": "wrong"}).status_code == 400
    opened(client, device)
    home = client.get("/kiosk/")
    assert home.status_code == 200
    text = home.content.decode()
    assert device.hall.name in text and "取号" in text
    assert 'class="kiosk large-text"' in text  # 长辈模式 on by default
    assert "<script>" not in text and "onclick" not in text


def test_start_address_with_key_opens_and_a_new_key_closes(client):
    device = kiosk()
    response = client.get(reverse("kiosk:start"), {"device": device.code, "key": KEY})
    assert response.status_code == 302 and response["Location"] == reverse("kiosk:home")
    assert client.get("/kiosk/").status_code == 200
    register_device(hall=device.hall, code=device.code, name=device.name, actor=None)  # a new key
    assert client.get("/kiosk/")["Location"] == reverse("kiosk:start")


def test_disabled_device_is_closed(client):
    device = kiosk()
    opened(client, device)
    device.is_active = False
    device.save(update_fields=["is_active"])
    assert client.get("/kiosk/").status_code == 302


def test_text_toggle_and_reset_restores_large_text(client):
    opened(client, kiosk())
    client.post(reverse("kiosk:toggle_text"), {"next": "/kiosk/"})
    assert 'class="kiosk"' in client.get("/kiosk/").content.decode()
    client.post(reverse("kiosk:reset"))
    assert 'class="kiosk large-text"' in client.get("/kiosk/").content.decode()


def test_alive_answers_no_content(client):
    opened(client, kiosk())
    assert client.get(reverse("kiosk:alive")).status_code == 204
