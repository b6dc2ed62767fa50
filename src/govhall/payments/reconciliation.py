"""Daily reconciliation (对账, docs/payments.md): a gateway's bill of a day against our orders paid and refunds paid
back that day on that channel. Each payment and refund is matched by its number; what is only on one side, or on both
with different amounts, or on the bill for an order we do not hold as paid, becomes a ReconciliationDifference for a
person with payments.reconcile to resolve."""

import logging
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from govhall.accounts.models import User
from govhall.core import audit
from govhall.organisations.access import staff_can
from govhall.payments.channels import configured
from govhall.payments.constants import GATEWAY_CHANNELS, OrderState, RefundState
from govhall.payments.errors import PaymentError, PaymentNotAllowed
from govhall.payments.gateways import BillRow, GatewayError, gateway
from govhall.payments.models import PaymentOrder, ReconciliationDifference, ReconciliationRun, Refund

log = logging.getLogger(__name__)
Kind = ReconciliationDifference.Kind


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def ours(channel: str, day: date) -> tuple[dict[str, int], dict[str, tuple[str, int]]]:
    """Our payments (order number → fen) and refunds (refund number → (order number, fen)) of `day` on `channel`."""
    start, end = _day_bounds(day)
    paid = PaymentOrder.objects.filter(channel=channel, paid_at__gte=start, paid_at__lt=end)
    refunds = Refund.objects.filter(
        order__channel=channel, state=RefundState.SUCCEEDED, finished_at__gte=start, finished_at__lt=end
    )
    return (
        dict(paid.values_list("number", "amount_fen")),
        {refund.out_refund_no: (refund.order.number, refund.amount_fen) for refund in refunds.select_related("order")},
    )


def reconcile(*, channel: str, day: date, actor: User | None = None) -> ReconciliationRun:
    """Compare the bill of `day` with our records (the bill is fetched first, outside the transaction); `actor`: the
    person who started it from the 财务对账 page (None for the daily task), for the audit row."""
    if channel not in GATEWAY_CHANNELS:
        raise PaymentError("只有网上支付渠道有对账单。")
    try:
        rows = gateway(channel).bill(day)
    except GatewayError as error:
        raise PaymentError(f"对账单下载失败：{error}") from error
    return _compare(channel, day, rows, actor)


@transaction.atomic
def _compare(channel: str, day: date, rows: list[BillRow], actor: User | None = None) -> ReconciliationRun:
    paid, refunded = ours(channel, day)
    differences: list[ReconciliationDifference] = []

    def differ(kind: str, number: str, mine: int | None, theirs: int | None, note: str, refund: str = "") -> None:
        differences.append(
            ReconciliationDifference(
                channel=channel,
                kind=kind,
                out_trade_no=number,
                out_refund_no=refund,
                ours_fen=mine,
                theirs_fen=theirs,
                note=note,
            )
        )

    matched = 0
    their_payments = {row.out_trade_no: row for row in rows if row.kind == "payment"}
    their_refunds = {row.out_refund_no: row for row in rows if row.kind == "refund"}
    for number, row in their_payments.items():
        if number not in paid:
            known = PaymentOrder.objects.filter(number=number).first()
            if known is not None and known.state in (OrderState.PENDING, OrderState.CLOSED):
                differ(Kind.STATE_MISMATCH, number, known.amount_fen, row.amount_fen, "渠道已收款，我方订单未支付")
            elif known is not None:
                differ(Kind.STATE_MISMATCH, number, known.amount_fen, row.amount_fen, "渠道收款日期与我方不同")
            else:
                differ(Kind.MISSING_HERE, number, None, row.amount_fen, "渠道有此笔收款，我方无此订单")
        elif paid[number] != row.amount_fen:
            differ(Kind.AMOUNT_MISMATCH, number, paid[number], row.amount_fen, "收款金额不一致")
        else:
            matched += 1
    for number, amount in paid.items():
        if number not in their_payments:
            differ(Kind.MISSING_AT_GATEWAY, number, amount, None, "我方已支付，渠道对账单无此笔")
    for refund_no, row in their_refunds.items():
        if refund_no not in refunded:
            differ(Kind.MISSING_HERE, row.out_trade_no, None, row.amount_fen, "渠道有此笔退款，我方无记录", refund_no)
        elif refunded[refund_no][1] != row.amount_fen:
            mine = refunded[refund_no][1]
            differ(Kind.AMOUNT_MISMATCH, row.out_trade_no, mine, row.amount_fen, "退款金额不一致", refund_no)
        else:
            matched += 1
    for refund_no, (number, amount) in refunded.items():
        if refund_no not in their_refunds:
            differ(Kind.MISSING_AT_GATEWAY, number, amount, None, "我方已退款，渠道对账单无此笔", refund_no)
    run = ReconciliationRun.objects.create(
        channel=channel,
        day=day,
        ours=len(paid) + len(refunded),
        theirs=len(their_payments) + len(their_refunds),
        matched=matched,
        differences=len(differences),
    )
    for difference in differences:
        difference.run = run
    ReconciliationDifference.objects.bulk_create(differences)
    audit.record(actor=actor, action="payments.reconcile", target=run, detail={"differences": len(differences)})
    return run


@transaction.atomic
def resolve_difference(*, difference: ReconciliationDifference, actor: User, resolution: str) -> None:
    """A person with payments.reconcile (in the department of the order's case, when we hold the order) writes how
    the difference was settled."""
    order = PaymentOrder.objects.select_related("case__department").filter(number=difference.out_trade_no).first()
    department = order.case.department if order is not None else None
    if not getattr(actor, "is_staff_member", False) or not staff_can(actor, "payments.reconcile", department):
        raise PaymentNotAllowed("您的岗位无权处理对账差异。")
    if not resolution.strip():
        raise PaymentError("请填写处理说明。")
    locked = ReconciliationDifference.objects.select_for_update().get(pk=difference.pk)
    if locked.resolved_at is not None:
        raise PaymentError("该差异已处理。")
    locked.resolved_by, locked.resolved_at = actor, timezone.now()
    locked.resolution = resolution.strip()[:2000]
    locked.save(update_fields=["resolved_by", "resolved_at", "resolution"])
    audit.record(actor=actor, action="payments.resolve_difference", target=locked, detail={"note": locked.resolution})


@task()
def reconcile_yesterday() -> int:
    """Periodic (every hour; a day already reconciled is skipped): yesterday's bill of every gateway channel."""
    day = timezone.localdate() - timedelta(days=1)
    done = 0
    for channel in GATEWAY_CHANNELS:
        if not configured(channel) or ReconciliationRun.objects.filter(channel=channel, day=day).exists():
            continue
        try:
            reconcile(channel=channel, day=day)
        except PaymentError as error:
            log.warning("reconciling %s of %s failed: %s", channel, day, error)
            continue
        done += 1
    return done
