"""The queue's figures (docs/queue.md "Figures"), the one home of their definitions:

- 等候时长 (wait) = 取号 → 叫号 (`called_at − taken_at`) of a called ticket; a transferred ticket keeps its first
  taking time, so the wait counts from the first ticket;
- 办理时长 (service) = 开始办理 → 办结 (`finished_at − started_at`) of a finished ticket;
- 超时等候 = a called ticket whose wait exceeded settings.QUEUE_OVERDUE_WAIT_MINUTES;
- 平均等候时长 = mean wait of the called tickets; 超时等候率 = 超时等候 ÷ called tickets.

`queue_figures(tickets, by)` groups any ticket query by hall, window group, item or hour of taking; supervision
shows it, busyness (selectors) reads the same WAIT."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import ExtractHour
from django.utils.translation import gettext_lazy as _

from govhall.queueing.constants import TicketState
from govhall.queueing.models import Ticket

WAIT = ExpressionWrapper(F("called_at") - F("taken_at"), output_field=DurationField())
SERVICE = ExpressionWrapper(F("finished_at") - F("started_at"), output_field=DurationField())
# A transferred ticket is counted once: on the ticket it became (the first one ends TRANSFERRED, uncalled or not).
COUNTED = ~Q(state=TicketState.TRANSFERRED)

SPLITS = {
    "hall": (_("大厅"), "hall_id", "hall__name"),
    "group": (_("窗口分组"), "group_id", "group__name"),
    "item": (_("事项"), "item_id", "item__name"),
    "hour": (_("取号时段"), "hour", "hour"),
}


def overdue_wait() -> Q:
    """A called ticket that waited longer than the 超时 limit."""
    limit = timedelta(minutes=settings.QUEUE_OVERDUE_WAIT_MINUTES)
    return Q(called_at__isnull=False, called_at__gt=F("taken_at") + limit)


@dataclass(frozen=True)
class QueueRow:
    key: Any
    label: str
    taken: int
    called: int
    skipped: int
    overdue: int
    average_wait: float | None  # minutes
    average_service: float | None  # minutes

    @property
    def overdue_rate(self) -> float | None:
        return self.overdue / self.called if self.called else None


def _minutes(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 60, 1)


def _measures() -> dict[str, Any]:
    return {
        "taken": Count("pk"),
        "called": Count("pk", filter=Q(called_at__isnull=False)),
        "skipped": Count("pk", filter=Q(state=TicketState.SKIPPED)),
        "overdue": Count("pk", filter=overdue_wait()),
        "wait": Avg(WAIT, filter=Q(called_at__isnull=False)),
        "service": Avg(SERVICE, filter=Q(state=TicketState.DONE, started_at__isnull=False)),
    }


def _row(key: Any, label: str, row: dict[str, Any]) -> QueueRow:
    return QueueRow(
        key,
        label,
        row["taken"],
        row["called"],
        row["skipped"],
        row["overdue"],
        _minutes(row["wait"]),
        _minutes(row["service"]),
    )


def queue_figures(tickets: QuerySet[Ticket], by: str) -> list[QueueRow]:
    """The figures of `tickets` split by `by` (a SPLITS key): by hour in hour order, else most tickets first."""
    _label, key, name = SPLITS[by]
    rows = tickets.filter(COUNTED)
    if by == "hour":
        rows = rows.annotate(hour=ExtractHour("taken_at"))
    grouped = rows.values(key, name).annotate(**_measures()).order_by(key if by == "hour" else "-taken", key)
    return [
        _row(row[key], f"{row[name]:02d}:00" if by == "hour" else str(row[name] or _("未选事项")), row)
        for row in grouped
    ]


def queue_total(tickets: QuerySet[Ticket]) -> QueueRow:
    """The same figures over all of `tickets`."""
    return _row(None, str(_("合计")), tickets.filter(COUNTED).aggregate(**_measures()))
