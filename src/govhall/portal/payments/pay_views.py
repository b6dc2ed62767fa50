"""The applicant's payment pages (docs/payments-pages.md): 去缴费 from the case page, the pay page of one order (choose
a way of paying, then the QR code, the page to open or the 缴款码), 我已完成支付 (asks the gateway about this order),
a JSON status the page polls, the 财政电子票据 download and 我的缴费. Thin: parse, fetch through
payments.access / cases.access, call one service, render. Staff use the workbench, not these pages."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from govhall.accounts.models import User
from govhall.cases.access import get_case_for_user
from govhall.core import audit
from govhall.core.clients import client_address
from govhall.core.downloads import as_download
from govhall.core.pdf import qr_data_uri
from govhall.payments import selectors, services
from govhall.payments.access import get_order_for_user, orders_for_user
from govhall.payments.constants import CheckoutMethod, OrderState, PaymentChannel
from govhall.payments.models import PaymentOrder, Receipt

DEVICES = ("desktop", "phone")


def _applicant(request: HttpRequest) -> User:
    """The signed-in person paying (staff are sent to the workbench: these pages are not theirs)."""
    user: User = request.user  # type: ignore[assignment]
    if user.is_staff_member:
        raise Http404(_("缴费页面仅供申请人使用，工作人员请在工作台办理。"))
    return user


def _device(request: HttpRequest) -> str:
    """The device the payer says they use (?device=), else a guess from the browser's own mobile hint."""
    asked = request.GET.get("device", "")
    if asked in DEVICES:
        return asked
    mobile = request.headers.get("Sec-CH-UA-Mobile") == "?1" or "Mobile" in request.headers.get("User-Agent", "")
    return "phone" if mobile else "desktop"


def _page(request: HttpRequest, order: PaymentOrder, *, error: str = "", status: int = 200) -> HttpResponse:
    device = _device(request)
    now = timezone.now()
    expired = order.state == OrderState.PENDING and order.expires_at <= now
    receipt = Receipt.objects.filter(order=order).first()
    counter_url = ""
    if order.method == CheckoutMethod.NON_TAX_CODE and settings.DEMO_SERVICES_URL:
        counter_url = f"{settings.DEMO_SERVICES_URL.rstrip('/')}/finance/counter"
    context: dict[str, Any] = {
        "order": order,
        "case": order.case,
        "device": device,
        "other_device": "phone" if device == "desktop" else "desktop",
        "methods": [(method.value, method.label) for method in selectors.available_methods(device)],
        "payable": order.state == OrderState.PENDING and not expired,
        "expired": expired,
        "method_label": CheckoutMethod(order.method).label if order.method in CheckoutMethod.values else "",
        "channel_label": PaymentChannel(order.channel).label if order.channel else "",
        "qr": qr_data_uri(order.code_url) if order.code_url and order.state == OrderState.PENDING else "",
        "counter_url": counter_url,
        "receipt": receipt,
        "receipt_name": _(services.receipt_name(order)),
        "error": error,
        "status_url": reverse("payments:status", args=[order.number]),
    }
    return render(request, "portal/payments/pay.html", context, status=status)


@login_required
@require_POST
def pay_case(request: HttpRequest, number: str) -> HttpResponse:
    """去缴费 on the case page: the order to pay now (a fresh one when the last expired), then its pay page."""
    user = _applicant(request)
    case = get_case_for_user(user, number)
    if reference := request.POST.get("postage", "")[:64]:  # 去支付邮费: that parcel's postage (renewed if it lapsed)
        postage = services.renew_postage_order(case=case, reference=reference, actor=user)
        if postage is None:
            messages.error(request, _("该办件没有待付的邮费。"))
            return redirect("cases:detail", number=case.number)
        return redirect("payments:pay", number=postage.number)
    order = services.open_order(case)
    if order is None:
        messages.error(request, _("该办件没有待缴的费用。"))
        return redirect("cases:detail", number=case.number)
    return redirect("payments:pay", number=order.number)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def pay(request: HttpRequest, number: str) -> HttpResponse:
    """GET: the order and the ways of paying it. POST method=…: start paying that way (the same way again shows the
    same QR code / 缴款码; another gateway closes this order and continues with a new one)."""
    user = _applicant(request)
    order = get_order_for_user(user, number)
    if request.method != "POST":
        return _page(request, order)
    method = request.POST.get("method", "")
    if method not in [choice.value for choice in selectors.available_methods()]:
        return _page(request, order, error=_("请选择本平台提供的支付方式。"), status=400)
    try:
        paid_by = services.start_checkout(
            order=order, method=method, actor=user, client_ip=client_address(request) or ""
        )
    except services.PaymentError as error:
        return _page(request, order, error=str(error), status=409)
    device = request.POST.get("device", "")
    query = f"?device={device}" if device in DEVICES else ""
    return redirect(reverse("payments:pay", args=[paid_by.number]) + query)


@login_required
@require_POST
def check(request: HttpRequest, number: str) -> HttpResponse:
    """我已完成支付: ask the gateway about this order now."""
    user = _applicant(request)
    order = get_order_for_user(user, number)
    if order.state != OrderState.PENDING:
        return redirect("payments:pay", number=order.number)
    if not order.channel:
        return _page(request, order, error=_("请先选择支付方式并完成支付。"), status=409)
    try:
        order = services.refresh_order(order)
    except services.PaymentError as error:
        return _page(request, order, error=str(error), status=409)
    if order.state == OrderState.PAID:
        messages.success(request, _("支付成功，票据已开具。"))
    elif order.state == OrderState.CLOSED:
        messages.error(request, _("该订单已关闭，请返回办件重新缴费。"))
    else:
        messages.info(request, _("尚未查到您的付款。如已付款，请稍候片刻再点“我已完成支付”。"))
    return redirect("payments:pay", number=order.number)


@login_required
@require_safe
def status(request: HttpRequest, number: str) -> JsonResponse:
    """The order's state, for the pay page's polling (payments-status.js): it reloads when the state changes."""
    order = get_order_for_user(_applicant(request), number)
    return JsonResponse(
        {"number": order.number, "state": order.state, "label": str(OrderState(order.state).label), "v": order.version}
    )


@login_required
@require_safe
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """The order's 财政电子票据 (PDF), for the applicant and staff who may see the case. It names the payer: every
    download is audited, a download by anyone else as a view of the payer's data."""
    user: User = request.user  # type: ignore[assignment]
    order = get_order_for_user(user, number)
    found = Receipt.objects.filter(order=order).select_related("order__case").first()
    if found is None:
        raise Http404(_("该订单尚无票据。"))
    # Someone other than the payer reading the payer's name is recorded against the payer (their 账户记录 lists it).
    other = order.payer is not None and order.payer_id != user.pk
    audit.record(
        actor=user,
        action="payments.receipt_download",
        channel=getattr(request, "channel", "web"),
        target=order.payer if other else found,
        detail={"order": order.number, "case": order.case.number, "receipt": f"{found.code}-{found.number}"},
    )
    response = HttpResponse(services.receipt_pdf(found), content_type="application/pdf")
    name = services.receipt_name(order)
    as_download(response, f"{name}-{found.code}-{found.number}.pdf", fallback=f"receipt-{found.number}.pdf")
    return response


@login_required
@require_safe
def mine(request: HttpRequest) -> HttpResponse:
    """我的缴费: the orders of the person's cases, newest first."""
    user = _applicant(request)
    orders = orders_for_user(user).select_related("case__item", "receipt").order_by("-created_at", "-pk")[:100]
    return render(request, "portal/payments/mine.html", {"orders": orders})
