"""The working-day calendar as ordinals (CalendarDay), from the Holiday table, for counting days used in SQL."""

from datetime import date, timedelta

from django.db.models import Count, Min, Sum
from django.utils import timezone

from govhall.core.models import Holiday
from govhall.supervision.models import CalendarDay

CALENDAR_FIRST = date(2004, 1, 1)  # chinesecalendar's first year; the Holiday table starts there


def rebuild_calendar(today: date | None = None) -> int:
    """CalendarDay from CALENDAR_FIRST to two years after today, from the Holiday table (written again only when it
    changed). Returns the number of days."""
    today = today or timezone.localdate()
    last = date(today.year + 2, 12, 31)
    exceptions = dict(Holiday.objects.values_list("date", "is_working_day"))
    rows = []
    working = 0
    day = CALENDAR_FIRST
    while day <= last:
        exception = exceptions.get(day)
        if (day.weekday() < 5) if exception is None else exception:
            working += 1
        rows.append(CalendarDay(day=day, working=working, natural=(day - CALENDAR_FIRST).days))
        day += timedelta(days=1)
    stored = CalendarDay.objects.aggregate(n=Count("pk"), total=Sum("working"), first=Min("day"))
    unchanged = (
        stored["n"] == len(rows)
        and stored["first"] == CALENDAR_FIRST
        and stored["total"] == sum(row.working for row in rows)
    )
    if not unchanged:
        CalendarDay.objects.all().delete()
        CalendarDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def ensure_calendar() -> None:
    """Build the calendar if it was never built (the refresh keeps it in step with Holiday edits)."""
    if not CalendarDay.objects.exists():
        rebuild_calendar()
