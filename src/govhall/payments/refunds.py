"""Refunds (退款, docs/payments.md): asked by one member of staff (request_refund), approved by another who holds
payments.refund_approve in the case's department (approve_refund) or rejected (reject_refund). An approved refund is
PROCESSING before the gateway is called — by a task enqueued in the approval's transaction — and the call is
idempotent by out_refund_no, so a retry (retry_processing, periodic) never pays twice. The gateway's answer, or its
refund notification, is applied once (apply_refund_result). A window payment (cash, POS) is paid back at the window:
its refund succeeds on approval."""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Sum
from django.tasks import task
from django.utils import timezone

from govhall.accounts.models import User
from govhall.core import audit
from govhall.core.outbox import enqueue
from govhall.organisations.access import staff_can
from govhall.payments import numbers
from govhall.payments.amounts import fen_to_yuan
from govhall.payments.constants import GATEWAY_CHANNELS, OrderState, RefundState
from govhall.payments.errors import PaymentError, PaymentNotAllowed
from govhall.payments.gateways import GatewayError, RefundResult, gateway
from govhall.payments.models import PaymentNotification, PaymentOrder, Refund

log = logging.getLogger(__name__)
OPEN_REFUNDS = (RefundState.REQUESTED, RefundState.PROCESSING)
RETRY_AFTER = timedelta(minutes=10)


def refundable_fen(order: PaymentOrder) -> int:
    """What may still be asked back: paid − refunded − refunds asked or under way."""
    if order.paid_at is None:
        return 0
    asked = order.refunds.filter(state__in=OPEN_REFUNDS).aggregate(total=Sum("amount_fen"))["total"] or 0
    return max(order.amount_fen - order.refunded_fen - int(asked), 0)


def _may(actor: User, permission: str, order: PaymentOrder) -> bool:
    return bool(getattr(actor, "is_staff_member", False)) and staff_can(actor, permission, order.case.department)


@transaction.atomic
def request_refund(*, order: PaymentOrder, amount_fen: int, reason: str, actor: User) -> Refund:
    """Ask to pay back `amount_fen` (all or part of what is left) with the reason. Staff of the case's department who
    take money (payments.collect) or decide (cases.decide) may ask."""
    locked = PaymentOrder.objects.select_for_update().select_related("case__department").get(pk=order.pk)
    if not (_may(actor, "payments.collect", locked) or _may(actor, "cases.decide", locked)):
        raise PaymentNotAllowed("您的岗位无权为该部门的订单申请退款。")
    if locked.state not in (OrderState.PAID, OrderState.PARTIALLY_REFUNDED):
        raise PaymentError("只有已支付的订单可以退款。")
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise PaymentError("退款金额须为大于零的整数（分）。")
    left = refundable_fen(locked)
    if amount_fen > left:
        raise PaymentError(f"退款金额超过可退金额（最多可退 {fen_to_yuan(left)} 元）。")
    if not reason.strip():
        raise PaymentError("请填写退款理由。")
    refund = Refund.objects.create(
        order=locked,
        out_refund_no=numbers.refund_number(timezone.localdate()),
        amount_fen=amount_fen,
        reason=reason.strip()[:1000],
        requested_by=actor,
    )
    audit.record(actor=actor, action="payments.refund_request", target=refund, detail={"amount_fen": amount_fen})
    return refund


def request_system_refund(*, order: PaymentOrder, reason: str) -> Refund | None:
    """The system asks to pay back all that is left of `order` (locked by the caller, in its transaction): money no
    longer owed — a case withdrawn or not accepted after paying, money that came for a closed order. The refund waits
    in 退款审批 for an approver like any other (requested_by None). None when nothing is left to ask back."""
    left = refundable_fen(order)
    if left <= 0 or order.state not in (OrderState.PAID, OrderState.PARTIALLY_REFUNDED):
        return None
    refund = Refund.objects.create(
        order=order,
        out_refund_no=numbers.refund_number(timezone.localdate()),
        amount_fen=left,
        reason=reason[:1000],
        requested_by=None,
    )
    audit.record(actor=None, action="payments.refund_request", target=refund, detail={"amount_fen": left})
    return refund


@transaction.atomic
def approve_refund(*, refund: Refund, actor: User) -> Refund:
    """Approve a refund asked by someone else (payments.refund_approve in the case's department). The gateway is
    asked by a task enqueued now; a window payment's refund is paid back at the window at once."""
    locked = Refund.objects.select_for_update().select_related("order__case__department").get(pk=refund.pk)
    order = PaymentOrder.objects.select_for_update().get(pk=locked.order_id)
    if not _may(actor, "payments.refund_approve", order):
        raise PaymentNotAllowed("您的岗位无权审批该部门的退款。")
    if actor.pk == locked.requested_by_id:
        raise PaymentNotAllowed("退款须由申请人以外的人员审批。")
    if locked.state != RefundState.REQUESTED:
        raise PaymentError(f"该退款{RefundState(locked.state).label}，不能再审批。")
    locked.state = RefundState.PROCESSING
    locked.approved_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "approved_by", "decided_at"])
    audit.record(actor=actor, action="payments.refund_approve", target=locked, detail={"amount": locked.amount_fen})
    if order.channel in GATEWAY_CHANNELS:
        enqueue(send_refund, locked.pk)
    else:
        _finish(
            locked, order, RefundResult(order.number, locked.out_refund_no, RefundState.SUCCEEDED, locked.amount_fen)
        )
    return locked


