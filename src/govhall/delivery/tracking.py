"""A parcel's timeline: every tracking event, whichever way it came (the courier's push, a query by the sync task, a
clerk's hand entry), is recorded by record_tracking: once per courier event id, the state moving forward only, the
applicant told once per state (寄出 / 揽收 / 运输中 / 签收 / 退回, through notices.tell in the same transaction) and —
for a result out — 签收 delivering the case (cases act_on DELIVER as the system, in the same transaction)."""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.constants import Act
from govhall.cases.services import ActNotAllowed, CaseError, act_on
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.delivery.constants import (
    FINAL_STATES,
    NOTICE_STATES,
    RANK,
    Direction,
    EventSource,
    ShipmentState,
)
from govhall.delivery.couriers import CourierError, Tracking, courier
from govhall.delivery.models import Shipment, TrackingEvent
from govhall.notices.services import tell as tell_person

log = logging.getLogger(__name__)

S = ShipmentState
ORDERED_TEXT: dict[str, str] = {Direction.OUT: "寄出：已下单，等待快递揽收", Direction.IN: "已预约快递上门取件"}
SIGNED_IN_TEXT = "原件已送达"
# What the applicant is told, per direction and state ({waybill}, {carrier}). A result signed for is told by the case's
# own 送达 notice (cases.notifications), so not twice.
NOTICES: dict[tuple[str, str], tuple[str, str]] = {
    (Direction.OUT, S.ORDERED): ("寄出", "您的办理结果已寄出（{carrier} 运单号 {waybill}），可在办件页面查看物流。"),
    (Direction.OUT, S.COLLECTED): ("揽收", "您的办理结果已由快递揽收，运单号 {waybill}。"),
    (Direction.OUT, S.IN_TRANSIT): ("运输中", "您的办理结果正在运输中，运单号 {waybill}。"),
    (Direction.OUT, S.RETURNED): ("退回", "您的办理结果快递被退回（运单号 {waybill}），请联系承办部门。"),
    (Direction.IN, S.ORDERED): ("预约取件", "已为您预约快递上门取件（{carrier} 运单号 {waybill}），请备好原件。"),
    (Direction.IN, S.COLLECTED): ("揽收", "您寄送的原件已由快递揽收，运单号 {waybill}。"),
    (Direction.IN, S.IN_TRANSIT): ("运输中", "您寄送的原件正在运输中，运单号 {waybill}。"),
    (Direction.IN, S.SIGNED): ("签收", "您寄送的原件已送达大厅，运单号 {waybill}。"),
    (Direction.IN, S.RETURNED): ("退回", "您寄送的原件被退回（运单号 {waybill}），请联系承办部门。"),
}


def tell(shipment: Shipment, event: TrackingEvent) -> None:
    """The applicant's notice for the state the event brought the shipment to, if it has one (call in the
    transaction that recorded the event)."""
    found = NOTICES.get((shipment.direction, event.state))
    if found is None or event.state not in NOTICE_STATES:
        return
    case = shipment.case
    title, text = found
    body = text.format(carrier=shipment.get_carrier_display(), waybill=shipment.waybill)
    tell_person(
        user=case.applicant, case=case, title=f"【{case.item.name}】{title}", body=f"{body}（办件编号 {case.number}）"
    )


@transaction.atomic
def record_tracking(
    *,
    shipment: Shipment,
    event: Tracking,
    source: str,
    actor: User | None = None,
    channel: str = Channel.SYSTEM,
) -> TrackingEvent | None:
    """Record one tracking event; None when it was recorded before (the same courier event id)."""
    locked = Shipment.objects.select_for_update().select_related("case__item", "case__applicant").get(pk=shipment.pk)
    if event.event_id and locked.events.filter(external_id=event.event_id).exists():
        return None
    recorded = TrackingEvent.objects.create(
        shipment=locked,
        at=event.at,
        state=event.state,
        description=(SIGNED_IN_TEXT if locked.direction == Direction.IN and event.state == S.SIGNED else "")
        or event.description,
        location=event.location,
        source=source,
        external_id=event.event_id,
    )
    before = locked.state
    moved = before not in FINAL_STATES and RANK[event.state] > RANK[before]
    if moved:
        locked.state = event.state
    locked.tracked_at = timezone.now()
    locked.save(update_fields=["state", "tracked_at"])
    audit.record(
        actor=actor,
        action="delivery.tracking",
        channel=channel,
        target=locked,
        detail={"source": source, "state": event.state, "from": before, "to": locked.state, "id": event.event_id},
    )
    if moved:
        tell(locked, recorded)
        if event.state == S.SIGNED and locked.direction == Direction.OUT:
            _deliver(locked)
    return recorded


def _deliver(shipment: Shipment) -> None:
    """A result signed for concludes delivery: the case's 送达, by the system, naming the waybill."""
    try:
        act_on(
            case=shipment.case,
            act=Act.DELIVER,
            actor=None,
            channel=Channel.SYSTEM,
            detail={"method": "post", "waybill": shipment.waybill},
        )
    except ActNotAllowed as refused:  # revoked meanwhile, or delivered another way: the timeline keeps the 签收
        audit.record(
            actor=None,
            action="delivery.signed_not_delivered",
            target=shipment.case,
            detail={"waybill": shipment.waybill, "why": str(refused)[:200]},
        )


@transaction.atomic
def record_cancel(*, shipment: Shipment, actor: User, channel: str) -> Shipment:
    locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
    if locked.state != S.ORDERED:
        raise CaseError("快递已揽收，不能取消。")
    locked.state = S.CANCELLED
    locked.save(update_fields=["state"])
    TrackingEvent.objects.create(
        shipment=locked, at=timezone.now(), state=S.CANCELLED, description="订单已取消", source=EventSource.MANUAL
    )
    audit.record(
        actor=actor, action="delivery.cancel", channel=channel, target=locked, detail={"waybill": locked.waybill}
    )
    return locked


def record_by_hand(
    *, shipment: Shipment, actor: User, state: str, description: str = "", channel: str = Channel.WINDOW
) -> TrackingEvent | None:
    """A clerk records tracking of a waybill typed by hand (a carrier GovHall has no API for), e.g. 已签收."""
    if state not in (S.COLLECTED, S.IN_TRANSIT, S.DELIVERING, S.SIGNED, S.RETURNED):
        raise CaseError("请选择物流状态。")
    event = Tracking(event_id="", at=timezone.now(), state=state, description=description.strip()[:200])
    return record_tracking(shipment=shipment, event=event, source=EventSource.MANUAL, actor=actor, channel=channel)


@task()
def sync_tracking() -> int:
    """Periodic: ask the courier for the tracking of parcels under way that had no news for COURIER_SYNC_HOURS (a
    lost push). The courier is called outside any transaction; returns how many new events were recorded."""
    provider = courier()
    cutoff = timezone.now() - timedelta(hours=settings.COURIER_SYNC_HOURS)
    due = Shipment.objects.exclude(state__in=FINAL_STATES).filter(carrier=provider.carrier, tracked_at__lt=cutoff)
    recorded = 0
    for shipment in due.order_by("tracked_at")[:200]:
        try:
            events = provider.track(shipment.waybill)
        except CourierError as error:
            log.warning("tracking of %s not available: %s", shipment.waybill, error)
            events = []
        for event in events:
            recorded += record_tracking(shipment=shipment, event=event, source=EventSource.QUERY) is not None
        Shipment.objects.filter(pk=shipment.pk).update(tracked_at=timezone.now())
    return recorded
