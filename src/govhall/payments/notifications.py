"""Applying what a gateway says about a trade or a refund (a verified notification, or a query's answer). The rules,
in one place (docs/payments.md):

- the same notification (channel, notification id) twice is one change: the second is recorded as a duplicate;
- the order must exist and belong to that channel, and the amount must equal ours — else nothing changes, the
  notification is refused and a difference is kept for a person to look at;
- money state only moves forward: a "paid" for a paid order, or an "unpaid" / "closed" after "paid", changes nothing;
- on "paid" the order row is locked and settled (orders.settle: case 缴费完成, receipt) in the same transaction."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from govhall.core import audit
from govhall.payments.constants import OrderState, TradeStatus
from govhall.payments.gateways import Notification, RefundResult, Trade
from govhall.payments.models import PaymentNotification, PaymentOrder, ReconciliationDifference

Outcome = PaymentNotification.Outcome


def _notification_id(notification: Notification) -> tuple[str, str]:
    if notification.trade is not None:
        trade = notification.trade
        return trade.out_trade_no, trade.notification_id or f"{trade.out_trade_no}:{trade.status}"
    refund = notification.refund
    assert refund is not None
    return refund.out_trade_no, refund.notification_id or f"{refund.out_refund_no}:{refund.status}"


def apply_notification(*, channel: str, notification: Notification) -> PaymentNotification:
    """Apply a verified notification of `channel`; the record says what came of it (applied, duplicate, ignored or
    refused). Never raises for anything the gateway can say."""
    out_trade_no, notification_id = _notification_id(notification)
    seen = _seen(channel, notification_id)
    if seen is not None:  # a replay: one indexed lookup, outside any transaction (a record never changes once written)
        return _duplicate(seen)
    with transaction.atomic():
        return _apply(channel, notification, out_trade_no, notification_id)


def _apply(channel: str, notification: Notification, out_trade_no: str, notification_id: str) -> PaymentNotification:
    from govhall.payments.orders import lock

    # The case, then the order, locked in the order every path takes (orders.lock), so changes wait, never deadlock.
    order = lock(out_trade_no)
    seen = _seen(channel, notification_id)  # again under the lock: the same notification may have just been applied
    if seen is not None:
        return _duplicate(seen)
    outcome: str
    note: str
    now = timezone.now()
    if order is None:
        outcome, note = Outcome.REFUSED, "没有该订单"
    elif order.channel != channel:
        outcome, note = Outcome.REFUSED, f"订单不属于该渠道（{order.channel or '未选择渠道'}）"
    elif notification.trade is not None:
        outcome, note = _apply_trade(order, channel, notification.trade, now)
    else:
        from govhall.payments.refunds import apply_refund_result

        assert notification.refund is not None
        outcome, note = apply_refund_result(order=order, result=notification.refund)
    if order is not None and outcome != Outcome.REFUSED and order.notified_at != now:  # (settling saved it)
        order.notified_at = now
        order.save(update_fields=["notified_at"])
    try:
        with transaction.atomic():
            record = PaymentNotification.objects.create(
                channel=channel,
                notification_id=notification_id[:128],
                out_trade_no=out_trade_no[:64],
                order=order,
                outcome=outcome,
                detail={"note": note, **_summary(notification)},
            )
    except IntegrityError:  # the same notification, at the same moment, for an order we do not know
        seen = PaymentNotification.objects.get(channel=channel, notification_id=notification_id[:128])
        return _duplicate(seen)
    audit.record(
        actor=None,
        action=f"payments.notification.{outcome}",
        target=order,
        detail={"channel": channel, "notification_id": notification_id[:128], "note": note},
    )
    return record


def _seen(channel: str, notification_id: str) -> PaymentNotification | None:
    """The record of this notification, if one was kept (at most one: unique; no ORDER BY needed)."""
    found = PaymentNotification.objects.filter(channel=channel, notification_id=notification_id[:128]).order_by()
    return next(iter(found[:1]), None)


def _duplicate(seen: PaymentNotification) -> PaymentNotification:
    """The record of the first delivery, unsaved, saying this one was a replay (what the endpoint answers follows
    the first: a refused one stays refused)."""
    seen.detail = {**seen.detail, "replayed_outcome": seen.outcome}
    if seen.outcome != Outcome.REFUSED:
        seen.outcome = Outcome.DUPLICATE
    return seen


def _summary(notification: Notification) -> dict[str, object]:
    if notification.trade is not None:
        trade = notification.trade
        return {"status": trade.status, "amount_fen": trade.amount_fen, "gateway_trade_no": trade.gateway_trade_no}
    refund: RefundResult | None = notification.refund
    assert refund is not None
    return {"refund": refund.out_refund_no, "status": refund.status, "amount_fen": refund.amount_fen}


def _apply_trade(order: PaymentOrder, channel: str, trade: Trade, now: datetime) -> tuple[str, str]:
    from govhall.payments.orders import settle

    if trade.amount_fen != order.amount_fen:
        ReconciliationDifference.objects.create(
            channel=channel,
            kind=ReconciliationDifference.Kind.AMOUNT_MISMATCH,
            out_trade_no=order.number,
            ours_fen=order.amount_fen,
            theirs_fen=trade.amount_fen,
            note=f"支付通知金额与订单不一致（{trade.status}）",
        )
        return Outcome.REFUSED, "金额不一致"
    if trade.status == TradeStatus.PAID:
        if order.state != OrderState.PENDING and order.state != OrderState.CLOSED:
            return Outcome.IGNORED, "订单已支付"
        settle(
            order,
            channel=channel,
            paid_at=trade.paid_at or timezone.now(),
            actor=None,
            gateway_trade_no=trade.gateway_trade_no[:64],
            notified_at=now,
        )
        return Outcome.APPLIED, "已支付"
    if trade.status == TradeStatus.CLOSED and order.state == OrderState.PENDING:
        from govhall.payments.orders import mark_closed

        mark_closed(order, reason="closed by gateway")
        return Outcome.APPLIED, "渠道已关闭订单"
    return Outcome.IGNORED, f"状态“{trade.status}”不改变订单（{order.state}）"
