"""appointments.slot_cache: the slot query's kept answer is given again without a database statement, and is dropped
by what changes it — a booking (one fewer free place at once), a cancellation (the place back), a rescheduling (both
slots), a change to the group or the holiday calendar — including an answer made between a booking's bump and its
commit; another web process (its own memory of halls and groups) sees the same versions."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from govhall.accounts.tests.factories import person
from govhall.appointments import booking, slot_cache
from govhall.appointments.slots import DaySlots, Slot
from govhall.appointments.tests.factories import bookable_hall, bookable_item, local, next_weekday
from govhall.core.models import Holiday

pytestmark = pytest.mark.django_db


def free_places(client, hall, item, day: date) -> tuple[dict[str, int], int]:
    """The free places per slot start from the API, and how many database statements the query ran."""
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(
            f"/api/v1/halls/{hall.code}/slots", {"item": item.implementation_code, "date": f"{day:%Y-%m-%d}"}
        )
    assert answer.status_code == 200, answer.content
    return {slot["start"]: slot["free"] for slot in answer.json()["slots"]}, len(queries)


def test_a_kept_answer_is_given_without_a_database_statement(client):
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=2)
    day = next_weekday()
    first, statements = free_places(client, hall, item, day)
    assert statements > 0 and first["09:00"] == 2
    again, statements = free_places(client, hall, item, day)
    assert again == first and statements == 0
    by_id = client.get(f"/api/v1/halls/{hall.pk}/slots", {"item": item.implementation_code, "date": f"{day:%Y-%m-%d}"})
    assert {slot["start"]: slot["free"] for slot in by_id.json()["slots"]} == first


def test_a_booking_shows_one_fewer_place_at_once_and_a_cancellation_gives_it_back(
    client, django_capture_on_commit_callbacks
):
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=2)
    day = next_weekday()
    alice = person("alice")
    assert free_places(client, hall, item, day)[0]["09:00"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        appointment = booking.book(account=alice, hall=hall, item=item, day=day, start=time(9))
    after_booking, statements = free_places(client, hall, item, day)
    assert after_booking["09:00"] == 1 and after_booking["09:30"] == 2 and statements > 0
    assert free_places(client, hall, item, day) == (after_booking, 0)
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel(appointment=appointment, account=alice)
    assert free_places(client, hall, item, day)[0]["09:00"] == 2


def test_a_rescheduling_frees_the_old_slot_and_takes_the_new_one(client, django_capture_on_commit_callbacks):
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=2)
    day = next_weekday()
    later = next_weekday(day)
    alice = person("alice")
    appointment = booking.book(account=alice, hall=hall, item=item, day=day, start=time(9))
    assert free_places(client, hall, item, day)[0]["09:00"] == 1
    assert free_places(client, hall, item, later)[0]["10:00"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule(appointment=appointment, account=alice, hall=hall, day=later, start=time(10))
    assert free_places(client, hall, item, day)[0]["09:00"] == 2
    assert free_places(client, hall, item, later)[0]["10:00"] == 1


def test_an_answer_made_before_the_commit_is_not_given_after_it(client, django_capture_on_commit_callbacks):
    """A booking moves the day's version in its transaction and again after the commit: an answer another request
    made in between (from the database as it was before the commit) is dropped by the second move."""
    item = bookable_item()
    hall, group = bookable_hall(item)
    day = next_weekday()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        slot_cache.booked(group.pk, day)
        free_places(client, hall, item, day)  # made between the bump and the commit, and kept
        assert free_places(client, hall, item, day)[1] == 0
    assert len(after_commit) == 1
    after_commit[0]()
    assert free_places(client, hall, item, day)[1] > 0


def test_changes_to_the_group_and_the_calendar_show_at_once(client):
    item = bookable_item()
    hall, group = bookable_hall(item, capacity=2)
    day = next_weekday()
    assert free_places(client, hall, item, day)[0]["09:00"] == 2
    group.slot_capacity = 4
    group.save(update_fields=["slot_capacity"])
    assert free_places(client, hall, item, day)[0]["09:00"] == 4
    Holiday.objects.update_or_create(date=day, defaults={"is_working_day": False, "name": "测试假日"})
    answer = client.get(
        f"/api/v1/halls/{hall.code}/slots", {"item": item.implementation_code, "date": f"{day:%Y-%m-%d}"}
    )
    assert answer.json()["slots"] == [] and "法定节假日休息" in answer.json()["reason"]


def test_another_web_process_reads_the_same_versions(client, django_capture_on_commit_callbacks):
    """A process's memory of halls and groups is checked against the shared set-up version; the answers and booking
    versions are in the shared cache: a booking made through one process shows in another at once."""
    item = bookable_item()
    hall, _group = bookable_hall(item, capacity=2)
    day = next_weekday()
    assert free_places(client, hall, item, day)[0]["09:00"] == 2
    slot_cache.forget_resolved()  # as a second process: nothing remembered
    assert free_places(client, hall, item, day)[0]["09:00"] == 2
    with django_capture_on_commit_callbacks(execute=True):
        booking.book(account=person("alice"), hall=hall, item=item, day=day, start=time(9))
    slot_cache.forget_resolved()
    assert free_places(client, hall, item, day)[0]["09:00"] == 1


def test_refusals_are_not_kept_and_keeping_can_be_turned_off(client, settings):
    item = bookable_item()
    hall, _group = bookable_hall(item)
    day = next_weekday()
    missing = client.get("/api/v1/halls/NOPE/slots", {"item": item.implementation_code, "date": f"{day:%Y-%m-%d}"})
    assert missing.status_code == 404 and "没有编码" in missing.json()["detail"]
    settings.APPOINTMENT_SLOTS_CACHE_SECONDS = 0
    free_places(client, hall, item, day)
    assert free_places(client, hall, item, day)[1] > 0


def test_an_answer_for_today_holds_until_its_first_slot_starts_and_never_past_midnight():
    today = timezone.localdate()
    now = local(today, time(8, 0))
    slots = (Slot(time(9), time(9, 30), 2, 0), Slot(time(9, 30), time(10), 2, 0))
    until = datetime.fromtimestamp(slot_cache.valid_until(today, DaySlots(today, slots), now), tz=UTC)
    assert until == local(today, time(9))
    later = today + timedelta(days=3)
    until = datetime.fromtimestamp(slot_cache.valid_until(later, DaySlots(later, slots), now), tz=UTC)
    assert until == local(today + timedelta(days=1), time(0))
