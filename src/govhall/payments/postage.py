"""邮费 through payments (docs/payments.md "Postage"): one PaymentOrder of purpose POSTAGE per parcel the applicant
pays for, keyed by the parcel's courier order id (`reference`), so asking again answers the same order. Paying it
changes nothing on the case's fee state (orders.settle records 缴费完成 for fee orders only); its receipt's line and
the applicant's notice say 邮费."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from govhall.accounts.models import User
from govhall.cases.fees import yuan
from govhall.cases.models import Case
from govhall.core import audit
from govhall.notices.services import tell
from govhall.payments import numbers
from govhall.payments.constants import OrderState, PaymentPurpose
from govhall.payments.errors import PaymentError
from govhall.payments.models import PaymentOrder

POSTAGE_LINE = "邮费"
PAID_STATES = (OrderState.PAID, OrderState.PARTIALLY_REFUNDED, OrderState.REFUNDED)


def postage_orders(case: Case, reference: str = "") -> "list[PaymentOrder]":
    """The case's postage orders (of one parcel when `reference` is given), newest first."""
    found = PaymentOrder.objects.filter(case=case, purpose=PaymentPurpose.POSTAGE)
    if reference:
        found = found.filter(lines__0__reference=reference)
    return list(found.order_by("-created_at", "-pk"))


def postage_paid(case: Case, reference: str) -> bool:
    return any(order.state in PAID_STATES for order in postage_orders(case, reference))


def due_postage(case: Case) -> "list[PaymentOrder]":
    """Postage still to pay, for the case page: per parcel the newest order when none of its orders is paid — pending,
    or lapsed (expired, closed) while the case is open (paying it renews it: renew_postage_order)."""
    from govhall.cases.constants import FINAL_STATES

    newest: dict[str, PaymentOrder] = {}
    paid: set[str] = set()
    for order in postage_orders(case):
        reference = str(order.lines[0].get("reference", "")) if order.lines else ""
        newest.setdefault(reference, order)
        if order.state in PAID_STATES:
            paid.add(reference)
    ended = case.state in FINAL_STATES
    return [
        order
        for reference, order in newest.items()
        if reference not in paid
        and (order.state == OrderState.PENDING or not ended)
        and not order.lines[0].get("cancelled")  # the parcel was cancelled: nothing owed
    ]


def renew_postage_order(*, case: Case, reference: str, actor: User | None) -> PaymentOrder | None:
    """The payable postage order of the parcel `reference` (the same amount as last asked; a new order when the last
    one lapsed). None when no postage was ever asked for it."""
    found = postage_orders(case, reference)
    if not found or found[0].lines[0].get("cancelled"):
        return None
    return open_postage_order(case=case, amount_fen=found[0].amount_fen, reference=reference, actor=actor)


@transaction.atomic
def open_postage_order(*, case: Case, amount_fen: int, reference: str, actor: User | None) -> PaymentOrder:
    """The postage order of the parcel `reference` (the shipment's out_order_id): the paid one, else the pending one
    still payable, else a new one (the applicant is told). Idempotent by `reference`."""
    from govhall.payments.orders import order_minutes

    if amount_fen <= 0 or not reference:
        raise PaymentError(_("邮费金额或寄递单号有误。"))
    locked = Case.objects.select_for_update(of=("self",)).select_related("item", "applicant").get(pk=case.pk)
    now = timezone.now()
    for order in postage_orders(locked, reference):
        if order.state in PAID_STATES or (order.state == OrderState.PENDING and order.expires_at > now):
            return order
    order = PaymentOrder.objects.create(
        number=numbers.order_number(timezone.localdate(now)),
        case=locked,
        purpose=PaymentPurpose.POSTAGE,
        lines=[{"name": POSTAGE_LINE, "amount_fen": amount_fen, "reference": reference[:64]}],
        amount_fen=amount_fen,
        payer=locked.applicant,
        created_at=now,
        expires_at=now + timedelta(minutes=order_minutes()),
    )
    audit.record(
        actor=actor,
        action="payments.order",
        target=order,
        detail={"purpose": PaymentPurpose.POSTAGE, "amount_fen": amount_fen, "reference": reference},
    )
    tell(
        user=locked.applicant,
        case=locked,
        title=_("请支付邮费 %(yuan)s 元") % {"yuan": yuan(amount_fen)},
        body=_("您的办件 %(number)s（%(item)s）的邮费 %(yuan)s 元由申请人承担，请在办件页面支付邮费。")
        % {"number": locked.number, "item": locked.item.name, "yuan": yuan(amount_fen)},
    )
    return order


def tell_paid(order: PaymentOrder) -> None:
    """The applicant's notice of a paid postage order (in the payment's transaction)."""
    case = order.case
    tell(
        user=case.applicant,
        case=case,
        title=_("邮费 %(yuan)s 元已支付") % {"yuan": yuan(order.amount_fen)},
        body=_("您的办件 %(number)s 的邮费 %(yuan)s 元已支付，票据可在办件页面下载。")
        % {"number": case.number, "yuan": yuan(order.amount_fen)},
    )


def settle_cancelled_parcel(*, case: Case, reference: str) -> int:
    """The parcel `reference` was cancelled before the courier came: a pending postage order is closed (at its gateway
    too) and no longer listed as due; postage already paid carries over to the next parcel of that direction (the
    applicant pays once per direction, delivery.services.postage_reference). In the caller's transaction, the case
    locked first (orders.lock's order). Returns how many orders were closed."""
    from govhall.core.outbox import enqueue
    from govhall.payments.constants import GATEWAY_CHANNELS
    from govhall.payments.orders import close_at_gateway, mark_closed

    Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()
    closed = 0
    for order in PaymentOrder.objects.select_for_update().filter(
        case=case, purpose=PaymentPurpose.POSTAGE, state=OrderState.PENDING, lines__0__reference=reference
    ):
        order.lines = [{**order.lines[0], "cancelled": True}, *order.lines[1:]]  # no longer due (due_postage)
        order.save(update_fields=["lines"])
        mark_closed(order, reason="parcel cancelled")
        if order.channel in GATEWAY_CHANNELS:
            enqueue(close_at_gateway, order.pk)
        closed += 1
    return closed
