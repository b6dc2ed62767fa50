"""The back office's read-only view of money (changes go through payments.services only): orders, refunds, receipts
and reconciliation differences, each narrowed to the departments where the person's role holds payments.reconcile."""

from django.contrib import admin

from govhall.core.admin import ReadOnlyMixin
from govhall.organisations.admin import RoleScopedAdmin
from govhall.payments.models import PaymentOrder, ReconciliationDifference, ReconciliationRun, Refund


@admin.register(PaymentOrder)
class PaymentOrderAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "payments.reconcile"
    department_path = "case__department"
    list_display = ["number", "case", "amount_fen", "state", "channel", "created_at", "paid_at", "refunded_fen"]
    list_filter = ["state", "channel"]
    search_fields = ["number", "case__number", "payment_code", "gateway_trade_no"]
    list_select_related = ["case__item"]
    exclude = ["payer", "collected_by"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "payments.reconcile"
    department_path = "order__case__department"
    list_display = ["out_refund_no", "order", "amount_fen", "state", "requested_at", "decided_at", "finished_at"]
    list_filter = ["state"]
    search_fields = ["out_refund_no", "order__number"]
    exclude = ["requested_by", "approved_by"]


@admin.register(ReconciliationRun)
class ReconciliationRunAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "payments.reconcile"
    list_display = ["channel", "day", "ours", "theirs", "matched", "differences", "created_at"]
    list_filter = ["channel"]


@admin.register(ReconciliationDifference)
class ReconciliationDifferenceAdmin(ReadOnlyMixin, RoleScopedAdmin):
    role_permission = "payments.reconcile"
    list_display = ["kind", "channel", "out_trade_no", "ours_fen", "theirs_fen", "note", "created_at", "resolved_at"]
    list_filter = ["kind", "channel"]
    search_fields = ["out_trade_no", "out_refund_no"]
    exclude = ["resolved_by"]
