"""The supervision figures (效能监察指标): what each one counts, and the counters it is a ratio of.

Every figure is numerator ÷ denominator of named counters (docs/supervision.md lists them with their formulas). The
counters come from three places, never typed in:

- the catalog (`catalog_counters`): current published items with a complete guide (`Item.current_version` set and
  `has_guide`, i.e. not 仅目录信息), their facets copied from the published GuideVersion, its limits and materials;
- the cases (`case_counters`): submitted cases by the month of 申报, concluded cases (办结, `Case.concluded_at`) by the
  month of 办结, with their visits (Visit rows), days used (`Case.days_used`: cases.clocks.days_used in the guide
  version's statutory unit, the one definition the case page shows too) and deadlines; open overdue cases live;
- the ratings (`rating_counters`, 好差评 from govhall.evaluation): ratings not excluded by an upheld appeal, by the
  month of the rating, with their rectifications.

`case_counters` and `rating_counters` are the direct computation; aggregates.refresh stores the same counters per
month × department × one dimension, and `figures.table` reads either (the test suite checks both give the same)."""

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
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.cases.models import Case, ExemptedMaterial, Visit
from govhall.catalog.constants import MaterialNecessity, OnlineLevel
from govhall.catalog.models import Item, Material

TZ = zoneinfo.ZoneInfo(settings.TIME_ZONE)

# ------------------------------------------------------------------------------------------------ the definitions

CATALOG, CASES, RATINGS = "catalog", "cases", "ratings"
RATE, COUNT, AVERAGE = "rate", "count", "average"


@dataclass(frozen=True)
class Figure:
    """One published figure: `numerator` ÷ `denominator` (counter names), or the counter itself (COUNT), or
    1 − numerator ÷ denominator (`complement`, 实际提速)."""

    key: str
    label: Promise
    source: str  # CATALOG, CASES or RATINGS
    unit: str  # RATE (shown as %), COUNT or AVERAGE
    numerator: str
    denominator: str = ""
    formula: Promise | str = ""
    side: Promise | str = ""  # 指南声明 / 办件实测, for the figures given both ways
    complement: bool = False
    extra: tuple[str, ...] = ()  # counters added to the numerator (超期件数 = late + overdue_open)
    placeholder_note: Promise | str = ""


DECLARED, MEASURED = _("指南声明"), _("办件实测")

