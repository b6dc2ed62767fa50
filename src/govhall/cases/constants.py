"""The life of a case (办件): its states and the acts that move it. Names follow DOMAIN.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已申报")
    CORRECTION = "correction", _("待补正")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    UNDER_REVIEW = "under_review", _("审查中")
    SUSPENDED = "suspended", _("特别程序中")
    APPROVED = "approved", _("准予许可")
    DENIED = "denied", _("不予许可")
    CONCLUDED = "concluded", _("已办结")
    DELIVERED = "delivered", _("已送达")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销")


FINAL_STATES = frozenset({CaseState.NOT_ACCEPTED, CaseState.DELIVERED, CaseState.WITHDRAWN, CaseState.REVOKED})
# The others, in the order of CaseState: the condition of the inbox's partial indexes (cases.inbox).
OPEN_STATES: tuple[str, ...] = tuple(value for value in CaseState.values if value not in FINAL_STATES)


class Act(models.TextChoices):
    """What happens to a case; each is one event in its history."""

    SUBMIT = "submit", _("申报")
    ACCEPT = "accept", _("受理")
    REQUEST_CORRECTION = "request_correction", _("一次性告知补正")
    RESUBMIT = "resubmit", _("补正后重新提交")
    NOT_ACCEPT = "not_accept", _("不予受理")
    START_REVIEW = "start_review", _("开始审查")
    PASS_STEP = "pass_step", _("本环节审查通过")
    SUSPEND = "suspend", _("进入特别程序")
    RESUME = "resume", _("特别程序结束")
    EXTEND = "extend", _("延期")
    APPROVE = "approve", _("准予许可")
    DENY = "deny", _("不予许可")
    CONCLUDE = "conclude", _("办结")
    DELIVER = "deliver", _("送达")
    WITHDRAW = "withdraw", _("撤回")
    REVOKE = "revoke", _("撤销许可")
    REQUEST_PAYMENT = "request_payment", _("通知缴费")
    RECEIVE_PAYMENT = "receive_payment", _("缴费完成")


S = CaseState
# act → (the states it may happen in, the state it leads to; None keeps the state).
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    Act.SUBMIT: (frozenset({S.DRAFT}), S.SUBMITTED),
    Act.ACCEPT: (frozenset({S.SUBMITTED}), S.ACCEPTED),
    Act.REQUEST_CORRECTION: (frozenset({S.SUBMITTED}), S.CORRECTION),
    Act.RESUBMIT: (frozenset({S.CORRECTION}), S.SUBMITTED),
    Act.NOT_ACCEPT: (frozenset({S.SUBMITTED, S.CORRECTION}), S.NOT_ACCEPTED),
    Act.START_REVIEW: (frozenset({S.ACCEPTED}), S.UNDER_REVIEW),
    Act.PASS_STEP: (frozenset({S.UNDER_REVIEW}), None),
    Act.SUSPEND: (frozenset({S.ACCEPTED, S.UNDER_REVIEW}), S.SUSPENDED),
    Act.RESUME: (frozenset({S.SUSPENDED}), S.UNDER_REVIEW),
    Act.EXTEND: (frozenset({S.ACCEPTED, S.UNDER_REVIEW, S.SUSPENDED}), None),
    Act.APPROVE: (frozenset({S.ACCEPTED, S.UNDER_REVIEW}), S.APPROVED),
    Act.DENY: (frozenset({S.ACCEPTED, S.UNDER_REVIEW}), S.DENIED),
    Act.CONCLUDE: (frozenset({S.APPROVED, S.DENIED}), S.CONCLUDED),
    Act.DELIVER: (frozenset({S.CONCLUDED}), S.DELIVERED),
    Act.WITHDRAW: (
        frozenset({S.DRAFT, S.SUBMITTED, S.CORRECTION, S.ACCEPTED, S.UNDER_REVIEW, S.SUSPENDED}),
        S.WITHDRAWN,
    ),
    Act.REVOKE: (frozenset({S.CONCLUDED, S.DELIVERED}), S.REVOKED),
    # Fees (cases.fees): asked before acceptance or after approval; the state stays, Case.payment_state changes.
    Act.REQUEST_PAYMENT: (frozenset({S.SUBMITTED, S.APPROVED}), None),
    Act.RECEIVE_PAYMENT: (frozenset({S.SUBMITTED, S.APPROVED}), None),
}
# The rules of acts beside the table, the one home for the workbench, the API and department systems (system_acts):
# acts whose reason is written into the decision and the person's notice, so it cannot be empty (with what the reason
# is called in the message asking for it), and the working days one extension (延期) may add.
REASON_REQUIRED: dict[str, str] = {
    Act.NOT_ACCEPT: "不予受理的理由",
    Act.DENY: "不予许可的理由",
    Act.SUSPEND: "特别程序",
    Act.EXTEND: "延期理由",
    Act.REVOKE: "撤销的理由",
}
EXTENSION_DAYS = range(1, 31)
EXTENSION_DAYS_REFUSED = f"延期天数应在 {EXTENSION_DAYS.start} 到 {EXTENSION_DAYS.stop - 1} 个工作日之间。"
# Acts that stop the clock until the act in the value resumes it: 补正, special procedures, and waiting for the
# applicant to pay a fee (通知缴费 → 缴费完成; cases.clocks).
CLOCK_STOPS = {
    Act.REQUEST_CORRECTION: Act.RESUBMIT,
    Act.SUSPEND: Act.RESUME,
    Act.REQUEST_PAYMENT: Act.RECEIVE_PAYMENT,
}


class PaymentState(models.TextChoices):
    """Whether the case waits for the applicant's money (Case.payment_state, set by the payment acts)."""

    NONE = "none", _("无需缴费")
    DUE = "due", _("待缴费")
    PAID = "paid", _("已缴费")


