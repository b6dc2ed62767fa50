"""Supervision pages: the dashboard (figures, charts, lists), the drill-down behind every figure, the overdue and
warning lists, bad ratings awaiting rectification, Excel of every table, and the public page (评价结果公开). Views
parse, call selectors (tables, drill), render; access is supervision.access for all but the public page."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from govhall.cases.clocks import warning_days
from govhall.cases.models import Case
from govhall.catalog.models import Item
from govhall.supervision import aggregates, exporting, selectors
from govhall.supervision.access import supervisor
from govhall.supervision.computation import Filters
from govhall.supervision.decided_by_data import data_counts
from govhall.supervision.definitions import BY_CHOICES, BY_KEY
from govhall.supervision.forms import FilterForm
from govhall.supervision.tables import Table, figure_table

PAGE = 50
TABLE_ROWS = 100
EXPORT_LIMIT = 50_000
# Opening a row of a table shows the dashboard for that row, split the next way.
NEXT_SPLIT = {
    "department": "item",
    "item": "month",
    "hall": "department",
    "channel": "department",
    "handler": "month",
    "month": "department",
}


def _row_query(filters: Filters, by: str, key: Any) -> dict[str, str]:
    query = filters.as_query()
    if by == "month" and key:
        query["month_from"] = query["month_to"] = key.strftime("%Y-%m")
    elif by != "month":
        if key is None and by in ("hall", "handler"):
            return {}  # "no hall" / "no handler" is not a filter the pages take
        query[by] = str(key)
    return query


def _links(table: Table, filters: Filters) -> None:
    """Each cell's drill-down address (numerator), built as strings: a table has up to 2,000 of them."""
    bases = {f.key: reverse("supervision:drill", args=[f.key, "numerator"]) for f in table.figures}
    for row in [*table.rows, table.total]:
        query = filters.as_query() if row is table.total else _row_query(filters, table.by, row.key)
        suffix = "?" + urlencode(query)
        row.links = {key: base + suffix for key, base in bases.items()} if query or row is table.total else {}
        row.filter_query = (
            urlencode({**query, "split": NEXT_SPLIT[table.by]}) if query and row is not table.total else ""
        )


def _notes(filters: Filters, source: str) -> list[str]:
    refreshed = aggregates.last_refresh()
    notes = [
        _("统计月份：%(first)s 至 %(last)s")
        % {
            "first": filters.month_from.strftime("%Y-%m") if filters.month_from else "—",
            "last": filters.month_to.strftime("%Y-%m") if filters.month_to else "—",
        }
    ]
    if refreshed and refreshed.finished_at:
        notes.append(
            _("数据更新于 %(time)s") % {"time": timezone.localtime(refreshed.finished_at).strftime("%Y-%m-%d %H:%M")}
        )
    if source == "direct":
        notes.append(_("所选筛选组合由办件直接计算"))
    return notes


def _chart(trend: Table, ranking: Table) -> dict[str, Any]:
    def number(value: Any) -> float | None:
        return None if value.value is None else round(value.value * 100, 1)

    ranked = sorted(
        (row for row in ranking.rows if row.values["on_time_rate"].value is not None),
        key=lambda row: -(row.values["on_time_rate"].value or 0),
    )[:15]
    return {
        "months": [row.label for row in trend.rows],
        "submitted": [row.counters.get("submitted", 0) for row in trend.rows],
        "concluded": [row.counters.get("concluded", 0) for row in trend.rows],
        "on_time": [number(row.values["on_time_rate"]) for row in trend.rows],
        "good": [number(row.values["good_rate"]) for row in trend.rows],
        "departments": [row.label for row in ranked],
        "ranking": [number(row.values["on_time_rate"]) for row in ranked],
        "labels": {
            "submitted": _("申报件数"),
            "concluded": _("办结件数"),
            "on_time": _("按期办结率（%）"),
            "good": _("好评率（%）"),
            "ranking": _("按期办结率（%）"),
        },
    }


def _chips(filters: Filters) -> list[tuple[str, str]]:
    """The filters set by drill links (item, staff), shown with a way to remove them."""
    chips = []
    if filters.item:
        chips.append((_("事项"), selectors.item_name(filters.item) or "—"))
    if filters.handler:
        chips.append((_("工作人员"), selectors.username(filters.handler) or "—"))
    return chips


