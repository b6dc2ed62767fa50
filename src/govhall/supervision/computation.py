"""How the supervision counters (definitions.COUNTERS) are counted: which rows each row set holds under the filters
(`rows_of`), the aggregate each counter is (`measures`), and how counts are grouped, merged and scoped. The counters
come from three places, never typed in:

- the catalog (`catalog_counters`): current published items with a complete guide (`Item.current_version` set and
  `has_guide`, i.e. not 仅目录信息), their facets copied from the published GuideVersion, its limits and materials;
- the cases (`case_counters`): submitted cases by the month of 申报, concluded cases (办结, `Case.concluded_at`) by the
  month of 办结, with their visits (Visit rows), days used (`Case.days_used`: cases.clocks.days_used in the guide
  version's statutory unit, the one definition the case page shows too) and deadlines; open overdue cases live;
- the ratings (`rating_counters`, 好差评 from govhall.evaluation): ratings not excluded by an upheld appeal, by the
  month of the rating, with their rectifications.

`case_counters` and `rating_counters` are the direct computation; aggregates.refresh stores the same counters per
month × department × one dimension, and tables.counters reads either (the test suite checks both give the same)."""

from __future__ import annotations

import hashlib
import zoneinfo
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate, TruncMonth
from django.utils import timezone

from govhall.cases.constants import FetchOutcome
from govhall.cases.models import Case, ExemptedMaterial, Visit
from govhall.catalog.constants import MaterialNecessity
from govhall.catalog.models import Item, Material
from govhall.evaluation.models import Rating
from govhall.supervision.definitions import (
    CASE_DIMENSIONS,
    CATALOG_DIMENSION_FIELDS,
    CONCLUDED_ROWS,
    DIMENSION_FIELDS,
    ITEM_ROWS,
    MONTH_COLUMN,
    OVERDUE_ROWS,
    RATING_ROWS,
    SUBMITTED_ROWS,
    counters_of,
)

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)

Key = tuple[Any, ...]
Counts = dict[Key, dict[str, int]]  # counters by group key

# ------------------------------------------------------------------------------------------------- the filters


@dataclass
class Filters:
    """Which cases, ratings and items a figure covers. `departments` is the access scope (None: every department);
    the rest are the dashboard's filters. Months are first days of months, both ends included."""

    departments: list[int] | None = None
    department: int | None = None
    item: int | None = None
    hall: int | None = None
    channel: str = ""
    handler: int | None = None
    month_from: date | None = None
    month_to: date | None = None

    def dimensions(self) -> set[str]:
        used = set()
        for name in CASE_DIMENSIONS:
            if getattr(self, name) not in (None, ""):
                used.add(name)
        return used

    def as_query(self) -> dict[str, str]:
        out = {}
        for name in ("department", "item", "hall", "channel", "handler"):
            if getattr(self, name) not in (None, ""):
                out[name] = str(getattr(self, name))
        if self.month_from:
            out["month_from"] = self.month_from.strftime("%Y-%m")
        if self.month_to:
            out["month_to"] = self.month_to.strftime("%Y-%m")
        return out

    def start(self) -> datetime | None:
        return datetime.combine(self.month_from, time.min, tzinfo=TZ) if self.month_from else None

    def end(self) -> datetime | None:
        """The first moment after the last month."""
        return datetime.combine(next_month(self.month_to), time.min, tzinfo=TZ) if self.month_to else None


def next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def month_of(day: date) -> date:
    return day.replace(day=1)


def recent_months(today: date, count: int = 12) -> list[date]:
    month = month_of(today)
    out = [month]
    for _step in range(count - 1):
        month = month_of(month - timedelta(days=1))
        out.append(month)
    return list(reversed(out))


