"""Downloading a case's documents: the applicant from the case page, staff of the handling department from the
workbench; nobody else. Every download is audited."""

from urllib.parse import quote

import pytest

from govhall.accounts.tests.factories import person, staff
from govhall.cases import documents, services
from govhall.cases.constants import DocumentKind
from govhall.cases.models import CaseDocument
from govhall.cases.tests.factories import submitted_case
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


@pytest.fixture
def case():
    return submitted_case()


def pdf_of(response) -> bytes:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def test_the_applicant_downloads_the_receipt_with_a_chinese_file_name(client, case):
    client.force_login(case.applicant)
    response = client.get(f"/cases/{case.number}/documents/receipt/")
    content = pdf_of(response)
    stored = CaseDocument.objects.get(case=case, kind=DocumentKind.RECEIPT)
    assert content.startswith(b"%PDF-") and content == stored.file.open("rb").read()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote(f'申报回执-{case.number}.pdf')}" in disposition
    assert f'filename="{case.number}-receipt.pdf"' in disposition
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Security-Policy"].startswith("sandbox") and response["X-Content-Type-Options"] == "nosniff"
    row = AuditEvent.objects.get(action="cases.download_document")
    assert row.actor == case.applicant and row.object_id == str(case.pk)
    assert row.detail == {"kind": "receipt", "number": stored.number}
    # a second download serves the same stored file
    assert pdf_of(client.get(f"/cases/{case.number}/documents/receipt/")) == content
    assert CaseDocument.objects.filter(case=case).count() == 1


def test_the_case_page_links_the_receipt_right_after_submission(client, case):
    client.force_login(case.applicant)
    page = client.get(f"/cases/{case.number}/").content.decode()
    assert f'href="/cases/{case.number}/documents/receipt/"' in page
    assert "申报回执" in page and "/documents/approval/" not in page


def test_someone_else_gets_404(client, case):
    client.force_login(person("stranger", number=3))
    assert client.get(f"/cases/{case.number}/documents/receipt/").status_code == 404
    assert not AuditEvent.objects.filter(action="cases.download_document").exists()


def test_signed_out_visitors_are_sent_to_sign_in(client, case):
    response = client.get(f"/cases/{case.number}/documents/receipt/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_unknown_or_not_yet_issued_kinds_are_404(client, case):
    client.force_login(case.applicant)
    assert client.get(f"/cases/{case.number}/documents/licence/").status_code == 404
    assert client.get(f"/cases/{case.number}/documents/approval/").status_code == 404
    assert client.get(f"/cases/{case.number}/documents/commitment/").status_code == 404


def test_staff_of_the_department_download_from_the_workbench(client, case, department):
    clerk = staff("clerk", Role.WINDOW_CLERK, department=department)
    services.request_correction(case=case, actor=clerk, channel="window", missing=["营业执照复印件"])
    client.force_login(clerk)
    page = client.get(f"/workbench/cases/{case.number}/").content.decode()
    assert f'href="/workbench/cases/{case.number}/documents/correction_notice/"' in page
    assert f'href="/workbench/cases/{case.number}/documents/receipt/"' in page
    pdf_of(client.get(f"/workbench/cases/{case.number}/documents/correction_notice/"))
    row = AuditEvent.objects.get(action="cases.download_document")
    assert row.actor == clerk and row.detail["kind"] == "correction_notice"
    # the applicant sees the notice on the case page too
    client.force_login(case.applicant)
    assert "补正材料一次性告知书" in client.get(f"/cases/{case.number}/").content.decode()
    pdf_of(client.get(f"/cases/{case.number}/documents/correction_notice/"))


def test_staff_of_another_department_get_404_and_citizens_403_on_the_workbench(client, case, department):
    client.force_login(staff("other", Role.WINDOW_CLERK, department=DepartmentFactory(name="区民政局")))
    assert client.get(f"/workbench/cases/{case.number}/documents/receipt/").status_code == 404
    assert client.get(f"/cases/{case.number}/documents/receipt/").status_code == 404
    client.force_login(case.applicant)
    assert client.get(f"/workbench/cases/{case.number}/documents/receipt/").status_code == 403


def test_a_file_changed_on_disk_is_refused_not_served(client, case):
    receipt = documents.document_for(case, DocumentKind.RECEIPT)
    with open(receipt.file.path, "ab") as stored:
        stored.write(b"tampered")
    client.force_login(case.applicant)
    response = client.get(f"/cases/{case.number}/documents/receipt/")
    assert response.status_code == 500 and response["Content-Type"].startswith("text/plain")
    assert AuditEvent.objects.get(action="cases.download_document").result == "failure"