FIGURES: tuple[Figure, ...] = (
    Figure(
        "online_rate",
        _("网上可办率"),
        CATALOG,
        RATE,
        "online",
        "items",
        _("网上办理深度达到“收件”或“预审”及以上（Ⅱ级及以上）的事项数 ÷ 事项数"),
    ),
    Figure(
        "full_online_rate",
        _("全程网办率"),
        CATALOG,
        RATE,
        "full_online",
        "items",
        _("全程网办（Ⅳ级：收件、受理、办理、结果反馈均在网上，且到现场 0 次）的事项数 ÷ 事项数"),
    ),
    Figure(
        "immediate_share", _("即办件占比"), CATALOG, RATE, "immediate", "items", _("办件类型为即办件的事项数 ÷ 事项数")
    ),
    Figure(
        "one_visit_declared",
        _("最多跑一次率"),
        CATALOG,
        RATE,
        "one_declared",
        "items",
        _("指南到办事现场次数 ≤ 1 的事项数 ÷ 事项数"),
        DECLARED,
    ),
    Figure(
        "one_visit_measured",
        _("最多跑一次率"),
        CASES,
        RATE,
        "one_visit",
        "concluded",
        _("办结件中到场记录 ≤ 1 次的件数 ÷ 办结件数"),
        MEASURED,
    ),
    Figure(
        "zero_visit_declared",
        _("零跑动率"),
        CATALOG,
        RATE,
        "zero_declared",
        "items",
        _("指南到办事现场次数为 0 的事项数 ÷ 事项数"),
        DECLARED,
    ),
    Figure(
        "zero_visit_measured",
        _("零跑动率"),
        CASES,
        RATE,
        "zero_visit",
        "concluded",
        _("办结件中没有到场记录的件数 ÷ 办结件数"),
        MEASURED,
    ),
    Figure(
        "avg_visits_declared",
        _("平均跑动次数"),
        CATALOG,
        AVERAGE,
        "visits_declared",
        "items",
        _("Σ 指南到办事现场次数 ÷ 事项数"),
        DECLARED,
    ),
    Figure(
        "avg_visits_measured",
        _("平均跑动次数"),
        CASES,
        AVERAGE,
        "visits",
        "concluded",
        _("办结件的到场记录总数 ÷ 办结件数"),
        MEASURED,
    ),
    Figure(
        "compression_rate",
        _("承诺时限压缩率"),
        CATALOG,
        RATE,
        "saved_days",
        "statutory_sum",
        _("Σ(法定办结时限 − 承诺办结时限) ÷ Σ 法定办结时限，限法定时限 > 0、已填承诺时限且两者单位相同的事项"),
    ),
    Figure(
        "speedup",
        _("实际提速"),
        CASES,
        RATE,
        "used_days",
        "statutory_days",
        _(
            "1 − Σ 实际用时 ÷ Σ 法定办结时限：已受理且办结、法定时限 > 0 的办件；实际用时按指南法定时限的单位"
            "（工作日或自然日）从受理次日数到办结当日，不含补正、特别程序等暂停计时的天数"
        ),
        complement=True,
    ),
    Figure(
        "on_time_rate",
        _("按期办结率"),
        CASES,
        RATE,
        "on_time",
        "concluded",
        _("办结日期不晚于承诺办结日期（或无承诺期限）的办结件数 ÷ 办结件数"),
    ),
    Figure(
        "overdue_count",
        _("超期件数"),
        CASES,
        COUNT,
        "late",
        "",
        _(
            "超期办结件数（办结日期晚于承诺办结日期）＋ 超期未办结件数（未办结、计时未暂停、承诺办结日期早于今天，"
            "按承诺办结日期所在月份计）"
        ),
        extra=("overdue_open",),
    ),
    Figure(
        "exemption_rate",
        _("材料免提交率"),
        CASES,
        RATE,
        "materials_exempted",
        "materials_required",
        _(
            "办件记录的免提交材料数（由部门通过电子证照或数据共享获取）÷ 办件的必要材料数（含其情形必要材料），"
            "限申报日期在所选月份内的办件"
        ),
    ),
    Figure("submitted", _("申报件数"), CASES, COUNT, "submitted", "", _("申报日期在所选月份内的办件数")),
    Figure("concluded", _("办结件数"), CASES, COUNT, "concluded", "", _("办结日期在所选月份内的办件数")),
    Figure(
        "rating_rate",
        _("评价率"),
        CASES,
        RATE,
        "rated",
        "concluded",
        _("办结件中已评价（评价未因申诉成立而剔除）的件数 ÷ 办结件数"),
    ),
    Figure(
        "good_rate",
        _("好评率"),
        RATINGS,
        RATE,
        "good",
        "ratings",
        _("“非常满意”“满意”（5、4 分）的评价数 ÷ 评价数（剔除申诉成立的评价）"),
    ),
    Figure(
        "bad_rate",
        _("差评率"),
        RATINGS,
        RATE,
        "bad",
        "ratings",
        _("“不满意”“非常不满意”（2、1 分）的评价数 ÷ 评价数（剔除申诉成立的评价）"),
    ),
    Figure(
        "rectified_rate", _("差评整改率"), RATINGS, RATE, "rectified", "bad", _("已整改并答复评价人的差评数 ÷ 差评数")
    ),
    Figure("callback_rate", _("回访率"), RATINGS, RATE, "called_back", "bad", _("已回访的差评数 ÷ 差评数")),
)
BY_KEY = {figure.key: figure for figure in FIGURES}

CATALOG_COUNTERS = (
    "items",
    "online",
    "full_online",
    "immediate",
    "one_declared",
    "zero_declared",
    "visits_declared",
    "saved_days",
    "statutory_sum",
)
CASE_COUNTERS = (
    "submitted",
    "materials_required",
    "materials_exempted",
    "concluded",
    "on_time",
    "late",
    "visits",
    "zero_visit",
    "one_visit",
    "timed",
    "used_days",
    "statutory_days",
    "rated",
)
RATING_COUNTERS = ("ratings", "good", "bad", "rectified", "called_back")
LIVE_COUNTERS = ("overdue_open",)


