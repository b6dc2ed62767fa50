"""POST /api/v1/cases: an app files an application for the person its token acts for."""

import pytest

from govhall.accounts.tests.factories import person
from govhall.cases.constants import CaseState
from govhall.cases.models import Case
from govhall.cases.tests.api_factories import app_headers, system_headers
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import DepartmentFactory, ItemFactory, published_item

pytestmark = pytest.mark.django_db
URL = "/api/v1/cases"


@pytest.fixture
def alice():
    return person("alice")


@pytest.fixture
def item():
    """An item whose one material may follow (容缺), so it can be applied for in one request."""
    return published_item(materials=[{"name": "食品经营许可申请书", "originals": 1, "necessity": "deferrable"}])


def body(item, **extra):
    return {"item_code": item.implementation_code, "form_data": {"reason": "开设餐馆"}, **extra}


def test_submit_files_a_case_for_the_person_and_a_retry_makes_no_second(client, alice, item):
    headers = {**app_headers(alice), "Idempotency-Key": "app-req-1"}
    first = client.post(URL, body(item), content_type="application/json", headers=headers)
    assert first.status_code == 201, first.json()
    data = first.json()
    assert data["state"] == CaseState.SUBMITTED and data["number"].startswith("GH")
    assert data["missing_materials"] == []
    again = client.post(URL, body(item), content_type="application/json", headers=headers)
    assert again.status_code == 201 and again.json()["number"] == data["number"]
    case = Case.objects.get()
    assert case.applicant == alice and case.channel == "api"
    assert case.events.get().channel == "api"


def test_the_same_key_for_another_item_is_a_conflict(client, alice, item):
    headers = {**app_headers(alice), "Idempotency-Key": "k"}
    assert client.post(URL, body(item), content_type="application/json", headers=headers).status_code == 201
    other = published_item(number=2, name="食品经营许可（变更）", materials=[])
    response = client.post(URL, body(other), content_type="application/json", headers=headers)
    assert response.status_code == 409
    assert "幂等键" in response.json()["detail"]


def test_without_a_key_each_request_is_a_new_case(client, alice, item):
    for _ in range(2):
        client.post(URL, body(item), content_type="application/json", headers=app_headers(alice, "cases"))
    assert Case.objects.count() == 2


@pytest.mark.parametrize(
    ("make", "status", "message"),
    [
        (lambda: None, 404, "没有该事项"),
        (lambda: ItemFactory(), 400, "办事指南尚未编制完成"),
    ],
)
def test_unknown_item_or_item_without_a_guide_is_refused_in_chinese(client, alice, make, status, message):
    item = make()
    code = item.implementation_code if item else "511A0000000000-511602000000-000-X-1-00"
    response = client.post(URL, {"item_code": code}, content_type="application/json", headers=app_headers(alice))
    assert response.status_code == status
    assert message in response.json()["detail"]
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"variant_name": "不存在的情形"}, "办理情形"),
        ({"delivery_method": "pigeon"}, "送达方式无效"),
        ({"commitment": True}, "告知承诺制"),
    ],
)
def test_bad_application_is_a_400_with_the_services_message(client, alice, item, extra, message):
    response = client.post(URL, body(item, **extra), content_type="application/json", headers=app_headers(alice))
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_malformed_body_is_a_422_not_a_500(client, alice):
    response = client.post(URL, {"form_data": []}, content_type="application/json", headers=app_headers(alice))
    assert response.status_code == 422
    assert response.json()["detail"] == "请求参数无效。"


def test_a_token_without_the_cases_scope_or_an_api_key_cannot_submit(client, alice, item):
    response = client.post(
        URL, body(item), content_type="application/json", headers=app_headers(alice, "openid profile")
    )
    assert response.status_code == 401
    assert "访问令牌" in response.json()["detail"]
    key = system_headers(DepartmentFactory(name="区行政审批局"))
    assert client.post(URL, body(item), content_type="application/json", headers=key).status_code == 401


def test_acting_for_a_legal_person_needs_the_right(client, alice, item):
    from govhall.accounts.tests.factories import organisation

    bob = person("bob", number=1)
    org = organisation(bob)
    uscc = {"organisation_uscc": org.uscc}
    refused = client.post(URL, body(item, **uscc), content_type="application/json", headers=app_headers(alice))
    assert refused.status_code == 403
    made = client.post(URL, body(item, **uscc), content_type="application/json", headers=app_headers(bob))
    assert made.status_code == 201
    assert Case.objects.get().organisation == org


def test_an_item_asking_for_materials_is_applied_for_as_a_draft_then_submitted(client, alice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = published_item()  # its application form (申请书) is required
    headers = app_headers(alice)
    direct = client.post(URL, body(item), content_type="application/json", headers=headers)
    assert direct.status_code == 400
    assert "缺少必要材料：食品经营许可申请书" in direct.json()["detail"]
    assert not Case.objects.exists()

    draft = client.post(URL, body(item, draft=True), content_type="application/json", headers=headers).json()
    assert draft["state"] == CaseState.DRAFT
    submit_url = f"{URL}/{draft['number']}/submit"
    early = client.post(submit_url, {}, content_type="application/json", headers=headers)
    assert early.status_code == 400 and "缺少必要材料" in early.json()["detail"]

    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("申请书.pdf", PDF)
    uploaded = client.post(
        f"{URL}/{draft['number']}/materials", {"name": "食品经营许可申请书", "file": pdf}, headers=headers
    )
    assert uploaded.status_code == 201
    keyed = {**headers, "Idempotency-Key": "submit-1"}
    submitted = client.post(submit_url, {}, content_type="application/json", headers=keyed)
    assert submitted.status_code == 201, submitted.json()
    assert submitted.json()["state"] == CaseState.SUBMITTED and submitted.json()["number"] == draft["number"]
    retried = client.post(submit_url, {}, content_type="application/json", headers=keyed)
    assert retried.status_code == 201 and retried.json()["revision"] == submitted.json()["revision"]
    unkeyed = client.post(submit_url, {}, content_type="application/json", headers=headers)
    assert unkeyed.status_code == 409
    case = Case.objects.get()
    assert case.events.get().act == "submit"
