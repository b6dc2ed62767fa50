"""退款审批 and 财务对账 on the workbench (docs/payments-pages.md). 退款审批 lists the refunds waiting in the departments
where the person's role holds payments.refund_approve (the requester cannot approve their own: the service refuses
and the page says so). 财务对账 (payments.reconcile) shows the runs by day and channel and the open differences of the
person's departments (and those naming no order of ours), with a form to resolve each and one to run a day's
reconciliation. Staff without the permission get 403; an object outside their departments is 404."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from govhall.accounts.access import staff_member
from govhall.accounts.models import User
from govhall.organisations.access import staff_can
from govhall.payments import selectors, services
from govhall.payments.channels import gateway_channels
from govhall.payments.constants import PaymentChannel
from govhall.payments.models import Refund

APPROVE, RECONCILE = "payments.refund_approve", "payments.reconcile"


def _holding(request: HttpRequest, permission: str) -> User:
    user = staff_member(request)
    if not staff_can(user, permission):
        raise PermissionDenied(_("您的岗位无权使用该页面。"))
    return user


def _refund(user: User, refund_id: int) -> Refund:
    found = selectors.refunds_to_approve(user).filter(pk=refund_id).first()
    if found is None:
        raise Http404(_("没有该待审批的退款，或您无权审批。"))
    return found


@login_required
@require_safe
def refunds(request: HttpRequest) -> HttpResponse:
    user = _holding(request, APPROVE)
    return render(
        request, "workbench/payments/refunds.html", {"refunds": selectors.refunds_to_approve(user)[:200], "me": user}
    )


@login_required
@require_POST
def decide_refund(request: HttpRequest, refund_id: int, decision: str) -> HttpResponse:
    user = _holding(request, APPROVE)
    refund = _refund(user, refund_id)
    try:
        if decision == "approve":
            services.approve_refund(refund=refund, actor=user)
        else:
            services.reject_refund(refund=refund, actor=user, note=request.POST.get("note", "")[:1000])
    except services.PaymentError as error:  # including PaymentNotAllowed: one's own request
        messages.error(request, str(error))
    else:
        done = _("已批准退款 %(number)s。") if decision == "approve" else _("已驳回退款 %(number)s。")
        messages.success(request, done % {"number": refund.out_refund_no})
    return redirect("workbench:refunds")


def _channels() -> list[tuple[str, str]]:
    return [(channel, str(PaymentChannel(channel).label)) for channel in gateway_channels()]


@login_required
@require_safe
def reconciliation(request: HttpRequest) -> HttpResponse:
    user = _holding(request, RECONCILE)
    context = {
        "runs": selectors.runs_for(user)[:60],
        "differences": selectors.differences_for(user)[:200],
        "resolved": selectors.differences_for(user, open_only=False).filter(resolved_at__isnull=False)[:20],
        "channels": _channels(),
        "yesterday": timezone.localdate() - timedelta(days=1),
    }
    return render(request, "workbench/payments/reconciliation.html", context)


@login_required
@require_POST
def run_reconciliation(request: HttpRequest) -> HttpResponse:
    """Reconcile the chosen day and channel now (the bill is fetched from the gateway)."""
    _holding(request, RECONCILE)  # the run is a channel's whole day: anyone holding payments.reconcile may ask it
    channel = request.POST.get("channel", "")
    try:
        day = date.fromisoformat(request.POST.get("day", "")[:10])
    except ValueError:
        day = None
    if channel not in dict(_channels()) or day is None or day >= timezone.localdate():
        messages.error(request, _("请选择已开通的支付渠道和今天以前的日期。"))
        return redirect("workbench:reconciliation")
    try:
        run = services.reconcile(channel=channel, day=day, actor=staff_member(request))
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("已完成 %(day)s %(channel)s 对账：一致 %(matched)s 笔，差异 %(differences)s 笔。")
            % {
                "day": day,
                "channel": PaymentChannel(channel).label,
                "matched": run.matched,
                "differences": run.differences,
            },
        )
    return redirect("workbench:reconciliation")


@login_required
@require_POST
def resolve(request: HttpRequest, difference_id: int) -> HttpResponse:
    user = _holding(request, RECONCILE)
    difference = selectors.differences_for(user, open_only=False).filter(pk=difference_id).first()
    if difference is None:
        raise Http404(_("没有该对账差异，或您无权处理。"))
    try:
        services.resolve_difference(
            difference=difference, actor=user, resolution=request.POST.get("resolution", "")[:2000]
        )
    except services.PaymentNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已记录差异处理结果。"))
    return redirect("workbench:reconciliation")
