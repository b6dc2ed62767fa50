"""The workbench's 快递寄递: 寄出结果 (book the courier), a waybill typed by hand, cancel before collection, tracking
entered by hand for a waybill of a carrier GovHall has no API for. Thin: the rules are delivery.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from govhall.accounts.access import staff_member
from govhall.cases.access import get_case_for_user
from govhall.cases.services import CaseError
from govhall.delivery import services, tracking
from govhall.delivery.models import Shipment


@login_required
@require_POST
def post_result(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_member(request)
    case = get_case_for_user(user, number)
    try:
        shipment = services.post_result(case=case, actor=user, channel="window")
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已寄出，运单号 {shipment.waybill}；签收后办件自动送达。")
    return redirect("workbench:handle", number=case.number)


@login_required
@require_POST
def enter_waybill(request: HttpRequest, number: str) -> HttpResponse:
    user = staff_member(request)
    case = get_case_for_user(user, number)
    try:
        shipment = services.enter_waybill(
            case=case,
            actor=user,
            carrier=request.POST.get("carrier", "")[:12],
            waybill=request.POST.get("waybill", "")[:60],
            channel="window",
        )
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已录入运单号 {shipment.waybill}。")
    return redirect("workbench:handle", number=case.number)


def _shipment(request: HttpRequest, number: str, shipment_id: int) -> Shipment:
    user = staff_member(request)
    case = get_case_for_user(user, number)
    shipment = Shipment.objects.filter(pk=shipment_id, case=case).select_related("case").first()
    if shipment is None:
        raise Http404("没有该寄递记录。")
    return shipment


@login_required
@require_POST
def cancel_shipment(request: HttpRequest, number: str, shipment_id: int) -> HttpResponse:
    shipment = _shipment(request, number, shipment_id)
    try:
        services.cancel_shipment(shipment=shipment, actor=staff_member(request), channel="window")
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已取消快递订单。")
    return redirect("workbench:handle", number=number)


@login_required
@require_POST
def track_by_hand(request: HttpRequest, number: str, shipment_id: int) -> HttpResponse:
    shipment = _shipment(request, number, shipment_id)
    try:
        tracking.record_by_hand(
            shipment=shipment, actor=staff_member(request), state=request.POST.get("state", "")[:12], channel="window"
        )
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已登记物流状态。")
    return redirect("workbench:handle", number=number)


@login_required
@require_POST
def print_label(request: HttpRequest, number: str, shipment_id: int) -> HttpResponse:
    """面单 in full, to print (POST: each printing is audited)."""
    shipment = _shipment(request, number, shipment_id)
    try:
        lines = services.label_for_printing(shipment=shipment, actor=staff_member(request), channel="window")
    except CaseError as error:
        raise PermissionDenied(str(error)) from error
    return render(request, "delivery/label.html", {"shipment": shipment, "lines": lines, "case": shipment.case})
