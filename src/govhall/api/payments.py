"""GET /api/v1/cases/{number}/payments: the applicant's payment orders of a case, read only, for apps acting for a
person (OIDC access token with the `cases` scope). Amounts are integer fen (and the same as yuan text); paying goes
through the portal's pay page (docs/payments-pages.md)."""

from datetime import datetime

from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.errors import HttpError

from govhall.accounts.tokens import BearerAuth, Caller
from govhall.api.errors import errors
from govhall.cases.access import get_case_for_user
from govhall.cases.fees import yuan
from govhall.payments import selectors
from govhall.payments.constants import OrderState
from govhall.payments.models import PaymentOrder

router = Router(tags=["payments"])
PERSON = BearerAuth("cases")
NO_CASE = "没有该办件，或您无权查看。"


class LineOut(Schema):
    name: str
    amount_fen: int


class PaymentOut(Schema):
    number: str
    state: str
    state_label: str
    amount_fen: int
    amount_yuan: str
    refunded_fen: int
    lines: list[LineOut]
    channel: str
    created_at: datetime
    expires_at: datetime
    paid_at: datetime | None
    pay_url: str
    receipt_url: str

    @staticmethod
    def of(order: PaymentOrder) -> "PaymentOut":
        receipt = getattr(order, "receipt", None) if order.paid_at else None
        return PaymentOut(
            number=order.number,
            state=order.state,
            state_label=str(OrderState(order.state).label),
            amount_fen=order.amount_fen,
            amount_yuan=yuan(order.amount_fen),
            refunded_fen=order.refunded_fen,
            lines=[LineOut(name=str(line["name"]), amount_fen=int(line["amount_fen"])) for line in order.lines],
            channel=order.channel,
            created_at=order.created_at,
            expires_at=order.expires_at,
            paid_at=order.paid_at,
            pay_url=reverse("payments:pay", args=[order.number]),
            receipt_url=reverse("payments:receipt", args=[order.number]) if receipt is not None else "",
        )


@router.get(
    "/{number}/payments",
    response={200: list[PaymentOut], **errors(403, 404)},
    auth=[PERSON],
    summary="The case's payment orders (the applicant's view)",
)
def case_payments(request: HttpRequest, number: str) -> list[PaymentOut]:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    user = caller.user
    if user is None or user.is_staff_member:
        raise HttpError(403, "此接口只接受代表本人的应用访问令牌。")
    try:
        case = get_case_for_user(user, number)
    except Http404 as error:
        raise HttpError(404, NO_CASE) from error
    return [PaymentOut.of(order) for order in selectors.case_orders(case)]
