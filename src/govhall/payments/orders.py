"""Payment orders (docs/payments.md): made when a case asks for payment (on_event), paid through a gateway
(start_checkout, then a notification: payments.notifications) or at the window (record_window_payment), closed when
they expire (close_expired) and made up by querying when a notification went missing (sync_pending).

One order, one channel: the gateway chosen first takes the order. Choosing another one closes the order at the first
gateway (nothing is paid there, or the close fails and the switch is refused), marks it closed and makes a new order
with a new number for the same lines. Calls to a gateway run outside any transaction; what is about to be asked is
recorded first, so a call repeated after a crash is safe (gateways are idempotent by out_trade_no)."""

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases import charging
from govhall.cases.constants import FINAL_STATES, Act, PaymentState
from govhall.cases.models import Case, CaseEvent
from govhall.cases.services import CaseError
from govhall.core import audit
from govhall.core.constants import Channel
from govhall.core.outbox import enqueue
from govhall.organisations.access import staff_can
from govhall.payments import numbers, postage, receipts, refunds
from govhall.payments.constants import (
    GATEWAY_CHANNELS,
    METHOD_CHANNEL,
    WINDOW_CHANNELS,
    CheckoutMethod,
    OrderState,
    PaymentChannel,
    PaymentPurpose,
    TradeStatus,
)
from govhall.payments.errors import PaymentError, PaymentNotAllowed
from govhall.payments.gateways import GatewayError, Notification, OrderRequest, Trade, gateway
from govhall.payments.models import PaymentOrder, ReconciliationDifference

log = logging.getLogger(__name__)
# A case that ends without a decision (withdrawn, not accepted) has its paid fees asked back by the system.
ENDED_UNDECIDED: dict[str, str] = {
    Act.WITHDRAW: "申请人撤回申请，退还已缴费用",
    Act.NOT_ACCEPT: "不予受理，退还已缴费用",
}


def order_minutes() -> int:
    return int(settings.PAYMENT_ORDER_MINUTES)


def description(order: PaymentOrder) -> str:
    """What the payer sees at the gateway: the item and the fees (≤ 127 characters)."""
    names = "、".join(str(line["name"]) for line in order.lines)
    return f"{order.case.item.name} {names}"[:127]


def _new_order(case: Case, event: CaseEvent | None, lines: list[dict[str, Any]], **extra: Any) -> PaymentOrder:
    now = timezone.now()
    return PaymentOrder.objects.create(
        number=numbers.order_number(timezone.localdate(now)),
        case=case,
        request_event=event,
        lines=lines,
        amount_fen=sum(int(line["amount_fen"]) for line in lines),
        payer=case.applicant,
        created_at=now,
        **({"purpose": PaymentPurpose.FEE, "expires_at": now + timedelta(minutes=order_minutes())} | extra),
    )


def on_event(event: CaseEvent) -> None:
    """Subscribed to cases.events (PaymentsConfig.ready), in the event's transaction: 通知缴费 makes the order (and
    closes an order it replaces); a case that ends (withdrawn, not accepted) has its pending orders closed."""
    if event.act == Act.REQUEST_PAYMENT:
        _close_pending(event.case, reason="replaced", purpose=PaymentPurpose.FEE)  # postage is not replaced
        total = int(event.detail.get("total_fen", 0))
        if total > 0 and not PaymentOrder.objects.filter(request_event=event).exists():
            order = _new_order(event.case, event, list(event.detail.get("lines", [])))
            audit.record(actor=None, action="payments.order", target=order, detail={"amount_fen": order.amount_fen})
    elif event.to_state in FINAL_STATES:
        _close_pending(event.case, reason=event.act)  # withdrawn or not accepted: nothing is owed
        if event.act in ENDED_UNDECIDED:  # and what was paid is asked back, for an approver to approve
            paid = PaymentOrder.objects.select_for_update().filter(
                case=event.case, purpose=PaymentPurpose.FEE, state__in=(OrderState.PAID, OrderState.PARTIALLY_REFUNDED)
            )
            for order in paid:
                refunds.request_system_refund(order=order, reason=ENDED_UNDECIDED[event.act])


def _close_pending(case: Case, *, reason: str, purpose: str = "") -> None:
    pending = PaymentOrder.objects.select_for_update().filter(case=case, state=OrderState.PENDING)
    for order in pending.filter(purpose=purpose) if purpose else pending:
        mark_closed(order, reason=reason)
        if order.channel in GATEWAY_CHANNELS:
            enqueue(close_at_gateway, order.pk)  # the gateway's order is closed after commit, by the worker


