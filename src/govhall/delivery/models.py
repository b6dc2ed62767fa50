"""A parcel of a case (Shipment: materials in or the result out) and its tracking timeline (TrackingEvent). Names,
phones, addresses and the courier's label are personal data: encrypted at rest (core.crypto), masked on display."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from govhall.catalog.constants import PostagePayer
from govhall.core.crypto import EncryptedTextField, mask_name, mask_phone
from govhall.delivery.constants import Carrier, Direction, EventSource, ShipmentState


class Shipment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="shipments")
    direction = models.CharField(_("方向"), max_length=3, choices=Direction.choices)
    carrier = models.CharField(_("快递公司"), max_length=12, choices=Carrier.choices)
    waybill = models.CharField(_("运单号"), max_length=40)
    out_order_id = models.CharField(_("下单编号"), max_length=64, blank=True, default="")
    state = models.CharField(_("状态"), max_length=12, choices=ShipmentState.choices, default=ShipmentState.ORDERED)
    contents = models.CharField(_("内件"), max_length=200)
    sender_name = EncryptedTextField(_("寄件人"))
    sender_phone = EncryptedTextField(_("寄件人电话"), blank=True, default="")
    sender_address = EncryptedTextField(_("寄件地址"))
    recipient_name = EncryptedTextField(_("收件人"))
    recipient_phone = EncryptedTextField(_("收件人电话"), blank=True, default="")
    recipient_address = EncryptedTextField(_("收件地址"))
    pickup_from = models.DateTimeField(_("预约取件开始"), null=True, blank=True)
    pickup_until = models.DateTimeField(_("预约取件结束"), null=True, blank=True)
    label = EncryptedTextField(_("面单"), blank=True, default="")
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    booked_at = models.DateTimeField(_("下单时间"), default=timezone.now)
    manual = models.BooleanField(_("人工录入运单号"), default=False)
    postage_payer = models.CharField(_("邮费承担"), max_length=12, choices=PostagePayer.choices)
    postage_fen = models.PositiveIntegerField(_("申请人应付邮费（分）"), default=0)
    tracked_at = models.DateTimeField(_("最近一次收到轨迹"), default=timezone.now)

    class Meta:
        verbose_name = _("寄递")
        verbose_name_plural = _("寄递")
        ordering = ["booked_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["carrier", "waybill"], name="shipment_waybill_unique"),
            models.UniqueConstraint(
                fields=["out_order_id"], condition=~Q(out_order_id=""), name="shipment_out_order_unique"
            ),
            # One parcel under way per case and direction; a cancelled or returned one may be followed by another.
            models.UniqueConstraint(
                fields=["case", "direction"],
                condition=~Q(state__in=[ShipmentState.CANCELLED, ShipmentState.RETURNED]),
                name="shipment_one_live_per_direction",
            ),
            models.CheckConstraint(condition=Q(state__in=ShipmentState.values), name="shipment_state_valid"),
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="shipment_direction_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_carrier_display()} {self.waybill}"

    @property
    def masked_recipient(self) -> str:
        return f"{mask_name(self.recipient_name)} {mask_phone(self.recipient_phone)}".strip()

    @property
    def masked_sender(self) -> str:
        return f"{mask_name(self.sender_name)} {mask_phone(self.sender_phone)}".strip()


class TrackingEvent(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"))
    state = models.CharField(_("状态"), max_length=12, choices=ShipmentState.choices)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    location = models.CharField(_("地点"), max_length=100, blank=True)
    source = models.CharField(_("来源"), max_length=8, choices=EventSource.choices)
    external_id = models.CharField(_("快递事件编号"), max_length=64, blank=True, default="")
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        verbose_name = _("物流轨迹")
        verbose_name_plural = _("物流轨迹")
        ordering = ["at", "pk"]
        constraints = [
            # A push repeated (or the same event found again by a query) is one event.
            models.UniqueConstraint(
                fields=["shipment", "external_id"], condition=~Q(external_id=""), name="tracking_event_once"
            ),
            models.CheckConstraint(condition=Q(state__in=ShipmentState.values), name="tracking_event_state_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.shipment.waybill} {self.get_state_display()}"
