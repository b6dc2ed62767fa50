"""Receiving and applying what a gateway says about a trade or a refund (a verified notification, or a query's
answer). The rules, in one place (docs/payments.md):

- the same notification (channel, notification id) twice is one change: the second is recorded as a duplicate;
- the order must exist and belong to that channel, and the amount must equal ours — else nothing changes, the
  notification is refused and a difference is kept for a person to look at;
- money state only moves forward: a "paid" for a paid order, or an "unpaid" / "closed" after "paid", changes nothing;
- on "paid" the case and the order are locked and the order settled (orders.settle: case 缴费完成, receipt) in one
  transaction.

A notification from the endpoint goes through an inbox (`receive_notification`): the request checks what it can
cheaply and without locks (replay, order, channel, amount), then writes the notification once — the unique (channel,
notification id) row is the idempotency key — and enqueues `apply_received` in the same transaction, and the gateway
is answered. The worker applies it under the locks. So the gateway's retry schedule never waits on a case's lock,
a burst of notifications costs the hall's requests nothing, and a notification once acknowledged is never lost: its
row and its task commit together (and `apply_stale_received` catches up one whose task failed). A query's answer is
applied at once (`apply_notification`): the caller is already a task."""

from dataclasses import asdict
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model
from django.tasks import task
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from govhall.core import audit
from govhall.core.outbox import enqueue, queue_row, stores_rows
from govhall.core.statements import fetch_one_rechecking
from govhall.payments.constants import OrderState, TradeStatus
from govhall.payments.gateways import Notification, RefundResult, Trade
from govhall.payments.models import PaymentNotification, PaymentOrder, ReconciliationDifference, Refund

Outcome = PaymentNotification.Outcome
# A received notification still unapplied after this long had its task fail: the periodic sync applies it.
STALE_RECEIVED = timedelta(minutes=5)
AMOUNT_REFUSAL = "金额不一致"


def _notification_id(notification: Notification) -> tuple[str, str]:
    if notification.trade is not None:
        trade = notification.trade
        return trade.out_trade_no, trade.notification_id or f"{trade.out_trade_no}:{trade.status}"
    refund = notification.refund
    assert refund is not None
    return refund.out_trade_no, refund.notification_id or f"{refund.out_refund_no}:{refund.status}"


def receive_notification(*, channel: str, notification: Notification) -> PaymentNotification:
    """Take in a verified notification of `channel` from the endpoint: a replay is answered as the first delivery
    was; one that cannot be right (no such order, another channel's, another amount) is refused at once; anything
    else is kept (outcome RECEIVED) with its apply task, in one transaction. Never raises for anything the gateway
    can say."""
    out_trade_no, notification_id = _notification_id(notification)
    if notification.trade is not None and connection.vendor == "postgresql" and stores_rows(apply_received):
        kept = _keep_trade(channel, notification, out_trade_no, notification_id)
        if kept is not None:
            return kept
    seen = _seen(channel, notification_id)
    if seen is not None:  # a replay: one indexed lookup (a record is written once; only the worker moves it on)
        return _duplicate(seen)
    order = PaymentOrder.objects.filter(number=out_trade_no[:32]).only("pk", "number", "channel", "amount_fen").first()
    refusal = _precheck(order, channel, notification)
    if refusal:
        with transaction.atomic():
            if order is not None and notification.trade is not None and refusal == AMOUNT_REFUSAL:
                _amount_difference(order, channel, notification.trade)
            return _record(channel, notification, out_trade_no, notification_id, order, Outcome.REFUSED, refusal)
    try:
        with transaction.atomic():
            record = PaymentNotification.objects.create(
                channel=channel,
                notification_id=notification_id[:128],
                out_trade_no=out_trade_no[:64],
                order=order,
                outcome=Outcome.RECEIVED,
                detail={"notification": _encode(notification)},
            )
            enqueue(apply_received, record.pk)
    except IntegrityError:  # the same notification, at the same moment: the first one is kept
        return _duplicate(PaymentNotification.objects.get(channel=channel, notification_id=notification_id[:128]))
    return record


