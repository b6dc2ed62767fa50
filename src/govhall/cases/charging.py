"""The case's side of money (docs/payments.md): the clerk fixes or reduces the fees of a stage and asks for payment
(fix_fees → 通知缴费), and the payment is recorded as received (receive_payment → 缴费完成, called by payments when a
gateway or the window confirms the money). cases never imports payments: payments follows the events."""

from typing import Any

from django.db import transaction

from govhall.accounts.models import User
from govhall.cases import fees, services
from govhall.cases.constants import Act, CaseState, PaymentState
from govhall.cases.models import Case
from govhall.core import audit
from govhall.core.bounds import whole_number


@transaction.atomic
def fix_fees(*, case: Case, actor: User, amounts: dict[str, Any], reason: str = "", channel: str = "window") -> Case:
    """核定收费: the clerk gives the amount (fen) of every fee of the current stage (受理前 while submitted, else
    准予许可后) and payment is asked for them in one 通知缴费. A fee without a fixed amount must be given one; a fixed
    amount may only be lowered, for a fee the guide says can be reduced (减免), with the reason. Asked again while
    due, the new amounts replace the order (payments closes the old one)."""
    locked = Case.objects.select_for_update(of=("self",)).select_related("guide_version").get(pk=case.pk)
    stage = fees.stage_of(locked)
    due = fees.fees_due(locked.guide_version, stage)
    if not due:
        raise services.CaseError("该事项在此环节没有收费项目。")
    if locked.payment_state == PaymentState.PAID and fees.requested(locked, stage):
        raise services.CaseError("该环节的费用已缴清，不能再核定。")
    lines, reduced = [], []
    for fee in due:
        amount = whole_number(str(amounts.get(fee.name, "")).strip(), maximum=fees.MAX_FEE_FEN)
        if amount is None:
            raise services.CaseError(f"请填写“{fee.name}”的金额（以分为单位的整数）。")
        if fee.amount is not None and amount != fee.amount:
            if amount > fee.amount:
                raise services.CaseError(f"“{fee.name}”为固定收费 {fees.yuan(fee.amount)} 元，不能调高。")
            if not fee.reducible:
                raise services.CaseError(f"“{fee.name}”不允许减免。")
            reduced.append(fee.name)
        lines.append({"name": fee.name, "amount_fen": amount})
    reason = reason.strip()[:1000]
    if reduced and not reason:
        raise services.CaseError("减免收费须填写理由。")
    updated = services.request_payment(
        case=locked, actor=actor, channel=channel, stage=stage, lines=lines, reason=reason
    )
    audit.record(
        actor=actor,
        action="cases.fix_fees",
        channel=channel,
        target=updated,
        detail={"stage": stage, "lines": lines, "total_fen": fees.total(lines), "reduced": reduced, "reason": reason},
    )
    return updated


@transaction.atomic
def receive_payment(*, case: Case, actor: User | None, channel: str, detail: dict[str, Any] | None = None) -> Case:
    """缴费完成: the money owed is in (a gateway's confirmed notification, or the clerk at the window). The clock runs
    again; a 告知承诺制 case held for the fee continues its automatic decision."""
    updated = services.act_on(case=case, act=Act.RECEIVE_PAYMENT, actor=actor, channel=channel, detail=detail or {})
    if updated.commitment_signed_at is not None and updated.state in (CaseState.SUBMITTED, CaseState.APPROVED):
        updated = services.decide_on_commitment(updated)
    return updated
