import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person, staff
from govhall.cases import uploads
from govhall.cases.constants import CaseState
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import DepartmentFactory
from govhall.core.models import AuditEvent
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def department():
    return DepartmentFactory(name="区行政审批局")


def act(client, case, act, revision=None, **extra):
    data = {"act": act, "revision": case.revision if revision is None else revision} | extra
    return client.post(f"/workbench/cases/{case.number}/act/", data, follow=True)


def test_inbox_lists_the_departments_cases_only(client, department):
    mine = submitted_case()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    client.force_login(clerk)
    page = client.get("/workbench/").content.decode()
    assert mine.number in page
    client.force_login(staff("other", Role.WINDOW_CLERK))
    assert mine.number not in client.get("/workbench/").content.decode()
    client.force_login(person("citizen", number=2))
    assert client.get("/workbench/").status_code == 403


def test_correction_then_acceptance_then_decision_through_the_pages(client, department):
    case = submitted_case()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    approver = staff("approver", Role.APPROVER, department=department)
    client.force_login(clerk)
    page = act(client, case, "request_correction", reason="营业执照复印件\n经营场所平面图").content.decode()
    assert "已一次性告知补正" in page
    case.refresh_from_db()
    assert case.state == CaseState.CORRECTION
    assert case.events.last().detail["missing"] == ["营业执照复印件", "经营场所平面图"]
    from govhall.cases import services

    services.resubmit(
        case=case,
        actor=case.applicant,
        channel="web",
        explanations={"营业执照复印件": "见申请书", "经营场所平面图": "见申请书附页"},
    )
    case.refresh_from_db()
    act(client, case, "accept")
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert 'value="approve"' not in page  # a clerk has no decision buttons
    client.force_login(approver)
    assert 'value="approve"' not in client.get(f"/workbench/cases/{case.number}/").content.decode()  # review first
    act(client, case, "start_review")
    case.refresh_from_db()
    act(client, case, "pass_step")
    case.refresh_from_db()
    assert 'value="approve"' in client.get(f"/workbench/cases/{case.number}/").content.decode()
    act(client, case, "approve")
    case.refresh_from_db()
    assert case.state == CaseState.APPROVED


def test_a_stale_form_gets_a_conflict_message_and_changes_nothing(client, department):
    case = submitted_case()
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=department))
    old = case.revision
    act(client, case, "accept")
    page = act(client, case, "not_accept", revision=old, reason="材料不全").content.decode()
    assert "已被他人处理" in page
    case.refresh_from_db()
    assert case.state == CaseState.ACCEPTED


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"act": "approve"}, "请求不完整"),
        ({"act": "fly", "revision": "1"}, "请求不完整"),
        ({"act": "not_accept", "revision": "1", "reason": ""}, "请填写不予受理的理由"),
        ({"act": "approve", "revision": "1"}, "岗位无权"),
        # str.isdigit() takes these, int() does not (or reads another script's digits): they were a 500
        ({"act": "accept", "revision": "²"}, "请求不完整"),
        ({"act": "accept", "revision": "١"}, "请求不完整"),
        ({"act": "accept", "revision": "9" * 30}, "请求不完整"),
        ({"act": "extend", "revision": "0", "days": "²", "reason": "x"}, "请填写延期的工作日数"),
    ],
)
def test_bad_requests_are_told_why(client, department, data, message):
    case = submitted_case()
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=department))
    page = client.post(f"/workbench/cases/{case.number}/act/", data, follow=True).content.decode()
    assert message in page
    case.refresh_from_db()
    assert case.state == CaseState.SUBMITTED


