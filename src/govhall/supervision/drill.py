"""The cases (or items) behind a figure: its numerator or its denominator under the same filters, so that every number
on the dashboard can be opened and checked case by case."""

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from govhall.cases.models import Case
from govhall.catalog.constants import OnlineLevel
from govhall.catalog.models import Item
from govhall.supervision import figures
from govhall.supervision.figures import CATALOG, RATINGS, Figure, Filters

NUMERATOR, DENOMINATOR = "numerator", "denominator"

CONCLUDED_NUMERATORS: dict[str, Q] = {
    "concluded": Q(),
    "on_time": figures.ON_TIME,
    "late": figures.LATE,
    "one_visit": Q(visit_n__lte=1),
    "zero_visit": Q(visit_n=0),
    "visits": Q(visit_n__gt=0),
    "rated": figures.RATED,
    "used_days": figures.TIMED,
    "statutory_days": figures.TIMED,
}
# Cases by the month of 申报: all of them, or those with required (or exempted) materials.
SUBMITTED_NUMERATORS: dict[str, Q] = {
    "submitted": Q(),
    "materials_required": Q(required_n__gt=0),
    "materials_exempted": Q(exempted_n__gt=0),
}
RATING_NUMERATORS: dict[str, Q] = {
    "ratings": Q(),
    "good": Q(score__gte=4),
    "bad": Q(score__lte=2),
    "rectified": Q(score__lte=2, rectification__replied_at__isnull=False),
    "called_back": Q(score__lte=2, rectification__called_back_at__isnull=False),
}
CATALOG_NUMERATORS: dict[str, Q] = {
    "items": Q(),
    "online": Q(online_level__gte=OnlineLevel.II),
    "full_online": Q(online_level=OnlineLevel.IV),
    "immediate": Q(is_immediate=True),
    "one_declared": Q(visits__lte=1),
    "zero_declared": Q(visits=0),
    "visits_declared": Q(visits__gt=0),
    "saved_days": figures.COMPRESSIBLE,
    "statutory_sum": figures.COMPRESSIBLE,
}


def counter_of(figure: Figure, part: str) -> str:
    return figure.numerator if part == NUMERATOR or not figure.denominator else figure.denominator


def drill_items(figure: Figure, part: str, filters: Filters) -> QuerySet[Item]:
    counter = counter_of(figure, part)
    items = figures._catalog_scoped(figures.catalog_items(), filters)
    return (
        items.filter(CATALOG_NUMERATORS[counter])
        .distinct()
        .select_related("department")
        .order_by("department__order", "name")
    )


def drill_cases(figure: Figure, part: str, filters: Filters, today: date) -> QuerySet[Case]:
    counter = counter_of(figure, part)
    cases = figures._scoped(Case.objects.all(), filters)
    if figure.source == RATINGS:
        ratings = figures._in_months(figures._scoped(figures.counted_ratings(), filters), "created_at", filters)
        chosen: QuerySet[Any] = ratings.filter(RATING_NUMERATORS[counter]).values("case_id")
        found = Case.objects.filter(pk__in=chosen)
    elif counter in SUBMITTED_NUMERATORS:
        submitted = figures._in_months(cases.filter(submitted_at__isnull=False), "submitted_at", filters)
        chosen_cases = figures.with_material_facts(submitted).filter(SUBMITTED_NUMERATORS[counter])
        found = Case.objects.filter(pk__in=chosen_cases.values("pk"))
    elif figure.key == "overdue_count":
        concluded = figures.with_case_facts(
            figures._in_months(cases.filter(concluded_at__isnull=False), "concluded_at", filters)
        ).filter(figures.LATE)
        open_rows = figures.open_overdue(cases, today)
        if filters.month_from:
            open_rows = open_rows.filter(promised_deadline__gte=filters.month_from)
        if filters.month_to:
            open_rows = open_rows.filter(promised_deadline__lt=figures.next_month(filters.month_to))
        found = Case.objects.filter(Q(pk__in=concluded.values("pk")) | Q(pk__in=open_rows.values("pk")))
    else:
        concluded = figures.with_case_facts(
            figures._in_months(cases.filter(concluded_at__isnull=False), "concluded_at", filters)
        )
        found = Case.objects.filter(pk__in=concluded.filter(CONCLUDED_NUMERATORS[counter]).values("pk"))
    return (
        figures.with_case_facts(found)
        .select_related("item", "department", "hall", "handler")
        .order_by("-submitted_at", "-pk")
    )


def is_catalog(figure: Figure) -> bool:
    return figure.source == CATALOG
