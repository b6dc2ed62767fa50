import re
import socket

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from govhall.accounts.tests.factories import person
from govhall.cases import uploads
from govhall.cases.constants import CaseState
from govhall.cases.models import Case, CaseMaterial, LockerDocument
from govhall.cases.services import CaseError
from govhall.cases.tests import files
from govhall.cases.tests.factories import submitted_case
from govhall.cases.tests.files import PDF, PNG

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(content=PDF, name="申请书.pdf"):
    return SimpleUploadedFile(name, content)


def test_upload_is_checked_stored_and_kept_in_the_locker(media):
    case = submitted_case()
    material = uploads.attach_upload(
        case=case,
        actor=case.applicant,
        name="食品经营许可申请书",
        upload=upload(name="../../etc/申请书 (1).pdf"),
        channel="web",
    )
    document = material.document
    assert document.content_type == "application/pdf"
    assert document.original_name == "申请书_(1).pdf"
    assert document.file.name.endswith(".pdf") and "申请书" not in document.file.name
    assert (media / document.file.name).read_bytes() == PDF
    assert document.trust_level == "C"
    assert uploads.missing_materials(case) == []


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 an exe renamed", "照片.jpg", "文件类型不支持"),
        (b"<html>not a pdf</html>", "x.pdf", "文件类型不支持"),
        (b"", "empty.pdf", "文件是空的"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_kept(media, content, name, message):
    case = submitted_case()
    with pytest.raises(CaseError, match=message):
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(content, name), channel="web"
        )
    assert not LockerDocument.objects.exists() and not CaseMaterial.objects.exists()
    assert not any(media.rglob("*.*"))


def test_oversized_file(settings):
    settings.CASE_UPLOAD_MAX_MB = 1
    case = submitted_case()
    with pytest.raises(CaseError, match="不能超过 1 MB"):
        uploads.attach_upload(
            case=case,
            actor=case.applicant,
            name="食品经营许可申请书",
            upload=upload(PDF + b"0" * (1024 * 1024)),
            channel="web",
        )


def test_reuse_from_the_locker_and_rules():
    case = submitted_case()
    first = uploads.attach_upload(
        case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(PNG, "a.png"), channel="web"
    )
    later = submitted_case(applicant=case.applicant, item=case.item)
    reused = uploads.attach_from_locker(
        case=later, actor=later.applicant, name="食品经营许可申请书", document=first.document, channel="web"
    )
    assert reused.document == first.document
    stranger = person("stranger", number=3)
    with pytest.raises(CaseError, match="只有申请人"):
        uploads.attach_from_locker(
            case=later, actor=stranger, name="食品经营许可申请书", document=first.document, channel="web"
        )
    with pytest.raises(CaseError, match="不是本事项要求的材料"):
        uploads.attach_from_locker(
            case=later, actor=later.applicant, name="别的材料", document=first.document, channel="web"
        )
    Case.objects.filter(pk=later.pk).update(state=CaseState.ACCEPTED)
    later.refresh_from_db()
    with pytest.raises(CaseError, match="不能再更改材料"):
        uploads.attach_from_locker(
            case=later, actor=later.applicant, name="食品经营许可申请书", document=first.document, channel="web"
        )


