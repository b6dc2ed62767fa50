"""Appointment slots (预约时段): which window group of a hall serves an item, the days that may be booked, and a day's
slots with their free places. A slot is `slot_minutes` of a window group inside one of the hall's opening sessions
(organisations.hours); it holds `slot_capacity` people; `free` = capacity − the bookings not cancelled (a checked-in or
missed appointment kept its place). One home for all of it: the API, the pages and booking use these functions."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.appointments.constants import AppointmentState
from govhall.appointments.models import Appointment
from govhall.catalog.models import Item
from govhall.organisations.hours import hours_on
from govhall.organisations.models import Hall, WindowGroup


@dataclass(frozen=True)
class Slot:
    start: time
    end: time
    capacity: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.capacity - self.taken, 0)


@dataclass(frozen=True)
class DaySlots:
    day: date
    slots: tuple[Slot, ...]
    reason: str = ""  # why there are none, in words for people
    note: str = ""  # e.g. 周末不打烊


def group_for(hall: Hall, item: Item) -> WindowGroup | None:
    """The bookable window group of the hall that serves the item (the first in the hall's order), or None."""
    return hall.window_groups.filter(bookable=True, items=item).order_by("order", "code").first()


def bookable_item(item: Item) -> bool:
    """可预约: the item's published guide says it may be booked."""
    version = item.current_version
    return bool(version is not None and version.appointment)


def halls_for(item: Item) -> list[Hall]:
    """The open halls with a bookable window group serving the item, by level and name."""
    return list(
        Hall.objects.filter(is_open=True, window_groups__bookable=True, window_groups__items=item)
        .distinct()
        .order_by("level", "name")
    )


def booking_days(today: date | None = None) -> tuple[date, date]:
    """The first and last day that may be booked (settings APPOINTMENT_FIRST_DAY … APPOINTMENT_LAST_DAY ahead)."""
    today = today or timezone.localdate()
    return today + timedelta(days=settings.APPOINTMENT_FIRST_DAY), today + timedelta(days=settings.APPOINTMENT_LAST_DAY)


def slot_times(group: WindowGroup, sessions: tuple[tuple[time, time], ...]) -> list[tuple[time, time]]:
    """The slots of `group.slot_minutes` that fit whole inside each session."""
    length = timedelta(minutes=group.slot_minutes)
    times: list[tuple[time, time]] = []
    anchor = date(2000, 1, 1)
    for start, end in sessions:
        at, close = datetime.combine(anchor, start), datetime.combine(anchor, end)
        while at + length <= close:
            times.append((at.time(), (at + length).time()))
            at += length
    return times


def taken_places(group: WindowGroup, day: date) -> dict[time, int]:
    """Places taken per slot start: every appointment of the group that day that is not cancelled."""
    rows = (
        Appointment.objects.filter(group=group, day=day)
        .exclude(state=AppointmentState.CANCELLED)
        .values("start")
        .annotate(taken=Count("pk"))
    )
    return {row["start"]: row["taken"] for row in rows}


def starts_at(day: date, start: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, start))


def slots_on(hall: Hall, group: WindowGroup, day: date, *, now: datetime | None = None) -> DaySlots:
    """The group's slots on `day` with their free places; none (with the reason) outside the booking window or on a
    day the hall is closed. Slots that have started are left out."""
    now = now or timezone.now()
    first, last = booking_days(timezone.localdate(now))
    if not first <= day <= last:
        reason = _("可预约 %(first)s 至 %(last)s 的时段") % {"first": f"{first:%Y-%m-%d}", "last": f"{last:%Y-%m-%d}"}
        return DaySlots(day, (), reason)
    hours = hours_on(hall, day)
    if not hours.is_open:
        return DaySlots(day, (), hours.closed_reason, hours.note)
    taken = taken_places(group, day)
    slots = tuple(
        Slot(start, end, group.slot_capacity, taken.get(start, 0))
        for start, end in slot_times(group, tuple((session.start, session.end) for session in hours.sessions))
        if starts_at(day, start) > now
    )
    return DaySlots(day, slots, "" if slots else _("当日已无可预约时段"), hours.note)


def find_slot(hall: Hall, group: WindowGroup, day: date, start: time, *, now: datetime | None = None) -> Slot | None:
    """The slot of the group starting at `start` on `day`, if it is one that may be booked now."""
    return next((slot for slot in slots_on(hall, group, day, now=now).slots if slot.start == start), None)
