"""The money figures of supervision (统一支付, docs/supervision.md "Money figures"), in one table like
definitions.FIGURES: each figure is a counter or a ratio of counters, each counter the rows it counts (or sums the
fen of) under the dashboard's filters. The number on the dashboard (one aggregate per row set) and the drill-down
(the rows themselves) both come from MONEY_COUNTERS, so they cannot disagree — test_money_figures checks it.

- paid orders: orders with a payment time in the chosen months (refunded ones included: they were paid);
- refunds: refunds paid back (succeeded) in the chosen months;
- open differences: reconciliation differences not yet resolved (live, whatever the months).
Scope: the order's case's department (a difference naming no order of ours counts only for whole-district scope)."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from govhall.cases.fees import yuan
from govhall.payments.constants import GATEWAY_CHANNELS, PaymentChannel, RefundState
from govhall.payments.models import PaymentOrder, ReconciliationDifference, Refund
from govhall.supervision.computation import Filters, in_months
from govhall.supervision.definitions import COUNT, DIMENSION_FIELDS, RATE

PAID_ROWS, REFUND_ROWS, DIFFERENCE_ROWS = "paid", "refunds", "differences"
YUAN = "yuan"  # a sum of fen, shown in yuan


@dataclass(frozen=True)
class MoneyCounter:
    name: str
    rows: str
    q: Q = field(default_factory=Q)
    total: str = ""  # "amount_fen": the fen summed over the rows, else the rows counted


@dataclass(frozen=True)
class MoneyFigure:
    key: str
    label: Promise
    unit: str  # RATE, COUNT or YUAN
    numerator: str
    denominator: str = ""
    formula: Promise | str = ""


MONEY_COUNTERS: tuple[MoneyCounter, ...] = (
    MoneyCounter("paid_orders", PAID_ROWS),
    MoneyCounter("paid_online", PAID_ROWS, Q(channel__in=GATEWAY_CHANNELS)),
    *(MoneyCounter(f"paid_fen_{channel}", PAID_ROWS, Q(channel=channel), "amount_fen") for channel in PaymentChannel),
    MoneyCounter("refunds", REFUND_ROWS),
    MoneyCounter("refunded_fen", REFUND_ROWS, total="amount_fen"),
    MoneyCounter("open_differences", DIFFERENCE_ROWS),
)
MONEY_COUNTER = {counter.name: counter for counter in MONEY_COUNTERS}

MONEY_FIGURES: tuple[MoneyFigure, ...] = (
    MoneyFigure(
        "online_pay_rate",
        _("网上支付率"),
        RATE,
        "paid_online",
        "paid_orders",
        _(
            "支付时间在所选月份内的订单中，经微信支付、支付宝或非税缴款码（网银、银行柜台）支付的笔数 ÷ 已支付订单笔数"
            "（按笔数计；窗口现金、刷卡不算网上支付；已退款的订单仍计入）"
        ),
    ),
    *(
        MoneyFigure(
            f"amount_{channel}",
            format_lazy(_("{channel}收款金额"), channel=channel.label),
            YUAN,
            f"paid_fen_{channel}",
            formula=format_lazy(
                _("支付时间在所选月份内、经{channel}支付的订单金额之和（元，含其后退款的订单）"), channel=channel.label
            ),
        )
        for channel in PaymentChannel
    ),
    MoneyFigure(
        "refunds", _("退款笔数"), COUNT, "refunds", formula=_("退款完成时间在所选月份内、已退款成功的退款笔数")
    ),
    MoneyFigure(
        "refunded",
        _("退款金额"),
        YUAN,
        "refunded_fen",
        formula=_("退款完成时间在所选月份内、已退款成功的退款金额之和（元）"),
    ),
    MoneyFigure(
        "open_differences",
        _("未处理对账差异"),
        COUNT,
        "open_differences",
        formula=_("对账或支付通知发现、尚未处理的差异条数（实时，不随月份变化）"),
    ),
)
MONEY_BY_KEY = {figure.key: figure for figure in MONEY_FIGURES}


def _scoped(rows: QuerySet[Any], filters: Filters, case: str) -> QuerySet[Any]:
    """Rows whose case (reached by `case`, "case" or "order__case") is in the scope and the filters."""
    if filters.departments is not None:
        rows = rows.filter(**{f"{case}__department_id__in": filters.departments})
    for name, column in DIMENSION_FIELDS.items():
        wanted = getattr(filters, name)
        if wanted not in (None, ""):
            rows = rows.filter(**{f"{case}__{column}": wanted})
    return rows


def rows_of(rows: str, filters: Filters) -> QuerySet[Any]:
    if rows == PAID_ROWS:
        paid = PaymentOrder.objects.filter(paid_at__isnull=False)
        return in_months(_scoped(paid, filters, "case"), "paid_at", filters)
    if rows == REFUND_ROWS:
        done = Refund.objects.filter(state=RefundState.SUCCEEDED, finished_at__isnull=False)
        return in_months(_scoped(done, filters, "order__case"), "finished_at", filters)
    open_ones = ReconciliationDifference.objects.filter(resolved_at__isnull=True)
    ours = _scoped(PaymentOrder.objects.all(), filters, "case").values("number")
    whole = filters.departments is None and not filters.dimensions() and filters.department is None
    if whole:
        return open_ones.filter(Q(out_trade_no__in=ours) | ~Q(out_trade_no__in=PaymentOrder.objects.values("number")))
    return open_ones.filter(out_trade_no__in=ours)


def counter_rows(counter: MoneyCounter, filters: Filters) -> QuerySet[Any]:
    """The drill-down: the rows a counter counts (or sums)."""
    return rows_of(counter.rows, filters).filter(counter.q)


def measures(filters: Filters) -> dict[str, int]:
    """Every money counter, one aggregate per row set."""
    out: dict[str, int] = {}
    for rows in (PAID_ROWS, REFUND_ROWS, DIFFERENCE_ROWS):
        chosen = [counter for counter in MONEY_COUNTERS if counter.rows == rows]
        aggregates = {
            counter.name: Sum(counter.total, filter=counter.q) if counter.total else Count("pk", filter=counter.q)
            for counter in chosen
        }
        found = rows_of(rows, filters).aggregate(**aggregates)
        out.update({name: int(value or 0) for name, value in found.items()})
    return out


@dataclass(frozen=True)
class MoneyValue:
    figure: MoneyFigure
    numerator: int
    denominator: int

    @property
    def available(self) -> bool:
        return self.figure.unit != RATE or self.denominator > 0

    @property
    def text(self) -> str:
        if self.figure.unit == RATE:
            return f"{self.numerator / self.denominator * 100:.1f}%" if self.denominator else str(_("暂无数据"))
        if self.figure.unit == YUAN:
            return f"{yuan(self.numerator)} 元"
        return str(self.numerator)


def values(filters: Filters) -> list[MoneyValue]:
    counted = measures(filters)
    return [
        MoneyValue(figure, counted[figure.numerator], counted[figure.denominator] if figure.denominator else 0)
        for figure in MONEY_FIGURES
    ]