def scoped(rows: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    """Cases or ratings in the access scope and of the filters' department and dimensions."""
    if filters.departments is not None:
        rows = rows.filter(department_id__in=filters.departments)
    for name, column in DIMENSION_FIELDS.items():
        wanted = getattr(filters, name)
        if wanted not in (None, ""):
            rows = rows.filter(**{column: wanted})
    return rows


def in_months(rows: QuerySet[Any], column: str, filters: Filters) -> QuerySet[Any]:
    """Rows whose `column` (a moment) falls in the filters' months."""
    start, end = filters.start(), filters.end()
    if start:
        rows = rows.filter(**{f"{column}__gte": start})
    if end:
        rows = rows.filter(**{f"{column}__lt": end})
    return rows


def catalog_scoped(items: QuerySet[Item], filters: Filters) -> QuerySet[Item]:
    if filters.departments is not None:
        items = items.filter(department_id__in=filters.departments)
    if filters.department:
        items = items.filter(department_id=filters.department)
    if filters.item:
        items = items.filter(pk=filters.item)
    if filters.hall:
        items = items.filter(halls=filters.hall)
    return items


def local_date(column: str) -> TruncDate:
    return TruncDate(column, tzinfo=TZ)


def local_month(column: str) -> TruncMonth:
    return TruncMonth(column, tzinfo=TZ, output_field=DateField())


# ------------------------------------------------------------------------------------------------- the rows


def with_case_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with what the figures read from each: `visit_n` (到场记录 count), `concluded_day` (local date of 办结),
    `used` (days used, cases.clocks.days_used in the statutory unit, stored on the case when it was concluded)."""
    visits = Visit.objects.filter(case=OuterRef("pk")).order_by().values("case").annotate(n=Count("pk")).values("n")[:1]
    return cases.annotate(
        visit_n=Coalesce(Subquery(visits, output_field=IntegerField()), Value(0)),
        concluded_day=local_date("concluded_at"),
        accepted_day=local_date("accepted_at"),
    ).annotate(used=F("days_used"))


def with_material_facts(cases: QuerySet[Case]) -> QuerySet[Case]:
    """Cases with `required_n` (their required materials: 必要, and 情形必要 of their 情形, as
    cases.services.required_materials) and `exempted_n` (the 免提交 materials the system actually obtained for the case
    from the licence library or shared data — cases.exemptions; one it failed to fetch was asked of the applicant)."""
    required = (
        Material.objects.filter(version=OuterRef("guide_version"))
        .filter(
            Q(necessity=MaterialNecessity.REQUIRED)
            | (Q(necessity=MaterialNecessity.CONDITIONAL, variant_name=OuterRef("variant_name")) & ~Q(variant_name=""))
        )
        .order_by()
        .values("version")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    exempted = (
        ExemptedMaterial.objects.filter(case=OuterRef("pk"), outcome=FetchOutcome.OBTAINED)
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )[:1]
    return cases.annotate(
        required_n=Coalesce(Subquery(required, output_field=IntegerField()), Value(0)),
        exempted_n=Coalesce(Subquery(exempted, output_field=IntegerField()), Value(0)),
    )


def open_overdue(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Open cases past their promised deadline: not concluded, clock running, deadline before today."""
    from govhall.cases.inbox import IsOpen

    return cases.filter(IsOpen(), concluded_at__isnull=True, clock_stopped=False, promised_deadline__lt=today)


def counted_ratings() -> QuerySet[Rating]:
    """Ratings that count: not excluded by an upheld appeal."""
    return Rating.objects.filter(excluded=False)


def catalog_items() -> QuerySet[Item]:
    """The items the catalog figures count: a current published version that is a complete guide."""
    return Item.objects.filter(current_version__isnull=False, has_guide=True, current_version__catalog_only=False)


def with_facts(rows: str, found: QuerySet[Any]) -> QuerySet[Any]:
    """`found` (of the row set `rows`) with the annotations its counters read."""
    if rows == SUBMITTED_ROWS:
        return with_material_facts(found)
    if rows == CONCLUDED_ROWS:
        return with_case_facts(found)
    return found


def rows_of(rows: str, filters: Filters, today: date | None = None) -> QuerySet[Any]:
    """The rows of a row set (definitions: ITEM_ROWS, …) under `filters`, with the facts their counters read. The
    measures count these; the drill-downs list them."""
    if rows == ITEM_ROWS:
        return catalog_scoped(catalog_items(), filters)
    if rows == RATING_ROWS:
        return in_months(scoped(counted_ratings(), filters), MONTH_COLUMN[RATING_ROWS], filters)
    cases = scoped(Case.objects.all(), filters)
    if rows == OVERDUE_ROWS:
        found = open_overdue(cases, today or timezone.localdate())
        if filters.month_from:
            found = found.filter(promised_deadline__gte=filters.month_from)
        if filters.month_to:
            found = found.filter(promised_deadline__lt=next_month(filters.month_to))
        return found
    column = MONTH_COLUMN[rows]
    return with_facts(rows, in_months(cases.filter(**{f"{column}__isnull": False}), column, filters))


# ------------------------------------------------------------------------------------------------- counting


def measures(rows: str) -> dict[str, Aggregate | Coalesce]:
    """The aggregate of every counter of the row set `rows`: Count of its rows matching q, or Sum of its total."""
    out: dict[str, Aggregate | Coalesce] = {}
    for counter in counters_of(rows):
        condition = counter.q if counter.q else None
        if counter.total:
            out[counter.name] = Coalesce(Sum(counter.total, filter=condition), 0)
        else:
            out[counter.name] = Count("pk", filter=condition)
    return out


def key_expressions(group: Iterable[str], rows: str) -> dict[str, Any]:
    """The group-by expressions (named g_<name>) of `group` for the row set `rows`."""
    keys: dict[str, Any] = {}
    for name in group:
        if name == "month":
            column = MONTH_COLUMN[rows]
            keys["g_month"] = (
                TruncMonth(column, output_field=DateField()) if rows == OVERDUE_ROWS else local_month(column)
            )
        elif rows == ITEM_ROWS:
            keys[f"g_{name}"] = F(CATALOG_DIMENSION_FIELDS[name])
        else:
            keys[f"g_{name}"] = F(DIMENSION_FIELDS[name])
    return keys


def grouped(found: QuerySet[Any], keys: Mapping[str, Any], aggregates: Mapping[str, Any]) -> list[dict[str, Any]]:
    """`aggregates` over `found`, one dict per value of `keys` (one dict in all when there are none)."""
    if not keys:
        return [found.order_by().aggregate(**aggregates)]
    return list(found.order_by().annotate(**keys).values(*keys).annotate(**aggregates))


def count(rows: str, found: QuerySet[Any], group: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every counter of the row set `rows` over `found`, split by `group`."""
    return grouped(found, key_expressions(group, rows), measures(rows))


def merge(into: Counts, rows: list[dict[str, Any]], group: tuple[str, ...]) -> None:
    """Add grouped rows (from `count`: g_<name> keys and counters) into counters by key."""
    for row in rows:
        key = tuple(row.pop(f"g_{name}") for name in group)
        cell = into[key]
        for counter, amount in row.items():
            cell[counter] = cell.get(counter, 0) + int(amount or 0)


def add(into: Counts, more: Counts) -> None:
    """Add counters by key into counters by key."""
    for key, counters in more.items():
        cell = into[key]
        for name, amount in counters.items():
            cell[name] = cell.get(name, 0) + int(amount or 0)


def case_counters(
    filters: Filters, group: tuple[str, ...], today: date | None = None, *, with_overdue: bool = True
) -> Counts:
    """The case counters of `filters`, split by `group` (names from BY_CHOICES, in order). Direct from the cases."""
    out: Counts = defaultdict(dict)
    for rows in (SUBMITTED_ROWS, CONCLUDED_ROWS):
        merge(out, count(rows, rows_of(rows, filters), group), group)
    if with_overdue:
        merge(out, overdue_counters(filters, group, today), group)
    return out


def overdue_counters(filters: Filters, group: tuple[str, ...], today: date | None = None) -> list[dict[str, Any]]:
    """Open overdue cases (always live), by the month of their promised deadline."""
    return count(OVERDUE_ROWS, rows_of(OVERDUE_ROWS, filters, today), group)


def rating_counters(filters: Filters, group: tuple[str, ...]) -> Counts:
    out: Counts = defaultdict(dict)
    merge(out, count(RATING_ROWS, rows_of(RATING_ROWS, filters), group), group)
    return out


CATALOG_CACHE_SECONDS = 3600


def catalog_counters(filters: Filters, group: tuple[str, ...]) -> Counts | None:
    """The catalog counters, split by department, item or hall; None when `group` or the filters name a dimension
    the catalog has not (channel, staff, month). Cached until an item changes (publishing a guide saves its item)."""
    if any(name not in CATALOG_DIMENSION_FIELDS for name in group) or filters.channel or filters.handler:
        return None
    stamp = Item.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    scope = (filters.departments, filters.department, filters.item, filters.hall, group)
    key = "supervision:catalog:" + hashlib.sha256(repr((stamp["n"], stamp["last"], scope)).encode()).hexdigest()
    found: Counts | None = cache.get(key)
    if found is None:
        counted: Counts = defaultdict(dict)
        merge(counted, count(ITEM_ROWS, rows_of(ITEM_ROWS, filters), group), group)
        found = dict(counted)
        cache.set(key, found, CATALOG_CACHE_SECONDS)
    return defaultdict(dict, {k: dict(v) for k, v in found.items()})