def lock(number: str) -> PaymentOrder | None:
    """The order `number` locked for a change of money state, its case locked first — the order every path takes
    (a case act locks the case, then its subscriber the orders), so two changes at once wait instead of deadlocking."""
    case_id = PaymentOrder.objects.filter(number=number[:32]).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    Case.objects.select_for_update().filter(pk=case_id).values_list("pk", flat=True).first()
    return PaymentOrder.objects.select_for_update().select_related("case").get(number=number[:32])


def mark_closed(order: PaymentOrder, *, reason: str) -> None:
    order.state = OrderState.CLOSED
    order.closed_at = timezone.now()
    order.version += 1
    order.save(update_fields=["state", "closed_at", "version", "updated_at"])
    audit.record(actor=None, action="payments.close", target=order, detail={"reason": reason})


@task()
def close_at_gateway(order_id: int) -> bool:
    """Close a closed order's gateway order too (so nobody can still pay it there); safe to repeat."""
    order = PaymentOrder.objects.get(pk=order_id)
    try:
        gateway(order.channel).close(order.number)
    except GatewayError as error:
        log.warning("closing %s at %s failed: %s", order.number, order.channel, error)
        return False
    return True


def open_order(case: Case) -> PaymentOrder | None:
    """The order the applicant pays now: the case's pending order, or — the last one expired or was closed while the
    fee is still due — a new one for the lines last asked. None when nothing is owed."""
    fees = PaymentOrder.objects.filter(case=case, purpose=PaymentPurpose.FEE, state=OrderState.PENDING)
    found = fees.filter(expires_at__gt=timezone.now()).first()
    if found is not None or case.payment_state != PaymentState.DUE:
        return found
    for stale in fees:
        if not expire(stale):  # still payable at its gateway, or paid there just now: no second order
            return None
    case.refresh_from_db(fields=["payment_state"])
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        event = locked.events.filter(act=Act.REQUEST_PAYMENT).order_by("-at", "-pk").first()
        if locked.payment_state != PaymentState.DUE or event is None:
            return None
        found = fees.filter(expires_at__gt=timezone.now()).first()
        if found is not None:
            return found
        order = _new_order(locked, event, list(event.detail.get("lines", [])))
        audit.record(actor=None, action="payments.order", target=order, detail={"renewed": True})
        return order


def start_checkout(*, order: PaymentOrder, method: str, actor: User | None, client_ip: str = "") -> PaymentOrder:
    """Pay `order` by `method` (CheckoutMethod): the gateway's order is made and its checkout (a QR's content, a page
    to open, a 缴款码) kept on the order. The same method again answers the same checkout. Another gateway than the
    one chosen before closes this order and answers a new order (see the module's note)."""
    if method not in CheckoutMethod.values:
        raise PaymentError("不支持该支付方式。")
    channel = METHOD_CHANNEL[CheckoutMethod(method)]
    if order.channel and order.channel != channel:
        order = _switch_channel(order, channel, actor)
    with transaction.atomic():
        locked = PaymentOrder.objects.select_for_update().select_related("case__item").get(pk=order.pk)
        _check_payable(locked)
        if locked.method == method and (locked.code_url or locked.redirect_url or locked.payment_code):
            return locked
        locked.channel, locked.method = channel, method
        locked.version += 1
        locked.save(update_fields=["channel", "method", "version", "updated_at"])
        audit.record(actor=actor, action="payments.checkout", target=locked, detail={"method": method})
    request = OrderRequest(
        out_trade_no=locked.number,
        amount_fen=locked.amount_fen,
        description=description(locked),
        expires_at=locked.expires_at,
        client_ip=client_ip,
    )
    try:
        checkout = gateway(channel).start(request, method=method)
    except GatewayError as error:
        raise PaymentError(f"支付渠道暂时无法下单，请稍后再试或改用其他方式（{error}）。") from error
    with transaction.atomic():
        locked = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        locked.code_url = checkout.code_url[:500]
        locked.redirect_url = checkout.redirect_url[:1000]
        locked.payment_code = checkout.payment_code[:32]
        locked.save(update_fields=["code_url", "redirect_url", "payment_code", "updated_at"])
    return locked


def _check_payable(order: PaymentOrder) -> None:
    if order.state != OrderState.PENDING:
        raise PaymentError(f"该订单{OrderState(order.state).label}，不能再支付。")
    if order.expires_at <= timezone.now():
        raise PaymentError("该订单已过支付期限，请刷新页面重新支付。")