@login_required
@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    by = form.by()
    today = timezone.localdate()
    table = figure_table(filters, by, today=today, limit=TABLE_ROWS)
    _links(table, filters)
    trend = figure_table(filters, "month", today=today)
    ranking = table if by == "department" else figure_table(filters, "department", today=today)
    overdue = selectors.overdue_cases(filters, today)
    warning = selectors.warning_cases(filters, today)
    pending = selectors.pending_rectifications(filters)
    query = filters.as_query()
    context = {
        "form": form,
        "filters": filters,
        "table": table,
        "by": by,
        "by_label": dict(BY_CHOICES)[by],
        "by_choices": BY_CHOICES,
        "query": urlencode(query),
        "query_without": {
            name: urlencode({k: v for k, v in {**query, "split": by}.items() if k != name})
            for name in ("item", "handler")
        },
        "chips": _chips(filters),
        "chart": _chart(trend, ranking),
        "overdue": overdue.select_related("item", "department", "handler").order_by("promised_deadline", "pk")[:10],
        "overdue_count": overdue.count(),
        "warning": warning.select_related("item", "department", "handler").order_by("promised_deadline", "pk")[:10],
        "warning_count": warning.count(),
        "pending": pending[:10],
        "pending_count": pending.count(),
        "today": today,
        "refreshed": aggregates.last_refresh(),
        "data_counts": data_counts(filters),
    }
    return render(request, "supervision/dashboard.html", context)


