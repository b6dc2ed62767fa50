"""Ways a case is decided and its result delivered, built on act_on: 即办件 decided on one screen, 告知承诺制 decided on
the applicant's signed commitment with a post-check (事后核查) that revokes a false one, and delivery of the result
(download, pick-up at the window, or post)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from govhall.accounts.models import User
from govhall.cases.constants import Act, DeliveryMethod, PostCheckState
from govhall.cases.couriers import CourierError, courier
from govhall.cases.models import Case, PostCheck, Visit
from govhall.cases.services import ActNotAllowed, CaseError, act_on, check_act
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
    """送达 by the window: handing the result over at the counter (a visit) or posting it (a waybill is booked).
    Results chosen for download are delivered by act_on as soon as the case is concluded."""
    detail: dict[str, Any] = {"method": case.delivery_method}
    # The checks before the courier is called: nobody books a waybill for a case they may not deliver.
    current = Case.objects.select_related("guide_version").get(pk=case.pk)
    check_act(case=current, act=Act.DELIVER, actor=actor, expected_revision=expected_revision)
    if case.delivery_method == DeliveryMethod.POST:
        if not case.delivery_address:
            raise CaseError("该办件没有邮寄地址，请联系申请人改为窗口领取。")
        try:
            waybill = courier().book(
                reference=case.number, address=case.delivery_address, contents=f"{case.item.name} 办理结果"
            )
        except CourierError as error:
            raise CaseError("快递下单未成功，请稍后重试。") from error
        detail["waybill"] = waybill
    updated = act_on(
        case=case, act=Act.DELIVER, actor=actor, channel=channel, detail=detail, expected_revision=expected_revision
    )
    if case.delivery_method == DeliveryMethod.POST:
        Case.objects.filter(pk=updated.pk).update(tracking_number=detail["waybill"])
        updated.tracking_number = detail["waybill"]
    elif case.delivery_method == DeliveryMethod.PICKUP:
        Visit.objects.create(case=updated, hall=case.hall, purpose="窗口领取办理结果", recorded_by=actor)
    return updated
