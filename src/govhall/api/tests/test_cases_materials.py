"""POST /api/v1/cases/{number}/materials: one material by name, checked by content, only while the case is editable."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person
from govhall.cases.models import CaseMaterial, LockerDocument
from govhall.cases.services import accept_case
from govhall.cases.tests import files
from govhall.cases.tests.api_factories import app_headers
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import PDF

pytestmark = pytest.mark.django_db
NAME = "食品经营许可申请书"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def case():
    return submitted_case(applicant=person("alice"))


def upload(client, case, content=PDF, name=NAME, filename="申请书.pdf", user=None):
    return client.post(
        f"/api/v1/cases/{case.number}/materials",
        {"name": name, "file": SimpleUploadedFile(filename, content)},
        headers=app_headers(user or case.applicant),
    )


def test_a_good_file_is_stored_and_attached(client, case, media):
    response = upload(client, case)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["name"] == NAME and body["content_type"] == "application/pdf" and body["size"] == len(PDF)
    material = CaseMaterial.objects.get(case=case)
    assert (media / material.document.file.name).read_bytes() == PDF
    detail = client.get(f"/api/v1/cases/{case.number}", headers=app_headers(case.applicant)).json()
    assert detail["missing_materials"] == [] and detail["materials"][0]["sha256"] == body["sha256"]


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"MZ\x90\x00 an exe renamed", "照片.jpg", "文件类型不支持"),
        (b"<html>not a pdf</html>", "x.pdf", "文件类型不支持"),
        (b"", "empty.pdf", "文件是空的"),
    ],
)
def test_a_wrong_file_is_a_400_and_nothing_is_kept(client, case, content, filename, message):
    response = upload(client, case, content=content, filename=filename)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not LockerDocument.objects.exists() and not CaseMaterial.objects.exists()


def test_a_pdf_with_javascript_is_a_400(client, case):
    response = upload(client, case, content=files.pdf(OpenAction=files.javascript_action()))
    assert response.status_code == 400 and "脚本" in response.json()["detail"]
    assert not LockerDocument.objects.exists()


def test_an_infected_file_is_a_400(client, case):
    response = upload(client, case, content=files.EICAR_PDF)
    assert response.status_code == 400 and "病毒检查" in response.json()["detail"]
    assert not LockerDocument.objects.exists()


def test_a_scanner_that_is_down_is_a_503_and_nothing_is_kept(client, case, settings):
    settings.VIRUS_SCAN_PROVIDER = ""
    response = upload(client, case)
    assert response.status_code == 503
    assert response.json() == {"detail": "暂时无法检查文件，请稍后再试。"}
    assert not LockerDocument.objects.exists() and not CaseMaterial.objects.exists()


def test_an_oversized_file_is_a_400(client, case, settings):
    settings.CASE_UPLOAD_MAX_MB = 1
    response = upload(client, case, content=PDF + b"0" * (1024 * 1024))
    assert response.status_code == 400
    assert "文件过大" in response.json()["detail"]
    assert not LockerDocument.objects.exists()


def test_a_material_the_guide_does_not_ask_for_is_a_400(client, case):
    response = upload(client, case, name="户口本")
    assert response.status_code == 400
    assert "不是本事项要求的材料" in response.json()["detail"]


def test_missing_file_is_a_422(client, case):
    response = client.post(
        f"/api/v1/cases/{case.number}/materials", {"name": NAME}, headers=app_headers(case.applicant)
    )
    assert response.status_code == 422


def test_no_upload_once_the_case_is_accepted(client, case):
    accept_case(case=case, actor=None, channel="api")
    response = upload(client, case)
    assert response.status_code == 400
    assert "不能再更改材料" in response.json()["detail"]


def test_someone_elses_case_is_a_404(client, case):
    response = upload(client, case, user=person("mallory", number=2))
    assert response.status_code == 404
    assert response.json()["detail"] == "没有该办件，或您无权查看。"
    assert not CaseMaterial.objects.exists()
