"""Staff with places in several departments: each place grants only what its role grants in that department. A window
clerk in A who manages the catalog of B, a reviewer in A who approves in B, and a joint reviewer (联合审查) try every
case page, material file, PDF, inbox list and API call on a case of A and a case of B: they see and act on exactly
what their role in each department grants; the rest is a clean 403/404, never the data and never a 500."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.models import User
from govhall.accounts.tests.factories import person, staff
from govhall.cases import services, uploads
from govhall.cases.access import cases_for_user
from govhall.cases.constants import Act, CaseState
from govhall.cases.models import Case
from govhall.cases.permissions import acts_for
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.factories import reviewed, submitted_case
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import published_item
from govhall.organisations.access import staff_departments
from govhall.organisations.constants import Role
from govhall.organisations.models import Department, StaffMembership

pytestmark = pytest.mark.django_db
DENIED = {403, 404}


def place(user: User, department: Department, role: str) -> User:
    StaffMembership.objects.create(user=user, department=department, role=role)
    return user


@pytest.fixture
def world():
    item_a = published_item(number=1)  # 区行政审批局
    item_b = published_item(number=2, department="区市场监管局", name="个体工商户设立登记")
    applicant = person("applicant", number=4)
    cases = {}
    for key, item in (("a", item_a), ("b", item_b)):
        case = submitted_case(applicant=applicant, item=item)
        upload = SimpleUploadedFile("申请书.pdf", PDF)
        material = uploads.attach_upload(
            case=case, actor=applicant, name="食品经营许可申请书", upload=upload, channel="web"
        )
        cases[key] = (case, material)
    a, b = item_a.department, item_b.department
    people = {
        "clerk A + catalog B": place(staff("clerk-cat", Role.WINDOW_CLERK, department=a), b, Role.CATALOG_MANAGER),
        "reviewer A + approver B": place(staff("rev-app", Role.REVIEWER, department=a), b, Role.APPROVER),
        "catalog A + clerk B": place(staff("cat-clerk", Role.CATALOG_MANAGER, department=a), b, Role.WINDOW_CLERK),
    }
    return {"a": a, "b": b, "cases": cases, "people": people}


# Which of the two cases (a in A, b in B) each person may see.
SEES = {"clerk A + catalog B": {"a"}, "reviewer A + approver B": {"a", "b"}, "catalog A + clerk B": {"b"}}


@pytest.mark.parametrize("who", sorted(SEES))
def test_staff_see_only_the_cases_of_departments_where_their_role_holds_cases_view(client, world, who):
    user = world["people"][who]
    client.force_login(user)
    assert set(cases_for_user(user).values_list("department__name", flat=True)) == {
        world[key].name for key in SEES[who]
    }
    inbox = client.get("/workbench/").content.decode()
    for key, (case, material) in world["cases"].items():
        seen = key in SEES[who]
        assert (case.number in inbox) is seen, (who, key)
        pages = [
            f"/cases/{case.number}/",
            f"/workbench/cases/{case.number}/",
            f"/workbench/cases/{case.number}/documents/receipt/",
            f"/cases/{case.number}/documents/receipt/",
        ]
        for url in pages:
            response = client.get(url)
            if seen:
                assert response.status_code == 200, (who, url)
            else:
                assert response.status_code in DENIED, (who, url, response.status_code)
                assert case.applicant.phone not in response.content.decode()
        response = client.get(f"/cases/{case.number}/materials/{material.pk}/")
        assert response.status_code == (200 if seen else 404), (who, key, response.status_code)


@pytest.mark.parametrize("who", sorted(SEES))
def test_acts_on_another_departments_case_are_refused_cleanly(client, world, who):
    user = world["people"][who]
    client.force_login(user)
    for key, (case, _material) in world["cases"].items():
        if key in SEES[who]:
            continue
        before = Case.objects.get(pk=case.pk)
        for url, data in (
            (f"/workbench/cases/{case.number}/claim/", {}),
            (f"/workbench/cases/{case.number}/act/", {"act": Act.ACCEPT, "revision": case.revision}),
            (f"/workbench/cases/{case.number}/assign/", {"to": user.pk}),
            (f"/workbench/cases/{case.number}/at-once/", {"decision": "approve", "revision": case.revision}),
            (f"/workbench/cases/{case.number}/post-check/", {"truthful": "yes"}),
            (f"/workbench/receive/{case.number}/", {}),
        ):
            response = client.post(url, data)
            assert response.status_code in DENIED, (who, url, response.status_code)
        after = Case.objects.get(pk=case.pk)
        assert (after.state, after.handler_id, after.revision) == (before.state, before.handler_id, before.revision)


def test_a_reviewer_in_a_and_approver_in_b_decides_only_in_b(world):
    user = world["people"]["reviewer A + approver B"]
    reviewer_b = staff("rb", Role.REVIEWER, department=world["b"])
    reviewer_a = staff("ra", Role.REVIEWER, department=world["a"])
    moved = {}
    for key, actor in (("a", reviewer_a), ("b", reviewer_b)):
        case = services.accept_case(case=world["cases"][key][0], actor=actor, channel="window")
        moved[key] = reviewed(case, actor)
    assert Act.APPROVE not in acts_for(user, moved["a"]) and Act.DENY not in acts_for(user, moved["a"])
    assert Act.APPROVE in acts_for(user, moved["b"])
    with pytest.raises(services.ActNotAllowed):
        services.act_on(case=moved["a"], act=Act.APPROVE, actor=user, channel="window")
    approved = services.act_on(case=moved["b"], act=Act.APPROVE, actor=user, channel="window")
    assert approved.state == CaseState.APPROVED


def test_a_window_clerk_receives_only_for_the_department_of_their_clerk_role(client, world):
    user = world["people"]["catalog A + clerk B"]
    client.force_login(user)
    page = client.get("/workbench/receive/").content.decode()
    assert "个体工商户设立登记" in page and "食品经营许可（新办）" not in page
    assert staff_departments(user, "cases.receive") == [world["b"].pk]
    assert staff_departments(user, "catalog.edit") == [world["a"].pk]


def test_a_joint_reviewer_sees_the_case_under_review_but_may_not_claim_it(client, world):
    fire = Department.objects.create(name="区消防救援大队", area_code="511602000000")
    steps = [{"name": name} for name in ("受理", "决定", "办结", "送达")]
    steps.insert(1, {"name": "消防审查", "review_role": "reviewer", "review_department": fire.name})
    item = published_item(number=7, steps=steps, item_type="20", name="公众聚集场所投入使用前消防安全检查")
    joint = place(staff("fire", Role.REVIEWER, department=fire), world["b"], Role.CATALOG_MANAGER)
    reviewer = staff("r", Role.REVIEWER, department=item.department)
    case = submitted_case(item=item)
    client.force_login(joint)
    assert client.get(f"/workbench/cases/{case.number}/").status_code == 404
    case = services.accept_case(case=case, actor=reviewer, channel="window")
    case = services.act_on(case=case, act=Act.START_REVIEW, actor=reviewer, channel="window")
    assert client.get(f"/workbench/cases/{case.number}/").status_code == 200
    assert acts_for(joint, case) == [Act.PASS_STEP]
    response = client.post(f"/workbench/cases/{case.number}/claim/")
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).handler_id is None
    # Narrow rights: no inbox listing, no documents of the department, nothing once the review is over.
    assert case.number not in client.get("/workbench/").content.decode()
    assert client.get(f"/workbench/cases/{case.number}/documents/receipt/").status_code == 404
    assert world["cases"]["b"][0].number not in client.get("/workbench/").content.decode()


@pytest.mark.parametrize("who", sorted(SEES))
def test_a_staff_members_app_token_gets_no_department_powers_on_the_cases_api(client, world, who):
    user = world["people"][who]
    headers = app_headers(user)
    case, _material = world["cases"]["a"]
    calls = [
        ("get", "/api/v1/cases", {}),
        ("get", f"/api/v1/cases/{case.number}", {}),
        ("get", f"/api/v1/cases/{case.number}/events", {}),
        ("post", f"/api/v1/cases/{case.number}/withdraw", {"data": {}, "content_type": "application/json"}),
    ]
    for method, url, extra in calls:
        response = getattr(client, method)(url, headers=headers, **extra)
        assert response.status_code == 403, (who, url, response.status_code)
        assert "接口密钥" in response.json()["detail"]
    upload = SimpleUploadedFile("申请书.pdf", PDF)
    response = client.post(
        f"/api/v1/cases/{case.number}/materials", {"name": "食品经营许可申请书", "file": upload}, headers=headers
    )
    assert response.status_code == 403
    assert Case.objects.get(pk=case.pk).state == CaseState.SUBMITTED
