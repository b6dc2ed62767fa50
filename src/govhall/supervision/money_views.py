"""The drill-down of a money figure (/supervision/money/<figure>/<part>/): the orders, refunds or differences behind
the number, under the same filters and scope as the dashboard (supervision.money)."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from govhall.cases.fees import yuan
from govhall.core.bounds import page_number
from govhall.supervision import money
from govhall.supervision.access import supervisor
from govhall.supervision.forms import FilterForm

PAGE_SIZE = 50
# How each row set is listed: what it reads besides its own row, and in which order.
LISTING = {
    money.PAID_ROWS: (("case__department",), ("paid_at", "pk")),
    money.REFUND_ROWS: (("order__case__department",), ("finished_at", "pk")),
    money.DIFFERENCE_ROWS: ((), ("created_at", "pk")),
}


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _lines(rows: str, found: Any) -> tuple[list[str], list[list[Any]]]:
    if rows == money.PAID_ROWS:
        header = [_("支付订单号"), _("办件编号"), _("部门"), _("支付渠道"), _("金额（元）"), _("支付时间")]
        return header, [
            [
                o.number,
                o.case.number,
                o.case.department.name,
                o.get_channel_display(),
                yuan(o.amount_fen),
                _when(o.paid_at),
            ]
            for o in found
        ]
    if rows == money.REFUND_ROWS:
        header = [_("退款单号"), _("支付订单号"), _("部门"), _("金额（元）"), _("退款完成时间")]
        return header, [
            [r.out_refund_no, r.order.number, r.order.case.department.name, yuan(r.amount_fen), _when(r.finished_at)]
            for r in found
        ]
    header = [_("发现时间"), _("渠道"), _("差异类型"), _("支付订单号"), _("我方（元）"), _("渠道（元）"), _("说明")]
    return header, [
        [
            _when(d.created_at),
            d.get_channel_display(),
            d.get_kind_display(),
            d.out_trade_no,
            yuan(d.ours_fen) if d.ours_fen is not None else "—",
            yuan(d.theirs_fen) if d.theirs_fen is not None else "—",
            d.note,
        ]
        for d in found
    ]


@login_required
@require_safe
def money_drill(request: HttpRequest, figure: str, part: str) -> HttpResponse:
    _user, scope = supervisor(request)
    chosen = money.MONEY_BY_KEY.get(figure)
    if chosen is None or part not in ("numerator", "denominator") or (part == "denominator" and not chosen.denominator):
        raise Http404(_("没有该指标。"))
    form = FilterForm(request.GET or None, scope=scope)
    filters = form.filters()
    counter = money.MONEY_COUNTER[chosen.numerator if part == "numerator" else chosen.denominator]
    related, order = LISTING[counter.rows]
    rows = money.counter_rows(counter, filters).select_related(*related).order_by(*order)
    page = Paginator(rows, PAGE_SIZE).get_page(page_number(request.GET.get("page"), maximum=10_000))
    header, lines = _lines(counter.rows, page.object_list)
    value = next(v for v in money.values(filters) if v.figure.key == chosen.key)
    context = {
        "title": chosen.label,
        "figure": chosen,
        "value": value,
        "part": part,
        "other_part": "denominator" if part == "numerator" else "numerator",
        "header": header,
        "lines": lines,
        "page": page,
        "filter_query": request.GET.urlencode(),
        "query": urlencode([(key, value) for key, value in request.GET.items() if key != "page"]),
    }
    return render(request, "supervision/money_drill.html", context)
