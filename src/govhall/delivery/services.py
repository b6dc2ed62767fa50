"""双向寄递, every write: the result posted (post_result), a waybill typed by a clerk (enter_waybill), a courier
pick-up of originals booked by the applicant (book_pickup), an order cancelled before collection (cancel_shipment).

The rule of the outside call: everything that can refuse is checked first (permission, state, method, address),
then the courier is called outside any transaction and row lock (idempotent: the same out_order_id answers the same
waybill), then the Shipment and its first TrackingEvent are recorded in one transaction that checks again under the
case's row lock. Tracking afterwards (push, query, hand entry) is delivery.tracking."""

import json
import re
from collections.abc import Callable
from datetime import datetime, time

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.cases.access import cases_for_user
from govhall.cases.constants import Act, CaseState, DeliveryMethod
from govhall.cases.fees import yuan
from govhall.cases.models import Case
from govhall.cases.permissions import role_allows
from govhall.cases.services import ActNotAllowed, CaseError, check_act
from govhall.catalog.constants import PostagePayer
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.delivery import tracking
from govhall.delivery.constants import (
    PICKUP_DAYS_AHEAD,
    Carrier,
    Direction,
    EventSource,
    PickupSlot,
    ShipmentState,
)
from govhall.delivery.couriers import Booking, CourierError, Order, Party, courier
from govhall.delivery.models import Shipment, TrackingEvent
from govhall.delivery.validators import normalise, waybill_problem
from govhall.organisations.access import staff_can
from govhall.organisations.models import Hall
from govhall.payments import postage

# The states in which an applicant may still send originals in (after submission, before the decision).
PICKUP_STATES = frozenset(
    {CaseState.SUBMITTED, CaseState.CORRECTION, CaseState.ACCEPTED, CaseState.UNDER_REVIEW, CaseState.SUSPENDED}
)
ENDED = (ShipmentState.CANCELLED, ShipmentState.RETURNED)
PHONE = re.compile(r"1\d{10}|0\d{2,3}-?\d{7,8}")  # a mobile number or a landline with its area code


class DeliveryError(CaseError):
    """A parcel cannot be booked, entered or cancelled; the message says why, for the person acting."""


def postage_due(shipment: Shipment) -> int:
    """The postage (fen) the applicant owes for this parcel: POSTAGE_FEN when the item's postage is the applicant's,
    else 0. The one home of the rule; payments.postage turns it into an order."""
    return shipment.postage_fen if shipment.postage_payer == PostagePayer.APPLICANT else 0


def postage_to_charge(case: Case) -> int:
    """The postage (fen) a new parcel of `case` will cost the applicant (0 when the government pays)."""
    return int(settings.POSTAGE_FEN) if case.guide_version.postage_payer == PostagePayer.APPLICANT else 0


def postage_reference(case: Case, direction: str) -> str:
    """The postage order's key: the case and direction, whatever the round — postage paid for a parcel cancelled or
    returned carries over to the next one (the applicant pays once per direction)."""
    return f"{case.number}-{direction}"


def _require_postage(case: Case, actor: User, reference: str) -> None:
    """A result the applicant pays postage for leaves once its postage order is paid: the order is opened (the
    applicant is told) and the post refused until then."""
    amount = postage_to_charge(case)
    if not amount:
        return
    order = postage.open_postage_order(case=case, amount_fen=amount, reference=reference, actor=actor)
    if order.state not in postage.PAID_STATES:
        raise DeliveryError(
            _("申请人尚未支付邮费 %(yuan)s 元，已通知申请人在办件页面支付；支付后再寄出。") % {"yuan": yuan(amount)}
        )


def live_shipment(case: Case, direction: str) -> Shipment | None:
    return Shipment.objects.filter(case=case, direction=direction).exclude(state__in=ENDED).first()


def may_post_result(actor: User, case: Case) -> bool:
    """May `actor` post this case's result now (the workbench's 寄出结果)?"""
    try:
        _check_post(case, actor)
    except CaseError:
        return False
    return live_shipment(case, Direction.OUT) is None


