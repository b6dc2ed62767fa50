"""What the supervision pages read, besides the figure tables (supervision.tables): the rows behind a figure (its
numerator or its denominator under the same filters, so that every number on the dashboard can be opened and checked
case by case), the overdue and warning lists, bad ratings awaiting rectification, and the names the filter chips show.

A drill-down lists the rows of the figure's counters (definitions.COUNTERS) exactly as computation counts them:
`counter_rows` is the same rows and the same filter the measure aggregates."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from govhall.accounts.models import User
from govhall.cases.clocks import TimeLeft
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.evaluation.models import Rectification
from govhall.organisations.models import Department
from govhall.supervision import computation, tables
from govhall.supervision.computation import Filters
from govhall.supervision.definitions import (
    CATALOG,
    COUNTER,
    DIMENSION_FIELDS,
    ITEM_ROWS,
    RATING_ROWS,
    Counter,
    Figure,
    FigureValue,
    value_of,
)

NUMERATOR, DENOMINATOR = "numerator", "denominator"

# ------------------------------------------------------------------------------------------------ drill-downs


def counter_rows(counter: Counter, filters: Filters, today: date | None = None) -> QuerySet[Any]:
    """The rows a counter counts under `filters`: items, cases or ratings, with the facts its measure reads."""
    return computation.rows_of(counter.rows, filters, today).filter(counter.q)


def counters_of_part(figure: Figure, part: str) -> tuple[Counter, ...]:
    """The counters behind the numerator (with those added to it) or the denominator of a figure; a figure without
    denominator (a count) has only its numerator."""
    if part == DENOMINATOR and figure.denominator:
        return (COUNTER[figure.denominator],)
    return tuple(COUNTER[name] for name in (figure.numerator, *figure.extra))


def counter_of(figure: Figure, part: str) -> str:
    """The name of the counter a drill-down page is about."""
    return counters_of_part(figure, part)[0].name


def is_catalog(figure: Figure) -> bool:
    return figure.source == CATALOG


def drill_items(figure: Figure, part: str, filters: Filters) -> QuerySet[Item]:
    chosen = Q(pk__in=[])
    for counter in counters_of_part(figure, part):
        assert counter.rows == ITEM_ROWS
        chosen |= Q(pk__in=counter_rows(counter, filters).values("pk"))
    return Item.objects.filter(chosen).select_related("department").order_by("department__order", "name")


def drill_cases(figure: Figure, part: str, filters: Filters, today: date) -> QuerySet[Case]:
    """The cases behind a figure's part: the cases counted, or the cases of the ratings counted."""
    chosen = Q(pk__in=[])
    for counter in counters_of_part(figure, part):
        column = "case_id" if counter.rows == RATING_ROWS else "pk"
        chosen |= Q(pk__in=counter_rows(counter, filters, today).values(column))
    return (
        computation.with_case_facts(Case.objects.filter(chosen))
        .select_related("item", "department", "hall", "handler")
        .order_by("-submitted_at", "-pk")
    )


def figure_value(figure: Figure, filters: Filters, today: date) -> FigureValue:
    """The figure's value under `filters`, as the dashboard shows it."""
    found, _source, _with_catalog = tables.counters(filters, (), today=today)
    return value_of(figure, found.get((), {}))


# ------------------------------------------------------------------------------------------------ the lists


def overdue_cases(filters: Filters, today: date) -> QuerySet[Case]:
    return computation.open_overdue(computation.scoped(Case.objects.all(), filters), today)


def warning_cases(filters: Filters, today: date) -> QuerySet[Case]:
    """Open cases whose promised deadline falls within the warning days (clocks.warning_days)."""
    from govhall.cases.inbox import IsOpen

    warning_before = TimeLeft.on(today).warning_before
    return computation.scoped(Case.objects.all(), filters).filter(
        IsOpen(),
        concluded_at__isnull=True,
        clock_stopped=False,
        promised_deadline__gte=today,
        promised_deadline__lt=warning_before,
    )


def pending_rectifications(filters: Filters) -> QuerySet[Rectification]:
    rows = Rectification.objects.filter(replied_at__isnull=True, rating__excluded=False)
    if filters.departments is not None:
        rows = rows.filter(department_id__in=filters.departments)
    if filters.department:
        rows = rows.filter(department_id=filters.department)
    for name in ("item", "hall", "channel", "handler"):
        value = getattr(filters, name)
        if value not in (None, ""):
            rows = rows.filter(**{f"rating__{DIMENSION_FIELDS[name]}": value})
    return rows.select_related("rating__case", "rating__item", "department", "owner").order_by("due_date", "pk")


def item_name(pk: int) -> str | None:
    return Item.objects.filter(pk=pk).values_list("name", flat=True).first()


def username(pk: int) -> str | None:
    return User.objects.filter(pk=pk).values_list("username", flat=True).first()


def department(pk: int | None) -> Department | None:
    return Department.objects.filter(pk=pk).first() if pk else None
