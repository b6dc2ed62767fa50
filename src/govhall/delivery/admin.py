"""Staff's read-only view of parcels (寄递) in the back office, scoped to the departments where their role may see
cases; names and phones masked, addresses and labels not shown (the workbench's case page is where parcels are
handled)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from govhall.core.admin import ReadOnlyMixin
from govhall.delivery.models import Shipment, TrackingEvent
from govhall.organisations.admin import RoleScopedAdmin


class TrackingEventInline(admin.TabularInline):
    model = TrackingEvent
    fields = readonly_fields = ("at", "state", "description", "location", "source", "external_id")
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Shipment)
class ShipmentAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "cases.view"
    department_path = "case__department"
    list_display = ["waybill", "carrier", "direction", "state", "case_number", "recipient", "booked_at", "tracked_at"]
    list_filter = ["state", "direction", "carrier"]
    search_fields = ["waybill", "case__number"]
    list_select_related = ["case"]
    fields = readonly_fields = (
        "case_number",
        "direction",
        "carrier",
        "waybill",
        "out_order_id",
        "state",
        "contents",
        "recipient",
        "sender",
        "manual",
        "postage_payer",
        "postage_fen",
        "booked_at",
        "tracked_at",
    )
    inlines = [TrackingEventInline]

    @admin.display(description=gettext_lazy("办件编号"), ordering="case__number")
    def case_number(self, shipment: Shipment) -> str:
        return str(shipment.case.number)

    @admin.display(description=gettext_lazy("收件人"))
    def recipient(self, shipment: Shipment) -> str:
        return shipment.masked_recipient

    @admin.display(description=gettext_lazy("寄件人"))
    def sender(self, shipment: Shipment) -> str:
        return shipment.masked_sender
