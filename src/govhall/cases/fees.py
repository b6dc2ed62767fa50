"""The fees of a case (收费), read from its guide version: which are due at a stage (受理前 or 准予许可后), the lines an
order is made of ([{name, amount_fen}], integer fen) and the one rule that holds a case while money is owed
(payment_problem, asked by services.check_act). The acts themselves (通知缴费, 缴费完成) are services.request_payment
and cases.charging; payments follows the events and takes the money (docs/payments.md)."""

from typing import Any

from govhall.cases.constants import PAYMENT_DUE_REFUSED, PAYMENT_GATED_ACTS, Act, CaseState, PaymentState
from govhall.cases.models import Case
from govhall.catalog.constants import FeeStage
from govhall.catalog.models import Fee, GuideVersion

MAX_FEE_FEN = 100_000_000  # one million yuan: past it a typed amount is surely a mistake

type Line = dict[str, Any]


def fees_due(version: GuideVersion, stage: str) -> list[Fee]:
    """The guide's fees paid at `stage` (FeeStage), in the guide's order."""
    return [fee for fee in version.fees.all() if fee.stage == stage]


def fixed_lines(fees: list[Fee]) -> list[Line] | None:
    """The order's lines when every fee has a fixed amount; None when one must be fixed by the clerk first."""
    if any(fee.amount is None for fee in fees):
        return None
    return [{"name": fee.name, "amount_fen": int(fee.amount or 0)} for fee in fees]


def total(lines: list[Line]) -> int:
    return sum(int(line["amount_fen"]) for line in lines)


def yuan(fen: int) -> str:
    """Fen as yuan for people: 12345 → "123.45"."""
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"


def stage_of(case: Case) -> str:
    """The stage a fee asked now belongs to: before acceptance while the case is submitted, else after the decision."""
    return FeeStage.BEFORE_ACCEPTANCE if case.state == CaseState.SUBMITTED else FeeStage.AFTER_DECISION


def requested(case: Case, stage: str) -> bool:
    """Has payment been asked for the fees of `stage` (a 通知缴费 event of that stage)?"""
    return case.events.filter(act=Act.REQUEST_PAYMENT, detail__stage=stage).exists()


def payment_problem(case: Case, act: str) -> str | None:
    """Why `act` must wait for money, for the person acting; None when it need not. The one home of the rule: 受理
    waits for the before-acceptance fees, 办结 of an approved case for the after-decision fees — asked (通知缴费)
    and paid. Receiving a payment needs one to be due."""
    if act == Act.RECEIVE_PAYMENT:
        return None if case.payment_state == PaymentState.DUE else "该办件没有待缴的费用。"
    if act not in PAYMENT_GATED_ACTS:
        return None
    if case.payment_state == PaymentState.DUE:
        return PAYMENT_DUE_REFUSED.format(act=Act(act).label)
    if act == Act.CONCLUDE and case.state != CaseState.APPROVED:
        return None  # a denied case pays nothing
    stage = FeeStage.BEFORE_ACCEPTANCE if act == Act.ACCEPT else FeeStage.AFTER_DECISION
    if fees_due(case.guide_version, stage) and not requested(case, stage):
        return "该事项在此环节需要收费，请先核定收费金额并通知申请人缴费。"
    return None
