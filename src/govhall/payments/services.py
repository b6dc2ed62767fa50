"""Every change to money, by name (docs/payments.md). The work is split by sub-domain — orders (made from case
events, checkout, window payment, expiry and catching up by query), notifications (applying what a gateway says),
refunds, receipts and reconciliation — and gathered here so pages, the API and tasks import one module."""

from govhall.payments.channels import checkout_methods
from govhall.payments.errors import PaymentError, PaymentNotAllowed
from govhall.payments.notifications import apply_notification, receive_notification
from govhall.payments.orders import (
    close_expired,
    open_order,
    record_window_payment,
    refresh_order,
    start_checkout,
    sync_pending,
)
from govhall.payments.postage import (
    due_postage,
    open_postage_order,
    postage_paid,
    renew_postage_order,
    settle_cancelled_parcel,
)
from govhall.payments.receipts import find_receipt, issue_receipt, receipt_name, receipt_pdf, receipt_title, verify_url
from govhall.payments.reconciliation import reconcile, resolve_difference
from govhall.payments.refunds import (
    approve_refund,
    refundable_fen,
    reject_refund,
    request_refund,
    request_system_refund,
)

__all__ = [
    "PaymentError",
    "PaymentNotAllowed",
    "apply_notification",
    "approve_refund",
    "checkout_methods",
    "close_expired",
    "due_postage",
    "find_receipt",
    "issue_receipt",
    "open_order",
    "open_postage_order",
    "postage_paid",
    "receipt_name",
    "receipt_pdf",
    "receipt_title",
    "receive_notification",
    "reconcile",
    "record_window_payment",
    "refresh_order",
    "refundable_fen",
    "reject_refund",
    "renew_postage_order",
    "request_refund",
    "request_system_refund",
    "resolve_difference",
    "settle_cancelled_parcel",
    "start_checkout",
    "sync_pending",
    "verify_url",
]
