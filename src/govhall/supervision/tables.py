"""The figure tables the pages show and export: rows split by one dimension, each with every figure that applies.

Where the numbers come from: the monthly cells (MonthlyFigure) when the filters and the split name at most one of
item / channel / hall / staff besides department and months (every table the dashboard and the public page offer by
default), except the months touched since the last refresh, which are counted from the cases and ratings like the
drill-downs (a card and its drill-down agree at every moment); otherwise directly from the cases (`source ==
"direct"`, shown on the page). Open overdue cases and the catalog are always read live (both are small: open cases through the inbox's partial indexes, items by the thousand)."""

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.catalog.models import Item
from govhall.core.constants import Channel
from govhall.organisations.models import Department, Hall
from govhall.supervision import computation
from govhall.supervision.aggregates import change_stamp, last_refresh, live_months
from govhall.supervision.computation import Counts, Filters
from govhall.supervision.definitions import CASE_DIMENSIONS, CATALOG, FIGURES, Figure, FigureValue, value_of
from govhall.supervision.models import COUNTER_FIELDS, MonthlyFigure


@dataclass
class Row:
    key: Any
    label: str
    counters: dict[str, int]
    values: dict[str, FigureValue] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)  # drill-down address of each figure (pages set them)
    filter_query: str = ""  # the query string that opens this row on its own (pages set it)

    def cells(self, shown: Iterable[Figure]) -> list[FigureValue]:
        return [self.values[figure.key] for figure in shown]


@dataclass
class Table:
    by: str
    figures: list[Figure]
    rows: list[Row]
    total: Row
    source: str  # "aggregates" or "direct"
    more: int = 0  # rows left out (the page shows the first ones; the export has them all)


def aggregated_counters(
    filters: Filters, group: tuple[str, ...], skip: set[date] | frozenset[date] = frozenset()
) -> Counts | None:
    """Case and rating counters from the monthly cells (but those of the months in `skip`), or None when they cannot
    answer (two or more dimensions)."""
    dimensions = filters.dimensions() | {name for name in group if name in CASE_DIMENSIONS}
    if len(dimensions) > 1:
        return None
    dimension = next(iter(dimensions), "")
    cells = MonthlyFigure.objects.filter(dimension=dimension).exclude(month__in=skip)
    if filters.departments is not None:
        cells = cells.filter(department_id__in=filters.departments)
    if filters.department:
        cells = cells.filter(department_id=filters.department)
    if dimension and getattr(filters, dimension) not in (None, ""):
        cells = cells.filter(key=str(getattr(filters, dimension)))
    if filters.month_from:
        cells = cells.filter(month__gte=filters.month_from)
    if filters.month_to:
        cells = cells.filter(month__lte=filters.month_to)
    columns = {"department": "department_id", "month": "month"}
    names = [columns.get(name, "key") for name in group]
    rows = cells.order_by().values(*names).annotate(**{f"s_{c}": Sum(c) for c in COUNTER_FIELDS})
    out: Counts = defaultdict(dict)
    for row in rows:
        key = tuple(_normal(name, row[column]) for name, column in zip(group, names, strict=True))
        cell = out[key]
        for counter in COUNTER_FIELDS:
            cell[counter] = cell.get(counter, 0) + int(row[f"s_{counter}"] or 0)
    return out


def _normal(name: str, value: Any) -> Any:
    """Cell keys are text; the direct path gives ids (None for no hall / no handler) and channel codes."""
    if name in ("item", "hall", "handler"):
        return int(value) if value not in ("", None) else None
    return value


def counters(
    filters: Filters, group: tuple[str, ...], *, use_aggregates: bool = True, today: date | None = None
) -> tuple[Counts, str, bool]:
    """(counters by key, source, whether the catalog applies) for `filters` split by `group`. The cells answer for the
    months nothing touched since the last refresh; the months touched since (aggregates.live_months) are counted from
    the cases and ratings, as the drill-downs are, so a card and its drill-down always agree."""
    today = today or timezone.localdate()
    out: Counts = defaultdict(dict)
    live = live_months() if use_aggregates else None
    live_in_range = {
        month
        for month in live or ()
        if (not filters.month_from or month >= filters.month_from)
        and (not filters.month_to or month <= filters.month_to)
    }
    aggregated = aggregated_counters(filters, group, live_in_range) if live is not None else None
    if aggregated is None:
        computation.add(out, computation.case_counters(filters, group, today))
        computation.add(out, computation.rating_counters(filters, group))
        source = "direct"
    else:
        computation.add(out, aggregated)
        for month in sorted(live_in_range):
            one_month = replace(filters, month_from=month, month_to=month)
            computation.add(out, computation.case_counters(one_month, group, today, with_overdue=False))
            computation.add(out, computation.rating_counters(one_month, group))
        computation.merge(out, computation.overdue_counters(filters, group, today), group)
        source = "aggregates"
    catalog = computation.catalog_counters(filters, group)
    if catalog is not None:
        computation.add(out, catalog)
    return out, source, catalog is not None


