"""The applicant answers a 一次性告知: replaces what was asked and sends the case back; the clock runs again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import staff
from govhall.cases import services
from govhall.cases.constants import CaseState
from govhall.cases.models import CaseMaterial, LockerDocument
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import PDF
from govhall.organisations.constants import Role

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


@pytest.fixture
def two_asked():
    """A notice asking for the signed application form (a material already given) and a floor plan (not a material
    of the guide)."""
    from govhall.cases import uploads

    case = submitted_case()
    uploads.attach_upload(
        case=case,
        actor=case.applicant,
        name="食品经营许可申请书",
        upload=SimpleUploadedFile("unsigned.pdf", PDF),
        channel="web",
    )
    clerk = staff("clerk", Role.WINDOW_CLERK, department=case.department)
    return services.request_correction(
        case=case, actor=clerk, channel="window", missing=["食品经营许可申请书（签字）", "经营场所平面图"]
    )


def test_every_item_of_the_notice_must_be_answered_in_the_service(two_asked):
    with pytest.raises(services.CaseError, match="经营场所平面图"):
        services.resubmit(case=two_asked, actor=two_asked.applicant, channel="web")
    with pytest.raises(services.CaseError, match="“食品经营许可申请书（签字）”"):  # an explanation for one only
        services.resubmit(
            case=two_asked, actor=two_asked.applicant, channel="web", explanations={"经营场所平面图": "见附页"}
        )
    two_asked.refresh_from_db()
    assert two_asked.state == CaseState.CORRECTION


def test_one_file_for_two_items_is_refused_and_nothing_is_kept(client, two_asked, media):
    client.force_login(two_asked.applicant)
    response = client.post(f"/cases/{two_asked.number}/correct/", {"material-0": SimpleUploadedFile("signed.pdf", PDF)})
    assert response.status_code == 400 and "经营场所平面图" in response.content.decode()
    two_asked.refresh_from_db()
    assert two_asked.state == CaseState.CORRECTION
    assert CaseMaterial.objects.get(case=two_asked).document.original_name == "unsigned.pdf"
    assert not LockerDocument.objects.filter(original_name="signed.pdf").exists()


def test_old_and_new_side_by_side_for_the_applicant_and_the_clerk(client, two_asked):
    client.force_login(two_asked.applicant)
    response = client.post(
        f"/cases/{two_asked.number}/correct/",
        {"material-0": SimpleUploadedFile("signed.pdf", PDF), "answer-1": "平面图附在申请书第 3 页"},
    )
    assert response.status_code == 302
    two_asked.refresh_from_db()
    assert two_asked.state == CaseState.SUBMITTED
    old = LockerDocument.objects.get(original_name="unsigned.pdf")
    new = LockerDocument.objects.get(original_name="signed.pdf")
    assert two_asked.events.last().detail["answers"] == [
        {"item": "食品经营许可申请书（签字）", "material": "食品经营许可申请书", "old": old.pk, "new": new.pk,
         "explanation": ""},
        {"item": "经营场所平面图", "material": "", "old": None, "new": None, "explanation": "平面图附在申请书第 3 页"},
    ]  # fmt: skip
    old_link = f"/cases/{two_asked.number}/corrections/{old.pk}/"
    new_link = f"/cases/{two_asked.number}/corrections/{new.pk}/"
    for viewer, page in (
        (two_asked.applicant, f"/cases/{two_asked.number}/"),
        (staff("clerk2", Role.WINDOW_CLERK, department=two_asked.department), f"/workbench/cases/{two_asked.number}/"),
    ):
        client.force_login(viewer)
        shown = client.get(page).content.decode()
        assert old_link in shown and new_link in shown and "平面图附在申请书第 3 页" in shown, page
        assert b"".join(client.get(old_link).streaming_content) == PDF
    client.force_login(staff("stranger", Role.WINDOW_CLERK))
    assert client.get(old_link).status_code == 404
    client.force_login(two_asked.applicant)
    other = submitted_case(applicant=two_asked.applicant)
    assert client.get(f"/cases/{other.number}/corrections/{old.pk}/").status_code == 403
