"""The booking chooser's steps, from the query string (plain GET forms, no script): hall → date → slot. The page shows
whatever the choices so far allow; a choice that does not fit (a hall not offering the item, a day out of range) is
dropped with the reason."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from govhall.appointments import selectors
from govhall.appointments.slots import DaySlots, booking_days, group_for, halls_for, slots_on
from govhall.catalog.models import Item
from govhall.organisations.hours import holidays_between, hours_on
from govhall.organisations.models import Hall, WindowGroup


@dataclass(frozen=True)
class DayChoice:
    day: date
    open: bool
    label: str  # 周一, or why it is closed


@dataclass
class Choice:
    item: Item
    halls: list[Hall]
    hall: Hall | None = None
    group: WindowGroup | None = None
    days: list[DayChoice] = field(default_factory=list)
    day: date | None = None
    slots: DaySlots | None = None
    problem: str = ""


WEEKDAY_NAMES = tuple(gettext_lazy(name) for name in ("周一", "周二", "周三", "周四", "周五", "周六", "周日"))


def parse_day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def choose(item: Item, query: QueryDict) -> Choice:
    choice = Choice(item=item, halls=halls_for(item))
    reference = query.get("hall", "")
    hall = selectors.hall_by_reference(reference) if reference else None
    if hall is None and len(choice.halls) == 1:
        hall = choice.halls[0]
    if reference and hall is None:
        choice.problem = _("没有该大厅，请重新选择。")
    if hall is None:
        return choice
    group = group_for(hall, item)
    if group is None:
        choice.problem = _("该大厅暂不受理此事项的预约，请选择其他大厅。")
        return choice
    choice.hall, choice.group = hall, group
    first, last = booking_days()
    holidays = holidays_between(first, last)
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        hours = hours_on(hall, day, holidays=holidays)
        label = (hours.note or str(WEEKDAY_NAMES[day.weekday()])) if hours.is_open else hours.closed_reason
        choice.days.append(DayChoice(day, hours.is_open, label))
    chosen = parse_day(query.get("date", "")[:10])
    if chosen is not None:
        choice.day = chosen
        choice.slots = slots_on(hall, group, chosen)
    return choice
