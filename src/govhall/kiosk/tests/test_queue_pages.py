"""取号 and 预约签到 at the kiosk: tickets of the kiosk's own hall only, the number and the people ahead."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from govhall.accounts.tests.factories import person
from govhall.appointments.models import Appointment
from govhall.catalog.tests.factories import HallFactory
from govhall.kiosk.tests.factories import kiosk, opened
from govhall.organisations.models import WindowGroup
from govhall.queueing.constants import TicketSource
from govhall.queueing.models import Ticket

pytestmark = pytest.mark.django_db


def test_take_a_ticket_and_see_people_ahead(client):
    device = kiosk()
    group = WindowGroup.objects.get(hall=device.hall, code="A")
    opened(client, device)
    page = client.get(reverse("kiosk:ticket")).content.decode()
    assert "A · A区业务" in page and "B · B区业务" in page
    client.post(reverse("kiosk:ticket"), {"group": group.pk})
    response = client.post(reverse("kiosk:ticket"), {"group": group.pk})
    assert response["Location"] == reverse("kiosk:ticket_taken")
    shown = client.get(response["Location"]).content.decode()
    assert "A002" in shown and "前面还有 1 人等候" in shown
    ticket = Ticket.objects.get(number=2)
    assert ticket.source == TicketSource.KIOSK and ticket.account is None


def test_another_halls_group_is_refused(client):
    device = kiosk()
    other = WindowGroup.objects.create(hall=HallFactory(), code="A", name="别处")
    opened(client, device)
    response = client.post(reverse("kiosk:ticket"), {"group": other.pk})
    assert response.status_code == 400 and "请选择本大厅的办理业务" in response.content.decode()
    assert client.post(reverse("kiosk:ticket"), {"group": "x²"}).status_code == 400
    assert not Ticket.objects.exists()


def test_ticket_page_without_a_ticket_goes_back(client):
    opened(client, kiosk())
    assert client.get(reverse("kiosk:ticket_taken"))["Location"] == reverse("kiosk:ticket")


def booked(device, code="K7Q2M9"):
    now = timezone.localtime()
    return Appointment.objects.create(
        code=code,
        account=person("alice"),
        hall=device.hall,
        group=WindowGroup.objects.get(hall=device.hall, code="B"),
        day=now.date(),
        start=time(0, 0),
        end=time(23, 59, 59),
        booked_at=now - timedelta(days=1),
    )


def test_check_in_by_code_gives_the_appointment_ticket(client):
    device = kiosk()
    appointment = booked(device)
    opened(client, device)
    response = client.post(reverse("kiosk:check_in"), {"code": "k7q2m9"})
    assert response["Location"] == reverse("kiosk:ticket_taken")
    shown = client.get(response["Location"]).content.decode()
    assert "B001" in shown and "预约" in shown
    assert Ticket.objects.get().appointment == appointment


def test_check_in_refusals_are_told(client):
    device = kiosk()
    booked(device)
    opened(client, device)
    unknown = client.post(reverse("kiosk:check_in"), {"code": "NOPE00"})
    assert unknown.status_code == 400 and "没有找到该预约码" in unknown.content.decode()
    client.post(reverse("kiosk:check_in"), {"code": "K7Q2M9"})
    again = client.post(reverse("kiosk:check_in"), {"code": "K7Q2M9"})
    assert again.status_code == 400 and "不能签到" in again.content.decode()


def test_check_in_at_another_halls_kiosk_is_refused(client):
    booked(kiosk())
    opened(client, kiosk("k2"))
    response = client.post(reverse("kiosk:check_in"), {"code": "K7Q2M9"})
    assert response.status_code == 400 and "本大厅" in response.content.decode()
