"""即办件 on one screen, 告知承诺制 with post-check and revocation, review steps in order, delivery, window receipts."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from govhall.accounts.tests.factories import person, staff
from govhall.cases import decisions, services, uploads
from govhall.cases.constants import CaseState, PostCheckState, TrustLevel
from govhall.cases.models import CaseEvent, PostCheck
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import HallFactory, published_item
from govhall.core.workdays import add_working_days
from govhall.organisations.constants import Role
from govhall.organisations.models import Department

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.COURIER_OUTBOX_FILE = str(tmp_path / "waybills.jsonl")
    return tmp_path


def department():
    return Department.objects.get_or_create(name="区行政审批局", defaults={"area_code": "511602000000"})[0]


def acts(case):
    return list(CaseEvent.objects.filter(case=case).values_list("act", flat=True))


def test_an_immediate_item_is_decided_by_the_window_in_one_go():
    item = published_item(handling_kind="immediate", promised_limit=0, statutory_limit=1)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    case = submitted_case(item=item)
    case = decisions.decide_at_once(case=case, actor=clerk, channel="window", approve=True)
    assert case.state == CaseState.DELIVERED
    assert acts(case) == ["submit", "accept", "approve", "conclude", "deliver"]


def test_a_promised_item_cannot_be_decided_at_once_and_nothing_changes():
    case = submitted_case()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    with pytest.raises(services.CaseError, match="只有即办件"):
        decisions.decide_at_once(case=case, actor=clerk, channel="window", approve=True)
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and acts(case) == ["submit"]
    case = services.accept_case(case=case, actor=clerk, channel="window")
    with pytest.raises(services.ActNotAllowed, match="岗位无权"):  # a clerk decides only 即办件
        services.approve(case=case, actor=clerk, channel="window")


def test_a_refusal_on_the_spot_needs_a_reason():
    item = published_item(handling_kind="immediate", promised_limit=0, statutory_limit=1)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    case = submitted_case(item=item)
    with pytest.raises(services.CaseError, match="不予许可的理由"):
        decisions.decide_at_once(case=case, actor=clerk, channel="window", approve=False)
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and acts(case) == ["submit"]


def commitment_item():
    return published_item(commitment_allowed=True, post_check_days=10)


def test_a_signed_commitment_is_decided_at_once_and_opens_a_post_check():
    item = commitment_item()
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key="c1",
        channel="web",
        application=services.Application(form_data={"reason": "开店"}, commitment=True),
    )
    assert case.state == CaseState.DELIVERED and case.commitment_signed_at is not None
    assert acts(case) == ["submit", "accept", "approve", "conclude", "deliver"]
    check = PostCheck.objects.get(case=case)
    assert check.state == PostCheckState.PENDING
    assert check.due_date == add_working_days(timezone.localdate(case.submitted_at), 10)


def test_a_false_commitment_found_by_the_post_check_revokes():
    item = commitment_item()
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key="c1",
        channel="web",
        application=services.Application(commitment=True),
    )
    approver = staff("approver", Role.APPROVER, department=item.department)
    with pytest.raises(services.CaseError, match="请填写核查情况"):
        decisions.record_post_check(case=case, actor=approver, truthful=False, finding=" ")
    decisions.record_post_check(case=case, actor=approver, truthful=False, finding="现场无经营场所")
    case.refresh_from_db()
    assert case.state == CaseState.REVOKED
    assert case.events.last().reason == "现场无经营场所"
    assert PostCheck.objects.get(case=case).state == PostCheckState.FAILED
    with pytest.raises(services.CaseError, match="已完成事后核查"):
        decisions.record_post_check(case=case, actor=approver, truthful=True, finding="复核")


def test_commitment_only_where_the_guide_allows_it():
    with pytest.raises(services.CaseError, match="未实行告知承诺制"):
        services.submit_case(
            applicant=person("alice"),
            item=published_item(),
            idempotency_key="c",
            channel="web",
            application=services.Application(commitment=True),
        )


def test_review_steps_are_passed_in_order_by_their_roles_and_departments():
    other = Department.objects.create(name="区消防救援大队", area_code="511602000000")
    steps = [{"name": name, "office": "审批科"} for name in ("受理", "决定", "办结", "送达")]
    steps.insert(1, {"name": "审查", "review_role": "reviewer"})
    steps.insert(2, {"name": "消防审查", "review_role": "reviewer", "review_department": other.name})
    item = published_item(steps=steps)
    reviewer = staff("reviewer", Role.REVIEWER, department=item.department)
    fire = staff("fire", Role.REVIEWER, department=other)
    approver = staff("approver", Role.APPROVER, department=item.department)
    case = services.accept_case(case=submitted_case(item=item), actor=reviewer, channel="window")
    case = services.act_on(case=case, act="start_review", actor=reviewer, channel="window")
    with pytest.raises(services.ActNotAllowed, match="审查环节“审查”尚未通过"):
        services.approve(case=case, actor=approver, channel="window")
    with pytest.raises(services.ActNotAllowed):
        services.act_on(case=case, act="pass_step", actor=fire, channel="window")  # not their step yet
    case = services.act_on(case=case, act="pass_step", actor=reviewer, channel="window")
    with pytest.raises(services.ActNotAllowed):
        services.act_on(case=case, act="pass_step", actor=reviewer, channel="window")  # the fire brigade's step
    case = services.act_on(case=case, act="pass_step", actor=fire, channel="window")
    case = services.approve(case=case, actor=approver, channel="window")
    assert case.state == CaseState.APPROVED and case.review_step == 2
    assert [event.detail.get("step") for event in case.events.filter(act="pass_step")] == ["审查", "消防审查"]


def decided(item, method, address=""):
    case = services.submit_case(
        applicant=person("alice"),
        item=item,
        idempotency_key=method,
        channel="web",
        application=services.Application(delivery_method=method, delivery_address=address),
    )
    approver = staff(f"approver-{method}", Role.APPROVER, department=item.department)
    case = reviewed(services.accept_case(case=case, actor=approver, channel="window"), approver)
    case = services.approve(case=case, actor=approver, channel="window")
    return services.conclude(case=case, actor=approver, channel="window"), approver


def test_a_result_by_post_is_not_delivered_at_the_window(media):
    """Posting books a courier (delivery.services.post_result, tested there); 签收 delivers the case."""
    item = published_item(express_out=True)
    case, approver = decided(item, "post", "四川省广安市广安区金安大道 1 号 张三 13900001111")
    with pytest.raises(services.CaseError, match="寄出结果"):
        decisions.deliver(case=case, actor=approver)
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED and not (media / "waybills.jsonl").exists()


def test_a_result_picked_up_counts_as_a_visit():
    case, approver = decided(published_item(), "pickup")
    case = decisions.deliver(case=case, actor=approver)
    assert case.state == CaseState.DELIVERED
    assert list(case.visits.values_list("purpose", flat=True)) == ["窗口领取办理结果"]


def test_a_clerk_files_for_a_walk_in_with_checked_originals():
    item = published_item()
    hall = HallFactory()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    walk_in = person("walkin")
    draft = services.save_draft(
        applicant=walk_in, item=item, application=services.Application(), channel="window", draft=None
    )
    given = uploads.attach_upload(
        case=draft,
        actor=clerk,
        name="食品经营许可申请书",
        upload=SimpleUploadedFile("a.pdf", PDF),
        channel="window",
    )
    assert given.document.trust_level == TrustLevel.B and given.document.owner == walk_in
    case = services.submit_case(
        applicant=walk_in,
        item=item,
        idempotency_key="w1",
        channel="window",
        application=services.Application(form_data={"reason": "窗口代办"}),
        draft=draft,
        received_by=clerk,
        hall=hall,
    )
    event = case.events.get()
    assert event.actor == clerk and event.channel == "window" and event.detail["received_for"] == walk_in.pk
    assert case.hall == hall and case.visits.get().recorded_by == clerk


def test_a_clerk_of_another_department_cannot_file():
    item = published_item()
    stranger = staff("stranger", Role.WINDOW_CLERK)
    with pytest.raises(services.ActNotAllowed):
        services.submit_case(
            applicant=person("walkin"), item=item, idempotency_key="w", channel="window", received_by=stranger
        )
