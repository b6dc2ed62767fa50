"""The back office lists kiosks and switches them off; keys are issued by `manage.py register_kiosk` only."""

import pytest
from django.core.management import call_command

from govhall.accounts.tests.factories import staff
from govhall.catalog.tests.factories import HallFactory
from govhall.kiosk.devices import open_device
from govhall.kiosk.models import KioskDevice
from govhall.kiosk.tests.factories import KEY, kiosk
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


def test_kiosks_are_listed_and_switched_off(client, django_user_model):
    device = kiosk()
    manager = staff("manager", Role.CATALOG_MANAGER)
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    assert device.code in client.get("/admin/kiosk/kioskdevice/").content.decode()
    assert client.get("/admin/kiosk/kioskdevice/add/").status_code == 403
    url = f"/admin/kiosk/kioskdevice/{device.pk}/change/"
    assert client.post(url, {"hall": device.hall.pk, "name": device.name}).status_code == 403  # district-wide rows
    client.force_login(django_user_model.objects.create_superuser("root", password="x"))
    page = client.get(url).content.decode()
    assert "key_hash" not in page
    response = client.post(url, {"hall": device.hall.pk, "name": device.name})  # is_active unticked
    assert response.status_code == 302
    assert open_device(code=device.code, key=KEY) is None


def test_register_kiosk_prints_a_key_once(capsys):
    hall = HallFactory()
    call_command("register_kiosk", hall=hall.slug, code="gaq-1", name="一楼 1 号自助终端")
    out = capsys.readouterr().out
    key = next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("key: "))
    assert open_device(code="gaq-1", key=key) == KioskDevice.objects.get(code="gaq-1")
    assert key not in KioskDevice.objects.get(code="gaq-1").key_hash
