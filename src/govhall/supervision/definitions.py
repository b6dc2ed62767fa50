"""The supervision figures (效能监察指标), what each one is: its name, label, unit, side and formula, the counters it is
a ratio of, and the one table of counters (COUNTERS) — each a `Counter(name, rows, q)`: the rows it counts and the
filter on them (or, with `total`, the column it sums over them). The measures (computation.measures: the aggregate
counts, direct or stored monthly by aggregates.py) and the drill-downs (selectors.counter_rows: the rows behind a
number) both derive from this table, so a number and the list behind it cannot disagree.

How the counters are counted, merged, grouped and scoped is supervision.computation; docs/supervision.md lists the
figures with their formulas. Good and bad ratings (好评 / 差评) are evaluation.constants.GOOD_SCORES / BAD_SCORES."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db.models import F, Q
from django.db.models.expressions import Combinable
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.catalog.constants import OnlineLevel
from govhall.evaluation.constants import BAD_SCORES, GOOD_SCORES

# ------------------------------------------------------------------------------------------------ the figures

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

    def counter_names(self) -> tuple[str, ...]:
        """The counters this figure reads: numerator, the counters added to it, the denominator."""
        return (self.numerator, *self.extra, *((self.denominator,) if self.denominator else ()))


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
            "办件中由系统通过电子证照或数据共享实际获取的免提交材料数 ÷ 办件的必要材料数（含其情形必要材料），"
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


# ------------------------------------------------------------------------------------------------ the dimensions

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

# Case fields of the dimensions (ratings use the same names: Rating.department/item/channel/hall/handler).
DIMENSION_FIELDS = {
    "department": "department_id",
    "item": "item_id",
    "hall": "hall_id",
    "channel": "channel",
    "handler": "handler_id",
}
# Item fields of the dimensions the catalog has (it has no channel, staff or month).
CATALOG_DIMENSION_FIELDS = {"department": "department_id", "item": "pk", "hall": "halls"}

# ------------------------------------------------------------------------------------------------ the counters

# The rows a counter counts, each under the same filters (access scope, department, dimensions, months):
ITEM_ROWS = "items"  # catalog items with a complete published guide (computation.catalog_items); no months
SUBMITTED_ROWS = "submitted"  # cases by the month of 申报, with their materials (required_n, exempted_n)
CONCLUDED_ROWS = "concluded"  # cases by the month of 办结, with visit_n, concluded_day, used
RATING_ROWS = "ratings"  # ratings not excluded by an upheld appeal, by the month of the rating
OVERDUE_ROWS = "overdue"  # open overdue cases (always live), by the month of their promised deadline

# The column whose month places a row in a month.
MONTH_COLUMN = {
    SUBMITTED_ROWS: "submitted_at",
    CONCLUDED_ROWS: "concluded_at",
    RATING_ROWS: "created_at",
    OVERDUE_ROWS: "promised_deadline",
}

ON_TIME = Q(promised_deadline__isnull=True) | Q(concluded_day__lte=F("promised_deadline"))
LATE = Q(promised_deadline__isnull=False, concluded_day__gt=F("promised_deadline"))
TIMED = Q(accepted_at__isnull=False, guide_version__statutory_limit__gt=0, used__isnull=False)
RATED = Q(rating__isnull=False, rating__excluded=False)
GOOD = Q(score__in=sorted(GOOD_SCORES))  # 好评: 非常满意, 满意
BAD = Q(score__in=sorted(BAD_SCORES))  # 差评: 不满意, 非常不满意
COMPRESSIBLE = Q(
    current_version__statutory_limit__gt=0,
    current_version__promised_limit__isnull=False,
    current_version__statutory_unit=F("current_version__promised_unit"),
)


@dataclass(frozen=True)
class Counter:
    """The rows of `rows` (ITEM_ROWS, …) that match `q`: counted, or with `total` the sum of that column over them."""

    name: str
    rows: str
    q: Q = field(default_factory=Q)
    total: str | Combinable = ""


COUNTERS: tuple[Counter, ...] = (
    Counter("items", ITEM_ROWS),
    Counter("online", ITEM_ROWS, Q(online_level__gte=OnlineLevel.II)),
    Counter("full_online", ITEM_ROWS, Q(online_level=OnlineLevel.IV)),
    Counter("immediate", ITEM_ROWS, Q(is_immediate=True)),
    Counter("one_declared", ITEM_ROWS, Q(visits__lte=1)),
    Counter("zero_declared", ITEM_ROWS, Q(visits=0)),
    Counter("visits_declared", ITEM_ROWS, Q(visits__gt=0), total="visits"),
    Counter(
        "saved_days",
        ITEM_ROWS,
        COMPRESSIBLE,
        total=F("current_version__statutory_limit") - F("current_version__promised_limit"),
    ),
    Counter("statutory_sum", ITEM_ROWS, COMPRESSIBLE, total="current_version__statutory_limit"),
    Counter("submitted", SUBMITTED_ROWS),
    Counter("materials_required", SUBMITTED_ROWS, Q(required_n__gt=0), total="required_n"),
    Counter("materials_exempted", SUBMITTED_ROWS, Q(exempted_n__gt=0), total="exempted_n"),
    Counter("concluded", CONCLUDED_ROWS),
    Counter("on_time", CONCLUDED_ROWS, ON_TIME),
    Counter("late", CONCLUDED_ROWS, LATE),
    Counter("visits", CONCLUDED_ROWS, Q(visit_n__gt=0), total="visit_n"),
    Counter("zero_visit", CONCLUDED_ROWS, Q(visit_n=0)),
    Counter("one_visit", CONCLUDED_ROWS, Q(visit_n__lte=1)),
    Counter("timed", CONCLUDED_ROWS, TIMED),
    Counter("used_days", CONCLUDED_ROWS, TIMED, total="used"),
    Counter("statutory_days", CONCLUDED_ROWS, TIMED, total="guide_version__statutory_limit"),
    Counter("rated", CONCLUDED_ROWS, RATED),
    Counter("ratings", RATING_ROWS),
    Counter("good", RATING_ROWS, GOOD),
    Counter("bad", RATING_ROWS, BAD),
    Counter("rectified", RATING_ROWS, BAD & Q(rectification__replied_at__isnull=False)),
    Counter("called_back", RATING_ROWS, BAD & Q(rectification__called_back_at__isnull=False)),
    Counter("overdue_open", OVERDUE_ROWS),
)
COUNTER = {counter.name: counter for counter in COUNTERS}


def counters_of(rows: str) -> tuple[Counter, ...]:
    return tuple(counter for counter in COUNTERS if counter.rows == rows)
