"""Materials the guide marks 免提交 (电子证照 / 数据共享): not asked of the applicant on the apply page, the window or the
API, recorded on the case at submission as to be obtained by the department, and shown on the workbench."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person, staff
from govhall.cases import services
from govhall.cases.models import Case, ExemptedMaterial
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.files import PDF
from govhall.catalog.tests.factories import published_item
from govhall.organisations.constants import Role

pytestmark = pytest.mark.django_db
MATERIALS = [
    {"name": "食品经营许可申请书"},
    {"name": "营业执照", "exemption": "e_licence", "source_note": "市场监管电子营业执照库"},
    {"name": "身份证明", "exemption": "shared_data"},
    {"name": "健康证明", "necessity": "deferrable", "exemption": "shared_data"},  # 容缺: not required anyway
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def item():
    return published_item(materials=MATERIALS)


def test_the_apply_page_asks_only_for_what_must_be_given_and_the_case_records_the_rest(client, item):
    alice = person("alice")
    client.force_login(alice)
    url = f"/cases/apply/{item.implementation_code}/"
    page = client.get(url).content.decode()
    assert page.count('type="file"') == 1  # only the application form: the others are 免提交
    assert "由部门通过电子证照或数据共享获取" in page
    form = {"reason": "开店", "idempotency_key": "k", "declaration": "on", "delivery_method": "online"}
    response = client.post(url, form | {"material-0": SimpleUploadedFile("form.pdf", PDF)})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.state == "submitted"
    recorded = {(m.name, m.exemption, m.obtained_at) for m in ExemptedMaterial.objects.filter(case=case)}
    assert recorded == {("营业执照", "e_licence", None), ("身份证明", "shared_data", None)}
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    handling = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "营业执照（将由系统通过电子证照获取：市场监管电子营业执照库）" in handling
    assert "身份证明（将由系统通过数据共享获取）" in handling


def test_the_api_does_not_ask_for_them(client, item):
    alice = person("alice")
    draft = services.save_draft(
        applicant=alice, item=item, application=services.Application(), channel="api", draft=None
    )
    body = client.get(f"/api/v1/cases/{draft.number}", headers=app_headers(alice)).json()
    assert body["missing_materials"] == ["食品经营许可申请书"]
    assert body["exempted_materials"] == ["营业执照", "身份证明"]


def test_a_window_submission_records_them_too(item):
    clerk = staff("clerk", Role.WINDOW_CLERK, department=item.department)
    case = services.submit_case(
        applicant=person("bob", number=1), item=item, idempotency_key="w", channel="window", received_by=clerk
    )
    assert sorted(case.exempted_materials.values_list("name", flat=True)) == ["营业执照", "身份证明"]
