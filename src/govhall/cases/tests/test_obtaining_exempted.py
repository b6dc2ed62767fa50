"""免提交 made true (cases.exemptions): after the case is filed, each 免提交 material is fetched with the case number as
purpose — the ID card from the licence library, household data over signed HTTP from the demo 公安 source — and
attached as a trust-level-A material; a source with nothing or down is told on the case and the applicant is asked
to upload that one material."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import IDS, person, staff
from govhall.cases.constants import FetchOutcome
from govhall.cases.models import Case, CaseMaterial, ExemptedMaterial
from govhall.cases.tests.files import PDF
from govhall.cases.uploads import missing_materials
from govhall.catalog.tests.factories import published_item
from govhall.licences.tests.factories import LicenceTypeFactory, issued
from govhall.organisations.constants import Role
from govhall.sharing.models import DataAccess
from govhall.sharing.tests.factories import resource, source

pytestmark = pytest.mark.django_db
MATERIALS = [
    {"name": "申请书"},
    {"name": "身份证明", "exemption": "e_licence"},
    {"name": "户口簿", "exemption": "shared_data"},
]


@pytest.fixture
def item():
    made = published_item(materials=MATERIALS)
    id_card = LicenceTypeFactory(name="居民身份证")
    source(made, "身份证明", resource("licence_library", items=[made]), licence_type_code=id_card.code)
    source(made, "户口簿", resource("household", items=[made]))
    return made


def apply(client, item, applicant, django_capture_on_commit_callbacks):
    client.force_login(applicant)
    url = f"/cases/apply/{item.implementation_code}/"
    page = client.get(url).content.decode()
    assert page.count("将由系统获取") == 2 and page.count('type="file"') == 1
    form = {"reason": "开店", "idempotency_key": "k", "declaration": "on", "delivery_method": "online"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form | {"material-0": SimpleUploadedFile("form.pdf", PDF)})
    assert response.status_code == 302
    return Case.objects.get()


def test_submission_fetches_the_licence_and_the_record_and_attaches_them_as_trust_a(
    client, item, django_capture_on_commit_callbacks
):
    alice = person("alice")
    licence = issued(LicenceTypeFactory._meta.model.objects.get(name="居民身份证"), holder_id=IDS[0], holder_user=alice)
    case = apply(client, item, alice, django_capture_on_commit_callbacks)
    rows = {row.name: row for row in ExemptedMaterial.objects.filter(case=case)}
    assert {name: row.outcome for name, row in rows.items()} == {"身份证明": "obtained", "户口簿": "obtained"}
    assert all(row.obtained_at is not None for row in rows.values())
    assert rows["户口簿"].source == "区公安分局·户籍信息"
    for name in ("身份证明", "户口簿"):
        material = CaseMaterial.objects.get(case=case, name=name)
        assert material.document.trust_level == "A" and material.document.content_type == "application/pdf"
        assert material.document.file.read().startswith(b"%PDF")
    assert licence.identifier in rows["身份证明"].fetched
    accesses = DataAccess.objects.order_by("pk")
    assert [(a.resource.code, a.outcome, a.purpose, a.actor) for a in accesses] == [
        ("licence_library", "found", case.number, None),
        ("household", "found", case.number, None),
    ]
    assert missing_materials(case) == []
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert page.count("已由系统获取") >= 2 and "区公安分局·户籍信息" in page


def test_a_source_with_nothing_or_down_asks_for_that_one_material(
    client, item, outside_world, django_capture_on_commit_callbacks
):
    outside_world.shared_data_trouble["gongan"] = "down"
    bob = person("bob", number=1)  # no licence in the library
    case = apply(client, item, bob, django_capture_on_commit_callbacks)
    rows = {row.name: row for row in ExemptedMaterial.objects.filter(case=case)}
    assert rows["身份证明"].outcome == FetchOutcome.NO_RECORD
    assert rows["户口簿"].outcome == FetchOutcome.FAILED
    assert rows["户口簿"].message == "区公安分局“户籍信息”：数据源服务故障（HTTP 503）。"
    assert case.state == "submitted"  # the rest of the case goes on
    assert sorted(missing_materials(case)) == ["户口簿", "身份证明"]
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert "数据源服务故障（HTTP 503）" in page and "请上传" in page
    response = client.post(
        f"/cases/{case.number}/materials/", {"name": "户口簿", "file": SimpleUploadedFile("hk.pdf", PDF)}
    )
    assert response.status_code in (200, 302)
    assert missing_materials(case) == ["身份证明"]


def test_the_workbench_shows_the_fetched_record_and_logs_the_view(client, item, django_capture_on_commit_callbacks):
    alice = person("alice")
    case = apply(client, item, alice, django_capture_on_commit_callbacks)
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    client.force_login(clerk)
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert "户籍地址" in page and "已由系统获取" in page
    view = DataAccess.objects.get(kind="view")
    assert (view.actor, view.purpose, view.resource.code, view.subject_user) == (clerk, case.number, "household", alice)


def test_the_exemption_rate_counts_only_materials_the_system_obtained(
    client, item, outside_world, django_capture_on_commit_callbacks
):
    from govhall.supervision.computation import with_material_facts

    outside_world.shared_data_trouble["gongan"] = "down"
    case = apply(client, item, person("bob", number=1), django_capture_on_commit_callbacks)
    facts = with_material_facts(Case.objects.filter(pk=case.pk)).get()
    assert (facts.required_n, facts.exempted_n) == (3, 0)  # nothing obtained: both asked of the applicant
    outside_world.shared_data_trouble.clear()
    from govhall.cases.exemptions import obtain

    assert obtain(case, retrying=True) == {"户口簿": "obtained"}  # the background retry; 身份证明 had no record
    facts = with_material_facts(Case.objects.filter(pk=case.pk)).get()
    assert (facts.required_n, facts.exempted_n) == (3, 1)
