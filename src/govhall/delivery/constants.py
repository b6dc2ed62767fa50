"""双向寄递: the directions of a parcel, its tracking states and where a tracking event came from (DOMAIN.md
"Delivery"). The state of a shipment only moves forward (RANK); FINAL_STATES take no further event."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    IN = "in", _("寄件（申请材料原件）")
    OUT = "out", _("寄递（办理结果）")


class ShipmentState(models.TextChoices):
    ORDERED = "ordered", _("已下单")
    COLLECTED = "collected", _("已揽收")
    IN_TRANSIT = "in_transit", _("运输中")
    DELIVERING = "delivering", _("派送中")
    SIGNED = "signed", _("已签收")
    RETURNED = "returned", _("退回")
    CANCELLED = "cancelled", _("已取消")


S = ShipmentState
# How far along a parcel is: an event of a lower rank than the shipment's state (a late push) is kept in the timeline
# but does not move the state back.
RANK: dict[str, int] = {
    S.ORDERED: 0,
    S.COLLECTED: 1,
    S.IN_TRANSIT: 2,
    S.DELIVERING: 3,
    S.SIGNED: 4,
    S.RETURNED: 4,
    S.CANCELLED: 4,
}
FINAL_STATES = frozenset({S.SIGNED, S.RETURNED, S.CANCELLED})
# The states a courier may report (push or query); ordering and cancelling are GovHall's own acts.
REPORTED_STATES = frozenset({S.COLLECTED, S.IN_TRANSIT, S.DELIVERING, S.SIGNED, S.RETURNED})
# The states the applicant is told about (寄出 / 揽收 / 运输中 / 签收 / 退回), each once per shipment.
NOTICE_STATES = frozenset({S.ORDERED, S.COLLECTED, S.IN_TRANSIT, S.SIGNED, S.RETURNED})


class EventSource(models.TextChoices):
    ORDER = "order", _("下单")
    PUSH = "push", _("快递推送")
    QUERY = "query", _("查询")
    MANUAL = "manual", _("人工录入")


class Carrier(models.TextChoices):
    """Carriers a clerk may name for a waybill typed by hand. EMS numbers are UPU S10 (validators.s10_is_valid); the
    others' formats are carrier-specific: [A-Z0-9]{8,20}."""

    EMS = "ems", _("中国邮政 EMS")
    SF = "sf", _("顺丰速运")
    JD = "jd", _("京东物流")
    ZTO = "zto", _("中通快递")
    YTO = "yto", _("圆通速递")
    STO = "sto", _("申通快递")
    YUNDA = "yunda", _("韵达快递")


S10_CARRIERS = frozenset({Carrier.EMS})


class PickupSlot(models.TextChoices):
    """The pick-up windows an applicant may choose for materials in."""

    MORNING = "09-12", _("上午 9:00–12:00")
    AFTERNOON = "14-18", _("下午 14:00–18:00")


PICKUP_DAYS_AHEAD = range(1, 8)  # tomorrow up to a week ahead
