"""The monthly figure cells (MonthlyFigure): written here only, from the same counters computation.py counts directly.

- `rebuild()` recomputes every month (`manage.py refresh_figures --full`);
- `refresh()` (the task worker, `manage.py refresh_figures`) recomputes the current and the previous month plus every
  month touched since the last refresh began: months of 申报 and 办结 of cases with a new event or visit, months of
  ratings given, called back, answered or appealed since;
- each month is recomputed whole (delete its cells, write them again) in one transaction, so a refresh never leaves
  half a month.

A case's counters are added to one cell of each grouping set (Dimension): the department alone, and the department
with the item, the channel, the hall, the handler. Open overdue cases are not stored: figures count them live."""

import time as clock
from collections import defaultdict
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from govhall.cases.models import Case, CaseEvent, Visit
from govhall.evaluation.models import Appeal, Rating, Rectification
from govhall.supervision import computation
from govhall.supervision.definitions import CONCLUDED_ROWS, MONTH_COLUMN, RATING_ROWS, SUBMITTED_ROWS
from govhall.supervision.models import COUNTER_FIELDS, Dimension, FigureRefresh, MonthlyFigure

GROUP = ("month", "department", "item", "channel", "hall", "handler")
RECENT_MONTHS = 2


def _months_q(column: str, months: set[date] | None) -> Q:
    if months is None:
        return Q()
    condition = Q(pk__in=[])
    for month in months:
        start = computation.Filters(month_from=month, month_to=month)
        condition |= Q(**{f"{column}__gte": start.start(), f"{column}__lt": start.end()})
    return condition


def _rows(months: set[date] | None) -> dict[tuple[Any, ...], dict[str, int]]:
    """Counters by month × department × item × channel × hall × handler, for `months` (None: all)."""
    out: computation.Counts = defaultdict(dict)
    for rows, found in (
        (SUBMITTED_ROWS, Case.objects.all()),
        (CONCLUDED_ROWS, Case.objects.all()),
        (RATING_ROWS, computation.counted_ratings()),
    ):
        column = MONTH_COLUMN[rows]
        chosen = found.filter(_months_q(column, months), **{f"{column}__isnull": False})
        computation.merge(out, computation.count(rows, computation.with_facts(rows, chosen), GROUP), GROUP)
    return out


def _cells(rows: dict[tuple[Any, ...], dict[str, int]]) -> list[MonthlyFigure]:
    cells: dict[tuple[str, int, date, str], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTER_FIELDS, 0))
    for (month, department, item, channel, hall, handler), counters in rows.items():
        for dimension, key in (
            (Dimension.NONE, ""),
            (Dimension.ITEM, item),
            (Dimension.CHANNEL, channel),
            (Dimension.HALL, hall),
            (Dimension.HANDLER, handler),
        ):
            cell = cells[(str(dimension), department, month, "" if key is None else str(key))]
            for name, amount in counters.items():
                cell[name] += amount
    return [
        MonthlyFigure(dimension=dimension, department_id=department, month=month, key=key, **counters)
        for (dimension, department, month, key), counters in cells.items()
    ]


def _write(months: set[date] | None, kind: str) -> FigureRefresh:
    started = clock.monotonic()
    log = FigureRefresh.objects.create(kind=kind, started_at=timezone.now())
    with transaction.atomic():
        cells = _cells(_rows(months))
        stale: QuerySet[MonthlyFigure] = MonthlyFigure.objects.all()
        if months is not None:
            stale = stale.filter(month__in=months)
        stale.delete()
        MonthlyFigure.objects.bulk_create(cells, batch_size=2000)
    log.finished_at = timezone.now()
    log.cells = len(cells)
    log.seconds = round(clock.monotonic() - started, 3)
    written = sorted(months) if months is not None else sorted({cell.month for cell in cells})
    log.months = [month.strftime("%Y-%m") for month in written]
    log.save(update_fields=["finished_at", "cells", "seconds", "months"])
    return log


def rebuild() -> FigureRefresh:
    """Every month again, from nothing."""
    return _write(None, FigureRefresh.Kind.FULL)


def touched_months(since: datetime) -> set[date]:
    """Months whose counters may have changed since `since`."""
    months: set[date] = set()
    changed = Case.objects.filter(
        Q(pk__in=CaseEvent.objects.filter(at__gte=since).values("case_id"))
        | Q(pk__in=Visit.objects.filter(at__gte=since).values("case_id"))
    )
    for submitted, concluded in (
        changed.annotate(s=computation.local_month("submitted_at"), c=computation.local_month("concluded_at"))
        .values_list("s", "c")
        .distinct()
    ):
        months.update(month for month in (submitted, concluded) if month)
    ratings = Rating.objects.filter(
        Q(created_at__gte=since)
        | Q(rectification__called_back_at__gte=since)
        | Q(rectification__replied_at__gte=since)
        | Q(appeal__decided_at__gte=since)
    )
    months.update(m for m in ratings.annotate(m=computation.local_month("created_at")).values_list("m", flat=True) if m)
    return months


def refresh() -> FigureRefresh:
    """The recent months and those touched since the last refresh began; a full rebuild when there was none."""
    last = FigureRefresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    if last is None:
        return rebuild()
    months = set(computation.recent_months(timezone.localdate(), RECENT_MONTHS)) | touched_months(last.started_at)
    return _write(months, FigureRefresh.Kind.INCREMENTAL)


def live_months() -> set[date] | None:
    """The months whose cells may be out of date: touched since the last refresh began (a case event or visit, a
    rating given, called back, answered or appealed). Their counters are read from the cases, so a figure and its
    drill-down (always read live) agree at every moment. None when no refresh has run (every month is live)."""
    last = FigureRefresh.objects.filter(finished_at__isnull=False).order_by("-started_at").first()
    if last is None:
        return None
    return touched_months(last.started_at)


def change_stamp() -> tuple[Any, ...]:
    """Changes to what the figures count, for cache keys: a cached table is not reused after any of them."""

    return (
        CaseEvent.objects.aggregate(m=Max("pk"))["m"],
        Visit.objects.aggregate(m=Max("pk"))["m"],
        Rating.objects.aggregate(m=Max("pk"))["m"],
        tuple(Rectification.objects.aggregate(a=Max("called_back_at"), b=Max("replied_at")).values()),
        Appeal.objects.aggregate(m=Max("decided_at"))["m"],
    )


def last_refresh() -> FigureRefresh | None:
    return FigureRefresh.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()
