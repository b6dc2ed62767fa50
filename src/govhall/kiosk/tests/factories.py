"""Kiosks for tests: a device in a hall with window groups, and a test client opened as that kiosk."""

from typing import Any

from django.test import Client
from django.urls import reverse

from govhall.catalog.tests.factories import HallFactory
from govhall.kiosk.devices import register_device
from govhall.kiosk.models import KioskDevice
from govhall.organisations.models import WindowGroup

KEY = "test-kiosk-key-0123456789"


def kiosk(code: str = "k1", *, hall: Any = None, groups: tuple[str, ...] = ("A", "B")) -> KioskDevice:
    hall = hall or HallFactory()
    for order, letter in enumerate(groups):
        WindowGroup.objects.get_or_create(hall=hall, code=letter, defaults={"name": f"{letter}区业务", "order": order})
    device, _ = register_device(hall=hall, code=code, name=f"{code} 号自助终端", actor=None, key=KEY)
    return device


def opened(client: Client, device: KioskDevice, key: str = KEY) -> Client:
    response = client.post(reverse("kiosk:start"), {"device": device.code, "key": key})
    assert response.status_code == 302, response.status_code
    return client


def signed_in_by_card(client: Client, outside_world: Any, device: KioskDevice, name: str, number: str) -> Client:
    outside_world.cards[device.code] = (name, number)
    response = client.post(reverse("kiosk:login_card"), {"next": "/kiosk/"})
    assert response.status_code == 302 and response["Location"] == "/kiosk/", response
    return client
