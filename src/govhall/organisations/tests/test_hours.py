"""organisations.hours: a hall's sessions on a date follow the working-day calendar — weekdays, 调休 Saturdays open as a
weekday, holidays closed unless the hall opens on holidays, weekends by the hall's own weekend sessions (周末不打烊)."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from govhall.appointments.tests.factories import open_weekdays
from govhall.catalog.tests.factories import HallFactory
from govhall.core.models import Holiday
from govhall.organisations.hours import hours_on, is_open_at, opens_on_rest_days, sessions_on
from govhall.organisations.models import HallSession

pytestmark = pytest.mark.django_db

MONDAY, SATURDAY, SUNDAY = date(2026, 12, 7), date(2026, 12, 12), date(2026, 12, 13)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def test_a_weekday_has_the_weekday_sessions_and_a_plain_weekend_none():
    hall = open_weekdays(HallFactory())
    assert [(s.start, s.end) for s in sessions_on(hall, MONDAY)] == [(time(9), time(12)), (time(13, 30), time(17, 30))]
    assert sessions_on(hall, SATURDAY) == []
    assert hours_on(hall, SATURDAY).closed_reason == "周末休息"
    assert is_open_at(hall, at(MONDAY, 10)) and not is_open_at(hall, at(MONDAY, 12, 30))
    assert not is_open_at(hall, at(MONDAY, 17, 30)) and not opens_on_rest_days(hall)


def test_a_make_up_saturday_opens_as_a_weekday():
    hall = open_weekdays(HallFactory())
    Holiday.objects.create(date=SATURDAY, is_working_day=True, name="元旦调休上班")
    hours = hours_on(hall, SATURDAY)
    assert len(hours.sessions) == 2 and "调休" in hours.note
    assert is_open_at(hall, at(SATURDAY, 9, 30))


def test_a_holiday_is_closed_unless_the_hall_opens_on_holidays():
    hall = open_weekdays(HallFactory())
    Holiday.objects.create(date=MONDAY, is_working_day=False, name="元旦")
    assert sessions_on(hall, MONDAY) == [] and "法定节假日休息" in hours_on(hall, MONDAY).closed_reason
    open_every_day = open_weekdays(HallFactory(open_on_holidays=True), weekdays=range(7))
    assert len(sessions_on(open_every_day, MONDAY)) == 2  # Saturday's sessions
    assert hours_on(open_every_day, MONDAY).note == "节假日不打烊"


def test_weekend_sessions_open_the_hall_on_rest_days():
    hall = open_weekdays(HallFactory())
    HallSession.objects.create(hall=hall, weekday=6, start=time(9), end=time(12))
    assert sessions_on(hall, SATURDAY) == [] and len(sessions_on(hall, SUNDAY)) == 1
    assert hours_on(hall, SUNDAY).note == "周末不打烊" and opens_on_rest_days(hall)


def test_a_hall_not_open_is_closed_every_day():
    hall = open_weekdays(HallFactory(is_open=False))
    assert sessions_on(hall, MONDAY) == [] and hours_on(hall, MONDAY).closed_reason == "大厅暂停开放"