@dataclass(frozen=True)
class FigureValue:
    """A figure's value: numerator and denominator kept, so that tests and exports can check them exactly."""

    figure: Figure
    numerator: int
    denominator: int

    @property
    def available(self) -> bool:
        return self.figure.unit == COUNT or self.denominator > 0

    @property
    def value(self) -> float | None:
        if self.figure.unit == COUNT:
            return float(self.numerator)
        if self.denominator <= 0:
            return None
        ratio = self.numerator / self.denominator
        return 1 - ratio if self.figure.complement else ratio

    @property
    def text(self) -> str:
        """As shown: 89.0%, 1.25 (an average), 12 (a count), or 暂无数据."""
        value = self.value
        if value is None:
            return str(_("暂无数据"))
        if self.figure.unit == RATE:
            return f"{value * 100:.1f}%"
        if self.figure.unit == AVERAGE:
            return f"{value:.2f}"
        return f"{int(value)}"

    @property
    def excel(self) -> float | int | None:
        """The number written to Excel: a rate as a fraction (formatted 0.0%), an average, a count."""
        value = self.value
        if value is None:
            return None
        return int(value) if self.figure.unit == COUNT else round(value, 6)


def value_of(figure: Figure, counters: Mapping[str, int]) -> FigureValue:
    numerator = int(counters.get(figure.numerator, 0) or 0) + sum(int(counters.get(c, 0) or 0) for c in figure.extra)
    denominator = int(counters.get(figure.denominator, 0) or 0) if figure.denominator else 0
    return FigureValue(figure, numerator, denominator)


# ------------------------------------------------------------------------------------------------- the filters

# What a table may be split by: the department, one of the case dimensions, or the month.
BY_CHOICES = (
    ("department", _("部门")),
    ("item", _("事项")),
    ("hall", _("大厅")),
    ("channel", _("渠道")),
    ("handler", _("工作人员")),
    ("month", _("月份")),
)
CASE_DIMENSIONS = ("item", "channel", "hall", "handler")


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


# Case fields of the dimensions (ratings use the same names: Rating.department/item/channel/hall/handler).
DIMENSION_FIELDS = {
    "department": "department_id",
    "item": "item_id",
    "hall": "hall_id",
    "channel": "channel",
    "handler": "handler_id",
}


def _scoped(rows: QuerySet[Any], filters: Filters) -> QuerySet[Any]:
    if filters.departments is not None:
        rows = rows.filter(department_id__in=filters.departments)
    for name, column in DIMENSION_FIELDS.items():
        wanted = getattr(filters, name)
        if wanted not in (None, ""):
            rows = rows.filter(**{column: wanted})
    return rows


def _in_months(rows: QuerySet[Any], column: str, filters: Filters) -> QuerySet[Any]:
    if filters.start():
        rows = rows.filter(**{f"{column}__gte": filters.start()})
    if filters.end():
        rows = rows.filter(**{f"{column}__lt": filters.end()})
    return rows


def local_date(column: str) -> TruncDate:
    return TruncDate(column, tzinfo=TZ)


def local_month(column: str) -> TruncMonth:
    return TruncMonth(column, tzinfo=TZ, output_field=DateField())


