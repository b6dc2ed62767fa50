"""{% delivery_panel case %} on the applicant's case page and {% delivery_panel case staff=True %} on the workbench's:
the case's parcels with their tracking timelines (names and phones masked), and the forms the person may use now —
预约快递上门取件 for the applicant; 寄出结果, a waybill typed by hand, cancel and hand-entered tracking for staff."""

from datetime import timedelta
from typing import Any

from django import template
from django.db.models import Prefetch
from django.utils import timezone

from govhall.cases.models import Case
from govhall.delivery import services
from govhall.delivery.constants import PICKUP_DAYS_AHEAD, Carrier, Direction, PickupSlot, ShipmentState
from govhall.delivery.models import Shipment, TrackingEvent
from govhall.payments import postage
from govhall.payments.models import PaymentOrder

register = template.Library()

HAND_STATES = [
    (state.value, state.label)
    for state in (ShipmentState.COLLECTED, ShipmentState.IN_TRANSIT, ShipmentState.DELIVERING, ShipmentState.SIGNED)
]


@register.inclusion_tag("delivery/_panel.html", takes_context=True)
def delivery_panel(context: dict[str, Any], case: Case, staff: bool = False) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    shipments = list(
        Shipment.objects.filter(case=case).prefetch_related(
            Prefetch("events", queryset=TrackingEvent.objects.order_by("at", "pk"))
        )
    )
    may_post = bool(staff and user and case.delivery_method == "post" and services.may_post_result(user, case))
    may_pickup = bool(not staff and user and services.may_book_pickup(user, case))
    may_cancel = {shipment.pk for shipment in shipments if _may_cancel(user, case, shipment, staff)}
    today = timezone.localdate()
    return {
        "case": case,
        "staff": staff,
        "shipments": [
            (shipment, _yuan(services.postage_due(shipment)), shipment.pk in may_cancel, _postage_order(shipment))
            for shipment in shipments
        ],
        "originals_in": any(s.direction == Direction.IN and s.state == ShipmentState.SIGNED for s in shipments),
        "may_post": may_post,
        "may_pickup": may_pickup,
        "carriers": Carrier.choices,
        "hand_states": HAND_STATES,
        "slots": PickupSlot.choices,
        "days": [today + timedelta(days=ahead) for ahead in PICKUP_DAYS_AHEAD],
        "shown": bool(shipments) or may_post or may_pickup,
        "csrf_token": context.get("csrf_token"),
    }


def _may_cancel(user: Any, case: Case, shipment: Shipment, staff: bool) -> bool:
    if user is None or shipment.state != ShipmentState.ORDERED:
        return False
    if staff:
        return shipment.direction == Direction.OUT and services.staff_may_deliver(user, case)
    return shipment.direction == Direction.IN and services.applicant_side(user, case)


def _postage_order(shipment: Shipment) -> PaymentOrder | None:
    """The parcel's postage order (the newest), when the applicant pays its postage."""
    if not services.postage_due(shipment) or not shipment.out_order_id:
        return None
    found = postage.postage_orders(shipment.case, services.postage_reference(shipment.case, shipment.direction))
    return found[0] if found else None


def _yuan(fen: int) -> str:
    """12.00 for 1200 fen; "" for nothing due."""
    return f"{fen // 100}.{fen % 100:02d}" if fen else ""
