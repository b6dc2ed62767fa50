"""The money forms on the workbench case page (docs/payments-pages.md): 核定收费 (cases.charging.fix_fees), 窗口收款
(record_window_payment) and 申请退款 (request_refund). Thin: parse — amounts are typed in yuan and read as fen by
payments.money.parse_yuan —, fetch the case or order through the access helpers, call one service, say what happened.
Whether the person may do it is the service's rule; a refusal of their role is a 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from govhall.accounts.access import staff_member
from govhall.cases import charging
from govhall.cases.access import get_case_for_user
from govhall.cases.services import ActNotAllowed, CaseError
from govhall.payments import services
from govhall.payments.access import get_order_for_user
from govhall.payments.money import parse_yuan

MAX_FEES = 20


@login_required
@require_POST
def fix_fees(request: HttpRequest, number: str) -> HttpResponse:
    """核定收费: the amount of every fee of the case's current stage, in yuan, and the reason (for a reduction)."""
    user = staff_member(request)
    case = get_case_for_user(user, number)
    amounts: dict[str, str] = {}
    for index in range(1, MAX_FEES + 1):
        name = request.POST.get(f"fee-name-{index}", "")[:200]
        if not name:
            break
        fen = parse_yuan(request.POST.get(f"fee-{index}", ""), allow_zero=True)
        if fen is None:
            messages.error(request, _("“%(name)s”的金额应为元，最多两位小数，例如 12.50。") % {"name": name})
            return redirect("workbench:handle", number=case.number)
        amounts[name] = str(fen)
    try:
        charging.fix_fees(case=case, actor=user, amounts=amounts, reason=request.POST.get("reason", "")[:1000])
    except ActNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已核定收费并通知申请人缴费。"))
    return redirect("workbench:handle", number=case.number)


@login_required
@require_POST
def window_payment(request: HttpRequest, number: str) -> HttpResponse:
    """窗口收款: cash or POS, with the slip's or cash book's number."""
    user = staff_member(request)
    order = get_order_for_user(user, number)
    try:
        services.record_window_payment(
            order=order,
            channel=request.POST.get("channel", "")[:10],
            actor=user,
            reference=request.POST.get("reference", "")[:64],
        )
    except services.PaymentNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except (services.PaymentError, CaseError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已收款，票据已开具。"))
    return redirect("workbench:handle", number=order.case.number)


@login_required
@require_POST
def request_refund(request: HttpRequest, number: str) -> HttpResponse:
    """申请退款: an amount in yuan (at most what is left) and the reason; another person approves it."""
    user = staff_member(request)
    order = get_order_for_user(user, number)
    fen = parse_yuan(request.POST.get("amount", ""))
    if fen is None:
        messages.error(request, _("退款金额应为大于零的元数，最多两位小数，例如 5.25。"))
        return redirect("workbench:handle", number=order.case.number)
    try:
        refund = services.request_refund(
            order=order, amount_fen=fen, reason=request.POST.get("reason", "")[:1000], actor=user
        )
    except services.PaymentNotAllowed as error:
        raise PermissionDenied(str(error)) from error
    except services.PaymentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已提交退款申请 %(number)s，待他人审批。") % {"number": refund.out_refund_no})
    return redirect("workbench:handle", number=order.case.number)
