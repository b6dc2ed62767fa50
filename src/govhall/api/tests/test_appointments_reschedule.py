"""POST /api/v1/appointments/{code}/reschedule: 改约 to another slot (same hall unless another is named): the old
appointment is cancelled and a new 预约码 given in one step; when the new slot cannot be had nothing changes."""

from datetime import time

import pytest

from govhall.accounts.tests.factories import person
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, next_weekday
from govhall.cases.tests.api_factories import app_headers
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def url(code):
    return f"/api/v1/appointments/{code}/reschedule"


@pytest.fixture
def setting():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=1)
    alice = person("alice")
    return (
        hall,
        item,
        booked(alice, hall, item, day=next_weekday(), start=time(9)),
        app_headers(alice, "openid appointments"),
    )


def move(client, code, headers, **data):
    return client.post(url(code), data, content_type="application/json", headers=headers)


def test_rescheduling_gives_a_new_code_and_frees_the_old_place(client, setting):
    hall, _item, old, headers = setting
    day = next_weekday(ahead=3)
    answer = move(client, old.code, headers, date=f"{day:%Y-%m-%d}", start="10:00")
    assert answer.status_code == 201, answer.json()
    new = Appointment.objects.get(code=answer.json()["code"])
    assert new.code != old.code and (new.day, new.start, new.hall) == (day, time(10), hall)
    assert Appointment.objects.get(pk=old.pk).state == "cancelled"
    assert AuditEvent.objects.filter(action="appointments.reschedule", channel="mobile").exists()


@pytest.mark.parametrize(
    ("data", "status", "words"),
    [
        ({"date": "next week", "start": "10:00"}, 400, "YYYY-MM-DD"),
        ({"start": "10"}, 400, "HH:MM"),
        ({"start": "12:30"}, 400, "该时段不可预约"),
        ({"hall": "NO-SUCH", "start": "10:00"}, 404, "大厅"),
    ],
)
def test_bad_input_changes_nothing(client, setting, data, status, words):
    _hall, _item, old, headers = setting
    answer = move(client, old.code, headers, **{"date": f"{next_weekday(ahead=3):%Y-%m-%d}", **data})
    assert answer.status_code == status and words in answer.json()["detail"]
    assert list(Appointment.objects.values_list("code", "state")) == [(old.code, "booked")]


def test_a_full_slot_or_someone_elses_code_is_refused(client, setting):
    hall, item, old, headers = setting
    day = next_weekday(ahead=3)
    booked(person("bob", number=1), hall, item, day=day, start=time(10))
    full = move(client, old.code, headers, date=f"{day:%Y-%m-%d}", start="10:00")
    assert full.status_code == 400 and "已约满" in full.json()["detail"]
    bob = app_headers(Appointment.objects.get(start=time(10)).account, "openid appointments")
    assert move(client, old.code, bob, date=f"{day:%Y-%m-%d}", start="11:00").status_code == 404
    assert Appointment.objects.get(pk=old.pk).state == "booked"
    assert move(client, old.code, headers, date=f"{day:%Y-%m-%d}").status_code == 422
