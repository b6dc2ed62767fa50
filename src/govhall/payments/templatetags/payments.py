"""Money in templates: `{{ fen|yuan }}` (the one way fen are shown: 12345 → 123.45, cases.fees.yuan) and the
applicant's money panel on the case page (`{% case_payments case %}`)."""

from typing import Any

from django import template

from govhall.cases.constants import PaymentState
from govhall.cases.fees import yuan as fen_to_yuan
from govhall.cases.models import Case
from govhall.payments import postage, selectors

register = template.Library()


@register.filter
def yuan(fen: int | None) -> str:
    if fen is None or fen == "":
        return "—"
    return fen_to_yuan(int(fen))


@register.inclusion_tag("payments/_case_panel.html")
def case_payments(case: Case) -> dict[str, Any]:
    """The applicant's money panel on the case page: 待缴费 (lines, total, 去缴费) while payment is due, 邮费 still to
    pay (each with its pay page), and the paid orders with their receipts."""
    return {
        "case": case,
        "due": selectors.due_order(case) if case.payment_state == PaymentState.DUE else None,
        "paid": selectors.paid_orders(case),
        "postage": postage.due_postage(case),
    }
