"""Files a killed process left without a row are removed after a day; files with a row, and recent ones, stay."""

import os
import time
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from govhall.cases import uploads
from govhall.cases.tests import files
from govhall.cases.tests.factories import submitted_case

pytestmark = pytest.mark.django_db


def age(name: str, days: float) -> None:
    then = time.time() - days * 86400
    os.utime(default_storage.path(name), (then, then))


def test_only_old_files_without_a_row_are_removed():
    case = submitted_case()
    material = uploads.attach_upload(
        case=case,
        actor=case.applicant,
        name="食品经营许可申请书",
        upload=SimpleUploadedFile("a.pdf", files.PDF),
        channel="web",
    )
    kept = material.document.file.name
    orphan = default_storage.save("locker/2026/12/killed-mid-upload.pdf", ContentFile(b"%PDF-1.7"))
    recent = default_storage.save("documents/2026/12/being-written.pdf", ContentFile(b"%PDF-1.7"))
    for name in (kept, orphan):
        age(name, 2)
    out = StringIO()
    call_command("remove_orphan_files", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [orphan, "1 file(s) without a row"]
    call_command("remove_orphan_files", stdout=StringIO())
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept) and default_storage.exists(recent)
