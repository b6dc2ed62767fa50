"""What supervision measures of bundles (docs/bundles.md, "What is measured"), per bundle:
- 申请数: bundle cases submitted in the span;
- 已办结: those concluded (every part done);
- 平均办结时间: working days (core.workdays) from the submission to the conclusion, averaged over the concluded ones;
- 承诺时限: the bundle's promise, and 各事项承诺时限之和: the sum of its items' promised limits (published guides, working
  days) — what filing them one after another would have promised;
- 跑动次数: visits (cases.Visit) recorded on the parts' cases, per bundle case.
A supervisor of some departments counts the bundle cases with a part in their departments; scope None is everyone."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet

from govhall.bundles.constants import BundleState
from govhall.bundles.models import Bundle, BundleCase
from govhall.cases.models import Visit
from govhall.catalog.constants import LimitUnit
from govhall.core.workdays import working_days_between


@dataclass(frozen=True)
class BundleFigures:
    bundle: Bundle
    submitted: int
    concluded: int
    average_days: float | None
    promised_days: int
    items_limit_sum: int
    visits: int

    @property
    def visits_per_case(self) -> float | None:
        return round(self.visits / self.submitted, 2) if self.submitted else None


def cases_in(first: date, last: date, scope: list[int] | None) -> QuerySet[BundleCase]:
    found = BundleCase.objects.filter(submitted_at__date__range=(first, last))
    if scope is not None:
        found = found.filter(parts__bundle_item__item__department_id__in=scope).distinct()
    return found


def items_limit_sum(bundle: Bundle) -> int:
    """The sum of the promised limits (working days) of the bundle's items' published guides."""
    total = 0
    for part in bundle.parts.select_related("item__current_version"):
        version = part.item.current_version
        if version is not None and version.promised_limit and version.promised_unit == LimitUnit.WORKING_DAY:
            total += version.promised_limit
    return total


def bundle_figures(first: date, last: date, scope: list[int] | None = None) -> list[BundleFigures]:
    cases = cases_in(first, last, scope)
    rows = []
    for bundle in Bundle.objects.annotate(n=Count("cases", filter=Q(cases__in=cases))).order_by("order", "name"):
        mine = cases.filter(bundle=bundle)
        concluded = list(mine.filter(state=BundleState.CONCLUDED).values_list("submitted_at", "concluded_at"))
        days = [working_days_between(start.date(), end.date()) for start, end in concluded if end is not None]
        visits = Visit.objects.filter(case__bundle_part__bundle_case__in=mine).count()
        rows.append(
            BundleFigures(
                bundle=bundle,
                submitted=bundle.n,
                concluded=len(concluded),
                average_days=round(sum(days) / len(days), 1) if days else None,
                promised_days=bundle.promised_days,
                items_limit_sum=items_limit_sum(bundle),
                visits=visits,
            )
        )
    return rows
