"""GET /api/v1/halls/{hall}/slots: a hall named by code or id, an item by its code, a day's slots with free places;
clear 4xx answers for a bad date, an unknown hall or item, an item not bookable or not served there; a closed day
answers no slots with the reason."""

from datetime import time

import pytest

from govhall.accounts.tests.factories import person
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, next_weekday
from govhall.catalog.tests.factories import published_item
from govhall.core.models import Holiday

pytestmark = pytest.mark.django_db


def slots(client, hall, **query):
    return client.get(f"/api/v1/halls/{hall}/slots", query)


def test_slots_by_code_and_by_id_with_free_places(client):
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=2)
    day = next_weekday()
    booked(person("alice"), hall, item, day=day, start=time(9))
    answer = slots(client, hall.code, item=item.implementation_code, date=f"{day:%Y-%m-%d}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["date"] == f"{day:%Y-%m-%d}" and body["hall"] == hall.code and body["group"]["code"] == "A"
    assert body["slots"][0] == {"start": "09:00", "end": "09:30", "free": 1}
    assert body["slots"][1]["free"] == 2 and len(body["slots"]) == 14
    by_id = slots(client, hall.pk, item=item.implementation_code, date=f"{day:%Y-%m-%d}").json()
    assert by_id["slots"] == body["slots"]
    listed = client.get("/api/v1/catalog/halls").json()
    assert {"id": hall.pk, "code": hall.code} == {key: listed[0][key] for key in ("id", "code")}


def test_a_closed_day_has_no_slots_and_says_why(client):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    day = next_weekday()
    Holiday.objects.update_or_create(date=day, defaults={"is_working_day": False, "name": "测试假日"})
    body = slots(client, hall.code, item=item.implementation_code, date=f"{day:%Y-%m-%d}").json()
    assert body["slots"] == [] and "法定节假日休息" in body["reason"]


@pytest.mark.parametrize("text", ["2026-13-01", "tomorrow", "20261208", "2026-1-5"])
def test_a_bad_date_is_a_400_in_words(client, text):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    answer = slots(client, hall.code, item=item.implementation_code, date=text)
    assert answer.status_code == 400 and "YYYY-MM-DD" in answer.json()["detail"]


def test_unknown_hall_or_item_is_a_404_and_a_missing_parameter_a_422(client):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    day = f"{next_weekday():%Y-%m-%d}"
    assert slots(client, "NO-SUCH", item=item.implementation_code, date=day).status_code == 404
    assert slots(client, "99999999", item=item.implementation_code, date=day).status_code == 404
    assert slots(client, "9" * 30, item=item.implementation_code, date=day).status_code == 404
    answer = slots(client, hall.code, item="511A-NOPE", date=day)
    assert answer.status_code == 404 and "事项" in answer.json()["detail"]
    assert slots(client, hall.code, date=day).status_code == 422


def test_an_item_not_bookable_or_not_served_there_is_a_400(client):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    day = f"{next_weekday():%Y-%m-%d}"
    plain = published_item(number=2)
    assert "不支持预约" in slots(client, hall.code, item=plain.implementation_code, date=day).json()["detail"]
    elsewhere = bookable_item(number=3)
    answer = slots(client, hall.code, item=elsewhere.implementation_code, date=day)
    assert answer.status_code == 400 and "暂不受理" in answer.json()["detail"]
