"""A refused application keeps the files already chosen (cases.filing.keep_given): they wait in the applicant's
locker, the form says "已上传：…（可替换）" and sends them again without choosing them anew."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person
from govhall.cases.models import Case, LockerDocument
from govhall.cases.tests.files import EICAR_PDF, PDF
from govhall.catalog.tests.factories import published_item
from govhall.core.models import AuditEvent

pytestmark = pytest.mark.django_db
TWO = [{"name": "申请书", "originals": 1}, {"name": "营业场所证明", "originals": 1}]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form(**extra):
    return {"reason": "开一家面馆", "idempotency_key": "k-1", "declaration": "on"} | extra


def test_a_form_error_keeps_the_files_and_the_next_submission_uses_them(client):
    item = published_item(materials=TWO)
    alice = person("alice")
    client.force_login(alice)
    url = f"/cases/apply/{item.implementation_code}/"
    refused = client.post(
        url,
        form(declaration="")
        | {"material-0": SimpleUploadedFile("申请书.pdf", PDF), "material-1": SimpleUploadedFile("场所.pdf", PDF)},
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "请勾选承诺后提交" in page
    assert "已上传：申请书.pdf（可替换）" in page and "已上传：场所.pdf（可替换）" in page
    kept = {document.name: document for document in LockerDocument.objects.filter(owner=alice)}
    assert set(kept) == {"申请书", "营业场所证明"}
    assert f'<option value="{kept["申请书"].pk}" selected>' in page
    assert AuditEvent.objects.filter(action="cases.keep_upload", actor=alice).count() == 2
    assert not Case.objects.exists()

    # The browser sends the kept documents back as the selected locker entries; one is replaced by a new file.
    again = form(idempotency_key="k-2") | {
        "locker-0": str(kept["申请书"].pk),
        "locker-1": str(kept["营业场所证明"].pk),
        "material-1": SimpleUploadedFile("新场所.pdf", PDF),
    }
    assert client.post(url, again).status_code == 302
    case = Case.objects.get()
    given = {material.name: material.document for material in case.materials.select_related("document")}
    assert given["申请书"] == kept["申请书"]
    assert given["营业场所证明"].original_name == "新场所.pdf"


def test_a_service_refusal_keeps_the_files_too(client):
    item = published_item(materials=TWO)
    client.force_login(person("alice"))
    refused = client.post(
        f"/cases/apply/{item.implementation_code}/", form() | {"material-0": SimpleUploadedFile("申请书.pdf", PDF)}
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "缺少必要材料：营业场所证明" in page and "已上传：申请书.pdf（可替换）" in page
    assert LockerDocument.objects.get().name == "申请书"


def test_a_refused_file_is_not_kept_but_the_good_one_is(client, media):
    item = published_item(materials=TWO)
    client.force_login(person("alice"))
    refused = client.post(
        f"/cases/apply/{item.implementation_code}/",
        form()
        | {
            "material-0": SimpleUploadedFile("申请书.pdf", PDF),
            "material-1": SimpleUploadedFile("场所.pdf", EICAR_PDF),
        },
    )
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "未通过病毒检查" in page and "已上传：申请书.pdf（可替换）" in page and "场所.pdf（可替换）" not in page
    assert list(LockerDocument.objects.values_list("name", flat=True)) == ["申请书"]
    assert len(list(media.rglob("*.pdf"))) == 1  # the refused file left nothing behind


def test_nothing_is_kept_for_someone_else(client):
    item = published_item(materials=TWO)
    bob = person("bob", number=1)
    client.force_login(bob)
    client.post(
        f"/cases/apply/{item.implementation_code}/",
        form(declaration="") | {"material-0": SimpleUploadedFile("a.pdf", PDF)},
    )
    theirs = LockerDocument.objects.get()
    alice = person("alice")
    client.force_login(alice)
    page = client.post(
        f"/cases/apply/{item.implementation_code}/", form(declaration="") | {"locker-0": str(theirs.pk)}
    ).content.decode()
    assert "可替换" not in page and f'value="{theirs.pk}"' not in page


def test_the_window_keeps_the_scans_on_the_draft(client):
    from govhall.accounts.tests.factories import staff
    from govhall.cases.constants import CaseState
    from govhall.organisations.constants import Role

    item = published_item(materials=TWO)
    client.force_login(staff("clerk", Role.WINDOW_CLERK, department=item.department))
    start = {"document_type": "resident_id", "document_number": "11010519491231002X", "real_name": "王芳"}
    url = client.post("/workbench/receive/", start | {"phone": "13900009999", "item": item.pk})["Location"]
    refused = client.post(
        url,
        {"reason": "窗口代办", "idempotency_key": "w-1", "material-0": SimpleUploadedFile("scan.pdf", PDF)},
    )
    assert refused.status_code == 400 and "已上传：scan.pdf（可替换）" in refused.content.decode()
    draft = Case.objects.get()
    assert list(draft.materials.values_list("name", flat=True)) == ["申请书"]
    done = client.post(
        url,
        {
            "reason": "窗口代办",
            "idempotency_key": "w-2",
            "declaration": "on",
            "material-1": SimpleUploadedFile("场所.pdf", PDF),
        },
    )
    assert done.status_code == 302
    case = Case.objects.get()
    assert case.state == CaseState.SUBMITTED and case.materials.count() == 2
