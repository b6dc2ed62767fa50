"""The working-day calendar (工作日).

Weekends and statutory holidays are not working days; official make-up days (调休, a weekend declared a working day) are.
The exceptions to the weekday rule live in the Holiday table (seeded from chinesecalendar, editable in admin). A year
with no rows in the table falls back to the weekday rule; `years_missing()` tells the admin which years need entering.
"""

from datetime import date, timedelta

from django.db.models.functions import ExtractYear

from govhall.core.models import Holiday


def _exceptions(first: date, last: date) -> dict[date, bool]:
    rows = Holiday.objects.filter(date__gte=first, date__lte=last).values_list("date", "is_working_day")
    return dict(rows)


def _plain_rule(day: date) -> bool:
    return day.weekday() < 5


def is_working_day(d: date) -> bool:
    """True if `d` is a working day: a weekday that is not a holiday, or a make-up working day."""
    exception = _exceptions(d, d).get(d)
    return _plain_rule(d) if exception is None else exception


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days after `start`. Counting starts the day after `start` (行政许可法: 期限从次日起算);
    `days` = 0 gives `start` itself."""
    if days < 0:
        raise ValueError("days must not be negative")
    if days == 0:
        return start
    # Fetch the exceptions for a window that surely holds the answer, widening it in the rare case it does not.
    window = days * 2 + 30
    first = start + timedelta(days=1)
    while True:
        last = first + timedelta(days=window)
        exceptions = _exceptions(first, last)
        remaining = days
        day = start
        while day < last:
            day += timedelta(days=1)
            exception = exceptions.get(day)
            if _plain_rule(day) if exception is None else exception:
                remaining -= 1
                if remaining == 0:
                    return day
        window *= 2


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    exceptions = _exceptions(start + timedelta(days=1), end)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        exception = exceptions.get(day)
        if _plain_rule(day) if exception is None else exception:
            count += 1
    return count


def years_with_data() -> set[int]:
    years = Holiday.objects.annotate(year=ExtractYear("date")).values_list("year", flat=True).distinct()
    return set(years)


def years_missing(today: date) -> list[int]:
    """This year and next, where the table holds no holiday data (the calendar then counts weekends only)."""
    known = years_with_data()
    return [year for year in (today.year, today.year + 1) if year not in known]
