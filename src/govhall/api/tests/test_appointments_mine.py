"""GET /api/v1/appointments: the person's own appointments (我的预约), the latest day first, paged; nobody else's."""

from datetime import time

import pytest

from govhall.accounts.tests.factories import person
from govhall.appointments import booking
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, next_weekday
from govhall.cases.tests.api_factories import app_headers

pytestmark = pytest.mark.django_db
URL = "/api/v1/appointments"


def test_my_appointments_only_mine_latest_first(client):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    alice, bob = person("alice"), person("bob", number=1)
    first, later = next_weekday(), next_weekday(ahead=3)
    early = booked(alice, hall, item, day=first, start=time(9))
    late = booked(alice, hall, item, day=later, start=time(10))
    booked(bob, hall, item, day=first, start=time(9))
    booking.cancel(appointment=early, account=alice)
    answer = client.get(URL, headers=app_headers(alice, "openid appointments"))
    assert answer.status_code == 200
    mine = answer.json()
    assert (mine["page"], mine["pages"], mine["total"]) == (1, 1, 2)
    assert [(a["code"], a["state"], a["changeable"]) for a in mine["appointments"]] == [
        (late.code, "booked", True),
        (early.code, "cancelled", False),
    ]


def test_pages_and_bad_pages(client):
    alice = person("alice")
    headers = app_headers(alice, "openid appointments")
    empty = client.get(URL, headers=headers).json()
    assert empty == {"page": 1, "pages": 1, "total": 0, "appointments": []}
    assert client.get(URL, {"page": "2"}, headers=headers).json()["appointments"] == []
    for bad in ("0", "x", "99999999999"):
        refused = client.get(URL, {"page": bad}, headers=headers)
        assert refused.status_code == 422 and refused.json()["detail"] == "请求参数无效。"
    assert client.get(URL).status_code == 401
