"""Factories for appointments: a hall open on weekdays with a window group serving a bookable item, and a booked
appointment in it. Times are local (Asia/Shanghai); tests pass `now` to the services instead of moving the clock."""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from govhall.accounts.models import User
from govhall.appointments import booking
from govhall.appointments.models import Appointment
from govhall.catalog.models import Item
from govhall.catalog.tests.factories import HallFactory, published_item
from govhall.core.workdays import is_working_day
from govhall.organisations.models import Hall, HallSession, WindowGroup

MORNING = (time(9), time(12))
AFTERNOON = (time(13, 30), time(17, 30))


def open_weekdays(hall: Hall, *, weekdays: range | list[int] = range(5)) -> Hall:
    HallSession.objects.bulk_create(
        HallSession(hall=hall, weekday=weekday, start=start, end=end)
        for weekday in weekdays
        for start, end in (MORNING, AFTERNOON)
    )
    return hall


def bookable_item(**overrides: Any) -> Item:
    return published_item(appointment=True, **overrides)


def bookable_hall(item: Item, *, capacity: int = 2, minutes: int = 30, **hall: Any) -> tuple[Hall, WindowGroup]:
    place = open_weekdays(HallFactory(**hall))
    place.items.add(item)
    group = WindowGroup.objects.create(
        hall=place, code="A", name="综合受理", slot_capacity=capacity, slot_minutes=minutes
    )
    group.items.add(item)
    return place, group


def next_weekday(today: date | None = None, *, ahead: int = 1) -> date:
    """The first working Monday–Friday at least `ahead` days after today (the seeded calendar's holidays skipped)."""
    day = (today or timezone.localdate()) + timedelta(days=ahead)
    while day.weekday() >= 5 or not is_working_day(day):
        day += timedelta(days=1)
    return day


def local(day: date, at: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, at))


def booked(account: User, hall: Hall, item: Item, *, day: date | None = None, start: time = time(9)) -> Appointment:
    return booking.book(account=account, hall=hall, item=item, day=day or next_weekday(), start=start)