def _keep_trade(
    channel: str, notification: Notification, out_trade_no: str, notification_id: str
) -> PaymentNotification | None:
    """The usual trade notification in one statement (PostgreSQL): kept with its apply task when its order is that
    channel's with that amount and it is new — else the first delivery's outcome, when it was not refused. None
    (nothing written) otherwise: no such order, another channel's or amount, a refused first delivery, or the same
    notification kept at this moment by another request; the caller's general path then decides. One statement is
    atomic: the record and its task are kept together or not at all, as in the general path's transaction."""
    trade = notification.trade
    assert trade is not None
    task_sql, task_params = queue_row(apply_received, args_sql="jsonb_build_array(kept.id)", source="kept")
    sql, detail_field = _keep_trade_sql(task_sql)
    notification_id, encoded = notification_id[:128], {"notification": _encode(notification)}
    params = [
        channel, notification_id, out_trade_no[:64], Outcome.RECEIVED, timezone.now(),
        detail_field.get_db_prep_save(encoded, connection), out_trade_no[:32], channel, trade.amount_fen,
        *task_params, channel, notification_id,
    ]  # fmt: skip
    found = fetch_one_rechecking(sql, params)  # one round trip: the statement checks the kept connection itself
    if found is None:
        return None
    record_id, new, order_id, outcome = found
    record = PaymentNotification(
        pk=record_id, channel=channel, notification_id=notification_id, out_trade_no=out_trade_no[:64],
        order_id=order_id, outcome=outcome, detail=encoded if new else {},
    )  # fmt: skip
    if new:
        return record
    if outcome == Outcome.REFUSED:  # answered as it was, with its reason: the general path reads the record
        return None
    return _duplicate(record)


@cache
def _keep_trade_sql(task_sql: str) -> tuple[str, Field[Any, Any]]:
    """_keep_trade's statement (names from the models, the task's INSERT given), once per process."""
    quote = connection.ops.quote_name

    def names(model: type[Model], *fields: str) -> dict[str, str]:
        return {name: quote(str(model._meta.get_field(name).column)) for name in fields}  # type: ignore[union-attr]

    table, orders = quote(PaymentNotification._meta.db_table), quote(PaymentOrder._meta.db_table)
    kept = ["channel", "notification_id", "out_trade_no", "order", "outcome", "received_at", "detail"]
    column = {"pk": quote(str(PaymentNotification._meta.pk.column)), **names(PaymentNotification, *kept)}
    order = {"pk": quote(str(PaymentOrder._meta.pk.column)), **names(PaymentOrder, "number", "channel", "amount_fen")}
    # Names from the models, values as parameters: nothing of a request is spliced in.
    sql = f"""
        WITH kept AS (
            INSERT INTO {table} ({", ".join(column[name] for name in kept)})
            SELECT %s, %s, %s, o.{order["pk"]}, %s, %s, %s FROM {orders} o
            WHERE o.{order["number"]} = %s AND o.{order["channel"]} = %s AND o.{order["amount_fen"]} = %s
            ON CONFLICT ({column["channel"]}, {column["notification_id"]}) DO NOTHING
            RETURNING {column["pk"]} AS id, {column["order"]} AS order_id
        ), queued AS ({task_sql})
        SELECT id, TRUE, order_id, '{Outcome.RECEIVED.value}' FROM kept
        UNION ALL
        SELECT {column["pk"]}, FALSE, {column["order"]}, {column["outcome"]}
        FROM {table} WHERE {column["channel"]} = %s AND {column["notification_id"]} = %s"""  # noqa: S608
    return sql, PaymentNotification._meta.get_field("detail")


def _precheck(order: PaymentOrder | None, channel: str, notification: Notification) -> str:
    """Why a notification cannot be applied, from what is read without a lock (none of it changes once an order is
    made: its channel is fixed when checkout starts, and a notification for another is refused either way)."""
    if order is None:
        return "没有该订单"
    if order.channel != channel:
        return f"订单不属于该渠道（{order.channel or '未选择渠道'}）"
    if notification.trade is not None:
        return AMOUNT_REFUSAL if notification.trade.amount_fen != order.amount_fen else ""
    refund = notification.refund
    assert refund is not None
    ours = Refund.objects.filter(order=order, out_refund_no=refund.out_refund_no).values_list("amount_fen", flat=True)
    amount = ours.first()
    if amount is None:
        return "没有该退款"
    fits = amount <= refund.amount_fen <= order.amount_fen if refund.cumulative else refund.amount_fen == amount
    return "" if fits else "退款金额不一致"


