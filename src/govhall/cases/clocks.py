"""Deadlines of a case, derived from its events (never typed in): counting starts the day after acceptance (行政许可法);
time in special procedures (听证、检验、检测、鉴定、专家评审) does not count, nor time waiting for the applicant to pay a
fee (通知缴费 until 缴费完成, constants.CLOCK_STOPS; a fee asked before acceptance is paid before the clock starts);
extensions add days. Working-day limits use
the Holiday calendar; natural-day limits count calendar days."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from govhall.cases.constants import CLOCK_STOPS, FINAL_STATES, Act
from govhall.cases.models import Case, CaseEvent
from govhall.catalog.constants import LimitUnit
from govhall.core.workdays import add_working_days, working_days_between

RESUMES = {resume: stop for stop, resume in CLOCK_STOPS.items()}


@dataclass(frozen=True)
class Clock:
    promised_deadline: date | None
    statutory_deadline: date | None
    stopped: bool
    used_days: int = 0  # days_used in the promised limit's unit (the case page, beside the days left)
    used_statutory_days: int = 0  # days_used in the statutory limit's unit (实际提速, stored as Case.days_used)


def _day(event: CaseEvent) -> date:
    return timezone.localdate(event.at)


def _deadline(start: date, limit: int | None, unit: str, paused: list[tuple[date, date]], extra: int) -> date | None:
    if limit is None:
        return None
    if unit == LimitUnit.NATURAL_DAY:
        stopped_days = sum((end - begin).days for begin, end in paused)
        return start + timedelta(days=limit + stopped_days + extra)
    stopped_days = sum(working_days_between(begin, end) for begin, end in paused)
    return add_working_days(start, limit + stopped_days + extra)


def clock_of(case: Case, events: list[CaseEvent], *, today: date | None = None) -> Clock:
    accepted = next((event for event in events if event.act == Act.ACCEPT), None)
    if accepted is None:
        return Clock(None, None, False)
    today = today or timezone.localdate()
    paused: list[tuple[date, date]] = []
    stopped_since: date | None = None
    extra_days = 0
    for event in events:
        if event.at < accepted.at:
            continue  # the clock starts at acceptance
        if event.act in CLOCK_STOPS and stopped_since is None:
            stopped_since = _day(event)
        elif event.act in RESUMES and stopped_since is not None:
            paused.append((stopped_since, _day(event)))
            stopped_since = None
        elif event.act == Act.EXTEND:
            extra_days += int(event.detail.get("days", 0))
    if stopped_since is not None:
        paused.append((stopped_since, today))  # still stopped: the deadline moves with each day of the stop
    start = _day(accepted)
    version = case.guide_version
    concluded = next((event for event in events if event.act == Act.CONCLUDE), None)
    end = _day(concluded) if concluded else today
    return Clock(
        promised_deadline=_deadline(start, version.promised_limit, version.promised_unit, paused, extra_days),
        statutory_deadline=_deadline(start, version.statutory_limit, version.statutory_unit, paused, extra_days),
        stopped=stopped_since is not None,
        used_days=days_used(start, end, version.promised_unit, paused),
        used_statutory_days=days_used(start, end, version.statutory_unit, paused),
    )


def days_used(start: date, end: date, unit: str, paused: list[tuple[date, date]]) -> int:
    """Days used (办理用时), the one definition: counted from the day after 受理 (`start`) up to and including the day
    of 办结 (`end`; today while the case is open), in `unit` — working days by the Holiday calendar or natural days —
    leaving out the days the clock was stopped (补正 after acceptance, special procedures: `paused`). The case page
    shows it in the promised limit's unit; supervision's 实际提速 sums it in the statutory limit's unit
    (Case.days_used, stored when the case is concluded)."""
    if unit == LimitUnit.NATURAL_DAY:
        return max((end - start).days - sum((stop - begin).days for begin, stop in paused), 0)
    counted = working_days_between(start, end) if end > start else 0
    return max(counted - sum(working_days_between(begin, stop) for begin, stop in paused), 0)


def days_left(deadline: date | None, today: date, unit: str) -> int | None:
    """Days left until `deadline` (negative when it has passed), in the limit's unit."""
    if deadline is None:
        return None
    if unit == LimitUnit.NATURAL_DAY:
        return (deadline - today).days
    if deadline >= today:
        return working_days_between(today, deadline)
    return -working_days_between(deadline, today)


def warning_days() -> int:
    """How many working days (or fewer) before the promised deadline a case counts as "due soon" (临期):
    settings.CASE_WARNING_DAYS. The workbench, the API, the deadline sweep and supervision all ask here."""
    return int(settings.CASE_WARNING_DAYS)


@dataclass(frozen=True)
class TimeLeft:
    """Classifies promised deadlines against today: overdue (before today), warning (at most warning_days() working
    days left, today included), ok, or none. One calendar lookup for any number of deadlines."""

    today: date
    warning_before: date  # the first day that leaves more than warning_days() working days

    @classmethod
    def on(cls, today: date) -> "TimeLeft":
        # working_days_between(today, d) <= days  <=>  d comes before the (days + 1)-th working day.
        return cls(today=today, warning_before=add_working_days(today, warning_days() + 1))

    def of(self, deadline: date | None) -> str:
        if deadline is None:
            return "none"
        if deadline < self.today:
            return "overdue"
        return "warning" if deadline < self.warning_before else "ok"


def time_left(case: Case, today: date) -> str:
    """The time left of one case: none (concluded, closed or not yet accepted), stopped (补正 or a special procedure),
    else overdue / warning / ok by TimeLeft."""
    if case.concluded_at or case.state in FINAL_STATES:
        return "none"
    if case.clock_stopped:
        return "stopped"
    return TimeLeft.on(today).of(case.promised_deadline)