# The acts refused while a fee is due: a case is accepted (受理前缴费) or concluded (准予许可后缴费) only once paid.
PAYMENT_GATED_ACTS = frozenset({Act.ACCEPT, Act.CONCLUDE})
PAYMENT_DUE_REFUSED = "申请人尚未缴清费用（待缴费），缴费完成后才能{act}。"


class TrustLevel(models.TextChoices):
    """How far a document can be trusted (国办函〔2016〕108号)."""

    A = "A", _("A：发证机关电子签章")
    B = "B", _("B：窗口人员核验原件")
    C = "C", _("C：申请人上传（原件待核验）")
    D = "D", _("D：申请人承诺真实")


# States in which the applicant may still add or change materials.
EDITABLE_STATES = frozenset({CaseState.DRAFT, CaseState.SUBMITTED, CaseState.CORRECTION})


class DeliveryMethod(models.TextChoices):
    """How the applicant gets the result (送达)."""

    ONLINE = "online", _("网上下载")
    PICKUP = "pickup", _("窗口领取")
    POST = "post", _("快递送达")


class DocumentKind(models.TextChoices):
    """The documents GovHall writes for a case, each a PDF kept as it was first issued."""

    RECEIPT = "receipt", _("申报回执")
    CORRECTION_NOTICE = "correction_notice", _("补正材料一次性告知书")
    NOT_ACCEPT_DECISION = "not_accept_decision", _("不予受理决定书")
    APPROVAL = "approval", _("准予许可决定书")
    DENIAL = "denial", _("不予许可决定书")
    REVOCATION = "revocation", _("撤销行政许可决定书")
    COMMITMENT = "commitment", _("告知承诺书")


class PostCheckState(models.TextChoices):
    PENDING = "pending", _("待核查")
    PASSED = "passed", _("核查属实")
    FAILED = "failed", _("核查不实")


class FetchOutcome(models.TextChoices):
    """What became of a 免提交 material the system fetches after submission (cases.exemptions)."""

    PENDING = "pending", _("正在由系统获取")
    OBTAINED = "obtained", _("已由系统获取")
    NO_RECORD = "no_record", _("数据源无记录")
    FAILED = "failed", _("获取失败")


# The outcomes after which the applicant is asked to upload the material themselves.
FETCH_FALLBACK = frozenset({FetchOutcome.NO_RECORD, FetchOutcome.FAILED})