def _switch_channel(order: PaymentOrder, channel: str, actor: User | None) -> PaymentOrder:
    try:
        gateway(order.channel).close(order.number)
    except GatewayError as error:
        raise PaymentError("原支付渠道的订单暂时无法关闭（可能正在支付），请稍后再试。") from error
    with transaction.atomic():
        locked = PaymentOrder.objects.select_for_update().select_related("case").get(pk=order.pk)
        _check_payable(locked)
        mark_closed(locked, reason=f"switch to {channel}")
        replacement = _new_order(
            locked.case, locked.request_event, locked.lines, expires_at=locked.expires_at, purpose=locked.purpose
        )
        audit.record(actor=actor, action="payments.switch", target=replacement, detail={"replaces": locked.number})
        return replacement


def settle(order: PaymentOrder, *, channel: str, paid_at: datetime, actor: User | None, **fields: Any) -> None:
    """The money of `order` (locked by the caller) is in: the order is paid, the case records 缴费完成 (the clock
    runs again, the applicant is told), the 财政电子票据 is issued — one transaction. A case no longer waiting for this
    money (withdrawn, or asked again for other amounts) keeps the order paid and a difference says it is to be
    refunded."""
    was_closed = order.state == OrderState.CLOSED
    late_but_owed = was_closed and _still_owed(order)
    order.state = OrderState.PAID
    order.channel = channel
    order.paid_at = paid_at
    order.version += 1
    for name, value in fields.items():
        setattr(order, name, value)
    order.save()
    audit.record(
        actor=actor,
        action="payments.paid",
        channel=Channel.WINDOW if channel in WINDOW_CHANNELS else Channel.SYSTEM,
        target=order,
        detail={"channel": channel, "amount_fen": order.amount_fen, "after_close": was_closed},
    )
    detail = {"order": order.number, "channel": channel, "amount_fen": order.amount_fen}
    if order.purpose != PaymentPurpose.FEE and not was_closed:
        postage.tell_paid(order)  # postage: the case's fee state is not this order's business
        receipts.issue_receipt(order)
        return
    try:
        with transaction.atomic():
            if was_closed and not late_but_owed:
                raise CaseError("该订单已关闭")
            charging.receive_payment(
                case=order.case,
                actor=actor,
                channel=Channel.WINDOW if channel in WINDOW_CHANNELS else Channel.SYSTEM,
                detail=detail,
            )
            if late_but_owed:  # the money of the closed order pays the fee; its successor is closed in turn
                _close_pending(order.case, reason=f"paid by {order.number}", purpose=PaymentPurpose.FEE)
    except CaseError as error:
        ReconciliationDifference.objects.create(
            channel=channel,
            kind=ReconciliationDifference.Kind.STATE_MISMATCH,
            out_trade_no=order.number,
            ours_fen=order.amount_fen,
            theirs_fen=order.amount_fen,
            note=f"已收款但办件不再待缴此款（{error}），已自动申请退款。"[:500],
        )
        refunds.request_system_refund(order=order, reason="已收款但办件不再待缴此款，退还该笔款项")
    # Last: the receipt's number comes from the one yearly sequence row, locked until the transaction ends — the
    # later it is taken, the less concurrent payments wait for each other.
    receipts.issue_receipt(order)


def _still_owed(order: PaymentOrder) -> bool:
    """Money came for a closed fee order (closed on a channel switch or on expiry) while the case still waits for
    exactly those lines (the order answers the case's latest 通知缴费): it pays the fee rather than being refunded."""
    case = order.case
    if order.purpose != PaymentPurpose.FEE or case.payment_state != PaymentState.DUE or not order.request_event_id:
        return False
    latest = case.events.filter(act=Act.REQUEST_PAYMENT).order_by("-at", "-pk").values_list("pk", flat=True).first()
    return latest == order.request_event_id


