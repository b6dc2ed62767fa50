"""The applicant's 寄送原件: book a courier pick-up of the originals, cancel it before collection (delivery.services)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from govhall.accounts.models import User
from govhall.cases.access import get_case_for_user
from govhall.cases.services import CaseError
from govhall.delivery import services
from govhall.delivery.models import Shipment


@login_required
@require_POST
def book_pickup(request: HttpRequest, number: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    try:
        shipment = services.book_pickup(
            case=case,
            actor=user,
            name=request.POST.get("name", "")[:50],
            phone=request.POST.get("phone", "")[:20],
            address=request.POST.get("address", "")[:300],
            day=request.POST.get("day", "")[:10],
            slot=request.POST.get("slot", "")[:5],
            channel=getattr(request, "channel", "web"),
        )
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已预约快递上门取件，运单号 {shipment.waybill}。")
    return redirect("cases:detail", number=case.number)


@login_required
@require_POST
def cancel_shipment(request: HttpRequest, number: str, shipment_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    case = get_case_for_user(user, number)
    shipment = Shipment.objects.filter(pk=shipment_id, case=case).select_related("case").first()
    if shipment is None:
        raise Http404("没有该寄递记录。")
    try:
        services.cancel_shipment(shipment=shipment, actor=user, channel=getattr(request, "channel", "web"))
    except CaseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "已取消取件预约。")
    return redirect("cases:detail", number=case.number)
