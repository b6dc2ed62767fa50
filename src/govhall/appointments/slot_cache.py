"""The slot query's answers kept in the shared cache (docs/appointments.md "Fast slot queries"): a hall's free slots for
an item on a day are asked far more often than they change, so the answer is kept as bytes and given again while
nothing it was made from has changed. Booking never reads it: booking locks the group's day and counts again
(appointments.booking), so a stale answer can at worst show a place that booking then refuses — never an overbooking.

An answer is kept under its window group and day with the versions it was made at, and is given again only while
- the set-up version (SETUP_KEY) is unchanged: it moves on every save or delete of a hall, its opening sessions, a
  window group or the items it serves, an item or its guide version, or a holiday (receivers in appointments.apps);
- the group's day booking version is unchanged: it moves on every booking, cancellation and rescheduling of that
  group and day (`booked`, called by appointments.booking), once in the transaction and once more after its commit,
  so an answer made from the database between the two is not kept past the commit;
- its time holds: until the next local midnight (the booking window moves), on today until the first slot left
  starts (started slots are left out), and at most APPOINTMENT_SLOTS_CACHE_SECONDS (a safety net for writes that
  send no signal, such as QuerySet.update or a restore).
Versions live in the shared cache (Redis in deployment), so every web process sees a change at once; a version that
is missing (evicted, or a fresh cache) starts again from the clock in nanoseconds, never from a number an old answer
may still carry. Which hall and group a (hall, item) pair names is remembered in the process, under the set-up version
it was read at: a hit costs one round trip to the cache (get_many) and no database statement."""

import time as clock
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from govhall.appointments.slots import DaySlots, slots_on, starts_at
from govhall.organisations.models import Hall, WindowGroup

SETUP_KEY = "appointments:slots:setup"
KEEP_VERSIONS = 40 * 86400  # a day's booking version outlives the booking window
MOST_REMEMBERED = 10_000  # (hall, item) pairs remembered per process before the memory starts again


@dataclass(frozen=True)
class Resolved:
    """The hall (its sessions prefetched) and the window group a slot query names, read at set-up version `setup`."""

    hall: Hall
    group: WindowGroup
    setup: int
    until: float  # monotonic time after which it is read again


_resolved: dict[tuple[str, str], Resolved] = {}


def seconds() -> int:
    return int(settings.APPOINTMENT_SLOTS_CACHE_SECONDS)


def booking_key(group_id: int, day: date) -> str:
    return f"appointments:slots:booked:{group_id}:{day:%Y%m%d}"


def answer_key(group_id: int, day: date) -> str:
    return f"appointments:slots:answer:{group_id}:{day:%Y%m%d}"


def _current(key: str, timeout: int | None) -> int:
    """The version under `key`, started from the clock when missing."""
    found = cache.get(key)
    if found is None:
        started = clock.time_ns()
        found = started if cache.add(key, started, timeout) else cache.get(key, started)
    return int(found)


def _bump(key: str, timeout: int | None) -> None:
    try:
        cache.incr(key)
    except ValueError:  # missing: any new start differs from the versions old answers carry
        cache.add(key, clock.time_ns(), timeout)


def _bump_now_and_after_commit(key: str, timeout: int | None) -> None:
    _bump(key, timeout)
    transaction.on_commit(lambda: _bump(key, timeout))


def setup_changed(**_kwargs: Any) -> None:
    """A hall, session, window group, item, guide version or holiday was saved or deleted (a signal receiver)."""
    _bump_now_and_after_commit(SETUP_KEY, None)


def booked(group_id: int, day: date) -> None:
    """The places taken in the group's day changed (a booking, a cancellation): answers made before are dropped."""
    _bump_now_and_after_commit(booking_key(group_id, day), KEEP_VERSIONS)


def _normalised(hall_ref: str, item_code: str) -> tuple[str, str]:
    return hall_ref.strip()[:20].upper(), item_code.strip()[:80]


def valid_until(day: date, answer: DaySlots, now: datetime) -> float:
    """The wall-clock time (epoch seconds) at which the answer may differ without anything being written: midnight,
    and on today the start of its first slot left."""
    local = timezone.localtime(now)
    ends = [timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time(0)))]
    if day == local.date() and answer.slots:
        ends.append(starts_at(day, answer.slots[0].start))
    return min(ends).timestamp()


def _hit(pair: tuple[str, str], day: date) -> bytes | None:
    known = _resolved.get(pair)
    if known is None or clock.monotonic() >= known.until:
        return None
    keys = [SETUP_KEY, booking_key(known.group.pk, day), answer_key(known.group.pk, day)]
    found = cache.get_many(keys)
    kept = found.get(keys[2])
    if kept is None or found.get(SETUP_KEY) != known.setup:
        return None
    setup, bookings, until, body = kept
    if setup != known.setup or bookings != found.get(keys[1]) or clock.time() >= until:
        return None
    return bytes(body)


def day_answer(
    hall_ref: str,
    item_code: str,
    day: date,
    *,
    resolve: Callable[[], tuple[Hall, WindowGroup]],
    render: Callable[[Hall, WindowGroup, DaySlots], bytes],
) -> bytes:
    """The slot query's answer for (hall, item, day) as bytes: kept, or made by `render` from slots_on. `resolve`
    reads the hall (with its sessions) and the group from the database, raising the caller's refusal (4xx) when the
    query names none; refusals are not kept."""
    if not seconds():
        hall, group = resolve()
        return render(hall, group, slots_on(hall, group, day))
    pair = _normalised(hall_ref, item_code)
    body = _hit(pair, day)
    if body is not None:
        return body
    setup = _current(SETUP_KEY, None)  # read before the database: a change after it moves it on
    known = _resolved.get(pair)
    if known is None or known.setup != setup or clock.monotonic() >= known.until:
        hall, group = resolve()
        if len(_resolved) >= MOST_REMEMBERED:
            _resolved.clear()
        known = Resolved(hall, group, setup, clock.monotonic() + seconds())
        _resolved[pair] = known
    bookings = _current(booking_key(known.group.pk, day), KEEP_VERSIONS)
    now = timezone.now()
    answer = slots_on(known.hall, known.group, day, now=now)
    body = render(known.hall, known.group, answer)
    until = min(valid_until(day, answer, now), clock.time() + seconds())
    cache.set(answer_key(known.group.pk, day), (setup, bookings, until, body), seconds())
    return body


def forget_resolved() -> None:
    """Empty this process's memory of (hall, item) pairs (tests; the versions make it unnecessary otherwise)."""
    _resolved.clear()
