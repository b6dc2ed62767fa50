"""The catalog manager's search report: what people searched for and did not find (no result) or did not open (no
click), how often, and what to do about it — add the query as an alias of the item people opened after rephrasing,
or as a synonym of the query that worked, or as an alias of the nearest item by name."""

import difflib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.catalog.models import Item, SearchClick, SearchEvent, Synonym

REPORT_DAYS = 30
REPORT_ROWS = 50
NEAREST = 3


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "alias": add the query as an alias of `item`; "synonym": make the query search for `expansion` too
    evidence: str
    item: Item | None = None
    expansion: str = ""


@dataclass
class ReportRow:
    query: str
    searches: int
    results: int  # the most items any of its searches found
    clicks: int
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def no_result(self) -> bool:
        return self.results == 0


def unanswered_queries(*, days: int = REPORT_DAYS, rows: int = REPORT_ROWS) -> list[ReportRow]:
    """Queries of the last `days` that found nothing or whose results nobody opened, most searched first."""
    since = timezone.now() - timedelta(days=days)
    searched = (
        SearchEvent.objects.filter(searched_at__gte=since)
        .values("query")
        .annotate(searches=Count("id"), results=Max("results"))
        .order_by("-searches", "query")
    )
    clicked = dict(
        SearchClick.objects.filter(day__gte=since.date())
        .values("query")
        .annotate(clicks=Count("id"))
        .values_list("query", "clicks")
    )
    report: list[ReportRow] = []
    for row in searched.iterator():
        clicks = clicked.get(row["query"], 0)
        if row["results"] and clicks:
            continue
        report.append(ReportRow(row["query"], row["searches"], row["results"] or 0, clicks))
        if len(report) >= rows:
            break
    _suggest(report, since.date())
    return report


def _suggest(report: list[ReportRow], since: object) -> None:
    if not report:
        return
    by_query = {row.query: row for row in report}
    synonyms = set(Synonym.objects.filter(term__in=list(by_query)).values_list("term", flat=True))
    # What people opened after rephrasing one of these queries.
    rephrased = (
        SearchClick.objects.filter(after__in=list(by_query), day__gte=since)
        .values("after", "query", "item")
        .annotate(people=Count("id"))
        .order_by("-people")
    )
    items = Item.objects.in_bulk({row["item"] for row in rephrased})
    for found in rephrased:
        target = by_query[found["after"]]
        item = items[found["item"]]
        evidence = _("%(people)d 人改搜“%(query)s”后打开了该事项") % {
            "people": found["people"],
            "query": found["query"],
        }
        if target.query not in item.alias_list() and not _has(target, "alias", item):
            target.suggestions.append(Suggestion("alias", evidence, item=item))
        if target.query not in synonyms and not _has(target, "synonym", expansion=found["query"]):
            target.suggestions.append(Suggestion("synonym", evidence, expansion=found["query"]))
    # The nearest items by name or alias, for the queries nobody rephrased into a click.
    names: dict[str, Item] = {}
    for item in Item.objects.filter(current_version__isnull=False).only("id", "name", "aliases", "implementation_code"):
        names.setdefault(item.name, item)
        for alias in item.alias_list():
            names.setdefault(alias, item)
    for row in report:
        if row.suggestions:
            continue
        for name in difflib.get_close_matches(row.query, list(names), n=NEAREST * 2, cutoff=0.4):
            item = names[name]
            if not _has(row, "alias", item) and len(row.suggestions) < NEAREST:
                row.suggestions.append(Suggestion("alias", _("名称相近：%(name)s") % {"name": name}, item=item))


def _has(row: ReportRow, kind: str, item: Item | None = None, expansion: str = "") -> bool:
    return any(
        s.kind == kind and (s.item == item if item is not None else s.expansion == expansion) for s in row.suggestions
    )
