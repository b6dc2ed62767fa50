"""Materials: files checked by their content (not their name), stored through Django's storage API under a random
name, kept in the applicant's locker and reusable in later cases.

A file and its row live and die together: a file is stored inside `transaction_with_files()` (attach_upload opens one,
and the pages that attach several files open one around the whole submission), which removes the files stored in it
once the transaction has rolled back — after the rows are gone, never before."""

import hashlib
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from govhall.accounts.models import User
from govhall.cases import filecheck, scanning
from govhall.cases.constants import EDITABLE_STATES, FETCH_FALLBACK, TrustLevel
from govhall.cases.models import Case, CaseMaterial, LockerDocument
from govhall.cases.services import CaseError, is_exempt, required_materials
from govhall.core import audit
from govhall.organisations.access import staff_can

logger = logging.getLogger(__name__)

UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.\-（）()]+")
# The files stored in the current transaction_with_files(), to remove if it rolls back.
_stored_files: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("stored_files", default=None)


@contextmanager
def transaction_with_files() -> Iterator[None]:
    """A transaction whose stored files share its fate: every file stored in it (store_in_locker) is removed once it
    has rolled back (an exception, or transaction.set_rollback). Inside another one it simply joins it. Open it as
    the outermost transaction: a transaction around it could still roll back after it kept the files."""
    if _stored_files.get() is not None:
        with transaction.atomic():
            yield
        return
    stored: list[tuple[Storage, str]] = []
    token = _stored_files.set(stored)
    committed = False
    try:
        with transaction.atomic():
            yield
            committed = not transaction.get_rollback()
    finally:
        _stored_files.reset(token)
        if not committed:  # the rows are gone; now the files
            for storage, name in stored:
                storage.delete(name)


class FileNotCheckable(CaseError):
    """The virus scanner cannot be reached: the file is not stored; the person may try again later (503)."""


def clean_name(name: str) -> str:
    """The file's own name without any path, odd characters or excessive length (kept for display only)."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = UNSAFE.sub("_", base).strip("._") or "材料"
    return base[:100]


def with_extension(name: str, extension: str) -> str:
    """The name shown and offered on download, ending in the extension of what the file really is."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[:90] or '材料'}.{extension}"


def store_in_locker(*, owner: User, name: str, upload: UploadedFile, trust_level: str = TrustLevel.C) -> LockerDocument:
    limit = settings.CASE_UPLOAD_MAX_MB * 1024 * 1024
    if upload.size is None or upload.size > limit:
        raise CaseError(f"文件过大：单个文件不能超过 {settings.CASE_UPLOAD_MAX_MB} MB。")
    if upload.size == 0:
        raise CaseError("文件是空的，请重新选择。")
    try:
        kind = filecheck.inspect(upload)
    except filecheck.FileRefused as error:
        raise CaseError(str(error)) from error
    _scan(upload)
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    document = LockerDocument(
        owner=owner,
        name=name,
        original_name=with_extension(clean_name(upload.name or ""), kind.extension),
        content_type=kind.content_type,
        size=upload.size,
        sha256=digest.hexdigest(),
        trust_level=trust_level,
    )
    stored = _stored_files.get()
    if stored is None:
        raise RuntimeError("store_in_locker runs inside transaction_with_files(), so a rollback removes the file")
    document.file.save(f"{uuid.uuid4().hex}.{kind.extension}", ContentFile(upload.read()), save=False)
    stored.append((document.file.storage, str(document.file.name)))
    document.save()
    return document


def store_generated(*, owner: User, name: str, original_name: str, pdf: bytes, trust_level: str) -> LockerDocument:
    """Keep a PDF GovHall wrote itself (a certificate of fetched shared data) in the owner's locker; like
    store_in_locker, inside transaction_with_files() so a rollback removes the file. Not scanned: nothing came from
    outside as a file."""
    document = LockerDocument(
        owner=owner,
        name=name,
        original_name=with_extension(clean_name(original_name), "pdf"),
        content_type="application/pdf",
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        trust_level=trust_level,
    )
    stored = _stored_files.get()
    if stored is None:
        raise RuntimeError("store_generated runs inside transaction_with_files(), so a rollback removes the file")
    document.file.save(f"{uuid.uuid4().hex}.pdf", ContentFile(pdf), save=False)
    stored.append((document.file.storage, str(document.file.name)))
    document.save()
    return document