@task()
def apply_received(record_id: int) -> str:
    """Apply a received notification under the locks (case, then order, then the record); safe to repeat: a record
    already applied is left as it is."""
    record = PaymentNotification.objects.only("outcome", "out_trade_no").get(pk=record_id)
    if record.outcome != Outcome.RECEIVED:
        return str(record.outcome)
    with transaction.atomic():
        from govhall.payments.orders import lock

        order = lock(record.out_trade_no)
        record = PaymentNotification.objects.select_for_update().get(pk=record_id)
        if record.outcome != Outcome.RECEIVED:
            return str(record.outcome)
        notification = _decode(record.detail["notification"])
        outcome, note = _decide(order, record.channel, notification)
        record.order = order
        record.outcome = outcome
        record.detail = {"note": note, **_summary(notification)}
        record.save(update_fields=["order", "outcome", "detail"])
        audit.record(
            actor=None,
            action=f"payments.notification.{outcome}",
            target=order,
            detail={"channel": record.channel, "notification_id": record.notification_id, "note": note},
        )
    return str(outcome)


def apply_stale_received() -> int:
    """Apply notifications received but left unapplied (their task failed); part of the periodic order sync."""
    stale = PaymentNotification.objects.filter(
        outcome=Outcome.RECEIVED, received_at__lt=timezone.now() - STALE_RECEIVED
    ).values_list("pk", flat=True)
    return sum(apply_received.call(pk) == Outcome.APPLIED for pk in list(stale[:500]))


def apply_notification(*, channel: str, notification: Notification) -> PaymentNotification:
    """Apply what a gateway says at once (a query's answer); the record says what came of it (applied, duplicate,
    ignored or refused). Never raises for anything the gateway can say."""
    out_trade_no, notification_id = _notification_id(notification)
    seen = _seen(channel, notification_id)
    if seen is not None:  # a replay: one indexed lookup, outside any transaction
        return _duplicate(seen)
    with transaction.atomic():
        from govhall.payments.orders import lock

        # The case, then the order, locked in the order every path takes (orders.lock), so changes wait.
        order = lock(out_trade_no)
        seen = _seen(channel, notification_id)  # again under the lock: the same notification may have just been applied
        if seen is not None:
            return _duplicate(seen)
        outcome, note = _decide(order, channel, notification)
        return _record(channel, notification, out_trade_no, notification_id, order, outcome, note)


def _decide(order: PaymentOrder | None, channel: str, notification: Notification) -> tuple[str, str]:
    """What a notification does to its (locked) order: the outcome and a note. Applies it when it may."""
    now = timezone.now()
    outcome: str
    note: str
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
    return outcome, note


def _record(
    channel: str,
    notification: Notification,
    out_trade_no: str,
    notification_id: str,
    order: PaymentOrder | None,
    outcome: str,
    note: str,
) -> PaymentNotification:
    """Keep what came of a notification (inside the caller's transaction), with its audit row."""
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


def _encode(notification: Notification) -> dict[str, Any]:
    """The verified notification as JSON, for the worker (the gateway's words, not its signed body)."""
    if notification.trade is not None:
        trade = asdict(notification.trade)
        trade["paid_at"] = notification.trade.paid_at.isoformat() if notification.trade.paid_at else None
        return {"trade": trade}
    assert notification.refund is not None
    return {"refund": asdict(notification.refund)}


def _decode(data: dict[str, Any]) -> Notification:
    if "trade" in data:
        trade = dict(data["trade"])
        trade["paid_at"] = parse_datetime(trade["paid_at"]) if trade.get("paid_at") else None
        return Notification(trade=Trade(**trade))
    return Notification(refund=RefundResult(**data["refund"]))


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
        _amount_difference(order, channel, trade)
        return Outcome.REFUSED, AMOUNT_REFUSAL
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


def _amount_difference(order: PaymentOrder, channel: str, trade: Trade) -> None:
    ReconciliationDifference.objects.create(
        channel=channel,
        kind=ReconciliationDifference.Kind.AMOUNT_MISMATCH,
        out_trade_no=order.number,
        ours_fen=order.amount_fen,
        theirs_fen=trade.amount_fen,
        note=f"支付通知金额与订单不一致（{trade.status}）",
    )
