"""POST /api/v1/appointments/{code}/cancel: the person cancels their own appointment before its slot starts (the
place is free again); someone else's code is a 404, a started or cancelled one a 400 with the reason."""

from datetime import time, timedelta

import pytest
from django.utils import timezone

from govhall.accounts.tests.factories import person
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, next_weekday
from govhall.cases.tests.api_factories import app_headers
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(code):
    return f"/api/v1/appointments/{code}/cancel"


@pytest.fixture
def booking_of_alice():
    item = bookable_item()
    hall, _group = bookable_hall(item)
    return booked(person("alice"), hall, item, day=next_weekday(), start=time(9))


def test_the_person_cancels_their_appointment(client, booking_of_alice):
    headers = app_headers(booking_of_alice.account, "openid appointments")
    answer = client.post(url(booking_of_alice.code.lower()), headers=headers)
    assert answer.status_code == 200
    assert answer.json()["state"] == "cancelled" and answer.json()["changeable"] is False
    assert Appointment.objects.get().state == "cancelled"
    assert AuditEvent.objects.filter(action="appointments.cancel", channel="mobile").exists()
    again = client.post(url(booking_of_alice.code), headers=headers)
    assert again.status_code == 400 and "不能再变更" in again.json()["detail"]


def test_someone_elses_or_an_unknown_code_is_a_404(client, booking_of_alice):
    bob = app_headers(person("bob", number=1), "openid appointments")
    for code in (booking_of_alice.code, "NOSUCH22", "%E4%B8%AD" * 10):
        refused = client.post(url(code), headers=bob)
        assert refused.status_code == 404 and refused.json()["detail"] == "没有该预约，或您无权查看。"
    assert Appointment.objects.get().state == "booked"


def test_a_started_slot_cannot_be_cancelled(client, booking_of_alice):
    started = timezone.localtime().replace(second=0, microsecond=0) - timedelta(minutes=1)
    Appointment.objects.filter(pk=booking_of_alice.pk).update(day=started.date(), start=started.time())
    refused = client.post(
        url(booking_of_alice.code), headers=app_headers(booking_of_alice.account, "openid appointments")
    )
    assert refused.status_code == 400 and "已开始" in refused.json()["detail"]
    assert client.post(url(booking_of_alice.code)).status_code == 401