def may_book_pickup(actor: User, case: Case) -> bool:
    try:
        _check_pickup(case, actor)
    except CaseError:
        return False
    return live_shipment(case, Direction.IN) is None


def post_result(*, case: Case, actor: User, channel: str = Channel.WINDOW) -> Shipment:
    """寄出结果: book the courier for a concluded case whose result goes by post. Not one transaction: it checks,
    calls the courier, then records (tracking.record_booking). Booking again answers the parcel already booked."""
    case = _check_post(case, actor)
    if (found := live_shipment(case, Direction.OUT)) is not None:
        return found
    _require_postage(case, actor, postage_reference(case, Direction.OUT))
    hall = hall_of(case)
    order = Order(
        out_order_id=_out_order_id(case, Direction.OUT),
        sender=Party(case.department.name, hall.phone if hall else "", hall.address if hall else case.department.name),
        recipient=Party(_applicant_name(case), case.applicant.phone, case.delivery_address),
        contents=f"{case.item.name} 办理结果"[:200],
        notify_url=notify_url(),
    )
    booking = _book(order)
    return _record(case, actor, channel, Direction.OUT, order, booking.waybill, booking.label, recheck=_check_post)


def book_pickup(
    *,
    case: Case,
    actor: User,
    name: str,
    phone: str,
    address: str,
    day: datetime | str,
    slot: str,
    channel: str = Channel.WEB,
) -> Shipment:
    """预约快递上门取件（寄送原件）: the applicant (or their agent) has the courier collect the originals the guide asks
    for and bring them to the case's hall."""
    case = _check_pickup(case, actor)
    if (found := live_shipment(case, Direction.IN)) is not None:
        return found
    name, phone, address = name.strip()[:50], phone.strip()[:20], address.strip()[:300]
    if not name or not phone or not address:
        raise DeliveryError("请填写取件联系人、电话和取件地址。")
    if not PHONE.fullmatch(phone):
        raise DeliveryError("请填写正确的联系电话（手机号码或带区号的固定电话）。")
    start, end = pickup_window(day, slot)
    hall = hall_of(case)
    if hall is None:
        raise DeliveryError("该事项没有收件大厅，请联系承办部门。")
    order = Order(
        out_order_id=_out_order_id(case, Direction.IN),
        sender=Party(name, phone, address),
        recipient=Party(f"{hall.name} {case.department.name}", hall.phone, hall.address),
        contents=f"{case.item.name} 申请材料原件"[:200],
        notify_url=notify_url(),
        pickup_from=start,
        pickup_until=end,
    )
    booking = _book(order)
    return _record(case, actor, channel, Direction.IN, order, booking.waybill, booking.label, recheck=_check_pickup)


def enter_waybill(*, case: Case, actor: User, carrier: str, waybill: str, channel: str = Channel.WINDOW) -> Shipment:
    """A clerk who posted the result at the counter types its waybill (EMS: UPU S10 with its check digit)."""
    case = _check_post(case, actor)
    waybill = normalise(waybill)
    if carrier not in Carrier.values:
        raise DeliveryError("请选择快递公司。")
    if (problem := waybill_problem(carrier, waybill)) is not None:
        raise DeliveryError(problem)
    if Shipment.objects.filter(carrier=carrier, waybill=waybill).exists():
        raise DeliveryError("该运单号已登记。")
    if live_shipment(case, Direction.OUT) is not None:
        raise DeliveryError("该办件的结果已寄出。")
    hall = hall_of(case)
    order = Order(
        out_order_id="",
        sender=Party(case.department.name, hall.phone if hall else "", hall.address if hall else case.department.name),
        recipient=Party(_applicant_name(case), case.applicant.phone, case.delivery_address),
        contents=f"{case.item.name} 办理结果"[:200],
        notify_url="",
    )
    return _record(case, actor, channel, Direction.OUT, order, waybill, "", recheck=_check_post, carrier=carrier)


