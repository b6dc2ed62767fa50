import pytest

from govhall.accounts.tests.factories import person, staff
from govhall.cases import services
from govhall.cases.constants import CaseState
from govhall.cases.models import CaseEvent
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.catalog.tests.factories import DepartmentFactory, published_item
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")  # the department of the factories' item


@pytest.fixture
def clerk(department):
    return staff("clerk", Role.WINDOW_CLERK, department=department)


@pytest.fixture
def approver(department):
    return staff("approver", Role.APPROVER, department=department)


def test_submit_makes_a_numbered_case_under_the_current_version():
    case = submitted_case()
    assert case.state == CaseState.SUBMITTED
    assert case.number.startswith("GH") and len(case.number) == 16
    assert case.guide_version == case.item.current_version
    assert case.events.get().act == "submit"
    assert AuditEvent.objects.filter(action="cases.submit", object_id=str(case.pk)).exists()
    second = submitted_case(applicant=case.applicant, item=case.item)
    assert int(second.number[-6:]) == int(case.number[-6:]) + 1


def test_idempotency_key_makes_one_case():
    alice = person("alice")
    item = published_item()
    first = services.submit_case(applicant=alice, item=item, form_data={}, idempotency_key="k-1", channel="web")
    again = services.submit_case(applicant=alice, item=item, form_data={}, idempotency_key="k-1", channel="web")
    assert first.pk == again.pk
    assert alice.cases.count() == 1


def test_catalog_only_items_cannot_be_applied_for():
    item = published_item(catalog_only=True)
    with pytest.raises(services.CaseError, match="尚未编制完成"):
        services.submit_case(applicant=person("alice"), item=item, form_data={}, idempotency_key="", channel="web")


def test_the_whole_happy_path(clerk, approver):
    case = submitted_case()
    case = services.request_correction(case=case, actor=clerk, channel="window", missing=["营业执照复印件", "平面图"])
    assert case.state == CaseState.CORRECTION
    assert case.events.last().detail["missing"] == ["营业执照复印件", "平面图"]
    explanations = {"营业执照复印件": "已在申请书中写明统一社会信用代码", "平面图": "平面图附在申请书后"}
    case = services.resubmit(
        case=case, actor=case.applicant, channel="web", form_data={"补充": "已上传"}, explanations=explanations
    )
    case = services.accept_case(case=case, actor=clerk, channel="window")
    assert case.promised_deadline is not None and case.accepted_at is not None
    case = reviewed(case, approver)
    case = services.approve(case=case, actor=approver, channel="web")
    case = services.conclude(case=case, actor=clerk, channel="web")  # 办结 at the window that accepted
    # The result was chosen for download, so concluding also delivers it.
    assert case.state == CaseState.DELIVERED and case.concluded_at is not None
    acts = list(CaseEvent.objects.filter(case=case).values_list("act", flat=True))
    assert acts == [
        "submit",
        "request_correction",
        "resubmit",
        "accept",
        "start_review",
        "pass_step",
        "approve",
        "conclude",
        "deliver",
    ]


def test_an_act_not_allowed_now_says_why_and_changes_nothing(approver):
    case = submitted_case()
    with pytest.raises(services.ActNotAllowed, match="当前状态为“已申报”，不能准予许可"):
        services.approve(case=case, actor=approver, channel="web")
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED and case.events.count() == 1


def test_two_people_at_once_one_wins_the_other_is_told(clerk):
    case = submitted_case()
    seen = case.revision
    services.accept_case(case=case, actor=clerk, channel="window", expected_revision=seen)
    with pytest.raises(services.StaleCase, match="已被他人处理"):
        services.not_accept(case=case, actor=clerk, channel="window", reason="材料不全", expected_revision=seen)
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c, a: services.not_accept(case=c, actor=a, channel="window", reason=" "), "不予受理的理由"),
        (lambda c, a: services.request_correction(case=c, actor=a, channel="window", missing=["", " "]), "一次性告知"),
    ],
)
def test_reasons_are_required(clerk, call, message):
    with pytest.raises(services.CaseError, match=message):
        call(submitted_case(), clerk)


def test_only_the_applicant_withdraws_or_resubmits(clerk):
    case = submitted_case()
    with pytest.raises(services.CaseError, match="只有申请人"):
        services.withdraw(case=case, actor=clerk, channel="web")
    case = services.withdraw(case=case, actor=case.applicant, channel="web", reason="不办了")
    assert case.state == CaseState.WITHDRAWN
    with pytest.raises(services.ActNotAllowed):
        services.accept_case(case=case, actor=clerk, channel="window")


def test_visits_are_recorded(clerk):
    case = submitted_case()
    services.record_visit(case=case, actor=clerk, purpose="核验原件")
    assert case.visits.count() == 1
    with pytest.raises(services.CaseError):
        services.record_visit(case=case, actor=clerk, purpose="")


def test_roles_and_departments_decide_who_may_act(clerk, approver):
    case = submitted_case()
    case = reviewed(services.accept_case(case=case, actor=clerk, channel="window"), approver)
    with pytest.raises(services.ActNotAllowed, match="岗位无权"):
        services.approve(case=case, actor=clerk, channel="window")  # a clerk receives, an approver decides
    elsewhere = staff("elsewhere", Role.APPROVER)  # an approver of another department
    with pytest.raises(services.ActNotAllowed, match="岗位无权"):
        services.approve(case=case, actor=elsewhere, channel="web")
    with pytest.raises(services.ActNotAllowed):
        services.act_on(case=case, act="approve", actor=case.applicant, channel="web")
    assert services.approve(case=case, actor=approver, channel="web").state == CaseState.APPROVED