def record_window_payment(*, order: PaymentOrder, channel: str, actor: User, reference: str = "") -> PaymentOrder:
    """The clerk takes the money at the window (cash or POS, `reference`: the POS slip or cash book number). Needs
    payments.collect in the case's department. An order already started at a gateway is closed there first (outside
    the transaction); if the gateway cannot close it (it may be paid), the window refuses."""
    if channel not in WINDOW_CHANNELS:
        raise PaymentError("窗口收款只能是现金或刷卡。")
    case = order.case
    if not getattr(actor, "is_staff_member", False) or not staff_can(actor, "payments.collect", case.department):
        raise PaymentNotAllowed("您的岗位无权在该部门收款。")
    _check_payable(order)
    if order.channel in GATEWAY_CHANNELS:
        try:
            gateway(order.channel).close(order.number)
        except GatewayError as error:
            raise PaymentError("该订单已在网上发起支付且无法关闭（可能已支付），请稍后再试。") from error
    with transaction.atomic():
        locked = lock(order.number)
        assert locked is not None
        _check_payable(locked)
        settle(
            locked,
            channel=channel,
            paid_at=timezone.now(),
            actor=actor,
            collected_by=actor,
            reference=reference.strip()[:64],
        )
    return locked


def expire(order: PaymentOrder) -> bool:
    """Close one pending order past its time: at its gateway first — an order the gateway says is paid is settled
    instead, through the same checks as a notification. True when it was closed here; False when the gateway could
    not be asked (the next run tries again) or it was paid."""
    from govhall.payments.notifications import apply_notification

    if order.channel in GATEWAY_CHANNELS:
        try:
            trade = gateway(order.channel).query(order.number)
            if trade.status == TradeStatus.PAID:
                apply_notification(channel=order.channel, notification=_queried(trade))
                return False
            gateway(order.channel).close(order.number)
        except GatewayError as error:
            log.warning("closing expired %s failed: %s", order.number, error)
            return False
    with transaction.atomic():
        locked = lock(order.number)
        if locked is None or locked.state != OrderState.PENDING:
            return False
        mark_closed(locked, reason="expired")
        return True


def close_expired(now: datetime | None = None) -> int:
    """Periodic: pending orders past their time are closed (expire). Returns how many were closed."""
    now = now or timezone.now()
    pending = PaymentOrder.objects.filter(state=OrderState.PENDING, expires_at__lte=now).order_by("pk")[:500]
    return sum(expire(order) for order in pending)


def _queried(trade: Trade) -> Notification:
    """A trade learnt by querying, as a notification with its own id (a later real notification is then a no-op)."""
    return Notification(trade=replace(trade, notification_id=f"query:{trade.out_trade_no}:{trade.status}"))


def sync_pending(now: datetime | None = None) -> int:
    """Periodic: pending gateway orders older than PAYMENT_QUERY_AFTER_MINUTES that no notification reached are
    asked about; a paid one is applied like a notification. Returns how many were found paid."""
    from govhall.payments.notifications import apply_notification

    now = now or timezone.now()
    before = now - timedelta(minutes=int(settings.PAYMENT_QUERY_AFTER_MINUTES))
    found = 0
    pending = PaymentOrder.objects.filter(
        state=OrderState.PENDING, channel__in=GATEWAY_CHANNELS, created_at__lte=before, notified_at__isnull=True
    )
    for order in pending.order_by("pk")[:500]:
        try:
            trade = gateway(order.channel).query(order.number)
        except GatewayError as error:
            log.warning("querying %s failed: %s", order.number, error)
            continue
        if trade.status == TradeStatus.PAID:
            record = apply_notification(channel=order.channel, notification=_queried(trade))
            found += int(record.outcome == "applied")
    return found


@task()
def close_expired_orders() -> int:
    return close_expired()


@task()
def sync_pending_orders() -> int:
    from govhall.payments.notifications import apply_stale_received
    from govhall.payments.refunds import retry_processing

    return apply_stale_received() + sync_pending() + retry_processing()


def channel_label(channel: str) -> str:
    return str(PaymentChannel(channel).label) if channel else ""


def refresh_order(order: PaymentOrder) -> PaymentOrder:
    """我已完成支付: ask the gateway about this one pending order now and apply what it says the way a notification
    is applied (paid: settled; closed: closed). Returns the order as it now stands; PaymentError when the gateway
    cannot be asked."""
    from govhall.payments.notifications import apply_notification

    if order.state != OrderState.PENDING or order.channel not in GATEWAY_CHANNELS:
        return order
    try:
        trade = gateway(order.channel).query(order.number)
    except GatewayError as error:
        raise PaymentError("暂时无法向支付渠道查询支付结果，请稍后再试。") from error
    if trade.status in (TradeStatus.PAID, TradeStatus.CLOSED):
        apply_notification(channel=order.channel, notification=_queried(trade))
    return PaymentOrder.objects.select_related("case").get(pk=order.pk)