def test_materials_are_served_only_to_those_who_may_see_the_case(client, department):
    case = submitted_case()
    material = uploads.attach_upload(
        case=case,
        actor=case.applicant,
        name="食品经营许可申请书",
        upload=SimpleUploadedFile("a.pdf", PDF),
        channel="web",
    )
    url = f"/cases/{case.number}/materials/{material.pk}/"
    client.force_login(case.applicant)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]
    assert not AuditEvent.objects.filter(action="cases.view_material").exists()  # the applicant's own file
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    client.force_login(clerk)
    assert client.get(url).status_code == 200
    viewed = AuditEvent.objects.get(action="cases.view_material")
    assert viewed.actor == clerk and viewed.object_id == str(case.pk)
    assert viewed.detail == {"material": "食品经营许可申请书", "document": material.document_id}
    client.force_login(person("stranger", number=3))
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="cases.view_material").count() == 1


def test_claim(client, department):
    case = submitted_case()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    client.force_login(clerk)
    client.post(f"/workbench/cases/{case.number}/claim/")
    case.refresh_from_db()
    assert case.handler == clerk
    assert case.number in client.get("/workbench/?mine=1").content.decode()


def test_the_handler_hands_over_and_an_approver_assigns(client, department):
    case = submitted_case()
    clerk = staff("clerk2", Role.WINDOW_CLERK, department=case.department)
    reviewer = staff("reviewer2", Role.REVIEWER, department=case.department)
    approver = staff("approver2", Role.APPROVER, department=case.department)
    outsider = staff("outsider", Role.REVIEWER)
    client.force_login(reviewer)
    page = client.post(f"/workbench/cases/{case.number}/assign/", {"to": clerk.pk}, follow=True).content.decode()
    assert "只有经办人员或审批人员" in page  # not the handler yet
    client.post(f"/workbench/cases/{case.number}/claim/")
    client.post(f"/workbench/cases/{case.number}/assign/", {"to": clerk.pk})
    case.refresh_from_db()
    assert case.handler == clerk
    client.force_login(approver)
    page = client.post(f"/workbench/cases/{case.number}/assign/", {"to": outsider.pk}, follow=True).content.decode()
    assert "请选择本部门的工作人员" in page
    client.post(f"/workbench/cases/{case.number}/assign/", {"to": reviewer.pk})
    case.refresh_from_db()
    assert case.handler == reviewer


@pytest.mark.parametrize("to", ["²", "١", "9" * 30, "-1", "x"])
def test_assigning_to_an_odd_id_is_told_not_an_error(client, to):
    case = submitted_case()
    client.force_login(staff("approver3", Role.APPROVER, department=case.department))
    page = client.post(f"/workbench/cases/{case.number}/assign/", {"to": to}, follow=True)
    assert page.status_code == 200
    assert "请选择本部门的工作人员" in page.content.decode()


@pytest.mark.parametrize("page", ["²", "١", "9" * 30, "-3", "0"])
def test_an_odd_inbox_page_shows_the_first_page(client, department, page):
    case = submitted_case()
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=department))
    answer = client.get("/workbench/", {"page": page})
    assert answer.status_code == 200
    assert case.number in answer.content.decode()


def test_a_joint_reviewer_opens_the_case_only_while_it_is_under_review(client):
    from govhall.cases import services
    from govhall.catalog.tests.factories import published_item
    from govhall.organisations.models import Department

    fire_department = Department.objects.create(name="区消防救援大队", area_code="511602000000")
    steps = [{"name": name} for name in ("受理", "决定", "办结", "送达")]
    steps.insert(1, {"name": "消防审查", "review_role": "reviewer", "review_department": fire_department.name})
    item = published_item(number=7, steps=steps, item_type="20")
    reviewer = staff("r", Role.REVIEWER, department=item.department)
    fire = staff("fire", Role.REVIEWER, department=fire_department)
    case = submitted_case(item=item)
    client.force_login(fire)
    assert client.get(f"/workbench/cases/{case.number}/").status_code == 404
    case = services.accept_case(case=case, actor=reviewer, channel="window")
    case = services.act_on(case=case, act="start_review", actor=reviewer, channel="window")
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert 'value="pass_step"' in page and "消防审查" in page
    client.post(f"/workbench/cases/{case.number}/act/", {"act": "pass_step", "revision": case.revision})
    case.refresh_from_db()
    assert case.review_step == 1
