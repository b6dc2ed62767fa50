"""Enquiry figures for supervision (/supervision/enquiries/): counts by kind and department, 按时答复率 (answered within
the limit ÷ answered) and 满意率 (满意 ÷ rated answers), over the enquiries that arrived in a span of days, narrowed to
the supervisor's departments (None: all)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from govhall.enquiries.constants import OPEN_STATES, Kind, Satisfaction
from govhall.enquiries.models import Enquiry


@dataclass(frozen=True)
class Figures:
    label: str
    total: int
    consult: int
    complaint: int
    suggestion: int
    replied: int
    on_time: int
    rated: int
    satisfied: int
    overdue: int
    escalated: int

    @property
    def on_time_rate(self) -> int | None:
        return round(100 * self.on_time / self.replied) if self.replied else None

    @property
    def satisfaction_rate(self) -> int | None:
        return round(100 * self.satisfied / self.rated) if self.rated else None


def arrived(scope: list[int] | None, first: date, last: date) -> QuerySet[Enquiry]:
    found = Enquiry.objects.filter(created_at__date__range=(first, last))
    return found if scope is None else found.filter(department_id__in=scope)


def _measures() -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "total": Count("pk"),
        "consult": Count("pk", filter=Q(kind=Kind.CONSULT)),
        "complaint": Count("pk", filter=Q(kind=Kind.COMPLAINT)),
        "suggestion": Count("pk", filter=Q(kind=Kind.SUGGESTION)),
        "replied": Count("pk", filter=Q(replied_at__isnull=False)),
        "on_time": Count("pk", filter=Q(replied_on_time=True)),
        "rated": Count("pk", filter=~Q(satisfaction="")),
        "satisfied": Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)),
        "overdue": Count("pk", filter=Q(state__in=OPEN_STATES, due_on__lt=today) | Q(replied_on_time=False)),
        "escalated": Count("pk", filter=Q(escalated_at__isnull=False)),
    }


def total(enquiries: QuerySet[Enquiry], label: str = "") -> Figures:
    return Figures(label=label, **enquiries.aggregate(**_measures()))


def _row(label: str, row: dict[str, Any]) -> Figures:
    return Figures(label=label, **{name: int(row[name]) for name in _measures()})


def by_department(enquiries: QuerySet[Enquiry]) -> list[Figures]:
    rows = enquiries.values("department__name").annotate(**_measures()).order_by("department__name")
    return [_row(str(row["department__name"]), dict(row)) for row in rows]


def by_kind(enquiries: QuerySet[Enquiry]) -> list[Figures]:
    found = {str(row["kind"]): dict(row) for row in enquiries.values("kind").annotate(**_measures())}
    return [_row(str(kind.label), found[kind.value]) for kind in Kind if kind.value in found]
