"""The restore drill: a case with a material file and a PDF document is backed up, restored into a new database (on
PostgreSQL when the suite runs there, SQLite otherwise) and a new MEDIA_ROOT, and a separate GovHall process on the
restored database serves the case and its files byte for byte. Then what a restore refuses."""

import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from pypdf.generic import TextStringObject

from govhall.cases import documents, uploads
from govhall.cases.constants import DocumentKind
from govhall.cases.tests import files
from govhall.cases.tests.factories import submitted_case
from govhall.core.backup import MANIFEST, MEDIA_TAR, sha256_of
from govhall.core.models import AuditEvent

# A real PDF (uploads are parsed) that is unique to this run, so byte-identity means something.
MATERIAL = files.pdf(Subject=TextStringObject(secrets.token_hex(2048)))

# Fetches the case through the web layer of the restored installation and prints what it served (static files from
# the finders, as in the suite's conftest, instead of a collectstatic run).
SERVE = """
import hashlib, json
from django.test import Client, override_settings
override_settings(STORAGES={"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
                            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}).enable()
from govhall.accounts.models import User
from govhall.cases.models import Case
from govhall.core.crypto import blind_index
case = Case.objects.get(number=NUMBER)
client = Client()
client.force_login(case.applicant)
page = client.get(f"/cases/{case.number}/")
material = case.materials.get()
download = client.get(f"/cases/{case.number}/materials/{material.pk}/")
receipt = client.get(f"/cases/{case.number}/documents/receipt/")
print(json.dumps({
    "page": page.status_code,
    "number_on_page": case.number in page.content.decode(),
    "material": [download.status_code, hashlib.sha256(b"".join(download.streaming_content)).hexdigest()],
    "receipt": [receipt.status_code, hashlib.sha256(receipt.content).hexdigest()],
    "phone": case.applicant.phone,
    "found_by_phone": User.objects.get(phone_index=blind_index(case.applicant.phone)).pk == case.applicant_id,
}))
"""


def manage(*arguments: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(settings.PROJECT_DIR / "manage.py"), *arguments],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def restored_database_url(tmp_path):
    """A new, empty database of the suite's kind: govhall_ops_restore_<random> on PostgreSQL (dropped afterwards),
    a new file on SQLite."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    db = connection.settings_dict
    base = re.sub(r"^test_", "", str(db["NAME"]))
    name = f"{base}_restore_{secrets.token_hex(4)}"
    admin = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "password": db["PASSWORD"] or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    try:
        yield f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db(transaction=True)  # committed, so pg_dump (another process) sees the case
def test_restore_drill_serves_the_case_and_its_files_byte_for_byte(tmp_path, restored_database_url):
    case = submitted_case()
    uploads.attach_upload(
        case=case,
        actor=case.applicant,
        name="食品经营许可申请书",
        upload=SimpleUploadedFile("申请书.pdf", MATERIAL),
        channel="web",
    )
    receipt = documents.document_for(case, DocumentKind.RECEIPT)
    assert receipt is not None
    receipt_bytes = receipt.file.open("rb").read()
    assert receipt_bytes.startswith(b"%PDF-")

    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir))

    manifest = json.loads((backup_dir / MANIFEST).read_text())
    assert manifest["engine"] == connection.vendor
    assert len(manifest["media"]) == 2  # the material and the receipt
    assert hashlib.sha256(MATERIAL).hexdigest() in manifest["media"].values()
    assert "core.0005_key_check_values" in manifest["migrations"]
    for name, entry in manifest["files"].items():
        assert sha256_of(backup_dir / name) == entry["sha256"]

    env = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("FIELD_", "BLIND_", "DEBUG"))},
        "DATABASE_URL": restored_database_url,
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
        "GOVHALL_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(settings.PROJECT_DIR / "src"),
        "SECRET_KEY": "test-only-not-secret",
    }
    restored = manage("restore", str(backup_dir), env=env)
    assert restored.returncode == 0, restored.stderr
    assert "2 files restored, every sha256 verified" in restored.stdout

    served = manage("shell", "-c", SERVE.replace("NUMBER", repr(case.number)), env=env)
    assert served.returncode == 0, served.stderr
    result = json.loads(served.stdout.strip().splitlines()[-1])
    assert result["page"] == 200 and result["number_on_page"]
    assert result["material"] == [200, hashlib.sha256(MATERIAL).hexdigest()]
    assert result["receipt"] == [200, hashlib.sha256(receipt_bytes).hexdigest()]
    assert result["phone"] == case.applicant.phone and result["found_by_phone"]
    for name, digest in manifest["media"].items():
        assert sha256_of(tmp_path / "restored-media" / name) == digest

    # The restore itself compared the keys of the backup with the restored database; other keys are refused.
    wrong = manage("check", env={**env, "DEBUG": "true", "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode()})
    assert wrong.returncode != 0
    assert "加密密钥与数据库不匹配：FIELD_ENCRYPTION_KEYS" in wrong.stderr

    # Restoring again over it (refused without --force: test below) replaces the database, moves the old files aside.
    forced = manage("restore", "--force", str(backup_dir), env=env)
    assert forced.returncode == 0, forced.stderr
    [aside] = tmp_path.glob("restored-media.before-restore-*")
    assert sorted(p.name for p in aside.rglob("*") if p.is_file()) == sorted(
        p.name for p in (tmp_path / "restored-media").rglob("*") if p.is_file()
    )


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_damaged_backup_before_changing_anything(tmp_path):
    submitted_case()
    call_command("backup", str(tmp_path / "backup"))
    with (tmp_path / "backup" / MEDIA_TAR).open("ab") as archive:
        archive.write(b"\0")
    with pytest.raises(CommandError, match=f"{MEDIA_TAR} 的 sha256 与清单不符"):
        call_command("restore", str(tmp_path / "backup"))


@pytest.mark.django_db(transaction=True)
def test_a_restore_refuses_a_non_empty_database_and_a_newer_backup(tmp_path):
    submitted_case()
    call_command("backup", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(tmp_path / "backup"))

    manifest_path = tmp_path / "backup" / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["migrations"].append("cases.9999_from_the_future")
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="备份来自更新版本的 GovHall"):
        call_command("restore", str(tmp_path / "backup"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_goes_into_a_new_folder_and_is_audited(tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "old").write_text("x")
    with pytest.raises(CommandError, match="不是空文件夹"):
        call_command("backup", str(tmp_path / "used"))
    call_command("backup", str(tmp_path / "new"))
    assert AuditEvent.objects.filter(action="core.backup").count() == 1
    assert Path(tmp_path / "new" / MANIFEST).is_file()
