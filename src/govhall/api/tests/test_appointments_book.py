"""POST /api/v1/appointments: an app books a place for its person (scope `appointments`, channel 移动端) through
appointments.booking.book; every bad input is a 4xx with a Chinese reason and books nothing."""

from datetime import time

import pytest

from govhall.accounts.tests.factories import authorise, organisation, person, staff
from govhall.appointments.models import Appointment
from govhall.appointments.tests.factories import bookable_hall, bookable_item, booked, next_weekday
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.factories import submitted_case
from govhall.catalog.tests.factories import published_item
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
URL = "/api/v1/appointments"


@pytest.fixture
def place():
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=1)
    return hall, item, next_weekday()


def body(hall, item, day, /, **changes):
    return {"hall": hall.code, "item": item.implementation_code, "date": f"{day:%Y-%m-%d}", "start": "09:00", **changes}


def post(client, data, headers):
    return client.post(URL, data, content_type="application/json", headers=headers)


def test_an_app_books_a_place_for_its_person(client, place):
    hall, item, day = place
    alice = person("alice")
    answer = post(client, body(hall, item, day), app_headers(alice, "openid appointments"))
    assert answer.status_code == 201, answer.json()
    made = Appointment.objects.get()
    assert made.account == alice and made.start == time(9)
    assert answer.json() == {
        "code": made.code, "state": "booked", "state_label": "已预约", "hall": hall.code, "hall_name": hall.name,
        "group": "综合受理", "item": item.implementation_code, "item_name": item.name, "case": "",
        "date": f"{day:%Y-%m-%d}", "start": "09:00", "end": "09:30", "changeable": True,
    }  # fmt: skip
    assert AuditEvent.objects.filter(action="appointments.book", channel="mobile").exists()


@pytest.mark.parametrize(
    ("changes", "status", "words"),
    [
        ({"date": "2026-13-01"}, 400, "YYYY-MM-DD"),
        ({"start": "9点"}, 400, "HH:MM"),
        ({"start": "25:00"}, 400, "HH:MM"),
        ({"start": "09:10"}, 400, "该时段不可预约"),
        ({"hall": "NO-SUCH"}, 404, "大厅"),
        ({"item": "nothing"}, 404, "事项"),
        ({"case": "GH20260101999999"}, 404, "办件"),
    ],
)
def test_bad_input_is_a_4xx_in_words(client, place, changes, status, words):
    hall, item, day = place
    answer = post(client, body(hall, item, day, **changes), app_headers(person("alice"), "openid appointments"))
    assert answer.status_code == status and words in answer.json()["detail"]
    assert not Appointment.objects.exists()


def test_the_booking_rules_answer_400_with_their_reason(client, place):
    hall, item, day = place
    booked(person("bob", number=1), hall, item, day=day, start=time(9))  # the slot's only place
    headers = app_headers(person("alice"), "openid appointments")
    full = post(client, body(hall, item, day), headers)
    assert full.status_code == 400 and "已约满" in full.json()["detail"]
    assert post(client, body(hall, item, day, start="09:30"), headers).status_code == 201
    twice = post(client, body(hall, item, day, start="10:00"), headers)
    assert twice.status_code == 400 and "当天已预约该事项" in twice.json()["detail"]
    other = published_item()
    not_bookable = post(client, body(hall, other, day), headers)
    assert not_bookable.status_code == 400 and "不支持预约" in not_bookable.json()["detail"]


def test_only_a_persons_token_with_the_scope(client, place):
    hall, item, day = place
    data, alice = body(hall, item, day), person("alice")
    assert post(client, data, {}).status_code == 401
    assert post(client, data, app_headers(alice, "openid cases")).status_code == 401
    clerk = staff("clara", Role.WINDOW_CLERK)
    refused = post(client, data, app_headers(clerk, "openid appointments"))
    assert refused.status_code == 403 and "本人" in refused.json()["detail"]
    assert post(client, {"hall": hall.code}, app_headers(alice, "openid appointments")).status_code == 422


def test_an_agent_whose_authorisation_has_expired_cannot_book_for_the_enterprises_case(client, place):
    hall, item, day = place
    owner, agent = person("owner", number=2), person("agent", number=3)
    org = organisation(owner)
    authorise(org, agent, days=-1, all_items=True)
    case = submitted_case(applicant=owner, item=item, organisation=org)
    refused = post(client, body(hall, item, day, case=case.number), app_headers(agent, "openid appointments"))
    assert refused.status_code == 404 and refused.json()["detail"] == "没有该办件，或您无权查看。"
    assert not Appointment.objects.exists()