@transaction.atomic
def reject_refund(*, refund: Refund, actor: User, note: str) -> Refund:
    locked = Refund.objects.select_for_update().select_related("order__case__department").get(pk=refund.pk)
    if not _may(actor, "payments.refund_approve", locked.order):
        raise PaymentNotAllowed("您的岗位无权审批该部门的退款。")
    if locked.state != RefundState.REQUESTED:
        raise PaymentError(f"该退款{RefundState(locked.state).label}，不能再审批。")
    if not note.strip():
        raise PaymentError("请填写驳回理由。")
    locked.state = RefundState.REJECTED
    locked.approved_by = actor if actor.pk != locked.requested_by_id else None
    locked.decision_note = note.strip()[:1000]
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "approved_by", "decision_note", "decided_at"])
    audit.record(actor=actor, action="payments.refund_reject", target=locked, detail={"note": locked.decision_note})
    return locked


@task()
def send_refund(refund_id: int) -> str:
    """Ask the gateway to pay the refund back (outside any transaction; idempotent by out_refund_no) and apply its
    answer. A gateway that cannot be reached leaves the refund PROCESSING for retry_processing."""
    refund = Refund.objects.select_related("order").get(pk=refund_id)
    if refund.state != RefundState.PROCESSING:
        return str(refund.state)
    order = refund.order
    try:
        result = gateway(order.channel).refund(
            out_trade_no=order.number,
            out_refund_no=refund.out_refund_no,
            amount_fen=refund.amount_fen,
            total_fen=order.amount_fen,
            reason=refund.reason[:80],
        )
    except GatewayError as error:
        log.warning("refund %s failed: %s", refund.out_refund_no, error)
        return str(refund.state)
    with transaction.atomic():
        locked_order = PaymentOrder.objects.select_for_update().get(pk=order.pk)
        apply_refund_result(order=locked_order, result=result)
    return str(Refund.objects.get(pk=refund_id).state)


def retry_processing() -> int:
    """Periodic: refunds still PROCESSING some minutes after approval are asked again (the same out_refund_no)."""
    before = timezone.now() - RETRY_AFTER
    stuck = Refund.objects.filter(state=RefundState.PROCESSING, decided_at__lte=before).values_list("pk", flat=True)
    for refund_id in list(stuck[:200]):
        send_refund.call(refund_id)
    return len(stuck[:200])


def apply_refund_result(*, order: PaymentOrder, result: RefundResult) -> tuple[str, str]:
    """A refund's outcome as the gateway states it, applied once; `order` is locked by the caller. Returns the
    notification outcome and a note."""
    Outcome = PaymentNotification.Outcome
    refund = Refund.objects.select_for_update().filter(order=order, out_refund_no=result.out_refund_no).first()
    if refund is None:
        return Outcome.REFUSED, "没有该退款"
    if result.cumulative:  # the total refunded on the trade so far (Alipay): it includes this refund, within the order
        if not refund.amount_fen <= result.amount_fen <= order.amount_fen:
            return Outcome.REFUSED, "退款金额不一致"
    elif result.amount_fen != refund.amount_fen:
        return Outcome.REFUSED, "退款金额不一致"
    if refund.state != RefundState.PROCESSING:
        return Outcome.IGNORED, f"退款已是“{refund.state}”"
    if result.status == RefundState.PROCESSING:
        if result.gateway_refund_no and not refund.gateway_refund_no:
            refund.gateway_refund_no = result.gateway_refund_no[:64]
            refund.save(update_fields=["gateway_refund_no"])
        return Outcome.IGNORED, "退款处理中"
    _finish(refund, order, result)
    return Outcome.APPLIED, str(result.status)


def _finish(refund: Refund, order: PaymentOrder, result: RefundResult) -> None:
    refund.gateway_refund_no = result.gateway_refund_no[:64] or refund.gateway_refund_no
    refund.finished_at = timezone.now()
    if result.status == RefundState.SUCCEEDED:
        refund.state = RefundState.SUCCEEDED
        order.refunded_fen += refund.amount_fen
        order.state = OrderState.REFUNDED if order.refunded_fen >= order.amount_fen else OrderState.PARTIALLY_REFUNDED
        order.version += 1
        order.save(update_fields=["refunded_fen", "state", "version", "updated_at"])
    else:
        refund.state = RefundState.FAILED
        refund.failure = "渠道退款失败"
    refund.save(update_fields=["state", "gateway_refund_no", "finished_at", "failure"])
    audit.record(actor=None, action="payments.refund_result", target=refund, detail={"state": refund.state})