def cancel_shipment(*, shipment: Shipment, actor: User, channel: str = Channel.WINDOW) -> Shipment:
    """Cancel an order the courier has not collected yet (the courier first, then the record). Postage the applicant
    was asked for is not owed any more: a pending order is closed, a paid one asked back (payments.postage)."""
    case = shipment.case
    if shipment.direction == Direction.OUT:
        if not staff_may_deliver(actor, case):
            raise ActNotAllowed("您的岗位无权取消该寄递。")
    elif not (staff_can(actor, "cases.receive", case.department) or applicant_side(actor, case)):
        raise ActNotAllowed("您无权取消该取件预约。")
    if shipment.state != ShipmentState.ORDERED:
        raise DeliveryError("快递已揽收，不能取消。")
    if not shipment.manual and shipment.carrier == courier().carrier:
        try:
            courier().cancel(shipment.waybill)
        except CourierError as error:
            raise DeliveryError("快递公司未能取消订单（可能已揽收），请稍后刷新查看。") from error
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()  # case first
        cancelled = tracking.record_cancel(shipment=shipment, actor=actor, channel=channel)
        if cancelled.postage_fen:  # the applicant's postage still to pay is not owed any more
            postage.settle_cancelled_parcel(case=case, reference=postage_reference(case, cancelled.direction))
    return cancelled


def label_for_printing(*, shipment: Shipment, actor: User, channel: str = Channel.WINDOW) -> list[str]:
    """面单: the courier's label lines, in full (names, phones, addresses), for staff who may handle the parcel; each
    printing is audited."""
    case = shipment.case
    allowed = (
        staff_may_deliver(actor, case)
        if shipment.direction == Direction.OUT
        else staff_can(actor, "cases.receive", case.department)
    )
    if not allowed or not getattr(actor, "is_staff_member", False):
        raise ActNotAllowed("您的岗位无权打印该面单。")
    try:
        lines = json.loads(shipment.label or "{}").get("lines", [])
    except ValueError:
        lines = []
    audit.record(actor=actor, action="delivery.label", channel=channel, target=shipment, detail={"case": case.number})
    return [str(line) for line in lines] or [f"{shipment.get_carrier_display()} {shipment.waybill}"]


# --- the checks, one home each --------------------------------------------------------------------------------------


def staff_may_deliver(actor: User, case: Case) -> bool:
    """Staff whose role in the case's department may deliver (cases.permissions, the 送达 act's rule)."""
    return bool(getattr(actor, "is_staff_member", False)) and role_allows(actor, case, Act.DELIVER)


def _check_post(case: Case, actor: User) -> Case:
    """Raises unless `actor` may post the result of `case` now; the case as it is in the database."""
    current = Case.objects.select_related("guide_version", "department", "item", "applicant").get(pk=case.pk)
    if actor is None or not getattr(actor, "is_staff_member", False):
        raise ActNotAllowed("只有承办部门的工作人员可以寄出办理结果。")
    check_act(case=current, act=Act.DELIVER, actor=actor)  # the department's deliver permission and 已办结
    if current.delivery_method != DeliveryMethod.POST:
        raise DeliveryError("该办件的送达方式不是快递送达。")
    if not current.delivery_address.strip():
        raise DeliveryError("该办件没有邮寄地址，请联系申请人改为窗口领取。")
    return current


def applicant_side(actor: User, case: Case) -> bool:
    """The applicant, or an agent or legal representative who may see the case (cases.access)."""
    if getattr(actor, "is_staff_member", False):
        return False
    return case.applicant_id == actor.pk or cases_for_user(actor).filter(pk=case.pk).exists()


def _check_pickup(case: Case, actor: User) -> Case:
    current = Case.objects.select_related("guide_version", "department", "item", "applicant", "hall").get(pk=case.pk)
    if actor is None or not applicant_side(actor, current):
        raise ActNotAllowed("只有申请人或其代理人可以预约取件。")
    if not current.guide_version.express_in:
        raise DeliveryError("该事项不支持邮寄申请材料。")
    if not current.guide_version.materials.filter(originals__gt=0).exists():
        raise DeliveryError("该事项无需提交原件。")
    if current.state not in PICKUP_STATES:
        raise DeliveryError(f"办件当前状态为“{CaseState(current.state).label}”，不能预约寄送原件。")
    return current