# ------------------------------------------------------------------------------------------------- cases


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
    cases.services.required_materials) and `exempted_n` (the 免提交 materials recorded on the case at submission)."""
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
        ExemptedMaterial.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(n=Count("pk"))
        .values("n")
    )[:1]
    return cases.annotate(
        required_n=Coalesce(Subquery(required, output_field=IntegerField()), Value(0)),
        exempted_n=Coalesce(Subquery(exempted, output_field=IntegerField()), Value(0)),
    )


def submitted_measures() -> dict[str, Any]:
    return {
        "submitted": Count("pk"),
        "materials_required": Coalesce(Sum("required_n"), 0),
        "materials_exempted": Coalesce(Sum("exempted_n"), 0),
    }


ON_TIME = Q(promised_deadline__isnull=True) | Q(concluded_day__lte=F("promised_deadline"))
LATE = Q(promised_deadline__isnull=False, concluded_day__gt=F("promised_deadline"))
TIMED = Q(accepted_at__isnull=False, guide_version__statutory_limit__gt=0, used__isnull=False)
RATED = Q(rating__isnull=False, rating__excluded=False)


def concluded_measures() -> dict[str, Any]:
    return {
        "concluded": Count("pk"),
        "on_time": Count("pk", filter=ON_TIME),
        "late": Count("pk", filter=LATE),
        "visits": Coalesce(Sum("visit_n"), 0),
        "zero_visit": Count("pk", filter=Q(visit_n=0)),
        "one_visit": Count("pk", filter=Q(visit_n__lte=1)),
        "timed": Count("pk", filter=TIMED),
        "used_days": Coalesce(Sum("used", filter=TIMED), 0),
        "statutory_days": Coalesce(Sum("guide_version__statutory_limit", filter=TIMED), 0),
        "rated": Count("pk", filter=RATED),
    }


def open_overdue(cases: QuerySet[Case], today: date) -> QuerySet[Case]:
    """Open cases past their promised deadline: not concluded, clock running, deadline before today."""
    from govhall.cases.inbox import IsOpen

    return cases.filter(IsOpen(), concluded_at__isnull=True, clock_stopped=False, promised_deadline__lt=today)


def _group(rows: QuerySet[Any], keys: dict[str, Any], measures: dict[str, Any]) -> list[dict[str, Any]]:
    if not keys:
        return [rows.order_by().aggregate(**measures)]
    return list(rows.order_by().annotate(**keys).values(*keys).annotate(**measures))


def _key_expressions(group: Iterable[str], month_column: str) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    for name in group:
        if name == "month":
            keys["g_month"] = local_month(month_column)
        else:
            keys[f"g_{name}"] = F(DIMENSION_FIELDS[name])
    return keys


def _merge(into: dict[tuple[Any, ...], dict[str, int]], rows: list[dict[str, Any]], group: tuple[str, ...]) -> None:
    for row in rows:
        key = tuple(row.pop(f"g_{name}") for name in group)
        cell = into[key]
        for counter, amount in row.items():
            cell[counter] = cell.get(counter, 0) + int(amount or 0)


def case_counters(
    filters: Filters, group: tuple[str, ...], today: date | None = None, *, with_overdue: bool = True
) -> dict[tuple, dict[str, int]]:
    """The case counters of `filters`, split by `group` (names from BY_CHOICES, in order). Direct from the cases."""
    out: dict[tuple[Any, ...], dict[str, int]] = defaultdict(dict)
    cases = _scoped(Case.objects.all(), filters)
    submitted = _in_months(cases.filter(submitted_at__isnull=False), "submitted_at", filters)
    _merge(
        out,
        _group(with_material_facts(submitted), _key_expressions(group, "submitted_at"), submitted_measures()),
        group,
    )
    concluded = with_case_facts(_in_months(cases.filter(concluded_at__isnull=False), "concluded_at", filters))
    _merge(out, _group(concluded, _key_expressions(group, "concluded_at"), concluded_measures()), group)
    if with_overdue:
        _merge(out, overdue_counters(filters, group, today), group)
    return out


def overdue_counters(filters: Filters, group: tuple[str, ...], today: date | None = None) -> list[dict[str, Any]]:
    """Open overdue cases (always live), by the month of their promised deadline."""
    today = today or timezone.localdate()
    rows = open_overdue(_scoped(Case.objects.all(), filters), today)
    if filters.month_from:
        rows = rows.filter(promised_deadline__gte=filters.month_from)
    if filters.month_to:
        rows = rows.filter(promised_deadline__lt=next_month(filters.month_to))
    keys: dict[str, Any] = {}
    for name in group:
        keys[f"g_{name}"] = (
            TruncMonth("promised_deadline", output_field=DateField()) if name == "month" else F(DIMENSION_FIELDS[name])
        )
    return _group(rows, keys, {"overdue_open": Count("pk")})


# ------------------------------------------------------------------------------------------------- ratings


def ratings_model() -> Any:
    from govhall.evaluation.models import Rating

    return Rating


def rating_measures() -> dict[str, Any]:
    bad = Q(score__lte=2)
    return {
        "ratings": Count("pk"),
        "good": Count("pk", filter=Q(score__gte=4)),
        "bad": Count("pk", filter=bad),
        "rectified": Count("pk", filter=bad & Q(rectification__replied_at__isnull=False)),
        "called_back": Count("pk", filter=bad & Q(rectification__called_back_at__isnull=False)),
    }


def counted_ratings() -> QuerySet[Any]:
    """Ratings that count: not excluded by an upheld appeal."""
    return ratings_model().objects.filter(excluded=False)


def rating_counters(filters: Filters, group: tuple[str, ...]) -> dict[tuple, dict[str, int]]:
    out: dict[tuple[Any, ...], dict[str, int]] = defaultdict(dict)
    rows = _in_months(_scoped(counted_ratings(), filters), "created_at", filters)
    _merge(out, _group(rows, _key_expressions(group, "created_at"), rating_measures()), group)
    return out


# ------------------------------------------------------------------------------------------------- catalog


def catalog_items() -> QuerySet[Item]:
    """The items the catalog figures count: a current published version that is a complete guide."""
    return Item.objects.filter(current_version__isnull=False, has_guide=True, current_version__catalog_only=False)


COMPRESSIBLE = Q(
    current_version__statutory_limit__gt=0,
    current_version__promised_limit__isnull=False,
    current_version__statutory_unit=F("current_version__promised_unit"),
)


def _catalog_scoped(items: QuerySet[Item], filters: Filters, prefix: str = "") -> QuerySet[Any]:
    if filters.departments is not None:
        items = items.filter(**{f"{prefix}department_id__in": filters.departments})
    if filters.department:
        items = items.filter(**{f"{prefix}department_id": filters.department})
    if filters.item:
        items = items.filter(**{f"{prefix}pk": filters.item})
    if filters.hall:
        items = items.filter(**{f"{prefix}halls": filters.hall})
    return items


CATALOG_GROUPS = {"department": "department_id", "item": "pk", "hall": "halls"}


def catalog_counters(filters: Filters, group: tuple[str, ...]) -> dict[tuple, dict[str, int]] | None:
    """The catalog counters, split by department, item or hall; None when `group` or the filters name a dimension
    the catalog has not (channel, staff, month). Cached until an item changes (publishing a guide saves its item)."""
    if any(name not in CATALOG_GROUPS for name in group) or filters.channel or filters.handler:
        return None
    stamp = Item.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    scope = (filters.departments, filters.department, filters.item, filters.hall, group)
    key = "supervision:catalog:" + hashlib.sha256(repr((stamp["n"], stamp["last"], scope)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = dict(_catalog_counters(filters, group))
        cache.set(key, found, CATALOG_CACHE_SECONDS)
    return defaultdict(dict, {k: dict(v) for k, v in found.items()})


CATALOG_CACHE_SECONDS = 3600


def _catalog_counters(filters: Filters, group: tuple[str, ...]) -> dict[tuple, dict[str, int]]:
    out: dict[tuple[Any, ...], dict[str, int]] = defaultdict(dict)
    items = _catalog_scoped(catalog_items(), filters)
    keys = {f"g_{name}": F(CATALOG_GROUPS[name]) for name in group}
    measures = {
        "items": Count("pk"),
        "online": Count("pk", filter=Q(online_level__gte=OnlineLevel.II)),
        "full_online": Count("pk", filter=Q(online_level=OnlineLevel.IV)),
        "immediate": Count("pk", filter=Q(is_immediate=True)),
        "one_declared": Count("pk", filter=Q(visits__lte=1)),
        "zero_declared": Count("pk", filter=Q(visits=0)),
        "visits_declared": Coalesce(Sum("visits"), 0),
        "saved_days": Coalesce(
            Sum(F("current_version__statutory_limit") - F("current_version__promised_limit"), filter=COMPRESSIBLE), 0
        ),
        "statutory_sum": Coalesce(Sum("current_version__statutory_limit", filter=COMPRESSIBLE), 0),
    }
    _merge(out, _group(items, keys, measures), group)
    return out


# ------------------------------------------------------------------------------------------------- months


def recent_months(today: date, count: int = 12) -> list[date]:
    month = month_of(today)
    out = [month]
    for _step in range(count - 1):
        month = month_of(month - timedelta(days=1))
        out.append(month)
    return list(reversed(out))
