"""秒批 and 免申即享 measured (the dashboard's section "由数据决定"): one table of what is counted (DATA_COUNTS), each a
`DataCount(key, label, rows, q, formula)` over the 秒批 records (instant.InstantDecision, by the month decided, in the
case's department) or the 免申即享 offers (entitlements.BenefitOffer, by the month offered, in the policy's
department). `data_counts` counts them all at once, narrowed by the supervisor's scope, the department and months."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from govhall.entitlements.constants import OfferState
from govhall.entitlements.models import BenefitOffer
from govhall.instant.constants import Outcome, ReviewState
from govhall.instant.models import InstantDecision
from govhall.supervision.computation import Filters, in_months

INSTANT, OFFERS = "instant", "offers"


@dataclass(frozen=True)
class DataCount:
    key: str
    label: Promise
    rows: str  # INSTANT or OFFERS
    q: Q
    formula: Promise


DATA_COUNTS: tuple[DataCount, ...] = (
    DataCount(
        "instant_approved",
        _("系统秒批件数"),
        INSTANT,
        Q(outcome=Outcome.APPROVED),
        _("规则全部满足、由系统准予并办结的办件数"),
    ),
    DataCount(
        "instant_fallback",
        _("秒批转人工件数"),
        INSTANT,
        Q(outcome=Outcome.FALLBACK),
        _("配置了秒批规则但未满足或数据调用失败、转人工办理的办件数"),
    ),
    DataCount(
        "instant_sampled",
        _("秒批抽查件数"),
        INSTANT,
        Q(review_state__in=[ReviewState.PENDING, ReviewState.CORRECT, ReviewState.WRONG]),
        _("抽入复核的秒批办件数（含待抽查）"),
    ),
    DataCount(
        "instant_wrong",
        _("抽查有误件数"),
        INSTANT,
        Q(review_state=ReviewState.WRONG),
        _("复核标记为“有误”的秒批办件数"),
    ),
    DataCount(
        "offers_made",
        _("免申即享推送人次"),
        OFFERS,
        Q(case__isnull=False),
        _("比对符合条件、生成待确认办件并告知的人次"),
    ),
    DataCount(
        "offers_confirmed",
        _("确认领取人次"),
        OFFERS,
        Q(state=OfferState.CONFIRMED),
        _("群众确认领取（办件已提交）的人次"),
    ),
    DataCount("offers_declined", _("放弃人次"), OFFERS, Q(state=OfferState.DECLINED), _("群众放弃领取的人次")),
    DataCount(
        "offers_opted_out",
        _("不再推送人次"),
        OFFERS,
        Q(state=OfferState.OPTED_OUT),
        _("群众选择不参与该政策比对的人次"),
    ),
)


def rows_of(rows: str, filters: Filters) -> QuerySet[Any]:
    """The records a count counts, in the scope and filters (department, months)."""
    if rows == INSTANT:
        found: QuerySet[Any] = in_months(InstantDecision.objects.all(), "decided_at", filters)
        column = "case__department_id"
    else:
        found = in_months(BenefitOffer.objects.all(), "offered_at", filters)
        column = "policy__department_id"
    if filters.departments is not None:
        found = found.filter(**{f"{column}__in": filters.departments})
    if filters.department is not None:
        found = found.filter(**{column: filters.department})
    return found


def data_counts(filters: Filters) -> list[tuple[DataCount, int]]:
    """Each count with its number (two queries: one per kind of rows)."""
    numbers: dict[str, int] = {}
    for rows in (INSTANT, OFFERS):
        wanted = [count for count in DATA_COUNTS if count.rows == rows]
        numbers |= rows_of(rows, filters).aggregate(**{count.key: Count("pk", filter=count.q) for count in wanted})
    return [(count, numbers[count.key] or 0) for count in DATA_COUNTS]
