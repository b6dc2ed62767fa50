"""Ways a case is decided and its result delivered, built on act_on: 即办件 decided on one screen, 告知承诺制 decided on
the applicant's signed commitment with a post-check (事后核查) that revokes a false one, and delivery of the result
(download or pick-up at the window; post: govhall.delivery)."""

from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.constants import Act, DeliveryMethod, PostCheckState
from govhall.cases.models import Case, PostCheck, Visit
from govhall.cases.services import ActNotAllowed, CaseError, act_on
from govhall.catalog.constants import HandlingKind
from govhall.core import audit
from govhall.organisations.access import staff_can


@transaction.atomic
def decide_at_once(
    *,
    case: Case,
    actor: User | None,
    channel: str,
    approve: bool,
    reason: str = "",
    expected_revision: int | None = None,
) -> Case:
    """即办件: accept, decide and conclude in one go; all three events are written or none."""
    if case.guide_version.handling_kind != HandlingKind.IMMEDIATE:
        raise CaseError("只有即办件可以当场办结。")
    if not approve and not reason.strip():
        raise CaseError("请填写不予许可的理由。")
    case = act_on(case=case, act=Act.ACCEPT, actor=actor, channel=channel, expected_revision=expected_revision)
    act = Act.APPROVE if approve else Act.DENY
    case = act_on(case=case, act=act, actor=actor, channel=channel, reason=reason.strip())
    case = act_on(case=case, act=Act.CONCLUDE, actor=actor, channel=channel)
    return case


@transaction.atomic
def record_post_check(*, case: Case, actor: User, truthful: bool, finding: str, channel: str = "window") -> PostCheck:
    """The result of the post-check. A false commitment revokes the decision (the revocation is its own event and
    decision document)."""
    check = PostCheck.objects.select_for_update().filter(case=case).first()
    if check is None:
        raise CaseError("该办件没有事后核查任务。")
    if check.state != PostCheckState.PENDING:
        raise CaseError("该办件已完成事后核查。")
    if not staff_can(actor, "cases.review", case.department):
        raise ActNotAllowed("您的岗位无权进行事后核查。")
    finding = finding.strip()
    if not finding:
        raise CaseError("请填写核查情况。")
    if not truthful:
        act_on(case=case, act=Act.REVOKE, actor=actor, channel=channel, reason=finding, detail={"post_check": True})
    check.state = PostCheckState.PASSED if truthful else PostCheckState.FAILED
    check.finding = finding[:2000]
    check.checked_by = actor
    check.checked_at = timezone.now()
    check.save()
    audit.record(actor=actor, action="cases.post_check", channel=channel, target=case, detail={"truthful": truthful})
    return check


@transaction.atomic
def deliver(*, case: Case, actor: User | None, channel: str = "window", expected_revision: int | None = None) -> Case:
    """送达 by the window: handing the result over at the counter (a visit). A result by post is delivered when the
    courier reports it signed for (delivery.services.post_result books it; delivery.tracking records 签收 and calls
    act_on); results chosen for download are delivered by act_on as soon as the case is concluded."""
    if case.delivery_method == DeliveryMethod.POST:
        raise CaseError("快递送达的办件请使用“寄出结果”，签收后自动送达。")
    updated = act_on(
        case=case,
        act=Act.DELIVER,
        actor=actor,
        channel=channel,
        detail={"method": case.delivery_method},
        expected_revision=expected_revision,
    )
    if case.delivery_method == DeliveryMethod.PICKUP:
        Visit.objects.create(case=updated, hall=case.hall, purpose="窗口领取办理结果", recorded_by=actor)
    return updated