def shown_figures(with_catalog: bool) -> list[Figure]:
    return [figure for figure in FIGURES if with_catalog or figure.source != CATALOG]


def labels(by: str, keys: Iterable[Any]) -> dict[Any, str]:
    keys = list(keys)
    ids = [key for key in keys if isinstance(key, int)]
    if by == "department":
        return dict(Department.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "item":
        return dict(Item.objects.filter(pk__in=ids).values_list("pk", "name"))
    if by == "hall":
        return {None: _("（网上办理，无大厅）"), **dict(Hall.objects.filter(pk__in=ids).values_list("pk", "name"))}
    if by == "handler":
        found = {}
        for pk, username, first, last in User.objects.filter(pk__in=ids).values_list(
            "pk", "username", "first_name", "last_name"
        ):
            found[pk] = f"{last}{first}（{username}）" if (first or last) else username
        return {None: _("（未分配经办人）"), **found}
    if by == "channel":
        return {str(value): str(label) for value, label in Channel.choices}
    if by == "month":
        return {key: key.strftime("%Y-%m") for key in keys if key}
    return {}


def _order(by: str, rows: list[Row]) -> list[Row]:
    if by == "month":
        return sorted(rows, key=lambda row: row.key or date.min)
    if by == "department":
        order = dict(Department.objects.values_list("pk", "order"))
        return sorted(rows, key=lambda row: (order.get(row.key, 9999), row.label))
    # The busiest first.
    return sorted(rows, key=lambda row: (-row.counters.get("submitted", 0), -row.counters.get("items", 0), row.label))


def _values(row: Row, shown: list[Figure]) -> Row:
    row.values = {figure.key: value_of(figure, row.counters) for figure in shown}
    return row


FIGURE_CACHE_SECONDS = 60


def figure_table(
    filters: Filters,
    by: str,
    *,
    use_aggregates: bool = True,
    today: date | None = None,
    limit: int | None = None,
) -> Table:
    """Rows of `filters` split by `by` (BY_CHOICES), and their total. Tables read from the monthly figures are kept
    for a minute under a key that names the last refresh and the latest change counted (aggregates.change_stamp), so
    a new refresh or a new event, visit or rating shows at once; open overdue cases are at most a minute old."""
    if not use_aggregates:
        return _figure_table(filters, by, use_aggregates=False, today=today, limit=limit)
    refresh = last_refresh()
    stamp = (refresh.finished_at.isoformat() if refresh and refresh.finished_at else "", change_stamp())
    key_parts = (sorted(filters.as_query().items()), filters.departments, by, today, limit, stamp, get_language())
    key = "figures:" + hashlib.sha256(repr(key_parts).encode()).hexdigest()
    table = cache.get(key)
    if table is None:
        table = _figure_table(filters, by, use_aggregates=True, today=today, limit=limit)
        cache.set(key, table, FIGURE_CACHE_SECONDS)
    return table


def _figure_table(filters: Filters, by: str, *, use_aggregates: bool, today: date | None, limit: int | None) -> Table:
    split, source, with_catalog = counters(filters, (by,), use_aggregates=use_aggregates, today=today)
    totals, total_source, _total_catalog = counters(filters, (), use_aggregates=use_aggregates, today=today)
    shown = shown_figures(with_catalog)
    names = labels(by, [key[0] for key in split])
    rows = [
        Row(key=key[0], label=names.get(key[0], str(key[0]) if key[0] not in (None, "") else "—"), counters=c)
        for key, c in split.items()
    ]
    rows = _order(by, rows)
    more = 0
    if limit is not None and len(rows) > limit:
        more = len(rows) - limit
        rows = rows[:limit]
    total = Row(key=None, label=_("合计"), counters=totals.get((), {}))
    return Table(
        by=by,
        figures=shown,
        rows=[_values(row, shown) for row in rows],
        total=_values(total, shown),
        source=source if source == total_source else "direct",
        more=more,
    )


def summary(
    filters: Filters, *, use_aggregates: bool = True, today: date | None = None
) -> tuple[list[FigureValue], str]:
    """Every figure for `filters` as a whole (catalog figures only when the filters allow them)."""
    totals, source, with_catalog = counters(filters, (), use_aggregates=use_aggregates, today=today)
    found = totals.get((), {})
    return [value_of(figure, found) for figure in shown_figures(with_catalog)], source