def _scan(upload: UploadedFile) -> None:
    """Refuse a file the virus scanner flags, and any file while the scanner cannot be asked."""
    try:
        upload.seek(0)
        result = scanning.scanner().scan(upload.chunks())
    except scanning.ScannerUnavailable as error:
        logger.error("Virus scanner unavailable: %s", error)
        raise FileNotCheckable("暂时无法检查文件，请稍后再试。") from error
    finally:
        upload.seek(0)
    if not result.clean:
        logger.warning("Upload refused by the virus scanner: %s", result.signature)
        raise CaseError(f"文件未通过病毒检查（{result.signature}），不能接收。请检查文件后重新上传。")


def _guide_material_names(case: Case) -> set[str]:
    return set(case.guide_version.materials.values_list("name", flat=True))


def _check_editable(case: Case, actor: User) -> str:
    """May `actor` give materials for the case now? Returns the trust level of what they give: C from the applicant,
    B from a window clerk who has seen the originals (帮办代办)."""
    if case.state not in EDITABLE_STATES:
        raise CaseError("办件已受理或已结束，不能再更改材料。")
    if actor.pk == case.applicant_id:
        return TrustLevel.C
    if getattr(actor, "is_staff_member", False) and staff_can(actor, "cases.receive", case.department):
        return TrustLevel.B
    raise CaseError("只有申请人或窗口人员可以提交材料。")


def attach_upload(*, case: Case, actor: User, name: str, upload: UploadedFile, channel: str) -> CaseMaterial:
    """Upload a file for one of the guide's materials. The file and its rows are one transaction: if the rows cannot
    be written, the stored file is removed after the rollback."""
    trust_level = _check_editable(case, actor)
    if name not in _guide_material_names(case):
        raise CaseError(f"“{name}”不是本事项要求的材料。")
    with transaction_with_files():
        document = store_in_locker(owner=case.applicant, name=name, upload=upload, trust_level=trust_level)
        return _attach(case=case, actor=actor, name=name, document=document, channel=channel)


def attach_from_locker(*, case: Case, actor: User, name: str, document: LockerDocument, channel: str) -> CaseMaterial:
    """Reuse a document the applicant gave before (the locker helper must have fetched it for this owner)."""
    _check_editable(case, actor)
    if document.owner_id != case.applicant_id:
        raise CaseError("只能使用申请人材料库中的文件。")
    if name not in _guide_material_names(case):
        raise CaseError(f"“{name}”不是本事项要求的材料。")
    return _attach(case=case, actor=actor, name=name, document=document, channel=channel)


@transaction.atomic
def _attach(*, case: Case, actor: User, name: str, document: LockerDocument, channel: str) -> CaseMaterial:
    CaseMaterial.objects.filter(case=case, name=name).delete()  # a new file replaces the old one for that material
    material = CaseMaterial.objects.create(case=case, name=name, document=document, added_by=actor)
    audit.record(
        actor=actor,
        action="cases.attach_material",
        channel=channel,
        target=case,
        detail={"material": name, "document": document.pk, "sha256": document.sha256},
    )
    return material


def missing_materials(case: Case) -> list[str]:
    """The required materials of the case (services.required_materials) not given yet, but those marked 免提交 —
    the system fetches them (cases.exemptions) — unless the fetch found nothing or failed: then the applicant is asked
    for that one."""
    given = set(case.materials.values_list("name", flat=True))
    required = required_materials(case.guide_version, case.variant_name)
    fallback = set(
        case.exempted_materials.filter(outcome__in=FETCH_FALLBACK).values_list("name", flat=True) if case.pk else []
    )
    return [
        material.name
        for material in required
        if (not is_exempt(material) or material.name in fallback) and material.name not in given
    ]
