"""大厅预约 /workbench/appointments/: a clerk sees the appointments of their own hall for a day, names masked, the
view audited; another hall's are not offered; a person without a hall place sees why."""

import pytest
from django.urls import reverse

from govhall.accounts.tests.factories import person
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked
from govhall.core.models import AuditEvent
from govhall.queueing.tests.factories import clerk_at

pytestmark = pytest.mark.django_db


def test_the_clerk_sees_their_halls_appointments_of_the_day(client):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    other, _ = bookable_hall(item)
    appointment = booked(person("alice"), hall, item)
    elsewhere = booked(person("bob", number=1), other, item)
    clerk = clerk_at(hall)
    client.force_login(clerk)
    page = client.get(reverse("workbench:appointments"), {"date": f"{appointment.day:%Y-%m-%d}"})
    text = page.content.decode()
    assert page.status_code == 200 and appointment.code in text and "测试*****" in text
    assert elsewhere.code not in text and other.name not in text and "测试alice" not in text
    assert AuditEvent.objects.filter(action="appointments.view_hall_day", actor=clerk).count() == 1
    asked_other = client.get(reverse("workbench:appointments"), {"hall": other.pk, "date": f"{elsewhere.day:%Y-%m-%d}"})
    assert elsewhere.code not in asked_other.content.decode()


def test_staff_without_a_hall_place_see_why(client):
    client.force_login(clerk_at(None, username="nohall"))
    assert "没有所在大厅的窗口岗位" in client.get(reverse("workbench:appointments")).content.decode()