def test_a_new_file_replaces_the_old_one_for_the_same_material():
    case = submitted_case()
    uploads.attach_upload(case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web")
    uploads.attach_upload(
        case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(PNG, "b.png"), channel="web"
    )
    assert case.materials.get().document.content_type == "image/png"
    assert LockerDocument.objects.count() == 2  # both stay in the locker


def test_an_upload_whose_rows_fail_leaves_neither_file_nor_row(media, monkeypatch):
    case = submitted_case()

    def audit_fails(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("the database went away")

    monkeypatch.setattr(uploads.audit, "record", audit_fails)
    with pytest.raises(RuntimeError):
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web"
        )
    assert not LockerDocument.objects.exists() and not CaseMaterial.objects.exists()
    assert not any(media.rglob("*.*"))


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (files.PDF_THEN_HTML, "x.pdf", "网页代码"),
        (files.pdf(OpenAction=files.javascript_action()), "js.pdf", "脚本、自动动作"),
        (files.pdf(OpenAction=files.launch_action()), "launch.pdf", "脚本、自动动作"),
        (files.pdf(AA=files.javascript_action()), "aa.pdf", "脚本、自动动作"),
        (files.pdf_with_embedded_file(), "embedded.pdf", "嵌入的文件"),
        (b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "broken.pdf", "PDF 文件已损坏"),
        (files.png_bomb(), "bomb.png", "不能超过 40 百万像素"),
        (files.PNG[:40], "cut.png", "图片文件已损坏"),
        (files.image("GIF"), "a.png", "文件类型不支持"),
        (files.EICAR_PDF, "eicar.pdf", "未通过病毒检查（Eicar-Signature）"),
    ],
)
def test_whole_structure_is_checked_and_refused_files_leave_nothing(media, content, name, message):
    case = submitted_case()
    with pytest.raises(CaseError, match=re.escape(message)):
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(content, name), channel="web"
        )
    assert not LockerDocument.objects.exists() and not CaseMaterial.objects.exists()
    assert not any(media.rglob("*.*"))


def test_files_stored_in_a_transaction_go_when_it_rolls_back_and_stay_when_it_commits(media):
    from django.db import transaction

    case = submitted_case()
    with uploads.transaction_with_files():
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web"
        )
        transaction.set_rollback(True)  # e.g. the same submission arrived twice and the other one made the case
    assert not LockerDocument.objects.exists() and not any(media.rglob("*.*"))
    with pytest.raises(CaseError), uploads.transaction_with_files():
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web"
        )
        raise CaseError("a later material is missing")
    assert not LockerDocument.objects.exists() and not any(media.rglob("*.*"))
    with uploads.transaction_with_files():
        material = uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web"
        )
    assert [path.name for path in media.rglob("*.*")] == [material.document.file.name.rsplit("/", 1)[-1]]


def test_a_file_is_never_stored_outside_a_transaction_that_can_remove_it():
    with pytest.raises(RuntimeError, match="transaction_with_files"):
        uploads.store_in_locker(owner=person("bob"), name="身份证", upload=upload())


def test_image_pixel_limit_is_a_setting(settings):
    settings.CASE_UPLOAD_MAX_MEGAPIXELS = 1
    case = submitted_case()
    with pytest.raises(CaseError, match="不能超过 1 百万像素"):
        uploads.attach_upload(
            case=case,
            actor=case.applicant,
            name="食品经营许可申请书",
            upload=upload(files.image("PNG", (1001, 1000)), "big.png"),
            channel="web",
        )


@pytest.mark.parametrize(("content", "extension"), [(files.JPEG, "jpg"), (files.PNG, "png"), (files.PDF, "pdf")])
def test_stored_and_offered_under_the_extension_of_the_real_type(media, content, extension):
    case = submitted_case()
    material = uploads.attach_upload(
        case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(content, "page.html"), channel="web"
    )
    assert material.document.file.name.endswith(f".{extension}")
    assert material.document.original_name == f"page.{extension}"


def test_a_scanner_that_is_down_refuses_the_file_and_stores_nothing(media, settings):
    settings.CLAMD_PORT = free_port()
    case = submitted_case()
    with pytest.raises(uploads.FileNotCheckable, match="暂时无法检查文件，请稍后再试"):
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web"
        )
    assert not LockerDocument.objects.exists() and not any(media.rglob("*.*"))


def test_no_scanner_configured_refuses_rather_than_stores_unchecked(media, settings):
    settings.VIRUS_SCAN_PROVIDER = ""
    case = submitted_case()
    with pytest.raises(uploads.FileNotCheckable):
        uploads.attach_upload(
            case=case, actor=case.applicant, name="食品经营许可申请书", upload=upload(), channel="web"
        )
    assert not LockerDocument.objects.exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
