"""A hall's opening hours on a date: the one home of the rule, used by appointment slots and the service map.

The weekly schedule is data (HallSession rows: weekday, start, end). Which rows hold on a date follows the working-day
calendar (govhall.core.workdays, the Holiday table):

- a working day from Monday to Friday: that weekday's sessions;
- a make-up working day (调休, a weekend declared a working day): open as a weekday, with Monday's sessions;
- a statutory holiday: closed, unless the hall is open on holidays (节假日不打烊), then Saturday's sessions;
- a plain weekend day: that day's own sessions (Saturday or Sunday rows: 周末不打烊), closed when it has none.

A hall marked not open (Hall.is_open False) is closed every day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.core.models import Holiday
from govhall.organisations.models import Hall, HallSession

MAKE_UP_DAY_AS = HallSession.Weekday.MONDAY
HOLIDAY_AS = HallSession.Weekday.SATURDAY


@dataclass(frozen=True)
class Session:
    start: time
    end: time


@dataclass(frozen=True)
class DayHours:
    """A hall's hours on one date: its sessions (empty when closed) and, when closed, why, in words for people."""

    day: date
    sessions: tuple[Session, ...]
    closed_reason: str = ""
    note: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.sessions)


def _weekly(hall: Hall) -> dict[int, list[Session]]:
    """The hall's sessions by weekday; uses a prefetched `sessions` when the caller prefetched it."""
    weekly: dict[int, list[Session]] = {}
    for row in sorted(hall.sessions.all(), key=lambda row: (row.weekday, row.start)):
        weekly.setdefault(row.weekday, []).append(Session(row.start, row.end))
    return weekly


def holidays_between(first: date, last: date) -> dict[date, Holiday]:
    """The calendar's exceptions in a range, for a caller asking about many halls or days at once."""
    return {row.date: row for row in Holiday.objects.filter(date__gte=first, date__lte=last)}


def hours_on(hall: Hall, day: date, *, holidays: dict[date, Holiday] | None = None) -> DayHours:
    """The hall's hours on `day`. `holidays` (holidays_between) saves the calendar look-up when the caller has it."""
    if not hall.is_open:
        return DayHours(day, (), _("大厅暂停开放"))
    row = (holidays if holidays is not None else holidays_between(day, day)).get(day)
    weekly = _weekly(hall)
    weekend = day.weekday() >= 5
    if row is not None and row.is_working_day:
        sessions = weekly.get(MAKE_UP_DAY_AS, []) if weekend else weekly.get(day.weekday(), [])
        note = _("%(name)s，按工作日开放") % {"name": row.name} if weekend else ""
        return DayHours(day, tuple(sessions), "" if sessions else _("当日不开放"), note)
    if row is not None:  # a statutory holiday
        if not hall.open_on_holidays:
            return DayHours(day, (), _("%(name)s，法定节假日休息") % {"name": row.name})
        sessions = weekly.get(HOLIDAY_AS, [])
        return DayHours(day, tuple(sessions), "" if sessions else _("节假日休息"), _("节假日不打烊"))
    sessions = weekly.get(day.weekday(), [])
    if weekend:
        return DayHours(day, tuple(sessions), "" if sessions else _("周末休息"), _("周末不打烊") if sessions else "")
    return DayHours(day, tuple(sessions), "" if sessions else _("当日不开放"))


def sessions_on(hall: Hall, day: date) -> list[Session]:
    """The sessions the hall is open on `day`, in order (empty when it is closed)."""
    return list(hours_on(hall, day).sessions)


def is_open_at(hall: Hall, moment: datetime) -> bool:
    """Is the hall open at this moment (an aware datetime, read in the local time zone)?"""
    local = timezone.localtime(moment)
    return any(session.start <= local.time() < session.end for session in sessions_on(hall, local.date()))


def opens_on_rest_days(hall: Hall) -> bool:
    """周末不打烊: the hall has weekend sessions or opens on holidays (said on its page and the service map)."""
    return hall.open_on_holidays or any(weekday >= 5 for weekday in _weekly(hall))
