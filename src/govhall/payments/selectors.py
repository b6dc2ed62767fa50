"""Reads for the payment pages (docs/payments-pages.md): which ways of paying this deployment offers, and the orders,
refunds and reconciliation differences a member of staff may see — only in departments where their role holds the
permission the page is about (organisations.access.staff_departments)."""

from django.db.models import Q, QuerySet

from govhall.accounts.models import User
from govhall.cases.models import Case
from govhall.organisations.access import staff_departments
from govhall.payments.channels import checkout_methods
from govhall.payments.constants import METHOD_CHANNEL, CheckoutMethod, OrderState, PaymentPurpose, RefundState
from govhall.payments.gateways import gateway
from govhall.payments.models import PaymentOrder, ReconciliationDifference, ReconciliationRun, Refund

# A QR code suits a computer screen (scan it with the phone); a jump to the wallet suits the phone itself. The 缴款码
# suits both.
DESKTOP_METHODS = (CheckoutMethod.WECHAT_NATIVE, CheckoutMethod.ALIPAY_QR, CheckoutMethod.NON_TAX_CODE)
PHONE_METHODS = (CheckoutMethod.WECHAT_H5, CheckoutMethod.ALIPAY_PAGE, CheckoutMethod.NON_TAX_CODE)


def available_methods(device: str = "") -> list[CheckoutMethod]:
    """The checkout methods whose gateway this deployment configures (and offers the method), in CheckoutMethod's
    order; for `device` "desktop" or "phone" only the methods that suit it."""
    suited = {"desktop": DESKTOP_METHODS, "phone": PHONE_METHODS}.get(device, tuple(CheckoutMethod))
    offered = [CheckoutMethod(method) for method in checkout_methods()]  # payments.channels: the one home
    return [method for method in offered if method in suited and method in gateway(METHOD_CHANNEL[method]).methods]


def case_orders(case: Case) -> QuerySet[PaymentOrder]:
    """A case's orders, newest first, with their receipts and refunds (the caller may see the case)."""
    return (
        PaymentOrder.objects.filter(case=case)
        .select_related("receipt", "collected_by")
        .prefetch_related("refunds__requested_by", "refunds__approved_by")
        .order_by("-created_at", "-pk")
    )


def paid_orders(case: Case) -> list[PaymentOrder]:
    return [order for order in case_orders(case) if order.paid_at is not None]


def due_order(case: Case) -> PaymentOrder | None:
    """The order that shows what is owed now (the newest pending one, else the newest of all), for the case page; the
    pay page itself opens a fresh order when that one expired (payments.services.open_order)."""
    fees = PaymentOrder.objects.filter(case=case, purpose=PaymentPurpose.FEE)  # postage: payments.postage.due_postage
    orders = list(fees.order_by("-created_at", "-pk")[:5])
    pending = [order for order in orders if order.state == OrderState.PENDING]
    shown = pending or orders
    return shown[0] if shown else None


def refunds_to_approve(user: User) -> QuerySet[Refund]:
    """Refunds waiting for approval in the departments where `user` holds payments.refund_approve."""
    departments = staff_departments(user, "payments.refund_approve")
    return (
        Refund.objects.filter(state=RefundState.REQUESTED, order__case__department_id__in=departments)
        .select_related("order__case__item", "order__case__department", "requested_by")
        .order_by("requested_at", "pk")
    )


def reconcile_departments(user: User) -> list[int]:
    return staff_departments(user, "payments.reconcile")


def runs_for(user: User) -> QuerySet[ReconciliationRun]:
    """Reconciliation runs (a channel's whole day, not a department's) for people with payments.reconcile."""
    if not reconcile_departments(user):
        return ReconciliationRun.objects.none()
    return ReconciliationRun.objects.order_by("-day", "channel", "-created_at")


def differences_for(user: User, *, open_only: bool = True) -> QuerySet[ReconciliationDifference]:
    """Differences `user` may resolve: of orders in their payments.reconcile departments, and those naming an order
    we do not hold (no department: anyone with payments.reconcile)."""
    departments = reconcile_departments(user)
    if not departments:
        return ReconciliationDifference.objects.none()
    ours = PaymentOrder.objects.filter(case__department_id__in=departments).values("number")
    known = PaymentOrder.objects.values("number")
    found = ReconciliationDifference.objects.filter(Q(out_trade_no__in=ours) | ~Q(out_trade_no__in=known))
    if open_only:
        found = found.filter(resolved_at__isnull=True)
    return found.select_related("run", "resolved_by").order_by("-created_at", "-pk")