def pickup_window(day: datetime | str, slot: str) -> tuple[datetime, datetime]:
    """The pick-up window (aware datetimes) for a day from tomorrow up to a week ahead and a PickupSlot."""
    try:
        date = datetime.fromisoformat(str(day)).date() if not isinstance(day, datetime) else day.date()
    except ValueError as error:
        raise DeliveryError("请选择取件日期。") from error
    ahead = (date - timezone.localdate()).days
    if ahead not in PICKUP_DAYS_AHEAD:
        raise DeliveryError(f"取件日期应在明天到 {PICKUP_DAYS_AHEAD.stop - 1} 天内。")
    if slot not in PickupSlot.values:
        raise DeliveryError("请选择取件时段。")
    first, last = (int(hour) for hour in slot.split("-"))
    zone = timezone.get_current_timezone()
    return datetime.combine(date, time(first), zone), datetime.combine(date, time(last), zone)


def hall_of(case: Case) -> Hall | None:
    """Where the case's originals go and its result leaves from: its hall, else its department's first hall."""
    return case.hall or Hall.objects.filter(departments=case.department_id).order_by("pk").first()


def notify_url() -> str:
    """Where the courier pushes tracking (portal's thin view)."""
    return settings.SITE_URL + reverse("delivery_notify", kwargs={"carrier": courier().carrier})


def _applicant_name(case: Case) -> str:
    return case.organisation.name if case.organisation_id else case.applicant.display_name  # type: ignore[union-attr]


def _out_order_id(case: Case, direction: str) -> str:
    """The courier's idempotency key: the case number and direction, and a round after a cancelled or returned one."""
    ended = Shipment.objects.filter(case=case, direction=direction, state__in=ENDED).count()
    return f"{case.number}-{direction}" + (f"-{ended + 1}" if ended else "")


def _book(order: Order) -> Booking:
    try:
        return courier().order(order)
    except CourierError as error:
        raise DeliveryError("快递下单未成功，请稍后重试。") from error


@transaction.atomic
def _record(
    case: Case,
    actor: User,
    channel: str,
    direction: str,
    order: Order,
    waybill: str,
    label: str,
    *,
    recheck: Callable[[Case, User], Case],
    carrier: str = "",
) -> Shipment:
    locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
    recheck(locked, actor)  # under the row lock: nothing changed while the courier was called
    if (found := live_shipment(locked, direction)) is not None:
        return found  # a second click that booked the same out_order_id
    payer = locked.guide_version.postage_payer
    shipment = Shipment.objects.create(
        case=locked,
        direction=direction,
        carrier=carrier or courier().carrier,
        waybill=waybill,
        out_order_id=order.out_order_id,
        contents=order.contents,
        sender_name=order.sender.name,
        sender_phone=order.sender.phone,
        sender_address=order.sender.address,
        recipient_name=order.recipient.name,
        recipient_phone=order.recipient.phone,
        recipient_address=order.recipient.address,
        pickup_from=order.pickup_from,
        pickup_until=order.pickup_until,
        label=label,
        booked_by=actor,
        manual=not order.out_order_id,
        postage_payer=payer,
        postage_fen=settings.POSTAGE_FEN if payer == PostagePayer.APPLICANT else 0,
    )
    source = EventSource.MANUAL if shipment.manual else EventSource.ORDER
    first = TrackingEvent.objects.create(
        shipment=shipment,
        at=timezone.now(),
        state=ShipmentState.ORDERED,
        description=tracking.ORDERED_TEXT[direction],
        source=source,
    )
    if direction == Direction.OUT:
        Case.objects.filter(pk=locked.pk).update(tracking_number=waybill)
    audit.record(
        actor=actor,
        action="delivery.book" if not shipment.manual else "delivery.enter_waybill",
        channel=channel,
        target=locked,
        detail={
            "direction": direction,
            "carrier": shipment.carrier,
            "waybill": waybill,
            "postage_fen": postage_due(shipment),
        },
    )
    tracking.tell(shipment, first)
    if direction == Direction.IN and (due := postage_due(shipment)):
        # Originals in: the courier comes anyway; the postage is due on the case page, listed to the clerk.
        postage.open_postage_order(
            case=locked, amount_fen=due, reference=postage_reference(locked, direction), actor=actor
        )
    return shipment
