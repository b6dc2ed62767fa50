"""The applicant answers a 一次性告知: replaces what was asked and sends the case back; the clock runs again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.constants import Role
from govhall.accounts.tests.factories import staff
from govhall.cases import services
from govhall.cases.constants import CaseState
from govhall.cases.models import CaseMaterial, LockerDocument
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def corrected_case():
    case = submitted_case()
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    return services.request_correction(case=case, actor=clerk, channel="window", missing=["食品经营许可申请书（签字）"])


def test_the_notice_lists_what_is_asked_and_a_resubmission_restarts(client, corrected_case):
    client.force_login(corrected_case.applicant)
    detail = client.get(f"/cases/{corrected_case.number}/").content.decode()
    assert "补正材料" in detail
    page = client.get(f"/cases/{corrected_case.number}/correct/").content.decode()
    assert "食品经营许可申请书（签字）" in page and "需补正" in page
    response = client.post(
        f"/cases/{corrected_case.number}/correct/",
        {"material-0": SimpleUploadedFile("signed.pdf", PDF), "note": "已签字"},
    )
    assert response.status_code == 302
    corrected_case.refresh_from_db()
    assert corrected_case.state == CaseState.SUBMITTED
    assert corrected_case.events.last().reason == "已签字"
    assert CaseMaterial.objects.get(case=corrected_case).document.original_name == "signed.pdf"


def test_a_bad_file_keeps_the_case_waiting_and_stores_nothing(client, corrected_case, media):
    client.force_login(corrected_case.applicant)
    response = client.post(
        f"/cases/{corrected_case.number}/correct/", {"material-0": SimpleUploadedFile("x.pdf", b"MZ not a pdf")}
    )
    assert response.status_code == 400 and "文件类型不支持" in response.content.decode()
    corrected_case.refresh_from_db()
    assert corrected_case.state == CaseState.CORRECTION
    assert not LockerDocument.objects.exists() and not any(media.rglob("*.*"))


def test_missing_required_material_is_named(client, corrected_case):
    client.force_login(corrected_case.applicant)
    response = client.post(f"/cases/{corrected_case.number}/correct/", {})
    assert response.status_code == 400 and "缺少必要材料" in response.content.decode()


def test_only_the_applicant_and_only_when_asked(client, corrected_case):
    client.force_login(staff("other", Role.WINDOW_CLERK))
    assert client.get(f"/cases/{corrected_case.number}/correct/").status_code == 404
    fresh = submitted_case()
    client.force_login(fresh.applicant)
    response = client.get(f"/cases/{fresh.number}/correct/")
    assert response.status_code == 302
