"""Money on the workbench (docs/payments-pages.md):
- {% money_panel case %} on the case page: the orders and their lines and state, 核定收费, 窗口收款, refunds and
  申请退款, receipts — each form only for staff whose role in the case's department allows it;
- {% money_links %} on the inbox: 退款审批 and 财务对账 for the people who do them."""

from typing import Any

from django import template

from govhall.cases import fees
from govhall.cases.constants import CaseState, PaymentState
from govhall.cases.models import Case
from govhall.organisations.access import staff_can
from govhall.payments import selectors, services
from govhall.payments.constants import WINDOW_CHANNELS, OrderState, PaymentChannel

register = template.Library()


def _fee_rows(case: Case) -> list[dict[str, Any]]:
    """The fees of the case's current stage for 核定收费 (none when that stage's money is already paid)."""
    if case.state not in (CaseState.SUBMITTED, CaseState.APPROVED):
        return []
    stage = fees.stage_of(case)
    if case.payment_state == PaymentState.PAID and fees.requested(case, stage):
        return []
    return [
        {
            "name": fee.name,
            "standard": fee.standard,
            "fixed": fee.amount,
            "reducible": fee.reducible,
            "initial": fees.yuan(fee.amount) if fee.amount is not None else "",
        }
        for fee in fees.fees_due(case.guide_version, stage)
    ]


@register.inclusion_tag("workbench/payments/_money_panel.html", takes_context=True)
def money_panel(context: dict[str, Any], case: Case) -> dict[str, Any]:
    user = context["request"].user
    department = case.department
    may_collect = staff_can(user, "payments.collect", department)
    may_fix = staff_can(user, "cases.receive", department) or staff_can(user, "cases.decide", department)
    orders = list(selectors.case_orders(case))
    for order in orders:
        # What may still be asked back (refunds waiting for approval or under way deducted), as the service counts it:
        # the 申请退款 form shows only while something is left.
        order.refund_left_fen = services.refundable_fen(order)  # type: ignore[attr-defined]
    fee_rows = _fee_rows(case) if may_fix else []
    return {
        "case": case,
        "orders": orders,
        "fee_rows": fee_rows,
        "show": bool(orders or fee_rows),
        "may_collect": may_collect,
        "may_refund": may_collect or staff_can(user, "cases.decide", department),
        "window_channels": [(channel.value, channel.label) for channel in WINDOW_CHANNELS],
        "pending": OrderState.PENDING,
        "refundable_states": (OrderState.PAID, OrderState.PARTIALLY_REFUNDED),
        "channel_labels": dict(PaymentChannel.choices),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("workbench/payments/_links.html", takes_context=True)
def money_links(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not getattr(user, "is_staff_member", False):
        return {"approver": False, "reconciler": False}
    return {
        "approver": staff_can(user, "payments.refund_approve"),
        "waiting": selectors.refunds_to_approve(user).count() if staff_can(user, "payments.refund_approve") else 0,
        "reconciler": staff_can(user, "payments.reconcile"),
    }