@login_required
@require_safe
def export_figures(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    by = form.by()
    table = figure_table(filters, by)
    return exporting.table_response(
        table,
        f"supervision-figures-{by}.xlsx",
        _("效能监察指标（按%(by)s）") % {"by": dict(BY_CHOICES)[by]},
        _notes(filters, table.source),
        str(dict(BY_CHOICES)[by]),
    )


@login_required
@require_safe
def drill(request: HttpRequest, figure: str, part: str) -> HttpResponse:
    _user, scope = supervisor(request)
    chosen = BY_KEY.get(figure)
    if chosen is None or part not in (selectors.NUMERATOR, selectors.DENOMINATOR):
        raise Http404("没有该指标。")
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    today = timezone.localdate()
    counter = selectors.counter_of(chosen, part)
    value = selectors.figure_value(chosen, filters, today)
    if selectors.is_catalog(chosen):
        rows: QuerySet[Any] = selectors.drill_items(chosen, part, filters)
        header = [_("事项名称"), _("实施主体"), _("网办深度"), _("到现场次数"), _("即办件")]

        def item_line(item: Item) -> list[Any]:
            return [
                item.name,
                item.department.name,
                item.get_online_level_display(),
                item.visits,
                _("是") if item.is_immediate else _("否"),
            ]

        line: Callable[[Any], list[Any]] = item_line
    else:
        rows = selectors.drill_cases(chosen, part, filters, today)
        header = [
            _("办件编号"),
            _("事项"),
            _("承办部门"),
            _("渠道"),
            _("大厅"),
            _("经办人员"),
            _("状态"),
            _("申报时间"),
            _("办结时间"),
            _("承诺办结日期"),
            _("到场次数"),
            _("实际用时（天）"),
        ]

        def case_line(case: Case) -> list[Any]:
            return [
                case.number,
                case.item.name,
                case.department.name,
                case.get_channel_display(),
                case.hall.name if case.hall else "",
                case.handler.display_name if case.handler else "",
                case.get_state_display(),
                timezone.localtime(case.submitted_at).strftime("%Y-%m-%d %H:%M") if case.submitted_at else "",
                timezone.localtime(case.concluded_at).strftime("%Y-%m-%d %H:%M") if case.concluded_at else "",
                case.promised_deadline.isoformat() if case.promised_deadline else "",
                getattr(case, "visit_n", 0),
                getattr(case, "used", "") if case.concluded_at and case.accepted_at else "",
            ]

        line = case_line
    title = f"{chosen.label}{'（' + str(chosen.side) + '）' if chosen.side else ''}"
    if request.GET.get("format") == "xlsx":
        notes = [*_notes(filters, "direct"), str(chosen.formula)]
        return exporting.workbook_response(
            f"supervision-{chosen.key}-{part}.xlsx", title, notes, header, (line(row) for row in rows[:EXPORT_LIMIT])
        )
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page"}
    return render(
        request,
        "supervision/drill.html",
        {
            "figure": chosen,
            "title": title,
            "part": part,
            "counter": counter,
            "value": value,
            "page": page,
            "header": header,
            "lines": [line(row) for row in page.object_list],
            "numbers": not selectors.is_catalog(chosen),
            "query": urlencode(query),
            "other_part": selectors.DENOMINATOR if part == selectors.NUMERATOR else selectors.NUMERATOR,
            "filter_query": urlencode(filters.as_query()),
            "form": form,
        },
    )


def _case_list(
    request: HttpRequest, *, which: str, title: str, header: list[str], rows: Any, line: Any, filters: Any, today: Any
) -> HttpResponse:
    """A supervision list (overdue, warning, rectifications): paged on the page, whole (up to EXPORT_LIMIT) in Excel."""
    if request.GET.get("format") == "xlsx":
        notes = [_("截至 %(day)s") % {"day": today.isoformat()}]
        lines = (line(row) for row in rows[:EXPORT_LIMIT])
        return exporting.workbook_response(f"supervision-{which}.xlsx", title, notes, header, lines)
    page = Paginator(rows, PAGE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page"}
    context = {
        "title": title,
        "header": header,
        "lines": [line(row) for row in page.object_list],
        "page": page,
        "query": urlencode(query),
        "which": which,
        "filter_query": urlencode(filters.as_query()),
        "today": today,
    }
    return render(request, "supervision/list.html", context)


def _when(moment: Any, pattern: str = "%Y-%m-%d %H:%M") -> str:
    return timezone.localtime(moment).strftime(pattern) if moment else ""


@login_required
@require_safe
def overdue(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    today = timezone.localdate()
    which = "warning" if request.GET.get("list") == "warning" else "overdue"
    rows = (selectors.warning_cases if which == "warning" else selectors.overdue_cases)(filters, today)
    rows = rows.select_related("item", "department", "handler").order_by("promised_deadline", "pk")
    header = [_("办件编号"), _("事项"), _("承办部门"), _("经办人员"), _("状态"), _("承诺办结日期"), _("申报时间")]

    def line(case: Case) -> list[Any]:
        deadline = case.promised_deadline.isoformat() if case.promised_deadline else ""
        handler = case.handler.display_name if case.handler else ""
        state = case.get_state_display()
        return [case.number, case.item.name, case.department.name, handler, state, deadline, _when(case.submitted_at)]

    if which == "warning":
        title = _("临期办件（%(days)s 个工作日内到期）") % {"days": warning_days()}
    else:
        title = _("超期未办结办件")
    return _case_list(
        request, which=which, title=title, header=header, rows=rows, line=line, filters=filters, today=today
    )


@login_required
@require_safe
def rectifications(request: HttpRequest) -> HttpResponse:
    _user, scope = supervisor(request)
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    today = timezone.localdate()
    rows = selectors.pending_rectifications(filters)
    header = [
        _("办件编号"),
        _("事项"),
        _("整改部门"),
        _("评价"),
        _("评价时间"),
        _("整改期限"),
        _("进度"),
        _("是否超期"),
    ]

    def line(rectification: Any) -> list[Any]:
        rating = rectification.rating
        late = _("已超期") if rectification.due_date < today else ""
        rated = _when(rating.created_at, "%Y-%m-%d")
        due = rectification.due_date.isoformat()
        return [
            rating.case.number,
            rating.item.name,
            rectification.department.name,
            rating.get_score_display(),
            rated,
            due,
            rectification.stage,
            late,
        ]

    return _case_list(
        request,
        which="rectifications",
        title=_("待整改差评"),
        header=header,
        rows=rows,
        line=line,
        filters=filters,
        today=today,
    )


PUBLIC_ITEMS = 200


@require_safe
def public(request: HttpRequest) -> HttpResponse:
    """评价结果公开: figures per department, and per item of one department. Aggregate numbers only: no staff split,
    no case, no person."""
    form = FilterForm(request.GET or None, scope=None, public=True)
    filters = form.filters()
    by = "item" if filters.department else "department"
    table = figure_table(filters, by, limit=PUBLIC_ITEMS)
    notes = _notes(filters, table.source)
    if request.GET.get("format") == "xlsx":
        return exporting.table_response(
            table, f"govhall-figures-{by}.xlsx", _("政务服务效能与好差评公开"), notes, str(dict(BY_CHOICES)[by])
        )
    department = selectors.department(filters.department)
    for row in table.rows:
        row.filter_query = urlencode({**filters.as_query(), "department": row.key}) if by == "department" else ""
    return render(
        request,
        "supervision/public.html",
        {
            "form": form,
            "table": table,
            "department": department,
            "notes": notes,
            "query": urlencode(filters.as_query()),
            "refreshed": aggregates.last_refresh(),
            "by": by,
        },
    )
